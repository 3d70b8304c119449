"""A channel's digest options (issue 19): how many stories, and a message or a thread —
set with `schedule set`, stored by migration 0012, used by scheduled posts, `schedule now`
and the `digest` preview alike."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import inspect, select

from bot.app.dispatch import Core
from bot.core.types import Command, Context
from bot.schedule import periods
from bot.schedule.digest import MAX_STORIES
from bot.schedule.scheduler import Scheduler
from bot.store.db import HEAD_REVISION, current_revision, migrate
from bot.store.models import Subscription
from bot.store.store import Store
from tests.schedule.conftest import FakePoster, VirtualClock, approve, neutralise_seeds, utc

NOW = utc(2024, 6, 3, 12)
ADMIN = Context(platform="test", workspace="W1", channel="C1", user_id="boss", is_admin=True)
TOPICS = ("grain corridor", "prisoner exchange", "gas pipeline", "nuclear reactor")


@pytest.fixture(autouse=True)
def virtual_now(monkeypatch) -> None:
    monkeypatch.setattr(periods, "utc_now", lambda: NOW)


async def run(core: Core, name: str, text: str = "", **options: str):
    return await core.handle(Command(name, text, options=options, context=ADMIN))


def columns(store: Store) -> set[str]:
    return {c["name"] for c in inspect(store.engine).get_columns("subscription")}


def test_migration_0012_adds_the_columns_and_removes_them_on_the_way_down(
    empty_store: Store,
) -> None:
    assert {"stories", "delivery"} <= columns(empty_store)
    migrate(empty_store.engine, "0011")
    assert current_revision(empty_store.engine) == "0011"
    assert not {"stories", "delivery"} & columns(empty_store)
    migrate(empty_store.engine)
    assert current_revision(empty_store.engine) == HEAD_REVISION
    assert {"stories", "delivery"} <= columns(empty_store)


async def test_set_stores_stories_and_thread_and_show_tells_them(core: Core, store: Store) -> None:
    reply = await run(core, "schedule", "set daily 09:00 UTC stories=2 post=thread")
    assert not reply.is_error, reply.title
    with store.reading() as session:
        sub = session.scalar(select(Subscription))
        assert (sub.stories, sub.delivery) == (2, "thread")
    shown = await run(core, "schedule", "show")
    assert "Each digest: up to 2 stories, posted as a headline, its stories in a thread" in (
        shown.lines
    )
    # Changing the time keeps them; a new value replaces one.
    await run(core, "schedule", "set daily 10:00 UTC post=message")
    with store.reading() as session:
        sub = session.scalar(select(Subscription))
        assert (sub.stories, sub.delivery) == (2, "message")


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("stories=0", f"stories must be a whole number from 1 to {MAX_STORIES}; got “0”"),
        ("stories=many", f"stories must be a whole number from 1 to {MAX_STORIES}; got “many”"),
        ("post=dm", "post must be message"),
    ],
)
async def test_bad_options_are_refused_naming_the_limit(
    core: Core, store: Store, option: str, message: str
) -> None:
    reply = await run(core, "schedule", f"set daily 09:00 UTC {option}")
    assert reply.is_error and message in reply.title
    with store.reading() as session:
        assert session.scalar(select(Subscription)) is None


async def test_preview_schedule_now_and_scheduled_posts_show_the_same_digest(
    core: Core, store: Store
) -> None:
    neutralise_seeds(store)
    await run(core, "schedule", "set daily 09:00 UTC stories=3 post=thread")
    for n, topic in enumerate(TOPICS):
        for m, speaker in enumerate(("Sergei Lavrov", "Dmytro Kuleba")):
            approve(
                store,
                speaker,
                f"{speaker.split()[1]} spoke on the {topic} today.",
                NOW - timedelta(hours=2, minutes=10 * n + m),
            )

    preview = await run(core, "digest")
    scheduled = FakePoster()
    period_end = utc(2024, 6, 4, 9)
    scheduler = Scheduler(store, {"test": scheduled}, clock=VirtualClock(period_end), owner="t")
    with store.transaction() as session:  # the channel's first period: from NOW on
        session.scalar(select(Subscription)).last_period_end = NOW.replace(tzinfo=None) - timedelta(
            days=1
        )
    assert [o.status for o in await scheduler.run_once(period_end)] == ["posted"]
    ((_, posted),) = scheduled.posts
    with store.transaction() as session:  # again, for `schedule now`
        session.scalar(select(Subscription)).last_period_end = NOW.replace(tzinfo=None) - timedelta(
            days=1
        )
    now = await run(core, "schedule", "now")

    # Three stories, each its own reply in the thread under a headline listing them.
    assert len(posted.thread) == 3 and len(posted.lines) == 3
    assert not posted.items
    stories = [[i.statement_id for i in part.items] for part in posted.thread]
    assert [[i.statement_id for i in part.items] for part in now.thread] == stories
    # The preview shows the same statements, in one reply (a preview is never threaded).
    assert [i.statement_id for i in preview.items] == [i for s in stories for i in s]
    assert preview.title.startswith("Digest: 8 new statements")
    assert "in 3 stories" in preview.title and "in 3 stories" in posted.title
