"""A feed poll's bounds, and the claim (lease) a poller holds on the source it polls.

A poller claims a due source by moving its next poll `lease` ahead (sources.claim_due);
until then no other poller takes it. A poll of many slow items could outlast that and let a
second poller take the same source, so a poll is bounded in items, time and fetched bytes
(`PollLimits`, defaults in bot/ingest/limits.py, its time well inside the lease) and renews
its claim as it goes (`Lease.keep`): when half the lease has passed, the claim is moved
ahead again, only if it is still this poller's. What a poll leaves (a bound reached, or the
claim lost) waits for the next poll, which takes the items not yet stored.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.ingest import queries
from bot.ingest.limits import MAX_POLL_BYTES, MAX_POLL_ITEMS, MAX_POLL_SECONDS, megabytes
from bot.store.busy import write_retrying
from bot.store.models import utcnow
from bot.store.store import Store

# How long a poller owns a source it claimed before another may take it over.
CLAIM_LEASE = timedelta(minutes=10)


@dataclass(frozen=True)
class PollLimits:
    items: int = MAX_POLL_ITEMS
    seconds: float = MAX_POLL_SECONDS
    bytes: int = MAX_POLL_BYTES
    # The defaults end a poll well within its lease; renewal covers a slow last item, and
    # the sources a poller claimed together and polls one after another.
    lease: timedelta = CLAIM_LEASE


@dataclass
class PollBudget:
    """What one poll has spent; `exhausted` names the bound it reached, if any."""

    limits: PollLimits
    items: int = 0
    bytes: int = 0
    started: float = field(default_factory=time.monotonic)

    def fetched(self, size: int) -> None:
        self.bytes += size

    def exhausted(self) -> str | None:
        limits = self.limits
        if self.items >= limits.items:
            return f"the poll's bound of {limits.items} items"
        if time.monotonic() - self.started >= limits.seconds:
            return f"the poll's bound of {limits.seconds:g} s"
        if self.bytes >= limits.bytes:
            return f"the poll's bound of {megabytes(limits.bytes)} fetched"
        return None


@dataclass
class Lease:
    """This poller's claim on a source: its next poll moved to `until`."""

    source_id: int
    until: datetime
    length: timedelta

    def keep(self, store: Store) -> bool:
        """Renew the claim once half of it has passed; False when the source is no longer
        this poller's (another took it after the lease ran out), so the poll must stop."""
        now = utcnow()
        if self.until - now > self.length / 2:
            return True  # nobody can take it before `until`
        renewed = now + self.length

        def move(session) -> int:  # noqa: ANN001 - a Session
            # Only if next_poll_at is still the value this claim set: a compare-and-set.
            return queries.renew_lease(session, self.source_id, self.until, renewed)

        if not write_retrying(store, move):
            return False
        self.until = renewed
        return True
