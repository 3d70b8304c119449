"""Digests into threads and forum channels: the real discord.py client, through the
DiscordPoster the scheduler uses, against the fake Discord; posted exactly once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from adapters.discord.poster import THREAD_NAME_LIMIT, forum_post_name
from bot.app.dispatch import Core
from bot.core.types import Reply
from bot.schedule.scheduler import Scheduler
from bot.store.models import DigestPost, Subscription
from bot.store.store import Store
from tests.discord.fake_discord import CHANNEL_ID, FakeDiscord
from tests.discord.fake_payloads import FORUM_ID, THREAD_ID, forum_channel
from tests.discord.harness import running_bot, text_of
from tests.schedule.conftest import VirtualClock, approve, neutralise_seeds, subscribe, utc

LAST, NEXT = utc(2024, 5, 1, 9), utc(2024, 5, 2, 9)
FORUM_POSTS = rf"/channels/{FORUM_ID}/threads"


def _digest_for(store: Store, channel: int, count: int) -> list[int]:
    """A daily digest for `channel` whose period (LAST, NEXT] holds `count` approvals."""
    neutralise_seeds(store)
    subscribe(store, platform="discord", channel=str(channel), created=utc(2024, 4, 1), last=LAST)
    return [
        approve(store, "Ned Price", f"Point {n} of the briefing.", LAST + timedelta(hours=1 + n))
        for n in range(count)
    ]


def _rows(store: Store) -> list[tuple[str, int]]:
    with store.reading() as session:
        rows = session.scalars(select(DigestPost).order_by(DigestPost.id)).all()
        return [(r.status, r.attempts) for r in rows]


async def test_a_digest_for_a_forum_is_a_new_forum_post_posted_exactly_once(store) -> None:
    """A forum takes no messages: the digest becomes a post named after it and the day,
    its first message starting the post and the rest inside it; a failed post is recorded
    as not posted, retried, and posted once."""
    ids = _digest_for(store, FORUM_ID, 11)
    with store.transaction() as session:  # ten stories of one card each, and "1 more"
        session.execute(update(Subscription).values(stories=10))
    async with FakeDiscord() as fake, running_bot(fake, Core(store)) as runner:
        scheduler = Scheduler(
            store, {"discord": runner.poster}, clock=VirtualClock(NEXT), owner="t"
        )
        fake.forbid("POST", FORUM_POSTS)
        assert [o.status for o in await scheduler.run_once(NEXT)] == ["retry"]
        assert _rows(store) == [("retry", 1)]
        fake.permit()  # the permission is granted
        later = NEXT + timedelta(minutes=5)
        assert [o.status for o in await scheduler.run_once(later)] == ["posted"]
        assert await scheduler.run_once(later + timedelta(hours=1)) == []  # nothing twice
        posts = fake.find("POST", FORUM_POSTS)
        in_post = fake.find("POST", r"/channels/\d+/messages")

    assert [p.status for p in posts] == [403, 200]
    assert _rows(store) == [("posted", 2)]
    post = posts[-1]
    thread_id = post.response["id"]
    name = post.body["name"]
    assert name.startswith("Digest: 11 new statements since 2024-05-01 09:00 UTC")
    assert name.endswith(datetime.now(UTC).strftime("%Y-%m-%d")) and len(name) <= 100
    first = post.body["message"]
    assert first["allowed_mentions"] == {"parse": []}
    assert len(first["embeds"]) == 10
    assert in_post == []  # ten cards fit the post's first message (a threaded digest's
    # stories follow inside the post: test_a_threaded_digest_in_a_forum_is_one_post)
    shown = text_of(first)
    assert sum(f"Point {n} of the briefing." in shown for n in range(len(ids))) == 10
    assert "And 1 more" in shown and thread_id


async def test_a_digest_for_a_thread_goes_into_the_thread(store) -> None:
    _digest_for(store, THREAD_ID, 2)
    async with FakeDiscord() as fake, running_bot(fake, Core(store)) as runner:
        scheduler = Scheduler(
            store, {"discord": runner.poster}, clock=VirtualClock(NEXT), owner="t"
        )
        assert [o.status for o in await scheduler.run_once(NEXT)] == ["posted"]
        posts = fake.find("POST", r"/channels/\d+/messages")

    assert [p.path for p in posts] == [f"/channels/{THREAD_ID}/messages"]
    assert [p.status for p in posts] == [200]
    assert "Point 1 of the briefing." in text_of(posts[0].body)
    assert not fake.find("POST", r"/channels/\d+/threads")


async def test_a_forum_the_bot_has_not_cached_is_looked_up_once(store) -> None:
    """A forum in a guild another process's shards hold: its type comes from Discord
    (GET /channels/{id}) the first time, and is remembered."""
    elsewhere = 860000000000000001
    reply = Reply(title="Digest: 1 new statement so far", lines=("Russia: Sergei Lavrov (1)",))
    async with FakeDiscord() as fake, running_bot(fake, Core(store)) as runner:
        fake.add_channel(forum_channel(elsewhere, "elsewhere"))
        await runner.poster.post(str(elsewhere), reply)
        await runner.poster.post(str(elsewhere), reply)
        await runner.poster.post(str(CHANNEL_ID), reply)
        lookups = fake.find("GET", rf"/channels/{elsewhere}")
        posts = fake.find("POST", rf"/channels/{elsewhere}/threads")

    assert [r.status for r in lookups] == [200]
    assert [p.status for p in posts] == [200, 200]
    assert not fake.find("POST", rf"/channels/{elsewhere}/messages")
    assert [p.status for p in fake.find("POST", rf"/channels/{CHANNEL_ID}/messages")] == [200]


async def test_a_channel_discord_does_not_know_is_a_clear_error(store) -> None:
    async with FakeDiscord() as fake, running_bot(fake, Core(store)) as runner:
        try:
            await runner.poster.post("870000000000000001", Reply(title="Digest"))
        except LookupError as error:
            message = str(error)
        else:
            raise AssertionError("posting to an unknown channel must fail")
    assert "no channel 870000000000000001 that the bot can see" in message


def test_a_forum_post_name_keeps_the_date_within_100_characters() -> None:
    today = datetime(2024, 5, 2, tzinfo=UTC)
    name = forum_post_name(Reply(title="Digest: " + "very long words " * 20), today)
    assert len(name) <= THREAD_NAME_LIMIT and name.endswith("… · 2024-05-02")
    assert forum_post_name(Reply(title="Digest: 2 new"), today) == "Digest: 2 new · 2024-05-02"
