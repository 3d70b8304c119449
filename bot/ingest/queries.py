"""The ingest package's SQL, in one place (the rule: bot/store/repo.py's docstring).

Sources (finding, listing, claiming due ones, renewing a poll's lease) and what a feed's
items were when last stored. The modules beside it work on what these return.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, or_, select, update
from sqlalchemy.orm import Session

from bot.store.models import Document, Source


def source_by_url(session: Session, url: str) -> Source | None:
    return session.scalar(select(Source).where(Source.url == url))


def polled_sources(session: Session) -> list[Source]:
    """Every source a poller reads (not the seed), by number."""
    return list(session.scalars(select(Source).where(Source.kind != "seed").order_by(Source.id)))


def detach_documents(session: Session, source_id: int) -> None:
    """A removed source's documents stay, no longer pointing at it."""
    session.execute(update(Document).where(Document.source_id == source_id).values(source_id=None))


def _due(now: datetime) -> ColumnElement[bool]:
    return or_(Source.next_poll_at.is_(None), Source.next_poll_at <= now)


def due_source_ids(session: Session, now: datetime, limit: int, *, lock: bool) -> list[int]:
    """Up to `limit` sources due at `now`, never-polled first, then longest waiting.
    `lock`: FOR UPDATE SKIP LOCKED (PostgreSQL), so pollers take disjoint sets."""
    pick = (
        select(Source.id)
        .where(Source.kind.in_(("feed", "page")), _due(now))
        .order_by(Source.next_poll_at.is_(None).desc(), Source.next_poll_at, Source.id)
        .limit(limit)
    )
    return list(session.scalars(pick.with_for_update(skip_locked=True) if lock else pick))


def claim_source(session: Session, source_id: int, now: datetime, until: datetime) -> bool:
    """Move a source's next poll to `until` if it is still due at `now` (a row another
    poller already moved is no longer due, so it is never taken twice)."""
    moved = update(Source).where(Source.id == source_id, _due(now)).values(next_poll_at=until)
    # An UPDATE's result is a CursorResult; Session.execute is typed as the general Result.
    return bool(cast(CursorResult[Any], session.execute(moved)).rowcount)


def renew_lease(session: Session, source_id: int, held_until: datetime, until: datetime) -> int:
    """Move the next poll to `until` only if it is still `held_until`, the value this
    poller's claim set (a compare-and-set); the rows changed, 0 or 1."""
    moved = (
        update(Source)
        .where(Source.id == source_id, Source.next_poll_at == held_until)
        .values(next_poll_at=until)
    )
    return cast(CursorResult[Any], session.execute(moved)).rowcount


def seen_items(session: Session, source_id: int) -> set[tuple[str | None, str | None]]:
    """(item key, item signature) of every document stored from the source."""
    rows = session.execute(
        select(Document.external_id, Document.item_signature).where(Document.source_id == source_id)
    )
    return {(key, signature) for key, signature in rows}
