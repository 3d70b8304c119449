"""What a digest shows: the period's key statements, by story and by side (issue 19)."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta

from sqlalchemy import select, update

from bot.cli import main as cli_main
from bot.schedule.digest import compose
from bot.schedule.filters import Filters
from bot.schedule.periods import utc_now
from bot.store import repo
from bot.store.models import Citation, Document, Statement
from bot.store.store import Store
from tests.schedule.conftest import approve, neutralise_seeds, utc

LAST = utc(2024, 5, 1, 9)
NEXT = utc(2024, 5, 2, 9)
AT = utc(2024, 5, 1, 12)


def said(
    store: Store,
    speaker: str,
    words: str,
    *,
    kind: str | None = None,
    role: str | None = None,
    title: str | None = None,
    sentence: str | None = None,
    at=AT,
) -> int:
    """A statement approved in the period, with the kind, role, report title and sentence
    its extraction would have stored."""
    st_id = approve(store, speaker, words, at)
    with store.transaction() as session:
        values: dict[str, object] = {"kind": kind}
        if role:
            values["role"] = role
        if sentence:
            values.update(sentence=sentence, sentence_offset=sentence.index(words))
        session.execute(update(Statement).where(Statement.id == st_id).values(**values))
        if title:
            doc_ids = select(Citation.document_id).where(Citation.statement_id == st_id)
            session.execute(update(Document).where(Document.id.in_(doc_ids)).values(title=title))
    return st_id


def cite_again(store: Store, st_id: int, outlet: str) -> None:
    """The same words carried by one more document of another outlet."""
    with store.transaction() as session:
        body = f"Reprint {uuid.uuid4().hex}"
        doc = Document(
            text=body,
            content_hash=repo.content_hash(body),
            title=f"Reprint in {outlet}",
            outlet=outlet,
            url=f"https://{outlet.lower().replace(' ', '')}.example/{uuid.uuid4().hex[:6]}",
        )
        session.add(doc)
        session.flush()
        session.add(Citation(statement_id=st_id, document_id=doc.id, start=0, end=5, via=[]))


def digest(store: Store, **kwargs):
    with store.reading() as session:
        return compose(session, since=LAST, until=NEXT, filters=Filters(), **kwargs)


TALKS = "Istanbul talks on neutrality"


def background(store: Store, topics: list[tuple[str, str, str]]) -> None:
    """Officials of four sides on other topics, one story per topic: the rest of a day."""
    verbs = {
        "Sergei Lavrov": "Moscow rejects",
        "Dmytro Kuleba": "Kyiv demands",
        "Antony Blinken": "Washington supports",
        "Jens Stoltenberg": "Allies discussed",
    }
    for a, b, c in topics:
        for speaker, verb in verbs.items():
            said(store, speaker, f"{verb} the {a} {b} plan for {c}.", title=f"Talks on {a}")


OTHER_TOPICS = [
    ("sanctions", "banks", "oligarchs"),
    ("prisoners", "exchange", "Azovstal"),
    ("gas", "pipeline", "roubles"),
    ("nuclear", "reactor", "Zaporizhzhia"),
    ("mines", "minefields", "harbours"),
    ("grain", "corridor", "Odesa"),
    ("neutrality", "guarantees", "treaty"),
]


def test_a_story_gathers_an_offer_and_the_replies_officials_first_grouped_by_side(
    sched_store,
) -> None:
    background(sched_store, OTHER_TOPICS[:3])
    offer = said(
        sched_store,
        "Sergei Lavrov",
        "Moscow is ready to resume the Istanbul talks if Kyiv accepts neutrality.",
        kind="offer",
        title=TALKS,
    )
    cite_again(sched_store, offer, "Reuters")  # carried more widely than the reply
    reply = said(
        sched_store,
        "Dmytro Kuleba",
        "Kyiv will not accept neutrality as a condition for the Istanbul talks.",
        kind="rejection",
        title="Kuleba rejects neutrality condition for Istanbul talks",
    )
    analyst = said(
        sched_store,
        "Jane Roe",
        "The Istanbul talks on neutrality are going nowhere, in my view.",
        kind="assessment",
        role="military analyst",
        title=TALKS,
    )
    witness = said(
        sched_store,
        "Olena Petrenko",
        "The silos at the Izmail docks stood empty all morning.",
        role="dock worker and witness",
        title="Izmail docks idle",
    )

    found = digest(sched_store, stories=10)

    assert found.total == 16
    talks = next(s for s in found.stories if offer in {i.statement_id for i in s.items})
    assert talks.heading == TALKS  # the title of the document reporting most of it
    assert [i.statement_id for i in talks.items] == [offer, reply]
    assert talks.sides == ("Russia", "Ukraine")
    assert talks.statements == 3  # the analyst's words are in the story, not shown
    assert analyst not in {i.statement_id for i in found.items}  # an official covers it
    # Nothing official covers the docks: the witness is shown, after every official story.
    assert [i.statement_id for i in found.stories[-1].items] == [witness]
    items = found.reply().items
    number = found.stories.index(talks) + 1
    assert [i.group for i in items if i.statement_id in (offer, reply)] == [
        f"{number}. {TALKS} — Russia",
        f"{number}. {TALKS} — Ukraine",
    ]
    assert items[-1].group == f"{len(found.stories)}. Izmail docks idle — Other"


def test_significance_orders_stories_by_office_kind_spread_and_novelty(sched_store) -> None:
    # Earlier, before the period: Peskov's usual line.
    said(
        sched_store,
        "Dmitry Peskov",
        "Washington has a deciding vote in these negotiations.",
        title="Peskov on Washington",
        at=utc(2024, 4, 20, 12),
    )
    repeated = said(
        sched_store,
        "Dmitry Peskov",
        "Washington has the deciding vote in the negotiations.",
        title="Peskov again on Washington",
    )
    new_condition = said(
        sched_store,
        "Sergei Lavrov",
        "Sanctions relief must come before any ceasefire is signed.",
        kind="condition",
        title="Lavrov sets sanctions condition",
    )
    widely = said(
        sched_store,
        "Antony Blinken",
        "Grain exports through the Black Sea must resume this summer.",
        kind="demand",
        title="Blinken on Black Sea grain",
    )
    cite_again(sched_store, widely, "Reuters")
    cite_again(sched_store, widely, "AP")

    order = [story.items[0].statement_id for story in digest(sched_store).stories]

    # A demand carried by three outlets, then a new condition, then a repetition.
    assert order == [widely, new_condition, repeated]


def test_fragments_are_shown_in_their_sentence_or_not_at_all_and_same_words_once(
    sched_store,
) -> None:
    sentence = "Zelenskyy said Ukraine was “ready to discuss neutrality” at the next round."
    in_sentence = said(
        sched_store,
        "Volodymyr Zelenskyy",
        "ready to discuss neutrality",
        kind="offer",
        sentence=sentence,
        title="Zelenskyy on neutrality",
    )
    broken = said(
        sched_store, "Volodymyr Zelenskyy", "of the talks, while", title="Zelenskyy on talks"
    )
    once = said(
        sched_store,
        "Ursula von der Leyen",
        "Europe stands with Ukraine on neutrality and security guarantees.",
        title="Zelenskyy on neutrality",
    )
    twice = said(
        sched_store,
        "Ursula von der Leyen",
        "Europe stands with Ukraine on neutrality and security guarantees!",
        title="Zelenskyy on neutrality",
    )

    found = digest(sched_store)
    shown = {i.statement_id: i for i in found.items}

    assert found.total == 4
    assert broken not in shown
    assert shown[in_sentence].in_sentence is not None
    assert shown[in_sentence].sentence == sentence
    assert len({once, twice} & set(shown)) == 1


def test_stories_and_statements_per_story_are_capped(sched_store) -> None:
    background(sched_store, OTHER_TOPICS)

    found = digest(sched_store, stories=6, per_story=3)

    assert found.total == 28
    assert len(found.stories) == 6
    assert all(len(s.items) == 3 and len(s.sides) == 3 for s in found.stories)
    assert all(s.heading.startswith("Talks on ") for s in found.stories)
    assert found.reply().notices[0].startswith(f"And {28 - 18} more")


def test_digest_json_prints_since_until_total_and_stories_with_ask_fields(tmp_path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'digest.sqlite3'}"
    store = Store.open(url)
    neutralise_seeds(store)
    said(
        store,
        "Sergei Lavrov",
        "Moscow is ready to resume the Istanbul talks if Kyiv accepts neutrality.",
        kind="offer",
        title=TALKS,
        at=utc_now() - timedelta(hours=1),
    )
    store.close()

    assert cli_main(["--db", url, "digest", "--since", "24h", "--json"]) == 0

    printed = json.loads(capsys.readouterr().out)
    assert set(printed) == {"since", "until", "total", "stories"}
    assert printed["total"] == 1
    assert datetime.fromisoformat(printed["until"]) - datetime.fromisoformat(
        printed["since"]
    ) == timedelta(hours=24)
    (story,) = printed["stories"]
    assert story["heading"] == TALKS
    (statement,) = story["statements"]
    ask_fields = {"id", "speaker", "role", "entity", "quote", "kind", "date", "outlet", "url"}
    assert ask_fields <= set(statement)
    assert statement["speaker"] == "Sergei Lavrov" and statement["kind"] == "offer"
    assert statement["entity"] == "Russia" and statement["url"].startswith("https://")
