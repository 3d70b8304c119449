"""What the scheduler needs from an adapter to post a digest into a channel."""

from __future__ import annotations

from typing import Protocol

from bot.core.types import Reply


class PartlyPosted(Exception):
    """Some of a reply's messages (a digest's headline, its first stories) reached the
    channel before a later one failed. Posting it again would show those twice, so the
    scheduler records the period as not confirmed and never retries it (POLICY.md)."""

    def __init__(self, posted: int, cause: BaseException) -> None:
        super().__init__(f"{posted} message(s) posted, then {type(cause).__name__}: {cause}")
        self.posted = posted
        self.cause = cause


class Poster(Protocol):
    platform: str

    async def post(self, channel_ref: str, reply: Reply) -> None:
        """Post `reply` to the channel, and its `thread` replies in a thread under it; raise
        on failure (the scheduler records and retries), `PartlyPosted` once any message of
        it has reached the channel."""
