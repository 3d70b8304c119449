"""A channel's digest as a thread on Slack (`schedule set … post=thread`): the headline in
the channel, its stories in the headline's thread (thread_ts). Through the real slack-bolt
app and the SlackPoster the scheduler uses, against the fake Slack; posted exactly once,
and never again once any part of it is in the channel."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from bot.app.dispatch import Core
from bot.schedule.periods import to_db, utc_now
from bot.schedule.scheduler import Scheduler
from bot.store.models import DigestPost, Subscription
from bot.store.store import Store
from tests.schedule.conftest import VirtualClock, approve, neutralise_seeds, utc
from tests.slack.conftest import ADMIN_ID, CHANNEL_ID, SlackHarness
from tests.slack.fakeslack import TEAM_ID, Call, FakeSlack

LAST, NEXT = utc(2024, 5, 1, 9), utc(2024, 5, 2, 9)
SPEAKERS = ("Sergei Lavrov", "Dmytro Kuleba", "Antony Blinken")
TOPICS = ("grain corridor", "prisoner exchange", "gas pipeline")


def threaded_digest(store: Store, *, last=LAST) -> None:  # noqa: ANN001
    """This channel's daily digest, posted as a thread, with three stories of three sides
    approved after `last`."""
    neutralise_seeds(store)
    with store.transaction() as session:
        session.add(
            Subscription(
                platform="slack",
                workspace=TEAM_ID,
                channel=CHANNEL_ID,
                cron="0 9 * * *",
                timezone="UTC",
                filters={},
                enabled=True,
                delivery="thread",
                last_period_end=to_db(last),
                created_by="test:admin",
                created_at=to_db(utc(2024, 4, 1)),
            )
        )
    for n, topic in enumerate(TOPICS):
        for m, speaker in enumerate(SPEAKERS):
            at = last + timedelta(hours=1 + n, minutes=m)
            approve(store, speaker, f"{speaker.split()[1]} spoke on the {topic} today.", at)


def rows(store: Store) -> list[tuple[str, int]]:
    with store.reading() as session:
        found = session.scalars(select(DigestPost).order_by(DigestPost.id)).all()
        return [(r.status, r.attempts) for r in found]


def posted(fake: FakeSlack) -> list[Call]:
    return fake.calls_to("chat.postMessage")


def assert_headline_then_thread(calls: list[Call], fake: FakeSlack) -> None:
    headline, *stories = calls
    assert headline.body["channel"] == CHANNEL_ID and not headline.body.get("thread_ts")
    assert "Digest: 9 new statements" in headline.text_dump
    ts = next(m.ts for m in fake.messages if m.thread_ts is None and m.channel == CHANNEL_ID)
    assert stories and all(c.body.get("thread_ts") == ts for c in stories)
    in_thread = "".join(c.text_dump for c in stories)
    assert all(topic in in_thread for topic in TOPICS)
    assert not any(topic in headline.body.get("text", "") for topic in TOPICS)


async def test_a_scheduled_threaded_digest_is_a_headline_and_its_stories_in_its_thread(
    slack: SlackHarness, core: Core
) -> None:
    store = core.services.store
    threaded_digest(store)
    scheduler = Scheduler(
        store, {"slack": slack.runner.poster}, clock=VirtualClock(NEXT), owner="t"
    )

    assert [o.status for o in await scheduler.run_once(NEXT)] == ["posted"]
    assert await scheduler.run_once(NEXT + timedelta(hours=1)) == []  # nothing twice

    assert rows(store) == [("posted", 1)]
    assert_headline_then_thread(posted(slack.fake), slack.fake)


async def test_schedule_now_posts_the_threaded_digest_once(slack: SlackHarness, core: Core) -> None:
    store = core.services.store
    # The channel's window ends now, so its statements are approved in the last day.
    threaded_digest(store, last=utc_now() - timedelta(hours=12))

    answer = await slack.slash("schedule now", user=ADMIN_ID)
    assert answer.status == 200
    await slack.fake.wait_for(lambda: len(posted(slack.fake)) >= 4, "the digest's stories")

    assert [s for s, _ in rows(store)] == ["posted"]
    assert_headline_then_thread(posted(slack.fake), slack.fake)


async def test_a_digest_that_reached_slack_in_part_is_never_posted_again(
    slack: SlackHarness, core: Core
) -> None:
    """The headline is posted, then Slack refuses its thread: the period is recorded as not
    confirmed (`unknown`), not retried, and the headline is never repeated."""
    store = core.services.store
    threaded_digest(store)
    fake = slack.fake
    answer = fake._answer

    def refusing_threads(method: str, call: Call) -> dict[str, Any]:
        if method == "chat.postMessage" and call.body.get("thread_ts"):
            return {"ok": False, "error": "restricted_action_thread_only_channel"}
        return answer(method, call)

    fake._answer = refusing_threads  # type: ignore[method-assign]
    scheduler = Scheduler(
        store, {"slack": slack.runner.poster}, clock=VirtualClock(NEXT), owner="t"
    )

    outcomes = await scheduler.run_once(NEXT)
    del fake._answer
    later = await scheduler.run_once(NEXT + timedelta(minutes=30))

    assert [o.status for o in outcomes] == ["unknown"]
    assert "only part of the digest was posted" in outcomes[0].detail
    assert later == []
    headlines = [c for c in posted(fake) if not c.body.get("thread_ts")]
    assert len(headlines) == 1
    assert rows(store) == [("unknown", 1)]
