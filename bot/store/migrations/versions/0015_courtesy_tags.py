"""Statements of courtesy and procedure tagged `courtesy` (bot.text.courtesy).

Ingest tags them from now on; this tags those stored before, so that answers rank thanks
and greetings below statements with substance in an existing store too. It reads the
statements a batch at a time (a million statements' text at once would not fit a small
server's memory) and writes only those it tags. Downgrade removes the tag.

Revision ID: 0015
Revises: 0014
"""

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

from bot.text import courtesy

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

BATCH = 5000


def upgrade() -> None:
    bind = op.get_bind()
    read = sa.text(
        "SELECT id, text, kind, tags FROM statement WHERE id > :after ORDER BY id LIMIT :n"
    )
    write = sa.text("UPDATE statement SET tags = :tags WHERE id = :id")
    after = 0
    while rows := bind.execute(read, {"after": after, "n": BATCH}).all():
        for statement_id, text, kind, tags in rows:
            if courtesy.is_courtesy(text, kind):
                tagged = [*_tags(tags), courtesy.TAG]
                bind.execute(
                    write, {"tags": json.dumps(list(dict.fromkeys(tagged))), "id": statement_id}
                )
        after = rows[-1][0]


def downgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, tags FROM statement")).all()
    write = sa.text("UPDATE statement SET tags = :tags WHERE id = :id")
    for statement_id, tags in rows:
        kept = _tags(tags)
        if courtesy.TAG in kept:
            kept.remove(courtesy.TAG)
            bind.execute(write, {"tags": json.dumps(kept), "id": statement_id})


def _tags(stored: Any) -> list[str]:
    """The tags as stored: SQLite returns the JSON text, PostgreSQL the decoded list."""
    if isinstance(stored, str):
        stored = json.loads(stored or "[]")
    return list(stored or [])
