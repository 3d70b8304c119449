"""What the store holds about one Slack workspace: its channels' digest schedules and their
latest digest (for the App Home), and switching its digests off when the app is removed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from bot.store import repo
from bot.store.models import DigestPost, Subscription
from bot.store.store import Store

PLATFORM = "slack"


@dataclass(frozen=True)
class ChannelSchedule:
    channel: str
    cron: str
    timezone: str
    enabled: bool
    last_period_end: datetime | None


@dataclass(frozen=True)
class PostedDigest:
    channel: str
    posted_at: datetime
    period_start: datetime | None
    period_end: datetime
    statement_count: int | None


def _of(team_id: str):  # noqa: ANN202 - an SQLAlchemy clause
    return (Subscription.platform == PLATFORM) & (Subscription.workspace == team_id)


def schedules(store: Store, team_id: str) -> list[ChannelSchedule]:
    with store.reading() as session:
        rows = session.scalars(select(Subscription).where(_of(team_id)).order_by(Subscription.id))
        return [
            ChannelSchedule(s.channel, s.cron, s.timezone, s.enabled, s.last_period_end)
            for s in rows
        ]


def latest_digest(store: Store, team_id: str) -> PostedDigest | None:
    """The workspace's most recently posted digest, in whichever channel."""
    query = (
        select(DigestPost, Subscription.channel)
        .join(Subscription, Subscription.id == DigestPost.subscription_id)
        .where(_of(team_id), DigestPost.status == "posted", DigestPost.posted_at.is_not(None))
        .order_by(DigestPost.posted_at.desc(), DigestPost.id.desc())
        .limit(1)
    )
    with store.reading() as session:
        row = session.execute(query).first()
        if row is None:
            return None
        post, channel = row
        assert post.posted_at is not None
        return PostedDigest(
            channel, post.posted_at, post.period_start, post.period_end, post.statement_count
        )


def disable_digests(store: Store, team_id: str, actor: str, reason: str) -> int:
    """Switch off every digest schedule of the workspace (the scheduler posts only enabled
    ones), audited; returns how many were on. The schedules stay, so a reinstall can turn
    them back on."""
    with store.transaction() as session:
        channels = list(
            session.scalars(
                select(Subscription.channel).where(_of(team_id), Subscription.enabled.is_(True))
            )
        )
        if channels:
            session.execute(
                update(Subscription)
                .where(_of(team_id), Subscription.enabled.is_(True))
                .values(enabled=False)
            )
        repo.audit(
            session, actor, "slack.uninstall", team_id, reason=reason, disabled=sorted(channels)
        )
    return len(channels)
