"""A fake Slack on 127.0.0.1: the Web API, response_url endpoints and a Socket Mode socket.

slack_sdk's clients are pointed at it with `base_url` (ATTACHE_SLACK_API_URL); slash commands
and block actions carry `response_url`s that lead here too. Every request is recorded
(method, headers, parsed body, arrival time and the status answered) so tests can count
calls and assert on payloads. Responses are what Slack answers, reduced to the fields the
adapter and slack-bolt read.

It also keeps the messages as Slack would show them (`messages`): chat.postMessage and
chat.postEphemeral add one; a `response_url` post adds one (`response_type` "in_channel":
for everyone; anything else, Slack's default, ephemeral: for the user the URL was issued
to), or with `replace_original` replaces the message the URL belongs to (a button's
message, or the last one posted through a slash command's URL) keeping who sees it, or with
`delete_original` deletes it. Messages over Slack's limits (50 blocks, 3000 characters a
section) are refused as Slack refuses them. `views.publish` checks its view as Slack does
(a user, type "home", at most 100 blocks) and keeps the latest view per user (`home_views`).

    fake = FakeSlack()
    await fake.start()
    fake.rate_limit_next("chat.postMessage", retry_after=1)
    ...
    await fake.wait_for(lambda: fake.calls_to("chat.postMessage"))
    await fake.close()
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

BOT_TOKEN = "xoxb-test-bot-token-do-not-leak"
TEAM_ID = "T_TEST"
BOT_USER_ID = "U_BOT"
BOT_ID = "B_BOT"
WAIT_LIMIT_S = 10.0
BLOCKS_PER_MESSAGE = 50
BLOCKS_PER_VIEW = 100
TEXT_LIMIT = 3000


@dataclass
class Call:
    method: str  # a Web API method ("chat.postMessage") or "response_url"
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    at: float  # time.monotonic() on arrival
    status: int = 200

    @property
    def token(self) -> str | None:
        auth = self.headers.get("Authorization", "")
        return auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else None

    @property
    def text_dump(self) -> str:
        """The body as JSON text, for "does this appear anywhere" assertions."""
        return json.dumps(self.body, ensure_ascii=False)


@dataclass
class Message:
    """A message as Slack keeps it. `visible_to`: None for everyone in the channel, else the
    one user who sees it (ephemeral)."""

    channel: str | None
    ts: str
    text: str
    blocks: list[dict[str, Any]]
    visible_to: str | None = None
    thread_ts: str | None = None
    deleted: bool = False
    replaced: int = 0  # how many times replace_original changed it

    @property
    def ephemeral(self) -> bool:
        return self.visible_to is not None


@dataclass
class ResponseUrl:
    """Whose a response_url is: the user it answers, and the message it may replace."""

    user: str | None = None
    channel: str | None = None
    message: Message | None = None
    # A button's URL always belongs to the button's message; a slash command's to the last
    # message posted through it.
    of_button: bool = False


@dataclass
class Workspace:
    team_id: str
    bot_token: str
    bot_user_id: str = BOT_USER_ID
    bot_id: str = BOT_ID


@dataclass
class FakeSlack:
    calls: list[Call] = field(default_factory=list)
    # users.info answers: user id -> the "user" object (is_admin, is_owner …)
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    workspaces: dict[str, Workspace] = field(default_factory=dict)
    # What oauth.v2.access hands out: the workspace a test "installs" into.
    oauth_grant: Workspace | None = None
    # Socket Mode: envelopes to send once a client connects, and what the client sent back.
    socket_outbox: asyncio.Queue = field(default_factory=asyncio.Queue)
    socket_inbox: list[dict[str, Any]] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    home_views: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.workspaces.setdefault(BOT_TOKEN, Workspace(TEAM_ID, BOT_TOKEN))
        self._failures: dict[str, list[tuple[int, dict[str, str]]]] = {}
        self._changed = asyncio.Condition()
        self._ts = itertools.count(1)
        self._urls: dict[str, ResponseUrl] = {}
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- life cycle ----------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/response/{name}", self._response_url)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(
        self,
        name: str = "cmd",
        *,
        user: str | None = None,
        channel: str | None = None,
        message: Message | None = None,
    ) -> str:
        """A response_url answering `user` in `channel`; for a button, in `message`."""
        self._urls[name] = ResponseUrl(user, channel, message, of_button=message is not None)
        return f"http://127.0.0.1:{self.port}/response/{name}"

    def visible(self, user: str | None = None) -> list[Message]:
        """The messages not deleted that `user` sees (None: what everyone sees)."""
        return [
            m
            for m in self.messages
            if not m.deleted and (m.visible_to is None or m.visible_to == user)
        ]

    def block_action(self, message: Message, user: str, team: str = TEAM_ID) -> dict[str, Any]:
        """The `block_actions` payload Slack sends when `user` clicks the More button in
        `message`: an ephemeral message's blocks are not sent back, as in Slack."""
        (actions,) = [b for b in message.blocks if b.get("type") == "actions"]
        (button,) = actions["elements"]
        name = f"click-{next(self._ts)}"
        payload: dict[str, Any] = {
            "type": "block_actions",
            "team": {"id": team, "domain": "test"},
            "user": {"id": user, "username": user.lower(), "team_id": team},
            "api_app_id": "A_ATTACHE",
            "container": {
                "type": "message",
                "message_ts": message.ts,
                "channel_id": message.channel,
                "is_ephemeral": message.ephemeral,
            },
            "channel": {"id": message.channel, "name": "general"},
            "response_url": self.response_url(
                name, user=user, channel=message.channel, message=message
            ),
            "trigger_id": "1.2.3",
            "actions": [
                {
                    "action_id": button["action_id"],
                    "block_id": actions.get("block_id"),
                    "type": "button",
                    "value": button.get("value", ""),
                    "action_ts": "1700000001.0",
                }
            ],
        }
        if not message.ephemeral:
            payload["message"] = {
                "type": "message",
                "ts": message.ts,
                "text": message.text,
                "blocks": message.blocks,
            }
        return payload

    # -- scripting and inspection --------------------------------------------------------

    def rate_limit_next(self, method: str, retry_after: int = 1) -> None:
        """The next call to `method` gets Slack's 429 `ratelimited` with Retry-After."""
        self._failures.setdefault(method, []).append((429, {"Retry-After": str(retry_after)}))

    def fail_next(self, method: str, status: int) -> None:
        """The next call to `method` (or "response_url") fails with `status`, e.g. 404 for an
        expired response_url."""
        self._failures.setdefault(method, []).append((status, {}))

    def calls_to(self, *methods: str) -> list[Call]:
        return [c for c in self.calls if c.method in methods]

    @property
    def posts(self) -> list[Call]:
        """Every message that reached Slack, however it was sent."""
        return [
            c
            for c in self.calls_to("chat.postMessage", "chat.postEphemeral", "response_url")
            if c.status == 200
        ]

    async def wait_for(self, condition: Callable[[], Any], what: str = "") -> None:
        """Until `condition()` is true; fails (does not hang) after WAIT_LIMIT_S."""
        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(condition), WAIT_LIMIT_S)
            except TimeoutError:
                raise AssertionError(
                    f"fake Slack never saw {what or 'the expected calls'}; "
                    f"calls: {[c.method for c in self.calls]}"
                ) from None

    async def _record(self, call: Call) -> None:
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    # -- the Web API ---------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        call = Call(method, request.path, dict(request.headers), await _body(request), 0.0)
        call.at = time.monotonic()
        failure = self._next_failure(method)
        if failure:
            call.status = failure[0]
            await self._record(call)
            return web.json_response(
                {"ok": False, "error": "ratelimited"}, status=failure[0], headers=failure[1]
            )
        await self._record(call)
        return web.json_response(self._answer(method, call))

    def _next_failure(self, key: str) -> tuple[int, dict[str, str]] | None:
        queued = self._failures.get(key)
        return queued.pop(0) if queued else None

    def _answer(self, method: str, call: Call) -> dict[str, Any]:
        if method == "oauth.v2.access":
            return self._oauth_access()
        if method == "apps.connections.open":
            return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}
        workspace = self.workspaces.get(call.token or "")
        if workspace is None:
            return {"ok": False, "error": "invalid_auth"}
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://test.slack.com/",
                "team": "Test",
                "user": "attache",
                "team_id": workspace.team_id,
                "user_id": workspace.bot_user_id,
                "bot_id": workspace.bot_id,
                "is_enterprise_install": False,
            }
        if method == "users.info":
            user_id = call.body.get("user", "")
            user = {"id": user_id, "name": user_id.lower(), "is_admin": False, "is_owner": False}
            return {"ok": True, "user": {**user, **self.users.get(user_id, {})}}
        if method in ("chat.postMessage", "chat.postEphemeral"):
            problem = _message_problem(call.body)
            if problem:
                return {"ok": False, "error": problem}
            message = self._keep(
                call.body,
                call.body.get("channel"),
                call.body.get("user") if method == "chat.postEphemeral" else None,
            )
            if method == "chat.postEphemeral":
                return {"ok": True, "message_ts": message.ts}
            return {"ok": True, "channel": message.channel, "ts": message.ts}
        if method == "views.publish":
            return self._publish(call.body)
        if method == "views.open":
            return self._open_view(call.body, call.at)
        return {"ok": False, "error": "unknown_method"}

    def _keep(self, body: dict[str, Any], channel: str | None, visible_to: str | None) -> Message:
        message = Message(
            channel=channel,
            ts=f"1700000000.{next(self._ts):06d}",
            text=str(body.get("text") or ""),
            blocks=_blocks(body),
            visible_to=visible_to,
            thread_ts=body.get("thread_ts"),
        )
        self.messages.append(message)
        return message

    def _publish(self, body: dict[str, Any]) -> dict[str, Any]:
        view = body.get("view")
        if isinstance(view, str):
            view = json.loads(view)
        if not body.get("user_id"):
            return {"ok": False, "error": "invalid_arguments", "detail": "user_id is required"}
        if not isinstance(view, dict) or view.get("type") != "home":
            return {"ok": False, "error": "invalid_arguments", "detail": "view.type must be home"}
        blocks = view.get("blocks") or []
        if len(blocks) > BLOCKS_PER_VIEW:
            return {"ok": False, "error": "invalid_blocks", "detail": "more than 100 blocks"}
        if any(_too_long(b) for b in blocks):
            return {"ok": False, "error": "invalid_blocks", "detail": "text over 3000"}
        self.home_views[body["user_id"]] = view
        return {"ok": True, "view": {"id": "V_HOME", **view}}

    def _oauth_access(self) -> dict[str, Any]:
        grant = self.oauth_grant
        if grant is None:
            return {"ok": False, "error": "invalid_code"}
        self.workspaces[grant.bot_token] = grant
        return {
            "ok": True,
            "app_id": "A_ATTACHE",
            "authed_user": {"id": "U_INSTALLER"},
            "scope": "app_mentions:read,chat:write,commands,im:history,users:read",
            "token_type": "bot",
            "access_token": grant.bot_token,
            "bot_user_id": grant.bot_user_id,
            "team": {"id": grant.team_id, "name": "Installed"},
            "enterprise": None,
            "is_enterprise_install": False,
        }

    # -- review cards: clicking one button of several, views.open, view_submission --------

    TRIGGER_LIFETIME_S = 3.0  # a trigger_id is good for 3 seconds, once

    def click_button(
        self, message: Message, user: str, action_id: str, team: str = TEAM_ID
    ) -> dict[str, Any]:
        """The `block_actions` payload for a click on the button `action_id` of `message`
        (which may hold several), with a fresh trigger_id as Slack issues one per click."""
        buttons = [
            (block, element)
            for block in message.blocks
            if block.get("type") == "actions"
            for element in block["elements"]
            if element.get("action_id") == action_id
        ]
        (block, button), *_ = buttons
        payload = self.block_action(
            Message(
                message.channel,
                message.ts,
                message.text,
                [{**block, "elements": [button]}],
                message.visible_to,
            ),
            user,
            team,
        )
        if "message" in payload:
            payload["message"]["blocks"] = message.blocks
        # The response_url replaces the card itself, not the one-button copy made above.
        url = payload["response_url"].rsplit("/", 1)[-1]
        self._urls[url].message = message
        trigger = f"trigger-{next(self._ts)}"
        self.__dict__.setdefault("triggers", {})[trigger] = time.monotonic()
        payload["trigger_id"] = trigger
        return payload

    def view_submission(self, view: dict[str, Any], user: str, values: dict[str, str]) -> dict:
        """The `view_submission` payload for a modal opened by `views.open`, submitted by
        `user` with `values` by block id (each block's one input shares its action id)."""
        state = {
            name: {name: {"type": "plain_text_input", "value": value}}
            for name, value in values.items()
        }
        return {
            "type": "view_submission",
            "team": {"id": TEAM_ID, "domain": "test"},
            "user": {"id": user, "username": user.lower(), "team_id": TEAM_ID},
            "api_app_id": "A_ATTACHE",
            "trigger_id": f"trigger-{next(self._ts)}",
            "view": {**view, "id": "V_MODAL", "team_id": TEAM_ID, "state": {"values": state}},
        }

    def _open_view(self, body: dict[str, Any], at: float) -> dict[str, Any]:
        """views.open as Slack checks it: a trigger_id it issued, within 3 s and used once;
        a modal with a title of at most 24 characters and at most 100 blocks."""
        triggers: dict[str, float] = self.__dict__.setdefault("triggers", {})
        issued = triggers.pop(str(body.get("trigger_id") or ""), None)
        if issued is None:
            return {"ok": False, "error": "invalid_trigger_id"}
        if at - issued > self.TRIGGER_LIFETIME_S:
            return {"ok": False, "error": "expired_trigger_id"}
        view = body.get("view")
        if isinstance(view, str):
            view = json.loads(view)
        if not isinstance(view, dict) or view.get("type") != "modal":
            return {"ok": False, "error": "invalid_arguments", "detail": "view.type must be modal"}
        title = (view.get("title") or {}).get("text") or ""
        if not 1 <= len(title) <= 24:
            return {"ok": False, "error": "invalid_arguments", "detail": "title over 24 chars"}
        if len(view.get("blocks") or []) > BLOCKS_PER_VIEW:
            return {"ok": False, "error": "invalid_blocks", "detail": "more than 100 blocks"}
        self.__dict__.setdefault("opened_views", []).append(view)
        return {"ok": True, "view": {"id": "V_MODAL", **view}}

    # -- response_url --------------------------------------------------------------------

    async def _response_url(self, request: web.Request) -> web.Response:
        call = Call("response_url", request.path, dict(request.headers), await _body(request), 0)
        call.at = time.monotonic()
        failure = self._next_failure("response_url")
        if failure:
            call.status = failure[0]
            await self._record(call)
            return web.Response(status=failure[0], headers=failure[1], text="rate_limited")
        problem = _message_problem(call.body)
        if problem:
            call.status = 400
            await self._record(call)
            return web.Response(status=400, text=problem)
        await self._record(call)
        self._follow(request.match_info["name"], call.body)
        return web.Response(text="ok")

    def _follow(self, name: str, body: dict[str, Any]) -> None:
        """What Slack does with a response_url post (see the module's docstring)."""
        url = self._urls.setdefault(name, ResponseUrl())
        original = url.message
        if _flag(body.get("delete_original")):
            if original is not None:
                original.deleted = True
            return
        if _flag(body.get("replace_original")) and original is not None:
            original.blocks = _blocks(body)
            original.text = str(body.get("text") or "")
            original.replaced += 1
            return
        public = body.get("response_type") == "in_channel"
        message = self._keep(body, url.channel, None if public else (url.user or "?"))
        if not url.of_button:
            url.message = message

    # -- Socket Mode ---------------------------------------------------------------------

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        await socket.send_json({"type": "hello", "num_connections": 1})
        sender = asyncio.create_task(self._send_envelopes(socket))
        try:
            async for message in socket:
                if message.type == WSMsgType.TEXT:
                    async with self._changed:
                        self.socket_inbox.append(json.loads(message.data))
                        self._changed.notify_all()
        finally:
            sender.cancel()
        return socket

    async def _send_envelopes(self, socket: web.WebSocketResponse) -> None:
        while True:
            envelope = await self.socket_outbox.get()
            await socket.send_json(envelope)


def _flag(value: Any) -> bool:
    return value is True or str(value).lower() == "true"


def _blocks(body: dict[str, Any]) -> list[dict[str, Any]]:
    blocks = body.get("blocks") or []
    return json.loads(blocks) if isinstance(blocks, str) else list(blocks)


def _too_long(block: dict[str, Any]) -> bool:
    texts = [block.get("text")] + list(block.get("elements") or [])
    return any(
        isinstance(t, dict) and isinstance(t.get("text"), str) and len(t["text"]) > TEXT_LIMIT
        for t in texts
    )


def _message_problem(body: dict[str, Any]) -> str | None:
    """Slack's refusal of a message over its limits, or None."""
    blocks = _blocks(body)
    if len(blocks) > BLOCKS_PER_MESSAGE or any(_too_long(b) for b in blocks):
        return "invalid_blocks"
    return None


async def _body(request: web.Request) -> dict[str, Any]:
    """JSON, form or query parameters, as the client sent them."""
    raw = await request.text()
    body: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json" and raw:
        body.update(json.loads(raw))
    elif raw:
        body.update(parse_qsl(raw, keep_blank_values=True))
    return body
