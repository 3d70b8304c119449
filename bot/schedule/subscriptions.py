"""Reading and writing subscriptions and digest-post rows (callers own the transaction)."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.channels import ChannelKey
from bot.core.errors import InvalidInput
from bot.core.types import Context
from bot.schedule.filters import Filters
from bot.schedule.periods import from_db, to_db
from bot.schedule.spec import Schedule
from bot.store.delivery import new_token
from bot.store.models import DigestPost, Subscription

# The terminal has one "channel"; `attache chat` and `attache digest` share it.
LOCAL_CHANNEL = "console"
# Platforms whose posters need the workspace too ("T123/C456": one bot in several Slack
# workspaces); others take the bare channel id (Discord channel ids are global).
WORKSPACE_QUALIFIED = ("slack",)


def channel_key(context: Context) -> ChannelKey:
    """The channel whose digest schedule a command is about (the terminal's one channel
    there), checked against the columns before anything is written."""
    key = ChannelKey.of(context, local_channel=LOCAL_CHANNEL)
    if key is None:
        raise InvalidInput(
            "digest schedules belong to a channel; use this command in the channel that "
            "should get the digests"
        )
    key.check_length()
    return key


def channel_ref(sub: Subscription) -> str:
    """What the platform's Poster.post takes as `channel_ref`."""
    if sub.platform in WORKSPACE_QUALIFIED and sub.workspace:
        return f"{sub.workspace}/{sub.channel}"
    return sub.channel


def schedule_of(sub: Subscription) -> Schedule:
    return Schedule(cron=sub.cron, tz=sub.timezone)


def filters_of(sub: Subscription) -> Filters:
    return Filters.from_json(sub.filters)


def window_start(sub: Subscription, period_end: datetime) -> datetime | None:
    """Where a digest ending at `period_end` starts: the end of the last period posted, or,
    for a channel's first digest, one period back (the fire before `period_end`)."""
    if sub.last_period_end is not None:
        return from_db(sub.last_period_end)
    return schedule_of(sub).last_at(period_end - timedelta(microseconds=1))


def post_row(
    subscription_id: int,
    period_end: datetime,
    *,
    status: str,
    owner: str,
    now: datetime,
    period_start: datetime | None = None,
    manual: bool = False,
    error: str | None = None,
) -> DigestPost:
    return DigestPost(
        subscription_id=subscription_id,
        period_end=to_db(period_end),
        period_start=to_db(period_start) if period_start else None,
        manual=manual,
        status=status,
        attempts=0,
        error=error,
        claimed_by=owner[:200],
        claim_token=new_token(),
        claimed_at=to_db(now),
        updated_at=to_db(now),
    )
