"""`attache serve --console`: digests for the terminal's channel, printed to standard output.

No platform, no token: it lets `serve` run the poller and the scheduler on their own (a
worker process, or a demonstration), and gives schedules set with `attache schedule` or in
`attache chat` somewhere to post.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TextIO

from adapters.console.render import render, wants_underline
from bot.app.dispatch import Core
from bot.core.types import Reply


class ConsolePoster:
    platform = "console"

    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out or sys.stdout

    async def post(self, channel_ref: str, reply: Reply) -> None:
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        text = render(reply, underline=wants_underline(self.out))
        self.out.write(f"--- digest for {channel_ref} at {stamp} ---\n{text}\n\n")
        self.out.flush()


class ConsoleRunner:
    @staticmethod
    def missing_settings(env: Mapping[str, str]) -> list[str]:
        return []

    def __init__(self, core: Core, env: Mapping[str, str]) -> None:
        self.poster = ConsolePoster()

    async def run(self) -> None:
        await asyncio.Event().wait()  # nothing to listen to; posting is the scheduler's call
