"""whose step it was, the history of goals, indexes for family members and printed letters

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 09:00:00.000000

``contact_step.client_id`` stays NULL for every step written before: such a step belongs to
the whole contact and keeps counting for every person the contact covers. Goals get no
history for the time before this revision (``goal_event`` starts empty).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("contact_step", schema=None) as batch_op:
        batch_op.add_column(sa.Column("client_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_contact_step_client_id"), ["client_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_contact_step_client_id_client"),
            "client",
            ["client_id"],
            ["id"],
            ondelete="CASCADE",
        )

    op.create_table(
        "goal_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("previous_text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["goal_id"],
            ["goal.id"],
            name=op.f("fk_goal_event_goal_id_goal"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal_event")),
    )
    with op.batch_alter_table("goal_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_goal_event_goal_id"), ["goal_id"], unique=False)

    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.create_index("ix_client_postal_code", ["postal_code"], unique=False)

    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index("ix_audit_entry_entity", ["entity", "entity_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entry_entity")

    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.drop_index("ix_client_postal_code")

    with op.batch_alter_table("goal_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_goal_event_goal_id"))
    op.drop_table("goal_event")

    with op.batch_alter_table("contact_step", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_contact_step_client_id_client"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_contact_step_client_id"))
        batch_op.drop_column("client_id")
