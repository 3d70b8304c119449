"""Whole statements: a quoted fragment is stored and shown inside the sentence carrying it,
and each document keeps its kind (review shows it beside the source).

Every text here is written for these tests.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date

from sqlalchemy import select, update

from adapters.console.render import UNDERLINE
from adapters.console.render import render as console
from adapters.discord.render import render as discord
from adapters.slack.render import render as slack
from bot.app.dispatch import Core
from bot.cli import main
from bot.cli.output import reply_json
from bot.core.shorten import ELLIPSIS, around
from bot.core.types import Command, Context, Reply, SourceRef, StatementItem
from bot.ingest.extract import KINDS
from bot.ingest.inputs import text_document
from bot.ingest.pipeline import ingest_document
from bot.schedule.digest import TEXT_LIMIT, compose
from bot.schedule.filters import Filters
from bot.store import repo
from bot.store.models import Document, Statement
from bot.store.store import Store
from tests.discord.test_discord_answers import assert_within_discord_limits
from tests.schedule.conftest import approve, neutralise_seeds, utc
from tests.slack.test_render import assert_within_limits as assert_within_slack_limits

ADMIN = Context(platform="test", user_id="admin-1", is_admin=True)
SENTENCE = (
    "Putin described measures designed to cripple his country’s economy as “akin to an act of war”."
)
QUOTE = "akin to an act of war"
ARTICLE = (
    "Sanctions\n\nVladimir Putin, the Russian president, spoke on Saturday. "
    f"{SENTENCE}\n\n“We will never accept these terms and we will answer them,” Putin said."
)
WHOLE = "We will never accept these terms and we will answer them"


def ingest(store: Store, text: str, label: str = "t", approve_all: bool = False):
    with store.transaction() as session:
        return ingest_document(
            session, store.indexer, text_document(text, label=label), auto_approve=approve_all
        )


def statement(session, words: str) -> Statement:
    return session.scalars(select(Statement).where(Statement.text == words)).one()


# --- store -------------------------------------------------------------------------------


def test_the_pipeline_stores_the_sentence_and_the_documents_kind(store: Store) -> None:
    result = ingest(store, ARTICLE)
    assert result.kind in KINDS
    with store.reading() as session:
        document = session.get(Document, result.document_id)
        assert document.kind == result.kind
        fragment = statement(session, QUOTE)
        assert fragment.speaker.name == "Vladimir Putin"
        assert fragment.sentence == SENTENCE
        at = fragment.sentence_offset
        assert fragment.sentence[at : at + len(QUOTE)] == QUOTE
        # The sentence is the source's, as written: an exact substring of the document.
        assert fragment.sentence in document.text
        whole = statement(session, WHOLE)
        assert whole.sentence is None and whole.sentence_offset is None


def test_the_same_words_from_another_document_keep_the_first_sentence(store: Store) -> None:
    ingest(store, ARTICLE, "first")
    again = (
        "More sanctions\n\nVladimir Putin, the Russian president, spoke again on Monday. "
        "He described the new restrictions as “akin to an act of war” as well."
    )
    ingest(store, again, "second")
    with store.reading() as session:
        fragment = statement(session, QUOTE)
        assert len(fragment.citations) == 2
        assert fragment.sentence == SENTENCE


def test_a_later_sentence_fills_words_first_found_alone(store: Store) -> None:
    with store.transaction() as session:
        speaker = repo.upsert_speaker(session, "Pat Example")
        alone = "Pat Example said:\n\n“utterly unacceptable”"
        carried = "Pat Example called the plan “utterly unacceptable” on Monday."
        ids = []
        for body, sentence in ((alone, None), (carried, carried), (carried + " Again.", "x")):
            doc = Document(text=body, content_hash=repo.content_hash(body))
            session.add(doc)
            session.flush()
            start = body.index("utterly")
            new = repo.NewStatement(
                speaker,
                "utterly unacceptable",
                start,
                start + 20,
                sentence=sentence,
                sentence_offset=start if sentence else None,
            )
            st, _ = repo.add_statement(session, doc, new)
            ids.append(st.id)
        assert len(set(ids)) == 1
    with store.reading() as session:
        st = session.get(Statement, ids[0])
        # The first sentence found is kept; one that does not hold the words is never stored.
        assert st.sentence == carried and st.sentence_offset == carried.index("utterly")
        assert len(st.citations) == 3


# --- ask --json ----------------------------------------------------------------------------


async def test_ask_json_gives_each_statements_sentence(store: Store) -> None:
    ingest(store, ARTICLE, approve_all=True)
    core = Core(store)
    reply = await core.handle(
        Command("ask", "What did Putin say about an act of war?", context=ADMIN)
    )
    assert reply.answered
    payload = reply_json(reply, console(reply))
    by_quote = {s["quote"]: s for s in payload["statements"]}
    assert by_quote[QUOTE]["sentence"] == SENTENCE
    assert by_quote[QUOTE]["sentence_offset"] == SENTENCE.index(QUOTE)
    assert all("sentence" in s for s in payload["statements"])
    if WHOLE in by_quote:
        assert by_quote[WHOLE]["sentence"] is None
    assert SENTENCE in payload["text"]  # shown inside its sentence, as written


def test_ask_json_on_the_command_line(capsys, tmp_path) -> None:
    article = tmp_path / "sanctions.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    db = str(tmp_path / "cli.sqlite3")
    assert main(["--db", db, "ingest", "--approve", str(article)]) == 0
    capsys.readouterr()
    assert main(["--db", db, "ask", "--json", "What did Putin say about an act of war?"]) == 0
    payload = json.loads(capsys.readouterr().out)
    statements = payload["statements"]
    assert statements and all("sentence" in s for s in statements)
    assert {s["quote"]: s["sentence"] for s in statements}[QUOTE] == SENTENCE


def test_extract_json_rows_carry_the_sentence_and_the_document_kind(capsys, tmp_path) -> None:
    article = tmp_path / "sanctions.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    assert main(["--db", str(tmp_path / "x.sqlite3"), "extract", "--json", str(article)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    by_quote = {r["quote"]: r for r in rows}
    assert by_quote[QUOTE]["sentence"] == SENTENCE
    assert by_quote[WHOLE]["sentence"] is None
    assert {r["document_kind"] for r in rows} <= set(KINDS) and len(rows) >= 2


# --- renderers ---------------------------------------------------------------------------

WIRE = SourceRef(outlet="Example Wire", url="https://example.org/story", document_kind="speech")


def item(sentence: str | None = SENTENCE, text: str = QUOTE, **fields) -> StatementItem:
    values = dict(
        statement_id=7,
        speaker="Vladimir Putin",
        role="President",
        entity="Russia",
        text=text,
        direct=True,
        kind=None,
        date=date(2022, 3, 5),
        sources=(WIRE,),
        sentence=sentence,
        sentence_offset=sentence.index(text) if sentence else None,
    )
    values.update(fields)
    return StatementItem(**values)


def descriptions(reply: Reply) -> list[str]:
    return [e["description"] for m in discord(reply) for e in m.embeds if "description" in e]


def sections(reply: Reply) -> list[str]:
    return [b["text"]["text"] for m in slack(reply) for b in m["blocks"] if b["type"] == "section"]


def test_console_shows_the_sentence_as_written_and_underlines_the_quote_on_a_terminal() -> None:
    reply = Reply(title="What Vladimir Putin said", items=(item(),))
    plain = console(reply)
    assert SENTENCE in plain and f"“{SENTENCE}”" not in plain
    on, off = UNDERLINE
    assert f"as “{on}{QUOTE}{off}”." in console(reply, underline=True)
    alone = console(Reply(title="Said", items=(item(sentence=None),)))
    assert f"“{QUOTE}”" in alone and "Putin described measures" not in alone


def test_discord_bolds_the_quote_inside_its_sentence_and_escapes_the_rest() -> None:
    sentence = "Putin_said *measures* were “akin to an act of war”."
    (description,) = descriptions(Reply(title="Said", items=(item(sentence),)))
    assert description == "Putin\\_said \\*measures\\* were “**akin to an act of war**”."
    (alone,) = descriptions(Reply(title="Said", items=(item(sentence=None),)))
    assert alone == f"“{QUOTE}”"


def test_slack_bolds_the_quote_inside_its_sentence_and_escapes_the_rest() -> None:
    sentence = "Putin told <!channel> & <@U123> measures were “akin to an act of war”."
    reply = Reply(title="Said", items=(item(sentence),))
    words = sections(reply)[1]
    assert words == (
        "Putin told &lt;!channel&gt; &amp; &lt;@U123&gt; measures were “*akin to an act of war*”."
    )
    assert sections(Reply(title="Said", items=(item(sentence=None),)))[1] == f"“{QUOTE}”"


def test_a_long_sentence_loses_context_not_quote_within_every_limit() -> None:
    context = "and the reporter went on at some length about the markets, " * 120
    sentence = f"Putin said, {context}that measures were “akin to an act of war”, {context}."
    items = tuple(dataclasses.replace(item(sentence), statement_id=n) for n in range(12))
    reply = Reply(title="What was said", items=items)
    for message in discord(reply):
        assert_within_discord_limits({"content": message.content, "embeds": list(message.embeds)})
    for description in descriptions(reply):
        assert "“**akin to an act of war**”," in description
        # The words nearest the quote stay: a window around it, cut at words.
        assert description.startswith(ELLIPSIS) and description.endswith(ELLIPSIS)
    messages = slack(reply)
    assert_within_slack_limits(messages)
    quoted = [s for s in sections(reply) if "*akin to an act of war*" in s]
    assert len(quoted) == 12 and all(len(s) <= 3000 and ELLIPSIS in s for s in quoted)


def test_around_keeps_the_quote_and_its_marks_and_cuts_at_words() -> None:
    before, words, after = "Putin said the measures were “", QUOTE, "”, he added on Saturday."
    assert around(before, words, after, lambda *p: True) == (before, words, after)
    cut = around(before, words, after, lambda *p: sum(map(len, p)) <= 45)
    assert cut is not None and cut[1] == QUOTE and sum(map(len, cut)) <= 45
    assert cut[0].endswith("“") and cut[2].startswith("”")
    assert cut[0] == ELLIPSIS + before[len(before) - len(cut[0]) + 1 :]  # whole words kept
    assert around(before, words, after, lambda *p: sum(map(len, p)) <= len(QUOTE)) is None


def test_review_shows_each_documents_kind_beside_its_source() -> None:
    reply = Reply(title="1 pending statement", items=(item(),), show_ids=True)
    assert "Source: speech · Example Wire <https://example.org/story>" in console(reply)
    fields = [f["value"] for m in discord(reply) for e in m.embeds for f in e["fields"]]
    assert any(v.startswith("speech · Example Wire") for v in fields)
    contexts = [
        e["text"]
        for m in slack(reply)
        for b in m["blocks"]
        if b["type"] == "context"
        for e in b["elements"]
    ]
    assert any("speech · Example Wire" in c for c in contexts)
    # Answers do not: the kind is review's business.
    assert "speech ·" not in console(dataclasses.replace(reply, show_ids=False))


async def test_review_list_of_an_ingested_document(store: Store) -> None:
    result = ingest(store, ARTICLE)
    reply = await Core(store).handle(Command("review", "list", context=ADMIN))
    fragment = next(i for i in reply.items if i.text == QUOTE)
    assert fragment.sentence == SENTENCE
    assert {s.document_kind for s in fragment.sources} == {result.kind}
    text = console(reply)
    assert f"{result.kind} · " in text and SENTENCE in text


# --- digests -----------------------------------------------------------------------------


def test_a_digest_shows_the_quote_in_its_sentence_shortened_around_it(store: Store) -> None:
    neutralise_seeds(store)
    context = "the reporter wrote at length about the markets and the rouble, " * 10
    sentence = f"Putin said {context}that the measures were “{QUOTE}” in Moscow."
    st_id = approve(store, "Vladimir Putin", QUOTE, utc(2024, 5, 1, 10))
    with store.transaction() as session:
        session.execute(
            update(Statement)
            .where(Statement.id == st_id)
            .values(sentence=sentence, sentence_offset=sentence.index(QUOTE))
        )
    with store.reading() as session:
        digest = compose(session, since=utc(2024, 5, 1), until=utc(2024, 5, 2), filters=Filters())
    (shown,) = digest.reply().items
    parts = shown.in_sentence
    assert parts is not None and parts[1] == QUOTE and shown.text == QUOTE
    assert len(shown.sentence) <= TEXT_LIMIT and ELLIPSIS in shown.sentence
    assert shown.sentence.endswith("” in Moscow.")
    # The first section is the story's heading; the item follows it.
    assert f"“*{QUOTE}*”" in sections(digest.reply())[2]
