"""The digest scheduler: find due periods, claim each once, post it, record the outcome.

Runs inside `attache serve` beside the feed poller; any number of processes may run it
against one database. One pass (`run_once`) does, for each enabled subscription on a
platform this process can post to:

1. The period that is due is the latest one that has ended (`prev_fire(now)`), if it ended
   after the channel's last posted period (or after the subscription was created). Periods
   missed while no scheduler ran collapse into that one: it is posted once, covering
   everything approved since the last posted period, if it ended no longer ago than the
   grace window; otherwise it is recorded as `skipped` and logged (its statements are not
   lost: they go into the next digest, which starts at the last *posted* period).
2. Claim: insert the (subscription, period_end) row. The UNIQUE key is the lock; whoever
   loses gets IntegrityError and moves on. Works the same on SQLite and PostgreSQL.
3. Compose the digest; if it is empty and the channel did not ask for "nothing new", record
   `empty` and post nothing.
4. Mark the row `posting`, then post. Success -> `posted` and the channel's
   last_period_end moves to the period end. A poster exception -> `retry` with exponential
   backoff (honouring `retry_after`), `failed` after `max_attempts`.

Delivery policy (also in POLICY.md): a period is posted *at most once*, and no statement is
ever dropped from the digests. A claim whose holder died before step 4 (`claimed`, older
than the lease) is certain not to have been posted, so whoever finds it stale takes it over
and posts it (if still within the grace window). A row left in `posting` (the holder died
or timed out while the platform call was in flight) may or may not have reached the
channel; it is marked `unknown` and never re-posted. Because last_period_end only moves
on a confirmed post, its statements reappear in the next digest: the trade-off is a
possibly repeated statement in a later digest, never a duplicate post.

Every state change after the claim is an UPDATE conditional on the row's claim token, so
a scheduler whose claim was taken over can no longer record anything for that period.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from bot.core.errors import AttacheError
from bot.core.poster import PartlyPosted, Poster
from bot.schedule import queries
from bot.schedule.digest import DIGEST_STORIES, Digest, window_digest
from bot.schedule.periods import from_db, to_db, utc_now
from bot.schedule.spec import parse_duration
from bot.schedule.subscriptions import (
    channel_ref,
    post_row,
    schedule_of,
    window_start,
)
from bot.store.delivery import (
    OPEN_STATUSES,
    check_lease,
    conditional_update,
    default_owner,
    new_token,
    open_row_step,
    retry_delay,
    run_passes,
)
from bot.store.models import DigestPost, Subscription
from bot.store.store import Store

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
DEFAULT_GRACE = timedelta(hours=6)
MAX_GRACE = timedelta(days=7)
DEFAULT_LEASE = timedelta(minutes=10)
GRACE_ENV = "ATTACHE_DIGEST_GRACE"
Action = Literal["claim", "skip", "reclaim", "give_up", "abandon"]


@dataclass(frozen=True)
class Outcome:
    """What one pass did with one period. status: posted, empty, skipped, retry, failed,
    unknown, lost (another scheduler has it) or error (this pass could not record it)."""

    subscription_id: int
    period_end: datetime
    status: str
    detail: str = ""


@dataclass(frozen=True)
class _Task:
    action: Action
    subscription_id: int
    period_end: datetime
    row_id: int | None = None
    token: str | None = None
    status: str | None = None
    attempts: int = 0
    reason: str = ""
    error: str | None = None


@dataclass(frozen=True)
class _Prepared:
    platform: str
    channel: str  # the poster's channel_ref
    since: datetime | None
    digest: Digest | None
    when_empty: bool


class Scheduler:
    def __init__(
        self,
        store: Store,
        posters: Mapping[str, Poster],
        *,
        clock: Clock = utc_now,
        grace: timedelta = DEFAULT_GRACE,
        owner: str | None = None,
        lease: timedelta = DEFAULT_LEASE,
        post_timeout_s: float = 60.0,
        max_attempts: int = 5,
        backoff: timedelta = timedelta(minutes=1),
        max_backoff: timedelta = timedelta(minutes=30),
        top: int = DIGEST_STORIES,  # stories per digest
        tick_s: float = 30.0,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        check_lease(lease, post_timeout_s)
        self.store = store
        self.posters = dict(posters)
        self.clock = clock
        self.grace = grace
        self.owner = owner or default_owner()
        self.lease = lease
        self.post_timeout_s = post_timeout_s
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.top = top
        self.tick_s = tick_s
        self.sleep = sleep
        self._frozen: datetime | None = None

    # --- the loop --------------------------------------------------------------------------

    async def run_forever(self) -> None:
        """Pass after pass until cancelled; a failing pass is logged and retried."""
        if not self.posters:
            log.info("no running adapter can post digests; the scheduler stays idle")
            await asyncio.Event().wait()
        log.info(
            "digest scheduler %s started for %s (grace %s)",
            self.owner,
            ", ".join(sorted(self.posters)),
            self.grace,
        )
        await run_passes(self.run_once, tick_s=self.tick_s, sleep=self.sleep, what="digest")

    async def run_once(self, now: datetime | None = None) -> list[Outcome]:
        """One pass at `now` (default: the clock). Tests call this directly with a virtual
        `now`, which then also stamps every row the pass writes."""
        self._frozen = now
        now = now or self.clock()
        outcomes = []
        try:
            for task in self.find_due(now):
                try:
                    outcomes.append(await self.process(task, now))
                except (OperationalError, AttacheError) as exc:
                    # e.g. SQLite busy beyond its timeout: the row says where we stopped.
                    log.warning("digest for subscription %s: %s", task.subscription_id, exc)
                    outcomes.append(
                        Outcome(task.subscription_id, task.period_end, "error", str(exc))
                    )
        finally:
            self._frozen = None
        return outcomes

    def _stamp(self) -> datetime:
        """The time to record: the clock, read afresh (a pass may post for a while)."""
        return self._frozen or self.clock()

    # --- finding work (reads only) ----------------------------------------------------------

    def find_due(self, now: datetime) -> list[_Task]:
        if not self.posters:
            return []
        tasks: list[_Task] = []
        with self.store.reading() as session:
            subs = {s.id: s for s in queries.subscriptions_on(session, self.posters)}
            latest = {sid: self._latest(sub, now) for sid, sub in subs.items() if sub.enabled}
            open_rows = queries.open_posts(session, OPEN_STATUSES, subs)
            for row in open_rows:
                task = self._review_open(row, subs[row.subscription_id], latest, now)
                if task is not None:
                    tasks.append(task)
            for sid, period_end in latest.items():
                sub = subs[sid]
                anchor = from_db(sub.last_period_end or sub.created_at)
                if (
                    period_end is None
                    or period_end <= anchor
                    or queries.has_post(session, sid, period_end)
                ):
                    continue
                late = now - period_end
                if late > self.grace:
                    reason = f"missed by {_span(late)}; the grace window is {_span(self.grace)}"
                    tasks.append(_Task("skip", sid, period_end, reason=reason))
                else:
                    tasks.append(_Task("claim", sid, period_end))
        return tasks

    def _latest(self, sub: Subscription, now: datetime) -> datetime | None:
        try:
            return schedule_of(sub).last_at(now)
        except AttacheError as exc:  # a row edited by hand: say so, keep the others going
            log.error("subscription %s has an unusable schedule: %s", sub.id, exc)
            return None

    def _review_open(
        self,
        row: DigestPost,
        sub: Subscription,
        latest: Mapping[int, datetime | None],
        now: datetime,
    ) -> _Task | None:
        period_end = from_db(row.period_end)
        # The row as a task; each outcome below differs only in its action (and reason).
        base = _Task(
            "reclaim",
            subscription_id=row.subscription_id,
            period_end=period_end,
            row_id=row.id,
            token=row.claim_token,
            status=row.status,
            attempts=row.attempts,
            error=row.error,
        )
        retry_at = from_db(row.next_attempt_at) if row.next_attempt_at else None
        step = open_row_step(row.status, from_db(row.updated_at), retry_at, self.lease, now)
        if step is None:
            return None
        if step == "abandon":
            return replace(base, action="abandon")
        newest = latest.get(row.subscription_id)
        if not sub.enabled:
            return replace(base, action="give_up", reason="the channel's schedule was turned off")
        if newest is not None and period_end < newest:
            reason = f"superseded by the period ending {newest:%Y-%m-%d %H:%M} UTC"
            return replace(base, action="give_up", reason=reason)
        if now - period_end > self.grace:
            reason = f"still not posted {_span(now - period_end)} later; the grace window is "
            return replace(base, action="give_up", reason=reason + _span(self.grace))
        return base

    # --- doing it (each step one short transaction) ----------------------------------------

    async def process(self, task: _Task, now: datetime) -> Outcome:
        sid, end = task.subscription_id, task.period_end
        if task.action == "skip":
            if self._insert(sid, end, "skipped", now, error=task.reason) is None:
                return Outcome(sid, end, "lost", "another scheduler recorded this period")
            log.warning("digest for subscription %s ending %s skipped: %s", sid, end, task.reason)
            return Outcome(sid, end, "skipped", task.reason)
        if task.action == "give_up":
            detail = task.reason + (f"; last error: {task.error}" if task.error else "")
            if not self._cas(
                task, task.status, status="skipped", error=detail[:2000], next_attempt_at=None
            ):
                return Outcome(sid, end, "lost", "another scheduler took this period")
            log.warning("digest for subscription %s ending %s given up: %s", sid, end, detail)
            return Outcome(sid, end, "skipped", detail)
        if task.action == "abandon":
            detail = (
                "the scheduler posting it stopped mid-post; not posted again so it can never "
                "appear twice (its statements go into the next digest)"
            )
            if not self._cas(task, "posting", status="unknown", error=detail):
                return Outcome(sid, end, "lost", "another scheduler took this period")
            log.error("digest for subscription %s ending %s: %s", sid, end, detail)
            return Outcome(sid, end, "unknown", detail)
        row_id: int | None
        if task.action == "claim":
            claimed = self._insert(sid, end, "claimed", now)
            if claimed is None:
                return Outcome(sid, end, "lost", "another scheduler claimed this period")
            row_id, token = claimed
        else:  # reclaim: a stale claim or a retry that is due
            token = new_token()
            if not self._cas(
                task,
                task.status,
                status="claimed",
                claim_token=token,
                claimed_by=self.owner[:200],
                claimed_at=to_db(now),
            ):
                return Outcome(sid, end, "lost", "another scheduler took this period over")
            row_id = task.row_id
            log.info(
                "digest for subscription %s ending %s: taking over (%s)", sid, end, task.status
            )
        assert row_id is not None
        mine = _Task("claim", sid, end, row_id=row_id, token=token, attempts=task.attempts)
        return await self._deliver(mine, now)

    def _prepare(self, sid: int, end: datetime) -> _Prepared | None:
        """Compose the period's digest; None if the subscription is gone or turned off."""
        with self.store.reading() as session:
            sub = session.get(Subscription, sid)
            if sub is None or not sub.enabled:
                return None
            since = window_start(sub, end)
            digest = None  # stays None if a `schedule now` after `end` already covered it
            if since is None or since < end:
                _, digest = window_digest(session, sub, end, stories=self.top)
            return _Prepared(sub.platform, channel_ref(sub), since, digest, sub.post_when_empty)

    async def _deliver(self, task: _Task, now: datetime) -> Outcome:
        sid, end = task.subscription_id, task.period_end
        try:
            prepared = self._prepare(sid, end)
        except Exception as exc:
            log.exception("composing the digest for subscription %s failed", sid)
            return self._failed(task, "claimed", now, exc, attempts=task.attempts + 1)
        if prepared is None:
            off = "the channel's schedule was turned off"
            self._cas(task, "claimed", status="skipped", error=off)
            return Outcome(sid, end, "skipped", off)
        digest, since = prepared.digest, prepared.since
        if digest is None or (digest.empty and not prepared.when_empty):
            self._finish(task, "claimed", "empty", count=0)
            return Outcome(sid, end, "empty")
        attempts = task.attempts + 1
        # From here a crash leaves `posting`, which is never posted again (see the docstring).
        if not self._cas(
            task,
            "claimed",
            status="posting",
            attempts=attempts,
            period_start=to_db(since) if since else None,
            statement_count=digest.total,
        ):
            return Outcome(sid, end, "lost", "another scheduler took this period over")
        poster = self.posters[prepared.platform]
        try:
            reply = digest.reply()
            await asyncio.wait_for(poster.post(prepared.channel, reply), self.post_timeout_s)
        except TimeoutError:
            detail = (
                f"the post did not finish within {self.post_timeout_s:g} s; not retried, as the "
                "platform may have taken it (its statements go into the next digest)"
            )
            self._cas(task, "posting", status="unknown", error=detail)
            log.error("digest for subscription %s ending %s: %s", sid, end, detail)
            return Outcome(sid, end, "unknown", detail)
        except PartlyPosted as partly:
            detail = (
                f"only part of the digest was posted ({partly}); not retried, so nothing "
                "appears twice (its statements go into the next digest)"
            )[:2000]
            self._cas(task, "posting", status="unknown", error=detail)
            log.error("digest for subscription %s ending %s: %s", sid, end, detail)
            return Outcome(sid, end, "unknown", detail)
        except Exception as exc:
            return self._failed(task, "posting", now, exc, attempts=attempts)
        self._finish(task, "posting", "posted", count=digest.total)
        log.info("posted the digest for subscription %s ending %s (%d)", sid, end, digest.total)
        return Outcome(sid, end, "posted", f"{digest.total} statements")

    def _failed(
        self, task: _Task, expected: str, now: datetime, exc: Exception, *, attempts: int
    ) -> Outcome:
        sid, end = task.subscription_id, task.period_end
        message = f"{type(exc).__name__}: {exc}"[:2000]
        if attempts >= self.max_attempts:
            self._cas(task, expected, status="failed", attempts=attempts, error=message)
            log.error("digest for subscription %s ending %s failed for good: %s", sid, end, message)
            return Outcome(sid, end, "failed", message)
        delay = retry_delay(attempts, exc, self.backoff, self.max_backoff)
        self._cas(
            task,
            expected,
            status="retry",
            attempts=attempts,
            error=message,
            next_attempt_at=to_db(now + delay),
        )
        log.warning(
            "digest for subscription %s ending %s: attempt %d failed (%s); retrying in %s",
            sid,
            end,
            attempts,
            message,
            _span(delay),
        )
        return Outcome(sid, end, "retry", message)

    def _finish(self, task: _Task, expected: str, status: str, *, count: int) -> None:
        """Record success (posted or empty) and move the channel's window, in one transaction."""
        with self.store.transaction() as session:
            done = _conditional_update(
                session,
                task,
                expected,
                status=status,
                error=None,
                next_attempt_at=None,
                posted_at=to_db(self._stamp()) if status == "posted" else None,
                statement_count=count,
                updated_at=to_db(self._stamp()),
            )
            if done:
                queries.advance(session, task.subscription_id, task.period_end)

    def _insert(
        self, sid: int, end: datetime, status: str, now: datetime, *, error: str | None = None
    ) -> tuple[int, str] | None:
        """Insert the (subscription, period) row: the claim. None if someone else has it."""
        row = post_row(sid, end, status=status, owner=self.owner, now=now, error=error)
        try:
            with self.store.transaction() as session:
                session.add(row)
                session.flush()
                return row.id, row.claim_token
        except IntegrityError:
            return None

    def _cas(self, task: _Task, expected: str | None, **values: Any) -> bool:
        """Update the row only if it still carries `task`'s token and `expected` status."""
        with self.store.transaction() as session:
            return _conditional_update(
                session, task, expected, updated_at=to_db(self._stamp()), **values
            )


def _conditional_update(session: Session, task: _Task, expected: str | None, **values: Any) -> bool:
    return conditional_update(session, DigestPost, task.row_id, task.token, expected, **values)


def _span(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 120:
        return f"{minutes} min"
    return f"{minutes / 60:.1f} h".replace(".0 h", " h")


def scheduler_for(
    store: Store, runners: Iterable[object], env: Mapping[str, str] | None = None
) -> Scheduler:
    """The scheduler `attache serve` runs: it posts through each runner's `poster`.

    ATTACHE_DIGEST_GRACE (e.g. 6h, 90m; at most 7 days) sets the grace window.
    """
    env = os.environ if env is None else env
    posters: dict[str, Poster] = {}
    for runner in runners:
        poster = getattr(runner, "poster", None)
        if poster is not None:
            posters[poster.platform] = poster
    grace = DEFAULT_GRACE
    raw = env.get(GRACE_ENV, "").strip()
    if raw:
        try:
            grace = parse_duration(raw, what=f"{GRACE_ENV} value", limit=MAX_GRACE)
        except AttacheError as exc:
            log.error("%s; using the default of %s", exc.message, _span(DEFAULT_GRACE))
    return Scheduler(store, posters, grace=grace)
