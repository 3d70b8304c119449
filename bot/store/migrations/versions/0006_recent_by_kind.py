"""Scale: "this side's newest statements of these kinds" reads one short index range.

"What does Moscow want" asks for Russia's newest conditions and demands. With indexes on
(entity_id, said_on) and kind separately, PostgreSQL combined them into a bitmap of every
Russian demand (tens of thousands of rows at a million statements) and sorted it: 200 ms.
Partial indexes over approved statements on (party, kind, said_on, id) give each
(party, kind) its newest statements in order, so the query reads only what it returns.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

APPROVED = sa.text("status = 'approved'")
INDEXES = {
    "ix_statement_entity_kind_said_on": ["entity_id", "kind", "said_on", "id"],
    "ix_statement_speaker_kind_said_on": ["speaker_id", "kind", "said_on", "id"],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(
            name, "statement", columns, sqlite_where=APPROVED, postgresql_where=APPROVED
        )
    if op.get_bind().dialect.name == "sqlite":
        # Where the store was analysed, the planner needs these indexes' statistics too
        # (without them it may prefer the older, wider ones).
        analysed = op.get_bind().execute(
            sa.text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        )
        if analysed.first():
            for name in INDEXES:
                op.execute(f"ANALYZE {name}")


def downgrade() -> None:
    for name in reversed(INDEXES):
        op.drop_index(name, "statement")
