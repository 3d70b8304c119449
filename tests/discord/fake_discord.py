"""A fake Discord on 127.0.0.1: the REST API and the gateway websocket, enough for the real
discord.py client to log in, sync commands, connect, receive interactions and answer them.

Every REST request and every gateway frame is recorded so tests assert on payloads. Nothing
here knows about Attaché: it behaves like Discord (ids, 204s, 429s with their headers), and
is as strict as Discord, so that an adapter breaking a rule fails its tests:
- the interaction life cycle (`interaction_rules`): a first response within 3 s (10062
  after), one acknowledgement (40060), no follow-up or edit before it (10015);
- every message created or edited (`message_rules`): Discord's limits, 400/50035 naming the
  field, and 50006 for an empty message;
- every command bulk overwrite (`discord_rules`): 400/50035 naming the command;
- the gateway (https://discord.com/developers/docs/events/gateway): frames compressed as one
  zlib stream flushed with Z_SYNC_FLUSH when the client connects with
  `compress=zlib-stream` (discord.py does), a short heartbeat interval in HELLO, each
  heartbeat recorded and acknowledged (op 11); optionally a session closed with 4009
  ("Session timed out") when heartbeats stop.

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
import math
import re
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

import yarl
from aiohttp import WSMsgType, web

from tests.discord.discord_rules import command_errors
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
    thread_channel,
    user,
)
from tests.discord.interaction_rules import DEADLINE, TOKEN_LIFETIME, InteractionLedger
from tests.discord.message_rules import is_empty, message_errors

API = "/api/v10"
EPHEMERAL = 1 << 6  # message flag
EMPTY_MESSAGE = {"message": "Cannot send an empty message", "code": 50006}
NOT_TEXT_CHANNEL = {"message": "Cannot send messages in a non-text channel", "code": 50008}
UNKNOWN_CHANNEL = {"message": "Unknown Channel", "code": 10003}
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
    at: float = 0.0  # time.monotonic() when the fake received it
    response: Any = None  # the JSON the fake answered with


@dataclass
class GatewaySession:
    ws: web.WebSocketResponse
    number: int
    shard: tuple[int, int] | None = None
    identified: bool = False
    seq: int = 0
    query: dict[str, str] = field(default_factory=dict)
    # One zlib stream for the whole connection, when the client asked for zlib-stream.
    compressor: Any = None
    sent: list[dict[str, Any]] = field(default_factory=list)  # frames sent, in order
    wire: list[bytes | str] = field(default_factory=list)  # the same, as they went out
    heartbeats: list[float] = field(default_factory=list)  # when each op 1 arrived
    _sending: asyncio.Lock = field(default_factory=asyncio.Lock, repr=False)

    async def send(self, frame: dict[str, Any]) -> None:
        """One frame: compressed into the stream and flushed (ending 00 00 ff ff, which is
        how the client knows a frame is complete), or as text. The lock keeps the stream's
        order the order frames go out in."""
        text = json.dumps(frame)
        async with self._sending:
            self.sent.append(frame)
            if self.compressor is None:
                self.wire.append(text)
                await self.ws.send_str(text)
                return
            data = self.compressor.compress(text.encode()) + self.compressor.flush(
                zlib.Z_SYNC_FLUSH
            )
            self.wire.append(data)
            await self.ws.send_bytes(data)


class FakeDiscord:
    def __init__(
        self,
        *,
        deadline: float = DEADLINE,
        token_lifetime: float = TOKEN_LIFETIME,
        heartbeat_interval: float = 0.5,
        heartbeat_timeout: float | None = None,
    ) -> None:
        """`deadline`: seconds for an interaction's first response (Discord's 3);
        `token_lifetime`: seconds its follow-ups are allowed (Discord's 15 minutes);
        `heartbeat_interval`: seconds, sent in HELLO; `heartbeat_timeout`: close a session
        with 4009 when no heartbeat came for that long (off by default: a loaded test machine
        must not lose its session)."""
        self.interactions = InteractionLedger(deadline, token_lifetime)
        self.heartbeat_interval = heartbeat_interval
        self.heartbeat_timeout = heartbeat_timeout
        self.requests: list[Recorded] = []
        self.received: list[dict[str, Any]] = []  # gateway frames from the client
        self.sessions: list[GatewaySession] = []
        self.commands: dict[str, list[dict[str, Any]]] = {}  # "global" or guild id -> commands
        self._rate_limits: list[tuple[str, re.Pattern[str], float]] = []
        self._forbidden: list[tuple[str, re.Pattern[str]]] = []
        self._ids = itertools.count(900000000000000001)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0
        # Channels and threads by id (GET /channels/{id}); forum posts add theirs.
        self.channels = {c["id"]: c for c in guild()["channels"] + guild()["threads"]}
        self._payloads: dict[str, dict[str, Any]] = {}  # token -> the interaction dispatched
        self._originals: dict[str, dict[str, Any]] = {}  # token -> its response message

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

    def rate_limit_once(self, method: str, path_pattern: str, retry_after: float = 1.0) -> None:
        """Answer the next matching request with a 429, as Discord does, once. The default
        wait is long enough that a retry sent without waiting is told apart (see `at`)."""
        self._rate_limits.append((method, re.compile(path_pattern), retry_after))

    def forbid(self, method: str, path_pattern: str) -> None:
        """Refuse matching requests as Discord does when the bot lacks a permission in the
        channel (403, code 50013), until `permit` grants it."""
        self._forbidden.append((method, re.compile(path_pattern)))

    def permit(self) -> None:
        """The missing permissions are granted: nothing is refused by `forbid` any more."""
        self._forbidden.clear()

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

    def requests_for(self, token: str) -> list[Recorded]:
        """Every request naming one interaction's token, accepted or refused, in order."""
        return [r for r in self.requests if f"/{token}/" in r.path + "/"]

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
        self._payloads[payload["token"]] = payload
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
        at = time.monotonic()
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
            at=at,
        )
        response = (
            self._rate_limited(request.method, path)
            or self._missing_permissions(request.method, path)
            or self._refusal(request.method, path, body, at)
            or self._answer(request.method, path, body)
        )
        record.status = response.status
        if isinstance(response.body, bytes) and response.body:
            record.response = json.loads(response.body)
        await self._record(record)
        return response

    def _missing_permissions(self, method: str, path: str) -> web.Response | None:
        if any(m == method and pattern.fullmatch(path) for m, pattern in self._forbidden):
            return _json({"message": "Missing Permissions", "code": 50013}, status=403)
        return None

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
                    # Whole seconds in the header; the body is precise.
                    "Retry-After": str(max(1, math.ceil(retry_after))),
                    "Via": "1.1 google",  # discord.py treats a 429 without it as a ban
                }
                body = {
                    "message": "You are being rate limited.",
                    "retry_after": retry_after,
                    "global": False,
                }
                return _json(body, status=429, headers=headers)
        return None

    def _refusal(self, method: str, path: str, body: Any, at: float) -> web.Response | None:
        """What Discord refuses before doing anything: a request out of its interaction's
        life cycle, a message or command definition breaking a documented limit. An
        accepted interaction response or @original edit is recorded in the ledger here."""
        if match := re.fullmatch(r"/interactions/(\d+)/([^/]+)/callback", path):
            if method != "POST":
                return None
            if refusal := self.interactions.callback_refusal(match[1], match[2], at):
                return _json(refusal[1], status=refusal[0])
            body = body if isinstance(body, dict) else {}
            kind, data = body.get("type"), body.get("data") or {}
            if kind in (4, 7):  # a message now (4), or the clicked message updated (7)
                invalid = self._invalid_message(data, creating=kind == 4, at=("data",))
                if invalid is not None:
                    return invalid
            if kind == 9 and (invalid := self._invalid_modal(match[2], data)) is not None:
                return invalid
            self.interactions.acknowledge(match[2], at, kind, data)
            return None
        if match := re.fullmatch(rf"/webhooks/{APP_ID}/([^/]+)(/messages/[^/]+)?", path):
            if refusal := self.interactions.webhook_refusal(match[1], at):
                return _json(refusal[1], status=refusal[0])
            if method == "POST" and not match[2]:
                return self._invalid_message(body, creating=True)
            if method == "PATCH":
                return self._invalid_edit(match[1], match[2] == "/messages/@original", body)
            return None
        if re.fullmatch(r"/channels/\d+/messages", path) and method == "POST":
            return self._invalid_message(body, creating=True)
        if re.fullmatch(r"/channels/\d+/messages/\d+", path) and method == "PATCH":
            return self._invalid_message(body, creating=False)
        if re.fullmatch(r"/channels/\d+/threads", path) and method == "POST":
            if isinstance(body, dict) and "message" in body:  # a forum post's first message
                return self._invalid_message(body["message"], creating=True, at=("message",))
            return None
        commands = re.fullmatch(rf"/applications/{APP_ID}(?:/guilds/\d+)?/commands", path)
        if commands and method == "PUT" and (errors := command_errors(body)):
            return _json(_invalid_form_body(errors), status=400)
        return None

    def _invalid_message(
        self, body: Any, *, creating: bool, at: tuple[str, ...] = ()
    ) -> web.Response | None:
        """400/50035 for a message over a limit; 400/50006 for one that shows nothing."""
        if errors := message_errors(body, creating=creating, at=at):
            return _json(_invalid_form_body(errors), status=400)
        if creating and is_empty(body):
            return _json(EMPTY_MESSAGE, status=400)
        return None

    def _invalid_edit(self, token: str, original: bool, body: Any) -> web.Response | None:
        """An edit within the limits that does not leave the @original response empty (a
        deferral's "thinking…" message shows nothing until edited)."""
        if invalid := self._invalid_message(body, creating=False):
            return invalid
        state = self.interactions.states[token]
        if original and state.original is not None and isinstance(body, dict):
            edited = {**state.original, **body}
            if is_empty(edited):
                return _json(EMPTY_MESSAGE, status=400)
            state.original = edited
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
                return _json(self._webhook_message(path, method, body or {}))
        if (match := re.fullmatch(r"/channels/(\d+)/messages", path)) and self._is_forum(match[1]):
            return _json(NOT_TEXT_CHANNEL, status=400)  # a forum takes posts, not messages
        if (match := re.fullmatch(r"/channels/(\d+)/messages", path)) and method == "POST":
            return _json(self.message(int(match[1]), body or {}))
        if (match := re.fullmatch(r"/channels/(\d+)/messages/(\d+)", path)) and method == "PATCH":
            return _json({**self.message(int(match[1]), body or {}), "id": match[2]})
        if (match := re.fullmatch(r"/channels/(\d+)", path)) and method == "GET":
            return self._channel(match[1])
        if (match := re.fullmatch(r"/channels/(\d+)/threads", path)) and method == "POST":
            return self._forum_post(match[1], body or {})
        thread_from = re.fullmatch(r"/channels/(\d+)/messages/(\d+)/threads", path)
        if thread_from and method == "POST":
            return self._thread_from_message(thread_from[1], thread_from[2], body or {})
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
            resource["message"] = self._interaction_message(path.split("/")[3], message)
        elif kind in (6, 7) and (clicked := self._clicked_message(path.split("/")[3], data)):
            resource["message"] = clicked
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
        compress = request.query.get("compress")
        if compress == "zlib-stream":
            session.compressor = zlib.compressobj()
        elif compress is not None:  # zstd-stream needs a module this fake does not use
            await ws.close(code=4000, message=f"fake: compress={compress} unsupported".encode())
            await self._record_frame({"op": "closed", "session": session.number})
            return ws
        interval_ms = round(self.heartbeat_interval * 1000)
        await session.send(
            {"op": 10, "d": {"heartbeat_interval": interval_ms}, "s": None, "t": None}
        )
        watchdog = asyncio.create_task(self._watch_heartbeats(session, time.monotonic()))
        try:
            async for message in ws:
                if message.type not in (WSMsgType.TEXT, WSMsgType.BINARY):
                    continue
                # Clients send JSON as text or as (uncompressed) binary frames.
                frame = json.loads(message.data)
                op = frame.get("op")
                if op == 1:
                    session.heartbeats.append(time.monotonic())
                await self._record_frame(frame)
                if op == 1:
                    await session.send({"op": 11, "d": None, "s": None, "t": None})
                elif op == 2:  # identify
                    await self._identify(session, frame["d"])
        finally:
            watchdog.cancel()
        await self._record_frame({"op": "closed", "session": session.number})
        return ws

    async def _watch_heartbeats(self, session: GatewaySession, since: float) -> None:
        """Close a session whose heartbeats stopped, with 4009 "Session timed out"
        (https://discord.com/developers/docs/topics/opcodes-and-status-codes#gateway)."""
        if self.heartbeat_timeout is None:
            return
        while not session.ws.closed:
            last = session.heartbeats[-1] if session.heartbeats else since
            late = time.monotonic() - last - self.heartbeat_timeout
            if late >= 0:
                await session.ws.close(code=4009, message=b"Session timed out")
                return
            await asyncio.sleep(-late)

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
        if event == "INTERACTION_CREATE":  # Discord's 3 seconds start as it sends the event
            self.interactions.dispatched(data["id"], data["token"], time.monotonic())
        session.seq += 1
        await session.send({"op": 0, "t": event, "s": session.seq, "d": data})

    async def _record(self, record: Recorded) -> None:
        self.requests.append(record)
        await self._notify()

    async def _record_frame(self, frame: dict[str, Any]) -> None:
        self.received.append(frame)
        await self._notify()

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # --- interactions' messages, channels, threads and forum posts ----------------------

    def original_message(self, token: str) -> dict[str, Any]:
        """The interaction's response message as Discord holds it now (edits applied), with
        its `interaction_metadata`: what a later click on one of its buttons carries."""
        return self._originals[token]

    def click_by(self, user_id: int, custom_id: str, message: dict[str, Any]) -> dict[str, Any]:
        """A click by a member other than the one who asked."""
        payload = self.click(custom_id, message)
        payload["member"] = {**payload["member"], "user": user(user_id, f"member-{user_id}")}
        return payload

    def add_channel(self, payload: dict[str, Any]) -> None:
        """A channel Discord knows (GET /channels/{id} finds it) but the guild the bot
        cached at start does not list, as for a process whose shards hold another guild."""
        self.channels[payload["id"]] = payload

    def interaction_metadata(self, token: str) -> dict[str, Any] | None:
        """What Discord puts on a message an interaction made: who ran it, and for a click,
        the message clicked."""
        payload = self._payloads.get(token)
        if payload is None:
            return None
        metadata = {
            "id": payload["id"],
            "type": payload["type"],
            "user": (payload.get("member") or {}).get("user") or payload.get("user"),
            "authorizing_integration_owners": payload.get("authorizing_integration_owners", {}),
        }
        if "message" in payload:
            metadata["interacted_message_id"] = payload["message"]["id"]
        return metadata

    def _interaction_message(self, token: str, body: dict[str, Any]) -> dict[str, Any]:
        """A message an interaction's response or follow-up creates."""
        message = self.message(CHANNEL_ID, body, webhook=True)
        metadata = self.interaction_metadata(token)
        if metadata is not None:
            original = self._originals.get(token)
            if original is not None:  # a follow-up
                metadata["original_response_message_id"] = original["id"]
            message["interaction_metadata"] = metadata
        self._originals.setdefault(token, message)
        return message

    def _clicked_message(self, token: str, data: dict[str, Any]) -> dict[str, Any] | None:
        """After a click's deferred update (6) or update (7), the clicked message is the
        interaction's @original: edits change it, keeping its id and its asker."""
        clicked = (self._payloads.get(token) or {}).get("message")
        if clicked is None:
            return None
        self._originals[token] = _edited(clicked, data) if data else clicked
        return self._originals[token]

    def _webhook_message(self, path: str, method: str, body: dict[str, Any]) -> dict[str, Any]:
        token = path.split("/")[3]  # /webhooks/{application}/{token}[/messages/@original]
        original = self._originals.get(token)
        if path.endswith("/messages/@original") and original is not None:
            if method == "PATCH":
                self._originals[token] = _edited(original, body)
            return self._originals[token]
        if path.endswith("/messages/@original"):
            return self.message(CHANNEL_ID, body, webhook=True)
        return self._interaction_message(token, body)

    # --- modals (review cards' Edit form) ------------------------------------------------

    def modal_submit(
        self,
        custom_id: str,
        values: dict[str, str],
        message: dict[str, Any],
        *,
        permissions: int = MEMBER_PERMISSIONS,
    ) -> dict[str, Any]:
        """An interaction of type 5 (MODAL_SUBMIT): a form opened from a button on `message`,
        submitted with `values` by custom id, shaped as Discord sends it (text inputs in
        action rows)."""
        rows = [
            {"type": 1, "components": [{"type": 4, "custom_id": key, "value": value}]}
            for key, value in values.items()
        ]
        payload = self._interaction(
            5, {"custom_id": custom_id, "components": rows}, permissions, ()
        )
        payload["message"] = message
        return payload

    def modals_for(self, token: str) -> list[dict[str, Any]]:
        """The forms (callback type 9) an interaction answered with."""
        return [c["data"] for c in self.callbacks_for(token) if c.get("type") == 9]

    def _invalid_modal(self, token: str, data: dict[str, Any]) -> web.Response | None:
        """Discord's rules for a modal response: not to a modal submission or an
        autocomplete; custom_id 1-100, title 1-45, 1-5 components, each a text input in an
        action row with custom_id 1-100, label 1-45, style 1 or 2, value at most 4000
        (and within its own min/max length)."""
        payload = self._payloads.get(token) or {}
        if payload.get("type") in (4, 5):
            return _json({"message": "Interaction has no modal response", "code": 50035}, 400)
        errors: dict[str, Any] = {}

        def bad(path: str, message: str) -> None:
            errors[path] = {"_errors": [{"code": "BASE_TYPE_BAD_LENGTH", "message": message}]}

        if not 1 <= len(data.get("custom_id") or "") <= 100:
            bad("data.custom_id", "Must be between 1 and 100 in length.")
        if not 1 <= len(data.get("title") or "") <= 45:
            bad("data.title", "Must be between 1 and 45 in length.")
        rows = data.get("components") or []
        if not 1 <= len(rows) <= 5:
            bad("data.components", "Must be between 1 and 5 in length.")
        for n, row in enumerate(rows):
            inputs = row.get("components") or []
            if row.get("type") != 1 or len(inputs) != 1 or inputs[0].get("type") != 4:
                bad(f"data.components.{n}", "Must be an action row holding one text input.")
                continue
            field = inputs[0]
            at = f"data.components.{n}.components.0"
            if not 1 <= len(field.get("custom_id") or "") <= 100:
                bad(f"{at}.custom_id", "Must be between 1 and 100 in length.")
            if not 1 <= len(field.get("label") or "") <= 45:
                bad(f"{at}.label", "Must be between 1 and 45 in length.")
            if field.get("style") not in (1, 2):
                bad(f"{at}.style", "Value must be one of (1, 2).")
            value = field.get("value") or ""
            if len(value) > min(4000, field.get("max_length") or 4000):
                bad(f"{at}.value", "Must be 4000 or fewer in length.")
        return _json(_invalid_form_body(errors), status=400) if errors else None

    def _is_forum(self, channel_id: str) -> bool:
        return self.channels.get(channel_id, {}).get("type") == 15

    def _channel(self, channel_id: str) -> web.Response:
        found = self.channels.get(channel_id)
        return _json(found) if found else _json(UNKNOWN_CHANNEL, status=404)

    def _forum_post(self, channel_id: str, body: dict[str, Any]) -> web.Response:
        """POST /channels/{forum}/threads: a new post (thread) and its first message, whose
        id is the thread's (https://discord.com/developers/docs/resources/channel
        #start-thread-in-forum-or-media-channel)."""
        if channel_id not in self.channels:
            return _json(UNKNOWN_CHANNEL, status=404)
        if not self._is_forum(channel_id) or "message" not in body:
            fake_limit = {"message": "fake: only forum posts are supported here", "code": 0}
            return _json(fake_limit, status=400)
        name = body.get("name") or ""
        if not 1 <= len(name) <= 100:
            return _bad_thread_name()
        thread_id = next(self._ids)
        thread = thread_channel(thread_id, int(channel_id), name, message_count=1)
        self.channels[thread["id"]] = thread
        message = {**self.message(thread_id, body["message"]), "id": str(thread_id)}
        return _json({**thread, "message": message})

    def _thread_from_message(
        self, channel_id: str, message_id: str, body: dict[str, Any]
    ) -> web.Response:
        """POST /channels/{channel}/messages/{message}/threads: a public thread started from
        a message; its id is the message's (https://discord.com/developers/docs/resources/
        channel#start-thread-from-message)."""
        if channel_id not in self.channels:
            return _json(UNKNOWN_CHANNEL, status=404)
        name = body.get("name") or ""
        if not 1 <= len(name) <= 100:
            return _bad_thread_name()
        thread = thread_channel(int(message_id), int(channel_id), name)
        self.channels[thread["id"]] = thread
        return _json(thread)


def _edited(message: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """`message` after an edit: the fields the edit sends replace its own; an edit ends a
    deferral's "thinking…" state (flag 128)."""
    shown = {k: body[k] or ("" if k == "content" else []) for k in _EDITABLE if k in body}
    flags = int(message.get("flags") or 0) & ~128
    return {**message, **shown, "flags": flags, "edited_timestamp": now()}


_EDITABLE = ("content", "embeds", "components")


def _bad_thread_name() -> web.Response:
    """Discord's answer to a thread (forum post) name outside 1-100 characters."""
    bad = {"code": "BASE_TYPE_BAD_LENGTH", "message": "Must be between 1 and 100 in length."}
    return _json(_invalid_form_body({"name": {"_errors": [bad]}}), status=400)


def _invalid_form_body(errors: dict[str, Any]) -> dict[str, Any]:
    return {"message": "Invalid Form Body", "code": 50035, "errors": errors}


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
