"""The review package's SQL, in one place (the rule: bot/store/repo.py's docstring).

The queue's rows, the review channel of a workspace, the notices a channel has not had,
and the counts a card shows. The modules beside it work on what these return.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import delete, exists, func, select
from sqlalchemy.orm import Session

from bot.store.models import (
    Citation,
    Document,
    ReviewChannel,
    ReviewNoticePost,
    Source,
    Speaker,
    Statement,
)
from bot.store.models import ReviewNotice as NoticeRow


def queue_rows(
    session: Session, *, statement_id: int | None = None, document: int | None = None
) -> list[tuple]:
    """The pending statements (or the one `statement_id`, whatever its status), each once,
    with the first document that gave it: (statement id, confidence, kind, role, speaker
    name, speaker kind, citation id, document id, document title, source id, source name).
    `document`: only statements that document cites (narrowed in SQL: a card counts its
    document's on every click)."""
    if statement_id is not None:
        where = [Statement.id == statement_id]
    else:
        where = [Statement.status == "pending"]
    if document is not None:
        cited = select(Citation.statement_id).where(Citation.document_id == document)
        where.append(Statement.id.in_(cited))
    query = (
        select(
            Statement.id,
            Statement.confidence,
            Statement.kind,
            Statement.role,
            Speaker.name,
            Speaker.kind,
            Citation.id,
            Citation.document_id,
            Document.title,
            Document.source_id,
            Source.name,
        )
        .join(Speaker, Speaker.id == Statement.speaker_id)
        .outerjoin(Citation, Citation.statement_id == Statement.id)
        .outerjoin(Document, Document.id == Citation.document_id)
        .outerjoin(Source, Source.id == Document.source_id)
        .where(*where)
    )
    first: dict[int, tuple] = {}
    for row in session.execute(query):
        # A statement several documents report is reviewed with the first that gave it.
        known = first.get(row[0])
        if known is None or (row[6] is not None and (known[6] is None or row[6] < known[6])):
            first[row[0]] = tuple(row)
    return list(first.values())


def pending_count(session: Session) -> int:
    """Statements waiting for review, all sources."""
    return session.scalar(select(func.count()).where(Statement.status == "pending")) or 0


def fingerprint_holder(session: Session, fingerprint: str, other_than: int) -> int | None:
    """The statement, other than `other_than`, that already holds these words."""
    return session.scalar(
        select(Statement.id).where(Statement.fingerprint == fingerprint, Statement.id != other_than)
    )


def review_channel(session: Session, platform: str, workspace: str) -> ReviewChannel | None:
    return session.scalar(
        select(ReviewChannel).where(
            ReviewChannel.platform == platform, ReviewChannel.workspace == workspace
        )
    )


def delete_review_channel(session: Session, channel_id: int) -> None:
    session.execute(delete(ReviewChannel).where(ReviewChannel.id == channel_id))


def review_channels_on(session: Session, platforms: Iterable[str]) -> list[ReviewChannel]:
    return list(
        session.scalars(select(ReviewChannel).where(ReviewChannel.platform.in_(tuple(platforms))))
    )


def open_posts(
    session: Session, statuses: Iterable[str], channel_ids: Sequence[int]
) -> list[ReviewNoticePost]:
    """Posts of notices still in one of `statuses` in these channels, oldest first."""
    return list(
        session.scalars(
            select(ReviewNoticePost)
            .where(
                ReviewNoticePost.status.in_(tuple(statuses)),
                ReviewNoticePost.channel_id.in_(channel_ids),
            )
            .order_by(ReviewNoticePost.id)
        )
    )


def unposted_notices(session: Session, channel: ReviewChannel) -> list[int]:
    """Notices recorded since the channel was set that it has no post of, oldest first."""
    posted = exists().where(
        ReviewNoticePost.notice_id == NoticeRow.id,
        ReviewNoticePost.channel_id == channel.id,
    )
    return list(
        session.scalars(
            select(NoticeRow.id)
            .where(NoticeRow.created_at >= channel.set_at, ~posted)
            .order_by(NoticeRow.id)
        )
    )
