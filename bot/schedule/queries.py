"""The schedule package's SQL, in one place (the rule: bot/store/repo.py's docstring).

Channels' subscriptions and their posts, a period's newly approved statements, and what
the digest reads about its candidates. The modules beside it work on what these return.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    Select,
    func,
    literal_column,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

from bot.core.channels import ChannelKey
from bot.schedule.periods import to_db
from bot.store.models import (
    Citation,
    DigestPost,
    Document,
    Entity,
    Speaker,
    Statement,
    Subscription,
)

# --- subscriptions and their posts --------------------------------------------------------


def subscription(session: Session, key: ChannelKey) -> Subscription | None:
    """The channel's subscription, if it has one."""
    return session.scalar(
        select(Subscription).where(
            Subscription.platform == key.platform,
            Subscription.workspace == key.workspace,
            Subscription.channel == key.channel,
        )
    )


def subscriptions_on(session: Session, platforms: Iterable[str]) -> list[Subscription]:
    return list(
        session.scalars(select(Subscription).where(Subscription.platform.in_(tuple(platforms))))
    )


def advance(session: Session, subscription_id: int, period_end: datetime) -> None:
    """Move last_period_end forward to `period_end`, never back (one conditional UPDATE, so
    two periods finishing at once cannot move it backwards)."""
    end = to_db(period_end)
    session.execute(
        update(Subscription)
        .where(
            Subscription.id == subscription_id,
            or_(Subscription.last_period_end.is_(None), Subscription.last_period_end < end),
        )
        .values(last_period_end=end)
    )


def has_post(session: Session, subscription_id: int, period_end: datetime) -> bool:
    """Whether the period ending at `period_end` has a post row (posted or under way)."""
    found = session.scalar(
        select(DigestPost.id).where(
            DigestPost.subscription_id == subscription_id,
            DigestPost.period_end == to_db(period_end),
        )
    )
    return found is not None


def recent_posts(session: Session, subscription_id: int, limit: int = 3) -> list[DigestPost]:
    return list(
        session.scalars(
            select(DigestPost)
            .where(DigestPost.subscription_id == subscription_id)
            .order_by(DigestPost.period_end.desc())
            .limit(limit)
        )
    )


def open_posts(
    session: Session, statuses: Iterable[str], subscription_ids: Iterable[int]
) -> list[DigestPost]:
    """Post rows still in one of `statuses` for these subscriptions."""
    return list(
        session.scalars(
            select(DigestPost).where(
                DigestPost.status.in_(tuple(statuses)),
                DigestPost.subscription_id.in_(tuple(subscription_ids)),
            )
        )
    )


def workspace_subscriptions(session: Session, platform: str, workspace: str) -> list[Subscription]:
    """Every channel's subscription in a workspace, oldest first."""
    return list(
        session.scalars(
            select(Subscription)
            .where(Subscription.platform == platform, Subscription.workspace == workspace)
            .order_by(Subscription.id)
        )
    )


def latest_posted(session: Session, platform: str, workspace: str) -> tuple[DigestPost, str] | None:
    """The workspace's most recently posted digest and its channel, in whichever channel."""
    row = session.execute(
        select(DigestPost, Subscription.channel)
        .join(Subscription, Subscription.id == DigestPost.subscription_id)
        .where(
            Subscription.platform == platform,
            Subscription.workspace == workspace,
            DigestPost.status == "posted",
            DigestPost.posted_at.is_not(None),
        )
        .order_by(DigestPost.posted_at.desc(), DigestPost.id.desc())
        .limit(1)
    ).first()
    return None if row is None else (row[0], row[1])


def disable_workspace(session: Session, platform: str, workspace: str) -> list[str]:
    """Switch off every enabled subscription of a workspace; the channels that were on."""
    enabled = (
        Subscription.platform == platform,
        Subscription.workspace == workspace,
        Subscription.enabled.is_(True),
    )
    channels = list(session.scalars(select(Subscription.channel).where(*enabled)))
    if channels:
        session.execute(update(Subscription).where(*enabled).values(enabled=False))
    return channels


# --- filters ------------------------------------------------------------------------------


def entity_names(session: Session, keys: Iterable[str]) -> dict[str, str]:
    """Entity key -> name, for the keys that are known."""
    rows = session.execute(select(Entity.key, Entity.name).where(Entity.key.in_(tuple(keys))))
    return {key: name for key, name in rows}


def speaker_names(session: Session, keys: Iterable[str]) -> dict[str, str]:
    """Speaker key -> name, for the keys that are known."""
    rows = session.execute(select(Speaker.key, Speaker.name).where(Speaker.key.in_(tuple(keys))))
    return {key: name for key, name in rows}


def entity_ids(session: Session, keys: Iterable[str]) -> frozenset[int]:
    return frozenset(session.scalars(select(Entity.id).where(Entity.key.in_(tuple(keys)))))


def speaker_ids(session: Session, keys: Iterable[str]) -> frozenset[int]:
    return frozenset(session.scalars(select(Speaker.id).where(Speaker.key.in_(tuple(keys)))))


def keys_of(session: Session, kind: str, ids: Iterable[int]) -> list[str]:
    """The keys of these entities (`kind` "entity") or speakers."""
    model = Entity if kind == "entity" else Speaker
    return list(session.scalars(select(model.key).where(model.id.in_(tuple(ids)))))


# --- a period's statements ---------------------------------------------------------------

# Who a digest is about, as (speaker ids, entity ids); None: anyone.
Who = tuple[frozenset[int], frozenset[int]] | None


def period_query(
    since: datetime | None, until: datetime, who: Who, dialect: str = ""
) -> Select[Any]:
    """The ids of statements approved in (since, until] for a digest (unordered)."""
    query = select(Statement.id).where(
        Statement.status == "approved",
        Statement.announce.is_(True),
        Statement.reviewed_at.is_not(None),
        Statement.reviewed_at <= to_db(until),
    )
    if since is not None:
        query = query.where(Statement.reviewed_at > to_db(since))
    if who is not None:
        speakers, entities = who
        by_speaker: ColumnElement[bool] = Statement.speaker_id.in_(speakers)
        by_entity: ColumnElement[bool] = Statement.entity_id.in_(entities)
        if dialect == "sqlite":
            # A side may hold a third of the store (Russia's 370,000 statements at a
            # million): told each is no narrower than the period, SQLite walks the period's
            # approvals (30 ms) instead of every statement of the side (0.8-5 s).
            likely: ColumnClause[float] = literal_column("0.9")
            by_speaker = func.likelihood(by_speaker, likely)
            by_entity = func.likelihood(by_entity, likely)
        query = query.where(or_(by_speaker, by_entity))
    return query


def period_ids(
    session: Session, since: datetime | None, until: datetime, who: Who, limit: int
) -> list[int]:
    """Statements approved in (since, until] for a digest, newest approval first."""
    query = period_query(since, until, who, session.get_bind().dialect.name)
    return list(
        session.scalars(
            query.order_by(Statement.reviewed_at.desc(), Statement.id.desc()).limit(limit)
        )
    )


def period_count(
    session: Session, since: datetime | None, until: datetime, who: Who, cap: int
) -> int:
    """How many statements `period_ids` would find, counting at most `cap`."""
    query = period_query(since, until, who, session.get_bind().dialect.name)
    total = session.scalar(select(func.count()).select_from(query.limit(cap).subquery()))
    return int(total or 0)


# --- what the digest reads about its candidates ------------------------------------------


def candidate_rows(session: Session, ids: Sequence[int], *, topics: bool) -> list[Any]:
    """Per statement, by position: id, speaker id, speaker name, speaker kind, entity id,
    entity name, role (the statement's, else the speaker's), kind, text, direct, sentence,
    sentence offset, said on; with `topics`, also tags and context. The topic columns are
    added only when needed, so the row is read by position: its columns have no one type."""
    columns: list[Any] = [
        Statement.id,
        Statement.speaker_id,
        Speaker.name,
        Speaker.kind,
        Speaker.entity_id,
        Entity.name,
        func.coalesce(Statement.role, Speaker.role),
        Statement.kind,
        Statement.text,
        Statement.direct,
        Statement.sentence,
        Statement.sentence_offset,
        Statement.said_on,
    ]
    if topics:
        columns += [Statement.tags, Statement.context]
    query = (
        select(*columns)
        .join(Speaker, Speaker.id == Statement.speaker_id)
        .outerjoin(Entity, Entity.id == Speaker.entity_id)
        .where(Statement.id.in_(list(ids)))
    )
    return list(session.execute(query))


def reports_of(
    session: Session, statement_ids: Iterable[int]
) -> list[tuple[int, int, str | None, str | None, str | None]]:
    """(statement id, document id, title, document kind, outlet) for every document citing
    these statements; the outlet is the one the citation names, else the document's."""
    rows = session.execute(
        select(
            Citation.statement_id,
            Document.id,
            Document.title,
            Document.kind,
            func.coalesce(Citation.cited_outlet, Document.outlet),
        )
        .join(Document, Document.id == Citation.document_id)
        .where(Citation.statement_id.in_(list(statement_ids)))
    )
    return [tuple(row) for row in rows]  # type: ignore[misc]


def earlier_texts(session: Session, speaker_id: int, before: datetime, limit: int) -> list[str]:
    """The speaker's latest statements approved by `before`, newest said first."""
    return list(
        session.scalars(
            select(Statement.text)
            .where(
                Statement.speaker_id == speaker_id,
                Statement.status == "approved",
                Statement.reviewed_at.is_not(None),
                Statement.reviewed_at <= to_db(before),
            )
            .order_by(Statement.said_on.desc(), Statement.id.desc())
            .limit(limit)
        )
    )
