"""Recording what the review channels should hear: the outbox (`review_notice` rows) that
bot/review/notifier.py drains. It is the store's: ingestion writes to it inside a poll's own
transaction and the review package reads it, so it sits below both (bot/layers.py).

- After each poll (`after_poll`, in the poll's own transaction: bot/ingest/sources.py
  `_record_poll`): its new pending statements as one "pending" notice for the source; the
  source's failing streak counted, and a "failing" notice when it reaches FAILING_AFTER
  polls in a row; a "recovered" notice when a source that had reached it polls again
  successfully.
- After a chat `ingest` (`after_ingest`): its new pending statements as one notice.

Each event has a key (kind, source, episode) that the table holds UNIQUE, so recording it
twice (a retried transaction, two processes) leaves one row. A failing streak's episode is
the time of the poll that reached the threshold; its recovery notice takes the same
episode, so each streak is said once, and its end once.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.store.models import ReviewNotice, Source, utcnow
from bot.text.redact import redact_credentials

# A source is "failing" (and the review channel told) after this many polls in a row failed:
# one timeout or 5xx is weather, three is a feed that has gone or changed.
FAILING_AFTER = 3
ERROR_LIMIT = 1000  # characters of the error a failing notice keeps
NAME_LIMIT = 200


class Stored(Protocol):
    """What the notices need of one ingested document (bot.ingest.pipeline.IngestResult)."""

    document_id: int | None
    duplicate: bool
    new_statements: int
    approved: int


class Polled(Protocol):
    """What the notices need of a poll's report (bot.ingest.sources.PollReport)."""

    source_id: int
    error: str | None
    documents: list


def pending_counts(results: Iterable[Stored]) -> tuple[int, int]:
    """(statements waiting for review, documents they come from) among `results`."""
    waiting = [r.new_statements - r.approved for r in results if not r.duplicate]
    return sum(n for n in waiting if n > 0), sum(1 for n in waiting if n > 0)


def after_poll(session: Session, report: Polled, now: datetime) -> None:
    """Count the source's failing streak and record what its review channels should hear.
    Runs inside the transaction that records the poll, so both hold or neither does."""
    source = session.get(Source, report.source_id)
    if source is None:
        return
    name = source_label(source)
    stamp = now.isoformat()
    if report.error is not None:
        source.consecutive_failures = (source.consecutive_failures or 0) + 1
        if source.consecutive_failures == FAILING_AFTER:
            _record(
                session,
                kind="failing",
                source_id=source.id,
                episode=stamp,
                source_name=name,
                failures=FAILING_AFTER,
                error=report.error[:ERROR_LIMIT],
            )
        return
    failed = source.consecutive_failures or 0
    source.consecutive_failures = 0
    if failed >= FAILING_AFTER:
        _record(
            session,
            kind="recovered",
            source_id=source.id,
            episode=_streak(session, source.id) or stamp,
            source_name=name,
            failures=failed,
        )
    statements, documents = pending_counts(report.documents)
    if statements:
        _record(
            session,
            kind="pending",
            source_id=source.id,
            episode=stamp,
            source_name=name,
            statements=statements,
            documents=documents,
            review_filters=f"source={source.id}",
        )


def after_ingest(session: Session, results: Sequence[Stored], who: str) -> bool:
    """A chat `ingest`'s new pending statements as one notice. True if one was recorded."""
    statements, documents = pending_counts(results)
    if not statements:
        return False
    stored = [r.document_id for r in results if not r.duplicate and r.document_id]
    # One document: its Review opens it; several (no source to filter on): the queue,
    # which shows the newest documents first.
    filters = f"document={stored[0]}" if len(stored) == 1 else ""
    _record(
        session,
        kind="pending",
        source_id=None,
        episode=uuid.uuid4().hex,
        source_name=f"Ingest by {who}"[:NAME_LIMIT],
        statements=statements,
        documents=documents,
        review_filters=filters,
    )
    return True


def source_label(source: Source) -> str:
    # A source's name defaults to its URL, which may carry a password.
    return redact_credentials(f"Source #{source.id} {source.name}")[:NAME_LIMIT]


def _streak(session: Session, source_id: int) -> str | None:
    """The episode of the source's latest failing notice: the streak now ending."""
    return session.scalar(
        select(ReviewNotice.episode)
        .where(ReviewNotice.kind == "failing", ReviewNotice.source_id == source_id)
        .order_by(ReviewNotice.id.desc())
        .limit(1)
    )


def _record(
    session: Session, *, kind: str, source_id: int | None, episode: str, **fields: object
) -> None:
    """Insert the notice unless its key is there already; the caller's transaction holds.
    Stamped with the wall clock (not the poll's `now`): a review channel hears of notices
    recorded after it was set."""
    key = (
        ReviewNotice.kind == kind,
        ReviewNotice.source_id == source_id
        if source_id is not None
        else ReviewNotice.source_id.is_(None),
        ReviewNotice.episode == episode,
    )
    if session.scalar(select(ReviewNotice.id).where(*key)) is not None:
        return
    try:
        with session.begin_nested():  # a concurrent insert of the same key: keep theirs
            session.add(
                ReviewNotice(
                    kind=kind, source_id=source_id, episode=episode, created_at=utcnow(), **fields
                )
            )
    except IntegrityError:
        pass
