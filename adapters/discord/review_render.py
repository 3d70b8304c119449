"""A review card -> one Discord message: an embed and a row of buttons. Pure: no discord.py.

The embed's description is the statement's paragraph with its words in bold (escaped, so
the source's characters show as written; cut around the words, never inside them); its
fields are the card's facts and the document; its footer says who acted, or how much waits.
The buttons carry the action and the statement id in their custom id
("attache:review:approve:12"; Next also the queue's filters), so they work after a restart.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from adapters.discord.render import (
    BUTTON_LABEL_LIMIT,
    BUTTON_URL_LIMIT,
    COLOUR_OK,
    CUSTOM_ID_LIMIT,
    EMBED_DESCRIPTION_LIMIT,
    EMBED_TITLE_LIMIT,
    EMBED_URL_LIMIT,
    FOOTER_LIMIT,
    Button,
    LinkButton,
    MessagePayload,
    _field,
    escape_markdown,
    is_web_link,
)
from bot.core.review_card import ReviewCard
from bot.core.shorten import shorten
from bot.core.types import Reply

REVIEW_PREFIX = "attache:review:"
REVIEW_PATTERN = (
    r"attache:review:(?P<action>approve|reject|edit|document|next):(?P<id>[0-9]{1,18})"
    r"(?::(?P<filters>[^:]*))?"
)
COLOUR_APPROVED = 0x2F855A
COLOUR_REJECTED = 0x9B2C2C
# Room kept around the bold words for the paragraph's context, either side.
CONTEXT_ROOM = 700


def review_custom_id(action: str, card: ReviewCard) -> str:
    custom_id = f"{REVIEW_PREFIX}{action}:{card.statement_id}"
    if action == "next" and card.filters:
        with_filters = f"{custom_id}:{urlencode(_filters(card.filters))}"
        # Filters that do not fit the custom id are dropped: Next still walks the queue.
        if len(with_filters) <= CUSTOM_ID_LIMIT and ":" not in with_filters[len(custom_id) + 1 :]:
            return with_filters
    return custom_id


def parse_review_custom_id(custom_id: str) -> tuple[str, int, dict[str, str]]:
    """(action, statement id, filters) from a review button's custom id."""
    _, _, action, statement_id, *rest = custom_id.split(":", 4)
    filters = dict(parse_qsl(rest[0])) if rest else {}
    return action, int(statement_id), filters


def _filters(described: str) -> list[tuple[str, str]]:
    return [tuple(part.split("=", 1)) for part in described.split() if "=" in part]  # type: ignore[misc]


def render_card(reply: Reply) -> MessagePayload:
    card = reply.card
    assert card is not None
    embed: dict = {
        "type": "rich",
        "title": shorten(card.summary, EMBED_TITLE_LIMIT),
        "description": paragraph(card),
        "color": {"approved": COLOUR_APPROVED, "rejected": COLOUR_REJECTED}.get(
            card.status, COLOUR_OK
        ),
        "fields": [_field(name, value, inline=True) for name, value in card.facts]
        + [_field("Document", card.document_label)]
        + (
            [_field("Points", "\n".join(f"{n}. {p}" for n, p in enumerate(card.points, 1)))]
            if card.points
            else []
        ),
        "footer": {"text": shorten(card.footer, FOOTER_LIMIT)},
    }
    if is_web_link(card.document_url, EMBED_URL_LIMIT):
        embed["url"] = card.document_url
    buttons = tuple(
        Button(shorten(card.label(a), BUTTON_LABEL_LIMIT), review_custom_id(a, card))
        for a in card.actions
    )
    links: tuple[LinkButton, ...] = ()
    if is_web_link(card.document_url, BUTTON_URL_LIMIT):
        links = (
            LinkButton(
                shorten(f"Document · {card.outlet or 'source'}", BUTTON_LABEL_LIMIT),
                str(card.document_url),
            ),
        )
    return MessagePayload(
        embeds=(embed,),
        buttons=buttons,
        ephemeral=reply.ephemeral,
        statement_ids=(card.statement_id,),
        links=links,
    )


def paragraph(card: ReviewCard) -> str:
    """The paragraph with the words in bold: context is cut (from the far ends) to fit,
    the words never."""
    words = f"**{escape_markdown(card.words)}**"
    room = max(0, EMBED_DESCRIPTION_LIMIT - len(words))
    before, after = escape_markdown(card.before), escape_markdown(card.after)
    side = min(CONTEXT_ROOM, room // 2)
    if len(before) > side:
        before = "…" + before[len(before) - side + 1 :]
    if len(after) > side:
        after = after[: side - 1] + "…"
    text = f"{before}{words}{after}"
    return text if len(text) <= EMBED_DESCRIPTION_LIMIT else shorten(text, EMBED_DESCRIPTION_LIMIT)
