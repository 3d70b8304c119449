"""Initial schema: entities, speakers, sources, documents, statements, points, citations,
subscriptions, audit log, and the full-text index of approved statements.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "store_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "entity",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("aliases", sa.JSON, nullable=False),
        sa.Column("demonyms", sa.JSON, nullable=False),
    )
    op.create_table(
        "speaker",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(128), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("aliases", sa.JSON, nullable=False),
        sa.Column("role", sa.String(300)),
        sa.Column("entity_id", sa.Integer, sa.ForeignKey("entity.id"), index=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "source",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("url", sa.String(2000), unique=True),
        sa.Column("outlet", sa.String(200)),
        sa.Column("auto_approve", sa.Boolean, nullable=False),
        sa.Column("added_by", sa.String(200), nullable=False),
        sa.Column("added_at", sa.DateTime, nullable=False),
        sa.Column("poll_interval_s", sa.Integer, nullable=False),
        sa.Column("etag", sa.String(500)),
        sa.Column("last_modified", sa.String(100)),
        sa.Column("last_polled_at", sa.DateTime),
        sa.Column("next_poll_at", sa.DateTime, index=True),
        sa.Column("polled_once", sa.Boolean, nullable=False),
        sa.Column("last_error", sa.Text),
    )
    op.create_table(
        "document",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("source.id"), index=True),
        sa.Column("external_id", sa.String(500), index=True),
        sa.Column("url", sa.String(2000)),
        sa.Column("outlet", sa.String(200)),
        sa.Column("title", sa.String(1000)),
        sa.Column("published", sa.Date),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("announce", sa.Boolean, nullable=False),
        sa.Column("ingested_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "statement",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "speaker_id", sa.Integer, sa.ForeignKey("speaker.id"), nullable=False, index=True
        ),
        sa.Column("role", sa.String(300)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False, unique=True),
        sa.Column("direct", sa.Boolean, nullable=False),
        sa.Column("kind", sa.String(32), index=True),
        sa.Column("tags", sa.JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("said_on", sa.Date, index=True),
        sa.Column("context", sa.Text, nullable=False),
        sa.Column("announce", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("reviewed_at", sa.DateTime, index=True),
        sa.Column("reviewed_by", sa.String(200)),
    )
    op.create_table(
        "statement_point",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "statement_id",
            sa.Integer,
            sa.ForeignKey("statement.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("start", sa.Integer),
        sa.Column("end", sa.Integer),
        sa.UniqueConstraint("statement_id", "position"),
    )
    op.create_table(
        "citation",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "statement_id",
            sa.Integer,
            sa.ForeignKey("statement.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column(
            "document_id", sa.Integer, sa.ForeignKey("document.id"), nullable=False, index=True
        ),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("via", sa.JSON, nullable=False),
        sa.Column("cited_outlet", sa.String(200)),
        sa.Column("cited_title", sa.String(1000)),
        sa.Column("cited_url", sa.String(2000)),
        sa.UniqueConstraint("statement_id", "document_id", "start"),
    )
    op.create_table(
        "subscription",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("workspace", sa.String(64), nullable=False),
        sa.Column("channel", sa.String(64), nullable=False),
        sa.Column("cron", sa.String(100), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("filters", sa.JSON, nullable=False),
        sa.Column("enabled", sa.Boolean, nullable=False),
        sa.Column("post_when_empty", sa.Boolean, nullable=False),
        sa.Column("last_period_end", sa.DateTime),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("platform", "workspace", "channel"),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False, index=True),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("target", sa.String(200)),
        sa.Column("details", sa.JSON, nullable=False),
    )
    _create_search_index()


def _create_search_index() -> None:
    """Full-text index over *approved* statements only, holding pre-analysed stems
    (bot.text.analysis), so both backends rank the same terms."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE statement_fts USING fts5("
            "body, context, who, tokenize = 'unicode61 remove_diacritics 2')"
        )
    else:
        op.create_table(
            "statement_search",
            sa.Column(
                "statement_id",
                sa.Integer,
                sa.ForeignKey("statement.id", ondelete="CASCADE"),
                primary_key=True,
            ),
            sa.Column("body", sa.Text, nullable=False),
            sa.Column("context", sa.Text, nullable=False),
            sa.Column("who", sa.Text, nullable=False),
            sa.Column("tsv", postgresql.TSVECTOR, nullable=False),
        )
        op.execute("CREATE INDEX ix_statement_search_tsv ON statement_search USING GIN (tsv)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE statement_fts")
    else:
        op.drop_table("statement_search")
    for table in (
        "audit_log",
        "subscription",
        "citation",
        "statement_point",
        "statement",
        "document",
        "source",
        "speaker",
        "entity",
        "store_meta",
    ):
        op.drop_table(table)
