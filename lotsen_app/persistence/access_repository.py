"""The queries of the right of access (DSGVO Art. 15): everything stored about one person.

``AccessRepository`` reads the person and every record linked to them into the dataclasses of
``lotsen_app.domain.access``; ``lotsen_app.services.access`` puts them together and writes the
export. Other people are protected (Art. 15(4)): a shared appointment or contact says how many
other people it covers, never who; their own steps of a family contact are left out.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from lotsen_app.domain.access import (
    AppointmentEntry,
    AuditLine,
    ChecklistLine,
    ConsentEntry,
    ContactEntry,
    DeadlineEntry,
    GoalEntry,
    GoalHistoryEntry,
    GuideAssignment,
    IncomingLetterEntry,
    PersonData,
    StatusChange,
    StepEntry,
    TaskEntry,
    VolunteerTimeNote,
    scan_file_name,
)
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

# Ids per IN (...) list: well below SQLite's limit on bound parameters.
_CHUNK = 500


@dataclass(frozen=True)
class LinkedIds:
    """The ids of the person's records, whose audit lines belong to the record."""

    consent_ids: Sequence[int]
    appointment_ids: Sequence[int]
    contact_ids: Sequence[int]
    letter_ids: Sequence[int]
    deadline_ids: Sequence[int]
    goal_ids: Sequence[int]
    task_ids: Sequence[int]
    volunteer_ids: Sequence[int]
    assignment_ids: Sequence[int]


def _chunks(ids: Iterable[int]) -> list[list[int]]:
    values = list(dict.fromkeys(ids))
    return [values[start : start + _CHUNK] for start in range(0, len(values), _CHUNK)]


def _name(given: str | None, family: str | None) -> str:
    return f"{given or ''} {family or ''}".strip()


def _checklist(stored: str) -> tuple[ChecklistLine, ...]:
    """The appointment's checklist; text that is not the expected JSON is kept as one line."""
    if not stored.strip():
        return ()
    try:
        items = json.loads(stored)
        return tuple(ChecklistLine(str(i["text"]), bool(i.get("done"))) for i in items)
    except (ValueError, TypeError, KeyError):
        return (ChecklistLine(stored, False),)


class AccessRepository:
    """Every select() of the access export; one session, read only."""

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
            names.update({key: name for key, name in self.session.execute(query)})
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

    def audit(self, client_id: int, record: LinkedIds) -> tuple[AuditLine, ...]:
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
