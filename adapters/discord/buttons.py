"""The "More" button: its custom id carries the statement ids, so it survives restarts.

discord.py's `DynamicItem` matches the custom id of any clicked button against a template,
whichever process or client instance sent the message; the click asks the core `show`
command for those ids.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import discord

from adapters.discord.render import MORE_PATTERN, Button, parse_more_custom_id

if TYPE_CHECKING:
    from adapters.discord.client import AttacheClient


class MoreButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=MORE_PATTERN):
    def __init__(self, custom_id: str, label: str = "More") -> None:
        super().__init__(
            discord.ui.Button(label=label, custom_id=custom_id, style=discord.ButtonStyle.secondary)
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> MoreButton:
        label = getattr(item, "label", None) or "More"
        return cls(match.string, label)

    async def callback(self, interaction: discord.Interaction) -> None:
        client: AttacheClient = interaction.client  # type: ignore[assignment]
        ids = parse_more_custom_id(self.custom_id)
        await client.run_command(
            interaction, "show", {"ids": " ".join(map(str, ids))}, private=False
        )


def more_view(buttons: Sequence[Button]) -> discord.ui.View:
    # No timeout: the button is handled by its custom id, not by this view object.
    view = discord.ui.View(timeout=None)
    for button in buttons:
        view.add_item(MoreButton(button.custom_id, button.label))
    return view
