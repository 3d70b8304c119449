"""The bolt listeners: /attache, app mentions, direct messages and the More button.

Each listener acknowledges first, then unwraps the payload into an `Origin` and a `Target`
and leaves the work to a background task: the core runs, the reply is rendered and sent.
Listeners never build replies themselves.

Replies meant to be private (admin commands, errors) stay ephemeral wherever they are asked
for: a slash command typed in a direct message between two people is seen by both, so only
`message.im` events (someone writing to the bot's own conversation) answer in the
conversation. Events are answered once per `event_id` (adapters/slack/dedupe.py).
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Coroutine
from dataclasses import replace
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.dedupe import EventLog
from adapters.slack.delivery import Target, deliver
from adapters.slack.dispatch import Dispatcher, Origin, UserLookup
from adapters.slack.mrkdwn import plain_text, strip_leading_mentions
from adapters.slack.render import MORE_ACTION_ID, more_ids

log = logging.getLogger(__name__)

SLASH_COMMAND = "/attache"
# The core does synchronous database work on the event loop. Bolt sends the acknowledgement
# once its 10 ms poll sees ack() was called; this head start lets that response leave before
# the core holds the loop, so Slack's 3-second deadline never depends on the question.
ACK_HEAD_START_S = 0.05


class SlackListeners:
    def __init__(self, dispatcher: Dispatcher, events: EventLog | None = None) -> None:
        self.dispatcher = dispatcher
        self.events = events or EventLog(dispatcher.core.services.store)
        self._tasks: set[asyncio.Task[None]] = set()

    def register(self, app: AsyncApp) -> None:
        app.command(SLASH_COMMAND)(self.on_command)
        app.event("app_mention")(self.on_mention)
        app.event("message")(self.on_message)
        app.action(MORE_ACTION_ID)(self.on_more)

    # -- listeners -----------------------------------------------------------------------

    async def on_command(self, ack: AsyncAck, body: dict, client: AsyncWebClient) -> None:
        await ack()
        channel = body.get("channel_id")
        origin = Origin(
            team_id=body.get("team_id"),
            channel_id=channel,
            user_id=body["user_id"],
            user_name=body.get("user_name"),
        )
        target = Target(
            channel_id=channel,
            user_id=body["user_id"],
            response_url=body.get("response_url"),
        )
        self._spawn(self._answer(body.get("text") or "", origin, target, client))

    async def on_mention(
        self, event: dict, body: dict, client: AsyncWebClient, context: AsyncBoltContext
    ) -> None:
        if event.get("bot_id") or not event.get("user"):
            return  # other bots: answering them could start a loop
        # Answer in the thread: the one the mention is in, or a new one under it.
        thread = event.get("thread_ts") or event.get("ts")
        origin = Origin(
            team_id=_team(body, event),
            channel_id=event.get("channel"),
            user_id=event["user"],
            thread_ts=thread,
        )
        target = Target(channel_id=event.get("channel"), user_id=event["user"], thread_ts=thread)
        text = _without_bot_mention(event.get("text") or "", context.bot_user_id)
        self._spawn(self._answer(text, origin, target, client, body.get("event_id")))

    async def on_message(
        self, event: dict, body: dict, client: AsyncWebClient, context: AsyncBoltContext
    ) -> None:
        # Only direct messages from people: channel messages reach us as app_mention, and
        # edits, joins and bot posts (our own answers included) carry a subtype or bot_id.
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        if not event.get("user"):
            return
        thread = event.get("thread_ts")
        origin = Origin(
            team_id=_team(body, event),
            channel_id=event.get("channel"),
            user_id=event["user"],
            thread_ts=thread,
        )
        target = Target(
            channel_id=event.get("channel"), user_id=event["user"], thread_ts=thread, private=True
        )
        text = _without_bot_mention(event.get("text") or "", context.bot_user_id)
        self._spawn(self._answer(text, origin, target, client, body.get("event_id")))

    async def on_more(self, ack: AsyncAck, body: dict, client: AsyncWebClient) -> None:
        await ack()
        actions = body.get("actions") or [{}]
        ids = more_ids(str(actions[0].get("value") or ""))
        if not ids:
            return
        user = body.get("user") or {}
        channel = (body.get("channel") or {}).get("id")
        container = body.get("container") or {}
        thread = container.get("thread_ts") or (body.get("message") or {}).get("thread_ts")
        origin = Origin(
            team_id=(body.get("team") or {}).get("id") or user.get("team_id"),
            channel_id=channel,
            user_id=user.get("id", ""),
            user_name=user.get("name") or user.get("username"),
            thread_ts=thread,
        )
        target = Target(
            channel_id=channel,
            user_id=user.get("id"),
            thread_ts=thread,
            response_url=body.get("response_url"),
        )
        text = " ".join(map(str, ids))
        self._spawn(self._show(text, origin, target, client, bool(container.get("is_ephemeral"))))

    # -- background work -----------------------------------------------------------------

    async def _answer(
        self,
        text: str,
        origin: Origin,
        target: Target,
        client: AsyncWebClient,
        event_id: str | None = None,
    ) -> None:
        await asyncio.sleep(ACK_HEAD_START_S)
        # After the acknowledgement: a redelivery (same event_id, here or on another
        # process sharing the store) was answered by whoever claimed the id first.
        if event_id is not None and not self.events.first_delivery(event_id):
            return
        reply = await self.dispatcher.handle(plain_text(text), origin, _lookup(client))
        await deliver(reply, target, client)

    async def _show(
        self, ids: str, origin: Origin, target: Target, client: AsyncWebClient, private: bool
    ) -> None:
        await asyncio.sleep(ACK_HEAD_START_S)
        reply = await self.dispatcher.run("show", ids, origin, _lookup(client))
        if private:  # More under an ephemeral answer stays visible to its reader only
            reply = replace(reply, ephemeral=True)
        await deliver(reply, target, client)

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(self._logged(work))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @staticmethod
    async def _logged(work: Coroutine[Any, Any, None]) -> None:
        try:
            await work
        except Exception:  # a background task has no caller to raise to
            log.exception("answering a Slack request failed")

    async def wait_idle(self) -> None:
        """Wait until every answer in progress has been sent (tests; clean shutdown)."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)


def _lookup(client: AsyncWebClient) -> UserLookup:
    async def users_info(user_id: str) -> dict:
        response = await client.users_info(user=user_id)
        return dict(response.get("user") or {})

    return users_info


def _team(body: dict, event: dict) -> str | None:
    return body.get("team_id") or event.get("team")


def _without_bot_mention(text: str, bot_user_id: str | None) -> str:
    """The question without the mention that addressed it to the bot (wherever it stood)."""
    if not bot_user_id:
        return strip_leading_mentions(text).strip()
    return re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text).strip()
