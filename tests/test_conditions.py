"""Conditions as a position, across documents: `conditions ENTITY` and "what are X's
conditions?" over a store (both backends), merged into points citing every document."""

from __future__ import annotations

from datetime import date

import pytest

from adapters.console.render import render
from bot.app.dispatch import Core
from bot.cli.output import reply_json
from bot.core.types import Command, Context, Reply
from bot.store import repo
from bot.store.models import Document
from bot.store.store import Store
from tests.test_positions import CRIMEA, CRIMEA_AGAIN, ROUBLES

USER = Context(platform="test", user_id="u")

TALKS = "Russia will hold negotiations only if Kyiv accepts a neutral status"
GRAIN = "The grain corridor through the Black Sea is open to every ship"

# (speaker, words, kind, outlet, date): each from a document of its own.
SAID = [
    ("Dmitry Peskov", CRIMEA, "condition", "Reuters", date(2022, 3, 10)),
    ("Vladimir Putin", CRIMEA_AGAIN, "demand", "TASS", date(2022, 3, 12)),
    ("Vladimir Putin", TALKS, "condition", "Interfax", date(2022, 4, 1)),
    ("Vladimir Putin", ROUBLES, "demand", "Kommersant", date(2022, 5, 1)),
    ("Vladimir Putin", GRAIN, "assessment", "RIA", date(2022, 6, 1)),
]


def url(outlet: str) -> str:
    return f"https://{outlet.lower()}.example/story"


def add_said(store: Store) -> dict[str, int]:
    """SAID stored and approved (so indexed, and embedded where vectors are on): the ids by
    their words."""
    ids = {}
    with store.transaction() as session:
        made = []
        for name, words, kind, outlet, when in SAID:
            body = f"{name} said: “{words}.”"
            doc = Document(
                text=body,
                content_hash=repo.content_hash(body),
                title=f"{outlet} story",
                url=url(outlet),
                outlet=outlet,
                published=when,
            )
            session.add(doc)
            session.flush()
            speaker = repo.upsert_speaker(session, name)
            start = body.index(words)
            new = repo.NewStatement(speaker, words, start, start + len(words), kind=kind)
            st, _ = repo.add_statement(session, doc, new)
            made.append(st)
            ids[words] = st.id
        repo.set_status(session, store.indexer, made, "approved", "test")
    return ids


async def run(core: Core, name: str, text: str) -> Reply:
    return await core.handle(Command(name, text, context=USER))


@pytest.mark.parametrize("vectors", ["on", "off"])
async def test_one_condition_in_two_documents_is_one_point_citing_both(
    store: Store, vectors: str
) -> None:
    ids = add_said(store)
    if vectors == "off":
        store.vectors.use(None)  # ATTACHE_EMBEDDER=none: merged by their words alone
    core = Core(store)
    reply = await run(core, "conditions", "Russia")
    top = reply.items[0]
    # One statement's exact words, and the other statement's citation.
    assert top.text in (CRIMEA, CRIMEA_AGAIN) and top.statement_id in (
        ids[CRIMEA],
        ids[CRIMEA_AGAIN],
    )
    (other,) = top.also
    assert {top.statement_id, other.statement_id} == {ids[CRIMEA], ids[CRIMEA_AGAIN]}
    assert {top.primary_url, other.sources[0].url} == {url("Reuters"), url("TASS")}
    assert {top.speaker, other.speaker} == {"Dmitry Peskov", "Vladimir Putin"}
    assert other.date in (date(2022, 3, 10), date(2022, 3, 12))
    shown = [i.statement_id for i in reply.items] + list(reply.more)
    assert ids[CRIMEA_AGAIN if top.text == CRIMEA else CRIMEA] not in shown  # cited, not shown
    assert all(i.kind in ("condition", "demand") for i in reply.items)
    # The founding article's enumeration is about talks too: next, numbered points intact.
    assert reply.items[1].speaker == "Sergei Lavrov" and len(reply.items[1].points) == 2
    # On ending the war or holding talks before an off-topic demand, however recent.
    assert shown.index(ids[TALKS]) < shown.index(ids[ROUBLES])


async def test_ask_takes_the_same_path_and_every_renderer_cites_both(store: Store) -> None:
    ids = add_said(store)
    core = Core(store)
    reply = await run(core, "ask", "What are Russia's conditions?")
    top = reply.items[0]
    assert len(top.also) == 1 and top.statement_id in (ids[CRIMEA], ids[CRIMEA_AGAIN])
    assert reply.title.startswith("Conditions and demands stated by")
    text = render(reply)
    assert text.count(f"<{url('Reuters')}>") == 1 and text.count(f"<{url('TASS')}>") == 1
    assert "— also " in text
    (as_json,) = [s for s in reply_json(reply, text)["statements"] if s["also"]]
    assert as_json["also"][0]["sources"][0]["url"] in (url("Reuters"), url("TASS"))
    assert as_json["quote"] in (CRIMEA, CRIMEA_AGAIN)


async def test_the_seed_answer_is_unchanged_on_a_fresh_store(store: Store) -> None:
    core = Core(store)
    for command, text in (("ask", "What are Russia's conditions?"), ("conditions", "Russia")):
        reply = await run(core, command, text)
        assert reply.numbered and reply.items[0].speaker == "Sergei Lavrov"
        assert len(reply.items[0].points) == 2 and not reply.items[0].also


async def test_a_topic_asked_keeps_its_conditions_and_else_answers_as_any_question(
    store: Store,
) -> None:
    ids = add_said(store)
    core = Core(store)
    gas = await run(core, "conditions", "Russia gas")
    assert [i.statement_id for i in gas.items] == [ids[ROUBLES]]
    crimea = await run(core, "ask", "What does Putin want on Crimea?")
    assert crimea.items[0].statement_id == ids[CRIMEA_AGAIN] and not crimea.items[0].also
    # No condition of his says the topic: what he said of it answers, as for any question.
    grain = await run(core, "ask", "What does Putin want for the grain corridor?")
    assert grain.items[0].statement_id == ids[GRAIN]


async def test_a_report_carrying_the_words_twice_is_cited_once(store: Store) -> None:
    """Two stored documents that are one report (same outlet, title and link: a live blog
    fetched twice) are shown as one source, not the same line twice."""
    with store.transaction() as session:
        speaker = repo.upsert_speaker(session, "Dmitry Peskov")
        made = []
        for n in (1, 2):
            body = f"Dmitry Peskov said: “{TALKS}.” Update {n}."
            doc = Document(
                text=body,
                content_hash=repo.content_hash(body),
                title="Live blog",
                url=url("Reuters"),
                outlet="Reuters",
                published=date(2022, 4, 1),
            )
            session.add(doc)
            session.flush()
            start = body.index(TALKS)
            new = repo.NewStatement(speaker, TALKS, start, start + len(TALKS), kind="condition")
            made.append(repo.add_statement(session, doc, new)[0])
        assert made[0].id == made[1].id and len(made[0].citations) == 2
        repo.set_status(session, store.indexer, made[:1], "approved", "test")
    reply = await run(Core(store), "conditions", "Russia")
    (item,) = [i for i in reply.items if i.statement_id == made[0].id]
    assert [s.url for s in item.sources] == [url("Reuters")]
