"""A channel's digest as a thread (`schedule set … post=thread`): the headline in the
channel, its stories in a thread started from it, or, in a forum, one post. The real
discord.py client, through the DiscordPoster the scheduler uses, against the fake Discord;
posted exactly once, and never again once any part of it has reached Discord."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from bot.app.dispatch import Core
from bot.schedule.scheduler import Scheduler
from bot.store.models import DigestPost, Subscription
from bot.store.store import Store
from tests.discord.fake_discord import CHANNEL_ID, FakeDiscord
from tests.discord.fake_payloads import FORUM_ID
from tests.discord.harness import running_bot, text_of
from tests.schedule.conftest import VirtualClock, approve, neutralise_seeds, subscribe, utc

LAST, NEXT = utc(2024, 5, 1, 9), utc(2024, 5, 2, 9)
THREAD_FROM = rf"/channels/{CHANNEL_ID}/messages/\d+/threads"
SPEAKERS = ("Sergei Lavrov", "Dmytro Kuleba", "Antony Blinken")
TOPICS = ("grain corridor", "prisoner exchange", "gas pipeline")


def _threaded_digest(store: Store, channel: int) -> None:
    """A daily digest posted as a thread, whose period holds three stories of three sides."""
    neutralise_seeds(store)
    subscribe(store, platform="discord", channel=str(channel), created=utc(2024, 4, 1), last=LAST)
    with store.transaction() as session:
        session.execute(update(Subscription).values(delivery="thread"))
    for n, topic in enumerate(TOPICS):
        for m, speaker in enumerate(SPEAKERS):
            at = LAST + timedelta(hours=1 + n, minutes=m)
            approve(store, speaker, f"{speaker.split()[1]} spoke on the {topic} today.", at)


def _rows(store: Store) -> list[tuple[str, int]]:
    with store.reading() as session:
        rows = session.scalars(select(DigestPost).order_by(DigestPost.id)).all()
        return [(r.status, r.attempts) for r in rows]


def _scheduler(store: Store, poster) -> Scheduler:  # noqa: ANN001
    return Scheduler(store, {"discord": poster}, clock=VirtualClock(NEXT), owner="t")


async def test_a_threaded_digest_is_a_headline_with_its_stories_in_a_thread_once(store) -> None:
    _threaded_digest(store, CHANNEL_ID)
    async with FakeDiscord() as fake, running_bot(fake, Core(store)) as runner:
        scheduler = _scheduler(store, runner.poster)
        assert [o.status for o in await scheduler.run_once(NEXT)] == ["posted"]
        assert await scheduler.run_once(NEXT + timedelta(hours=1)) == []  # nothing twice
        in_channel = fake.find("POST", rf"/channels/{CHANNEL_ID}/messages")
        started = fake.find("POST", THREAD_FROM)
        thread_id = started[0].response["id"] if started else "none"
        in_thread = fake.find("POST", rf"/channels/{thread_id}/messages")

    assert _rows(store) == [("posted", 1)]
    (headline,) = in_channel
    assert "Digest: 9 new statements" in text_of(headline.body)
    assert headline.body["allowed_mentions"] == {"parse": []}
    (thread,) = started
    # The thread is started from the headline and named after it.
    assert thread.path == f"/channels/{CHANNEL_ID}/messages/{headline.response['id']}/threads"
    assert thread.body["name"].startswith("Digest: 9 new statements")
    stories = "".join(text_of(p.body) for p in in_thread)
    assert len(in_thread) >= 1 and all(p.status == 200 for p in in_thread)
    for topic in TOPICS:  # each story's statements are in the thread, not the channel
        assert topic in stories and topic not in text_of(headline.body).split("\n", 1)[0]


async def test_a_threaded_digest_in_a_forum_is_one_post_headline_first(store) -> None:
    _threaded_digest(store, FORUM_ID)
    async with FakeDiscord() as fake, running_bot(fake, Core(store)) as runner:
        scheduler = _scheduler(store, runner.poster)
        assert [o.status for o in await scheduler.run_once(NEXT)] == ["posted"]
        assert await scheduler.run_once(NEXT + timedelta(hours=1)) == []
        (post,) = fake.find("POST", rf"/channels/{FORUM_ID}/threads")
        in_post = fake.find("POST", rf"/channels/{post.response['id']}/messages")

    assert _rows(store) == [("posted", 1)]
    assert "Digest: 9 new statements" in text_of(post.body["message"])
    assert in_post and "grain corridor" in "".join(text_of(p.body) for p in in_post)


async def test_a_digest_that_reached_discord_in_part_is_never_posted_again(store) -> None:
    """The headline is posted, then starting its thread is refused: the period is recorded
    as not confirmed (`unknown`) and not retried, so the headline is never repeated."""
    _threaded_digest(store, CHANNEL_ID)
    async with FakeDiscord() as fake, running_bot(fake, Core(store)) as runner:
        fake.forbid("POST", THREAD_FROM)
        scheduler = _scheduler(store, runner.poster)
        outcomes = await scheduler.run_once(NEXT)
        fake.permit()  # even once the permission is granted
        later = await scheduler.run_once(NEXT + timedelta(minutes=30))
        headlines = fake.find("POST", rf"/channels/{CHANNEL_ID}/messages")

    assert [o.status for o in outcomes] == ["unknown"]
    assert "only part of the digest was posted" in outcomes[0].detail
    assert later == []
    assert len(headlines) == 1
    assert _rows(store) == [("unknown", 1)]
    with store.reading() as session:  # its statements go into the next digest
        assert session.scalar(select(Subscription.last_period_end)) == LAST.replace(tzinfo=None)
