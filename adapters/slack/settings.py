"""The Slack adapter's environment variables, read once; which ones are missing.

Modes:
- Socket Mode (one process, no public URL): SLACK_BOT_TOKEN + SLACK_APP_TOKEN.
- HTTP mode (any number of workers behind a load balancer): SLACK_BOT_TOKEN +
  SLACK_SIGNING_SECRET, served on ATTACHE_SLACK_HOST:ATTACHE_SLACK_PORT (0.0.0.0:3000).
- Multi-workspace installs (HTTP mode, OAuth): SLACK_CLIENT_ID + SLACK_CLIENT_SECRET +
  SLACK_SIGNING_SECRET; each workspace's bot token comes from the installation store.

ATTACHE_SLACK_MODE=socket|http picks a mode when both tokens are set (default: Socket Mode
when SLACK_APP_TOKEN is set and OAuth is not). ATTACHE_SLACK_ADMIN_IDS=U1,U2 names admins
besides the workspace's own admins and owners. ATTACHE_SLACK_API_URL points the Web API
client elsewhere (GovSlack, or the tests' fake server). ATTACHE_SLACK_COMMAND names the slash
command the app's manifest declares (default /attache; a staging app may use /attache-dev).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Mode = Literal["socket", "http"]
DEFAULT_PORT = 3000
DEFAULT_HOST = "0.0.0.0"
SCOPES = ("app_mentions:read", "chat:write", "commands", "im:history", "users:read")
DEFAULT_COMMAND = "/attache"
# Slack's rule for slash command names: a slash, then lower-case letters, digits, "-" and
# "_"; 32 characters in all.
COMMAND_MAX_CHARS = 32
_COMMAND = re.compile(r"/[a-z0-9_-]+")


def command_problem(command: str) -> str | None:
    """Why `command` cannot be a Slack slash command's name, or None when it can."""
    if not command.startswith("/"):
        return f"it must start with “/” (it is “{command}”)"
    if len(command) > COMMAND_MAX_CHARS:
        return (
            f"it is {len(command)} characters long; the limit is {COMMAND_MAX_CHARS} "
            f"(it is “{command}”)"
        )
    if not _COMMAND.fullmatch(command):
        return (
            "after the “/” only lower-case letters, digits, “-” and “_” are allowed "
            f"(it is “{command}”)"
        )
    return None


@dataclass(frozen=True)
class SlackSettings:
    # Secrets are left out of repr so that logging the settings never prints them.
    bot_token: str | None = field(default=None, repr=False)
    app_token: str | None = field(default=None, repr=False)
    signing_secret: str | None = field(default=None, repr=False)
    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    redirect_uri: str | None = None
    admin_ids: frozenset[str] = frozenset()
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    api_url: str | None = None
    requested_mode: str | None = None
    command: str = DEFAULT_COMMAND

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> SlackSettings:
        def get(name: str) -> str | None:
            return (env.get(name) or "").strip() or None

        admin_ids = (get("ATTACHE_SLACK_ADMIN_IDS") or "").replace(" ", ",").split(",")
        port = get("ATTACHE_SLACK_PORT")
        return cls(
            bot_token=get("SLACK_BOT_TOKEN"),
            app_token=get("SLACK_APP_TOKEN"),
            signing_secret=get("SLACK_SIGNING_SECRET"),
            client_id=get("SLACK_CLIENT_ID"),
            client_secret=get("SLACK_CLIENT_SECRET"),
            redirect_uri=get("SLACK_REDIRECT_URI"),
            admin_ids=frozenset(a for a in admin_ids if a),
            host=get("ATTACHE_SLACK_HOST") or DEFAULT_HOST,
            port=int(port) if port and port.isdigit() else DEFAULT_PORT,
            api_url=get("ATTACHE_SLACK_API_URL"),
            requested_mode=(get("ATTACHE_SLACK_MODE") or "").lower() or None,
            command=get("ATTACHE_SLACK_COMMAND") or DEFAULT_COMMAND,
        )

    @property
    def oauth(self) -> bool:
        return bool(self.client_id or self.client_secret)

    @property
    def mode(self) -> Mode:
        if self.requested_mode in ("socket", "http"):
            return self.requested_mode  # type: ignore[return-value]
        return "socket" if self.app_token and not self.oauth else "http"


def missing_settings(env: Mapping[str, str]) -> list[str]:
    """Every variable to set (or fix) before the adapter can start, in one list."""
    settings = SlackSettings.from_env(env)
    missing: list[str] = []
    port = (env.get("ATTACHE_SLACK_PORT") or "").strip()
    if port and not (port.isdigit() and int(port) < 65536):
        missing.append(f"ATTACHE_SLACK_PORT to a port number (it is “{port}”)")
    if settings.requested_mode not in (None, "socket", "http"):
        missing.append(f"ATTACHE_SLACK_MODE to socket or http (it is “{settings.requested_mode}”)")
    problem = command_problem(settings.command)
    if problem:
        missing.append(f"ATTACHE_SLACK_COMMAND to a slash command name such as /attache: {problem}")
    if settings.oauth:
        # Installing into workspaces needs the HTTP endpoints, hence the signing secret.
        for name, value in (
            ("SLACK_CLIENT_ID", settings.client_id),
            ("SLACK_CLIENT_SECRET", settings.client_secret),
            ("SLACK_SIGNING_SECRET", settings.signing_secret),
        ):
            if not value:
                missing.append(name)
        if settings.requested_mode == "socket":
            missing.append("ATTACHE_SLACK_MODE to http (installs through OAuth need HTTP mode)")
        return missing
    if not settings.bot_token:
        missing.append("SLACK_BOT_TOKEN")
    if settings.requested_mode == "socket" and not settings.app_token:
        missing.append("SLACK_APP_TOKEN")
    elif settings.requested_mode == "http" and not settings.signing_secret:
        missing.append("SLACK_SIGNING_SECRET")
    elif not settings.requested_mode and not (settings.app_token or settings.signing_secret):
        missing.append("SLACK_APP_TOKEN or SLACK_SIGNING_SECRET")
    return missing
