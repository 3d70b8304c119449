"""What the store holds about one Slack workspace: its channels' digest schedules and their
latest digest (for the App Home), and switching its digests off when the app is removed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.schedule import queries as schedule_queries
from bot.store import repo
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


def schedules(store: Store, team_id: str) -> list[ChannelSchedule]:
    with store.reading() as session:
        rows = schedule_queries.workspace_subscriptions(session, PLATFORM, team_id)
        return [
            ChannelSchedule(s.channel, s.cron, s.timezone, s.enabled, s.last_period_end)
            for s in rows
        ]


def latest_digest(store: Store, team_id: str) -> PostedDigest | None:
    """The workspace's most recently posted digest, in whichever channel."""
    with store.reading() as session:
        row = schedule_queries.latest_posted(session, PLATFORM, team_id)
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
        channels = schedule_queries.disable_workspace(session, PLATFORM, team_id)
        repo.audit(
            session, actor, "slack.uninstall", team_id, reason=reason, disabled=sorted(channels)
        )
    return len(channels)
