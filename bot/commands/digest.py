"""`digest`: preview what this channel's next digest would hold. Posts and records nothing.

Also the body of `attache digest [--since …] [--channel …]` (`run_cli`).
"""

from __future__ import annotations

import asyncio
import json
import sys
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, cast

from bot.commands.args import parse_args
from bot.core.errors import AttacheError, InvalidInput
from bot.core.registry import CommandSpec, Option
from bot.core.services import Services
from bot.core.syntax import CONSOLE, CommandSyntax
from bot.core.types import Command, Context, Platform, Reply
from bot.schedule import periods
from bot.schedule import subscriptions as subs
from bot.schedule.digest import DIGEST_STORIES, Digest, compose
from bot.schedule.filters import Filters
from bot.schedule.spec import parse_since

if TYPE_CHECKING:
    from bot.core.dispatch import Core

NO_SCHEDULE_WINDOW = timedelta(hours=24)
PLATFORMS = ("console", "cli", "discord", "slack", "test")


async def digest(command: Command, services: Services) -> Reply:
    args = parse_args(command.text, command.options)
    since_text = args.options.pop("since", None) or " ".join(args.words) or None
    if args.options:
        raise InvalidInput(
            f"digest takes only since=… (e.g. since=24h or since=2024-03-01); "
            f"cannot use: {', '.join(sorted(args.options))}"
        )
    preview, notices = preview_digest(services, command.context, since_text, command.syntax)
    reply = preview.reply(preview=True)
    return Reply(
        title=reply.title,
        items=reply.items,
        lines=reply.lines,
        notices=reply.notices + tuple(notices),
        ephemeral=True,
    )


def preview_digest(
    services: Services, context: Context, since_text: str | None, syntax: CommandSyntax = CONSOLE
) -> tuple[Digest, list[str]]:
    """The digest the context's channel would get now (from its last digest, or
    `since_text`, with its filters and story count), and notes about its schedule."""
    key = subs.channel_key(context)
    now = periods.utc_now()
    notices: list[str] = []
    with services.store.reading() as session:
        sub = subs.find(session, key)
        tz = sub.timezone if sub else "UTC"
        since: datetime | None
        if since_text:
            since = parse_since(since_text, now=now, tz=tz)
        elif sub is not None:
            since = subs.window_start(sub, now)
        else:
            since = now - NO_SCHEDULE_WINDOW
        filters = subs.filters_of(sub) if sub else Filters()
        stories = (sub.stories if sub else None) or DIGEST_STORIES
        preview = compose(session, since=since, until=now, filters=filters, tz=tz, stories=stories)
        if sub is None:
            notices.append(
                "This channel has no digest schedule; an admin can set one with "
                f"“{syntax.example('schedule set daily 09:00 Europe/Kyiv')}”."
            )
        elif not sub.enabled:
            notices.append("Digests for this channel are off.")
        else:
            schedule = subs.schedule_of(sub)
            upcoming = schedule.next_after(now)
            if upcoming is not None:
                notices.append(f"Next digest: {schedule.local(upcoming)}.")
        if not filters.empty:
            notices.append(f"Filters: {filters.describe(session)}.")
    return preview, notices


def digest_json(digest: Digest) -> dict:
    """`digest --json`: the period, how many statements it holds, and its stories, each
    statement with the fields of `ask --json`."""
    from bot.cli import statement_json

    return {
        "since": digest.since.isoformat() if digest.since else None,
        "until": digest.until.isoformat(),
        "total": digest.total,
        "stories": [
            {"heading": story.heading, "statements": [statement_json(i) for i in story.items]}
            for story in digest.stories
        ],
    }


def cli_context(channel: str | None) -> Context:
    """`--channel [PLATFORM:[WORKSPACE:]]CHANNEL` -> the Context of that channel.

    Without it, the terminal's own channel (the one `attache chat` schedules).
    """
    base = Context(platform="cli", user_id="cli", display_name="command line", is_admin=True)
    if channel is None or not channel.strip():
        return base
    parts = channel.strip().split(":")
    platform = parts[0].lower() if len(parts) > 1 and parts[0].lower() in PLATFORMS else None
    rest = parts[1:] if platform else parts
    if len(rest) > 2 or not all(rest) or (platform is None and len(parts) > 1):
        raise InvalidInput(
            f"--channel “{channel}” is not [PLATFORM:[WORKSPACE:]]CHANNEL, e.g. "
            f"discord:123456789:987654321; platforms: {', '.join(PLATFORMS)}"
        )
    workspace, name = (rest[0], rest[1]) if len(rest) == 2 else (None, rest[0])
    chosen = cast(Platform, platform or "cli")
    return replace(base, platform=chosen, workspace=workspace, channel=name)


def run_cli(core: Core, *, since: str | None, channel: str | None, as_json: bool = False) -> int:
    """Print the digest a channel would get; exit status 0, or 2 for bad input."""
    from adapters.console.render import render

    try:
        context = cli_context(channel)
        if as_json:
            found, _ = preview_digest(core.services, context, since)
            print(json.dumps(digest_json(found), ensure_ascii=False, indent=2))
            return 0
    except AttacheError as error:
        print(f"attache: {error.message}", file=sys.stderr)
        return error.exit_status
    options = {"since": since} if since else {}
    reply = asyncio.run(core.handle(Command("digest", options=options, context=context)))
    if reply.is_error:
        print(f"attache: {reply.title}", file=sys.stderr)
        return 1 if reply.error_code == "internal" else 2
    print(render(reply))
    return 0


SPECS = [
    CommandSpec(
        name="digest",
        summary="Preview this channel's next digest of newly approved statements (posts nothing)",
        usage="digest [since=24h|YYYY-MM-DD]",
        help=(
            "Shows the key statements approved since this channel's last digest (or since "
            "the given time), by story and side, with the channel's filters applied. "
            "Nothing is posted or recorded; admins post with “schedule now”."
        ),
        handler=digest,
        options=(Option("since", "e.g. 24h, 7d or 2024-03-01 (at most a year back)"),),
        examples=("digest", "digest since=7d"),
    )
]
