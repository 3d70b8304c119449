"""The in-process heart of the adapter: Slack text -> Command -> Reply.

Transports (Socket Mode, HTTP) and listeners only unwrap Slack payloads into an `Origin` and
call `Dispatcher.handle`; everything here is plain asyncio and testable without a network
apart from the one Web API call `users.info` that tells whether a user is a workspace admin.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, replace

from adapters.slack.settings import DEFAULT_COMMAND
from bot.app.dispatch import Core
from bot.core.parse import split_command
from bot.core.registry import Registry
from bot.core.syntax import slack_syntax
from bot.core.types import Command, Context, Reply

log = logging.getLogger(__name__)

# Slack admin status rarely changes; a short cache spares one users.info call per command
# while a demoted admin loses the right within minutes. Each worker keeps its own copy.
ADMIN_CACHE_S = 300.0
SLACK_HINT = "In Slack: {command} COMMAND, mention me in a channel, or write to me directly."

# Fetches `users.info` for (team, user): the `user` object of the answer.
UserLookup = Callable[[str], Awaitable[dict]]


@dataclass(frozen=True)
class Origin:
    """Where a Slack request came from and who sent it."""

    team_id: str | None
    channel_id: str | None
    user_id: str
    user_name: str | None = None
    thread_ts: str | None = None

    def context(self, *, is_admin: bool) -> Context:
        return Context(
            platform="slack",
            workspace=self.team_id,
            channel=self.channel_id,
            thread=self.thread_ts,
            user_id=self.user_id,
            display_name=self.user_name or self.user_id,
            is_admin=is_admin,
        )


def needs_admin_check(name: str, registry: Registry) -> bool:
    """Whether to ask Slack who the user is: only for commands with admin parts, as a
    `users.info` call costs. The core decides whether they may; Slack only tells it."""
    return name in registry and registry.get(name).has_admin_parts


class AdminResolver:
    """Configured admin user ids, else Slack's own workspace admins and owners."""

    def __init__(self, admin_ids: Iterable[str], cache_s: float = ADMIN_CACHE_S) -> None:
        self.admin_ids = frozenset(admin_ids)
        self.cache_s = cache_s
        self._cache: dict[tuple[str | None, str], tuple[float, bool]] = {}

    async def is_admin(self, origin: Origin, lookup: UserLookup) -> bool:
        if origin.user_id in self.admin_ids:
            return True
        key = (origin.team_id, origin.user_id)
        cached = self._cache.get(key)
        now = time.monotonic()
        if cached and now - cached[0] < self.cache_s:
            return cached[1]
        try:
            user = await lookup(origin.user_id)
        except Exception as error:  # no users:read scope, network: refuse, never grant
            log.warning("users.info failed for %s: %s; treating as non-admin", key, error)
            return False
        verdict = bool(user.get("is_admin") or user.get("is_owner"))
        self._cache[key] = (now, verdict)
        return verdict


class Dispatcher:
    """Runs one Slack request through the core."""

    def __init__(self, core: Core, admins: AdminResolver, command: str = DEFAULT_COMMAND) -> None:
        self.core = core
        self.admins = admins
        self.slash_command = command  # the configured name (ATTACHE_SLACK_COMMAND)
        self.syntax = slack_syntax(command)  # help and hints are written after it

    def command(self, name: str, text: str, origin: Origin, *, is_admin: bool) -> Command:
        context = origin.context(is_admin=is_admin)
        return Command(name=name, text=text, context=context, syntax=self.syntax)

    async def handle(self, text: str, origin: Origin, lookup: UserLookup) -> Reply:
        name, rest = split_command(text, self.core.registry)
        return await self.run(name, rest, origin, lookup)

    async def run(self, name: str, text: str, origin: Origin, lookup: UserLookup) -> Reply:
        is_admin = False
        if needs_admin_check(name, self.core.registry):
            is_admin = await self.admins.is_admin(origin, lookup)
        reply = await self.core.handle(self.command(name, text, origin, is_admin=is_admin))
        if name == "help" and not text and not reply.is_error:
            hint = SLACK_HINT.format(command=self.slash_command)
            reply = replace(reply, notices=(*reply.notices, hint))
        return reply
