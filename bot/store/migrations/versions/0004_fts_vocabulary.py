"""SQLite: a vocabulary view of the full-text index, for instant document frequencies.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # fts5vocab reads the index's own term statistics: no counting of matches.
        op.execute("CREATE VIRTUAL TABLE statement_vocab USING fts5vocab(statement_fts, 'row')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE statement_vocab")
