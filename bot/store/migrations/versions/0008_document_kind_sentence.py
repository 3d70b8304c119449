"""Each document's kind, and the sentence that carries a quoted fragment.

`document.kind` is what the extractor tells a document to be (transcript, readout,
statement, speech, live blog, press release, news article); documents stored before it are
left NULL (unknown). `statement.sentence` is the source's sentence around a quote shorter
than a clause, as written, and `statement.sentence_offset` where the quote starts in it;
both NULL when the quote stands alone. `speaker.kind` says what speaks: a person, a
government ("Ukraine accused …" is the Government of Ukraine) or an organisation; speakers
stored before are people, except those named as their entity, which take its kind.

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
    with op.batch_alter_table("speaker") as batch:
        batch.add_column(sa.Column("kind", sa.String(16), nullable=False, server_default="person"))
    # An institution stored before ("Nato", "Ukraine" speaking) is named as its entity.
    op.execute(
        "UPDATE speaker SET kind = CASE (SELECT entity.kind FROM entity "
        "WHERE entity.id = speaker.entity_id) WHEN 'country' THEN 'government' "
        "ELSE 'organisation' END "
        "WHERE entity_id IS NOT NULL AND lower(name) IN "
        "(SELECT lower(entity.name) FROM entity WHERE entity.id = speaker.entity_id)"
    )


def downgrade() -> None:
    columns = (
        ("speaker", "kind"),
        ("statement", "sentence_offset"),
        ("statement", "sentence"),
        ("document", "kind"),
    )
    bind = op.get_bind()
    dbapi = bind.dialect.dbapi  # the sqlite3 module on SQLite (None only for a mock engine)
    if bind.dialect.name == "sqlite" and dbapi and dbapi.sqlite_version_info < (3, 35, 0):
        # No DROP COLUMN before SQLite 3.35: batch mode copies the table.
        for table, column in columns:
            with op.batch_alter_table(table) as batch:
                batch.drop_column(column)
        return
    # ALTER TABLE … DROP COLUMN where the engine has it, rather than batch mode's copy of
    # the table, which would rebuild the statement table's partial indexes from reflection.
    for table, column in columns:
        op.drop_column(table, column)
