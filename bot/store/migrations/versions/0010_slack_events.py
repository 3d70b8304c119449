"""Slack events already handled (issue 16): one row per `event_id`, shared by every process.

Slack redelivers an event (`X-Slack-Retry-Num`, the same `event_id`) when it thinks the
first delivery failed: after a slow acknowledgement, or a deploy. The adapter inserts the
event id before answering; the insert that finds it already there (on this process or any
other sharing the store) means the event was answered, and it is dropped. Rows older than a
day are pruned (Slack retries within minutes), through the index on `received_at`.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "slack_event",
        sa.Column("event_id", sa.String(100), primary_key=True),
        sa.Column("received_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_slack_event_received_at", "slack_event", ["received_at"])


def downgrade() -> None:
    op.drop_table("slack_event")
