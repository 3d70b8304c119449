"""Digest options per channel (issue 19): how many stories a digest shows and where it
goes (a channel message, or a headline with its stories in a thread under it).

`stories` NULL means the default; `delivery` is "message" or "thread" (existing channels
keep getting one message).

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("subscription") as batch:
        batch.add_column(sa.Column("stories", sa.Integer, nullable=True))
        batch.add_column(
            sa.Column("delivery", sa.String(16), nullable=False, server_default="message")
        )


def downgrade() -> None:
    with op.batch_alter_table("subscription") as batch:
        batch.drop_column("delivery")
        batch.drop_column("stories")
