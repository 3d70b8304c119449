"""A fake Discord on 127.0.0.1: the REST API and the gateway websocket, enough for the real
discord.py client to log in, sync commands, connect, receive interactions and answer them.

Every REST request and every gateway frame is recorded so tests assert on payloads. Nothing
here knows about Attaché: it behaves like Discord (ids, 204s, 429s with their headers).

discord.py is pointed here through its own configuration points (see `pointed_at`):
`discord.http.Route.BASE` (every REST route, including interaction callbacks and webhook
follow-ups, is built from it) and the gateway URL that `GET /gateway/bot` returns (or
`DiscordWebSocket.DEFAULT_GATEWAY`, which discord.py uses when the shard count is given).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

import yarl
from aiohttp import WSMsgType, web

from tests.discord.fake_payloads import (
    ADMIN_ROLE_ID,
    APP_ID,
    CHANNEL_ID,
    GUILD_ID,
    MANAGE_GUILD,
    MEMBER_PERMISSIONS,
    USER_ID,
    application,
    button_row,
    channel,
    guild,
    now,
    user,
)

API = "/api/v10"
EPHEMERAL = 1 << 6  # message flag
__all__ = [
    "ADMIN_ROLE_ID",
    "APP_ID",
    "CHANNEL_ID",
    "GUILD_ID",
    "MANAGE_GUILD",
    "MEMBER_PERMISSIONS",
    "USER_ID",
    "EPHEMERAL",
    "FakeDiscord",
    "pointed_at",
    "shard_for",
]

T = TypeVar("T")


@dataclass
class Recorded:
    method: str
    path: str  # without the /api/v10 prefix
    query: dict[str, str]
    body: Any
    status: int = 0
    authorization: str | None = field(default=None, repr=False)


@dataclass
class GatewaySession:
    ws: web.WebSocketResponse
    number: int
    shard: tuple[int, int] | None = None
    identified: bool = False
    seq: int = 0
    query: dict[str, str] = field(default_factory=dict)


class FakeDiscord:
    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.received: list[dict[str, Any]] = []  # gateway frames from the client
        self.sessions: list[GatewaySession] = []
        self.commands: dict[str, list[dict[str, Any]]] = {}  # "global" or guild id -> commands
        self._rate_limits: list[tuple[str, re.Pattern[str], float]] = []
        self._ids = itertools.count(900000000000000001)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- life cycle ---------------------------------------------------------------------

    async def __aenter__(self) -> FakeDiscord:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", API + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def __aexit__(self, *exc: object) -> None:
        for session in self.sessions:
            if not session.ws.closed:
                await session.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}{API}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    # --- what tests use -----------------------------------------------------------------

    def rate_limit_once(self, method: str, path_pattern: str, retry_after: float = 0.05) -> None:
        """Answer the next matching request with a 429, as Discord does, once."""
        self._rate_limits.append((method, re.compile(path_pattern), retry_after))

    async def wait_for(self, predicate: Callable[[], T], timeout: float = 10.0) -> T:
        """Wait until `predicate()` is truthy; re-checked on every request and frame."""
        async with self._changed:
            return await asyncio.wait_for(self._changed.wait_for(predicate), timeout)

    def find(self, method: str, path_pattern: str) -> list[Recorded]:
        pattern = re.compile(path_pattern)
        return [r for r in self.requests if r.method == method and pattern.fullmatch(r.path)]

    @property
    def identified(self) -> list[GatewaySession]:
        return [s for s in self.sessions if s.identified and not s.ws.closed]

    def messages_for(self, token: str) -> list[dict[str, Any]]:
        """Every message the bot sent for one interaction, in order: the callback's message
        (if it sent one rather than deferring), edits of the original response, follow-ups."""
        out = []
        for r in self.requests:
            if r.status >= 300 or not isinstance(r.body, dict):
                continue
            if r.method == "POST" and r.path.endswith(f"/{token}/callback"):
                if r.body.get("type") in (4, 7) and r.body.get("data"):
                    out.append(r.body["data"])
            elif r.method in ("PATCH", "POST") and re.fullmatch(
                rf"/webhooks/{APP_ID}/{re.escape(token)}(/messages/@original)?", r.path
            ):
                out.append(r.body)
        return out

    def callbacks_for(self, token: str) -> list[dict[str, Any]]:
        return [
            r.body
            for r in self.requests
            if r.method == "POST" and r.path.endswith(f"/{token}/callback") and r.status < 300
        ]

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a DISPATCH to the newest session whose shard holds the guild (any, if
        unsharded): after a restart, the new client's."""
        sessions = self.identified[::-1]
        guild_id = int(data.get("guild_id", GUILD_ID))
        for session in sessions:
            if session.shard is None or shard_for(guild_id, session.shard[1]) == session.shard[0]:
                await self._send_dispatch(session, event, data)
                return
        raise AssertionError(f"no identified gateway session for guild {guild_id}")

    async def interact(self, payload: dict[str, Any]) -> str:
        await self.dispatch("INTERACTION_CREATE", payload)
        return payload["token"]

    def command_id(self, name: str) -> int:
        for commands in self.commands.values():
            for command in commands:
                if command["name"] == name:
                    return int(command["id"])
        return next(self._ids)

    # --- interaction payloads, shaped as Discord sends them -----------------------------

    def slash(
        self,
        path: str,
        options: dict[str, Any] | None = None,
        *,
        permissions: int = MEMBER_PERMISSIONS,
        roles: tuple[int, ...] = (),
        focused: str | None = None,
    ) -> dict[str, Any]:
        """A chat-input command ("ask", or "admin review approve") with its option values.
        With `focused`, an autocomplete request for that option instead."""
        names = path.split()
        leaf_options = [
            {"name": k, "type": 4 if isinstance(v, int) else 3, "value": v}
            | ({"focused": True} if k == focused else {})
            for k, v in (options or {}).items()
        ]
        nested = leaf_options
        for depth, name in reversed(list(enumerate(names[1:], start=1))):
            kind = 1 if depth == len(names) - 1 else 2  # subcommand, or subcommand group
            nested = [{"name": name, "type": kind, "options": nested}]
        data = {"id": str(self.command_id(names[0])), "name": names[0], "type": 1}
        if nested:
            data["options"] = nested
        return self._interaction(4 if focused else 2, data, permissions, roles)

    def click(self, custom_id: str, message: dict[str, Any] | None = None) -> dict[str, Any]:
        """A button click on a message the bot sent earlier (possibly before a restart)."""
        message = message or self.message(
            CHANNEL_ID,
            {"content": "", "components": [button_row(custom_id)]},
        )
        data = {"custom_id": custom_id, "component_type": 2}
        payload = self._interaction(3, data, MEMBER_PERMISSIONS, ())
        payload["message"] = message
        return payload

    def _interaction(
        self, kind: int, data: dict[str, Any], permissions: int, roles: tuple[int, ...]
    ) -> dict[str, Any]:
        interaction_id = next(self._ids)
        return {
            "id": str(interaction_id),
            "application_id": str(APP_ID),
            "type": kind,
            "data": data,
            "guild_id": str(GUILD_ID),
            "channel_id": str(CHANNEL_ID),
            "channel": channel(),
            "member": {
                "user": user(USER_ID, "member"),
                "roles": [str(r) for r in roles],
                "joined_at": now(),
                "deaf": False,
                "mute": False,
                "flags": 0,
                "pending": False,
                "nick": None,
                "avatar": None,
                "premium_since": None,
                "permissions": str(permissions),
            },
            "token": f"interaction-token-{interaction_id}",
            "version": 1,
            "app_permissions": str(MEMBER_PERMISSIONS),
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(GUILD_ID)},
            "context": 0,
            "attachment_size_limit": 10 * 1024 * 1024,
        }

    # --- REST ---------------------------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        raw = await request.read()
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode(errors="replace")
        record = Recorded(
            request.method,
            path,
            dict(request.query),
            body,
            authorization=request.headers.get("Authorization"),
        )
        response = self._rate_limited(request.method, path) or self._answer(
            request.method, path, body
        )
        record.status = response.status
        await self._record(record)
        return response

    def _rate_limited(self, method: str, path: str) -> web.Response | None:
        for n, (m, pattern, retry_after) in enumerate(self._rate_limits):
            if m == method and pattern.fullmatch(path):
                del self._rate_limits[n]
                headers = {
                    "X-RateLimit-Limit": "5",
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset": f"{datetime.now(UTC).timestamp() + retry_after:.3f}",
                    "X-RateLimit-Reset-After": f"{retry_after:.3f}",
                    "X-RateLimit-Bucket": "fake-bucket",
                    "X-RateLimit-Scope": "user",
                    "Retry-After": "1",  # whole seconds in the header; the body is precise
                    "Via": "1.1 google",  # discord.py treats a 429 without it as a ban
                }
                body = {
                    "message": "You are being rate limited.",
                    "retry_after": retry_after,
                    "global": False,
                }
                return _json(body, status=429, headers=headers)
        return None

    def _answer(self, method: str, path: str, body: Any) -> web.Response:
        if method == "GET" and path == "/users/@me":
            return _json(user(APP_ID, "Attaché", bot=True))
        if method == "GET" and path == "/oauth2/applications/@me":
            return _json(application())
        if method == "GET" and path == "/gateway/bot":
            return _json(
                {
                    "url": self.gateway_url,
                    "shards": 1,
                    "session_start_limit": {
                        "total": 1000,
                        "remaining": 999,
                        "reset_after": 0,
                        "max_concurrency": 1,
                    },
                }
            )
        if match := re.fullmatch(rf"/applications/{APP_ID}(?:/guilds/(\d+))?/commands", path):
            if method == "PUT":
                return _json(self._store_commands(match[1] or "global", body))
            if method == "GET":
                return _json(self.commands.get(match[1] or "global", []))
        if method == "POST" and re.fullmatch(r"/interactions/\d+/[^/]+/callback", path):
            return _json(self._callback_response(path, body))
        if match := re.fullmatch(rf"/webhooks/{APP_ID}/[^/]+(/messages/@original)?", path):
            if method == "DELETE":
                return web.Response(status=204)
            if method in ("PATCH", "POST", "GET"):
                return _json(self.message(CHANNEL_ID, body or {}, webhook=True))
        if (match := re.fullmatch(r"/channels/(\d+)/messages", path)) and method == "POST":
            return _json(self.message(int(match[1]), body or {}))
        return _json({"message": "404: Not Found", "code": 0}, status=404)

    def _store_commands(self, scope: str, commands: list[dict[str, Any]]) -> list[dict]:
        stored = []
        for command in commands:
            previous = next(
                (c for c in self.commands.get(scope, []) if c["name"] == command["name"]), None
            )
            stored.append(
                {
                    "default_member_permissions": None,
                    "nsfw": False,
                    "contexts": None,
                    "integration_types": [0],
                    **command,
                    "id": previous["id"] if previous else str(next(self._ids)),
                    "application_id": str(APP_ID),
                    "version": str(next(self._ids)),
                    **({} if scope == "global" else {"guild_id": scope}),
                }
            )
        self.commands[scope] = stored
        return stored

    def _callback_response(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        interaction_id = path.split("/")[2]
        kind = body.get("type")
        data = body.get("data") or {}
        flags = data.get("flags", 0)
        resource: dict[str, Any] = {"type": kind}
        loading = kind == 5
        if kind in (4, 5):
            message = {**data, "flags": flags | (128 if loading else 0)}
            resource["message"] = self.message(CHANNEL_ID, message, webhook=True)
        return {
            "interaction": {
                "id": interaction_id,
                "type": 2,
                "response_message_id": resource.get("message", {}).get("id"),
                "response_message_loading": loading,
                "response_message_ephemeral": bool(flags & EPHEMERAL),
            },
            "resource": resource,
        }

    def message(
        self, channel_id: int, body: dict[str, Any], *, webhook: bool = False
    ) -> dict[str, Any]:
        message_id = next(self._ids)
        return {
            "id": str(message_id),
            "channel_id": str(channel_id),
            "guild_id": str(GUILD_ID),
            "type": 0,
            "content": body.get("content") or "",
            "author": user(APP_ID, "Attaché", bot=True),
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "attachments": [],
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "timestamp": now(),
            "edited_timestamp": None,
            "flags": body.get("flags", 0),
            **({"webhook_id": str(APP_ID), "application_id": str(APP_ID)} if webhook else {}),
        }

    # --- gateway ------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(heartbeat=None)
        await ws.prepare(request)
        session = GatewaySession(ws, len(self.sessions), query=dict(request.query))
        self.sessions.append(session)
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 41250}, "s": None, "t": None})
        async for message in ws:
            if message.type != WSMsgType.TEXT:
                continue
            frame = json.loads(message.data)
            await self._record_frame(frame)
            op = frame.get("op")
            if op == 1:  # heartbeat
                await ws.send_json({"op": 11, "d": None, "s": None, "t": None})
            elif op == 2:  # identify
                await self._identify(session, frame["d"])
        await self._record_frame({"op": "closed", "session": session.number})
        return ws

    async def _identify(self, session: GatewaySession, data: dict[str, Any]) -> None:
        shard = data.get("shard")
        session.shard = (int(shard[0]), int(shard[1])) if shard else None
        owns_guild = (
            session.shard is None or shard_for(GUILD_ID, session.shard[1]) == session.shard[0]
        )
        ready = {
            "v": 10,
            "user": user(APP_ID, "Attaché", bot=True),
            "guilds": [{"id": str(GUILD_ID), "unavailable": True}] if owns_guild else [],
            "session_id": f"session-{session.number}",
            "resume_gateway_url": self.gateway_url,
            "shard": list(session.shard or (0, 1)),
            "application": {"id": str(APP_ID), "flags": 0},
        }
        await self._send_dispatch(session, "READY", ready)
        if owns_guild:
            await self._send_dispatch(session, "GUILD_CREATE", guild())
        session.identified = True
        await self._notify()

    async def _send_dispatch(self, session: GatewaySession, event: str, data: dict) -> None:
        session.seq += 1
        await session.ws.send_json({"op": 0, "t": event, "s": session.seq, "d": data})

    async def _record(self, record: Recorded) -> None:
        self.requests.append(record)
        await self._notify()

    async def _record_frame(self, frame: dict[str, Any]) -> None:
        self.received.append(frame)
        await self._notify()

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # Exactly "application/json": discord.py parses bodies only with that content type, as
    # Discord sends it (aiohttp's json_response would add "; charset=utf-8").
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={**(headers or {}), "Content-Type": "application/json"},
    )


def shard_for(guild_id: int, shard_count: int) -> int:
    return (guild_id >> 22) % shard_count


@contextlib.contextmanager
def pointed_at(fake: FakeDiscord) -> Iterator[None]:
    """Point discord.py at the fake through its configuration points; restore afterwards."""
    import discord.gateway
    import discord.http

    saved = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
    discord.http.Route.BASE = fake.api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
    try:
        yield
    finally:
        discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = saved
