"""Digest posts: one row per (subscription, period), inserted to claim the period.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "digest_post",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "subscription_id",
            sa.Integer,
            sa.ForeignKey("subscription.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("period_start", sa.DateTime),
        sa.Column("period_end", sa.DateTime, nullable=False),
        sa.Column("manual", sa.Boolean, nullable=False),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("claimed_by", sa.String(200), nullable=False),
        sa.Column("claim_token", sa.String(32), nullable=False),
        sa.Column("claimed_at", sa.DateTime, nullable=False),
        sa.Column("next_attempt_at", sa.DateTime),
        sa.Column("posted_at", sa.DateTime),
        sa.Column("statement_count", sa.Integer),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        # The claim: whoever inserts this pair first owns the period.
        sa.UniqueConstraint("subscription_id", "period_end"),
    )


def downgrade() -> None:
    op.drop_table("digest_post")
