"""The schema. Tables for later issues are designed here so that they grow by migrations.

Enum columns store the enum's value as text (no native enums), so that SQLite and PostgreSQL
read the same, and a new member is a code change, not a schema change.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from lotsen_app.domain.enums import (
    AssignmentRole,
    ClientStatus,
    ClosingReason,
    FormOfAddress,
    Gender,
    StepActor,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class StringList(TypeDecorator[tuple[str, ...]]):
    """A short list of codes ("tr,de") in one text column; portable and cheap to read."""

    impl = String(200)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str:
        return ",".join(value or ())

    def process_result_value(self, value: Any, dialect: Dialect) -> tuple[str, ...]:
        return tuple(part for part in (value or "").split(",") if part)


def _enum(enum_class: type[StrEnum]) -> Enum:
    return Enum(
        enum_class,
        native_enum=False,
        create_constraint=False,
        length=30,
        values_callable=lambda members: [member.value for member in members],
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Setting(Base):
    """Installation-wide settings and secrets (e.g. the key that pseudonymises report files)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class ReportedSummary(Base):
    """The counts of a period as they were reported (exported), so that they stay as counts
    when people are erased later (schema 0005). Counts only, as JSON (SummaryFigures)."""

    __tablename__ = "reported_summary"

    period: Mapped[str] = mapped_column(String(7), primary_key=True)
    reported_at: Mapped[datetime] = mapped_column(DateTime)
    figures: Mapped[str] = mapped_column(Text)


class District(Base):
    """Editable reference list of Duisburg's districts (Ortsteile) and their boroughs."""

    __tablename__ = "district"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    borough: Mapped[str] = mapped_column(String(80), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("1"))


class Guide(Base):
    __tablename__ = "guide"

    id: Mapped[int] = mapped_column(primary_key=True)
    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    languages: Mapped[tuple[str, ...]] = mapped_column(StringList, default=())
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("1"))
    is_coordinator: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("0"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    assignments: Mapped[list[Assignment]] = relationship(back_populates="guide")


class Client(Base):
    """A person accompanied by the programme. No nationality, ethnicity or religion, by design."""

    __tablename__ = "client"

    id: Mapped[int] = mapped_column(primary_key=True)
    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    form_of_address: Mapped[FormOfAddress] = mapped_column(
        _enum(FormOfAddress), default=FormOfAddress.NEUTRAL
    )
    birth_date: Mapped[date | None] = mapped_column(Date)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    gender: Mapped[Gender | None] = mapped_column(_enum(Gender))
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    street: Mapped[str] = mapped_column(String(200), default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id", ondelete="SET NULL"))
    languages: Mapped[tuple[str, ...]] = mapped_column(StringList, default=())
    preferred_language: Mapped[str] = mapped_column(String(10), default="de")
    interpreter_needed: Mapped[bool] = mapped_column(Boolean, default=False)
    arrival_year: Mapped[int | None] = mapped_column(Integer)
    strengths: Mapped[str] = mapped_column(Text, default="")
    goals_own_words: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ClientStatus] = mapped_column(_enum(ClientStatus), default=ClientStatus.ACTIVE)
    status_since: Mapped[date] = mapped_column(Date)
    opened_on: Mapped[date] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    closing_reason: Mapped[ClosingReason | None] = mapped_column(_enum(ClosingReason))
    # Derived by the service on every save: folded names for search, and the duplicate key.
    search_text: Mapped[str] = mapped_column(String(300), default="")
    name_key: Mapped[str] = mapped_column(String(300), default="", index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    district: Mapped[District | None] = relationship()
    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="client", cascade="all, delete-orphan"
    )
    status_changes: Mapped[list[ClientStatusChange]] = relationship(
        back_populates="client", cascade="all, delete-orphan", order_by="ClientStatusChange.id"
    )


# Family members at the same address are looked up by postal code first (schema 0004).
Index("ix_client_postal_code", Client.postal_code)


class ClientStatusChange(Base):
    """History of a case: opened, paused, closed (with reason), reopened."""

    __tablename__ = "client_status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    status: Mapped[ClientStatus] = mapped_column(_enum(ClientStatus))
    changed_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[ClosingReason | None] = mapped_column(_enum(ClosingReason))
    note: Mapped[str] = mapped_column(Text, default="")

    client: Mapped[Client] = relationship(back_populates="status_changes")


class Assignment(Base):
    """A guide accompanies a client from start to end; at most one open lead at a time."""

    __tablename__ = "assignment"
    __table_args__ = (
        Index(
            "uq_assignment_one_open_lead",
            "client_id",
            unique=True,
            sqlite_where=text("role = 'lead' AND end_date IS NULL"),
            postgresql_where=text("role = 'lead' AND end_date IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    guide_id: Mapped[int] = mapped_column(ForeignKey("guide.id", ondelete="CASCADE"), index=True)
    role: Mapped[AssignmentRole] = mapped_column(_enum(AssignmentRole))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    handover_note: Mapped[str] = mapped_column(Text, default="")

    client: Mapped[Client] = relationship(back_populates="assignments")
    guide: Mapped[Guide] = relationship(back_populates="assignments")


class Authority(Base):
    """Shared directory of authorities and services (issue 4)."""

    __tablename__ = "authority"

    id: Mapped[int] = mapped_column(primary_key=True)
    external_key: Mapped[str] = mapped_column(String(80), default="", index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    street: Mapped[str] = mapped_column(String(200), default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    department: Mapped[str] = mapped_column(String(200), default="")
    room: Mapped[str] = mapped_column(String(80), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    opening_hours: Mapped[str] = mapped_column(Text, default="")  # JSON: weekday -> [[from, to]]
    booking_info: Mapped[str] = mapped_column(Text, default="")
    usual_documents: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(2), default="NW")
    is_fictitious: Mapped[bool] = mapped_column(Boolean, default=False)


class Appointment(Base):
    """An appointment with an authority (issue 4); one or several family members."""

    __tablename__ = "appointment"

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int | None] = mapped_column(
        ForeignKey("authority.id", ondelete="SET NULL"), index=True
    )
    guide_id: Mapped[int | None] = mapped_column(
        ForeignKey("guide.id", ondelete="SET NULL"), index=True
    )
    starts_at: Mapped[datetime] = mapped_column(DateTime, index=True)  # local time, Europe/Berlin
    duration_minutes: Mapped[int] = mapped_column(Integer, default=60)
    place: Mapped[str] = mapped_column(String(200), default="")
    room: Mapped[str] = mapped_column(String(80), default="")
    purpose: Mapped[str] = mapped_column(Text, default="")
    checklist: Mapped[str] = mapped_column(Text, default="")  # JSON: [{"text":..., "done":...}]
    mode: Mapped[str] = mapped_column(String(30), default="begleitet")
    interpreter_name: Mapped[str] = mapped_column(String(200), default="")
    interpreter_language: Mapped[str] = mapped_column(String(10), default="")
    status: Mapped[str] = mapped_column(String(20), default="geplant")
    moved_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("appointment.id", ondelete="SET NULL")
    )
    outcome: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class AppointmentClient(Base):
    __tablename__ = "appointment_client"

    appointment_id: Mapped[int] = mapped_column(
        ForeignKey("appointment.id", ondelete="CASCADE"), primary_key=True
    )
    client_id: Mapped[int] = mapped_column(
        ForeignKey("client.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class IncomingLetter(Base):
    """A letter from an authority (Posteingang, issue 3); the scan is kept inside the database."""

    __tablename__ = "incoming_letter"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    authority_id: Mapped[int | None] = mapped_column(
        ForeignKey("authority.id", ondelete="SET NULL")
    )
    # Free text until the authority directory (issue 4) offers a choice; kept for old letters.
    authority_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    letter_date: Mapped[date | None] = mapped_column(Date)
    posted_on: Mapped[date | None] = mapped_column(Date)
    received_on: Mapped[date | None] = mapped_column(Date)
    delivery_kind: Mapped[str] = mapped_column(String(20), default="")
    file_number: Mapped[str] = mapped_column(String(100), default="")
    subject: Mapped[str] = mapped_column(Text, default="")
    scan: Mapped[bytes | None] = mapped_column(LargeBinary)
    scan_mime: Mapped[str] = mapped_column(String(60), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Deadline(Base):
    """A deadline (Frist, issue 3) with the inputs it was computed from and its explanation."""

    __tablename__ = "deadline"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    letter_id: Mapped[int | None] = mapped_column(
        ForeignKey("incoming_letter.id", ondelete="SET NULL")
    )
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(Text, default="")
    authority_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    procedure: Mapped[str] = mapped_column(String(20), default="")
    start_date: Mapped[date | None] = mapped_column(Date)
    received_on: Mapped[date | None] = mapped_column(Date)
    period_value: Mapped[int | None] = mapped_column(Integer)
    period_unit: Mapped[str] = mapped_column(String(1), default="")
    belehrung_missing: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(2), default="NW")
    shift_excluded: Mapped[bool] = mapped_column(Boolean, default=False)
    delivered_on: Mapped[date | None] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date, index=True)
    explanation: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="offen", index=True)
    done_on: Mapped[date | None] = mapped_column(Date)
    done_by: Mapped[StepActor | None] = mapped_column(_enum(StepActor))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Contact(Base):
    """A contact in the journal (issue 6); may cover several members of a family."""

    __tablename__ = "contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    guide_id: Mapped[int | None] = mapped_column(
        ForeignKey("guide.id", ondelete="SET NULL"), index=True
    )
    occurred_on: Mapped[date] = mapped_column(Date, index=True)
    duration_minutes: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(30))
    topics: Mapped[tuple[str, ...]] = mapped_column(StringList, default=())
    authority_id: Mapped[int | None] = mapped_column(
        ForeignKey("authority.id", ondelete="SET NULL")
    )
    appointment_id: Mapped[int | None] = mapped_column(
        ForeignKey("appointment.id", ondelete="SET NULL")
    )
    note: Mapped[str] = mapped_column(Text, default="")
    travel_minutes: Mapped[int] = mapped_column(Integer, default=0)
    travel_cost_cents: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ContactClient(Base):
    __tablename__ = "contact_client"

    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True
    )
    client_id: Mapped[int] = mapped_column(
        ForeignKey("client.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ContactStep(Base):
    """One step of a contact and who did it: the self-help measure."""

    __tablename__ = "contact_step"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[StepActor] = mapped_column(_enum(StepActor))
    # Whose step it was (schema 0004). NULL: a step of the whole contact, as every step from
    # before 0004 is; it counts for every person the contact covers. The step of a person
    # goes with that person (erasure).
    client_id: Mapped[int | None] = mapped_column(
        ForeignKey("client.id", ondelete="CASCADE"), index=True
    )


class Goal(Base):
    __tablename__ = "goal"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    pillar: Mapped[str] = mapped_column(String(30), default="")
    agreed_on: Mapped[date] = mapped_column(Date)
    target_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="offen")
    status_changed_on: Mapped[date | None] = mapped_column(Date)
    # Why a goal was changed or given up (issue 6); empty for older goals.
    status_note: Mapped[str] = mapped_column(Text, default="", server_default="")


class GoalEventRecord(Base):
    """The history of a goal (schema 0004): each change of its status or of its text, with the
    day, the status after it, the note, and the text as it was before (for a text change)."""

    __tablename__ = "goal_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id", ondelete="CASCADE"), index=True)
    changed_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    previous_text: Mapped[str] = mapped_column(Text, default="")


class Task(Base):
    __tablename__ = "task"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("goal.id", ondelete="SET NULL"))
    deadline_id: Mapped[int | None] = mapped_column(ForeignKey("deadline.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    due_date: Mapped[date | None] = mapped_column(Date)
    intended_actor: Mapped[StepActor | None] = mapped_column(_enum(StepActor))
    done_by: Mapped[StepActor | None] = mapped_column(_enum(StepActor))
    done_on: Mapped[date | None] = mapped_column(Date)
    # When the task was written down (issue 6); None for tasks from before schema 0003.
    created_on: Mapped[date | None] = mapped_column(Date)


class VolunteerTimeEntry(Base):
    """Volunteer time entered by hand (issue 6): training, team meetings, travel, other."""

    __tablename__ = "volunteer_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    guide_id: Mapped[int] = mapped_column(ForeignKey("guide.id", ondelete="CASCADE"), index=True)
    occurred_on: Mapped[date] = mapped_column(Date, index=True)
    minutes: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ProcedureTemplateRecord(Base):
    """A procedure checklist (issue 6): items as JSON [{"text": ..., "actor": ...}]."""

    __tablename__ = "procedure_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    items: Mapped[str] = mapped_column(Text, default="[]")
    position: Mapped[int] = mapped_column(Integer, default=0)


class Consent(Base):
    """Consent record (issue 8): scope, the information sheet given (version, language), withdrawal."""

    __tablename__ = "consent"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    given_on: Mapped[date] = mapped_column(Date)
    scope: Mapped[tuple[str, ...]] = mapped_column(StringList, default=())
    health_allowed: Mapped[bool] = mapped_column(Boolean, default=False)
    authority_contact_allowed: Mapped[bool] = mapped_column(Boolean, default=False)
    sheet_version: Mapped[str] = mapped_column(String(20), default="")
    sheet_language: Mapped[str] = mapped_column(String(10), default="de")
    withdrawn_on: Mapped[date | None] = mapped_column(Date)


class AuditEntry(Base):
    """Who did what to which record. Never personal data: record kind and id only."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    actor: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(30))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str] = mapped_column(String(200), default="")


# The letters printed about a record are looked up by record kind and id (schema 0004).
Index("ix_audit_entry_entity", AuditEntry.entity, AuditEntry.entity_id)
