"""Queries for retention, erasure (DSGVO Art. 17) and the audit log.

Erasure is a real delete: the person's row and every record linked to them. Records that also
cover other people (a family contact, a family appointment) stay for those people without this
person: the link row and this person's steps go, and the name is removed from the free text.
The full name is also removed from the free text of every other record (a sibling's goal
"Bruder Anna Muster zum Arzt begleiten"), so the name cannot be found in the file any more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Delete, delete, func, or_, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from lotsen_app.domain.enums import ClientStatus
from lotsen_app.domain.errors import NotFoundError
from lotsen_app.domain.privacy import (
    full_names,
    kept_record_pattern,
    name_pattern,
    scrub,
    scrub_json_texts,
)
from lotsen_app.persistence.models import (
    Appointment,
    AppointmentClient,
    Assignment,
    AuditEntry,
    Client,
    ClientStatusChange,
    Consent,
    Contact,
    ContactClient,
    ContactStep,
    Deadline,
    Goal,
    GoalEventRecord,
    IncomingLetter,
    Task,
    VolunteerTimeEntry,
)

#: Free-text columns of records about people: where a name may have been written.
FREE_TEXT_COLUMNS: tuple[InstrumentedAttribute[str], ...] = (
    Client.strengths,
    Client.goals_own_words,
    ClientStatusChange.note,
    Assignment.handover_note,
    Contact.note,
    ContactStep.description,
    Appointment.purpose,
    Appointment.checklist,
    Appointment.outcome,
    Appointment.place,
    Appointment.room,
    Appointment.interpreter_name,
    IncomingLetter.subject,
    Deadline.title,
    Deadline.note,
    Goal.text,
    Goal.status_note,
    GoalEventRecord.note,
    GoalEventRecord.previous_text,
    Task.text,
    VolunteerTimeEntry.note,
)
_JSON_COLUMNS = frozenset({"checklist"})
#: Names per LIKE query (SQLite limits the depth of an expression).
LIKE_CHUNK = 200


class ClosedCase(NamedTuple):
    client_id: int
    given_name: str
    family_name: str
    status: ClientStatus
    closed_on: date | None
    last_contact_on: date | None
    last_appointment_on: date | None


@dataclass
class ErasureCounts:
    """Rows deleted for one person (without the person's own row and pure link rows), and
    rows of records that stay whose text was cleaned."""

    deleted: int = 0
    scrubbed: int = 0


class AuditQuery(NamedTuple):
    since: date | None
    until: date | None
    action: str | None
    entity: str | None
    entity_id: int | None
    actor: str | None
    limit: int


class PrivacyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def existing_client_ids(self, client_ids: set[int]) -> set[int]:
        if not client_ids:
            return set()
        query = select(Client.id).where(Client.id.in_(sorted(client_ids)))
        return set(self.session.scalars(query))

    # --- retention -------------------------------------------------------------------------

    def closed_cases(self) -> list[ClosedCase]:
        """Every closed case with the days its last contact and last appointment took place."""
        last_contact = (
            select(ContactClient.client_id, func.max(Contact.occurred_on).label("day"))
            .join(Contact, Contact.id == ContactClient.contact_id)
            .group_by(ContactClient.client_id)
            .subquery()
        )
        last_appointment = (
            select(AppointmentClient.client_id, func.max(Appointment.starts_at).label("at"))
            .join(Appointment, Appointment.id == AppointmentClient.appointment_id)
            .group_by(AppointmentClient.client_id)
            .subquery()
        )
        query = (
            select(
                Client.id,
                Client.given_name,
                Client.family_name,
                Client.status,
                Client.closed_on,
                last_contact.c.day,
                last_appointment.c.at,
            )
            .outerjoin(last_contact, last_contact.c.client_id == Client.id)
            .outerjoin(last_appointment, last_appointment.c.client_id == Client.id)
            .where(Client.status == ClientStatus.CLOSED)
        )
        return [
            ClosedCase(
                client_id=row[0],
                given_name=row[1],
                family_name=row[2],
                status=row[3],
                closed_on=row[4],
                last_contact_on=_as_date(row[5]),
                last_appointment_on=_as_date(row[6]),
            )
            for row in self.session.execute(query)
        ]

    # --- erasure ---------------------------------------------------------------------------

    def get_client(self, client_id: int) -> Client:
        client = self.session.get(Client, client_id)
        if client is None:
            raise NotFoundError(f"Klient:in Nr. {client_id} gibt es nicht (mehr).")
        return client

    def linked_count(self, client_id: int) -> int:
        """How many records an erasure of this person deletes (without the person's own row):
        what the confirmation and the command line announce. Counted like ``erase``."""
        only_contacts, shared_contacts = self._split(ContactClient, client_id)
        only_appointments, _shared = self._split(AppointmentClient, client_id)
        goals = select(Goal.id).where(Goal.client_id == client_id)
        counts = [
            len(only_contacts),
            len(only_appointments),
            self._count(ContactStep, ContactStep.contact_id.in_(only_contacts)),
            self._count(
                ContactStep,
                ContactStep.contact_id.in_(shared_contacts),
                ContactStep.client_id == client_id,
            ),
            self._count(GoalEventRecord, GoalEventRecord.goal_id.in_(goals)),
        ]
        for model in (Task, Goal, Deadline, IncomingLetter, Consent, Assignment):
            counts.append(self._count(model, model.client_id == client_id))
        counts.append(self._count(ClientStatusChange, ClientStatusChange.client_id == client_id))
        return sum(counts)

    def erase_all(self, client_ids: Sequence[int]) -> dict[int, ErasureCounts]:
        """Erase these people (NotFoundError for an unknown id), then take their full names out
        of the free text of every record that is left."""
        names = []
        for client_id in client_ids:
            client = self.get_client(client_id)
            names.append((client.given_name, client.family_name))
        counts = {client_id: self.erase(client_id) for client_id in client_ids}
        # A remaining person with the very same name keeps it in their records.
        self.scrub_everywhere([name for name in names if not self._name_in_use(*name)])
        return counts

    def _name_in_use(self, given: str, family: str) -> bool:
        query = select(func.count()).where(Client.given_name == given, Client.family_name == family)
        return bool(self.session.execute(query).scalar_one())

    def erase(self, client_id: int) -> ErasureCounts:
        """Delete the person and everything linked; clean the records that stay for others
        (the full name elsewhere: ``scrub_everywhere``). NotFoundError for an unknown id."""
        client = self.get_client(client_id)
        given, family = client.given_name, client.family_name
        counts = ErasureCounts()
        only_contacts, shared_contacts = self._split(ContactClient, client_id)
        only_appointments, shared_appointments = self._split(AppointmentClient, client_id)

        # Records of this person alone.
        counts.deleted += self._delete(
            delete(ContactStep).where(ContactStep.client_id == client_id)
        )
        counts.deleted += self._delete(
            delete(ContactStep).where(ContactStep.contact_id.in_(only_contacts))
        )
        self._delete(delete(ContactClient).where(ContactClient.client_id == client_id))
        counts.deleted += self._delete(delete(Contact).where(Contact.id.in_(only_contacts)))
        self._delete(delete(AppointmentClient).where(AppointmentClient.client_id == client_id))
        counts.deleted += self._delete(
            delete(Appointment).where(Appointment.id.in_(only_appointments))
        )
        goals = select(Goal.id).where(Goal.client_id == client_id).scalar_subquery()
        counts.deleted += self._delete(
            delete(GoalEventRecord).where(GoalEventRecord.goal_id.in_(goals))
        )
        for model in (Task, Goal, Deadline, IncomingLetter, Consent, Assignment):
            counts.deleted += self._delete(delete(model).where(model.client_id == client_id))
        counts.deleted += self._delete(
            delete(ClientStatusChange).where(ClientStatusChange.client_id == client_id)
        )
        self.session.expunge(client)
        self._delete(delete(Client).where(Client.id == client_id))

        # Records that stay for the family: the name goes from their text.
        counts.scrubbed += self._scrub_contacts(shared_contacts, given, family)
        counts.scrubbed += self._scrub_appointments(shared_appointments, given, family)
        # Objects read here may be gone from the table now: none may be written back later.
        self.session.flush()
        self.session.expunge_all()
        return counts

    def _split(
        self, link: type[ContactClient | AppointmentClient], client_id: int
    ) -> tuple[list[int], list[int]]:
        """(records of this person alone, records shared with others) through a link table."""
        record, person = _link_columns(link)
        mine = select(record).where(person == client_id)
        people: dict[int, int] = {
            record_id: count
            for record_id, count in self.session.execute(
                select(record, func.count()).where(record.in_(mine)).group_by(record)
            )
        }
        only = sorted(record_id for record_id, count in people.items() if count == 1)
        shared = sorted(record_id for record_id, count in people.items() if count > 1)
        return only, shared

    def _count(self, model: type[Any], *conditions: ColumnElement[bool]) -> int:
        return int(
            self.session.execute(
                select(func.count()).select_from(model).where(*conditions)
            ).scalar_one()
        )

    def _delete(self, statement: Delete) -> int:
        result = self.session.execute(statement, execution_options={"synchronize_session": False})
        return int(getattr(result, "rowcount", 0) or 0)

    def _other_names(
        self, link: type[ContactClient | AppointmentClient], record_ids: list[int]
    ) -> dict[int, list[tuple[str, str]]]:
        """The names of the people who keep each record (the erased person's link is gone)."""
        record, person = _link_columns(link)
        names: dict[int, list[tuple[str, str]]] = {record_id: [] for record_id in record_ids}
        query = (
            select(record, Client.given_name, Client.family_name)
            .join(Client, Client.id == person)
            .where(record.in_(record_ids))
        )
        for record_id, given, family in self.session.execute(query):
            names[record_id].append((given, family))
        return names

    def _scrub_contacts(self, contact_ids: list[int], given: str, family: str) -> int:
        if not contact_ids:
            return 0
        changed = 0
        for contact_id, others in self._other_names(ContactClient, contact_ids).items():
            pattern = kept_record_pattern(given, family, others)
            contact = self.session.get(Contact, contact_id)
            if contact is not None:
                cleaned = scrub(contact.note, pattern)
                if cleaned != contact.note:
                    contact.note = cleaned
                    changed += 1
            steps = self.session.scalars(
                select(ContactStep).where(ContactStep.contact_id == contact_id)
            )
            for step in steps:
                cleaned = scrub(step.description, pattern)
                if cleaned != step.description:
                    step.description = cleaned
                    changed += 1
        self.session.flush()
        return changed

    def _scrub_appointments(self, appointment_ids: list[int], given: str, family: str) -> int:
        if not appointment_ids:
            return 0
        changed = 0
        for appointment_id, others in self._other_names(AppointmentClient, appointment_ids).items():
            pattern = kept_record_pattern(given, family, others)
            appointment = self.session.get(Appointment, appointment_id)
            if appointment is None:
                continue
            before = (appointment.purpose, appointment.outcome, appointment.checklist)
            appointment.purpose = scrub(appointment.purpose, pattern)
            appointment.outcome = scrub(appointment.outcome, pattern)
            appointment.checklist = scrub_json_texts(appointment.checklist, pattern)
            if before != (appointment.purpose, appointment.outcome, appointment.checklist):
                changed += 1
        self.session.flush()
        return changed

    def scrub_everywhere(self, names: Sequence[tuple[str, str]]) -> int:
        """The full names (both orders) out of every free-text column. One pass per column
        for all the names: only rows containing one of the family names are read (LIKE,
        case-blind for Latin letters), then matched exactly. Returns the rows changed."""
        pattern = name_pattern(
            [full for given, family in names for full in full_names(given, family)]
        )
        needles = sorted(
            {
                family.strip() or given.strip()
                for given, family in names
                if len(family.strip() or given.strip()) > 1
            }
        )
        if pattern is None or not needles:
            return 0
        changed = 0
        for column in FREE_TEXT_COLUMNS:
            model = column.class_
            key = model.__mapper__.primary_key[0]
            for start in range(0, len(needles), LIKE_CHUNK):
                condition = or_(
                    *(
                        column.like(_like(n), escape="\\")
                        for n in needles[start : start + LIKE_CHUNK]
                    )
                )
                for row_id, text in self.session.execute(select(key, column).where(condition)):
                    cleaned = (
                        scrub_json_texts(text, pattern)
                        if column.key in _JSON_COLUMNS
                        else scrub(text, pattern)
                    )
                    if cleaned != text:
                        self.session.execute(
                            update(model).where(key == row_id).values({column.key: cleaned}),
                            execution_options={"synchronize_session": False},
                        )
                        changed += 1
        return changed

    # --- audit log -------------------------------------------------------------------------

    def audit_entries(self, query: AuditQuery) -> list[AuditEntry]:
        """Newest first, at most ``limit``."""
        statement = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        if query.since is not None:
            statement = statement.where(AuditEntry.at >= datetime.combine(query.since, time()))
        if query.until is not None:
            end = datetime.combine(query.until + timedelta(days=1), time())
            statement = statement.where(AuditEntry.at < end)
        if query.action is not None:
            statement = statement.where(AuditEntry.action == query.action)
        if query.entity is not None:
            statement = statement.where(AuditEntry.entity == query.entity)
        if query.entity_id is not None:
            statement = statement.where(AuditEntry.entity_id == query.entity_id)
        if query.actor is not None:
            statement = statement.where(AuditEntry.actor == query.actor)
        return list(self.session.scalars(statement.limit(max(query.limit, 0))))

    def distinct_values(self, column: InstrumentedAttribute[str]) -> list[str]:
        query = select(column).where(column != "").distinct().order_by(column)
        return [str(value) for value in self.session.scalars(query)]


def _like(needle: str) -> str:
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _link_columns(
    link: type[ContactClient | AppointmentClient],
) -> tuple[InstrumentedAttribute[int], InstrumentedAttribute[int]]:
    """(the record's id column, the person's id column) of a link table."""
    if link is ContactClient:
        return ContactClient.contact_id, ContactClient.client_id
    return AppointmentClient.appointment_id, AppointmentClient.client_id


def _as_date(value: date | datetime | None) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value
