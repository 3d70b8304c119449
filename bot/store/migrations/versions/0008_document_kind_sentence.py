"""Each document's kind, and the sentence that carries a quoted fragment.

`document.kind` is what the extractor tells a document to be (transcript, readout,
statement, speech, live blog, press release, news article); documents stored before it are
left NULL (unknown). `statement.sentence` is the source's sentence around a quote shorter
than a clause, as written, and `statement.sentence_offset` where the quote starts in it;
both NULL when the quote stands alone.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN on both backends (nullable, no default): SQLite's batch mode adds
    # such columns without copying the table.
    with op.batch_alter_table("document") as batch:
        batch.add_column(sa.Column("kind", sa.String(32)))
    with op.batch_alter_table("statement") as batch:
        batch.add_column(sa.Column("sentence", sa.Text))
        batch.add_column(sa.Column("sentence_offset", sa.Integer))


def downgrade() -> None:
    columns = (("statement", "sentence_offset"), ("statement", "sentence"), ("document", "kind"))
    bind = op.get_bind()
    if bind.dialect.name == "sqlite" and bind.dialect.dbapi.sqlite_version_info < (3, 35, 0):
        # No DROP COLUMN before SQLite 3.35: batch mode copies the table.
        for table, column in columns:
            with op.batch_alter_table(table) as batch:
                batch.drop_column(column)
        return
    # ALTER TABLE … DROP COLUMN where the engine has it, rather than batch mode's copy of
    # the table, which would rebuild the statement table's partial indexes from reflection.
    for table, column in columns:
        op.drop_column(table, column)
