"""The buttons on Attaché's messages: More, Previous / Next, and Source links.

More and Previous / Next carry their state in their custom id (the statement ids; the
command, its options and the page), so they survive restarts: discord.py's `DynamicItem`
matches the custom id of any clicked button against a template, whichever process or
client instance sent the message. A click asks the core again and is answered as
`adapters.discord.clicks` says: in place for the asker, privately for anyone else.
Source buttons are links: Discord opens them without telling the bot.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord

from adapters.discord.in_place import appended, replaced
from adapters.discord.render import (
    BUTTONS_PER_ROW,
    MORE_PATTERN,
    PAGE_PATTERN,
    Button,
    MessagePayload,
    parse_more_custom_id,
    parse_page_custom_id,
)
from adapters.discord.review_render import REVIEW_PREFIX
from adapters.discord.stateful_button import StatefulButton

if TYPE_CHECKING:
    from adapters.discord.client import AttacheClient


class MoreButton(
    StatefulButton, discord.ui.DynamicItem[discord.ui.Button[Any]], template=MORE_PATTERN
):
    default_label = "More"

    async def callback(self, interaction: discord.Interaction) -> None:
        from adapters.discord.clicks import answer_click  # it sends through replies: a cycle

        client: AttacheClient = interaction.client  # type: ignore[assignment]
        ids = " ".join(map(str, parse_more_custom_id(self.custom_id)))
        # The next statements go below the ones shown.
        await answer_click(interaction, client, "show", {"ids": ids}, appended)


class PageButton(
    StatefulButton, discord.ui.DynamicItem[discord.ui.Button[Any]], template=PAGE_PATTERN
):
    default_label = "Page"

    async def callback(self, interaction: discord.Interaction) -> None:
        from adapters.discord.clicks import answer_click  # it sends through replies: a cycle

        client: AttacheClient = interaction.client  # type: ignore[assignment]
        command, options = parse_page_custom_id(self.custom_id)
        # The asked-for page takes the place of the one shown.
        await answer_click(interaction, client, command, options, lambda _shown, r: replaced(r))


def message_view(payload: MessagePayload) -> discord.ui.View | None:
    """The message's buttons: Source links in the first rows (five a row), then the buttons
    that act in the row after them. None when the message has no buttons."""
    if not payload.buttons and not payload.links:
        return None
    # No timeout: the buttons are handled by their custom ids, not by this view object.
    view = discord.ui.View(timeout=None)
    for n, link in enumerate(payload.links):
        view.add_item(discord.ui.Button(label=link.label, url=link.url, row=n // BUTTONS_PER_ROW))
    row = -(-len(payload.links) // BUTTONS_PER_ROW)
    for button in payload.buttons:
        view.add_item(_acting(button, row))
    return view


def _acting(button: Button, row: int) -> discord.ui.Item[Any]:
    if re.fullmatch(MORE_PATTERN, button.custom_id):
        return MoreButton(button.custom_id, button.label, row)
    if re.fullmatch(PAGE_PATTERN, button.custom_id):
        return PageButton(button.custom_id, button.label, row)
    if button.custom_id.startswith(f"{REVIEW_PREFIX}open"):  # a review notice's Review
        from adapters.discord.review_notices import OpenReviewButton

        return OpenReviewButton(button.custom_id, button.label, row)
    if button.custom_id.startswith(REVIEW_PREFIX):
        from adapters.discord.review_cards import ReviewButton  # it answers through replies

        return ReviewButton(button.custom_id, button.label, row)
    raise ValueError(f"no handler for a button with custom id {button.custom_id[:100]!r}")
