"""Queries for casework: the contact journal, goals and tasks, checklists, volunteer time."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from lotsen_app.domain.appointments import ClientRef, Step
from lotsen_app.domain.casework import (
    AppointmentTime,
    ContactRow,
    ContactTime,
    GoalEvent,
    GoalRow,
    PersonStep,
    ProcedureTemplate,
    TaskRow,
    VolunteerEntry,
    items_from_json,
)
from lotsen_app.domain.enums import (
    AppointmentStatus,
    ClientStatus,
    ContactKind,
    GoalStatus,
    Pillar,
    StepActor,
    Topic,
    VolunteerActivity,
)
from lotsen_app.domain.errors import NotFoundError
from lotsen_app.domain.names import fold, match_key
from lotsen_app.persistence.models import (
    Appointment,
    AppointmentClient,
    AuditEntry,
    Authority,
    Client,
    Contact,
    ContactClient,
    ContactStep,
    Deadline,
    Goal,
    GoalEventRecord,
    Guide,
    IncomingLetter,
    ProcedureTemplateRecord,
    Task,
    VolunteerTimeEntry,
)

# Ids per IN (...) list: well below SQLite's limit on bound parameters.
CHUNK = 500
_TOPICS = {topic.value: topic for topic in Topic}
_PILLARS = {pillar.value: pillar for pillar in Pillar}


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    values = list(dict.fromkeys(ids))
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def topics_of(stored: Iterable[str]) -> tuple[Topic, ...]:
    """Known topics only: a value from a newer program version is skipped, not an error."""
    return tuple(_TOPICS[value] for value in stored if value in _TOPICS)


def pillar_of(stored: str) -> Pillar | None:
    return _PILLARS.get(stored)


def _contact_kind(stored: str) -> ContactKind:
    try:
        return ContactKind(stored)
    except ValueError:
        return ContactKind.COUNSELLING


def _goal_status(stored: str) -> GoalStatus:
    try:
        return GoalStatus(stored)
    except ValueError:
        return GoalStatus.OPEN


@dataclass(frozen=True)
class LetterOutEvent:
    """A letter printed or saved for the client, from the audit log ("gedruckt")."""

    audit_id: int
    at: datetime
    entity: str  # appointment, deadline or client (the consent form)
    entity_id: int
    detail: str  # "Terminbestätigung (de+ar)": the document and its languages, codes only


def family_name_key(family_name: str) -> str:
    """The family name as the name key spells it (parts sorted), e.g. "Abu Haddad" -> "abu hadad"."""
    return " ".join(sorted(key for key in (match_key(part) for part in family_name.split()) if key))


@dataclass(frozen=True)
class LetterEvent:
    """An incoming letter as the timeline shows it: the day it arrived (or the best guess)."""

    id: int
    on: date
    authority_name: str
    subject: str


class CaseworkRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- contacts --------------------------------------------------------------------------

    def get_contact(self, contact_id: int) -> Contact:
        contact = self.session.get(Contact, contact_id)
        if contact is None:
            raise NotFoundError(f"Kontakt Nr. {contact_id} gibt es nicht (mehr).")
        return contact

    def set_contact_clients(self, contact_id: int, client_ids: Iterable[int]) -> None:
        self.session.execute(delete(ContactClient).where(ContactClient.contact_id == contact_id))
        for client_id in dict.fromkeys(client_ids):
            self.session.add(ContactClient(contact_id=contact_id, client_id=client_id))
        self.session.flush()

    def set_steps(self, contact_id: int, steps: Iterable[Step]) -> None:
        self.session.execute(delete(ContactStep).where(ContactStep.contact_id == contact_id))
        for step in steps:
            self.session.add(
                ContactStep(
                    contact_id=contact_id,
                    description=step.description.strip(),
                    actor=step.actor,
                    client_id=step.client_id if isinstance(step, PersonStep) else None,
                )
            )
        self.session.flush()

    def contact_ids_of_client(self, client_id: int) -> list[int]:
        return list(
            self.session.scalars(
                select(ContactClient.contact_id).where(ContactClient.client_id == client_id)
            )
        )

    def contact_rows(
        self, *, client_id: int | None = None, ids: Iterable[int] | None = None
    ) -> list[ContactRow]:
        """Contacts, newest first, each with all its people and steps."""
        query = select(Contact).order_by(Contact.occurred_on.desc(), Contact.id.desc())
        if client_id is not None:
            query = query.where(
                Contact.id.in_(
                    select(ContactClient.contact_id).where(ContactClient.client_id == client_id)
                )
            )
        if ids is not None:
            query = query.where(Contact.id.in_(list(ids)))
        contacts = list(self.session.scalars(query))
        contact_ids = [contact.id for contact in contacts]
        clients = self.contact_clients(contact_ids)
        steps = self.contact_steps(contact_ids)
        guide_ids = {c.guide_id for c in contacts if c.guide_id is not None}
        guides = {
            guide_id: f"{given} {family}"
            for guide_id, given, family in self.session.execute(
                select(Guide.id, Guide.given_name, Guide.family_name).where(Guide.id.in_(guide_ids))
            )
        }
        authority_ids = {c.authority_id for c in contacts if c.authority_id is not None}
        authorities = {
            authority_id: name
            for authority_id, name in self.session.execute(
                select(Authority.id, Authority.name).where(Authority.id.in_(authority_ids))
            )
        }
        return [
            ContactRow(
                id=c.id,
                occurred_on=c.occurred_on,
                duration_minutes=c.duration_minutes,
                kind=_contact_kind(c.kind),
                topics=topics_of(c.topics),
                clients=tuple(clients.get(c.id, ())),
                steps=tuple(steps.get(c.id, ())),
                authority_id=c.authority_id,
                authority_name=authorities.get(c.authority_id, "")
                if c.authority_id is not None
                else "",
                note=c.note,
                guide_id=c.guide_id,
                guide_name=guides.get(c.guide_id, "") if c.guide_id is not None else "",
                travel_minutes=c.travel_minutes,
                travel_cost_cents=c.travel_cost_cents,
                appointment_id=c.appointment_id,
            )
            for c in contacts
        ]

    def contact_clients(self, contact_ids: Iterable[int]) -> dict[int, list[ClientRef]]:
        result: dict[int, list[ClientRef]] = defaultdict(list)
        for chunk in _chunks(contact_ids):
            for contact_id, client_id, given, family in self.session.execute(
                select(ContactClient.contact_id, Client.id, Client.given_name, Client.family_name)
                .join(Client, Client.id == ContactClient.client_id)
                .where(ContactClient.contact_id.in_(chunk))
                .order_by(Client.family_name, Client.given_name, Client.id)
            ):
                result[contact_id].append(ClientRef(client_id, given, family))
        return result

    def contact_steps(self, contact_ids: Iterable[int]) -> dict[int, list[Step]]:
        """The steps of each contact in their order: a ``PersonStep`` for a step that names
        its person, a plain ``Step`` for a step of the whole contact."""
        result: dict[int, list[Step]] = defaultdict(list)
        for chunk in _chunks(contact_ids):
            for contact_id, description, actor, client_id in self.session.execute(
                select(
                    ContactStep.contact_id,
                    ContactStep.description,
                    ContactStep.actor,
                    ContactStep.client_id,
                )
                .where(ContactStep.contact_id.in_(chunk))
                .order_by(ContactStep.id)
            ):
                result[contact_id].append(
                    Step(description, actor)
                    if client_id is None
                    else PersonStep(description, actor, client_id)
                )
        return result

    def contact_topics_by_appointment(
        self, appointment_ids: Iterable[int]
    ) -> dict[int, tuple[Topic, ...]]:
        """The topics of the contact recorded for each of these appointments (if any)."""
        result: dict[int, tuple[Topic, ...]] = {}
        for chunk in _chunks(appointment_ids):
            for appointment_id, topics in self.session.execute(
                select(Contact.appointment_id, Contact.topics).where(
                    Contact.appointment_id.in_(chunk)
                )
            ):
                if appointment_id is not None:
                    result[appointment_id] = result.get(appointment_id, ()) + topics_of(topics)
        return result

    def step_actors(self, client_id: int) -> list[tuple[date, StepActor]]:
        """(day, who did it) of the client's steps in the contacts that cover the client: the
        steps that name this client, and the steps that name nobody (the whole contact's, as
        every step from before schema 0004), which count for every person covered."""
        query = (
            select(Contact.occurred_on, ContactStep.actor)
            .join(ContactStep, ContactStep.contact_id == Contact.id)
            .join(ContactClient, ContactClient.contact_id == Contact.id)
            .where(
                ContactClient.client_id == client_id,
                or_(ContactStep.client_id.is_(None), ContactStep.client_id == client_id),
            )
            .order_by(Contact.occurred_on, ContactStep.id)
        )
        return [(day, actor) for day, actor in self.session.execute(query)]

    def task_actors(self, client_id: int) -> list[tuple[date, StepActor]]:
        """(day, who did it) of every completed task of this client."""
        query = (
            select(Task.done_on, Task.done_by)
            .where(
                Task.client_id == client_id, Task.done_on.is_not(None), Task.done_by.is_not(None)
            )
            .order_by(Task.done_on, Task.id)
        )
        return [
            (day, actor)
            for day, actor in self.session.execute(query)
            if day is not None and actor is not None
        ]

    # --- goals and tasks -------------------------------------------------------------------

    def get_goal(self, goal_id: int) -> Goal:
        goal = self.session.get(Goal, goal_id)
        if goal is None:
            raise NotFoundError(f"Ziel Nr. {goal_id} gibt es nicht (mehr).")
        return goal

    def goal_rows(self, client_id: int) -> list[GoalRow]:
        """The client's goals: open ones first, then by the day they were agreed (newest first)."""
        goals = list(
            self.session.scalars(
                select(Goal)
                .where(Goal.client_id == client_id)
                .order_by(Goal.agreed_on.desc(), Goal.id.desc())
            )
        )
        counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for goal_id, done, count in self.session.execute(
            select(Task.goal_id, Task.done_on.is_not(None), func.count())
            .where(Task.goal_id.in_([goal.id for goal in goals]))
            .group_by(Task.goal_id, Task.done_on.is_not(None))
        ):
            if goal_id is not None:
                counts[goal_id][1 if done else 0] += int(count)
        rows = [
            GoalRow(
                id=goal.id,
                client_id=goal.client_id,
                text=goal.text,
                pillar=pillar_of(goal.pillar),
                agreed_on=goal.agreed_on,
                target_date=goal.target_date,
                status=_goal_status(goal.status),
                status_changed_on=goal.status_changed_on,
                status_note=goal.status_note,
                open_tasks=counts[goal.id][0] if goal.id in counts else 0,
                done_tasks=counts[goal.id][1] if goal.id in counts else 0,
            )
            for goal in goals
        ]
        return sorted(rows, key=lambda row: row.status != GoalStatus.OPEN)

    def add_goal_event(
        self, goal_id: int, on: date, status: str, note: str = "", previous_text: str = ""
    ) -> None:
        self.session.add(
            GoalEventRecord(
                goal_id=goal_id,
                changed_on=on,
                status=status,
                note=note,
                previous_text=previous_text,
            )
        )
        self.session.flush()

    def goal_events(
        self, *, goal_id: int | None = None, client_id: int | None = None
    ) -> list[GoalEvent]:
        """The history of one goal, or of all the client's goals: oldest first."""
        query = select(GoalEventRecord).order_by(GoalEventRecord.changed_on, GoalEventRecord.id)
        if goal_id is not None:
            query = query.where(GoalEventRecord.goal_id == goal_id)
        if client_id is not None:
            query = query.where(
                GoalEventRecord.goal_id.in_(select(Goal.id).where(Goal.client_id == client_id))
            )
        return [
            GoalEvent(
                goal_id=row.goal_id,
                on=row.changed_on,
                status=_goal_status(row.status),
                note=row.note,
                previous_text=row.previous_text,
                id=row.id,
            )
            for row in self.session.scalars(query)
        ]

    def get_task(self, task_id: int) -> Task:
        task = self.session.get(Task, task_id)
        if task is None:
            raise NotFoundError(f"Aufgabe Nr. {task_id} gibt es nicht (mehr).")
        return task

    def task_rows(self, client_id: int) -> list[TaskRow]:
        query = (
            select(Task, Goal.text, Goal.pillar)
            .outerjoin(Goal, Goal.id == Task.goal_id)
            .where(Task.client_id == client_id)
            .order_by(Task.id)
        )
        return [
            TaskRow(
                id=task.id,
                client_id=task.client_id,
                text=task.text,
                due_date=task.due_date,
                intended_actor=task.intended_actor,
                done_by=task.done_by,
                done_on=task.done_on,
                goal_id=task.goal_id,
                goal_text=goal_text or "",
                goal_pillar=pillar_of(goal_pillar or ""),
                deadline_id=task.deadline_id,
                created_on=task.created_on,
            )
            for task, goal_text, goal_pillar in self.session.execute(query)
        ]

    # --- procedure checklists --------------------------------------------------------------

    def get_template(self, template_id: int) -> ProcedureTemplateRecord:
        template = self.session.get(ProcedureTemplateRecord, template_id)
        if template is None:
            raise NotFoundError(f"Checkliste Nr. {template_id} gibt es nicht (mehr).")
        return template

    def template_count(self) -> int:
        return int(
            self.session.scalar(select(func.count()).select_from(ProcedureTemplateRecord)) or 0
        )

    def next_template_position(self) -> int:
        highest = self.session.scalar(select(func.max(ProcedureTemplateRecord.position)))
        return 0 if highest is None else int(highest) + 1

    def templates(self) -> list[ProcedureTemplate]:
        query = select(ProcedureTemplateRecord).order_by(
            ProcedureTemplateRecord.position, ProcedureTemplateRecord.id
        )
        return [
            ProcedureTemplate(
                name=row.name, items=items_from_json(row.items), id=row.id, position=row.position
            )
            for row in self.session.scalars(query)
        ]

    # --- volunteer hours -------------------------------------------------------------------

    def guide_contact_times(self, guide_id: int, start: date, end: date) -> list[ContactTime]:
        """The guide's contacts on days start..end (included): one row per contact."""
        query = (
            select(
                Contact.id,
                Contact.occurred_on,
                Contact.duration_minutes,
                Contact.travel_minutes,
                Contact.appointment_id,
            )
            .where(
                Contact.guide_id == guide_id,
                Contact.occurred_on >= start,
                Contact.occurred_on <= end,
            )
            .order_by(Contact.occurred_on, Contact.id)
        )
        return [ContactTime(*row) for row in self.session.execute(query)]

    def guide_appointment_times(
        self, guide_id: int, start: date, end: date
    ) -> list[AppointmentTime]:
        """The guide's held appointments on days start..end, and whether a contact covers each."""
        with_contact = select(Contact.appointment_id).where(Contact.appointment_id.is_not(None))
        query = (
            select(
                Appointment.id,
                Appointment.starts_at,
                Appointment.duration_minutes,
                Appointment.status,
                Appointment.id.in_(with_contact),
            )
            .where(
                Appointment.guide_id == guide_id,
                Appointment.status == AppointmentStatus.DONE.value,
                Appointment.starts_at >= datetime.combine(start, time.min),
                Appointment.starts_at < datetime.combine(end + timedelta(days=1), time.min),
            )
            .order_by(Appointment.starts_at, Appointment.id)
        )
        return [
            AppointmentTime(
                appointment_id=appointment_id,
                on=starts_at.date(),
                duration_minutes=duration,
                status=AppointmentStatus(status),
                has_contact=bool(has_contact),
            )
            for appointment_id, starts_at, duration, status, has_contact in self.session.execute(
                query
            )
        ]

    def get_volunteer_entry(self, entry_id: int) -> VolunteerTimeEntry:
        entry = self.session.get(VolunteerTimeEntry, entry_id)
        if entry is None:
            raise NotFoundError(f"Eintrag Nr. {entry_id} gibt es nicht (mehr).")
        return entry

    def volunteer_entries(self, guide_id: int, start: date, end: date) -> list[VolunteerEntry]:
        query = (
            select(VolunteerTimeEntry)
            .where(
                VolunteerTimeEntry.guide_id == guide_id,
                VolunteerTimeEntry.occurred_on >= start,
                VolunteerTimeEntry.occurred_on <= end,
            )
            .order_by(VolunteerTimeEntry.occurred_on, VolunteerTimeEntry.id)
        )
        return [
            VolunteerEntry(
                guide_id=row.guide_id,
                occurred_on=row.occurred_on,
                minutes=row.minutes,
                kind=VolunteerActivity(row.kind)
                if row.kind in {kind.value for kind in VolunteerActivity}
                else VolunteerActivity.OTHER,
                note=row.note,
                id=row.id,
            )
            for row in self.session.scalars(query)
        ]

    # --- people a family contact may cover ------------------------------------------------

    def family_candidates(self, client_id: int) -> list[ClientRef]:
        """Other open cases with the same family name (by its name key) at the same address
        (postal code and street, folded), sorted by given name. Empty when the address is
        incomplete.

        SQL narrows to the postal code (indexed) and to name keys that hold every part of the
        family name's key; the few rows left are checked exactly here.
        """
        row = self.session.execute(
            select(Client.family_name, Client.street, Client.postal_code).where(
                Client.id == client_id
            )
        ).one_or_none()
        if row is None:
            raise NotFoundError(f"Klient:in Nr. {client_id} gibt es nicht (mehr).")
        family_name, street_text, postal_code = row
        street, postal_code, family = (
            fold(street_text),
            postal_code.strip(),
            family_name_key(family_name),
        )
        if not street or not postal_code or not family:
            return []
        padded = " " + Client.name_key + " "
        query = select(Client.id, Client.given_name, Client.family_name, Client.street).where(
            Client.postal_code == postal_code,
            Client.id != client_id,
            Client.status != ClientStatus.CLOSED,
            *(padded.contains(f" {part} ", autoescape=True) for part in family.split()),
        )
        found = [
            ClientRef(other_id, given, family_of_other)
            for other_id, given, family_of_other, other_street in self.session.execute(query)
            if fold(other_street) == street and family_name_key(family_of_other) == family
        ]
        return sorted(found, key=lambda ref: (fold(ref.given_name), ref.id))

    # --- the timeline ----------------------------------------------------------------------

    def letters_out(self, client_id: int) -> list[LetterOutEvent]:
        """Letters printed or saved about this client (the audit log's "gedruckt" lines): its
        consent forms (entity client), the confirmations of its appointments (every person of
        the appointment) and the reminders of its deadlines."""
        appointments = select(AppointmentClient.appointment_id).where(
            AppointmentClient.client_id == client_id
        )
        deadlines = select(Deadline.id).where(Deadline.client_id == client_id)
        query = (
            select(
                AuditEntry.id,
                AuditEntry.at,
                AuditEntry.entity,
                AuditEntry.entity_id,
                AuditEntry.detail,
            )
            .where(
                AuditEntry.action == "gedruckt",
                or_(
                    (AuditEntry.entity == "client") & (AuditEntry.entity_id == client_id),
                    (AuditEntry.entity == "appointment") & AuditEntry.entity_id.in_(appointments),
                    (AuditEntry.entity == "deadline") & AuditEntry.entity_id.in_(deadlines),
                ),
            )
            .order_by(AuditEntry.at, AuditEntry.id)
        )
        return [
            LetterOutEvent(audit_id, at, entity, entity_id or 0, detail)
            for audit_id, at, entity, entity_id, detail in self.session.execute(query)
        ]

    def letter_events(self, client_id: int) -> list[LetterEvent]:
        """The client's incoming letters, dated by arrival, else letter date, posting, entry."""
        query = (
            select(
                IncomingLetter.id,
                IncomingLetter.received_on,
                IncomingLetter.letter_date,
                IncomingLetter.posted_on,
                IncomingLetter.created_at,
                IncomingLetter.authority_name,
                IncomingLetter.subject,
            )
            .where(IncomingLetter.client_id == client_id)
            .order_by(IncomingLetter.id)
        )
        return [
            LetterEvent(
                id=letter_id,
                on=received or written or posted or created.date(),
                authority_name=authority,
                subject=subject,
            )
            for letter_id, received, written, posted, created, authority, subject in (
                self.session.execute(query)
            )
        ]
