"""The bolt listeners: the slash command, app mentions, direct messages, the More button,
the App Home tab, and the app's removal (`app_uninstalled`, `tokens_revoked`).

Each listener acknowledges first, then unwraps the payload into an `Origin` and a `Target`
and leaves the work to a background task: the core runs, the reply is rendered and sent.
Listeners never build replies themselves.

Replies meant to be private (admin commands, errors) stay ephemeral wherever they are asked
for: a slash command typed in a direct message between two people is seen by both, so only
`message.im` events (someone writing to the bot's own conversation) answer in the
conversation. Events are answered once per `event_id` (adapters/slack/dedupe.py).

Text is read as addressed to the bot: its mentions and a leading greeting are taken off
(adapters/slack/addressing.py). A question asked by slash command and answered in the
channel starts with the question, since only its asker saw it typed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import workspaces
from adapters.slack.addressing import BOT_NAMES, addressed_text
from adapters.slack.dedupe import EventLog
from adapters.slack.delivery import Target, deliver
from adapters.slack.dispatch import Dispatcher, Origin, UserLookup
from adapters.slack.home import home_view
from adapters.slack.more import Click, answer_click, click_from
from adapters.slack.mrkdwn import plain_text
from adapters.slack.render import MORE_ACTION_ID, asked_preface, more_asker, more_ids
from adapters.slack.review_cards import ReviewCardListeners
from adapters.slack.review_notices import ReviewNoticeListeners
from adapters.slack.settings import DEFAULT_COMMAND
from bot.core.parse import split_command

if TYPE_CHECKING:
    from slack_sdk.oauth.installation_store.async_installation_store import (
        AsyncInstallationStore,
    )

log = logging.getLogger(__name__)

REMOVED = "Slack workspace %s: %s; forgot its %s, stopped %d digest schedules"
# Bolt sends the acknowledgement once its 10 ms poll sees ack() was called. The core answers
# in worker threads, off the loop, so nothing holds that response up and a question starts
# at once. This head start is kept where the loop would be held (a core that answers inline:
# an in-memory store, the load benchmark's baseline) and before an event's id is claimed in
# the store, so Slack hears first.
ACK_HEAD_START_S = 0.05


class SlackListeners:
    def __init__(
        self,
        dispatcher: Dispatcher,
        events: EventLog | None = None,
        *,
        command: str = DEFAULT_COMMAND,
        installations: AsyncInstallationStore | None = None,
    ) -> None:
        self.dispatcher = dispatcher
        self.events = events or EventLog(dispatcher.core.services.store)
        self.command = command
        # How people may write the bot's name after "@": its display name, and the
        # command's name (a staging app called "attache-dev" is typed so).
        self.names = (*BOT_NAMES, command.lstrip("/"))
        self.installations = installations
        self._tasks: set[asyncio.Task[None]] = set()

    def register(self, app: AsyncApp) -> None:
        app.command(self.command)(self.on_command)
        app.event("app_mention")(self.on_mention)
        app.event("message")(self.on_message)
        app.event("app_home_opened")(self.on_home_opened)
        app.event("app_uninstalled")(self.on_uninstalled)
        app.event("tokens_revoked")(self.on_tokens_revoked)
        app.action(MORE_ACTION_ID)(self.on_more)
        ReviewCardListeners(self.dispatcher, self._spawn).register(app)
        ReviewNoticeListeners(self.dispatcher, self._spawn).register(app)

    # -- listeners -----------------------------------------------------------------------

    async def on_command(
        self, ack: AsyncAck, body: dict, client: AsyncWebClient, context: AsyncBoltContext
    ) -> None:
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
        text = body.get("text") or ""
        self._spawn(
            self._answer(text, origin, target, client, context.bot_user_id, repeat_question=True)
        )

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
        text = event.get("text") or ""
        self._spawn(
            self._answer(text, origin, target, client, context.bot_user_id, body.get("event_id"))
        )

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
        text = event.get("text") or ""
        self._spawn(
            self._answer(text, origin, target, client, context.bot_user_id, body.get("event_id"))
        )

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
        # The clicker's own copy, should the statements go to them alone.
        target = Target(
            channel_id=channel,
            user_id=user.get("id"),
            thread_ts=thread,
            response_url=body.get("response_url"),
        )
        click = click_from(body, more_asker(actions[0].get("block_id")))
        self._spawn(self._show(" ".join(map(str, ids)), origin, target, client, click))

    async def on_home_opened(self, event: dict, body: dict, client: AsyncWebClient) -> None:
        if event.get("tab") != "home" or not event.get("user"):
            return  # the Messages tab is the conversation itself
        self._spawn(self._publish_home(event["user"], _team(body, event) or "", client))

    async def _publish_home(self, user: str, team: str, client: AsyncWebClient) -> None:
        origin = Origin(team_id=team or None, channel_id=None, user_id=user)
        help_reply = await self.dispatcher.run("help", "", origin, _lookup(client))
        store = self.dispatcher.core.services.store
        # Short reads, on the loop as the core's are: the store's connections are not
        # shared across threads (an in-memory SQLite store has only one).
        schedules, latest = workspaces.schedules(store, team), workspaces.latest_digest(store, team)
        view = home_view(self.command, help_reply, schedules, latest)
        await client.views_publish(user_id=user, view=view)

    async def on_uninstalled(self, body: dict, context: AsyncBoltContext) -> None:
        self._spawn(
            self._uninstalled(context.enterprise_id, context.team_id or body.get("team_id"))
        )

    async def on_tokens_revoked(self, event: dict, body: dict, context: AsyncBoltContext) -> None:
        tokens = event.get("tokens") or {}
        team = context.team_id or body.get("team_id")
        self._spawn(self._tokens_revoked(context.enterprise_id, team, tokens))

    async def _uninstalled(self, enterprise: str | None, team: str | None) -> None:
        """The app was removed from a workspace: stop its digests, forget its installation."""
        stopped = self._stop_digests(team, "app_uninstalled")
        if self.installations is not None:
            await self.installations.async_delete_all(enterprise_id=enterprise, team_id=team)
        log.info(REMOVED, team, "app_uninstalled", "installation", stopped)

    async def _tokens_revoked(self, enterprise: str | None, team: str | None, tokens: dict) -> None:
        """Tokens were revoked: forget those installations; without the bot token no digest
        can be posted there, so those stop too."""
        bot = bool(tokens.get("bot"))
        stopped = self._stop_digests(team, "tokens_revoked") if bot else 0
        users = list(tokens.get("oauth") or [])
        if self.installations is not None:
            for user_id in users:
                await self.installations.async_delete_installation(
                    enterprise_id=enterprise, team_id=team, user_id=user_id
                )
            if bot:
                await self.installations.async_delete_bot(enterprise_id=enterprise, team_id=team)
        forgotten = f"{len(users)} user installations{' and the bot' if bot else ''}"
        log.info(REMOVED, team, "tokens_revoked", forgotten, stopped)

    def _stop_digests(self, team: str | None, reason: str) -> int:
        """Switch the workspace's digest schedules off. On the loop, before any installation
        store call (those run in threads), as the core's database work is."""
        if not team:
            log.warning("Slack sent %s without a workspace id; no digests to stop", reason)
            return 0
        store = self.dispatcher.core.services.store
        return workspaces.disable_digests(store, team, f"slack:{team}", reason)

    # -- background work -----------------------------------------------------------------

    async def _answer(
        self,
        text: str,
        origin: Origin,
        target: Target,
        client: AsyncWebClient,
        bot_user_id: str | None,
        event_id: str | None = None,
        *,
        repeat_question: bool = False,
    ) -> None:
        await self._after_ack(claiming=event_id is not None)
        # After the acknowledgement: a redelivery (same event_id, here or on another
        # process sharing the store) was answered by whoever claimed the id first.
        if event_id is not None and not await self._claim(event_id):
            return
        words = plain_text(addressed_text(text, bot_user_id, self.names))
        name, rest = split_command(words, self.dispatcher.core.registry)
        reply = await self.dispatcher.run(name, rest, origin, _lookup(client))
        preface = None
        if repeat_question and name == "ask" and not reply.ephemeral and origin.user_id:
            # Others in the channel see the answer but never saw the question typed.
            preface = asked_preface(origin.user_id, plain_text(text).strip())
        await deliver(reply, target, client, preface=preface)

    async def _show(
        self, ids: str, origin: Origin, target: Target, client: AsyncWebClient, click: Click
    ) -> None:
        await self._after_ack()
        page = await self.dispatcher.run("show", ids, origin, _lookup(client))
        await answer_click(page, click, target, client)

    async def _after_ack(self, *, claiming: bool = False) -> None:
        """Let the acknowledgement leave first where what follows would hold the loop
        (answering inline) or asks the store (claiming an event id)."""
        if claiming or self.dispatcher.core.pool.is_inline:
            await asyncio.sleep(ACK_HEAD_START_S)

    async def _claim(self, event_id: str) -> bool:
        if self.dispatcher.core.pool.is_inline:
            return self.events.first_delivery(event_id)
        # A write can wait for the database's lock (an ingest's transaction): off the loop.
        return await asyncio.to_thread(self.events.first_delivery, event_id)

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
