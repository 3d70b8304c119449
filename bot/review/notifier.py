"""The review channels' notifier: posts each recorded notice (bot/store/outbox.py) once in
every review channel set before it was recorded, through the platform posters that
`attache serve` runs (the digest scheduler's).

Delivery follows the digests' policy (bot/schedule/POLICY.md): inserting the (notice,
channel) row into `review_notice_post` is the claim, so of any number of notifiers sharing
the database exactly one posts it. The row then moves claimed -> posting -> posted, every
change conditional on the claim's token. A post that raised is retried with backoff, then
`failed`; a claim whose holder died before posting is taken over after the lease; a row
left in `posting` (the holder died or timed out mid-post, the platform may have it) is
marked `unknown` and never posted again: a notice may be lost, never shown twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError, OperationalError

from bot.core.poster import Poster
from bot.core.review_notice import ReviewNotice
from bot.core.types import Reply
from bot.review import queries
from bot.review.channel import channel_ref
from bot.store.delivery import (
    OPEN_STATUSES,
    OWNER_LIMIT,
    check_lease,
    conditional_update,
    default_owner,
    new_token,
    open_row_step,
    retry_delay,
    run_passes,
)
from bot.store.models import ReviewChannel, ReviewNoticePost, utcnow
from bot.store.models import ReviewNotice as NoticeRow
from bot.store.store import Store

log = logging.getLogger(__name__)

TICK_S = 15.0


@dataclass(frozen=True)
class Outcome:
    """What one pass did with one notice in one channel: posted, retry, failed, unknown,
    lost (another notifier has it) or error (this pass could not record it)."""

    notice_id: int
    channel_id: int
    status: str
    detail: str = ""


@dataclass(frozen=True)
class _Task:
    action: str  # claim, reclaim, abandon
    notice_id: int
    channel_id: int
    row_id: int | None = None
    token: str | None = None
    status: str | None = None
    attempts: int = 0


def notice_reply(row: NoticeRow) -> Reply:
    notice = ReviewNotice(
        kind=row.kind,
        subject=row.source_name,
        statements=row.statements,
        documents=row.documents,
        failures=row.failures,
        error=row.error,
        review_filters=row.review_filters,
    )
    return Reply(title=notice.headline, lines=notice.details, notice=notice, to_channel=True)


class ReviewNotifier:
    def __init__(
        self,
        store: Store,
        posters: Mapping[str, Poster],
        *,
        clock: Callable[[], datetime] = utcnow,
        owner: str | None = None,
        lease: timedelta = timedelta(minutes=10),
        post_timeout_s: float = 60.0,
        max_attempts: int = 5,
        backoff: timedelta = timedelta(minutes=1),
        max_backoff: timedelta = timedelta(minutes=30),
        tick_s: float = TICK_S,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        check_lease(lease, post_timeout_s)
        self.store = store
        self.posters = dict(posters)
        self.clock = clock
        self.owner = (owner or default_owner())[:OWNER_LIMIT]
        self.lease = lease
        self.post_timeout_s = post_timeout_s
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.tick_s = tick_s
        self.sleep = sleep

    async def run_forever(self) -> None:
        if not self.posters:
            log.info("no running adapter can post review notices; the notifier stays idle")
            await asyncio.Event().wait()
        await run_passes(self.run_once, tick_s=self.tick_s, sleep=self.sleep, what="review notices")

    async def run_once(self, now: datetime | None = None) -> list[Outcome]:
        now = now or self.clock()
        outcomes = []
        for task in self.find_due(now):
            try:
                outcomes.append(await self._process(task, now))
            except OperationalError as exc:  # e.g. SQLite busy: the row says where it stood
                log.warning("review notice %s: %s", task.notice_id, exc)
                outcomes.append(Outcome(task.notice_id, task.channel_id, "error", str(exc)))
        return outcomes

    # --- finding work (reads only) ------------------------------------------------------

    def find_due(self, now: datetime) -> list[_Task]:
        if not self.posters:
            return []
        tasks: list[_Task] = []
        with self.store.reading() as session:
            channels = queries.review_channels_on(session, self.posters)
            ids = [c.id for c in channels]
            for row in queries.open_posts(session, OPEN_STATUSES, ids):
                task = self._review_open(row, now)
                if task is not None:
                    tasks.append(task)
            for channel in channels:
                fresh = queries.unposted_notices(session, channel)
                tasks += [_Task("claim", notice_id, channel.id) for notice_id in fresh]
        return tasks

    def _review_open(self, row: ReviewNoticePost, now: datetime) -> _Task | None:
        # The row as a task to take over; abandoning it differs only in its action.
        base = _Task(
            "reclaim",
            notice_id=row.notice_id,
            channel_id=row.channel_id,
            row_id=row.id,
            token=row.claim_token,
            status=row.status,
            attempts=row.attempts,
        )
        step = open_row_step(row.status, row.updated_at, row.next_attempt_at, self.lease, now)
        if step is None:
            return None
        return replace(base, action="abandon") if step == "abandon" else base

    # --- doing it (each step one short transaction) ------------------------------------

    async def _process(self, task: _Task, now: datetime) -> Outcome:
        nid, cid = task.notice_id, task.channel_id
        if task.action == "abandon":
            detail = (
                "the notifier posting it stopped mid-post; not posted again so it can never "
                "appear twice"
            )
            if not self._cas(task, "posting", now, status="unknown", error=detail):
                return Outcome(nid, cid, "lost", "another notifier took it")
            log.error("review notice %s in channel %s: %s", nid, cid, detail)
            return Outcome(nid, cid, "unknown", detail)
        row_id: int | None
        token = new_token()
        if task.action == "claim":
            row = ReviewNoticePost(
                notice_id=nid,
                channel_id=cid,
                status="claimed",
                attempts=0,
                claimed_by=self.owner,
                claim_token=token,
                updated_at=now,
            )
            try:
                with self.store.transaction() as session:
                    session.add(row)
                    session.flush()
                    row_id = row.id
            except IntegrityError:
                return Outcome(nid, cid, "lost", "another notifier claimed it")
        else:
            if not self._cas(
                task, task.status, now, status="claimed", claim_token=token, claimed_by=self.owner
            ):
                return Outcome(nid, cid, "lost", "another notifier took it over")
            row_id = task.row_id
        mine = _Task("claim", nid, cid, row_id=row_id, token=token, attempts=task.attempts)
        return await self._deliver(mine, now)

    async def _deliver(self, task: _Task, now: datetime) -> Outcome:
        nid, cid = task.notice_id, task.channel_id
        with self.store.reading() as session:
            notice, channel = session.get(NoticeRow, nid), session.get(ReviewChannel, cid)
            if notice is None or channel is None:  # removed since: nothing to post
                return Outcome(nid, cid, "lost", "the notice or its channel is gone")
            reply, platform, ref = notice_reply(notice), channel.platform, channel_ref(channel)
        attempts = task.attempts + 1
        # From here a crash leaves `posting`, which is never posted again.
        if not self._cas(task, "claimed", now, status="posting", attempts=attempts):
            return Outcome(nid, cid, "lost", "another notifier took it over")
        try:
            await asyncio.wait_for(self.posters[platform].post(ref, reply), self.post_timeout_s)
        except TimeoutError:
            detail = (
                f"the post did not finish within {self.post_timeout_s:g} s; not retried, as "
                "the platform may have taken it"
            )
            self._cas(task, "posting", now, status="unknown", error=detail)
            return Outcome(nid, cid, "unknown", detail)
        except Exception as exc:
            return self._failed(task, now, exc, attempts)
        self._cas(task, "posting", now, status="posted", error=None, posted_at=now)
        log.info("posted review notice %s to %s channel %s", nid, platform, ref)
        return Outcome(nid, cid, "posted")

    def _failed(self, task: _Task, now: datetime, exc: Exception, attempts: int) -> Outcome:
        message = f"{type(exc).__name__}: {exc}"[:2000]
        nid, cid = task.notice_id, task.channel_id
        if attempts >= self.max_attempts:
            self._cas(task, "posting", now, status="failed", error=message)
            log.error("review notice %s in channel %s failed for good: %s", nid, cid, message)
            return Outcome(nid, cid, "failed", message)
        delay = retry_delay(attempts, exc, self.backoff, self.max_backoff)
        self._cas(task, "posting", now, status="retry", error=message, next_attempt_at=now + delay)
        log.warning("review notice %s: attempt %d failed (%s)", nid, attempts, message)
        return Outcome(nid, cid, "retry", message)

    def _cas(self, task: _Task, expected: str | None, now: datetime, **values: Any) -> bool:
        """Update the row only if it still carries `task`'s token and `expected` status."""
        with self.store.transaction() as session:
            return conditional_update(
                session,
                ReviewNoticePost,
                task.row_id,
                task.token,
                expected,
                updated_at=now,
                **values,
            )


def notifier_for(store: Store, posters: Iterable[Poster]) -> ReviewNotifier:
    """The notifier `attache serve` runs, posting through the digest scheduler's posters."""
    return ReviewNotifier(store, {p.platform: p for p in posters})
