"""Fire instants in UTC for wall-clock schedules, across DST changes (acceptance 1)."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.schedule.periods import fire_times, next_fire, prev_fire
from bot.schedule.scheduler import Scheduler
from bot.schedule.spec import parse_schedule
from bot.store.models import DigestPost
from tests.schedule.conftest import FakePoster, VirtualClock, approve, subscribe, utc


def fires(typed: str, after, count: int):
    s = parse_schedule(typed)
    return fire_times(s.expr, s.zone, after, count)


def test_daily_kyiv_fires_at_07_utc_in_winter_and_06_utc_after_the_spring_change() -> None:
    # Ukraine moved to summer time at 03:00 local on 31 March 2024 (UTC+2 -> UTC+3).
    assert fires("daily 09:00 Europe/Kyiv", utc(2024, 3, 29), 4) == [
        utc(2024, 3, 29, 7),
        utc(2024, 3, 30, 7),
        utc(2024, 3, 31, 6),
        utc(2024, 4, 1, 6),
    ]


def test_daily_kyiv_moves_back_to_07_utc_after_the_autumn_change() -> None:
    assert fires("daily 09:00 Europe/Kyiv", utc(2024, 10, 26), 3) == [
        utc(2024, 10, 26, 6),
        utc(2024, 10, 27, 7),
        utc(2024, 10, 28, 7),
    ]


def test_weekdays_new_york_across_the_november_change() -> None:
    # 18:00 EDT (UTC-4) until 3 November 2024, then 18:00 EST (UTC-5); 2-3 Nov is a weekend.
    assert fires("weekdays 18:00 America/New_York", utc(2024, 10, 31, 12), 3) == [
        utc(2024, 10, 31, 22),
        utc(2024, 11, 1, 22),
        utc(2024, 11, 4, 23),
    ]


def test_a_wall_time_skipped_in_spring_fires_just_after_the_jump() -> None:
    # Berlin skips 02:00-03:00 on 31 March 2024; 02:30 fires at 03:30 CEST = 01:30 UTC.
    assert fires("daily 02:30 Europe/Berlin", utc(2024, 3, 30), 3) == [
        utc(2024, 3, 30, 1, 30),
        utc(2024, 3, 31, 1, 30),
        utc(2024, 4, 1, 0, 30),
    ]


def test_a_wall_time_repeated_in_autumn_fires_once_the_first_time() -> None:
    # 02:30 happens twice in Berlin on 27 October 2024: at 00:30 and 01:30 UTC.
    assert fires("daily 02:30 Europe/Berlin", utc(2024, 10, 26, 12), 2) == [
        utc(2024, 10, 27, 0, 30),
        utc(2024, 10, 28, 1, 30),
    ]


def test_a_skipped_half_hour_and_two_wall_times_on_one_instant_fire_once_each() -> None:
    # Lord Howe skips 02:00-02:30 on 6 October 2024 (UTC+10:30 -> +11): 02:15 fires at
    # 02:45 the new time, 15:45 UTC. (croniter alone, given zone-aware times, skips it.)
    assert fires("hourly :15 Australia/Lord_Howe", utc(2024, 10, 5, 14), 3) == [
        utc(2024, 10, 5, 14, 45),
        utc(2024, 10, 5, 15, 45),
        utc(2024, 10, 5, 16, 15),
    ]
    # On Berlin's spring day 02:00 (skipped) and 03:00 are both 01:00 UTC: one fire.
    assert fires("cron 0 2,3 * * * Europe/Berlin", utc(2024, 3, 30, 23), 3) == [
        utc(2024, 3, 31, 1),
        utc(2024, 4, 1, 0),
        utc(2024, 4, 1, 1),
    ]


@pytest.mark.parametrize(
    "typed",
    [
        "daily 09:00 Europe/Kyiv",
        "daily 02:30 Europe/Berlin",
        "weekdays 18:00 America/New_York",
        "hourly :15 Australia/Lord_Howe",  # a half-hour DST shift
        "cron 0 0 29 2 * UTC",  # leap days only
    ],
)
def test_prev_and_next_fire_bracket_any_instant(typed: str) -> None:
    s = parse_schedule(typed)
    rng = random.Random(typed)
    for _ in range(200):
        moment = utc(2023, 1, 1) + timedelta(seconds=rng.randrange(3 * 365 * 86400))
        before = prev_fire(s.expr, s.zone, moment)
        after = next_fire(s.expr, s.zone, moment)
        assert before is not None and after is not None
        assert before <= moment < after
        # Nothing fires strictly between them.
        assert next_fire(s.expr, s.zone, before) == after


async def test_the_scheduler_posts_at_the_right_utc_instant_across_the_dst_change(
    sched_store,
) -> None:
    clock = VirtualClock(utc(2024, 3, 29, 12))
    poster = FakePoster()
    sub = subscribe(sched_store, cron="0 9 * * *", tz="Europe/Kyiv", created=utc(2024, 3, 29, 12))
    scheduler = Scheduler(sched_store, {"test": poster}, clock=clock, owner="a")
    timeline = [
        (utc(2024, 3, 30, 6, 59), 0),  # 08:59 in Kyiv (UTC+2): not yet
        (utc(2024, 3, 30, 7, 0), 1),  # 09:00 in Kyiv
        (utc(2024, 3, 31, 5, 59), 1),  # after the change 09:00 is 06:00 UTC
        (utc(2024, 3, 31, 6, 0), 2),
        (utc(2024, 3, 31, 7, 0), 2),  # the old UTC instant brings nothing more
    ]
    for moment, posts_so_far in timeline:
        approve(sched_store, "Sergei Lavrov", f"Statement approved at {moment}", moment)
        clock.set(moment)
        await scheduler.run_once()
        assert len(poster.posts) == posts_so_far, moment
    with sched_store.reading() as session:
        ends = session.scalars(
            select(DigestPost.period_end)
            .where(DigestPost.subscription_id == sub)
            .order_by(DigestPost.period_end)
        ).all()
    assert ends == [
        utc(2024, 3, 30, 7).replace(tzinfo=None),
        utc(2024, 3, 31, 6).replace(tzinfo=None),
    ]
