"""Scale: each statement carries its speaker's entity, speakers carry how many approved
statements they have, and indexes serve "this side's newest statements" directly.

At a million statements, "what does Russia say" must not join and sort every Russian
statement, and "I have statements from …" must not count every statement.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("statement") as batch:
        batch.add_column(
            sa.Column(
                "entity_id", sa.Integer, sa.ForeignKey("entity.id", name="fk_statement_entity_id")
            )
        )
    with op.batch_alter_table("speaker") as batch:
        batch.add_column(
            sa.Column("approved_count", sa.Integer, nullable=False, server_default="0")
        )
    op.execute(
        "UPDATE statement SET entity_id = "
        "(SELECT speaker.entity_id FROM speaker WHERE speaker.id = statement.speaker_id)"
    )
    op.execute(
        "UPDATE speaker SET approved_count = (SELECT count(*) FROM statement "
        "WHERE statement.speaker_id = speaker.id AND statement.status = 'approved')"
    )
    op.create_index("ix_statement_speaker_said_on", "statement", ["speaker_id", "said_on"])
    op.create_index("ix_statement_entity_said_on", "statement", ["entity_id", "said_on"])
    op.create_index("ix_speaker_approved_count", "speaker", ["approved_count"])


def downgrade() -> None:
    op.drop_index("ix_speaker_approved_count", "speaker")
    op.drop_index("ix_statement_entity_said_on", "statement")
    op.drop_index("ix_statement_speaker_said_on", "statement")
    with op.batch_alter_table("speaker") as batch:
        batch.drop_column("approved_count")
    with op.batch_alter_table("statement") as batch:
        batch.drop_column("entity_id")
