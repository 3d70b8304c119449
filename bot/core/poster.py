"""What the scheduler needs from an adapter to post a digest into a channel."""

from __future__ import annotations

from typing import Protocol

from bot.core.types import Reply


class Poster(Protocol):
    platform: str

    async def post(self, channel_ref: str, reply: Reply) -> None:
        """Post `reply` to the channel; raise on failure (the scheduler records and retries)."""
