"""Sending rendered replies through discord.py: interaction responses, follow-ups, channels.

One rule for every interaction: defer first (privately for admin commands), ask the core,
then show the reply as the edit of the deferred response plus follow-ups. A private reply
(an error, a confirmation) to a publicly deferred command replaces the public "thinking"
message by private follow-ups. Every message carries allowed_mentions that parse nothing.
"""

from __future__ import annotations

from typing import Any

import discord

from adapters.discord.buttons import message_view
from adapters.discord.render import MessagePayload, render
from bot.app.dispatch import Core
from bot.core.types import Command, Reply

NO_MENTIONS = discord.AllowedMentions.none()
# Set in `Interaction.extras` when deferring: whether the deferred response is private.
DEFERRED_PRIVATE = "attache_deferred_private"


def message_kwargs(payload: MessagePayload, *, editing: bool = False) -> dict[str, Any]:
    """discord.py's arguments for the message. `editing`: an edit that replaces the
    message's buttons, so a message without buttons removes the ones it had."""
    kwargs: dict[str, Any] = {
        "content": payload.content,
        "embeds": [discord.Embed.from_dict(e) for e in payload.embeds],
        "allowed_mentions": NO_MENTIONS,
    }
    view = message_view(payload)
    if view is not None or editing:
        kwargs["view"] = view
    return kwargs


async def answer(
    interaction: discord.Interaction, core: Core, command: Command, *, private: bool
) -> None:
    """Defer, ask the core, show its reply. The core turns expected errors into replies."""
    interaction.extras[DEFERRED_PRIVATE] = private
    await interaction.response.defer(ephemeral=private, thinking=True)
    reply = await core.handle(command)
    await send_deferred(interaction, reply, deferred_private=private)


async def send_deferred(
    interaction: discord.Interaction, reply: Reply, *, deferred_private: bool
) -> None:
    payloads = render(reply)
    if reply.ephemeral and not deferred_private:
        await interaction.delete_original_response()
        for payload in payloads:
            await interaction.followup.send(**message_kwargs(payload), ephemeral=True)
        return
    first, *rest = payloads
    await interaction.edit_original_response(**message_kwargs(first))
    for payload in rest:
        await interaction.followup.send(**message_kwargs(payload), ephemeral=deferred_private)


async def send_now(interaction: discord.Interaction, reply: Reply) -> None:
    """Show `reply` whatever state the interaction is in (used by the error handler)."""
    if interaction.response.is_done():
        private = bool(interaction.extras.get(DEFERRED_PRIVATE, True))
        await send_deferred(interaction, reply, deferred_private=private)
        return
    first, *rest = render(reply)
    await interaction.response.send_message(**message_kwargs(first), ephemeral=reply.ephemeral)
    for payload in rest:
        await interaction.followup.send(**message_kwargs(payload), ephemeral=reply.ephemeral)
