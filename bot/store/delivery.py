"""The pieces of exactly-once delivery (bot/schedule/POLICY.md) that the digest scheduler
and the review channels' notifier share: who holds a claim, how long a failed post waits,
and the compare-and-set that moves a claimed row on.

Each caller keeps its own table and its own states; a row is claimed by inserting it under
a UNIQUE key, and every later change is `conditional_update`: it applies only while the
row still carries the caller's token and the status it expects.
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, update
from sqlalchemy.orm import Session

OWNER_LIMIT = 200  # characters of `claimed_by`


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
