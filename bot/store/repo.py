"""Repository functions: the store's shared reads and writes of rows.

Each takes a Session inside a transaction owned by the caller (`bot.store.db.transaction`),
so a command's writes commit together or not at all.

Where SQL lives (tests/test_sql_placement.py checks it): statements are written only in
bot/store/ and in a package's own `queries.py` (bot/ingest, bot/review, bot/schedule), next
to the code that needs them. Everywhere else code works on the rows a store transaction
gives it through the ORM (`session.get`, `add`, `flush`, attribute changes).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import cast

from sqlalchemy import Insert, Table, bindparam, delete, func, select, text, update
from sqlalchemy.orm import Session, joinedload

from bot.store.indexer import Indexer
from bot.store.models import (
    AuditEntry,
    Base,
    ChannelSetting,
    Citation,
    Document,
    Entity,
    Meta,
    SlackEvent,
    Speaker,
    Statement,
    StatementPoint,
    utcnow,
)
from bot.text.analysis import fold

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'"})


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


def content_hash(text: str) -> str:
    return hashlib.sha256(_SPACE.sub(" ", text).strip().encode()).hexdigest()


def fingerprint(speaker_key: str, text: str) -> str:
    """Same speaker + same words (ignoring case, spacing and quote styles) = one statement."""
    words = _SPACE.sub(" ", fold(text).translate(_QUOTES)).strip(" .\"'")
    return hashlib.sha256(f"{speaker_key}\x1f{words}".encode()).hexdigest()


# --- meta -------------------------------------------------------------------------------


def get_meta(session: Session, key: str) -> str | None:
    row = session.get(Meta, key)
    return row.value if row else None


def set_meta(session: Session, key: str, value: str) -> None:
    row = session.get(Meta, key)
    if row:
        row.value = value
    else:
        session.add(Meta(key=key, value=value))


# --- entities and speakers --------------------------------------------------------------


def upsert_entity(
    session: Session,
    key: str,
    name: str,
    kind: str,
    aliases: Sequence[str],
    demonyms: Sequence[str],
) -> Entity:
    entity = session.scalar(select(Entity).where(Entity.key == key))
    if entity is None:
        entity = Entity(
            key=key, name=name, kind=kind, aliases=list(aliases), demonyms=list(demonyms)
        )
        session.add(entity)
    else:
        entity.name, entity.kind = name, kind
        entity.aliases, entity.demonyms = list(aliases), list(demonyms)
    session.flush()
    return entity


def upsert_speaker(
    session: Session,
    name: str,
    *,
    aliases: Sequence[str] = (),
    role: str | None = None,
    entity: Entity | None = None,
    kind: str | None = None,
) -> Speaker:
    """The speaker called `name`, created (a person unless `kind` says otherwise) or updated
    with what is new."""
    key = slug(name)
    speaker = session.scalar(select(Speaker).where(Speaker.key == key))
    if speaker is None:
        speaker = Speaker(
            key=key,
            name=name,
            aliases=list(aliases),
            role=role,
            roles=[role] if role else [],
            entity=entity,
            kind=kind or "person",
        )
        session.add(speaker)
    else:
        merged = list(dict.fromkeys([*speaker.aliases, *aliases]))
        if merged != speaker.aliases:
            speaker.aliases = merged
        speaker.role = speaker.role or role
        remember_role(speaker, role)
        if speaker.entity is None and entity is not None:
            speaker.entity = entity
            session.flush()
            session.execute(
                update(Statement)
                .where(Statement.speaker_id == speaker.id)
                .values(entity_id=entity.id)
            )
    session.flush()
    return speaker


# Roles kept per speaker: a long career's offices, not every wording of them.
MOST_ROLES = 12


def remember_role(speaker: Speaker, role: str | None) -> None:
    """Add a role a document gave the speaker to `speaker.roles`, unless it is one of them
    already (in any case) or `MOST_ROLES` are kept."""
    if not role or len(speaker.roles) >= MOST_ROLES:
        return
    if role.casefold() not in {r.casefold() for r in speaker.roles}:
        speaker.roles = [*speaker.roles, role]  # a new list: the JSON column sees the change


def approved_statements_of(session: Session, speaker_ids: Iterable[int]) -> list[Statement]:
    return list(
        session.scalars(
            select(Statement).where(
                Statement.speaker_id.in_(list(speaker_ids)), Statement.status == "approved"
            )
        )
    )


def all_entities(session: Session) -> list[Entity]:
    return list(session.scalars(select(Entity).order_by(Entity.id)))


def all_speakers(session: Session) -> list[Speaker]:
    return list(session.scalars(select(Speaker).order_by(Speaker.id)))


# Plain SQL: thousands of rows through an ORM-enabled select cost milliseconds more. Most
# statements first, so a caller sorting by count finds them nearly in order.
_APPROVED_COUNTS = text(
    "SELECT id, approved_count FROM speaker WHERE approved_count > 0 "
    "ORDER BY approved_count DESC, id"
)


def approved_counts_by_speaker(session: Session) -> dict[int, int]:
    return {int(speaker_id): int(count) for speaker_id, count in session.execute(_APPROVED_COUNTS)}


def count_approved(session: Session, speaker: Speaker, delta: int) -> None:
    """Move a speaker's approved count by `delta`, as SQL arithmetic so that processes
    approving at the same time do not overwrite each other's counts."""
    if delta:
        session.execute(
            update(Speaker)
            .where(Speaker.id == speaker.id)
            .values(approved_count=Speaker.approved_count + delta)
        )


def find_document(session: Session, text: str) -> Document | None:
    return session.scalar(select(Document).where(Document.content_hash == content_hash(text)))


@dataclass
class NewStatement:
    speaker: Speaker
    text: str
    start: int
    end: int
    direct: bool = True
    kind: str | None = None
    role: str | None = None
    context: str = ""
    # The source's sentence carrying a quoted fragment, and where `text` starts in it.
    sentence: str | None = None
    sentence_offset: int | None = None
    confidence: float = 1.0
    said_on: date | None = None
    points: Sequence[tuple[str, int | None, int | None]] = ()
    via: Sequence[str] = ()
    cited_outlet: str | None = None
    cited_title: str | None = None
    cited_url: str | None = None
    tags: list[str] = field(default_factory=list)


def add_statement(
    session: Session,
    document: Document,
    new: NewStatement,
    *,
    status: str = "pending",
    reviewer: str | None = None,
) -> tuple[Statement, bool]:
    """Store `new` as found in `document`; returns (statement, created).

    Words already known from this speaker gain a citation instead of a duplicate; they keep
    the first carrying sentence found (a later document's fills one only where none was).
    """
    fp = fingerprint(new.speaker.key, new.text)
    sentence, offset = carrying_sentence(new)
    statement = session.scalar(select(Statement).where(Statement.fingerprint == fp))
    created = statement is None
    if statement is None:
        statement = Statement(
            speaker=new.speaker,
            entity_id=new.speaker.entity_id,
            role=new.role,
            text=new.text,
            fingerprint=fp,
            direct=new.direct,
            kind=new.kind,
            tags=list(new.tags),
            status=status,
            confidence=new.confidence,
            said_on=new.said_on or document.published,
            context=new.context,
            sentence=sentence,
            sentence_offset=offset,
            announce=document.announce,
            points=[
                StatementPoint(position=i, text=t, start=s, end=e)
                for i, (t, s, e) in enumerate(new.points, start=1)
            ],
        )
        if status != "pending":
            statement.reviewed_at, statement.reviewed_by = utcnow(), reviewer
        session.add(statement)
        if status == "approved":
            count_approved(session, new.speaker, 1)
    elif statement.sentence is None and sentence is not None and new.text == statement.text:
        # The same words stood alone where first found; here a sentence carries them.
        statement.sentence, statement.sentence_offset = sentence, offset
    known = {(c.document_id, c.start) for c in statement.citations}
    if (document.id, new.start) not in known:
        statement.citations.append(
            Citation(
                document=document,
                start=new.start,
                end=new.end,
                via=list(new.via),
                cited_outlet=new.cited_outlet or document.outlet,
                cited_title=new.cited_title,
                cited_url=new.cited_url or document.url,
            )
        )
    session.flush()
    return statement, created


def carrying_sentence(new: NewStatement) -> tuple[str | None, int | None]:
    """(sentence, offset) when `new.sentence` holds `new.text` at `new.sentence_offset`
    (and says more than it), else (None, None): a sentence that does not carry the quote
    exactly is never stored."""
    sentence, offset = new.sentence, new.sentence_offset
    if not sentence or offset is None or offset < 0 or len(sentence) <= len(new.text):
        return None, None
    if sentence[offset : offset + len(new.text)] != new.text:
        return None, None
    return sentence, offset


# An answer shows a handful of statements: one query joining their points and citations
# costs half of three (the statement, then each collection "selectin"). Long lists (digests)
# keep the per-collection queries, which do not multiply rows.
FEW_STATEMENTS = 20
_FEW = (
    select(Statement)
    .where(Statement.id.in_(bindparam("ids", expanding=True)))
    .options(joinedload(Statement.points), joinedload(Statement.citations))
)
_MANY = select(Statement).where(Statement.id.in_(bindparam("ids", expanding=True)))


def statements_by_ids(session: Session, ids: Sequence[int]) -> list[Statement]:
    """Statements in the order of `ids` (missing ids are skipped)."""
    if not ids:
        return []
    if len(ids) <= FEW_STATEMENTS:
        found = session.scalars(_FEW, {"ids": list(ids)}).unique()
    else:
        found = session.scalars(_MANY, {"ids": list(ids)})
    rows = {s.id: s for s in found}
    return [rows[i] for i in ids if i in rows]


def list_statements(
    session: Session,
    *,
    speaker_ids: Sequence[int] | None = None,
    entity_ids: Sequence[int] | None = None,
    status: str | None = "approved",
    since: date | None = None,
    until: date | None = None,
    limit: int = 20,
    offset: int = 0,
) -> tuple[list[Statement], int]:
    """Filtered statements, newest first, and how many match in all."""
    query = select(Statement)
    if status:
        query = query.where(Statement.status == status)
    if speaker_ids is not None:
        query = query.where(Statement.speaker_id.in_(speaker_ids))
    if entity_ids is not None:
        query = query.where(Statement.entity_id.in_(entity_ids))
    if since:
        query = query.where(Statement.said_on >= since)
    if until:
        query = query.where(Statement.said_on <= until)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = query.order_by(Statement.said_on.desc().nulls_last(), Statement.id.desc())
    return list(session.scalars(page.limit(limit).offset(offset)).unique()), total


def set_status(
    session: Session,
    indexer: Indexer,
    statements: Iterable[Statement],
    status: str,
    actor: str,
) -> None:
    """Approve or reject; keeps the search indexes (approved statements only) in step:
    pass `store.indexer`, which keeps the statement vectors too."""
    changed = []
    for st in statements:
        was_approved = st.status == "approved"
        st.status, st.reviewed_at, st.reviewed_by = status, utcnow(), actor
        count_approved(session, st.speaker, (status == "approved") - was_approved)
        changed.append(st)
    session.flush()
    if status == "approved":
        indexer.index(session, changed)
    else:
        indexer.remove(session, [st.id for st in changed])


def audit(
    session: Session, actor: str, action: str, target: str | None = None, **details: object
) -> None:
    session.add(AuditEntry(actor=actor, action=action, target=target, details=dict(details)))


def audit_document(
    session: Session, actor: str, document_id: int, *, label: str, statements: int
) -> None:
    """One stored document, written in the document's own transaction (bot/ingest)."""
    audit(
        session,
        actor,
        "ingest.document",
        f"document:{document_id}",
        label=label[:500],
        statements=statements,
    )


def audit_refusal(session: Session, actor: str, command: str, action: str) -> None:
    """An admin command or action refused to someone who is not an admin (Core.handle)."""
    audit(session, actor, "refused", command, asked=action, outcome="refused")


def claim_event(session: Session, event_id: str, now: datetime | None = None) -> bool:
    """Record a platform event as taken; False when some process (sharing this store) took
    it already. Insert-or-ignore on the primary key: `ON CONFLICT DO NOTHING` on both
    SQLite and PostgreSQL, so a concurrent claim waits for the first and then loses."""
    row = {"event_id": event_id, "received_at": now or utcnow()}
    claim = _insert_or_ignore(session, _table(SlackEvent), row)
    # RETURNING, not rowcount: psycopg reports -1 rows for an INSERT … ON CONFLICT.
    return session.execute(claim.returning(SlackEvent.event_id)).first() is not None


def prune_events(session: Session, before: datetime) -> None:
    """Forget events received before `before` (an index range on `received_at`)."""
    session.execute(delete(_table(SlackEvent)).where(SlackEvent.received_at < before))


def _table(model: type[Base]) -> Table:
    # A declarative class's __table__ is a Table; SQLAlchemy types it as the wider FromClause.
    return cast(Table, model.__table__)


def _insert_or_ignore(session: Session, table: Table, row: dict[str, object]) -> Insert:
    """INSERT … ON CONFLICT DO NOTHING in the session's dialect (SQLite and PostgreSQL spell
    it alike, from two dialect modules)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table).values(row).on_conflict_do_nothing()
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table).values(row).on_conflict_do_nothing()


# --- channel settings --------------------------------------------------------------------


def channel_setting(
    session: Session, platform: str, workspace: str, channel: str, *, for_update: bool = False
) -> ChannelSetting | None:
    """A channel's settings row (one unique-index read), None when it has the defaults."""
    query = select(ChannelSetting).where(
        ChannelSetting.platform == platform,
        ChannelSetting.workspace == workspace,
        ChannelSetting.channel == channel,
    )
    return session.scalars(query.with_for_update() if for_update else query).first()


def update_channel_setting(
    session: Session,
    platform: str,
    workspace: str,
    channel: str,
    actor: str,
    **changes: object,
) -> ChannelSetting:
    """Set `changes` (answers_private, allowed_commands) on a channel's row, creating it with
    the defaults first, and audit it."""
    setting = locked_channel_setting(session, platform, workspace, channel, actor)
    return change_channel_setting(session, setting, actor, **changes)


def change_channel_setting(
    session: Session, setting: ChannelSetting, actor: str, **changes: object
) -> ChannelSetting:
    """Set `changes` on a channel's row already read (`locked_channel_setting`), and audit."""
    for name, value in changes.items():
        setattr(setting, name, value)
    setting.updated_by, setting.updated_at = actor[:200], utcnow()
    session.flush()
    audit(
        session,
        actor,
        "settings.update",
        f"channel:{setting.platform}:{setting.workspace}:{setting.channel}"[:200],
        **changes,
    )
    return setting


def locked_channel_setting(
    session: Session, platform: str, workspace: str, channel: str, actor: str
) -> ChannelSetting:
    """A channel's row, created with the defaults if missing, locked until the transaction
    ends (PostgreSQL; SQLite writers are serialised anyway). Two admins changing a channel at
    once: the insert ignores the row the other made, and the second waits for the first."""
    now = utcnow()
    row: dict[str, object] = {
        "platform": platform,
        "workspace": workspace,
        "channel": channel,
        "answers_private": False,
        "allowed_commands": None,
        "updated_by": actor[:200],
        "updated_at": now,
    }
    session.execute(_insert_or_ignore(session, _table(ChannelSetting), row))
    setting = channel_setting(session, platform, workspace, channel, for_update=True)
    assert setting is not None  # inserted above, or by whoever won the insert
    return setting
