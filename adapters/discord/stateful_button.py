"""The one shape of every button that acts (More, Previous / Next, review cards, Review).

Each carries its state in its custom id, so a click is understood whichever process or
client sent the message, after a restart too: discord.py's `DynamicItem` matches a clicked
button's custom id against the subclass's template and rebuilds the button from it with
`from_custom_id`. Subclasses mix this in before `DynamicItem` with their template, name
their default label, and choose a style (by class, or from the custom id).
"""

from __future__ import annotations

import re
from typing import Any, Self

import discord


class StatefulButton:
    default_label = "More"
    style = discord.ButtonStyle.secondary

    def __init__(self, custom_id: str, label: str | None = None, row: int | None = None) -> None:
        button: discord.ui.Button[discord.ui.View] = discord.ui.Button(
            label=label or self.default_label,
            custom_id=custom_id,
            style=self.style_for(custom_id),
            row=row,
        )
        super().__init__(button)  # type: ignore[call-arg]  # DynamicItem, next in the MRO

    def style_for(self, custom_id: str) -> discord.ButtonStyle:
        return self.style

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Self:
        # The clicked button's own label is kept (e.g. "More (5)").
        return cls(match.string, getattr(item, "label", None))
