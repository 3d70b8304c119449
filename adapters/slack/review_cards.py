"""Review cards on Slack: Block Kit with buttons, and an Edit modal through `views.open`.

A click (`block_actions`) on Approve, Reject, "Approve all from this document" or Next is
acknowledged at once, then asks the core — which checks again that the clicker is an admin
(configured ids or workspace admins, as for typed commands) and audits the change — and the
card is replaced in place through the click's `response_url` (`replace_original`), so it
shows who acted. Edit opens a modal filled with the card's speaker, role, kind, date and
points (never the words); its `view_submission` is run the same way and updates the card
through the response_url the modal carries in its private metadata. Refusals and errors
go to the clicker alone (ephemeral); the card is untouched.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.delivery import Target, deliver, replace_original
from adapters.slack.dispatch import Dispatcher, Origin
from adapters.slack.mrkdwn import escape, link
from adapters.slack.render import BUTTON_VALUE_LIMIT, SECTION_TEXT_LIMIT, Block, Message
from bot.core.review_card import ReviewCard
from bot.core.shorten import shorten
from bot.core.types import Command, Reply

log = logging.getLogger(__name__)

ACTION_PREFIX = "attache_review_"
ACTIONS = re.compile(r"^attache_review_(approve|reject|document|next)$")
EDIT_ACTION_ID = "attache_review_edit"
EDIT_CALLBACK_ID = "attache_review_edit_form"
# Slack's limits for a modal: title 24 characters, submit/close 24, plain-text input 3000.
MODAL_TITLE_LIMIT = 24
INPUT_LIMIT = 3000
FIELDS_LIMIT = 10  # a section's fields
FIELD_TEXT_LIMIT = 2000
CONTEXT_ROOM = 700  # the paragraph's context kept either side of the words
FORM_FIELDS = ("speaker", "role", "kind", "date", "points")


def card_message(reply: Reply) -> Message:
    """The card as one message: title, the paragraph with the words in bold, the facts,
    the document, who acted or what waits, and the buttons."""
    card = reply.card
    assert card is not None
    blocks: list[Block] = [
        _section(f"*{escape(card.summary)}*"),
        _section(paragraph(card)),
        {
            "type": "section",
            "fields": [
                {"type": "mrkdwn", "text": shorten(f"*{n}*\n{escape(v)}", FIELD_TEXT_LIMIT)}
                for n, v in card.facts[:FIELDS_LIMIT]
            ],
        },
        {
            "type": "context",
            "elements": [
                {
                    "type": "mrkdwn",
                    "text": shorten(link(card.document_url, card.document_label), 2000),
                }
            ],
        },
    ]
    if card.points:
        points = "\n".join(f"{n}. {escape(p)}" for n, p in enumerate(card.points, 1))
        blocks.append(_section(shorten(points, SECTION_TEXT_LIMIT)))
    blocks.append(
        {"type": "context", "elements": [{"type": "mrkdwn", "text": escape(card.footer)}]}
    )
    blocks.append(
        {
            "type": "actions",
            "block_id": f"attache_review_{card.statement_id}",
            "elements": [_button(card, action) for action in card.actions],
        }
    )
    return {"text": shorten(reply.title, 3000), "blocks": blocks}


def _button(card: ReviewCard, action: str) -> dict[str, Any]:
    value = str(card.statement_id)
    if (
        action == "next"
        and card.filters
        and len(value) + 1 + len(card.filters) <= BUTTON_VALUE_LIMIT
    ):
        value += " " + card.filters
    button: dict[str, Any] = {
        "type": "button",
        "action_id": ACTION_PREFIX + action,
        "text": {"type": "plain_text", "text": card.label(action)[:75]},
        "value": value,
    }
    if action == "approve":
        button["style"] = "primary"
    elif action == "reject":
        button["style"] = "danger"
    return button


def paragraph(card: ReviewCard) -> str:
    words = f"*{escape(card.words)}*"
    room = max(0, SECTION_TEXT_LIMIT - len(words)) // 2
    side = min(CONTEXT_ROOM, room)
    before, after = escape(card.before), escape(card.after)
    if len(before) > side:
        before = "…" + before[len(before) - side + 1 :]
    if len(after) > side:
        after = after[: side - 1] + "…"
    return shorten(f"{before}{words}{after}", SECTION_TEXT_LIMIT)


def edit_view(card: ReviewCard, private_metadata: str) -> dict[str, Any]:
    current = card.form
    labels = {
        "speaker": "Speaker",
        "role": "Role, as the source states it",
        "kind": "Kind (condition, demand, offer … or none)",
        "date": "Date (YYYY-MM-DD or unknown)",
        "points": "Points, separated by |",
    }
    blocks = []
    for name in FORM_FIELDS:
        element: dict[str, Any] = {"type": "plain_text_input", "action_id": name}
        if current[name]:
            element["initial_value"] = current[name][:INPUT_LIMIT]
        if name == "points":
            element["multiline"] = True
        blocks.append(
            {
                "type": "input",
                "block_id": name,
                "optional": name in ("role", "points"),
                "label": {"type": "plain_text", "text": labels[name]},
                "element": element,
            }
        )
    return {
        "type": "modal",
        "callback_id": EDIT_CALLBACK_ID,
        "title": {"type": "plain_text", "text": f"Edit #{card.statement_id}"[:MODAL_TITLE_LIMIT]},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "private_metadata": private_metadata,
        "blocks": blocks,
    }


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text or " "}}


class ReviewCardListeners:
    """The card's buttons and Edit form, registered on the Bolt app beside the others."""

    def __init__(self, dispatcher: Dispatcher, spawn: Any) -> None:
        self.dispatcher = dispatcher
        self.spawn = spawn  # SlackListeners._spawn: work after the acknowledgement

    def register(self, app: AsyncApp) -> None:
        app.action(ACTIONS)(self.on_action)
        app.action(EDIT_ACTION_ID)(self.on_edit)
        app.view(EDIT_CALLBACK_ID)(self.on_submit)

    async def on_action(self, ack: AsyncAck, body: dict, client: AsyncWebClient) -> None:
        await ack()
        action = body["actions"][0]
        name = ACTIONS.match(action["action_id"])[1]  # type: ignore[index]
        statement_id, _, filters = str(action.get("value") or "").partition(" ")
        options = {"action": name, "view": "card"}
        for pair in filters.split():
            if "=" in pair:
                key, value = pair.split("=", 1)
                options[key] = value
        self.spawn(self._act(body, statement_id, options, client, body.get("response_url")))

    async def on_edit(self, ack: AsyncAck, body: dict, client: AsyncWebClient) -> None:
        await ack()
        # views.open must follow the click within 3 s (the trigger_id expires): no head start.
        statement_id = str(body["actions"][0].get("value") or "")
        origin, target = click_origin(body), _target(body)
        reply = await self._run(origin, statement_id, {"action": "edit", "view": "card"}, client)
        if reply.card is None:  # refused (not an admin) or gone: privately
            await deliver(replace(reply, ephemeral=True), target, client)
            return
        metadata = json.dumps(
            {
                "id": reply.card.statement_id,
                "channel": origin.channel_id,
                "response_url": body.get("response_url"),
            }
        )
        await client.views_open(trigger_id=body["trigger_id"], view=edit_view(reply.card, metadata))

    async def on_submit(self, ack: AsyncAck, body: dict, client: AsyncWebClient) -> None:
        await ack()  # closes the form; the card shows the outcome
        view = body.get("view") or {}
        metadata = json.loads(view.get("private_metadata") or "{}")
        values = (view.get("state") or {}).get("values") or {}
        options = {"action": "edit", "view": "card"}
        for name in FORM_FIELDS:
            options[name] = str(((values.get(name) or {}).get(name) or {}).get("value") or "")
        body = {**body, "channel": {"id": metadata.get("channel")}}
        self.spawn(
            self._act(
                body, str(metadata.get("id", "")), options, client, metadata.get("response_url")
            )
        )

    async def _run(
        self, origin: Origin, text: str, options: dict[str, str], client: AsyncWebClient
    ) -> Reply:
        return await run_review(self.dispatcher, origin, text, options, client)

    async def _act(
        self,
        body: dict,
        text: str,
        options: dict[str, str],
        client: AsyncWebClient,
        response_url: str | None,
    ) -> None:
        reply = await self._run(click_origin(body), text, options, client)
        if (
            reply.card is not None
            and response_url
            and await replace_original(response_url, card_message(reply))
        ):
            return
        await deliver(replace(reply, ephemeral=True), _target(body), client)


async def run_review(
    dispatcher: Dispatcher,
    origin: Origin,
    text: str,
    options: dict[str, str],
    client: AsyncWebClient,
) -> Reply:
    """A click's `review` command, run for the clicker (the core checks they are an admin)."""

    async def users_info(user_id: str) -> dict:
        return dict((await client.users_info(user=user_id)).get("user") or {})

    is_admin = await dispatcher.admins.is_admin(origin, users_info)
    command = Command(
        name="review",
        text=text,
        options=MappingProxyType(options),
        context=origin.context(is_admin=is_admin),
        syntax=dispatcher.syntax,
    )
    return await dispatcher.core.handle(command)


def click_origin(body: dict) -> Origin:
    user = body.get("user") or {}
    return Origin(
        team_id=(body.get("team") or {}).get("id") or user.get("team_id"),
        channel_id=(body.get("channel") or {}).get("id"),
        user_id=user.get("id", ""),
        user_name=user.get("name") or user.get("username"),
    )


def _target(body: dict) -> Target:
    return Target(
        channel_id=(body.get("channel") or {}).get("id"),
        user_id=(body.get("user") or {}).get("id"),
    )
