"""`SlackRunner`: what `attache serve --slack` runs, in Socket Mode or as an HTTP server.

HTTP mode serves POST /slack/events (slash commands, events and interactivity, all verified
by bolt against SLACK_SIGNING_SECRET), GET /healthz for load balancers and, with OAuth,
GET /slack/install and /slack/oauth_redirect. No state lives in the process that another
worker would need: More buttons carry their statement ids, installations and OAuth states
live in the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING

from aiohttp import web
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.app.async_server import AsyncSlackAppServer
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.delivery import SlackPoster, make_web_client
from adapters.slack.dispatch import AdminResolver, Dispatcher
from adapters.slack.listeners import SlackListeners
from adapters.slack.settings import SlackSettings, command_problem, missing_settings
from bot.app.dispatch import Core

if TYPE_CHECKING:
    from adapters.slack.oauth import ThreadedInstallationStore

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
# On shutdown, answers already acknowledged get this long to reach Slack before cancelling.
SHUTDOWN_GRACE_S = 10.0


class SlackRunner:
    platform = "slack"

    @staticmethod
    def missing_settings(env: Mapping[str, str]) -> list[str]:
        return missing_settings(env)

    def __init__(self, core: Core, env: Mapping[str, str]) -> None:
        self.settings = SlackSettings.from_env(env)
        problem = command_problem(self.settings.command)
        if problem:
            raise ValueError(f"ATTACHE_SLACK_COMMAND is not a slash command name: {problem}")
        self.core = core
        self.installations: ThreadedInstallationStore | None = None
        self.app = self._build_app()
        self.listeners = SlackListeners(
            Dispatcher(core, AdminResolver(self.settings.admin_ids), self.settings.command),
            command=self.settings.command,
            installations=self.installations,
        )
        self.listeners.register(self.app)
        self.poster = SlackPoster(self._client_for_team)
        self.started = asyncio.Event()
        self.port: int | None = None  # the bound port in HTTP mode, once started

    def _build_app(self) -> AsyncApp:
        settings = self.settings
        if not settings.oauth:
            client = make_web_client(settings.bot_token, settings.api_url)
            # In Socket Mode there is nothing to verify: the socket itself is authenticated.
            return AsyncApp(
                name="attache", client=client, signing_secret=settings.signing_secret or ""
            )
        # Imported only here: slack_sdk's SQLAlchemy stores import sqlalchemy.ext.asyncio,
        # which needs greenlet; single-workspace deployments do without both.
        from adapters.slack import oauth

        engine = self.core.services.store.engine
        self.installations = oauth.installation_store(settings, engine)
        self._oauth_settings = oauth.oauth_settings(settings, self.installations, engine)
        return AsyncApp(
            name="attache",
            client=make_web_client(None, settings.api_url),
            signing_secret=settings.signing_secret,
            installation_store=self.installations,
            oauth_settings=self._oauth_settings,
        )

    async def _client_for_team(self, team_id: str | None) -> AsyncWebClient:
        """The bot's client for a workspace: the one token, or the workspace's installation."""
        if self.installations is None:
            return self.app.client
        bot = await self.installations.async_find_bot(enterprise_id=None, team_id=team_id)
        if bot is None or not bot.bot_token:
            raise LookupError(f"Attaché is not installed in Slack workspace {team_id}")
        return make_web_client(bot.bot_token, self.settings.api_url)

    async def run(self) -> None:
        """Serve until cancelled; then finish answers in flight (briefly) and close."""
        try:
            if self.installations is not None:
                from adapters.slack.oauth import create_tables

                await create_tables(self.installations, self._oauth_settings)
            if self.settings.mode == "socket":
                await self._run_socket_mode()
            else:
                await self._run_http()
        finally:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(asyncio.shield(self.listeners.wait_idle()), SHUTDOWN_GRACE_S)
            await self.listeners.close()

    async def _run_http(self) -> None:
        server = AsyncSlackAppServer(
            port=self.settings.port, path=EVENTS_PATH, app=self.app, host=self.settings.host
        )
        server.web_app.router.add_get(HEALTH_PATH, _health)
        # No access log: OAuth redirects carry one-time codes in their query strings.
        runner = web.AppRunner(server.web_app, access_log=None)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.settings.host, self.settings.port)
            await site.start()
            self.port = runner.addresses[0][1]
            log.info(
                "Slack adapter (HTTP mode) listening on %s:%s%s",
                self.settings.host,
                self.port,
                EVENTS_PATH,
            )
            self.started.set()
            await asyncio.Event().wait()  # until cancelled
        finally:
            await runner.cleanup()

    async def _run_socket_mode(self) -> None:
        from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

        handler = AsyncSocketModeHandler(self.app, app_token=self.settings.app_token)
        try:
            await handler.connect_async()
            log.info("Slack adapter connected in Socket Mode")
            self.started.set()
            await asyncio.Event().wait()  # until cancelled
        finally:
            await handler.close_async()


async def _health(request: web.Request) -> web.Response:
    return web.Response(text="ok")
