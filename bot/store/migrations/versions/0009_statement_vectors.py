"""Dense vectors of approved statements (issue 14), on both backends.

One row per statement: the model that made it (`model`, bot/embed), the vector as float16
little-endian bytes, and the statement's speaker and entity, copied so that a process
loads its in-memory index (bot/store/vector_index.py) from this table alone. Every change
is a new row with a new id (re-embedded: the old row deleted and a new one inserted;
removed on reject: a row whose vector is NULL), so a process refreshes by reading the ids
it has not seen. SQLite's AUTOINCREMENT keeps ids from being reused after a delete.
Existing stores start with no vectors: `attache vectors rebuild` makes them.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "statement_vector",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "statement_id",
            sa.Integer,
            sa.ForeignKey("statement.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("model", sa.String(200), nullable=False),
        sa.Column("speaker_id", sa.Integer, nullable=False),
        sa.Column("entity_id", sa.Integer),
        sa.Column("vector", sa.LargeBinary),
        sqlite_autoincrement=True,
    )
    # Named, one vector row per statement: SQLite's lookups name it (INDEXED BY).
    op.create_index(
        "ix_statement_vector_statement_id", "statement_vector", ["statement_id"], unique=True
    )


def downgrade() -> None:
    op.drop_table("statement_vector")
