"""Per-channel settings (issue 16): whether answers are private by default, and which
commands a channel allows.

One row per chat channel (platform, workspace, channel), written only by the `settings`
command; a channel without a row has the defaults (public answers, every command).
`allowed_commands` is NULL for "every command", else a JSON list of command names (`help`
and `settings` are always allowed and never stored).

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "channel_setting",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("workspace", sa.String(64), nullable=False),
        sa.Column("channel", sa.String(64), nullable=False),
        sa.Column("answers_private", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("allowed_commands", sa.JSON, nullable=True),
        sa.Column("updated_by", sa.String(200), nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("platform", "workspace", "channel"),
    )


def downgrade() -> None:
    op.drop_table("channel_setting")
