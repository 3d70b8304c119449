"""The App Home tab: how to use Attaché here, this workspace's digest schedules, and the
latest digest posted. Pure: data in, a `views.publish` view out, within Slack's limits
(100 blocks a view, 3000 characters a section)."""

from __future__ import annotations

from typing import Any

from adapters.slack.mrkdwn import escape
from adapters.slack.render import SECTION_TEXT_LIMIT, Block, line_sections
from adapters.slack.workspaces import ChannelSchedule, PostedDigest
from bot.core.types import Reply

BLOCKS_PER_VIEW = 100
# A tab is read, not searched: past this many channels the rest are counted. Each line is
# short (a channel, a cron expression, a time zone), so they take a few sections at most.
SCHEDULES_SHOWN = 50


def home_view(
    command: str,
    help_reply: Reply,
    schedules: list[ChannelSchedule],
    latest: PostedDigest | None,
) -> dict[str, Any]:
    """`help_reply`: what the core's `help` answers in Slack's syntax (the commands as typed
    after the configured slash command)."""
    blocks: list[Block] = [
        _header("Attaché"),
        _section(
            "Ask what officials have said and get their exact, cited words. "
            f"Use `{escape(command)} QUESTION`, mention me in a channel, or write to me here."
        ),
        _header("Commands"),
        *line_sections(help_reply.lines),
        {"type": "divider"},
        _header("Digest schedules in this workspace"),
        *_schedule_sections(command, schedules),
        {"type": "divider"},
        _header("Latest digest"),
        _section(_latest_text(latest)),
    ]
    assert len(blocks) <= BLOCKS_PER_VIEW, "the home view outgrew its block budget"
    return {"type": "home", "blocks": blocks}


def _schedule_sections(command: str, schedules: list[ChannelSchedule]) -> list[Block]:
    if not schedules:
        hint = f"`{escape(command)} help schedule`"
        return [_section(f"No channel gets digests yet; in a channel, see {hint}.")]
    lines = []
    for s in schedules[:SCHEDULES_SHOWN]:
        state = "" if s.enabled else " _(paused)_"
        last = ""
        if s.last_period_end:
            last = f", last period ended {s.last_period_end:%Y-%m-%d %H:%M} UTC"
        where = f"<#{escape(s.channel)}> `{escape(s.cron)}` ({escape(s.timezone)})"
        lines.append(f"{where}{state}{last}")
    hidden = len(schedules) - SCHEDULES_SHOWN
    if hidden > 0:
        lines.append(f"… and {hidden} more channels.")
    return _packed(lines)


def _latest_text(latest: PostedDigest | None) -> str:
    if latest is None:
        return "No digest has been posted in this workspace yet."
    count = latest.statement_count
    what = f"{count} statement{'s' if count != 1 else ''}" if count is not None else "a digest"
    since = f"{latest.period_start:%Y-%m-%d %H:%M} – " if latest.period_start else "until "
    return (
        f"{what} posted in <#{escape(latest.channel)}> at {latest.posted_at:%Y-%m-%d %H:%M} UTC, "
        f"covering {since}{latest.period_end:%Y-%m-%d %H:%M} UTC."
    )


def _packed(lines: list[str]) -> list[Block]:
    """Lines into as few sections as fit 3000 characters each."""
    sections: list[list[str]] = [[]]
    size = 0
    for line in lines:
        line = line[:SECTION_TEXT_LIMIT]
        if sections[-1] and size + 1 + len(line) > SECTION_TEXT_LIMIT:
            sections.append([])
            size = 0
        size += len(line) + 1
        sections[-1].append(line)
    return [_section("\n".join(chunk)) for chunk in sections if chunk]


def _header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": text}}


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}
