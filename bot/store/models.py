"""SQLAlchemy 2.0 models for the concepts in DESIGN.md.

The schema itself is owned by the Alembic migrations in `bot/store/migrations`; these models
must match them (a test compares the two).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

STATUSES = ("pending", "approved", "rejected")
KINDS = ("condition", "demand", "offer", "rejection", "warning", "assessment")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map = {dict: JSON, list: JSON}


class Meta(Base):
    """Small key/value facts about the store itself (e.g. which seed version is loaded)."""

    __tablename__ = "store_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Entity(Base):
    __tablename__ = "entity"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32), default="country")
    aliases: Mapped[list] = mapped_column(default=list)
    demonyms: Mapped[list] = mapped_column(default=list)


class Speaker(Base):
    __tablename__ = "speaker"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(128), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[list] = mapped_column(default=list)
    role: Mapped[str | None] = mapped_column(String(300))
    # Every role documents gave the speaker, first seen first (`role` is the first of them):
    # "Deputy Prime Minister", then "Minister for Reintegration …". A question describing
    # someone by office is matched against all of them (bot.text.described).
    roles: Mapped[list] = mapped_column(default=list, server_default="[]")
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entity.id"), index=True)
    # person, government ("Government of Ukraine", "Kremlin") or organisation ("NATO").
    kind: Mapped[str] = mapped_column(String(16), default="person", server_default="person")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Kept by repo.set_status / add_statement, so listing who the store covers counts nothing.
    approved_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0", index=True)

    entity: Mapped[Entity | None] = relationship(lazy="joined")


class Source(Base):
    __tablename__ = "source"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # feed, page, file, manual, seed
    name: Mapped[str] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(2000), unique=True)
    outlet: Mapped[str | None] = mapped_column(String(200))
    auto_approve: Mapped[bool] = mapped_column(Boolean, default=False)
    added_by: Mapped[str] = mapped_column(String(200), default="system")
    added_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    poll_interval_s: Mapped[int] = mapped_column(Integer, default=900)
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    last_polled_at: Mapped[datetime | None] = mapped_column(DateTime)
    next_poll_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    polled_once: Mapped[bool] = mapped_column(Boolean, default=False)
    last_error: Mapped[str | None] = mapped_column(Text)
    # Polls failed in a row (0 after one that succeeds); the review channel hears of a
    # source once it reaches bot.store.outbox.FAILING_AFTER. Migration 0013.
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Document(Base):
    __tablename__ = "document"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("source.id"), index=True)
    external_id: Mapped[str | None] = mapped_column(String(500), index=True)
    # For feed items: a hash of the item as the feed showed it (title, text, date).
    item_signature: Mapped[str | None] = mapped_column(String(64))
    url: Mapped[str | None] = mapped_column(String(2000))
    outlet: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(1000))
    published: Mapped[date | None] = mapped_column(Date)
    # What the extractor told it to be (bot.ingest.extract.KINDS); None: stored before
    # documents were classified, or seeded.
    kind: Mapped[str | None] = mapped_column(String(32))
    # Deferred: citations show a document's outlet, title and link; its text (often tens of
    # kilobytes) is read only by code that asks for it.
    text: Mapped[str] = mapped_column(Text, deferred=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # False for items stored on a feed's first poll: kept and searchable, never announced.
    announce: Mapped[bool] = mapped_column(Boolean, default=True)
    ingested_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Statement(Base):
    __tablename__ = "statement"
    __table_args__ = (
        Index("ix_statement_speaker_said_on", "speaker_id", "said_on"),
        Index("ix_statement_entity_said_on", "entity_id", "said_on"),
        # A side's newest approved statements of one kind, in order (engine: recent).
        Index(
            "ix_statement_entity_kind_said_on",
            "entity_id",
            "kind",
            "said_on",
            "id",
            sqlite_where=text("status = 'approved'"),
            postgresql_where=text("status = 'approved'"),
        ),
        Index(
            "ix_statement_speaker_kind_said_on",
            "speaker_id",
            "kind",
            "said_on",
            "id",
            sqlite_where=text("status = 'approved'"),
            postgresql_where=text("status = 'approved'"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speaker.id"), index=True)
    # The speaker's entity, copied so one side's statements are one index range away.
    entity_id: Mapped[int | None] = mapped_column(
        ForeignKey("entity.id", name="fk_statement_entity_id")
    )
    # The role as the source states it at the time; the speaker's current role may differ.
    role: Mapped[str | None] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    # Same words by the same speaker from several documents are one statement.
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    direct: Mapped[bool] = mapped_column(Boolean, default=True)
    kind: Mapped[str | None] = mapped_column(String(32), index=True)
    tags: Mapped[list] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    said_on: Mapped[date | None] = mapped_column(Date, index=True)
    context: Mapped[str] = mapped_column(Text, default="")
    # A quote shorter than a clause: the source's sentence carrying it, as written, and
    # where the quote starts in it (sentence[offset:offset + len(text)] == text). None
    # when the quote stands alone. Kept from the first document that gave one.
    sentence: Mapped[str | None] = mapped_column(Text)
    sentence_offset: Mapped[int | None] = mapped_column(Integer)
    announce: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    reviewed_by: Mapped[str | None] = mapped_column(String(200))

    speaker: Mapped[Speaker] = relationship(lazy="joined")
    points: Mapped[list[StatementPoint]] = relationship(
        order_by="StatementPoint.position", cascade="all, delete-orphan", lazy="selectin"
    )
    citations: Mapped[list[Citation]] = relationship(
        order_by="Citation.id", cascade="all, delete-orphan", lazy="selectin"
    )


class StatementPoint(Base):
    """An enumerated point of a statement ("First, … Second, …"), in order."""

    __tablename__ = "statement_point"
    __table_args__ = (UniqueConstraint("statement_id", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statement.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)


class Citation(Base):
    """One document behind a statement: the span, and the reporting chain it gives."""

    __tablename__ = "citation"
    __table_args__ = (UniqueConstraint("statement_id", "document_id", "start"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statement.id", ondelete="CASCADE"), index=True
    )
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    via: Mapped[list] = mapped_column(default=list)
    cited_outlet: Mapped[str | None] = mapped_column(String(200))
    cited_title: Mapped[str | None] = mapped_column(String(1000))
    cited_url: Mapped[str | None] = mapped_column(String(2000))

    document: Mapped[Document] = relationship(lazy="joined")


class StatementVector(Base):
    """An approved statement's dense vector (bot/embed, bot/store/vectors.py).

    Every change is a new row (a new id): re-embedding deletes the old row and inserts one;
    removing the statement from answers (rejected) leaves a row with no vector. A process
    keeping an in-memory index refreshes it by reading ids it has not seen."""

    __tablename__ = "statement_vector"
    __table_args__ = (
        # Named: SQLite's queries name it (INDEXED BY), so that stale statistics cannot
        # make them scan the table (bot/store/vectors.py).
        Index("ix_statement_vector_statement_id", "statement_id", unique=True),
        # AUTOINCREMENT: SQLite would otherwise hand a deleted newest id out again, and a
        # process that had seen it would never read the new row.
        {"sqlite_autoincrement": True},
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statement.id", ondelete="CASCADE"))
    # The embedder's name (model, version, pooling): vectors of two models never mix.
    model: Mapped[str] = mapped_column(String(200))
    # The statement's, copied: side-limited searches filter on them in memory.
    speaker_id: Mapped[int] = mapped_column(Integer)
    entity_id: Mapped[int | None] = mapped_column(Integer)
    # float16 little-endian; None: the statement is no longer answerable.
    vector: Mapped[bytes | None] = mapped_column(LargeBinary)


class Subscription(Base):
    """A channel's digest schedule."""

    __tablename__ = "subscription"
    __table_args__ = (UniqueConstraint("platform", "workspace", "channel"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(64), default="")
    channel: Mapped[str] = mapped_column(String(64))
    cron: Mapped[str] = mapped_column(String(100))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    filters: Mapped[dict] = mapped_column(default=dict)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    post_when_empty: Mapped[bool] = mapped_column(Boolean, default=False)
    # How many stories its digests show (None: the default) and where they go: "message",
    # or "thread" (a headline, its stories in a thread under it). Migration 0012.
    stories: Mapped[int | None] = mapped_column(Integer)
    delivery: Mapped[str] = mapped_column(String(16), default="message", server_default="message")
    last_period_end: Mapped[datetime | None] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AuditEntry(Base):
    """Every admin action: who, when, what."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str | None] = mapped_column(String(200))
    details: Mapped[dict] = mapped_column(default=dict)


class DigestPost(Base):
    """One digest period of one subscription (bot/schedule): the claim, then the outcome.

    Inserting the row *is* the claim: the UNIQUE (subscription_id, period_end) key lets
    exactly one scheduler win a period. status: claimed -> posting -> posted, or empty
    (nothing new, nothing posted), retry (a post failed; next_attempt_at), failed (gave up),
    skipped (past the grace window or superseded), unknown (the poster died mid-post; never
    re-posted). See bot/schedule/POLICY.md.
    """

    __tablename__ = "digest_post"
    __table_args__ = (UniqueConstraint("subscription_id", "period_end"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscription.id", ondelete="CASCADE"))
    period_start: Mapped[datetime | None] = mapped_column(DateTime)
    period_end: Mapped[datetime] = mapped_column(DateTime)
    manual: Mapped[bool] = mapped_column(Boolean, default=False)  # `schedule now`
    status: Mapped[str] = mapped_column(String(16), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    claimed_by: Mapped[str] = mapped_column(String(200))
    # A fresh token per claim or take-over: every later update is conditional on it.
    claim_token: Mapped[str] = mapped_column(String(32))
    claimed_at: Mapped[datetime] = mapped_column(DateTime)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    posted_at: Mapped[datetime | None] = mapped_column(DateTime)
    statement_count: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class SlackEvent(Base):
    """A Slack event already taken by some process (adapters/slack): its `event_id` is the
    key, so a redelivery's insert finds it there and is dropped (`repo.claim_event`)."""

    __tablename__ = "slack_event"
    event_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(DateTime, index=True)


class ChannelSetting(Base):
    """A chat channel's settings (the `settings` command): whether answers are private by
    default, and which commands it allows. No row: the defaults (public, every command)."""

    __tablename__ = "channel_setting"
    __table_args__ = (UniqueConstraint("platform", "workspace", "channel"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(64), default="")
    channel: Mapped[str] = mapped_column(String(64))
    answers_private: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # None: every command; else the command names allowed (help and settings always are).
    allowed_commands: Mapped[list | None] = mapped_column(JSON(none_as_null=True))
    updated_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ReviewChannel(Base):
    """Where a workspace's (Slack) or guild's (Discord) admins hear of new pending
    statements and failing sources: one per (platform, workspace), set by `review channel`.
    Notices recorded before `set_at` are not posted there."""

    __tablename__ = "review_channel"
    __table_args__ = (UniqueConstraint("platform", "workspace"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(64), default="")
    channel: Mapped[str] = mapped_column(String(64))
    set_by: Mapped[str] = mapped_column(String(200))
    set_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ReviewNotice(Base):
    """The review channels' outbox (bot/store/outbox.py): one event to announce. kind:
    pending (a poll or ingest added statements to review), failing (a source's failing
    streak reached the threshold), recovered (it polled successfully again). The UNIQUE
    (kind, source_id, episode) key makes recording one event twice a no-op."""

    __tablename__ = "review_notice"
    __table_args__ = (UniqueConstraint("kind", "source_id", "episode"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    # No foreign key: a notice outlives its source. None for a chat `ingest`.
    source_id: Mapped[int | None] = mapped_column(Integer)
    episode: Mapped[str] = mapped_column(String(64))
    source_name: Mapped[str] = mapped_column(String(200))
    statements: Mapped[int] = mapped_column(Integer, default=0)
    documents: Mapped[int] = mapped_column(Integer, default=0)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    # The queue's filters its Review button opens ("source=3"); "" for the whole queue.
    review_filters: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)


class ReviewNoticePost(Base):
    """One notice in one review channel (bot/review/notifier.py). Inserting the row is the
    claim, as for digests: status claimed -> posting -> posted, or retry / failed (the post
    raised), unknown (the notifier stopped mid-post: never posted again), skipped."""

    __tablename__ = "review_notice_post"
    __table_args__ = (UniqueConstraint("notice_id", "channel_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("review_notice.id", ondelete="CASCADE"))
    channel_id: Mapped[int] = mapped_column(ForeignKey("review_channel.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    claimed_by: Mapped[str] = mapped_column(String(200))
    claim_token: Mapped[str] = mapped_column(String(32))
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    posted_at: Mapped[datetime | None] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
