"""`--channel [PLATFORM:[WORKSPACE:]]CHANNEL`: the chat channel a command runs for (its
digest schedule, its preview); without it, the terminal's own channel."""

from __future__ import annotations

from dataclasses import replace
from typing import cast, get_args

from bot.core.errors import InvalidInput
from bot.core.types import Context, Platform

PLATFORMS: tuple[str, ...] = get_args(Platform)
# The terminal's own channel. Whoever runs `attache` on the server's store is its admin.
TERMINAL = Context(platform="cli", user_id="cli", display_name="command line", is_admin=True)


def cli_context(channel: str | None) -> Context:
    """`--channel [PLATFORM:[WORKSPACE:]]CHANNEL` -> the Context of that channel.

    Without it, the terminal's own channel (the one `attache chat` schedules).
    """
    base = TERMINAL
    if channel is None or not channel.strip():
        return base
    parts = channel.strip().split(":")
    platform = parts[0].lower() if len(parts) > 1 and parts[0].lower() in PLATFORMS else None
    rest = parts[1:] if platform else parts
    if len(rest) > 2 or not all(rest) or (platform is None and len(parts) > 1):
        raise InvalidInput(
            f"--channel “{channel}” is not [PLATFORM:[WORKSPACE:]]CHANNEL, e.g. "
            f"discord:123456789:987654321; platforms: {', '.join(PLATFORMS)}"
        )
    workspace, name = (rest[0], rest[1]) if len(rest) == 2 else (None, rest[0])
    chosen = cast(Platform, platform or "cli")
    return replace(base, platform=chosen, workspace=workspace, channel=name)
