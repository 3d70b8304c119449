"""`attache review next`: cards one at a time in the terminal, one key per action; through
its input stream, and through a pseudo-terminal (keys without Enter)."""

from __future__ import annotations

import io
import os
import pty
import select as io_select
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from adapters.console.review_next import review_next
from bot.app.dispatch import Core
from bot.core.types import Context
from bot.ingest.inputs import text_document
from bot.ingest.pipeline import ingest_document
from bot.store.models import AuditEntry, Statement
from bot.store.store import Store

CLI = Context(platform="cli", user_id="cli", display_name="command line", is_admin=True)
TEXT = (
    "Border news\n\nSweden's foreign minister, Ann Linde, told reporters: “Sweden will not "
    "accept any threats against our neighbours.”\n\nLinde also said: “We will keep talking "
    "to everyone who wants peace.”\n\nShe added: “Our patience has limits.”"
)


def _pending(store: Store) -> list[int]:
    with store.transaction() as session:
        ingest_document(session, store.indexer, text_document(TEXT, label="news"))
    with store.reading() as session:
        query = select(Statement.id).where(Statement.status == "pending")
        return sorted(session.scalars(query).all())


def _statuses(store: Store) -> dict[int, str]:
    with store.reading() as session:
        return {s.id: s.status for s in session.scalars(select(Statement))}


async def test_keys_approve_reject_skip_and_quit(store: Store) -> None:
    ids = _pending(store)
    assert len(ids) == 3
    out = io.StringIO()
    code = await review_next(Core(store), CLI, {}, io.StringIO("s a r q"), out)
    assert code == 0
    text = out.getvalue()
    assert "»Sweden will not accept any threats against our neighbours.«" in text
    assert "Why extracted: speech verb “told”" in text
    assert "Stopped after 3 actions." in text
    statuses = _statuses(store)
    assert sorted(statuses[i] for i in ids) == ["approved", "pending", "rejected"]
    with store.reading() as session:
        actions = [a.action for a in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions[-2:] == ["review.approve", "review.reject"]


async def test_d_approves_the_document_and_e_edits_never_the_words(store: Store) -> None:
    ids = _pending(store)
    out = io.StringIO()
    # e, then five lines (speaker, role, kind, date, points; empty keeps the value): kind
    # and date change; then d approves all three.
    keys = io.StringIO("e" + "\n" + "\n" + "offer\n" + "2024-02-01\n" + "\n" + "d q")
    await review_next(Core(store), CLI, {}, keys, out)
    text = out.getvalue()
    assert "Edited #" in text and "Approved 3 statements from this document" in text
    with store.reading() as session:
        statements = session.scalars(select(Statement).where(Statement.id.in_(ids)))
        edited = [s for s in statements if str(s.said_on) == "2024-02-01"]
    assert len(edited) == 1 and edited[0].kind == "offer"
    assert {_statuses(store)[i] for i in ids} == {"approved"}
    assert "Nothing left to review." in text


async def test_an_unknown_key_is_named_and_the_end_of_input_stops(store: Store) -> None:
    _pending(store)
    out = io.StringIO()
    assert await review_next(Core(store), CLI, {}, io.StringIO("x"), out) == 0
    assert "“x” is not a key here; use a, r, e, d, s or q." in out.getvalue()


def test_single_keys_from_a_terminal_need_no_enter(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'review.db'}"
    store = Store.open(url)
    ids = _pending(store)
    store.close()
    main, child = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "--db", url, "review", "next"],
        stdin=child,
        stdout=child,
        stderr=subprocess.PIPE,
        cwd=Path(__file__).resolve().parents[1],
    )
    os.close(child)
    seen = b""
    try:
        for key in (b"a", b"q"):  # no newline: cbreak mode reads the key alone
            seen += _read_until(main, b"[q]uit > ", seen)
            os.write(main, key)
        seen += _read_until(main, b"Stopped after", seen)
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(main)
    assert b"Stopped after 1 actions." in seen
    after = Store.open(url)
    try:
        assert sorted(_statuses(after)[i] for i in ids) == ["approved", "pending", "pending"]
    finally:
        after.close()


def _read_until(fd: int, marker: bytes, already: bytes) -> bytes:
    """Read the terminal until `marker` appears past what was already read (60 s cap: a
    failure, not a speed test)."""
    got = b""
    deadline = time.monotonic() + 60
    while marker not in got and time.monotonic() < deadline:
        ready, _, _ = io_select.select([fd], [], [], 1)
        if ready:
            try:
                got += os.read(fd, 4096)
            except OSError:
                break
    assert marker in got, (already + got)[-2000:]
    return got


def test_the_command_line_keeps_its_channel_and_prints_json(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    import json

    from bot.cli.main import main

    url = f"sqlite:///{tmp_path / 'review.db'}"
    store = Store.open(url)
    ids = _pending(store)
    store.close()
    # --json: the next card as chat would send it, for a script; nothing is acted on.
    assert main(["--db", url, "review", "next", "--json"]) == 0
    card = json.loads(capsys.readouterr().out)["card"]
    assert card["statement_id"] in ids and card["status"] == "pending"
    assert card["words"] and card["speaker"] == "Ann Linde"
    assert card["actions"][:2] == ["approve", "reject"]
    # --channel: the actions are that channel's, in the audit as in chat.
    monkeypatch.setattr(sys, "stdin", io.StringIO("a q"))
    assert main(["--db", url, "review", "next", "--channel", "slack:C9"]) == 0
    after = Store.open(url)
    try:
        assert sorted(_statuses(after)[i] for i in ids) == ["approved", "pending", "pending"]
        with after.reading() as session:
            last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert last is not None and last.action == "review.approve"
        assert last.actor.startswith("slack:")
    finally:
        after.close()
