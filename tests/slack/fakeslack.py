"""A fake Slack on 127.0.0.1: the Web API, response_url endpoints and a Socket Mode socket.

slack_sdk's clients are pointed at it with `base_url` (ATTACHE_SLACK_API_URL); slash commands
and block actions carry `response_url`s that lead here too. Every request is recorded
(method, headers, parsed body, arrival time and the status answered) so tests can count
calls and assert on payloads. Responses are what Slack answers, reduced to the fields the
adapter and slack-bolt read.

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

    def __post_init__(self) -> None:
        self.workspaces.setdefault(BOT_TOKEN, Workspace(TEAM_ID, BOT_TOKEN))
        self._failures: dict[str, list[tuple[int, dict[str, str]]]] = {}
        self._changed = asyncio.Condition()
        self._ts = itertools.count(1)
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

    def response_url(self, name: str = "cmd") -> str:
        return f"http://127.0.0.1:{self.port}/response/{name}"

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
        if method == "chat.postMessage":
            ts = f"1700000000.{next(self._ts):06d}"
            return {"ok": True, "channel": call.body.get("channel"), "ts": ts}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"1700000000.{next(self._ts):06d}"}
        return {"ok": False, "error": "unknown_method"}

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

    # -- response_url --------------------------------------------------------------------

    async def _response_url(self, request: web.Request) -> web.Response:
        call = Call("response_url", request.path, dict(request.headers), await _body(request), 0)
        call.at = time.monotonic()
        failure = self._next_failure("response_url")
        if failure:
            call.status = failure[0]
            await self._record(call)
            return web.Response(status=failure[0], headers=failure[1], text="rate_limited")
        await self._record(call)
        return web.Response(text="ok")

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


async def _body(request: web.Request) -> dict[str, Any]:
    """JSON, form or query parameters, as the client sent them."""
    raw = await request.text()
    body: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json" and raw:
        body.update(json.loads(raw))
    elif raw:
        body.update(parse_qsl(raw, keep_blank_values=True))
    return body
