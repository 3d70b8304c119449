"""Review channel notices on Discord: one embed each, and for new pending statements a
Review button that opens the first card of that source's queue.

The notice is posted by the scheduler's DiscordPoster (bot/review/notifier.py); its Review
button carries the queue's filters in its custom id ("attache:review:open:source=3"), so
it works after a restart. A click runs `review next` with them for the clicker: an admin
gets the card as a new message in the channel (the notice stays as it was), and from there
the card's own buttons; anyone else gets the core's refusal privately.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode

import discord

from adapters.discord.permissions import context_for
from adapters.discord.render import (
    BUTTON_LABEL_LIMIT,
    COLOUR_ERROR,
    COLOUR_OK,
    CUSTOM_ID_LIMIT,
    EMBED_DESCRIPTION_LIMIT,
    EMBED_TITLE_LIMIT,
    Button,
    MessagePayload,
    escape_markdown,
)
from adapters.discord.replies import answer
from adapters.discord.review_render import REVIEW_PREFIX
from adapters.discord.stateful_button import StatefulButton
from bot.core.review_notice import REVIEW_LABEL
from bot.core.shorten import shorten
from bot.core.types import Command, Reply

if TYPE_CHECKING:
    from adapters.discord.client import AttacheClient

OPEN_PREFIX = f"{REVIEW_PREFIX}open"
OPEN_PATTERN = r"attache:review:open(?::(?P<filters>[^:]*))?"
COLOUR_RECOVERED = 0x2F855A


def open_custom_id(options: dict[str, str]) -> str:
    custom_id = f"{OPEN_PREFIX}:{urlencode(options)}" if options else OPEN_PREFIX
    # Filters too long for a custom id are dropped: Review still opens the queue.
    return custom_id if len(custom_id) <= CUSTOM_ID_LIMIT else OPEN_PREFIX


def render_notice(reply: Reply) -> MessagePayload:
    notice = reply.notice
    assert notice is not None
    embed: dict[str, Any] = {
        "type": "rich",
        "title": shorten(escape_markdown(notice.headline), EMBED_TITLE_LIMIT),
        "color": {"failing": COLOUR_ERROR, "recovered": COLOUR_RECOVERED}.get(
            notice.kind, COLOUR_OK
        ),
    }
    if notice.details:
        description = "\n".join(escape_markdown(line) for line in notice.details)
        embed["description"] = shorten(description, EMBED_DESCRIPTION_LIMIT)
    buttons: tuple[Button, ...] = ()
    if notice.reviewable:
        label = REVIEW_LABEL[:BUTTON_LABEL_LIMIT]
        buttons = (Button(label, open_custom_id(notice.review_options())),)
    return MessagePayload(embeds=(embed,), buttons=buttons, ephemeral=False)


class OpenReviewButton(
    StatefulButton, discord.ui.DynamicItem[discord.ui.Button[Any]], template=OPEN_PATTERN
):
    default_label = REVIEW_LABEL
    style = discord.ButtonStyle.primary

    async def callback(self, interaction: discord.Interaction) -> None:
        client: AttacheClient = interaction.client  # type: ignore[assignment]
        _, _, filters = self.custom_id.partition(f"{OPEN_PREFIX}:")
        command = Command(
            name="review",
            options=MappingProxyType({**dict(parse_qsl(filters)), "action": "next"}),
            context=context_for(interaction, client.settings.admin_role_ids),
            syntax=client.syntax,
        )
        # An admin's card goes to the channel, as `review next` would; a refusal privately.
        await answer(interaction, client.core, command, private=not command.context.is_admin)
