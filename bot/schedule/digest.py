"""Compose a digest: the statements approved in a period, grouped by entity then speaker.

Pure composition, no platform imports: the result is a `Reply` any adapter can render or
a `Poster` can post. What goes in:

- approved statements whose approval time (`reviewed_at`) falls in (since, until];
- never statements stored from a feed's first poll (`announce` is False): they were old news
  when the feed was added;
- only those the channel's filters keep.

The newest `top` approvals are shown (the rest are counted: "and K more"), each with its
words shortened at a word boundary (the link in its sources leads to the full text).
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, literal_column, or_, select
from sqlalchemy.orm import Session

from bot.answer.compose import statement_item
from bot.core.shorten import around, shorten
from bot.core.types import Reply, StatementItem
from bot.schedule import subscriptions as subs
from bot.schedule.filters import Filters, Matcher
from bot.schedule.periods import to_db
from bot.store import repo
from bot.store.models import Statement, Subscription

DIGEST_TOP = 10
TEXT_LIMIT = 300  # characters of a statement's words shown in a digest
POINT_LIMIT = 160
MAX_SCANNED = 5000  # statements examined per digest; a months-long gap is still bounded
NO_ENTITY = "Other"


@dataclass(frozen=True)
class SpeakerGroup:
    speaker: str
    items: tuple[StatementItem, ...]


@dataclass(frozen=True)
class EntityGroup:
    entity: str
    speakers: tuple[SpeakerGroup, ...]


@dataclass(frozen=True)
class Digest:
    since: datetime | None  # exclusive, aware UTC; None: from the beginning
    until: datetime  # inclusive, aware UTC
    tz: str
    groups: tuple[EntityGroup, ...]
    total: int  # statements in the period, shown or not

    @property
    def items(self) -> tuple[StatementItem, ...]:
        return tuple(i for e in self.groups for s in e.speakers for i in s.items)

    @property
    def empty(self) -> bool:
        return self.total == 0

    def reply(self, *, preview: bool = False) -> Reply:
        since = f"since {format_local(self.since, self.tz)}" if self.since else "so far"
        notices: list[str] = []
        if preview:
            notices.append("Preview only: nothing was posted.")
        if self.empty:
            return Reply(title=f"Nothing new {since}.", notices=tuple(notices), ephemeral=preview)
        items = self.items
        more = self.total - len(items)
        if more:
            notices.insert(0, f"And {more} more; “statements NAME” lists a speaker's statements.")
        lines = tuple(
            f"{group.entity}: " + ", ".join(f"{s.speaker} ({len(s.items)})" for s in group.speakers)
            for group in self.groups
        )
        count = f"{self.total} new statement{'s' if self.total != 1 else ''}"
        return Reply(
            title=f"Digest: {count} {since}",
            items=items,
            lines=lines,
            notices=tuple(notices),
            ephemeral=preview,
        )


def format_local(moment: datetime, tz: str) -> str:
    return f"{moment.astimezone(ZoneInfo(tz)):%Y-%m-%d %H:%M} {tz}"


def _period_query(  # noqa: ANN202
    since: datetime | None, until: datetime, matcher: Matcher, dialect: str = ""
):
    query = select(Statement.id).where(
        Statement.status == "approved",
        Statement.announce.is_(True),
        Statement.reviewed_at.is_not(None),
        Statement.reviewed_at <= to_db(until),
    )
    if since is not None:
        query = query.where(Statement.reviewed_at > to_db(since))
    if matcher.restricts_who:
        by_speaker = Statement.speaker_id.in_(matcher.speaker_ids)
        by_entity = Statement.entity_id.in_(matcher.entity_ids)
        if dialect == "sqlite":
            # A side may hold a third of the store (Russia's 370,000 statements at a
            # million): told each is no narrower than the period, SQLite walks the period's
            # approvals (30 ms) instead of every statement of the side (0.8-5 s).
            likely = literal_column("0.9")
            by_speaker = func.likelihood(by_speaker, likely)
            by_entity = func.likelihood(by_entity, likely)
        query = query.where(or_(by_speaker, by_entity))
    return query


def new_statements(
    session: Session, since: datetime | None, until: datetime, matcher: Matcher
) -> list[Statement]:
    """Statements for a digest of (since, until], newest approval first."""
    query = _period_query(since, until, matcher, session.get_bind().dialect.name)
    ids = session.scalars(
        query.order_by(Statement.reviewed_at.desc(), Statement.id.desc()).limit(MAX_SCANNED)
    ).all()
    return [st for st in repo.statements_by_ids(session, ids) if matcher.matches(st)]


def _newest(
    session: Session, since: datetime | None, until: datetime, matcher: Matcher, top: int
) -> tuple[list[Statement], int]:
    """The `top` newest statements of the period and how many there are in all. Without
    topic words, SQL alone decides which match, so only those shown are loaded."""
    if matcher.topics:
        rows = new_statements(session, since, until, matcher)
        return rows[:top], len(rows)
    query = _period_query(since, until, matcher, session.get_bind().dialect.name)
    total = session.scalar(select(func.count()).select_from(query.limit(MAX_SCANNED).subquery()))
    ids = session.scalars(
        query.order_by(Statement.reviewed_at.desc(), Statement.id.desc()).limit(top)
    ).all()
    return repo.statements_by_ids(session, ids), int(total or 0)


def compose(
    session: Session,
    *,
    since: datetime | None,
    until: datetime,
    filters: Filters,
    tz: str = "UTC",
    top: int = DIGEST_TOP,
) -> Digest:
    rows, total = _newest(session, since, until, Matcher.build(session, filters), top)
    shown = [_short(statement_item(st)) for st in rows]
    return Digest(since=since, until=until, tz=tz, groups=group(shown), total=total)


def group(items: list[StatementItem]) -> tuple[EntityGroup, ...]:
    """Entity, then speaker; the larger groups first, then by name; items keep their order."""
    by_entity: dict[str, dict[str, list[StatementItem]]] = defaultdict(lambda: defaultdict(list))
    for item in items:
        by_entity[item.entity or NO_ENTITY][item.speaker].append(item)
    entity_sizes = Counter({e: sum(len(v) for v in s.values()) for e, s in by_entity.items()})
    groups = []
    for entity in sorted(by_entity, key=lambda e: (e == NO_ENTITY, -entity_sizes[e], e)):
        speakers = by_entity[entity]
        ordered = sorted(speakers, key=lambda s: (-len(speakers[s]), s))
        groups.append(
            EntityGroup(entity, tuple(SpeakerGroup(s, tuple(speakers[s])) for s in ordered))
        )
    return tuple(groups)


def _short(item: StatementItem) -> StatementItem:
    """The words shortened to TEXT_LIMIT; a quote shown in its sentence keeps its words
    whole and loses words of the sentence around it instead (or, too long itself, is shown
    alone, shortened)."""
    points = tuple(shorten(p, POINT_LIMIT) for p in item.points)
    parts = item.in_sentence
    fitted = parts and around(*parts, lambda *p: sum(map(len, p)) <= TEXT_LIMIT)
    if fitted:
        before, words, after = fitted
        return dataclasses.replace(
            item, sentence=before + words + after, sentence_offset=len(before), points=points
        )
    return dataclasses.replace(
        item,
        text=shorten(item.text, TEXT_LIMIT),
        points=points,
        sentence=None,
        sentence_offset=None,
    )


def window_digest(session: Session, sub: Subscription, until: datetime) -> tuple[datetime, Digest]:
    """A channel's digest posted now (`schedule now`, on any platform): from where its
    window starts (its last post, else its period before `until`) to `until`, with its
    filters, in its time zone; and where the window started."""
    since = subs.window_start(sub, until)
    digest = compose(
        session, since=since, until=until, filters=subs.filters_of(sub), tz=sub.timezone
    )
    return since, digest
