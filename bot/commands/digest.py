"""`digest`: preview what this channel's next digest would hold. Posts and records nothing.

`attache digest [--since …] [--channel …]` runs this command like any other; with --json it
prints the same preview as JSON (bot/cli/digest.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.app.services import Services
from bot.core.errors import InvalidInput
from bot.core.parse import parse_args
from bot.core.registry import CommandSpec, Option
from bot.core.syntax import CONSOLE, CommandSyntax
from bot.core.types import Command, Context, Reply
from bot.schedule import periods
from bot.schedule import queries as schedule_queries
from bot.schedule import subscriptions as subs
from bot.schedule.digest import DIGEST_STORIES, Digest, compose
from bot.schedule.filters import Filters
from bot.schedule.spec import parse_since

NO_SCHEDULE_WINDOW = timedelta(hours=24)


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
        sub = schedule_queries.subscription(session, key)
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
