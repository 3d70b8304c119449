"""Which chat channel a command came from, as the store keys its per-channel rows (digest
subscriptions, channel settings): platform, workspace and channel, each id within the
columns' 64 characters."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.errors import InvalidInput
from bot.core.types import Context

# The terminal (`attache chat`, the command line) is no chat channel.
LOCAL_PLATFORMS = ("cli", "console")
MAX_REF_CHARS = 64  # the workspace / channel columns of subscription and channel_setting


@dataclass(frozen=True)
class ChannelKey:
    platform: str
    workspace: str
    channel: str

    @classmethod
    def of(cls, context: Context, *, local_channel: str | None = None) -> ChannelKey | None:
        """The channel `context` came from. None without a channel, and on the terminal unless
        `local_channel` names the one channel it stands for there (digests have one)."""
        if context.platform in LOCAL_PLATFORMS:
            if local_channel is None:
                return None
            return cls("console", context.workspace or "", context.channel or local_channel)
        if not context.channel:
            return None
        return cls(context.platform, context.workspace or "", context.channel)

    @property
    def fits(self) -> bool:
        return len(self.channel) <= MAX_REF_CHARS and len(self.workspace) <= MAX_REF_CHARS

    def check_length(self) -> None:
        """Before writing: ids longer than the columns are refused, naming the limit."""
        for what, value in (("channel", self.channel), ("workspace", self.workspace)):
            if len(value) > MAX_REF_CHARS:
                raise InvalidInput(
                    f"the {what} id is {len(value)} characters long; the limit is {MAX_REF_CHARS}"
                )
