"""`schedule`: a channel's digest schedule — show (anyone), set, off, filter, now (admins).

The channel is the one the command was typed in (the Context's platform, workspace and
channel; the terminal counts as one channel). Every change is one transaction and audited.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy.orm import Session

from bot.app.services import Services
from bot.commands.args import action_args
from bot.core.errors import InvalidInput, NotFound
from bot.core.registry import ACTION, ActionSpec, CommandSpec, Option
from bot.core.syntax import CommandSyntax
from bot.core.types import Command, Reply
from bot.schedule import periods
from bot.schedule import queries as schedule_queries
from bot.schedule import subscriptions as subs
from bot.schedule.digest import (
    DIGEST_STORIES,
    FORMS,
    MAX_STORIES,
    MESSAGE,
    THREAD,
    format_local,
    window_digest,
)
from bot.schedule.filters import filter_arguments, updated_filters
from bot.schedule.spec import EXAMPLES, Schedule, parse_schedule
from bot.store import repo
from bot.store.models import Subscription

_SET_OPTIONS = {"when", "tz", "timezone", "empty", "stories", "post"}
_EMPTY = {"post": True, "yes": True, "true": True, "skip": False, "no": False, "false": False}

# The channel is the one the command was typed in; hints show commands as typed there.


async def show_action(command: Command, services: Services) -> Reply:
    return _show(services, subs.channel_key(command.context), command.syntax)


async def set_action(command: Command, services: Services) -> Reply:
    args = action_args(command)
    key, actor = subs.channel_key(command.context), command.context.actor
    return _set(services, key, args.words, args.options, actor)


async def off_action(command: Command, services: Services) -> Reply:
    key, actor = subs.channel_key(command.context), command.context.actor
    return _off(services, key, actor, command.syntax)


async def filter_action(command: Command, services: Services) -> Reply:
    # Its own reading of the text: entity and speaker names have spaces ("United States").
    words, typed = filter_arguments(command.text)
    native = {k: v for k, v in command.options.items() if v is not None and k != ACTION}
    key, actor = subs.channel_key(command.context), command.context.actor
    return _filter(services, key, words, {**typed, **native}, actor, command.syntax)


async def now_action(command: Command, services: Services) -> Reply:
    key, actor = subs.channel_key(command.context), command.context.actor
    return _now(services, key, actor, command.syntax)


def _no_schedule(what: str, syntax: CommandSyntax) -> NotFound:
    return NotFound(
        f"this channel has no digest schedule, so there is nothing to {what}; set one first, "
        f"e.g. {syntax.example('schedule set daily 09:00 Europe/Kyiv')}"
    )


def _set(
    services: Services,
    key: subs.ChannelKey,
    words: tuple[str, ...],
    options: dict[str, str],
    actor: str,
) -> Reply:
    unknown = sorted(set(options) - _SET_OPTIONS)
    if unknown:
        raise InvalidInput(
            f"set takes a schedule and optionally tz=ZONE, empty=post|skip, "
            f"stories=1-{MAX_STORIES} and post=message|thread; "
            f"cannot use: {', '.join(unknown)}"
        )
    text = options.get("when") or " ".join(words)
    tz = options.get("tz") or options.get("timezone")
    post_when_empty = _empty_option(options.get("empty"))
    stories = _stories_option(options.get("stories"))
    delivery = _post_option(options.get("post"))
    now = periods.utc_now()
    with services.store.transaction() as session:
        sub = schedule_queries.subscription(session, key)
        schedule = parse_schedule(text, tz=tz, default_tz=sub.timezone if sub else "UTC")
        if sub is None:
            sub = Subscription(
                platform=key.platform,
                workspace=key.workspace,
                channel=key.channel,
                cron=schedule.cron,
                timezone=schedule.tz,
                filters={},
                enabled=True,
                post_when_empty=bool(post_when_empty),
                stories=stories,
                delivery=delivery or MESSAGE,
                created_by=actor[:200],
                created_at=periods.to_db(now),
            )
            session.add(sub)
            session.flush()
        else:
            sub.cron, sub.timezone, sub.enabled = schedule.cron, schedule.tz, True
            if post_when_empty is not None:
                sub.post_when_empty = post_when_empty
            if stories is not None:
                sub.stories = stories
            if delivery is not None:
                sub.delivery = delivery
            session.flush()
            _skip_ended_period(session, sub, schedule, now, actor)
        repo.audit(
            session,
            actor,
            "schedule.set",
            f"subscription:{sub.id}",
            channel=f"{key.platform}:{key.workspace}:{key.channel}",
            cron=schedule.cron,
            timezone=schedule.tz,
            post_when_empty=sub.post_when_empty,
            stories=sub.stories,
            delivery=sub.delivery,
        )
        lines = _summary(session, sub, now)
    return Reply(
        title=f"Digests for this channel: {schedule.describe()}.", lines=lines, ephemeral=True
    )


def _skip_ended_period(
    session: Session, sub: Subscription, schedule: Schedule, now: datetime, actor: str
) -> None:
    """A changed or re-enabled schedule starts from now: its latest period that has already
    ended is recorded as skipped, so the scheduler does not post it the moment it looks.
    (Nothing is lost: the next digest starts at the last period actually posted.)"""
    ended = schedule.last_at(now)
    anchor = periods.from_db(sub.last_period_end or sub.created_at)
    if ended is None or ended <= anchor or schedule_queries.has_post(session, sub.id, ended):
        return
    session.add(
        subs.post_row(
            sub.id,
            ended,
            status="skipped",
            owner=actor,
            now=now,
            error="the schedule was set after this period ended",
        )
    )


def _empty_option(raw: str | None) -> bool | None:
    if raw is None:
        return None
    value = _EMPTY.get(raw.strip().lower())
    if value is None:
        raise InvalidInput(
            f"empty must be post (say “nothing new”) or skip (post nothing); got “{raw}”"
        )
    return value


def _stories_option(raw: str | None) -> int | None:
    if raw is None:
        return None
    text = raw.strip()
    if not text.isdigit() or not 1 <= int(text) <= MAX_STORIES:
        raise InvalidInput(f"stories must be a whole number from 1 to {MAX_STORIES}; got “{raw}”")
    return int(text)


def _post_option(raw: str | None) -> str | None:
    if raw is None:
        return None
    value = raw.strip().lower()
    if value not in FORMS:
        raise InvalidInput(
            "post must be message (the digest as channel messages) or thread (a headline, "
            f"its stories in a thread under it); got “{raw}”"
        )
    return value


def _off(services: Services, key: subs.ChannelKey, actor: str, syntax: CommandSyntax) -> Reply:
    with services.store.transaction() as session:
        sub = schedule_queries.subscription(session, key)
        if sub is None:
            raise _no_schedule("turn off", syntax)
        sub.enabled = False
        repo.audit(session, actor, "schedule.off", f"subscription:{sub.id}")
    return Reply(
        title=f"Digests for this channel are off. “{syntax.example('schedule set …')}” turns "
        "them on again; the filters are kept.",
        ephemeral=True,
    )


def _filter(
    services: Services,
    key: subs.ChannelKey,
    words: tuple[str, ...],
    options: dict[str, str],
    actor: str,
    syntax: CommandSyntax,
) -> Reply:
    with services.store.transaction() as session:
        sub = schedule_queries.subscription(session, key)
        if sub is None:
            raise _no_schedule("filter", syntax)
        resolver = services.answerer.resolver(session)
        filters = updated_filters(session, resolver, subs.filters_of(sub), options, words)
        sub.filters = filters.to_json()
        repo.audit(session, actor, "schedule.filter", f"subscription:{sub.id}", **sub.filters)
        described = filters.describe(session)
    return Reply(title=f"Digest filters for this channel: {described}.", ephemeral=True)


def _now(services: Services, key: subs.ChannelKey, actor: str, syntax: CommandSyntax) -> Reply:
    """Post the channel's digest now (as this command's reply) and count it as posted, so
    the next scheduled digest starts from here."""
    now = periods.utc_now()
    with services.store.transaction() as session:
        sub = schedule_queries.subscription(session, key)
        if sub is None:
            raise _no_schedule("post", syntax)
        since, digest = window_digest(session, sub, now)
        if digest.empty:
            return Reply(title=digest.reply().title + " Nothing was posted.", ephemeral=True)
        row = subs.post_row(
            sub.id, now, status="posted", owner=actor, now=now, period_start=since, manual=True
        )
        row.attempts, row.posted_at, row.statement_count = 1, periods.to_db(now), digest.total
        session.add(row)
        session.flush()
        schedule_queries.advance(session, sub.id, now)
        repo.audit(
            session, actor, "schedule.now", f"subscription:{sub.id}", statements=digest.total
        )
    return replace(digest.reply(), to_channel=True)


def _show(services: Services, key: subs.ChannelKey, syntax: CommandSyntax) -> Reply:
    now = periods.utc_now()
    with services.store.reading() as session:
        sub = schedule_queries.subscription(session, key)
        if sub is None:
            return Reply(
                title="No digest schedule for this channel.",
                lines=(
                    "An admin can set one, e.g. "
                    f"{syntax.example('schedule set daily 09:00 Europe/Kyiv')}; a schedule "
                    f"reads like {EXAMPLES}.",
                ),
                ephemeral=True,
            )
        title = f"Digests for this channel: {subs.schedule_of(sub).describe()}"
        lines = _summary(session, sub, now)
    return Reply(title=title + ("" if sub.enabled else " (off)"), lines=lines, ephemeral=True)


def _summary(session: Session, sub: Subscription, now: datetime) -> tuple[str, ...]:
    schedule = subs.schedule_of(sub)
    lines = [f"Status: {'on' if sub.enabled else 'off'} (cron {sub.cron} in {sub.timezone})"]
    if sub.enabled:
        upcoming = schedule.next_after(now)
        if upcoming is not None:
            lines.append(f"Next digest: {schedule.local(upcoming)} ({upcoming:%H:%M} UTC)")
    lines.append(f"Filters: {subs.filters_of(sub).describe(session)}")
    stories = sub.stories or DIGEST_STORIES
    where = "a headline, its stories in a thread" if sub.delivery == THREAD else "one message"
    lines.append(f"Each digest: up to {stories} stories, posted as {where}")
    lines.append(
        "When nothing is new: "
        + ("post “nothing new”" if sub.post_when_empty else "post nothing (empty=post changes it)")
    )
    if sub.last_period_end is not None:
        covered = format_local(periods.from_db(sub.last_period_end), sub.timezone)
        lines.append(f"Last digest covered up to {covered}")
    for row in schedule_queries.recent_posts(session, sub.id):
        when = format_local(periods.from_db(row.period_end), sub.timezone)
        count = f", {row.statement_count} statements" if row.statement_count else ""
        error = f": {row.error}" if row.error else ""
        manual = " (schedule now)" if row.manual else ""
        lines.append(f"Period ending {when}{manual}: {row.status}{count}{error}")
    return tuple(lines)


SPECS = [
    CommandSpec(
        name="schedule",
        summary="This channel's digest of newly approved statements: show, set, off, filter, now",
        usage=(
            "schedule show | schedule set WHEN [TZ] [empty=post|skip] [stories=N] "
            "[post=message|thread] | schedule off | "
            "schedule filter entities=… speakers=… topics=… | schedule filter clear | "
            "schedule now"
        ),
        help=(
            "WHEN is daily HH:MM, weekdays HH:MM, weekends HH:MM, weekly DAY HH:MM, hourly [:MM] "
            "or cron M H DOM MON DOW, then an optional IANA time zone (default UTC). Digests "
            "show the key statements approved since the last digest, by story and side "
            f"(stories=1-{MAX_STORIES}, default {DIGEST_STORIES}; post=thread puts the stories "
            "in a thread under a headline); with nothing new nothing is posted unless "
            "empty=post. filter keeps only the given "
            "entities or speakers, narrowed by topics (comma-separated). now posts at once."
        ),
        handler=None,
        options=(
            Option(
                "action",
                "show, set, off, filter or now",
                choices=("show", "set", "off", "filter", "now"),
            ),
        ),
        actions=(
            ActionSpec(
                "show",
                "Show this channel's digest schedule, filters and last digests",
                "schedule show",
                show_action,
            ),
            ActionSpec(
                "set",
                "Set when this channel gets digests: daily, weekdays, weekly, hourly or cron",
                "schedule set WHEN [TZ] [empty=post|skip] [stories=N] [post=message|thread]",
                set_action,
                admin=True,
                options=(
                    Option(
                        "when",
                        "e.g. daily 09:00 Europe/Kyiv, or cron 0 9 * * 1-5",
                        required=True,
                    ),
                    Option("tz", "time zone, e.g. Europe/Kyiv (default UTC)"),
                    Option("empty", "when nothing is new, post or skip", choices=("post", "skip")),
                    Option(
                        "stories", f"stories per digest, 1-{MAX_STORIES} (default {DIGEST_STORIES})"
                    ),
                    Option("post", "as a message, or a thread under a headline", choices=FORMS),
                ),
            ),
            ActionSpec(
                "off",
                "Turn this channel's digests off; its filters are kept",
                "schedule off",
                off_action,
                admin=True,
            ),
            ActionSpec(
                "filter",
                "Keep only some entities, speakers or topics in this channel's digests",
                "schedule filter entities=… speakers=… topics=… | schedule filter clear",
                filter_action,
                admin=True,
                options=(
                    Option("entities", "entities, comma-separated (none clears)"),
                    Option("speakers", "speakers, comma-separated (none clears)"),
                    Option("topics", "topic words or kinds, comma-separated (none clears)"),
                ),
            ),
            ActionSpec(
                "now",
                "Post this channel's digest now; the next one starts from here",
                "schedule now",
                now_action,
                admin=True,
            ),
        ),
        examples=(
            "schedule set daily 09:00 Europe/Kyiv",
            "schedule set weekdays 18:00 UTC empty=post",
            "schedule set daily 08:00 Europe/Kyiv stories=4 post=thread",
            "schedule set cron 0 8 * * 1 America/New_York",
            "schedule filter entities=Russia,Ukraine topics=talks",
            "schedule show",
        ),
    )
]
