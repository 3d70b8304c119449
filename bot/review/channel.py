"""`review channel` (admins): make this chat channel the review channel of its workspace
(Slack) or server (Discord), or turn it off; `review queue` says where it is.

One per workspace: setting it in another channel moves it there. Only notices recorded
after it was set are posted in it, so moving it never replays old ones.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.core.errors import InvalidInput
from bot.core.syntax import CommandSyntax
from bot.core.types import Context, Reply
from bot.review import queries
from bot.store import repo
from bot.store.models import ReviewChannel, utcnow
from bot.store.store import Store

CHAT_PLATFORMS = ("discord", "slack")
# Platforms whose posters need the workspace with the channel ("T123/C456", as digests).
WORKSPACE_QUALIFIED = ("slack",)


def channel_ref(row: ReviewChannel) -> str:
    """What the platform's Poster.post takes as `channel_ref`."""
    if row.platform in WORKSPACE_QUALIFIED and row.workspace:
        return f"{row.workspace}/{row.channel}"
    return row.channel


def _where(context: Context) -> str:
    return "server" if context.platform == "discord" else "workspace"


def find(session: Session, context: Context) -> ReviewChannel | None:
    return queries.review_channel(session, context.platform, context.workspace or "")


def set_here(store: Store, context: Context, words: tuple[str, ...]) -> Reply:
    """`review channel` sets it to this channel; `review channel off` turns it off."""
    if context.platform not in CHAT_PLATFORMS or not context.channel:
        raise InvalidInput(
            "the review channel is a Discord or Slack channel: run “review channel” there, "
            "in the channel that should hear of new statements to review and failing sources"
        )
    word = " ".join(words).strip().lower()
    if word not in ("", "here", "on", "off"):
        raise InvalidInput(f"review channel takes nothing (this channel) or off (got “{word}”)")
    where = _where(context)
    with store.transaction() as session:
        row = find(session, context)
        if word == "off":
            if row is None:
                return Reply(title=f"This {where} has no review channel.", ephemeral=True)
            queries.delete_review_channel(session, row.id)
            repo.audit(session, context.actor, "review.channel_off", _target(context))
            return Reply(
                title=f"This {where} has no review channel now; nothing more is posted there.",
                ephemeral=True,
            )
        if row is None:
            row = ReviewChannel(platform=context.platform, workspace=context.workspace or "")
            session.add(row)
        row.channel, row.set_by, row.set_at = context.channel, context.actor[:200], utcnow()
        repo.audit(session, context.actor, "review.channel", _target(context))
    return Reply(
        title=f"This channel is now the {where}'s review channel.",
        lines=(
            "New statements waiting for review are announced here (one summary per poll or "
            "ingest, with a Review button), and so is a source that keeps failing, once, "
            "until it recovers.",
        ),
        ephemeral=True,
    )


def describe(store: Store, context: Context, syntax: CommandSyntax) -> str | None:
    """ "Review channel: C1 (set …)" for `review queue`; None off chat."""
    if context.platform not in CHAT_PLATFORMS:
        return None
    with store.reading() as session:
        row = find(session, context)
        if row is None:
            example = syntax.example("review channel")
            return f"This {_where(context)} has no review channel; set one with “{example}”."
        return f"Review channel: {row.channel} (set {row.set_at:%Y-%m-%d %H:%M} UTC)."


def _target(context: Context) -> str:
    return f"channel:{context.platform}:{context.workspace or ''}:{context.channel}"
