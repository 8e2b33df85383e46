"""casework: manual volunteer time, procedure checklists, goal status note, task creation date

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 21:13:13.839390
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "procedure_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("items", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procedure_template")),
    )
    op.create_table(
        "volunteer_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guide_id", sa.Integer(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["guide_id"],
            ["guide.id"],
            name=op.f("fk_volunteer_entry_guide_id_guide"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer_entry")),
    )
    with op.batch_alter_table("volunteer_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_volunteer_entry_guide_id"), ["guide_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_volunteer_entry_occurred_on"), ["occurred_on"], unique=False
        )

    with op.batch_alter_table("goal", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status_note", sa.Text(), server_default="", nullable=False))

    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.add_column(sa.Column("created_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.drop_column("created_on")

    with op.batch_alter_table("goal", schema=None) as batch_op:
        batch_op.drop_column("status_note")

    with op.batch_alter_table("volunteer_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_volunteer_entry_occurred_on"))
        batch_op.drop_index(batch_op.f("ix_volunteer_entry_guide_id"))

    op.drop_table("volunteer_entry")
    op.drop_table("procedure_template")
