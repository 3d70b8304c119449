"""Feed items: remember what each stored item looked like, so an edited item is re-read.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("document") as batch:
        batch.add_column(sa.Column("item_signature", sa.String(64)))


def downgrade() -> None:
    with op.batch_alter_table("document") as batch:
        batch.drop_column("item_signature")
