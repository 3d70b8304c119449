"""Audit gaps (issue 17, item 5): every stored document has its audit row even when the
batch that stored it crashed or was killed, and refused admin attempts are audited (who,
which command, refused) and logged."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.app.dispatch import Core
from bot.core.types import Command, Context
from bot.ingest.batch import ingest_inputs
from bot.ingest.inputs import text_document
from bot.ingest.pipeline import DocumentInput
from bot.store.models import AuditEntry, Document
from bot.store.store import Store
from tests.conftest import CORPUS

USER = Context(platform="test", workspace="w1", user_id="someone")


def speech(n: int) -> DocumentInput:
    text = (
        f"Talks, day {n}\n\nFinland's prime minister, Sanna Marin, told reporters: “Round {n} "
        "ended without an agreement, but we will continue.”\n"
    )
    return text_document(text, label=f"speech-{n}")


def documents_without_audit(store: Store) -> list[int]:
    """The ingested documents (the seed's have a source) with no `ingest.document` row."""
    with store.reading() as session:
        ids = set(session.scalars(select(Document.id).where(Document.source_id.is_(None))))
        audited = {
            int(target.removeprefix("document:"))
            for target in session.scalars(
                select(AuditEntry.target).where(AuditEntry.action == "ingest.document")
            )
        }
    return sorted(ids - audited)


def seed_documents(store: Store) -> int:
    with store.reading() as session:
        return session.scalar(select(func.count(Document.id))) or 0


def test_a_batch_that_crashes_leaves_an_audit_row_per_stored_document(store: Store) -> None:
    before = seed_documents(store)

    def inputs() -> Iterator[DocumentInput]:
        yield speech(1)
        yield speech(2)
        raise RuntimeError("the batch crashed here")

    with pytest.raises(RuntimeError):
        ingest_inputs(store, inputs(), auto_approve=False, actor="cli")
    with store.reading() as session:
        stored = session.scalars(select(Document.id).order_by(Document.id)).all()[before:]
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "ingest.document")
        ).all()
    assert len(stored) == 2
    assert sorted(r.target for r in rows) == sorted(f"document:{i}" for i in stored)
    assert all(r.actor == "cli" and r.details["statements"] >= 1 for r in rows)
    assert {r.details["label"] for r in rows} == {"speech-1", "speech-2"}


def test_a_batch_killed_midway_leaves_every_stored_document_audited(tmp_path: Path) -> None:
    """kill -9 an `attache ingest` of a corpus file once it has stored a few documents."""
    source = CORPUS / "news" / "guardian-nato-2022.jsonl"
    lines = source.read_text(encoding="utf-8").splitlines()[:60]
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    store = Store.open(url)
    first = seed_documents(store)
    env = {**os.environ, "ATTACHE_DATABASE_URL": url}
    child = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "ingest", str(batch)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 300
        while seed_documents(store) < first + 3 and time.monotonic() < deadline:
            assert child.poll() is None, "the ingest ended before it could be killed"
            time.sleep(0.05)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        assert first + 3 <= seed_documents(store) < first + len(lines)  # killed part-way
        assert documents_without_audit(store) == []
        # Each row is the document's: written in its transaction, not once at the end.
        with store.reading() as session:
            assert not session.scalar(
                select(AuditEntry.id).where(AuditEntry.action == "ingest.files")
            )
    finally:
        if child.poll() is None:
            child.kill()
        store.close()


async def test_a_refused_admin_command_is_audited_and_logged(store: Store, caplog) -> None:
    core = Core(store)
    with caplog.at_level(logging.WARNING, logger="bot.app.dispatch"):
        reply = await core.handle(Command("review", "list", context=USER))
    assert reply.is_error and reply.error_code == "permission_denied"
    with store.reading() as session:
        (row,) = session.scalars(select(AuditEntry).where(AuditEntry.action == "refused")).all()
    assert (row.actor, row.target) == ("test:w1:someone", "review")
    assert row.details == {"asked": "review", "outcome": "refused"}
    assert "refused review to test:w1:someone" in caplog.text


async def test_a_refused_admin_action_is_audited_and_logged(store: Store, caplog) -> None:
    core = Core(store)
    with caplog.at_level(logging.WARNING, logger="bot.app.dispatch"):
        reply = await core.handle(
            Command("sources", "add https://example.org/feed.xml", context=USER)
        )
        listed = await core.handle(Command("sources", "list", context=USER))
    assert reply.is_error and "admins only" in reply.title
    assert not listed.is_error  # anyone may list: nothing refused, nothing audited
    with store.reading() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.action == "refused")).all()
    assert [(r.actor, r.target, r.details["asked"]) for r in rows] == [
        ("test:w1:someone", "sources", "sources add")
    ]
    assert "refused sources add to test:w1:someone" in caplog.text
