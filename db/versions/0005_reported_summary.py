"""the counts of reported periods, kept when people are erased later

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21 12:00:00.000000

Periods reported before this revision have no stored counts: they are computed from the
records as before until they are exported again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reported_summary",
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("reported_at", sa.DateTime(), nullable=False),
        sa.Column("figures", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("period", name=op.f("pk_reported_summary")),
    )


def downgrade() -> None:
    op.drop_table("reported_summary")
