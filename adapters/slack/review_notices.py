"""Review channel notices on Slack: Block Kit, and for new pending statements a Review
button that opens the first card of that source's queue.

The notice is posted by the scheduler's SlackPoster (bot/review/notifier.py); its Review
button's value is the queue's filters ("source=3"). A click (`block_actions`) is
acknowledged at once, then runs `review next` with them for the clicker (the core checks
that they are an admin): the card is posted in the channel as a new message, leaving the
notice as it was, and its own buttons take it from there; a refusal goes to the clicker
alone.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.delivery import Target, deliver
from adapters.slack.dispatch import Dispatcher
from adapters.slack.mrkdwn import escape
from adapters.slack.render import BUTTON_VALUE_LIMIT, SECTION_TEXT_LIMIT, Block, Message
from adapters.slack.review_cards import click_origin, run_review
from bot.core.review_notice import REVIEW_LABEL
from bot.core.shorten import shorten
from bot.core.types import Reply

OPEN_ACTION_ID = "attache_review_open"
EMOJI = {"pending": ":inbox_tray:", "failing": ":warning:", "recovered": ":white_check_mark:"}


def notice_message(reply: Reply) -> Message:
    notice = reply.notice
    assert notice is not None
    headline = f"{EMOJI.get(notice.kind, '')} *{escape(notice.headline)}*".strip()
    blocks: list[Block] = [_section(shorten(headline, SECTION_TEXT_LIMIT))]
    if notice.details:
        details = "\n".join(escape(line) for line in notice.details)
        blocks.append(_section(shorten(details, SECTION_TEXT_LIMIT)))
    if notice.reviewable:
        value = notice.review_filters if len(notice.review_filters) <= BUTTON_VALUE_LIMIT else ""
        blocks.append(
            {
                "type": "actions",
                "block_id": "attache_review_notice",
                "elements": [
                    {
                        "type": "button",
                        "action_id": OPEN_ACTION_ID,
                        "style": "primary",
                        "text": {"type": "plain_text", "text": REVIEW_LABEL},
                        "value": value or "all",
                    }
                ],
            }
        )
    return {"text": shorten(notice.headline, 3000), "blocks": blocks}


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


class ReviewNoticeListeners:
    """The notices' Review button, registered on the Bolt app beside the others."""

    def __init__(self, dispatcher: Dispatcher, spawn: Any) -> None:
        self.dispatcher = dispatcher
        self.spawn = spawn  # SlackListeners._spawn: work after the acknowledgement

    def register(self, app: AsyncApp) -> None:
        app.action(OPEN_ACTION_ID)(self.on_open)

    async def on_open(self, ack: AsyncAck, body: dict, client: AsyncWebClient) -> None:
        await ack()
        self.spawn(self._open(body, str(body["actions"][0].get("value") or ""), client))

    async def _open(self, body: dict, value: str, client: AsyncWebClient) -> None:
        origin = click_origin(body)
        filters = dict(part.split("=", 1) for part in value.split() if "=" in part)
        options = {**filters, "action": "next"}
        reply = await run_review(self.dispatcher, origin, "", options, client)
        if reply.card is None:  # a refusal, or nothing left: the clicker alone
            reply = replace(reply, ephemeral=True)
        await deliver(reply, Target(channel_id=origin.channel_id, user_id=origin.user_id), client)
