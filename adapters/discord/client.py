"""The discord.py client: sharded, syncing the registry's commands on start, answering
interactions through the core."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from types import MappingProxyType

import discord

from adapters.discord.buttons import MoreButton, PageButton
from adapters.discord.command_plan import plan_commands
from adapters.discord.digest_now import answer_schedule_now
from adapters.discord.permissions import context_for
from adapters.discord.poster import DiscordPoster
from adapters.discord.replies import NO_MENTIONS, answer
from adapters.discord.review_cards import ReviewButton, submit_form
from adapters.discord.review_notices import OpenReviewButton
from adapters.discord.settings import DiscordSettings
from adapters.discord.syntax import DiscordSyntax
from adapters.discord.tree import build_tree
from bot.app.dispatch import Core
from bot.core.types import Command

log = logging.getLogger(__name__)


class AttacheClient(discord.AutoShardedClient):
    def __init__(self, core: Core, settings: DiscordSettings) -> None:
        intents = discord.Intents.none()
        intents.guilds = True  # guild and role caches: enough for permission checks
        super().__init__(
            intents=intents,
            # None: all shards. discord.py reads it as Optional (shard.py pops it with a
            # None default); its options TypedDict declares only the list.
            shard_ids=list(settings.shard_ids) if settings.shard_ids else None,  # type: ignore[arg-type]
            shard_count=settings.shard_count,
            allowed_mentions=NO_MENTIONS,
            chunk_guilds_at_startup=False,
            member_cache_flags=discord.MemberCacheFlags.none(),
            max_messages=None,
        )
        self.core = core
        self.settings = settings
        self.plan = plan_commands(core.registry)
        self.syntax = DiscordSyntax(self.plan)  # help and hints name these very commands
        self.tree = build_tree(self, self.plan, settings.admin_role_ids)
        # The scheduler's path into a channel, for `/admin schedule now`.
        self.poster = DiscordPoster(lambda: self)

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        # Edit forms are answered here, not by the form object: see submit_form.
        if interaction.type == discord.InteractionType.modal_submit:
            await submit_form(interaction, self)

    async def setup_hook(self) -> None:
        self.add_dynamic_items(MoreButton, PageButton, ReviewButton, OpenReviewButton)
        for reason in self.plan.skipped:
            log.warning("Discord: command not offered: %s", reason)
        if self.settings.syncs_commands:
            await self.sync_commands()

    async def sync_commands(self) -> None:
        """Bulk-overwrite the commands: to one guild for development, else globally."""
        try:
            if self.settings.guild_id is not None:
                guild = discord.Object(id=self.settings.guild_id)
                self.tree.copy_global_to(guild=guild)
                synced = await self.tree.sync(guild=guild)
                log.info("Discord: synced %d commands to guild %s", len(synced), guild.id)
            else:
                synced = await self.tree.sync()
                log.info("Discord: synced %d global commands", len(synced))
        except discord.HTTPException:
            # The commands already registered keep working; the next start syncs again.
            log.exception("Discord: command sync failed")

    async def run_command(
        self,
        interaction: discord.Interaction,
        name: str,
        options: Mapping[str, str],
        *,
        private: bool,
    ) -> None:
        command = self.command(interaction, name, options)
        # Deferring decides who sees the "thinking" message and the answer that replaces it:
        # a channel whose answers are private gets a private deferral for every command.
        private = private or self.core.answers_private(command.context)
        await answer(interaction, self.core, command, private=private)

    def command(
        self, interaction: discord.Interaction, name: str, options: Mapping[str, str]
    ) -> Command:
        """The core command `name` with `options`, as the interaction's user asks it: their
        context, and help and hints written as Discord's slash commands."""
        return Command(
            name=name,
            options=MappingProxyType(dict(options)),
            context=context_for(interaction, self.settings.admin_role_ids),
            syntax=self.syntax,
        )

    async def post_digest_now(self, interaction: discord.Interaction) -> None:
        """`/admin schedule now`: the digest goes to the channel, the outcome to the admin."""
        await answer_schedule_now(
            interaction,
            self.core.services.store,
            self.poster,
            self.settings.admin_role_ids,
            self.syntax,
            pool=self.core.pool,
        )
