"""Writes that wait, a bounded while and saying so, when another process holds the store.

SQLite lets one process write at a time ("database is locked" once its busy timeout runs
out); PostgreSQL makes a writer wait for a row another transaction holds, and gives up with
a lock timeout, a deadlock or a serialisation failure. Before, such an error reached the
user as "Something went wrong". Here each attempt waits only a few seconds for the lock,
then the caller hears "the store is busy (another ingest is writing); waiting…" once and the
transaction is tried again from the start, until `MAX_WAIT_S` has passed; then the writer
gives up with `StoreBusy`, which names the wait. Nothing of a failed attempt is kept: each
attempt is its own transaction, rolled back whole.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from bot.core.errors import AttacheError
from bot.store.store import Store

log = logging.getLogger(__name__)

T = TypeVar("T")

BUSY_MESSAGE = "the store is busy (another ingest is writing); waiting…"
# How long one attempt waits for the write lock before the caller is told and it retries.
ATTEMPT_WAIT_S = 5.0
# How long a writer keeps trying in all before it gives up.
MAX_WAIT_S = 120.0
# PostgreSQL's codes for "gave up waiting": lock_not_available, deadlock_detected,
# serialization_failure.
_POSTGRES_BUSY = {"55P03", "40P01", "40001"}


class StoreBusy(AttacheError):
    """Another process kept the store locked for longer than a writer waits."""

    code = "store_busy"


def is_busy(exc: DBAPIError) -> bool:
    """Whether the error is the store being held by another writer, not a real failure."""
    original = exc.orig
    if getattr(original, "sqlstate", None) in _POSTGRES_BUSY:
        return True
    message = str(original).lower()
    return "database is locked" in message or "database table is locked" in message


@contextmanager
def _short_lock_wait(session: Session, seconds: float) -> Iterator[None]:
    """Make this transaction wait at most `seconds` for a lock (the engine's own wait is
    longer and silent)."""
    connection = session.connection()
    millis = max(1, int(seconds * 1000))
    if connection.dialect.name == "postgresql":
        # LOCAL: ends with the transaction, so the pooled connection is left as it was.
        connection.execute(text(f"SET LOCAL lock_timeout = {millis}"))
        yield
        return
    if connection.dialect.name != "sqlite":
        yield
        return
    before = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
    connection.exec_driver_sql(f"PRAGMA busy_timeout = {millis}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(before or 0)}")


def write_retrying(
    store: Store,
    work: Callable[[Session], T],
    *,
    on_wait: Callable[[str], None] | None = None,
) -> T:
    """Run `work` in a transaction of its own; while the store is busy, say so once
    (`on_wait`, else a warning in the log, which the command line shows) and try again.
    Any other error, and `work`'s own, propagate at once."""
    # Read when called, so a test can shorten the waits.
    attempt_wait_s, max_wait_s = ATTEMPT_WAIT_S, MAX_WAIT_S
    deadline = time.monotonic() + max_wait_s
    pause, told = 0.1, False
    while True:
        try:
            with store.transaction() as session, _short_lock_wait(session, attempt_wait_s):
                return work(session)
        except DBAPIError as exc:
            if not is_busy(exc):
                raise
            if time.monotonic() + pause > deadline:
                raise StoreBusy(
                    f"the store was still busy after {max_wait_s:.0f} s (another process is "
                    "writing); nothing was changed by this command — try it again shortly"
                ) from None
            if not told:
                (on_wait or log.warning)(BUSY_MESSAGE)
                told = True
            time.sleep(pause)
            pause = min(pause * 2, 2.0)
