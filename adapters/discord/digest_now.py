"""`/admin schedule now`: post the channel's digest to the channel, tell the admin privately.

The core's `schedule now` returns the digest as the command's reply; admin commands reply
privately on Discord, so that reply would reach the admin alone while the statements were
counted as posted. Here the digest goes where scheduled digests go, through the Poster, and
it is recorded as the scheduler records one:

1. compose the channel's digest since its last posted period, and insert its row as
   `posting` (manual) in one transaction; an empty digest posts and records nothing;
2. post it through the Poster, outside any transaction;
3. posted: the row becomes `posted` and the channel's window moves on, with the audit entry,
   in one transaction. Failed: the row becomes `failed` with the error, the window stays, so
   the statements go into the next digest, and the admin reads the error. Timed out: the
   row becomes `unknown` (the platform may have taken it), as the scheduler does.

A process that dies mid-post leaves `posting`, which the scheduler marks `unknown` after
its lease and never posts again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Collection
from functools import partial

import discord
from sqlalchemy.orm import Session

from adapters.discord.command_plan import CommandPlan
from adapters.discord.permissions import context_for
from adapters.discord.replies import DEFERRED_PRIVATE, send_deferred
from bot.app import channel_settings
from bot.app.dispatch import error_reply, record_refusal
from bot.app.workers import Busy, PostOnLoop, WorkerPool
from bot.core.errors import AdminOnly, AttacheError, NotFound
from bot.core.poster import PartlyPosted, Poster
from bot.core.registry import ACTION
from bot.core.syntax import CONSOLE, CommandSyntax
from bot.core.types import Context, Reply
from bot.schedule import periods
from bot.schedule import queries as schedule_queries
from bot.schedule import subscriptions as subs
from bot.schedule.digest import window_digest
from bot.store import repo
from bot.store.delivery import conditional_update
from bot.store.models import DigestPost
from bot.store.store import Store

log = logging.getLogger(__name__)

POST_TIMEOUT_S = 60.0  # as the scheduler's default; an interaction stays open 15 minutes
SPEC, NOW = "schedule", "now"


def posts_to_channel(plan: CommandPlan) -> bool:
    """Whether the command is `schedule now`, which posts to the channel, not to its caller."""
    return plan.spec_name == SPEC and dict(plan.fixed).get(ACTION) == NOW


async def answer_schedule_now(
    interaction: discord.Interaction,
    store: Store,
    poster: Poster,
    admin_role_ids: Collection[int],
    syntax: CommandSyntax = CONSOLE,
    *,
    pool: WorkerPool | None = None,
) -> None:
    """Defer privately, post the digest through the Poster, tell the admin what happened.

    Composing runs in `pool` (the core's workers, off the loop); the post itself goes back
    to this loop, where the Discord client lives."""
    interaction.extras[DEFERRED_PRIVATE] = True
    await interaction.response.defer(ephemeral=True, thinking=True)
    name = getattr(interaction.channel, "name", None)
    post_now = partial(
        post_digest_now,
        store,
        context_for(interaction, admin_role_ids),
        PostOnLoop(poster, asyncio.get_running_loop()),
        channel_name=f"#{name}" if name else "this channel",
        syntax=syntax,
    )
    try:
        reply = await (pool or WorkerPool.inline()).run(post_now)
    except Busy as busy:
        reply = error_reply(busy)
    await send_deferred(interaction, reply, deferred_private=True)


async def post_digest_now(
    store: Store,
    context: Context,
    poster: Poster,
    *,
    channel_name: str,
    timeout_s: float = POST_TIMEOUT_S,
    syntax: CommandSyntax = CONSOLE,
) -> Reply:
    """Post the channel's digest through `poster`; the private reply says what happened."""
    try:
        # It does not pass through Core.handle, so the channel's allowed commands are
        # applied here, as there.
        channel_settings.read(store, context).refuse(SPEC, syntax)
        return await _post_now(store, context, poster, channel_name, timeout_s)
    except AttacheError as error:
        if isinstance(error, AdminOnly):  # audited as Core.handle audits its own
            record_refusal(store, context, SPEC, error.action)
        return error_reply(error)


async def _post_now(
    store: Store, context: Context, poster: Poster, channel_name: str, timeout_s: float
) -> Reply:
    if not context.is_admin:
        raise AdminOnly(
            "schedule now is for admins only; ask someone with the admin permission on this "
            "server or workspace.",
            action=f"{SPEC} {NOW}",
        )
    key = subs.channel_key(context)
    actor = context.actor
    now = periods.utc_now()
    with store.transaction() as session:
        sub = schedule_queries.subscription(session, key)
        if sub is None:
            raise NotFound(
                "this channel has no digest schedule, so there is nothing to post; set one "
                "first, e.g. /admin schedule set when:daily 09:00 Europe/Kyiv"
            )
        since, digest = window_digest(session, sub, now)
        if digest.empty:
            return Reply(title=digest.reply().title + " Nothing was posted.", ephemeral=True)
        row = subs.post_row(
            sub.id, now, status="posting", owner=actor, now=now, period_start=since, manual=True
        )
        row.attempts, row.statement_count = 1, digest.total
        session.add(row)
        session.flush()
        row_id, token, sub_id, ref = row.id, row.claim_token, sub.id, subs.channel_ref(sub)
    count = f"{digest.total} statement{'s' if digest.total != 1 else ''}"
    try:
        await asyncio.wait_for(poster.post(ref, digest.reply()), timeout_s)
    except TimeoutError:
        detail = (
            f"the post did not finish within {timeout_s:g} s; it may still appear. It is not "
            "counted as posted, so its statements also go into the next digest"
        )
        _record(store, row_id, token, status="unknown", error=detail)
        log.error("schedule now for subscription %s: %s", sub_id, detail)
        return _failed(f"Could not confirm the digest reached {channel_name}: {detail}.")
    except PartlyPosted as partly:
        detail = (
            f"only part of the digest was posted ({partly}); it is not posted again, so "
            "nothing appears twice, and its statements also go into the next digest"
        )
        _record(store, row_id, token, status="unknown", error=detail[:2000])
        log.error("schedule now for subscription %s: %s", sub_id, detail)
        return _failed(f"The digest reached {channel_name} only in part: {detail}.")
    except Exception as exc:
        message = f"{type(exc).__name__}: {exc}"[:2000]
        _record(store, row_id, token, status="failed", error=message)
        log.warning("schedule now for subscription %s failed: %s", sub_id, message)
        return _failed(
            f"Could not post the digest to {channel_name}: {message}. Nothing was recorded "
            "as posted; its statements go into the next digest."
        )
    with store.transaction() as session:
        if _update(session, row_id, token, status="posted", posted_at=periods.to_db(now)):
            schedule_queries.advance(session, sub_id, now)
        repo.audit(
            session, actor, "schedule.now", f"subscription:{sub_id}", statements=digest.total
        )
    return Reply(title=f"Posted the digest to {channel_name}: {count}.", ephemeral=True)


class PostFailed(AttacheError):
    """Discord refused the digest's post (a missing permission, a deleted channel)."""

    code = "post_failed"


def _failed(title: str) -> Reply:
    return error_reply(PostFailed(title))


def _record(store: Store, row_id: int, token: str, **values: object) -> None:
    with store.transaction() as session:
        _update(session, row_id, token, **values)


def _update(session: Session, row_id: int, token: str, **values: object) -> bool:
    """Change the row only while it is still this post's `posting` row."""
    stamp = periods.to_db(periods.utc_now())
    return conditional_update(
        session, DigestPost, row_id, token, "posting", updated_at=stamp, **values
    )
