"""The review channel (issue 20): where a workspace's or guild's admins hear of new pending
statements and of failing sources.

- `review_channel`: one per (platform, workspace), set by `review channel`.
- `review_notice`: the outbox. A poll or a chat ingest that adds pending statements, a
  source's failing streak reaching the threshold, and its recovery each add one row; the
  UNIQUE (kind, source_id, episode) key makes recording the same event twice a no-op.
- `review_notice_post`: one row per (notice, review channel), inserted to claim the post
  (as `digest_post` does for digests): exactly one notifier posts each notice.
- `source.consecutive_failures`: polls failed in a row; 0 after a successful one.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("source") as batch:
        batch.add_column(
            sa.Column("consecutive_failures", sa.Integer, nullable=False, server_default="0")
        )
    op.create_table(
        "review_channel",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("workspace", sa.String(64), nullable=False),
        sa.Column("channel", sa.String(64), nullable=False),
        sa.Column("set_by", sa.String(200), nullable=False),
        sa.Column("set_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("platform", "workspace"),
    )
    op.create_table(
        "review_notice",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        # No foreign key: a notice outlives its source's removal. NULL for a chat ingest.
        sa.Column("source_id", sa.Integer),
        sa.Column("episode", sa.String(64), nullable=False),
        sa.Column("source_name", sa.String(200), nullable=False),
        sa.Column("statements", sa.Integer, nullable=False),
        sa.Column("documents", sa.Integer, nullable=False),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("review_filters", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False, index=True),
        sa.UniqueConstraint("kind", "source_id", "episode"),
    )
    op.create_table(
        "review_notice_post",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "notice_id",
            sa.Integer,
            sa.ForeignKey("review_notice.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "channel_id",
            sa.Integer,
            sa.ForeignKey("review_channel.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("claimed_by", sa.String(200), nullable=False),
        sa.Column("claim_token", sa.String(32), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime),
        sa.Column("posted_at", sa.DateTime),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        # The claim: whoever inserts this pair first posts the notice there.
        sa.UniqueConstraint("notice_id", "channel_id"),
    )


def downgrade() -> None:
    op.drop_table("review_notice_post")
    op.drop_table("review_notice")
    op.drop_table("review_channel")
    with op.batch_alter_table("source") as batch:
        batch.drop_column("consecutive_failures")
