"""The scheduler in virtual time: grace window, retries with backoff, timeouts, and what a
crash after the claim leaves behind (acceptance 4). Races are in test_schedule_race.py."""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
import textwrap
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.schedule.scheduler import Scheduler, scheduler_for
from bot.store.models import DigestPost, Subscription
from bot.store.store import Store
from tests.conftest import REPO_ROOT
from tests.schedule.conftest import FakePoster, VirtualClock, approve, subscribe, utc

DAY1, DAY2, DAY3, DAY4 = (utc(2024, 6, d, 9) for d in (1, 2, 3, 4))


def rows(store: Store) -> list[DigestPost]:
    with store.reading() as session:
        return list(session.scalars(select(DigestPost).order_by(DigestPost.period_end)))


def make(store: Store, poster: FakePoster, owner: str = "a", **kwargs) -> Scheduler:
    return Scheduler(store, {"test": poster}, clock=VirtualClock(DAY1), owner=owner, **kwargs)


async def test_a_period_missed_while_down_is_posted_once_on_start_within_grace(sched_store) -> None:
    subscribe(sched_store, created=utc(2024, 5, 1), last=DAY1)
    on_day2 = approve(sched_store, "Ned Price", "Said on day two.", utc(2024, 6, 2, 12))
    on_day3 = approve(sched_store, "Ned Price", "Said on day three.", utc(2024, 6, 3, 8))
    poster = FakePoster()
    sched = make(sched_store, poster, grace=timedelta(hours=6))
    # Down from day 1 until 5 h after day 3's period ended: day 2's and day 3's collapse.
    outcomes = await sched.run_once(DAY3 + timedelta(hours=5))
    assert [o.status for o in outcomes] == ["posted"]
    assert {i.statement_id for i in poster.posts[0][1].items} == {on_day2, on_day3}
    assert [r.period_end for r in rows(sched_store)] == [DAY3.replace(tzinfo=None)]
    assert await sched.run_once(DAY3 + timedelta(hours=5, minutes=1)) == []
    assert len(poster.posts) == 1


async def test_a_period_missed_beyond_grace_is_skipped_with_a_log_line_and_nothing_lost(
    sched_store, caplog
) -> None:
    sub = subscribe(sched_store, created=utc(2024, 5, 1), last=DAY1)
    missed = approve(sched_store, "Ned Price", "Said while we were down.", utc(2024, 6, 2, 12))
    poster = FakePoster()
    sched = make(sched_store, poster, grace=timedelta(hours=6))
    with caplog.at_level(logging.WARNING, logger="bot.schedule.scheduler"):
        outcomes = await sched.run_once(DAY2 + timedelta(hours=7))
    assert [o.status for o in outcomes] == ["skipped"]
    assert poster.posts == []
    assert any(
        "skipped" in r.message and "grace window is 6 h" in r.message for r in caplog.records
    )
    (row,) = rows(sched_store)
    assert row.status == "skipped" and "missed by 7 h" in row.error
    # The skipped period's statements are not lost: the next digest starts at the last post.
    await sched.run_once(DAY3)
    ((_, reply),) = poster.posts
    assert [i.statement_id for i in reply.items] == [missed]
    with sched_store.reading() as session:
        assert session.get(Subscription, sub).last_period_end == DAY3.replace(tzinfo=None)


async def test_a_failed_post_is_retried_with_backoff_and_posted_once(sched_store) -> None:
    subscribe(sched_store, created=utc(2024, 5, 1), last=DAY1)
    approve(sched_store, "Ned Price", "Something new.", utc(2024, 6, 1, 12))
    poster = FakePoster(fail=2)
    sched = make(sched_store, poster, backoff=timedelta(minutes=1))

    assert [o.status for o in await sched.run_once(DAY2)] == ["retry"]
    (row,) = rows(sched_store)
    assert row.attempts == 1 and "HTTP 503" in row.error
    assert row.next_attempt_at == (DAY2 + timedelta(minutes=1)).replace(tzinfo=None)
    assert await sched.run_once(DAY2 + timedelta(seconds=59)) == []  # backing off
    assert [o.status for o in await sched.run_once(DAY2 + timedelta(minutes=1))] == ["retry"]
    (row,) = rows(sched_store)
    assert row.attempts == 2
    assert row.next_attempt_at == (DAY2 + timedelta(minutes=3)).replace(tzinfo=None)  # doubled
    assert [o.status for o in await sched.run_once(DAY2 + timedelta(minutes=3))] == ["posted"]
    assert poster.calls == 3 and len(poster.posts) == 1
    (row,) = rows(sched_store)
    assert (row.status, row.attempts, row.error) == ("posted", 3, None)
    assert await sched.run_once(DAY2 + timedelta(hours=1)) == []
    assert len(poster.posts) == 1


async def test_retry_after_from_the_platform_is_honoured(sched_store) -> None:
    class RateLimited(Exception):
        retry_after = 600.0

    subscribe(sched_store, created=utc(2024, 5, 1), last=DAY1)
    approve(sched_store, "Ned Price", "Something new.", utc(2024, 6, 1, 12))
    sched = make(sched_store, FakePoster(fail=1, error=RateLimited))
    await sched.run_once(DAY2)
    (row,) = rows(sched_store)
    assert row.next_attempt_at == (DAY2 + timedelta(minutes=10)).replace(tzinfo=None)


async def test_after_max_attempts_the_period_is_failed_and_left_alone(sched_store) -> None:
    subscribe(sched_store, created=utc(2024, 5, 1), last=DAY1)
    approve(sched_store, "Ned Price", "Something new.", utc(2024, 6, 1, 12))
    poster = FakePoster(fail=10)
    sched = make(sched_store, poster, max_attempts=2, backoff=timedelta(minutes=1))
    await sched.run_once(DAY2)
    assert [o.status for o in await sched.run_once(DAY2 + timedelta(minutes=1))] == ["failed"]
    assert await sched.run_once(DAY2 + timedelta(hours=1)) == []
    (row,) = rows(sched_store)
    assert (row.status, row.attempts, poster.calls) == ("failed", 2, 2)


async def test_a_post_that_times_out_is_never_posted_again(sched_store) -> None:
    subscribe(sched_store, created=utc(2024, 5, 1), last=DAY1)
    first = approve(sched_store, "Ned Price", "Something new.", utc(2024, 6, 1, 12))
    poster = FakePoster(block=asyncio.Event())  # never answers
    sched = make(sched_store, poster, post_timeout_s=0.01, lease=timedelta(minutes=10))
    assert [o.status for o in await sched.run_once(DAY2)] == ["unknown"]
    assert await sched.run_once(DAY2 + timedelta(hours=1)) == []
    assert poster.calls == 1
    # The period may or may not have reached the channel, so its statements come again.
    poster.block = None
    await sched.run_once(DAY3)
    assert [i.statement_id for i in poster.posts[0][1].items] == [first]


async def test_killed_mid_post_is_marked_unknown_after_the_lease_never_reposted(
    sched_store,
) -> None:
    subscribe(sched_store, created=utc(2024, 5, 1), last=DAY1)
    first = approve(sched_store, "Ned Price", "Something new.", utc(2024, 6, 1, 12))
    stuck = FakePoster(block=asyncio.Event())
    doomed = asyncio.create_task(make(sched_store, stuck, owner="doomed").run_once(DAY2))
    await stuck.entered.wait()
    doomed.cancel()  # the process dies while the platform call is in flight
    with pytest.raises(asyncio.CancelledError):
        await doomed
    assert rows(sched_store)[0].status == "posting"

    poster = FakePoster()
    survivor = make(sched_store, poster, owner="survivor", lease=timedelta(minutes=10))
    assert await survivor.run_once(DAY2 + timedelta(minutes=5)) == []  # lease still held
    outcomes = await survivor.run_once(DAY2 + timedelta(minutes=10))
    assert [o.status for o in outcomes] == ["unknown"] and poster.posts == []
    assert await survivor.run_once(DAY2 + timedelta(hours=1)) == []
    await survivor.run_once(DAY3)
    assert [i.statement_id for i in poster.posts[0][1].items] == [first]


KILL_SCRIPT = textwrap.dedent(
    """
    import asyncio, os, signal, sys
    from datetime import datetime, UTC
    import bot.schedule.scheduler as scheduler_module
    from bot.store.store import Store

    class Poster:
        platform = "test"
        async def post(self, channel_ref, reply):
            raise AssertionError("must never be reached")

    def die(*args, **kwargs):  # after the claim is committed, before any post
        os.kill(os.getpid(), signal.SIGKILL)

    scheduler_module.window_digest = die
    store = Store.open(sys.argv[1])
    now = datetime.fromisoformat(sys.argv[2])
    sched = scheduler_module.Scheduler(store, {"test": Poster()}, owner="victim")
    asyncio.run(sched.run_once(now))
    """
)


@pytest.mark.slow
async def test_killed_after_the_claim_is_taken_over_after_the_lease_and_posted_once(
    file_url: str, tmp_path
) -> None:
    store = Store.open(file_url)
    subscribe(store, created=utc(2024, 5, 1), last=DAY1)
    first = approve(store, "Ned Price", "Something new.", utc(2024, 6, 1, 12))
    claimed_at = DAY2 + timedelta(minutes=1)
    script = tmp_path / "victim.py"
    script.write_text(KILL_SCRIPT)
    result = subprocess.run(
        [sys.executable, str(script), file_url, claimed_at.isoformat()],
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == -9, result.stderr  # really killed
    (row,) = rows(store)
    assert (row.status, row.claimed_by) == ("claimed", "victim")

    poster = FakePoster()
    restarted = make(store, poster, owner="restarted", lease=timedelta(minutes=10))
    assert await restarted.run_once(claimed_at + timedelta(minutes=9)) == []  # lease held
    outcomes = await restarted.run_once(claimed_at + timedelta(minutes=10))
    assert [o.status for o in outcomes] == ["posted"]
    assert [i.statement_id for i in poster.posts[0][1].items] == [first]
    assert await restarted.run_once(claimed_at + timedelta(hours=1)) == []
    assert len(poster.posts) == 1
    (row,) = rows(store)
    assert (row.status, row.claimed_by, row.attempts) == ("posted", "restarted", 1)
    store.close()


async def test_a_stale_claim_found_after_the_grace_window_is_skipped(sched_store) -> None:
    subscribe(sched_store, created=utc(2024, 5, 1), last=DAY1)
    approve(sched_store, "Ned Price", "Something new.", utc(2024, 6, 1, 12))
    victim = make(sched_store, FakePoster(), owner="victim")
    (task,) = victim.find_due(DAY2)
    victim._insert(task.subscription_id, task.period_end, "claimed", DAY2)  # then it died
    poster = FakePoster()
    late = make(sched_store, poster, grace=timedelta(hours=6))
    outcomes = await late.run_once(DAY2 + timedelta(hours=7))
    assert [o.status for o in outcomes] == ["skipped"] and poster.posts == []


async def test_only_platforms_with_a_poster_are_touched_and_off_means_off(sched_store) -> None:
    slack = subscribe(sched_store, created=utc(2024, 5, 1), last=DAY1, platform="slack")
    mine = subscribe(sched_store, created=utc(2024, 5, 1), last=DAY1, channel="off")
    with sched_store.transaction() as session:
        session.get(Subscription, mine).enabled = False
    approve(sched_store, "Ned Price", "Something new.", utc(2024, 6, 1, 12))
    assert await make(sched_store, FakePoster()).run_once(DAY2) == []
    assert rows(sched_store) == []
    assert slack  # left for a process that runs the Slack adapter


async def test_slack_channels_are_posted_with_their_workspace(sched_store) -> None:
    subscribe(sched_store, created=utc(2024, 5, 1), last=DAY1, platform="slack", channel="C9")
    subscribe(sched_store, created=utc(2024, 5, 1), last=DAY1, platform="discord", channel="42")
    approve(sched_store, "Ned Price", "Something new.", utc(2024, 6, 1, 12))
    slack, discord = FakePoster(platform="slack"), FakePoster(platform="discord")
    sched = Scheduler(sched_store, {"slack": slack, "discord": discord}, owner="a")
    await sched.run_once(DAY2)
    assert [c for c, _ in slack.posts] == ["ws/C9"] and [c for c, _ in discord.posts] == ["42"]


async def test_run_forever_loops_in_virtual_time_until_cancelled(sched_store) -> None:
    subscribe(sched_store, created=utc(2024, 5, 1), last=DAY1)
    approve(sched_store, "Ned Price", "Something new.", utc(2024, 6, 1, 12))
    clock = VirtualClock(DAY2 - timedelta(minutes=1))
    poster = FakePoster()
    passes = 0

    async def sleep(seconds: float) -> None:
        nonlocal passes
        passes += 1
        clock.set(clock() + timedelta(seconds=seconds))
        if passes == 5:
            raise asyncio.CancelledError

    sched = Scheduler(sched_store, {"test": poster}, clock=clock, tick_s=30, sleep=sleep)
    with pytest.raises(asyncio.CancelledError):
        await sched.run_forever()
    assert len(poster.posts) == 1 and clock() == DAY2 + timedelta(minutes=1, seconds=30)


def test_serve_builds_the_scheduler_from_the_runners_posters(sched_store, caplog) -> None:
    class Runner:
        def __init__(self, platform: str) -> None:
            self.poster = FakePoster(platform=platform)

    class NoPoster:
        pass

    sched = scheduler_for(
        sched_store,
        [Runner("discord"), Runner("slack"), NoPoster()],
        {"ATTACHE_DIGEST_GRACE": "90m"},
    )
    assert set(sched.posters) == {"discord", "slack"} and sched.grace == timedelta(minutes=90)
    with caplog.at_level(logging.ERROR):
        fallback = scheduler_for(sched_store, [], {"ATTACHE_DIGEST_GRACE": "30d"})
    assert fallback.grace == timedelta(hours=6) and "the limit is 7 days" in caplog.text
