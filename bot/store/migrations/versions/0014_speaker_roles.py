"""Every role documents gave a speaker: `speaker.roles`.

`speaker.role` is the first role a document gave; a question may describe the speaker by
another ("Ukraine's reintegration minister" for a speaker first stored as "Deputy Prime
Minister"). `speaker.roles` keeps them all, first the stored role, then the roles of the
speaker's statements not rejected, most often given first (at most 12, as
bot.store.repo.MOST_ROLES keeps).

Revision ID: 0014
Revises: 0013
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

MOST_ROLES = 12


def upgrade() -> None:
    with op.batch_alter_table("speaker") as batch:
        batch.add_column(sa.Column("roles", sa.JSON, nullable=False, server_default="[]"))
    bind = op.get_bind()
    first: dict[int, str] = dict(
        bind.execute(sa.text("SELECT id, role FROM speaker WHERE role IS NOT NULL")).all()
    )
    given: dict[int, list[str]] = {}
    rows = bind.execute(
        sa.text(
            "SELECT speaker_id, role FROM statement "
            "WHERE role IS NOT NULL AND status != 'rejected' "
            "GROUP BY speaker_id, role ORDER BY speaker_id, count(*) DESC, min(id)"
        )
    )
    for speaker_id, role in rows:
        given.setdefault(speaker_id, []).append(role)
    update = sa.text("UPDATE speaker SET roles = :roles WHERE id = :id")
    for speaker_id in sorted(set(first) | set(given)):
        roles: list[str] = []
        for role in [first.get(speaker_id), *given.get(speaker_id, [])]:
            if role and role.casefold() not in {r.casefold() for r in roles}:
                roles.append(role)
        bind.execute(update, {"roles": json.dumps(roles[:MOST_ROLES]), "id": speaker_id})


def downgrade() -> None:
    bind = op.get_bind()
    dbapi = bind.dialect.dbapi
    if bind.dialect.name == "sqlite" and dbapi and dbapi.sqlite_version_info < (3, 35, 0):
        with op.batch_alter_table("speaker") as batch:
            batch.drop_column("roles")
        return
    op.drop_column("speaker", "roles")
