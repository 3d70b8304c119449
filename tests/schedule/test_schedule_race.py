"""Several schedulers, one database: every period is posted exactly once (acceptance 3).

Each scheduler runs in its own thread with its own engine, as separate processes would.
Run on an SQLite file, and on PostgreSQL when ATTACHE_TEST_POSTGRES_URL is set (each test
then gets a schema of its own; see the `pg_url` fixture).
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.schedule.scheduler import Outcome, Scheduler
from bot.store.models import DigestPost
from bot.store.store import Store
from tests.schedule.conftest import FakePoster, VirtualClock, approve, subscribe, utc

DAY1 = utc(2024, 6, 1, 9)
PERIODS = [DAY1 + timedelta(days=n) for n in (1, 2, 3)]
CHANNELS = 6
BACKENDS = [
    pytest.param("file_url", id="sqlite-file"),
    pytest.param("pg_url", id="postgres", marks=pytest.mark.postgres),
]


@pytest.fixture(params=BACKENDS)
def shared_url(request) -> str:
    return request.getfixturevalue(request.param)


def setup(url: str) -> Store:
    store = Store.open(url, prepare=False)
    for n in range(CHANNELS):
        subscribe(store, created=utc(2024, 5, 1), last=DAY1, channel=f"c{n}")
    for period in PERIODS:
        approve(store, "Ned Price", f"Said before {period}.", period - timedelta(hours=1))
    return store


def race(url: str, owners: list[str], posters: dict[str, FakePoster], work) -> list[Outcome]:
    """Run `work(scheduler, barrier)` for each owner at once, each with its own engine."""
    barrier = threading.Barrier(len(owners))

    def one(owner: str) -> list[Outcome]:
        store = Store.open(url, prepare=False)
        try:
            sched = Scheduler(
                store, {"test": posters[owner]}, clock=VirtualClock(DAY1), owner=owner
            )
            return asyncio.run(work(sched, barrier))
        finally:
            store.close()

    with ThreadPoolExecutor(len(owners)) as pool:
        return [o for outcomes in pool.map(one, owners) for o in outcomes]


def posted(posters: dict[str, FakePoster]) -> Counter:
    return Counter((channel, reply.title) for p in posters.values() for channel, reply in p.posts)


def test_schedulers_that_all_saw_a_period_due_post_it_exactly_once(shared_url: str) -> None:
    """Every scheduler finds the same periods due, then all claim at the same moment."""
    setup(shared_url).close()
    owners = ["a", "b", "c"]
    posters = {o: FakePoster() for o in owners}
    for period in PERIODS:

        async def work(sched: Scheduler, barrier: threading.Barrier) -> list[Outcome]:
            tasks = sched.find_due(period)  # noqa: B023 - run before the loop moves on
            assert len(tasks) == CHANNELS
            barrier.wait()
            return [await sched.process(task, period) for task in tasks]  # noqa: B023

        outcomes = race(shared_url, owners, posters, work)
        by_sub = Counter((o.subscription_id, o.status) for o in outcomes)
        assert all(by_sub[(sid, "posted")] == 1 for sid, _ in by_sub), by_sub
        assert sum(by_sub[k] for k in by_sub if k[1] == "lost") == CHANNELS * (len(owners) - 1)
    counts = posted(posters)
    assert len(counts) == CHANNELS * len(PERIODS) and set(counts.values()) == {1}
    store = Store.open(shared_url, prepare=False)
    with store.reading() as session:
        rows = session.scalars(select(DigestPost)).all()
    store.close()
    assert len(rows) == CHANNELS * len(PERIODS) and {r.status for r in rows} == {"posted"}


def test_whole_passes_racing_post_each_period_exactly_once(shared_url: str) -> None:
    setup(shared_url).close()
    owners = ["a", "b"]
    posters = {o: FakePoster() for o in owners}
    for period in PERIODS:

        async def work(sched: Scheduler, barrier: threading.Barrier) -> list[Outcome]:
            barrier.wait()
            return await sched.run_once(period)  # noqa: B023

        race(shared_url, owners, posters, work)
    counts = posted(posters)
    assert len(counts) == CHANNELS * len(PERIODS) and set(counts.values()) == {1}


def test_survivors_racing_for_a_stale_claim_take_it_over_once(shared_url: str) -> None:
    store = Store.open(shared_url, prepare=False)
    subscribe(store, created=utc(2024, 5, 1), last=DAY1)
    approve(store, "Ned Price", "Something new.", DAY1 + timedelta(hours=1))
    victim = Scheduler(store, {"test": FakePoster()}, owner="victim")
    (task,) = victim.find_due(PERIODS[0])
    assert victim._insert(task.subscription_id, task.period_end, "claimed", PERIODS[0])
    store.close()  # ... and the victim died holding the claim
    after_lease = PERIODS[0] + timedelta(minutes=11)
    owners = ["x", "y", "z"]
    posters = {o: FakePoster() for o in owners}

    async def work(sched: Scheduler, barrier: threading.Barrier) -> list[Outcome]:
        tasks = sched.find_due(after_lease)
        assert [t.action for t in tasks] == ["reclaim"]
        barrier.wait()
        return [await sched.process(t, after_lease) for t in tasks]

    outcomes = race(shared_url, owners, posters, work)
    assert sorted(o.status for o in outcomes) == ["lost", "lost", "posted"]
    assert sum(len(p.posts) for p in posters.values()) == 1


@pytest.mark.postgres
def test_postgres_schema_matches_the_models(pg_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from bot.store.models import Base

    store = Store.open(pg_url, prepare=False)
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    store.close()
    # statement_search (and its GIN index) is the PostgreSQL search backend's own; the rest
    # must match the models, digest_post included.
    drift = [d for d in diff if "statement_search" not in repr(d)]
    assert drift == []
