"""The pieces of exactly-once delivery (bot/schedule/POLICY.md) that the digest scheduler
and the review channels' notifier share: who holds a claim, which open rows a pass may
take over or must abandon, how long a failed post waits, the compare-and-set that moves a
claimed row on, and the loop of passes.

Each caller keeps its own table and its own states; a row is claimed by inserting it under
a UNIQUE key, and every later change is `conditional_update`: it applies only while the
row still carries the caller's token and the status it expects.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any, Literal, cast

from sqlalchemy import CursorResult, update
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

OWNER_LIMIT = 200  # characters of `claimed_by`
# A row in one of these is someone's unfinished delivery: claimed, mid-post, or waiting to
# try again. Every other status is final.
OPEN_STATUSES = ("claimed", "posting", "retry")


def default_owner() -> str:
    """This process as a claim's holder: host, pid and a few random characters."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def new_token() -> str:
    return uuid.uuid4().hex


def check_lease(lease: timedelta, post_timeout_s: float) -> None:
    """A lease shorter than a post could let a second process take over a live claim."""
    if lease.total_seconds() < 2 * post_timeout_s:
        raise ValueError("the lease must be at least twice the post timeout")


def retry_delay(
    attempts: int, exc: Exception, backoff: timedelta, max_backoff: timedelta
) -> timedelta:
    """Exponential backoff after the `attempts`-th failure, at least the platform's
    `retry_after` (seconds) when the exception carries one."""
    delay = min(max_backoff, backoff * 2 ** (attempts - 1))
    retry_after = getattr(exc, "retry_after", None)
    if isinstance(retry_after, int | float) and retry_after > 0:
        delay = max(delay, timedelta(seconds=float(retry_after)))
    return delay


def conditional_update(
    session: Session,
    model: Any,
    row_id: int | None,
    token: str | None,
    expected: str | None,
    **values: Any,
) -> bool:
    """Update `model`'s row `row_id` only if it still carries `token` and `expected` status.
    False means someone else changed the row first."""
    query = update(model).where(
        model.id == row_id, model.claim_token == token, model.status == expected
    )
    # An UPDATE's result is a CursorResult; Session.execute is typed as the general Result.
    result = cast(CursorResult[Any], session.execute(query.values(**values)))
    return result.rowcount == 1


def open_row_step(
    status: str,
    updated_at: datetime,
    next_attempt_at: datetime | None,
    lease: timedelta,
    now: datetime,
) -> Literal["abandon", "take"] | None:
    """What a pass may do with an open row (times in one zone): "abandon" a post whose
    holder stopped mid-post (posting it again could post it twice), "take" a claim whose
    holder stopped before posting or a retry that is due, or nothing yet."""
    stale = updated_at + lease <= now
    if status == "posting":
        return "abandon" if stale else None
    if status == "claimed":
        return "take" if stale else None
    return "take" if next_attempt_at is None or next_attempt_at <= now else None


async def run_passes(
    run_once: Callable[[], Awaitable[object]],
    *,
    tick_s: float,
    sleep: Callable[[float], Awaitable[Any]],
    what: str,
) -> None:
    """Pass after pass until cancelled, `tick_s` apart; a failing pass is logged and the
    next one runs all the same (one bad pass must not stop deliveries for good)."""
    while True:
        try:
            await run_once()
        except Exception:
            log.exception("%s pass failed; trying again in %s s", what, tick_s)
        await sleep(tick_s)
