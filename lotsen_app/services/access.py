"""The right of access (DSGVO Art. 15): everything stored about one client, as data and as files.

``record`` gathers, in one read, the person and every record linked to them: guides and the
history of assignments, the case's status history, consents (withdrawn ones too), appointments
(family appointments included), contacts (family contacts included, with the steps of this person
and of the whole contact), letters in (the scan: present or not and its size), letters out (the
audit log's "gedruckt" lines), deadlines, goals with their history, tasks, volunteer-time entries
whose note names the person, and the audit entries about the person and each of their records.

Other people are protected (Art. 15(4)): a shared appointment or contact says how many other
people it covers, never who; their own steps of a family contact are left out.

``export`` writes the JSON and the scans into a folder, each file whole or not at all (a hidden
file next to the target, then renamed), and notes the export in the audit log without a name.

The queries live in ``_PersonQueries`` below; they belong in ``lotsen_app.persistence`` (a new
``access_repository.py``) once that module may be changed.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, fields, is_dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from lotsen_app.domain.errors import ValidationError
from lotsen_app.domain.names import fold
from lotsen_app.persistence.models import (
    Appointment,
    AppointmentClient,
    Assignment,
    AuditEntry,
    Authority,
    Client,
    ClientStatusChange,
    Consent,
    Contact,
    ContactClient,
    ContactStep,
    Deadline,
    District,
    Goal,
    GoalEventRecord,
    Guide,
    IncomingLetter,
    Task,
    VolunteerTimeEntry,
)
from lotsen_app.persistence.repositories import ClientRepository, record_audit
from lotsen_app.services.base import Service

#: The JSON's "format": a reader can tell what it holds and which version of the layout.
FORMAT = "lotsen-auskunft/1"
EXPORT_DETAIL = "Auskunft (Art. 15)"
SCAN_EXTENSIONS = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/tiff": "tif",
}
# Ids per IN (...) list: well below SQLite's limit on bound parameters.
_CHUNK = 500


# --- the record --------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class AccessExport:
    """What ``export`` wrote: the JSON and one file per scan."""

    record: PersonRecord
    json_path: Path
    scan_paths: tuple[Path, ...]

    @property
    def paths(self) -> tuple[Path, ...]:
        return (self.json_path, *self.scan_paths)


# --- JSON --------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def record_as_dict(record: PersonRecord) -> dict[str, Any]:
    """The record as plain JSON values (ISO dates), with "format" and "erstellt_am"."""
    data: dict[str, Any] = _plain(asdict(record))
    created = data.pop("as_of")
    return {"format": FORMAT, "erstellt_am": created, **data}


def scan_file_name(letter_id: int, mime: str) -> str:
    return f"scan-{letter_id}.{SCAN_EXTENSIONS.get(mime.strip().lower(), 'bin')}"


def field_names(cls: type) -> set[str]:
    """The fields of one of the record's dataclasses (for the completeness test)."""
    assert is_dataclass(cls)
    return {f.name for f in fields(cls)}


# --- the queries ---------------------------------------------------------------------------------


def _chunks(ids: Iterable[int]) -> list[list[int]]:
    values = list(dict.fromkeys(ids))
    return [values[start : start + _CHUNK] for start in range(0, len(values), _CHUNK)]


def _name(given: str | None, family: str | None) -> str:
    return f"{given or ''} {family or ''}".strip()


class _PersonQueries:
    """Every select() of the access export (to move into lotsen_app.persistence)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def person(self, client: Client) -> PersonData:
        district = self.session.get(District, client.district_id) if client.district_id else None
        return PersonData(
            id=client.id,
            given_name=client.given_name,
            family_name=client.family_name,
            form_of_address=str(client.form_of_address),
            birth_date=client.birth_date,
            birth_year=client.birth_year,
            gender=str(client.gender) if client.gender is not None else None,
            phone=client.phone,
            email=client.email,
            street=client.street,
            postal_code=client.postal_code,
            city=client.city,
            district=district.name if district else "",
            languages=tuple(client.languages),
            preferred_language=client.preferred_language,
            interpreter_needed=client.interpreter_needed,
            arrival_year=client.arrival_year,
            strengths=client.strengths,
            goals_own_words=client.goals_own_words,
            status=str(client.status),
            status_since=client.status_since,
            opened_on=client.opened_on,
            closed_on=client.closed_on,
            closing_reason=str(client.closing_reason) if client.closing_reason else None,
            created_at=client.created_at,
            updated_at=client.updated_at,
        )

    def guides(self, client_id: int) -> tuple[GuideAssignment, ...]:
        query = (
            select(Assignment, Guide.given_name, Guide.family_name)
            .join(Guide, Guide.id == Assignment.guide_id)
            .where(Assignment.client_id == client_id)
            .order_by(Assignment.start_date, Assignment.id)
        )
        return tuple(
            GuideAssignment(
                id=a.id,
                guide_id=a.guide_id,
                guide_name=_name(given, family),
                role=str(a.role),
                start_date=a.start_date,
                end_date=a.end_date,
                handover_note=a.handover_note,
            )
            for a, given, family in self.session.execute(query)
        )

    def status_history(self, client_id: int) -> tuple[StatusChange, ...]:
        query = (
            select(ClientStatusChange)
            .where(ClientStatusChange.client_id == client_id)
            .order_by(ClientStatusChange.changed_on, ClientStatusChange.id)
        )
        return tuple(
            StatusChange(
                id=c.id,
                status=str(c.status),
                changed_on=c.changed_on,
                reason=str(c.reason) if c.reason else None,
                note=c.note,
            )
            for c in self.session.scalars(query)
        )

    def consents(self, client_id: int) -> tuple[ConsentEntry, ...]:
        query = (
            select(Consent)
            .where(Consent.client_id == client_id)
            .order_by(Consent.given_on, Consent.id)
        )
        return tuple(
            ConsentEntry(
                id=c.id,
                given_on=c.given_on,
                scope=tuple(c.scope),
                health_allowed=c.health_allowed,
                authority_contact_allowed=c.authority_contact_allowed,
                sheet_version=c.sheet_version,
                sheet_language=c.sheet_language,
                withdrawn_on=c.withdrawn_on,
            )
            for c in self.session.scalars(query)
        )

    def _people_count(self, table: Any, column: Any, ids: Sequence[int]) -> dict[int, int]:
        counts: dict[int, int] = {}
        for chunk in _chunks(ids):
            query = (
                select(column, func.count())
                .select_from(table)
                .where(column.in_(chunk))
                .group_by(column)
            )
            counts.update({key: int(count) for key, count in self.session.execute(query)})
        return counts

    def _authority_names(self, ids: Iterable[int | None]) -> dict[int, str]:
        wanted = [i for i in dict.fromkeys(ids) if i is not None]
        names: dict[int, str] = {}
        for chunk in _chunks(wanted):
            query = select(Authority.id, Authority.name).where(Authority.id.in_(chunk))
            names.update(dict(self.session.execute(query).tuples()))
        return names

    def _guide_names(self, ids: Iterable[int | None]) -> dict[int, str]:
        wanted = [i for i in dict.fromkeys(ids) if i is not None]
        names: dict[int, str] = {}
        for chunk in _chunks(wanted):
            query = select(Guide.id, Guide.given_name, Guide.family_name).where(Guide.id.in_(chunk))
            names.update({i: _name(g, f) for i, g, f in self.session.execute(query)})
        return names

    def appointments(self, client_id: int) -> tuple[AppointmentEntry, ...]:
        mine = select(AppointmentClient.appointment_id).where(
            AppointmentClient.client_id == client_id
        )
        rows = list(
            self.session.scalars(
                select(Appointment)
                .where(Appointment.id.in_(mine))
                .order_by(Appointment.starts_at, Appointment.id)
            )
        )
        people = self._people_count(
            AppointmentClient, AppointmentClient.appointment_id, [a.id for a in rows]
        )
        authorities = self._authority_names(a.authority_id for a in rows)
        guides = self._guide_names(a.guide_id for a in rows)
        return tuple(
            AppointmentEntry(
                id=a.id,
                starts_at=a.starts_at,
                duration_minutes=a.duration_minutes,
                authority_id=a.authority_id,
                authority_name=authorities.get(a.authority_id, "") if a.authority_id else "",
                guide_name=guides.get(a.guide_id, "") if a.guide_id else "",
                place=a.place,
                room=a.room,
                purpose=a.purpose,
                checklist=_checklist(a.checklist),
                mode=a.mode,
                interpreter_name=a.interpreter_name,
                interpreter_language=a.interpreter_language,
                status=a.status,
                moved_from_id=a.moved_from_id,
                outcome=a.outcome,
                created_at=a.created_at,
                updated_at=a.updated_at,
                other_people=max(people.get(a.id, 1) - 1, 0),
            )
            for a in rows
        )

    def contacts(self, client_id: int) -> tuple[ContactEntry, ...]:
        mine = select(ContactClient.contact_id).where(ContactClient.client_id == client_id)
        rows = list(
            self.session.scalars(
                select(Contact)
                .where(Contact.id.in_(mine))
                .order_by(Contact.occurred_on, Contact.id)
            )
        )
        ids = [c.id for c in rows]
        people = self._people_count(ContactClient, ContactClient.contact_id, ids)
        steps: dict[int, list[StepEntry]] = defaultdict(list)
        for chunk in _chunks(ids):
            query = (
                select(ContactStep)
                .where(
                    ContactStep.contact_id.in_(chunk),
                    or_(ContactStep.client_id.is_(None), ContactStep.client_id == client_id),
                )
                .order_by(ContactStep.id)
            )
            for step in self.session.scalars(query):
                steps[step.contact_id].append(
                    StepEntry(
                        id=step.id,
                        description=step.description,
                        actor=str(step.actor),
                        whole_contact=step.client_id is None,
                    )
                )
        authorities = self._authority_names(c.authority_id for c in rows)
        guides = self._guide_names(c.guide_id for c in rows)
        return tuple(
            ContactEntry(
                id=c.id,
                occurred_on=c.occurred_on,
                duration_minutes=c.duration_minutes,
                kind=c.kind,
                topics=tuple(c.topics),
                guide_name=guides.get(c.guide_id, "") if c.guide_id else "",
                authority_id=c.authority_id,
                authority_name=authorities.get(c.authority_id, "") if c.authority_id else "",
                appointment_id=c.appointment_id,
                note=c.note,
                travel_minutes=c.travel_minutes,
                travel_cost_cents=c.travel_cost_cents,
                created_at=c.created_at,
                steps=tuple(steps.get(c.id, ())),
                other_people=max(people.get(c.id, 1) - 1, 0),
            )
            for c in rows
        )

    def letters_in(self, client_id: int) -> tuple[IncomingLetterEntry, ...]:
        """Every column but the scan itself: its size is counted by the database."""
        query = (
            select(
                IncomingLetter.id,
                IncomingLetter.authority_id,
                IncomingLetter.authority_name,
                IncomingLetter.letter_date,
                IncomingLetter.posted_on,
                IncomingLetter.received_on,
                IncomingLetter.delivery_kind,
                IncomingLetter.file_number,
                IncomingLetter.subject,
                func.length(IncomingLetter.scan),
                IncomingLetter.scan_mime,
                IncomingLetter.created_at,
            )
            .where(IncomingLetter.client_id == client_id)
            .order_by(IncomingLetter.id)
        )
        rows = self.session.execute(query).all()
        authorities = self._authority_names(row[1] for row in rows)
        return tuple(
            IncomingLetterEntry(
                id=row[0],
                authority_id=row[1],
                authority_name=row[2] or (authorities.get(row[1], "") if row[1] else ""),
                letter_date=row[3],
                posted_on=row[4],
                received_on=row[5],
                delivery_kind=row[6],
                file_number=row[7],
                subject=row[8],
                scan_present=row[9] is not None,
                scan_size=int(row[9] or 0),
                scan_mime=row[10],
                scan_file=scan_file_name(row[0], row[10]) if row[9] is not None else "",
                created_at=row[11],
            )
            for row in rows
        )

    def scans(self, client_id: int) -> list[tuple[int, str, bytes]]:
        query = (
            select(IncomingLetter.id, IncomingLetter.scan_mime, IncomingLetter.scan)
            .where(IncomingLetter.client_id == client_id, IncomingLetter.scan.is_not(None))
            .order_by(IncomingLetter.id)
        )
        return [
            (i, mime, bytes(scan))
            for i, mime, scan in self.session.execute(query)
            if scan is not None
        ]

    def deadlines(self, client_id: int) -> tuple[DeadlineEntry, ...]:
        query = (
            select(Deadline)
            .where(Deadline.client_id == client_id)
            .order_by(Deadline.due_date, Deadline.id)
        )
        return tuple(
            DeadlineEntry(
                id=d.id,
                letter_id=d.letter_id,
                kind=d.kind,
                title=d.title,
                authority_name=d.authority_name,
                note=d.note,
                procedure=d.procedure,
                start_date=d.start_date,
                received_on=d.received_on,
                period_value=d.period_value,
                period_unit=d.period_unit,
                belehrung_missing=d.belehrung_missing,
                state=d.state,
                shift_excluded=d.shift_excluded,
                delivered_on=d.delivered_on,
                due_date=d.due_date,
                explanation=d.explanation,
                status=d.status,
                done_on=d.done_on,
                done_by=str(d.done_by) if d.done_by else None,
                created_at=d.created_at,
            )
            for d in self.session.scalars(query)
        )

    def goals(self, client_id: int) -> tuple[GoalEntry, ...]:
        goals = list(
            self.session.scalars(
                select(Goal).where(Goal.client_id == client_id).order_by(Goal.agreed_on, Goal.id)
            )
        )
        history: dict[int, list[GoalHistoryEntry]] = defaultdict(list)
        for chunk in _chunks(g.id for g in goals):
            query = (
                select(GoalEventRecord)
                .where(GoalEventRecord.goal_id.in_(chunk))
                .order_by(GoalEventRecord.changed_on, GoalEventRecord.id)
            )
            for event in self.session.scalars(query):
                history[event.goal_id].append(
                    GoalHistoryEntry(
                        id=event.id,
                        changed_on=event.changed_on,
                        status=event.status,
                        note=event.note,
                        previous_text=event.previous_text,
                    )
                )
        return tuple(
            GoalEntry(
                id=g.id,
                text=g.text,
                pillar=g.pillar,
                agreed_on=g.agreed_on,
                target_date=g.target_date,
                status=g.status,
                status_changed_on=g.status_changed_on,
                status_note=g.status_note,
                history=tuple(history.get(g.id, ())),
            )
            for g in goals
        )

    def tasks(self, client_id: int) -> tuple[TaskEntry, ...]:
        query = select(Task).where(Task.client_id == client_id).order_by(Task.id)
        return tuple(
            TaskEntry(
                id=t.id,
                goal_id=t.goal_id,
                deadline_id=t.deadline_id,
                text=t.text,
                due_date=t.due_date,
                intended_actor=str(t.intended_actor) if t.intended_actor else None,
                done_by=str(t.done_by) if t.done_by else None,
                done_on=t.done_on,
                created_on=t.created_on,
            )
            for t in self.session.scalars(query)
        )

    def volunteer_time(self, person: PersonData) -> tuple[VolunteerTimeNote, ...]:
        """Entries whose note holds the person's full name (either order, case and accents
        folded). SQL narrows to notes containing the family name."""
        family = person.family_name.strip()
        given = person.given_name.strip()
        if not family or not given:
            return ()
        query = (
            select(VolunteerTimeEntry, Guide.given_name, Guide.family_name)
            .join(Guide, Guide.id == VolunteerTimeEntry.guide_id)
            .where(func.lower(VolunteerTimeEntry.note).contains(family.lower(), autoescape=True))
            .order_by(VolunteerTimeEntry.occurred_on, VolunteerTimeEntry.id)
        )
        names = (fold(f"{given} {family}"), fold(f"{family}, {given}"), fold(f"{family} {given}"))
        found = []
        for entry, guide_given, guide_family in self.session.execute(query):
            note = fold(entry.note)
            if any(name in note for name in names):
                found.append(
                    VolunteerTimeNote(
                        id=entry.id,
                        guide_name=_name(guide_given, guide_family),
                        occurred_on=entry.occurred_on,
                        minutes=entry.minutes,
                        kind=entry.kind,
                        note=entry.note,
                        created_at=entry.created_at,
                    )
                )
        return tuple(found)

    def audit(self, client_id: int, record: _Linked) -> tuple[AuditLine, ...]:
        """The lines about the person (entity client) and each of their records. An
        assignment's "zugeordnet" line carries the client's id, its other lines the
        assignment's."""
        about = [
            and_(AuditEntry.entity == "client", AuditEntry.entity_id == client_id),
            and_(
                AuditEntry.entity == "assignment",
                AuditEntry.action == "zugeordnet",
                AuditEntry.entity_id == client_id,
            ),
        ]
        linked: dict[str, Sequence[int]] = {
            "consent": record.consent_ids,
            "appointment": record.appointment_ids,
            "contact": record.contact_ids,
            "letter": record.letter_ids,
            "deadline": record.deadline_ids,
            "goal": record.goal_ids,
            "task": record.task_ids,
            "volunteer_entry": record.volunteer_ids,
        }
        for entity, ids in linked.items():
            for chunk in _chunks(ids):
                about.append(and_(AuditEntry.entity == entity, AuditEntry.entity_id.in_(chunk)))
        for chunk in _chunks(record.assignment_ids):
            about.append(
                and_(
                    AuditEntry.entity == "assignment",
                    AuditEntry.action != "zugeordnet",
                    AuditEntry.entity_id.in_(chunk),
                )
            )
        query = select(AuditEntry).where(or_(*about)).order_by(AuditEntry.at, AuditEntry.id)
        return tuple(
            AuditLine(
                id=e.id,
                at=e.at,
                actor=e.actor,
                action=e.action,
                entity=e.entity,
                entity_id=e.entity_id,
                detail=e.detail,
            )
            for e in self.session.scalars(query)
        )


@dataclass(frozen=True)
class _Linked:
    consent_ids: Sequence[int]
    appointment_ids: Sequence[int]
    contact_ids: Sequence[int]
    letter_ids: Sequence[int]
    deadline_ids: Sequence[int]
    goal_ids: Sequence[int]
    task_ids: Sequence[int]
    volunteer_ids: Sequence[int]
    assignment_ids: Sequence[int]


def _checklist(stored: str) -> tuple[ChecklistLine, ...]:
    """The appointment's checklist; text that is not the expected JSON is kept as one line."""
    if not stored.strip():
        return ()
    try:
        items = json.loads(stored)
        return tuple(ChecklistLine(str(i["text"]), bool(i.get("done"))) for i in items)
    except (ValueError, TypeError, KeyError):
        return (ChecklistLine(stored, False),)


def _letters_out(audit: Sequence[AuditLine]) -> tuple[LetterOut, ...]:
    """The printed letters among the audit lines about the person: consent forms (client),
    appointment confirmations and deadline reminders."""
    return tuple(
        LetterOut(line.id, line.at, line.entity, line.entity_id, line.detail)
        for line in audit
        if line.action == "gedruckt" and line.entity in ("client", "appointment", "deadline")
    )


# --- writing files -------------------------------------------------------------------------------


def _check_folder(folder: Path) -> Path:
    folder = Path(folder)
    if not folder.exists():
        raise ValidationError({"folder": f"Den Ordner {folder} gibt es nicht."})
    if not folder.is_dir():
        raise ValidationError({"folder": f"{folder} ist kein Ordner."})
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ValidationError({"folder": f"In den Ordner {folder} kann nicht geschrieben werden."})
    return folder


def write_files_atomically(files: Sequence[tuple[Path, bytes]]) -> None:
    """Write every file to a hidden file next to it, then rename them all into place.

    On any error the hidden files are removed and the targets stay as they were; nothing goes
    to the system's temp folder (the files carry personal data)."""
    written: list[tuple[str, Path]] = []
    try:
        for path, content in files:
            handle, temp_name = tempfile.mkstemp(
                prefix=f".{path.stem}-", suffix=f"{path.suffix}.part", dir=path.parent
            )
            written.append((temp_name, path))
            with os.fdopen(handle, "wb") as out:
                out.write(content)
                out.flush()
                os.fsync(out.fileno())
        for temp_name, path in written:
            os.replace(temp_name, path)
    except BaseException:
        for temp_name, _ in written:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp_name)
        raise


# --- the service ---------------------------------------------------------------------------------


class AccessService(Service):
    def record(self, client_id: int) -> PersonRecord:
        """Everything stored about the client; NotFoundError (German) for an unknown id."""
        with self.database.session() as session:
            return self._record(session, client_id)

    def _record(self, session: Session, client_id: int) -> PersonRecord:
        client = ClientRepository(session).get(client_id)
        queries = _PersonQueries(session)
        person = queries.person(client)
        guides = queries.guides(client_id)
        consents = queries.consents(client_id)
        appointments = queries.appointments(client_id)
        contacts = queries.contacts(client_id)
        letters_in = queries.letters_in(client_id)
        deadlines = queries.deadlines(client_id)
        goals = queries.goals(client_id)
        tasks = queries.tasks(client_id)
        volunteer = queries.volunteer_time(person)
        audit = queries.audit(
            client_id,
            _Linked(
                consent_ids=[c.id for c in consents],
                appointment_ids=[a.id for a in appointments],
                contact_ids=[c.id for c in contacts],
                letter_ids=[letter.id for letter in letters_in],
                deadline_ids=[d.id for d in deadlines],
                goal_ids=[g.id for g in goals],
                task_ids=[t.id for t in tasks],
                volunteer_ids=[v.id for v in volunteer],
                assignment_ids=[g.id for g in guides],
            ),
        )
        return PersonRecord(
            as_of=self.now(),
            person=person,
            guides=guides,
            status_history=queries.status_history(client_id),
            consents=consents,
            appointments=appointments,
            contacts=contacts,
            letters_in=letters_in,
            letters_out=_letters_out(audit),
            deadlines=deadlines,
            goals=goals,
            tasks=tasks,
            volunteer_time=volunteer,
            audit=audit,
        )

    @staticmethod
    def to_json(record: PersonRecord) -> str:
        """UTF-8 JSON with ISO dates and sorted keys; "format" and "erstellt_am" on top."""
        return json.dumps(record_as_dict(record), ensure_ascii=False, indent=2, sort_keys=True)

    def export(self, client_id: int, folder: Path) -> AccessExport:
        """``auskunft-<id>.json`` and ``scan-<letter id>.<ext>`` into ``folder`` (each whole or
        not at all), and an audit line without a name. ValidationError (German) for a missing
        or read-only folder, NotFoundError for an unknown client."""
        folder = _check_folder(folder)
        with self.database.session() as session:
            record = self._record(session, client_id)
            scans = _PersonQueries(session).scans(client_id)
        json_path = folder / f"auskunft-{client_id}.json"
        scan_files = [(folder / scan_file_name(i, mime), content) for i, mime, content in scans]
        try:
            write_files_atomically([(json_path, self.to_json(record).encode("utf-8")), *scan_files])
        except OSError as error:
            if error.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise
            raise ValidationError(
                {"folder": f"In den Ordner {folder} kann nicht geschrieben werden."}
            ) from None
        with self.database.session() as session:
            record_audit(
                session,
                at=self.now(),
                action="exportiert",
                entity="client",
                entity_id=client_id,
                detail=EXPORT_DETAIL,
            )
        return AccessExport(
            record=record,
            json_path=json_path,
            scan_paths=tuple(path for path, _ in scan_files),
        )
