"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-21 16:24:39.290221
"""

import csv
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entry_at"), ["at"], unique=False)

    op.create_table(
        "authority",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("external_key", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("street", sa.String(length=200), nullable=False),
        sa.Column("postal_code", sa.String(length=10), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("department", sa.String(length=200), nullable=False),
        sa.Column("room", sa.String(length=80), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("opening_hours", sa.Text(), nullable=False),
        sa.Column("booking_info", sa.Text(), nullable=False),
        sa.Column("usual_documents", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=2), nullable=False),
        sa.Column("is_fictitious", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_authority")),
    )
    with op.batch_alter_table("authority", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_authority_external_key"), ["external_key"], unique=False
        )

    op.create_table(
        "district",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("borough", sa.String(length=80), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.text("1"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_district")),
        sa.UniqueConstraint("name", name=op.f("uq_district_name")),
    )
    op.create_table(
        "guide",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("given_name", sa.String(length=100), nullable=False),
        sa.Column("family_name", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("languages", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.text("1"), nullable=False),
        sa.Column("is_coordinator", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guide")),
    )
    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )
    op.create_table(
        "appointment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("authority_id", sa.Integer(), nullable=True),
        sa.Column("guide_id", sa.Integer(), nullable=True),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("room", sa.String(length=80), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("checklist", sa.Text(), nullable=False),
        sa.Column("mode", sa.String(length=30), nullable=False),
        sa.Column("interpreter_name", sa.String(length=200), nullable=False),
        sa.Column("interpreter_language", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("moved_from_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["authority_id"],
            ["authority.id"],
            name=op.f("fk_appointment_authority_id_authority"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["guide_id"],
            ["guide.id"],
            name=op.f("fk_appointment_guide_id_guide"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["moved_from_id"],
            ["appointment.id"],
            name=op.f("fk_appointment_moved_from_id_appointment"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointment")),
    )
    with op.batch_alter_table("appointment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_appointment_authority_id"), ["authority_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_appointment_guide_id"), ["guide_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_appointment_starts_at"), ["starts_at"], unique=False)

    op.create_table(
        "client",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("given_name", sa.String(length=100), nullable=False),
        sa.Column("family_name", sa.String(length=100), nullable=False),
        sa.Column(
            "form_of_address",
            sa.Enum("frau", "herr", "neutral", name="formofaddress", native_enum=False, length=30),
            nullable=False,
        ),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column(
            "gender",
            sa.Enum(
                "weiblich",
                "maennlich",
                "divers",
                "keine_angabe",
                name="gender",
                native_enum=False,
                length=30,
            ),
            nullable=True,
        ),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("street", sa.String(length=200), nullable=False),
        sa.Column("postal_code", sa.String(length=10), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=True),
        sa.Column("languages", sa.String(length=200), nullable=False),
        sa.Column("preferred_language", sa.String(length=10), nullable=False),
        sa.Column("interpreter_needed", sa.Boolean(), nullable=False),
        sa.Column("arrival_year", sa.Integer(), nullable=True),
        sa.Column("strengths", sa.Text(), nullable=False),
        sa.Column("goals_own_words", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "aktiv",
                "pausiert",
                "abgeschlossen",
                name="clientstatus",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("status_since", sa.Date(), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column(
            "closing_reason",
            sa.Enum(
                "ziele_erreicht",
                "weitervermittelt",
                "verzogen",
                "nicht_mehr_benoetigt",
                "kein_kontakt",
                "sonstiges",
                name="closingreason",
                native_enum=False,
                length=30,
            ),
            nullable=True,
        ),
        sa.Column("search_text", sa.String(length=300), nullable=False),
        sa.Column("name_key", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["district_id"],
            ["district.id"],
            name=op.f("fk_client_district_id_district"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client")),
    )
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_client_name_key"), ["name_key"], unique=False)

    op.create_table(
        "appointment_client",
        sa.Column("appointment_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointment.id"],
            name=op.f("fk_appointment_client_appointment_id_appointment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_appointment_client_client_id_client"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("appointment_id", "client_id", name=op.f("pk_appointment_client")),
    )
    with op.batch_alter_table("appointment_client", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_appointment_client_client_id"), ["client_id"], unique=False
        )

    op.create_table(
        "assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("guide_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum("lead", "support", name="assignmentrole", native_enum=False, length=30),
            nullable=False,
        ),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("handover_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_assignment_client_id_client"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["guide_id"],
            ["guide.id"],
            name=op.f("fk_assignment_guide_id_guide"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment")),
    )
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assignment_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assignment_guide_id"), ["guide_id"], unique=False)
        batch_op.create_index(
            "uq_assignment_one_open_lead",
            ["client_id"],
            unique=True,
            sqlite_where=sa.text("role = 'lead' AND end_date IS NULL"),
            postgresql_where=sa.text("role = 'lead' AND end_date IS NULL"),
        )

    op.create_table(
        "client_status_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "aktiv",
                "pausiert",
                "abgeschlossen",
                name="clientstatus",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column(
            "reason",
            sa.Enum(
                "ziele_erreicht",
                "weitervermittelt",
                "verzogen",
                "nicht_mehr_benoetigt",
                "kein_kontakt",
                "sonstiges",
                name="closingreason",
                native_enum=False,
                length=30,
            ),
            nullable=True,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_client_status_change_client_id_client"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_status_change")),
    )
    with op.batch_alter_table("client_status_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_client_status_change_client_id"), ["client_id"], unique=False
        )

    op.create_table(
        "consent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("scope", sa.String(length=200), nullable=False),
        sa.Column("health_allowed", sa.Boolean(), nullable=False),
        sa.Column("authority_contact_allowed", sa.Boolean(), nullable=False),
        sa.Column("sheet_version", sa.String(length=20), nullable=False),
        sa.Column("sheet_language", sa.String(length=10), nullable=False),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_consent_client_id_client"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent")),
    )
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consent_client_id"), ["client_id"], unique=False)

    op.create_table(
        "contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guide_id", sa.Integer(), nullable=True),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("topics", sa.String(length=200), nullable=False),
        sa.Column("authority_id", sa.Integer(), nullable=True),
        sa.Column("appointment_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("travel_minutes", sa.Integer(), nullable=False),
        sa.Column("travel_cost_cents", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointment.id"],
            name=op.f("fk_contact_appointment_id_appointment"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["authority_id"],
            ["authority.id"],
            name=op.f("fk_contact_authority_id_authority"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["guide_id"], ["guide.id"], name=op.f("fk_contact_guide_id_guide"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact")),
    )
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_guide_id"), ["guide_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contact_occurred_on"), ["occurred_on"], unique=False)

    op.create_table(
        "goal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("pillar", sa.String(length=30), nullable=False),
        sa.Column("agreed_on", sa.Date(), nullable=False),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("status_changed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"], ["client.id"], name=op.f("fk_goal_client_id_client"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal")),
    )
    with op.batch_alter_table("goal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_goal_client_id"), ["client_id"], unique=False)

    op.create_table(
        "incoming_letter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("authority_id", sa.Integer(), nullable=True),
        sa.Column("letter_date", sa.Date(), nullable=True),
        sa.Column("posted_on", sa.Date(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("delivery_kind", sa.String(length=20), nullable=False),
        sa.Column("file_number", sa.String(length=100), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("scan", sa.LargeBinary(), nullable=True),
        sa.Column("scan_mime", sa.String(length=60), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["authority_id"],
            ["authority.id"],
            name=op.f("fk_incoming_letter_authority_id_authority"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_incoming_letter_client_id_client"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incoming_letter")),
    )
    with op.batch_alter_table("incoming_letter", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_incoming_letter_client_id"), ["client_id"], unique=False
        )

    op.create_table(
        "contact_client",
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_contact_client_client_id_client"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_contact_client_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("contact_id", "client_id", name=op.f("pk_contact_client")),
    )
    with op.batch_alter_table("contact_client", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contact_client_client_id"), ["client_id"], unique=False
        )

    op.create_table(
        "contact_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column(
            "actor",
            sa.Enum("allein", "gemeinsam", "lotse", name="stepactor", native_enum=False, length=30),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_contact_step_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_step")),
    )
    with op.batch_alter_table("contact_step", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contact_step_contact_id"), ["contact_id"], unique=False
        )

    op.create_table(
        "deadline",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("letter_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("procedure", sa.String(length=20), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("period_value", sa.Integer(), nullable=True),
        sa.Column("period_unit", sa.String(length=1), nullable=False),
        sa.Column("belehrung_missing", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=2), nullable=False),
        sa.Column("shift_excluded", sa.Boolean(), nullable=False),
        sa.Column("delivered_on", sa.Date(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column(
            "done_by",
            sa.Enum("allein", "gemeinsam", "lotse", name="stepactor", native_enum=False, length=30),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_deadline_client_id_client"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["letter_id"],
            ["incoming_letter.id"],
            name=op.f("fk_deadline_letter_id_incoming_letter"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deadline")),
    )
    with op.batch_alter_table("deadline", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deadline_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_deadline_due_date"), ["due_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_deadline_status"), ["status"], unique=False)

    op.create_table(
        "task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=True),
        sa.Column("deadline_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column(
            "intended_actor",
            sa.Enum("allein", "gemeinsam", "lotse", name="stepactor", native_enum=False, length=30),
            nullable=True,
        ),
        sa.Column(
            "done_by",
            sa.Enum("allein", "gemeinsam", "lotse", name="stepactor", native_enum=False, length=30),
            nullable=True,
        ),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"], ["client.id"], name=op.f("fk_task_client_id_client"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["deadline_id"],
            ["deadline.id"],
            name=op.f("fk_task_deadline_id_deadline"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["goal.id"], name=op.f("fk_task_goal_id_goal"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task")),
    )
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_client_id"), ["client_id"], unique=False)

    district = sa.table(
        "district",
        sa.column("name", sa.String),
        sa.column("borough", sa.String),
        sa.column("active", sa.Boolean),
    )
    reference = Path(__file__).resolve().parent.parent / "reference" / "districts.csv"
    with reference.open(encoding="utf-8") as handle:
        rows = [
            {"name": row["Ortsteil"], "borough": row["Bezirk"], "active": True}
            for row in csv.DictReader(handle, delimiter=";")
        ]
    op.bulk_insert(district, rows)


def downgrade() -> None:
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_client_id"))

    op.drop_table("task")
    with op.batch_alter_table("deadline", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deadline_status"))
        batch_op.drop_index(batch_op.f("ix_deadline_due_date"))
        batch_op.drop_index(batch_op.f("ix_deadline_client_id"))

    op.drop_table("deadline")
    with op.batch_alter_table("contact_step", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_step_contact_id"))

    op.drop_table("contact_step")
    with op.batch_alter_table("contact_client", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_client_client_id"))

    op.drop_table("contact_client")
    with op.batch_alter_table("incoming_letter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incoming_letter_client_id"))

    op.drop_table("incoming_letter")
    with op.batch_alter_table("goal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_goal_client_id"))

    op.drop_table("goal")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_occurred_on"))
        batch_op.drop_index(batch_op.f("ix_contact_guide_id"))

    op.drop_table("contact")
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consent_client_id"))

    op.drop_table("consent")
    with op.batch_alter_table("client_status_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_client_status_change_client_id"))

    op.drop_table("client_status_change")
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_assignment_one_open_lead",
            sqlite_where=sa.text("role = 'lead' AND end_date IS NULL"),
            postgresql_where=sa.text("role = 'lead' AND end_date IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_assignment_guide_id"))
        batch_op.drop_index(batch_op.f("ix_assignment_client_id"))

    op.drop_table("assignment")
    with op.batch_alter_table("appointment_client", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appointment_client_client_id"))

    op.drop_table("appointment_client")
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_client_name_key"))

    op.drop_table("client")
    with op.batch_alter_table("appointment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appointment_starts_at"))
        batch_op.drop_index(batch_op.f("ix_appointment_guide_id"))
        batch_op.drop_index(batch_op.f("ix_appointment_authority_id"))

    op.drop_table("appointment")
    op.drop_table("setting")
    op.drop_table("guide")
    op.drop_table("district")
    with op.batch_alter_table("authority", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_authority_external_key"))

    op.drop_table("authority")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_entry_at"))

    op.drop_table("audit_entry")
