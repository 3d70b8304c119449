"""The digest poster: a reply into a channel by id. The scheduler posts scheduled digests
through it and `/admin schedule now` posts the digest it asks for through it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from adapters.discord.replies import post_to_channel
from bot.core.types import Reply

if TYPE_CHECKING:
    import discord


class DiscordPoster:
    """Posts a reply into a channel by id, through whichever client is connected."""

    platform = "discord"

    def __init__(self, client: Callable[[], discord.Client | None]) -> None:
        self._client = client

    async def post(self, channel_ref: str, reply: Reply) -> None:
        if not channel_ref.isdigit():
            raise ValueError(f"a Discord channel id is digits only (got “{channel_ref[:40]}”)")
        client = self._client()
        if client is None or client.user is None:
            raise RuntimeError("the Discord client is not connected; the digest will be retried")
        await post_to_channel(client.get_partial_messageable(int(channel_ref)), reply)
