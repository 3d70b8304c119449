"""`/admin schedule now`: the digest goes to the channel through the Poster, the outcome to
the admin privately; a failed post records nothing as posted."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.app.dispatch import Core
from bot.store.models import DigestPost, Subscription
from bot.store.store import Store
from tests.discord.fake_discord import (
    CHANNEL_ID,
    EPHEMERAL,
    MANAGE_GUILD,
    MEMBER_PERMISSIONS,
    FakeDiscord,
)
from tests.discord.harness import add_statements, running_bot, text_of

ADMIN = MEMBER_PERMISSIONS | MANAGE_GUILD
CHANNEL_POSTS = rf"/channels/{CHANNEL_ID}/messages"


async def _admin(fake: FakeDiscord, path: str, options: dict[str, Any] | None = None) -> list:
    token = await fake.interact(fake.slash(path, options, permissions=ADMIN))
    messages = await fake.wait_for(lambda: fake.messages_for(token))
    (defer,) = fake.callbacks_for(token)
    assert defer["type"] == 5 and defer["data"]["flags"] & EPHEMERAL  # private throughout
    return messages


def _posts(store: Store) -> list[tuple[str, bool, int | None]]:
    with store.reading() as session:
        rows = session.scalars(select(DigestPost).order_by(DigestPost.id)).all()
        return [(r.status, r.manual, r.statement_count) for r in rows]


def _window_moved(store: Store) -> bool:
    with store.reading() as session:
        (sub,) = session.scalars(select(Subscription)).all()
        return sub.last_period_end is not None


async def test_schedule_now_posts_the_digest_to_the_channel_and_tells_the_admin(
    empty_store,
) -> None:
    store = empty_store
    async with FakeDiscord() as fake, running_bot(fake, Core(store)) as runner:
        await _admin(fake, "admin schedule set", {"when": "daily 09:00 UTC"})
        add_statements(store, "Digest Person", ["First point made.", "Second point @here."])
        (reply,) = await _admin(fake, "admin schedule now")
        posts = fake.find("POST", CHANNEL_POSTS)

    assert reply["content"] == "Posted the digest to #general: 2 statements."
    assert not reply.get("embeds")  # the statements are in the channel, not in the reply
    assert posts and all(p.status == 200 for p in posts)
    channel_text = "\n".join(text_of(p.body) for p in posts)
    assert "First point made." in channel_text and "Second point" in channel_text
    assert all(p.body["allowed_mentions"] == {"parse": []} for p in posts)
    assert not any(p.body.get("flags", 0) & EPHEMERAL for p in posts)
    assert runner.poster.platform == "discord"
    assert _posts(store) == [("posted", True, 2)]
    assert _window_moved(store)


async def test_a_failed_post_records_nothing_as_posted_and_tells_the_admin(empty_store) -> None:
    store = empty_store
    async with FakeDiscord() as fake, running_bot(fake, Core(store)):
        await _admin(fake, "admin schedule set", {"when": "daily 09:00 UTC"})
        add_statements(store, "Digest Person", ["Kept for the next digest."])
        fake.forbid("POST", CHANNEL_POSTS)
        (failed,) = await _admin(fake, "admin schedule now")
        assert [p.status for p in fake.find("POST", CHANNEL_POSTS)] == [403]
        assert _posts(store) == [("failed", True, 1)]
        assert not _window_moved(store)

        fake.permit()  # the permission is granted: the same statements are posted
        (posted,) = await _admin(fake, "admin schedule now")
        post = fake.find("POST", CHANNEL_POSTS)[-1]

    assert failed["content"].startswith("Could not post the digest to #general: ")
    assert "Missing Permissions" in failed["content"]
    assert "Nothing was recorded as posted" in failed["content"]
    assert posted["content"] == "Posted the digest to #general: 1 statement."
    assert post.status == 200 and "Kept for the next digest." in text_of(post.body)
    assert [s for s, _, _ in _posts(store)] == ["failed", "posted"]
    assert _window_moved(store)
