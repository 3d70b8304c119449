"""`attache serve --discord`: the runner `bot/serve.py` starts, and the digest poster.

Settings come from the environment (see `adapters/discord/settings.py`):
DISCORD_TOKEN, optional DISCORD_GUILD_ID (sync commands to one guild, for development),
DISCORD_SHARD_IDS / DISCORD_SHARD_COUNT (split shards across processes) and
ATTACHE_DISCORD_ADMIN_ROLE_IDS (roles that count as admin besides Manage Server).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from adapters.discord.client import AttacheClient
from adapters.discord.poster import DiscordPoster
from adapters.discord.settings import DiscordSettings, settings_problems
from bot.app.dispatch import Core

log = logging.getLogger(__name__)

__all__ = ["DiscordPoster", "DiscordRunner"]


class DiscordRunner:
    platform = "discord"

    @staticmethod
    def missing_settings(env: Mapping[str, str]) -> list[str]:
        return settings_problems(env)

    def __init__(self, core: Core, env: Mapping[str, str]) -> None:
        self._core = core
        self._settings = DiscordSettings.from_env(env)
        self.client: AttacheClient | None = None
        self.poster = DiscordPoster(lambda: self.client)

    async def run(self) -> None:
        """Connect and answer until cancelled; the client is closed on the way out."""
        client = AttacheClient(self._core, self._settings)
        self.client = client
        try:
            async with client:
                await client.start(self._settings.token)
        finally:
            self.client = None
            log.info("Discord: client closed")
