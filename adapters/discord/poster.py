"""The digest poster: a reply into a channel, a thread or a forum by id. The scheduler posts
scheduled digests through it and `/admin schedule now` posts the digest it asks for
through it.

A text channel and a thread take messages alike. A forum (or media) channel takes no
messages: each digest becomes a new forum post, named after the digest and the day, whose
first message is the digest's first message; the rest follow inside the post. A digest
posted as a thread (its `thread` replies: the stories under a headline) goes into a text
channel as the headline message with a thread started from it, named like a forum post,
holding the stories; into a forum, as one post: the headline first, the stories after it.

Once the first message is in the channel, any later failure is raised as `PartlyPosted`, so
the scheduler never posts the digest again (a retry would repeat what did arrive). Which kind a
channel is comes from discord.py's cache or, failing that, from Discord (GET /channels/{id})
once: a channel's type never changes, so it is kept for the life of the poster.

Any error propagates: the caller records the digest as posted only once `post` returned.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import discord

from adapters.discord.render import MessagePayload, render
from adapters.discord.replies import message_kwargs
from bot.core.poster import PartlyPosted
from bot.core.shorten import shorten
from bot.core.types import Reply

THREAD_NAME_LIMIT = 100  # a forum post's (thread's) name
FORUM_TYPES = (discord.ChannelType.forum, discord.ChannelType.media)


class DiscordPoster:
    """Posts a reply by channel id, through whichever client is connected."""

    platform = "discord"

    def __init__(self, client: Callable[[], discord.Client | None]) -> None:
        self._client = client
        # channel id -> the forum to post in, or None: post messages to the id.
        self._forums: dict[int, discord.ForumChannel | None] = {}

    async def post(self, channel_ref: str, reply: Reply) -> None:
        if not channel_ref.isdigit():
            raise ValueError(f"a Discord channel id is digits only (got “{channel_ref[:40]}”)")
        client = self._client()
        if client is None or client.user is None:
            raise RuntimeError("the Discord client is not connected; the digest will be retried")
        channel_id = int(channel_ref)
        forum = await self._forum(client, channel_id)
        if forum is not None:
            await post_to_forum(forum, reply)
        elif reply.thread:
            await post_with_thread(client, channel_id, reply)
        else:
            await post_messages(client.get_partial_messageable(channel_id), render(reply))

    async def _forum(self, client: discord.Client, channel_id: int) -> discord.ForumChannel | None:
        if channel_id not in self._forums:
            channel = client.get_channel(channel_id)
            if channel is None:
                try:
                    channel = await client.fetch_channel(channel_id)
                except discord.NotFound:
                    raise LookupError(
                        f"Discord has no channel {channel_id} that the bot can see; was it "
                        "deleted, or is the bot no longer in the server?"
                    ) from None
            forum = channel if isinstance(channel, discord.ForumChannel) else None
            is_forum = forum is not None and forum.type in FORUM_TYPES
            self._forums[channel_id] = forum if is_forum else None
        return self._forums[channel_id]


async def post_messages(
    channel: discord.abc.Messageable, payloads: list[MessagePayload], posted: int = 0
) -> discord.Message | None:
    """Send each message in order; the first one sent is returned. A failure after any
    message of the digest reached Discord (`posted` counts those sent before) is raised as
    `PartlyPosted`."""
    first: discord.Message | None = None
    for payload in payloads:
        try:
            sent = await channel.send(**message_kwargs(payload))
        except Exception as exc:
            if posted:
                raise PartlyPosted(posted, exc) from exc
            raise
        first = first or sent
        posted += 1
    return first


async def post_with_thread(client: discord.Client, channel_id: int, reply: Reply) -> None:
    """The headline in the channel, then a thread started from it holding the stories."""
    channel = client.get_partial_messageable(channel_id)
    headline = render(reply)
    message = await post_messages(channel, headline)
    assert message is not None  # a reply renders to one message at least
    try:
        # Through the HTTP route: a message sent to a partial channel carries no guild,
        # which discord.py's Message.create_thread requires.
        data = await client.http.start_thread_with_message(
            channel_id, message.id, name=forum_post_name(reply), auto_archive_duration=1440
        )
    except Exception as exc:
        raise PartlyPosted(len(headline), exc) from exc
    thread = client.get_partial_messageable(int(data["id"]))
    stories = [payload for part in reply.thread for payload in render(part)]
    await post_messages(thread, stories, posted=len(headline))


async def post_to_forum(forum: discord.ForumChannel, reply: Reply) -> None:
    """A new forum post for the reply: its first message starts the post, the rest follow
    (a threaded digest's stories after its headline)."""
    first, *rest = render(reply)
    rest += [payload for part in reply.thread for payload in render(part)]
    created = await forum.create_thread(name=forum_post_name(reply), **message_kwargs(first))
    await post_messages(created.thread, rest, posted=1)


def forum_post_name(reply: Reply, today: datetime | None = None) -> str:
    """ "Digest: 3 new statements since 2024-05-01 09:00 UTC · 2024-05-02", within
    Discord's 100 characters for a thread's name (the date is never cut)."""
    day = f" · {(today or datetime.now(UTC)):%Y-%m-%d}"
    return shorten(reply.title or "Digest", THREAD_NAME_LIMIT - len(day)) + day
