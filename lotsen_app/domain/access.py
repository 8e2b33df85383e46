"""The record of the right of access (DSGVO Art. 15): everything stored about one person.

Plain frozen dataclasses, filled by ``lotsen_app.persistence.access_repository`` and turned into
JSON by ``lotsen_app.services.access`` and into a letter by ``lotsen_app.letters.access``. Values
are kept as stored (enum columns as their stored value, dates as dates).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

SCAN_EXTENSIONS = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/tiff": "tif",
}


def scan_file_name(letter_id: int, mime: str) -> str:
    """The scan's file name in the export: ``scan-<letter id>.<ext>``."""
    return f"scan-{letter_id}.{SCAN_EXTENSIONS.get(mime.strip().lower(), 'bin')}"


@dataclass(frozen=True)
class PersonData:
    """The client's own fields as stored (enum columns as their stored value)."""

    id: int
    given_name: str
    family_name: str
    form_of_address: str
    birth_date: date | None
    birth_year: int | None
    gender: str | None
    phone: str
    email: str
    street: str
    postal_code: str
    city: str
    district: str
    languages: tuple[str, ...]
    preferred_language: str
    interpreter_needed: bool
    arrival_year: int | None
    strengths: str
    goals_own_words: str
    status: str
    status_since: date
    opened_on: date
    closed_on: date | None
    closing_reason: str | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class GuideAssignment:
    id: int
    guide_id: int
    guide_name: str
    role: str
    start_date: date
    end_date: date | None
    handover_note: str


@dataclass(frozen=True)
class StatusChange:
    id: int
    status: str
    changed_on: date
    reason: str | None
    note: str


@dataclass(frozen=True)
class ConsentEntry:
    id: int
    given_on: date
    scope: tuple[str, ...]
    health_allowed: bool
    authority_contact_allowed: bool
    sheet_version: str
    sheet_language: str
    withdrawn_on: date | None


@dataclass(frozen=True)
class ChecklistLine:
    text: str
    done: bool


@dataclass(frozen=True)
class AppointmentEntry:
    id: int
    starts_at: datetime
    duration_minutes: int
    authority_id: int | None
    authority_name: str
    guide_name: str
    place: str
    room: str
    purpose: str
    checklist: tuple[ChecklistLine, ...]
    mode: str
    interpreter_name: str
    interpreter_language: str
    status: str
    moved_from_id: int | None
    outcome: str
    created_at: datetime
    updated_at: datetime
    other_people: int  # how many other people the appointment covers (never who)


@dataclass(frozen=True)
class StepEntry:
    id: int
    description: str
    actor: str
    whole_contact: bool  # True: a step of the whole contact; False: this person's own step


@dataclass(frozen=True)
class ContactEntry:
    id: int
    occurred_on: date
    duration_minutes: int
    kind: str
    topics: tuple[str, ...]
    guide_name: str
    authority_id: int | None
    authority_name: str
    appointment_id: int | None
    note: str
    travel_minutes: int
    travel_cost_cents: int
    created_at: datetime
    steps: tuple[StepEntry, ...]
    other_people: int


@dataclass(frozen=True)
class IncomingLetterEntry:
    id: int
    authority_id: int | None
    authority_name: str
    letter_date: date | None
    posted_on: date | None
    received_on: date | None
    delivery_kind: str
    file_number: str
    subject: str
    scan_present: bool
    scan_size: int  # bytes; 0 without a scan
    scan_mime: str
    scan_file: str  # the scan's file name in the export ("" without a scan)
    created_at: datetime


@dataclass(frozen=True)
class LetterOut:
    """A letter printed or saved for the person (from the audit log)."""

    audit_id: int
    at: datetime
    entity: str
    entity_id: int | None
    detail: str


@dataclass(frozen=True)
class DeadlineEntry:
    id: int
    letter_id: int | None
    kind: str
    title: str
    authority_name: str
    note: str
    procedure: str
    start_date: date | None
    received_on: date | None
    period_value: int | None
    period_unit: str
    belehrung_missing: bool
    state: str
    shift_excluded: bool
    delivered_on: date | None
    due_date: date
    explanation: str
    status: str
    done_on: date | None
    done_by: str | None
    created_at: datetime


@dataclass(frozen=True)
class GoalHistoryEntry:
    id: int
    changed_on: date
    status: str
    note: str
    previous_text: str


@dataclass(frozen=True)
class GoalEntry:
    id: int
    text: str
    pillar: str
    agreed_on: date
    target_date: date | None
    status: str
    status_changed_on: date | None
    status_note: str
    history: tuple[GoalHistoryEntry, ...]


@dataclass(frozen=True)
class TaskEntry:
    id: int
    goal_id: int | None
    deadline_id: int | None
    text: str
    due_date: date | None
    intended_actor: str | None
    done_by: str | None
    done_on: date | None
    created_on: date | None


@dataclass(frozen=True)
class VolunteerTimeNote:
    """A guide's volunteer-time entry whose note names the person."""

    id: int
    guide_name: str
    occurred_on: date
    minutes: int
    kind: str
    note: str
    created_at: datetime


@dataclass(frozen=True)
class AuditLine:
    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: int | None
    detail: str


@dataclass(frozen=True)
class PersonRecord:
    """Everything stored about one person, at ``as_of``."""

    as_of: datetime
    person: PersonData
    guides: tuple[GuideAssignment, ...]
    status_history: tuple[StatusChange, ...]
    consents: tuple[ConsentEntry, ...]
    appointments: tuple[AppointmentEntry, ...]
    contacts: tuple[ContactEntry, ...]
    letters_in: tuple[IncomingLetterEntry, ...]
    letters_out: tuple[LetterOut, ...]
    deadlines: tuple[DeadlineEntry, ...]
    goals: tuple[GoalEntry, ...]
    tasks: tuple[TaskEntry, ...]
    volunteer_time: tuple[VolunteerTimeNote, ...]
    audit: tuple[AuditLine, ...]
