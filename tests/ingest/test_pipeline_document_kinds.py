"""Transcripts, speeches and readouts through the pipeline: stored on both backends."""

from __future__ import annotations

from sqlalchemy import select

from bot.ingest.inputs import jsonl_document
from bot.ingest.pipeline import ingest_document
from bot.store.models import Document, Speaker, Statement
from bot.store.store import Store
from tests.ingest.test_extract_transcripts import (
    BRIEFING,
    BRIEFING_TITLE,
    READOUT,
    READOUT_TITLE,
    STATEMENT,
    STATEMENT_TITLE,
)


def _ingest(store: Store, title: str, text: str) -> tuple[str | None, set[str], list[str]]:
    record = {"id": title, "title": title, "text": text, "outlet": "Test Office"}
    with store.transaction() as session:
        result = ingest_document(session, store.indexer, jsonl_document(record, "t"))
    with store.reading() as session:
        kind = session.scalar(select(Document.kind).where(Document.id == result.document_id))
        rows = session.execute(select(Statement.text, Speaker.name).join(Speaker)).all()
    return kind, {name for _, name in rows}, [text for text, _ in rows]


def test_a_briefing_is_stored_as_a_transcript_under_full_names(gazetteer_store: Store) -> None:
    kind, speakers, quotes = _ingest(gazetteer_store, BRIEFING_TITLE, BRIEFING)
    assert kind == "transcript"
    assert speakers == {"Dana Rivera", "Tom Okafor"}
    assert not any("surrender" in q for q in quotes)  # a reporter's words are nobody's


def test_a_titled_statement_and_a_readout_are_stored_with_their_kind(
    gazetteer_store: Store,
) -> None:
    kind, speakers, _ = _ingest(gazetteer_store, STATEMENT_TITLE, STATEMENT)
    assert kind == "statement" and "Walter Harlan" in speakers
    kind, speakers, quotes = _ingest(gazetteer_store, READOUT_TITLE, READOUT)
    assert kind == "readout"
    assert "strongly condemned Ruritania’s missile strikes on civilian power plants" in quotes
