"""Review cards' buttons and Edit form on Discord.

A click on Approve, Reject, "Approve all from this document" or Next asks the core (which
checks again that the clicker is an admin, and audits the change) and shows its card in
place of the clicked one: the click is acknowledged as a deferred update (type 6) and the
message edited, so one card message serves a whole review session and shows who acted.
A non-admin's click is answered privately with the core's refusal; nothing changes.
Edit opens a form (a modal, callback type 9) with the card's speaker, role, kind, date and
points — never the words; its submission (interaction type 5) updates the card the same way.
"""

from __future__ import annotations

import re
from dataclasses import replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import discord

from adapters.discord.permissions import context_for
from adapters.discord.render import render
from adapters.discord.replies import message_kwargs
from adapters.discord.review_render import (
    REVIEW_PATTERN,
    parse_review_custom_id,
    render_card,
)
from adapters.discord.stateful_button import StatefulButton
from bot.core.review_card import ReviewCard
from bot.core.types import Command, Reply

if TYPE_CHECKING:
    from adapters.discord.client import AttacheClient

# Discord's modal limits: a title of 45 characters, at most 5 components, a text input's
# label 45 characters and its value 4000.
MODAL_TITLE_LIMIT = 45
TEXT_INPUT_VALUE_LIMIT = 4000
FORM_TIMEOUT_S = 15 * 60.0
FORM_PREFIX = "attache:review:form:"
FORM_PATTERN = re.compile(re.escape(FORM_PREFIX) + r"(?P<id>[0-9]{1,18})")
# The form's fields, as `review edit` names them; the words are not among them.
FORM_FIELDS = ("speaker", "role", "kind", "date", "points")


class ReviewButton(
    StatefulButton, discord.ui.DynamicItem[discord.ui.Button[Any]], template=REVIEW_PATTERN
):
    default_label = "Review"

    def style_for(self, custom_id: str) -> discord.ButtonStyle:
        action = custom_id.split(":")[2]
        return {
            "approve": discord.ButtonStyle.success,
            "reject": discord.ButtonStyle.danger,
            "document": discord.ButtonStyle.primary,
        }.get(action, discord.ButtonStyle.secondary)

    async def callback(self, interaction: discord.Interaction) -> None:
        client: AttacheClient = interaction.client  # type: ignore[assignment]
        action, statement_id, filters = parse_review_custom_id(self.custom_id)
        if action == "edit":
            await open_form(interaction, client, statement_id)
            return
        options = {"action": action, "view": "card", **filters}
        await act(interaction, client, str(statement_id), options)


def _command(
    interaction: discord.Interaction, client: AttacheClient, text: str, options: dict[str, str]
) -> Command:
    return Command(
        name="review",
        text=text,
        options=MappingProxyType(options),
        context=context_for(interaction, client.settings.admin_role_ids),
        syntax=client.syntax,
    )


async def act(
    interaction: discord.Interaction, client: AttacheClient, text: str, options: dict[str, str]
) -> None:
    """Run a card action and show its card in place; errors and refusals go privately."""
    command = _command(interaction, client, text, options)
    if not command.context.is_admin:
        await _privately(interaction, await client.core.handle(command))
        return
    await interaction.response.defer()  # a deferred update: the message is edited below
    reply = await client.core.handle(command)
    if reply.card is None:
        for payload in render(replace(reply, ephemeral=True)):
            await interaction.followup.send(**message_kwargs(payload), ephemeral=True)
        return
    shown = render_card(replace(reply, ephemeral=False))
    await interaction.edit_original_response(**message_kwargs(shown, editing=True))


async def _privately(interaction: discord.Interaction, reply: Reply) -> None:
    first, *rest = render(replace(reply, ephemeral=True))
    await interaction.response.send_message(**message_kwargs(first), ephemeral=True)
    for payload in rest:
        await interaction.followup.send(**message_kwargs(payload), ephemeral=True)


async def open_form(
    interaction: discord.Interaction, client: AttacheClient, statement_id: int
) -> None:
    """Edit: the form, filled with the card's values as the core has them now."""
    command = _command(interaction, client, str(statement_id), {"action": "edit", "view": "card"})
    reply = await client.core.handle(command)  # an admin's: the card as it stands
    if reply.card is None:
        await _privately(interaction, reply)
        return
    await interaction.response.send_modal(EditForm(reply.card))


class EditForm(discord.ui.Modal):
    """The fields `review edit` takes; the words are not among them."""

    def __init__(self, card: ReviewCard) -> None:
        title = f"Edit statement #{card.statement_id}"[:MODAL_TITLE_LIMIT]
        super().__init__(
            title=title,
            timeout=FORM_TIMEOUT_S,
            custom_id=_form_id(card.statement_id),
        )
        self.statement_id = card.statement_id
        current = card.form
        self.speaker: discord.ui.TextInput[EditForm] = discord.ui.TextInput(
            label="Speaker", default=current["speaker"], max_length=200, custom_id="speaker"
        )
        self.role: discord.ui.TextInput[EditForm] = discord.ui.TextInput(
            label="Role, as the source states it",
            default=current["role"],
            max_length=300,
            required=False,
            custom_id="role",
        )
        self.kind: discord.ui.TextInput[EditForm] = discord.ui.TextInput(
            label="Kind (condition, demand, offer … or none)",
            default=current["kind"],
            max_length=20,
            custom_id="kind",
        )
        self.date: discord.ui.TextInput[EditForm] = discord.ui.TextInput(
            label="Date (YYYY-MM-DD or unknown)",
            default=current["date"],
            max_length=10,
            custom_id="date",
        )
        self.points: discord.ui.TextInput[EditForm] = discord.ui.TextInput(
            label="Points, separated by |",
            style=discord.TextStyle.paragraph,
            default=current["points"][:TEXT_INPUT_VALUE_LIMIT],
            max_length=TEXT_INPUT_VALUE_LIMIT,
            required=False,
            custom_id="points",
        )
        for item in (self.speaker, self.role, self.kind, self.date, self.points):
            self.add_item(item)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        """Nothing here: `submit_form` answers every submission, from the client's
        interaction event, so a form opened before a restart is answered too (discord.py
        would hand it to no one: its form objects live in the process that opened them)."""


def _form_id(statement_id: int) -> str:
    return f"{FORM_PREFIX}{statement_id}"


async def submit_form(interaction: discord.Interaction, client: AttacheClient) -> bool:
    """An Edit form's submission (interaction type 5), read from the interaction itself,
    whichever process opened the form; False when it is no Edit form."""
    data: Any = interaction.data or {}
    found = FORM_PATTERN.fullmatch(str(data.get("custom_id", "")))
    if found is None:
        return False
    values = dict.fromkeys(FORM_FIELDS, "")
    for row in data.get("components") or ():
        for field in row.get("components") or ():
            if field.get("custom_id") in values:
                values[field["custom_id"]] = str(field.get("value") or "")
    # The core checks the submitter again: the form may outlive their admin role.
    await act(interaction, client, found["id"], {"action": "edit", "view": "card", **values})
    return True
