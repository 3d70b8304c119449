"""Answering a click on More without telling the whole channel.

Where the statements behind More go:

- the clicked message was ephemeral (only the clicker sees it), or the clicker is the user
  it answers (the asker, carried in the button's block id): the message grows in place,
  its button replaced by the next statements (`replace_original` through the click's
  `response_url`). Slack does not send back an ephemeral message's blocks, so there the
  next statements take the message's place instead;
- anyone else clicking a public message, or an expanded message that would pass Slack's
  50-block limit: the statements go to the clicker alone (ephemeral);
- "no longer available" and other refusals: to the clicker alone, the message untouched.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.delivery import Target, deliver, replace_original
from adapters.slack.render import BLOCKS_PER_MESSAGE, Block, Message, is_more_block, render
from bot.core.types import Reply


@dataclass(frozen=True)
class Click:
    """A click on More: who clicked, whose message it was, and what the message held."""

    clicker: str
    asker: str | None
    ephemeral: bool
    response_url: str | None
    # The clicked message's blocks and fallback text; Slack leaves them out for ephemeral
    # messages.
    blocks: tuple[Block, ...] | None = None
    text: str = ""

    @property
    def owns_message(self) -> bool:
        return self.ephemeral or (self.asker is not None and self.asker == self.clicker)


def expanded(click: Click, page: Reply) -> Message | None:
    """The clicked message with its More button replaced by `page`, or None when that
    would not fit one message."""
    messages = render(page, asker=click.clicker)
    if len(messages) != 1:
        return None
    (last,) = messages
    if click.blocks is None:
        # An ephemeral message (Slack does not send its blocks back): the page takes its
        # place. A public message's words are never dropped for everyone.
        return last if click.ephemeral else None
    kept = [b for b in click.blocks if not is_more_block(b)]
    blocks: list[Block] = [*kept, {"type": "divider"}, *last["blocks"]]
    if len(blocks) > BLOCKS_PER_MESSAGE:
        return None
    return {"text": click.text or last["text"], "blocks": blocks}


async def answer_click(page: Reply, click: Click, target: Target, client: AsyncWebClient) -> None:
    """Send `page` (what `show` answered for the button's ids) where the click belongs."""
    if page.items and click.owns_message and click.response_url:
        message = expanded(click, page)
        if message is not None and await replace_original(click.response_url, message):
            return
    await deliver(replace(page, ephemeral=True), target, client)


def click_from(body: dict[str, Any], asker: str | None) -> Click:
    container = body.get("container") or {}
    message = body.get("message") or {}
    blocks = message.get("blocks")
    return Click(
        clicker=(body.get("user") or {}).get("id", ""),
        asker=asker,
        ephemeral=bool(container.get("is_ephemeral")),
        response_url=body.get("response_url"),
        blocks=tuple(blocks) if isinstance(blocks, list) else None,
        text=str(message.get("text") or ""),
    )
