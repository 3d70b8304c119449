"""A button's answer shown in the message that carries the button, when it fits. Pure.

More adds the next statements below the cards the message shows (its title stays); a page
button replaces the message with the asked-for page. Either is shown in place only if the
result is one Discord message within every limit: at most 10 embeds and 6,000 characters
across them, link buttons in two rows, the acting buttons in one. When it is not, these
return None and the caller sends the answer privately to the clicker instead.
"""

from __future__ import annotations

from adapters.discord.render import (
    BUTTONS_PER_ROW,
    EMBED_TOTAL_LIMIT,
    EMBEDS_PER_MESSAGE,
    LINK_BUTTONS_LIMIT,
    MessagePayload,
    embed_length,
    render,
)
from bot.core.types import Reply


def appended(shown: MessagePayload, reply: Reply) -> MessagePayload | None:
    """`shown` (the message as it stands, without the clicked button) with the reply's
    statements added below its cards, or None if one message cannot hold them all."""
    rendered = render(reply, first_card=len(shown.embeds) + 1)
    if len(rendered) != 1:
        return None
    (new,) = rendered
    embeds = shown.embeds + new.embeds
    if len(embeds) > EMBEDS_PER_MESSAGE or sum(map(embed_length, embeds)) > EMBED_TOTAL_LIMIT:
        return None
    buttons = shown.buttons + new.buttons
    if len(buttons) > BUTTONS_PER_ROW:
        return None
    return MessagePayload(
        content=shown.content,
        embeds=embeds,
        buttons=buttons,
        ephemeral=shown.ephemeral,
        statement_ids=shown.statement_ids + new.statement_ids,
        # A card past the second row of links keeps its link in its title and sources.
        links=(shown.links + new.links)[:LINK_BUTTONS_LIMIT],
    )


def replaced(reply: Reply) -> MessagePayload | None:
    """The reply as the one message that takes the shown one's place, or None if it needs
    more than one message."""
    rendered = render(reply)
    return rendered[0] if len(rendered) == 1 else None
