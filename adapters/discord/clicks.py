"""Answering a click on More, Previous or Next without posting a new public message.

The rule, the same for every button that asks the core again:

- The person who asked (the user of the interaction that made the clicked message, from
  its `interaction_metadata`) sees the answer in that message: the click is acknowledged
  as a deferred update (type 6), the core is asked, and the message is edited. More adds
  the next statements below the cards shown; a page button replaces the page.
- If the answer does not fit in that one message (`adapters.discord.in_place`), or it shows
  no statement ("Those statements are no longer available.", an error), it goes privately
  (ephemeral) to the clicker; the message stays as it was.
- Anyone else, and a click on a message no interaction made (a posted digest), gets the
  answer privately: a channel's message changes only at the asker's request.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, cast

import discord

from adapters.discord.render import Button, Embed, LinkButton, MessagePayload, render
from adapters.discord.replies import answer, message_kwargs
from bot.core.types import Reply

if TYPE_CHECKING:
    from adapters.discord.client import AttacheClient

# The message as it stands and the core's reply -> the message to show, or None.
InPlace = Callable[[MessagePayload, Reply], MessagePayload | None]


async def answer_click(
    interaction: discord.Interaction,
    client: AttacheClient,
    name: str,
    options: Mapping[str, str],
    in_place: InPlace,
) -> None:
    command = client.command(interaction, name, options)  # hints name the slash commands too
    message = interaction.message
    if message is None or asker_id(message) != interaction.user.id:
        await answer(interaction, client.core, command, private=True)
        return
    await interaction.response.defer()  # acknowledged; the message changes below
    reply = await client.core.handle(command)
    data = interaction.data
    clicked = str(data.get("custom_id", "")) if data else ""
    shown = None
    if reply.answered:
        shown = in_place(as_payload(message, without=clicked), reply)
    if shown is None:
        for payload in render(replace(reply, ephemeral=True)):
            await interaction.followup.send(**message_kwargs(payload), ephemeral=True)
        return
    await interaction.edit_original_response(**message_kwargs(shown, editing=True))


def asker_id(message: discord.Message) -> int | None:
    """Who ran the command (or clicked the button) that made `message`; None when no
    interaction made it."""
    metadata = message.interaction_metadata
    return metadata.user.id if metadata is not None else None


def as_payload(message: discord.Message, *, without: str) -> MessagePayload:
    """The message as it stands, as a payload, less the button clicked."""
    buttons: list[Button] = []
    links: list[LinkButton] = []
    for row in message.components:
        for child in getattr(row, "children", ()):
            if not isinstance(child, discord.Button):
                continue
            if child.url:
                links.append(LinkButton(child.label or "Source", child.url))
            elif child.custom_id and child.custom_id != without:
                buttons.append(Button(child.label or "", child.custom_id))
    return MessagePayload(
        content=message.content or None,
        # EmbedData is a TypedDict, which is a dict[str, Any] at run time but not to mypy.
        embeds=tuple(cast(Embed, embed.to_dict()) for embed in message.embeds),
        buttons=tuple(buttons),
        ephemeral=message.flags.ephemeral,
        links=tuple(links),
    )
