"""letter and deadline details

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 16:48:14.931564
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("deadline", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("authority_name", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("note", sa.Text(), server_default="", nullable=False))

    with op.batch_alter_table("incoming_letter", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("authority_name", sa.String(length=200), server_default="", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("incoming_letter", schema=None) as batch_op:
        batch_op.drop_column("authority_name")

    with op.batch_alter_table("deadline", schema=None) as batch_op:
        batch_op.drop_column("note")
        batch_op.drop_column("authority_name")
