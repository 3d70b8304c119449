"""Who is an admin on Discord, and the core `Context` of an interaction.

Admin = the Manage Server permission (Administrator implies it) or one of the configured
roles. The `/admin` group also carries `default_member_permissions` Manage Server, but server
owners can override that in their settings, so every admin command checks again here.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

import discord
from discord import app_commands

from bot.core.types import Context

REFUSAL = (
    "Admin commands need the Manage Server permission or an admin role configured for "
    "Attaché; nothing was changed."
)


class AdminRequired(app_commands.CheckFailure):
    """Raised by the admin check; the command tree's one error handler turns it into an
    ephemeral refusal."""

    def __init__(self) -> None:
        super().__init__(REFUSAL)


def is_admin(interaction: discord.Interaction, admin_role_ids: Collection[int]) -> bool:
    if interaction.guild_id is None:  # direct messages have no server to administer
        return False
    permissions = interaction.permissions
    if permissions.manage_guild or permissions.administrator:
        return True
    user = interaction.user
    return isinstance(user, discord.Member) and any(r.id in admin_role_ids for r in user.roles)


def admin_check(admin_role_ids: Collection[int]) -> Callable[[discord.Interaction], bool]:
    def check(interaction: discord.Interaction) -> bool:
        if not is_admin(interaction, admin_role_ids):
            raise AdminRequired()
        return True

    return check


def context_for(interaction: discord.Interaction, admin_role_ids: Collection[int]) -> Context:
    user = interaction.user
    return Context(
        platform="discord",
        workspace=str(interaction.guild_id) if interaction.guild_id else None,
        channel=str(interaction.channel_id) if interaction.channel_id else None,
        user_id=str(user.id),
        display_name=user.display_name,
        is_admin=is_admin(interaction, admin_role_ids),
    )
