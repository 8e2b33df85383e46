"""Authority directory and appointments: plan, warn, move, record the outcome."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from lotsen_app.domain.appointments import (
    AppointmentOutcome,
    AppointmentRow,
    AuthorityData,
    AuthorityUsage,
    ChecklistItem,
    NewAppointment,
    OpeningHours,
    appointment_warnings,
    checklist_from_json,
    checklist_to_json,
    prefill_checklist,
    validate_appointment,
    validate_authority,
    validate_outcome,
)
from lotsen_app.domain.deadline_tracking import NewDeadline
from lotsen_app.domain.enums import AppointmentMode, AppointmentStatus
from lotsen_app.domain.errors import ValidationError
from lotsen_app.persistence.appointment_repository import (
    AppointmentRepository,
    AuthorityRepository,
    authority_data,
    fill_authority,
)
from lotsen_app.persistence.models import (
    Appointment,
    Authority,
    Contact,
    ContactClient,
    ContactStep,
    Task,
)
from lotsen_app.persistence.repositories import (
    ClientRepository,
    GuideRepository,
    SettingRepository,
    record_audit,
)
from lotsen_app.reports.ics import IcsDetail, appointments_to_ics, calendar_rows
from lotsen_app.services.authority_directory import (
    DirectoryImportResult,
    merge_directory,
    read_directory_csv,
    write_directory_csv,
)
from lotsen_app.services.base import Service
from lotsen_app.services.consent import check_health_consent
from lotsen_app.services.deadlines import DeadlineService
from lotsen_app.services.files import write_atomically
from lotsen_app.services.settings import DEFAULT_STATE, STATE_SETTING


def new_external_key() -> str:
    """A key that identifies a directory entry across every guide's copy of the directory."""
    return uuid.uuid4().hex[:12]


class AuthorityService(Service):
    def rows(self) -> list[AuthorityData]:
        with self.database.session() as session:
            return [authority_data(row) for row in AuthorityRepository(session).all()]

    def get(self, authority_id: int) -> AuthorityData:
        with self.database.session() as session:
            return authority_data(AuthorityRepository(session).get(authority_id))

    def usage(self) -> dict[int, int]:
        """How many appointments each authority has (only authorities that have any)."""
        with self.database.session() as session:
            return AuthorityRepository(session).usage()

    def usage_counts(self) -> dict[int, AuthorityUsage]:
        """Appointments and contacts per authority (only authorities that have any)."""
        with self.database.session() as session:
            return AuthorityRepository(session).usage_counts()

    def save(self, data: AuthorityData) -> int:
        """Create (``data.id`` is None) or update one entry; returns its id."""
        errors = validate_authority(data)
        if errors:
            raise ValidationError(errors)
        with self.database.session() as session:
            repository = AuthorityRepository(session)
            if data.id is None:
                row = Authority(external_key=data.external_key.strip() or new_external_key())
                session.add(row)
            else:
                row = repository.get(data.id)
                if data.external_key.strip():
                    row.external_key = data.external_key.strip()
            fill_authority(row, data)
            session.flush()
            record_audit(
                session,
                at=self.now(),
                action="angelegt" if data.id is None else "geändert",
                entity="authority",
                entity_id=row.id,
            )
            return row.id

    def import_csv(self, path: Path) -> DirectoryImportResult:
        """Create and update entries from a directory file: all rows or, if one is bad, none."""
        parsed = read_directory_csv(path)
        if parsed.errors:
            return DirectoryImportResult(errors=parsed.errors)
        with self.database.session() as session:
            result = merge_directory(
                session, parsed.entries, now=self.now(), new_key=new_external_key
            )
        return replace(result, ignored_columns=parsed.ignored_columns)

    def export_csv(self, path: Path) -> int:
        """Write the whole directory as CSV (for Excel); returns the number of entries."""
        rows = self.rows()
        write_directory_csv(path, rows)
        return len(rows)

    def delete(self, authority_id: int) -> None:
        """Remove an entry that no appointment or contact uses.

        An entry in use is refused (German ValidationError): appointments and contacts would
        lose where they happened, and the monthly summary counts contacts by authority.
        """
        with self.database.session() as session:
            repository = AuthorityRepository(session)
            authority = repository.get(authority_id)
            usage = repository.usage_of(authority_id)
            if usage.used:
                raise ValidationError(
                    {
                        "authority": f"Die Stelle „{authority.name}“ wird von {usage.text()} "
                        "verwendet und kann deshalb nicht gelöscht werden. Bitte die Stelle "
                        "stattdessen bearbeiten, z. B. Name, Adresse oder Öffnungszeiten "
                        "ändern."
                    }
                )
            session.delete(authority)
            record_audit(
                session,
                at=self.now(),
                action="gelöscht",
                entity="authority",
                entity_id=authority_id,
            )


class AppointmentService(Service):
    # --- reading ---------------------------------------------------------------------------

    def get(self, appointment_id: int) -> AppointmentRow:
        with self.database.session() as session:
            AppointmentRepository(session).get(appointment_id)
            return AppointmentRepository(session).rows(ids=[appointment_id])[0]

    def rows(
        self, start: datetime, end: datetime, *, guide_id: int | None = None
    ) -> list[AppointmentRow]:
        """Every appointment overlapping [start, end), optionally only one guide's."""
        with self.database.session() as session:
            return AppointmentRepository(session).rows(start=start, end=end, guide_id=guide_id)

    def for_client(self, client_id: int) -> list[AppointmentRow]:
        with self.database.session() as session:
            return AppointmentRepository(session).rows(client_id=client_id)

    def upcoming(
        self, *, within: timedelta, guide_id: int | None = None, now: datetime | None = None
    ) -> list[AppointmentRow]:
        """Planned appointments that start between now and now + within."""
        start = now or self.now()
        with self.database.session() as session:
            rows = AppointmentRepository(session).rows(
                start=start,
                end=start + within,
                guide_id=guide_id,
                statuses=[AppointmentStatus.PLANNED],
            )
        return [row for row in rows if row.starts_at >= start]

    def history(self, appointment_id: int) -> list[AppointmentRow]:
        """The chain of moves this appointment belongs to, oldest first."""
        with self.database.session() as session:
            repository = AppointmentRepository(session)
            chain = repository.history_ids(appointment_id)
            by_id = {row.id: row for row in repository.rows(ids=chain)}
            return [by_id[i] for i in chain]

    def ics_for(
        self,
        appointment_ids: Iterable[int] | None = None,
        *,
        guide_id: int | None = None,
        start: datetime | None = None,
        end: datetime | None = None,
        detail: IcsDetail = IcsDetail.INITIALS,
    ) -> bytes:
        """A calendar file: the given appointments, or those in [start, end) (default: now and
        the next 8 weeks), optionally only one guide's. Moved (old) appointments are left out."""
        with self.database.session() as session:
            data, _events = self._ics(session, appointment_ids, guide_id, start, end, detail)
        return data

    def export_ics(
        self,
        path: Path,
        appointment_ids: Iterable[int] | None = None,
        *,
        guide_id: int | None = None,
        start: datetime | None = None,
        end: datetime | None = None,
        detail: IcsDetail = IcsDetail.INITIALS,
    ) -> int:
        """Write a calendar file (whole or not at all); returns the number of events.

        One transaction: the audit line is only kept when the file was written.
        """
        with self.database.session() as session:
            data, events = self._ics(session, appointment_ids, guide_id, start, end, detail)
            record_audit(
                session,
                at=self.now(),
                action="exportiert",
                entity="appointment",
                entity_id=None,
                detail=f"ICS, {events} Termine, {detail.name or 'INITIALS'}",
            )
            write_atomically(path, data)
        return events

    def _ics(
        self,
        session: Session,
        appointment_ids: Iterable[int] | None,
        guide_id: int | None,
        start: datetime | None,
        end: datetime | None,
        detail: IcsDetail,
    ) -> tuple[bytes, int]:
        repository = AppointmentRepository(session)
        if appointment_ids is not None:
            ids = list(appointment_ids)
            for appointment_id in ids:
                repository.get(appointment_id)  # NotFoundError (German) when gone
            rows = repository.rows(ids=ids, guide_id=guide_id)
        else:
            begin = start or self.now()
            rows = repository.rows(
                start=begin, end=end or begin + timedelta(weeks=8), guide_id=guide_id
            )
        data = appointments_to_ics(rows, stamp=self.now(), detail=detail)
        return data, len(calendar_rows(rows))

    def data_for(self, appointment_id: int) -> NewAppointment:
        """The stored appointment as the dialog edits it."""
        with self.database.session() as session:
            repository = AppointmentRepository(session)
            return self._data_of(repository, repository.get(appointment_id))

    @staticmethod
    def _data_of(repository: AppointmentRepository, appointment: Appointment) -> NewAppointment:
        people = repository.client_refs([appointment.id]).get(appointment.id, [])
        return NewAppointment(
            client_ids=tuple(person.id for person in people),
            starts_at=appointment.starts_at,
            duration_minutes=appointment.duration_minutes,
            authority_id=appointment.authority_id,
            guide_id=appointment.guide_id,
            place=appointment.place,
            room=appointment.room,
            purpose=appointment.purpose,
            checklist=checklist_from_json(appointment.checklist),
            mode=AppointmentMode(appointment.mode),
            interpreter_name=appointment.interpreter_name,
            interpreter_language=appointment.interpreter_language,
        )

    def prefill_checklist(
        self, authority_id: int | None, purpose: str
    ) -> tuple[ChecklistItem, ...]:
        documents: list[str] = []
        if authority_id is not None:
            with self.database.session() as session:
                documents = authority_data(AuthorityRepository(session).get(authority_id)).documents
        return prefill_checklist(documents, purpose)

    def warnings(self, data: NewAppointment, appointment_id: int | None = None) -> list[str]:
        """Double bookings, opening hours, holidays, the past: shown before saving."""
        with self.database.session() as session:
            return self._warnings(session, data, appointment_id)

    def _warnings(
        self, session: Session, data: NewAppointment, appointment_id: int | None
    ) -> list[str]:
        end = data.starts_at + timedelta(minutes=data.duration_minutes)
        others = AppointmentRepository(session).busy_slots(
            data.starts_at, end, guide_id=data.guide_id, client_ids=data.client_ids
        )
        state = SettingRepository(session).get(STATE_SETTING, DEFAULT_STATE)
        hours: OpeningHours | None = None
        authority_name = ""
        if data.authority_id is not None:
            authority = authority_data(AuthorityRepository(session).get(data.authority_id))
            hours, authority_name, state = authority.opening_hours, authority.name, authority.state
        guide_name = ""
        if data.guide_id is not None:
            guide = GuideRepository(session).get(data.guide_id)
            guide_name = f"{guide.given_name} {guide.family_name}"
        clients = ClientRepository(session)
        names = {}
        for client_id in data.client_ids:
            client = clients.get(client_id)
            names[client_id] = f"{client.given_name} {client.family_name}"
        return appointment_warnings(
            data,
            others=others,
            opening_hours=hours,
            authority_name=authority_name,
            state=state,
            now=self.now(),
            guide_name=guide_name,
            client_names=names,
            appointment_id=appointment_id,
        )

    # --- writing ---------------------------------------------------------------------------

    def create(self, data: NewAppointment, *, moved_from_id: int | None = None) -> int:
        errors = validate_appointment(data)
        if errors:
            raise ValidationError(errors)
        with self.database.session() as session:
            return self._create(session, data, moved_from_id)

    def _create(self, session: Session, data: NewAppointment, moved_from_id: int | None) -> int:
        self._check_links(session, data)
        now = self.now()
        appointment = Appointment(
            status=AppointmentStatus.PLANNED.value,
            moved_from_id=moved_from_id,
            created_at=now,
            updated_at=now,
        )
        self._fill(appointment, data)
        session.add(appointment)
        session.flush()
        AppointmentRepository(session).set_clients(appointment.id, data.client_ids)
        record_audit(
            session, at=now, action="angelegt", entity="appointment", entity_id=appointment.id
        )
        return appointment.id

    def update(self, appointment_id: int, data: NewAppointment) -> None:
        errors = validate_appointment(data)
        if errors:
            raise ValidationError(errors)
        with self.database.session() as session:
            repository = AppointmentRepository(session)
            appointment = repository.get(appointment_id)
            if appointment.status != AppointmentStatus.PLANNED.value:
                raise ValidationError({"status": _ONLY_PLANNED_UPDATE})
            self._check_links(session, data)
            self._fill(appointment, data)
            appointment.updated_at = self.now()
            repository.set_clients(appointment_id, data.client_ids)
            record_audit(
                session,
                at=self.now(),
                action="geändert",
                entity="appointment",
                entity_id=appointment_id,
            )

    def set_checklist(self, appointment_id: int, items: tuple[ChecklistItem, ...]) -> None:
        """Tick or untick what to bring (saved at once, from Heute or the agenda)."""
        with self.database.session() as session:
            appointment = AppointmentRepository(session).get(appointment_id)
            if appointment.status == AppointmentStatus.MOVED.value:
                raise ValidationError({"checklist": _MOVED})
            appointment.checklist = checklist_to_json(items)
            appointment.updated_at = self.now()

    def move(
        self, appointment_id: int, new_start: datetime, duration_minutes: int | None = None
    ) -> int:
        """A new appointment at the new time; the old one stays as "verschoben" (history).

        One transaction: the copy is made from the appointment as this session reads it.
        """
        with self.database.session() as session:
            repository = AppointmentRepository(session)
            appointment = repository.get(appointment_id)
            if appointment.status != AppointmentStatus.PLANNED.value:
                raise ValidationError(
                    {"status": "Nur ein geplanter Termin kann verschoben werden."}
                )
            old = self._data_of(repository, appointment)
            data = replace(
                old,
                starts_at=new_start,
                duration_minutes=duration_minutes or old.duration_minutes,
            )
            errors = validate_appointment(data)
            if errors:
                raise ValidationError(errors)
            appointment.status = AppointmentStatus.MOVED.value
            appointment.updated_at = self.now()
            record_audit(
                session,
                at=self.now(),
                action="verschoben",
                entity="appointment",
                entity_id=appointment_id,
            )
            return self._create(session, data, appointment_id)

    def cancel(self, appointment_id: int, reason: str = "") -> None:
        """Only a planned appointment can be cancelled."""
        self.record_outcome(
            AppointmentOutcome(
                appointment_id=appointment_id, status=AppointmentStatus.CANCELLED, outcome=reason
            )
        )

    def record_outcome(self, data: AppointmentOutcome) -> int | None:
        """Status and outcome; for a held appointment the contact with its steps; follow-ups.

        One transaction: the contact, its steps, the tasks and deadlines are saved together or
        not at all. Returns the contact's id (None when no contact was recorded).
        """
        errors = validate_outcome(data)
        if errors:
            raise ValidationError(errors)
        with self.database.session() as session:
            repository = AppointmentRepository(session)
            appointment = repository.get(data.appointment_id)
            self._check_outcome_allowed(repository, appointment, data.status)
            client_ids = repository.client_ids(appointment.id)
            now = self.now()
            appointment.status = data.status.value
            appointment.outcome = data.outcome.strip()
            appointment.updated_at = now
            contact_id = None
            if data.status == AppointmentStatus.DONE:
                contact_id = self._record_contact(session, appointment, client_ids, data)
            self._record_followups(session, appointment, client_ids, data)
            record_audit(
                session,
                at=now,
                action=f"ergebnis:{data.status.value}",
                entity="appointment",
                entity_id=appointment.id,
            )
            return contact_id

    def _check_outcome_allowed(
        self, repository: AppointmentRepository, appointment: Appointment, status: AppointmentStatus
    ) -> None:
        """The status rules, read in the transaction that writes the outcome."""
        if appointment.status == AppointmentStatus.MOVED.value:
            raise ValidationError({"status": _MOVED})
        if (
            status == AppointmentStatus.CANCELLED
            and appointment.status != AppointmentStatus.PLANNED.value
        ):
            raise ValidationError({"status": "Nur ein geplanter Termin kann abgesagt werden."})
        if appointment.status == AppointmentStatus.DONE.value or repository.has_contact(
            appointment.id
        ):
            raise ValidationError(
                {
                    "status": "Für diesen Termin ist schon eingetragen, dass er stattgefunden "
                    "hat (mit Kontakt). Ein zweiter Kontakt kann nicht erfasst werden."
                }
            )
        if status != AppointmentStatus.CANCELLED and appointment.starts_at > self.now():
            raise ValidationError({"status": "Der Termin hat noch nicht stattgefunden."})

    def _record_contact(
        self,
        session: Session,
        appointment: Appointment,
        client_ids: list[int],
        data: AppointmentOutcome,
    ) -> int:
        check_health_consent(session, client_ids, data.topics)
        contact = Contact(
            guide_id=appointment.guide_id,
            occurred_on=data.occurred_on or appointment.starts_at.date(),
            duration_minutes=data.duration_minutes or appointment.duration_minutes,
            kind=data.contact_kind.value,
            topics=tuple(topic.value for topic in data.topics),
            authority_id=appointment.authority_id,
            appointment_id=appointment.id,
            note=data.outcome.strip(),
            created_at=self.now(),
        )
        session.add(contact)
        session.flush()
        for client_id in client_ids:
            session.add(ContactClient(contact_id=contact.id, client_id=client_id))
        # The steps are the single client's; for a family appointment the outcome does not
        # say whose step each was, so they stay the whole contact's (NULL: they count for
        # every person of the appointment, as the contact dialog's unassigned steps do).
        step_client = client_ids[0] if len(client_ids) == 1 else None
        for step in data.steps:
            if step.description.strip():
                session.add(
                    ContactStep(
                        contact_id=contact.id,
                        description=step.description.strip(),
                        actor=step.actor,
                        client_id=step_client,
                    )
                )
        record_audit(
            session, at=self.now(), action="angelegt", entity="contact", entity_id=contact.id
        )
        return contact.id

    def _record_followups(
        self,
        session: Session,
        appointment: Appointment,
        client_ids: list[int],
        data: AppointmentOutcome,
    ) -> None:
        deadline_service = DeadlineService(self.database, self.clock)
        authority_name = ""
        if appointment.authority_id is not None:
            authority_name = AuthorityRepository(session).get(appointment.authority_id).name
        first_deadline = None
        for new in data.deadlines:
            if new.client_id not in client_ids:
                raise ValidationError({"client": "Die Frist gehört zu einer anderen Person."})
            deadline_id = deadline_service._create(
                session,
                NewDeadline(
                    client_id=new.client_id,
                    kind=new.kind,
                    title=new.title,
                    authority_name=new.authority_name or authority_name,
                    note=new.note,
                    rule=new.rule,
                    fixed_due=new.fixed_due,
                ),
            )
            first_deadline = first_deadline or deadline_id
        default_client = data.task_client_id or (client_ids[0] if client_ids else None)
        for task in data.tasks:
            task_client = task.client_id or default_client
            if task_client not in client_ids:
                raise ValidationError({"tasks": "Die Aufgabe gehört zu einer anderen Person."})
            session.add(
                Task(
                    client_id=task_client,
                    deadline_id=first_deadline,
                    text=task.text.strip(),
                    due_date=task.due,
                    intended_actor=task.intended_actor,
                )
            )

    @staticmethod
    def _fill(appointment: Appointment, data: NewAppointment) -> None:
        appointment.authority_id = data.authority_id
        appointment.guide_id = data.guide_id
        appointment.starts_at = data.starts_at.replace(second=0, microsecond=0, tzinfo=None)
        appointment.duration_minutes = data.duration_minutes
        appointment.place = data.place.strip()
        appointment.room = data.room.strip()
        appointment.purpose = data.purpose.strip()
        appointment.checklist = checklist_to_json(data.checklist)
        appointment.mode = data.mode.value
        appointment.interpreter_name = data.interpreter_name.strip()
        appointment.interpreter_language = data.interpreter_language.strip()

    @staticmethod
    def _check_links(session: Session, data: NewAppointment) -> None:
        """Raises NotFoundError (German) when a client, guide or authority is gone."""
        clients = ClientRepository(session)
        for client_id in data.client_ids:
            clients.get(client_id)
        if data.guide_id is not None:
            GuideRepository(session).get(data.guide_id)
        if data.authority_id is not None:
            AuthorityRepository(session).get(data.authority_id)


_MOVED = "Dieser Termin wurde verschoben; bitte den neuen Termin bearbeiten."
_ONLY_PLANNED_UPDATE = (
    "Nur ein geplanter Termin kann geändert werden. Ein Termin, der stattgefunden hat, "
    "versäumt oder abgesagt wurde, bleibt so, wie er war."
)
