"""The delivery pieces the digest scheduler and the review notifier share
(bot/store/delivery.py): which open rows a pass takes over, which it must abandon, how long
a failed post waits, and that one failing pass does not end the loop."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest

from bot.store.delivery import open_row_step, retry_delay, run_passes

NOW = datetime(2026, 12, 6, 12, 0)
LEASE = timedelta(minutes=10)


@pytest.mark.parametrize(
    ("status", "age", "retry_in", "step"),
    [
        ("posting", timedelta(minutes=11), None, "abandon"),  # its holder died mid-post
        ("posting", timedelta(minutes=9), None, None),  # still being posted
        ("claimed", timedelta(minutes=10), None, "take"),  # its holder died before posting
        ("claimed", timedelta(minutes=1), None, None),
        ("retry", timedelta(minutes=1), timedelta(seconds=-1), "take"),  # due
        ("retry", timedelta(hours=1), timedelta(minutes=5), None),  # not yet, however old
        ("retry", timedelta(0), None, "take"),
    ],
)
def test_what_a_pass_may_do_with_an_open_row(
    status: str, age: timedelta, retry_in: timedelta | None, step: str | None
) -> None:
    retry_at = NOW + retry_in if retry_in is not None else None
    assert open_row_step(status, NOW - age, retry_at, LEASE, NOW) == step


class Limited(Exception):
    retry_after = 90


def test_backoff_doubles_up_to_its_cap_and_honours_retry_after() -> None:
    minute, cap = timedelta(minutes=1), timedelta(minutes=30)
    assert [retry_delay(n, Exception(), minute, cap).seconds // 60 for n in (1, 2, 3, 6)] == [
        1,
        2,
        4,
        30,
    ]
    assert retry_delay(1, Limited(), minute, cap) == timedelta(seconds=90)


async def test_a_failing_pass_is_logged_and_the_next_one_runs(caplog) -> None:  # noqa: ANN001
    passes: list[int] = []
    sleeps: list[float] = []

    async def run_once() -> None:
        passes.append(len(passes))
        if len(passes) == 1:
            raise RuntimeError("the store was busy")

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        if len(sleeps) == 3:
            raise asyncio.CancelledError

    with pytest.raises(asyncio.CancelledError):
        await run_passes(run_once, tick_s=15.0, sleep=sleep, what="test")
    assert passes == [0, 1, 2] and sleeps == [15.0, 15.0, 15.0]
    assert "test pass failed" in caplog.text
