"""Each Slack event answered once, however often Slack delivers it.

Slack redelivers an event it thinks failed (`X-Slack-Retry-Num`: a slow acknowledgement, a
deploy, a lost connection) with the same `event_id`, possibly to another process behind the
load balancer. The first delivery to claim the id in the store answers; later ones are
dropped. The claim is its own transaction, committed before any answering starts.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from bot.store import repo
from bot.store.models import utcnow
from bot.store.store import Store

log = logging.getLogger(__name__)

# Slack retries within minutes (three times, up to ~5 minutes apart); a day is ample.
KEEP_EVENTS = timedelta(days=1)
# Pruning is a range delete on an index; once in ten minutes per process keeps it cheap.
PRUNE_EVERY_S = 600.0


class EventLog:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._pruned_at: float | None = None

    def first_delivery(self, event_id: str | None) -> bool:
        """True when this delivery should be answered: its event id was not seen before.

        An event without an id, or a store that cannot be reached, is answered: a rare
        duplicate is better than a lost answer."""
        if not event_id:
            return True
        try:
            with self.store.transaction() as session:
                claimed = repo.claim_event(session, event_id)
            self._prune()
        except Exception:
            log.exception("could not record Slack event %s; answering it anyway", event_id)
            return True
        if not claimed:
            log.info("Slack event %s was delivered again; already answered", event_id)
        return claimed

    def _prune(self) -> None:
        now = time.monotonic()
        if self._pruned_at is not None and now - self._pruned_at < PRUNE_EVERY_S:
            return
        self._pruned_at = now
        with self.store.transaction() as session:
            repo.prune_events(session, utcnow() - KEEP_EVENTS)
