"""Client records: create, edit, find look-alikes, close and reopen cases, assign guides."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from lotsen_app.domain.clients import (
    CaseClosing,
    ClientInput,
    ClientRow,
    require_valid_client,
    validate_closing,
)
from lotsen_app.domain.enums import AssignmentRole, ClientStatus, ClosingReason
from lotsen_app.domain.errors import ValidationError
from lotsen_app.domain.names import fold, person_key
from lotsen_app.persistence.models import Assignment, Client, ClientStatusChange
from lotsen_app.persistence.repositories import (
    ClientRepository,
    GuideRepository,
    record_audit,
)
from lotsen_app.services.base import Service

_INPUT_FIELDS = tuple(field.name for field in fields(ClientInput) if field.name != "opened_on")


@dataclass(frozen=True)
class SimilarClient:
    id: int
    given_name: str
    family_name: str
    birth_year: int | None
    status: ClientStatus

    @property
    def description(self) -> str:
        born = f", geb. {self.birth_year}" if self.birth_year else ""
        return f"{self.given_name} {self.family_name}{born} ({self.status.label})"


@dataclass(frozen=True)
class AssignmentInfo:
    id: int
    guide_id: int
    guide_name: str
    role: AssignmentRole
    start_date: date
    end_date: date | None
    handover_note: str


@dataclass(frozen=True)
class StatusChangeInfo:
    status: ClientStatus
    changed_on: date
    reason: ClosingReason | None
    note: str


@dataclass(frozen=True)
class ClientDetails:
    id: int
    data: ClientInput
    status: ClientStatus
    status_since: date
    opened_on: date
    closed_on: date | None
    closing_reason: ClosingReason | None
    assignments: tuple[AssignmentInfo, ...]
    history: tuple[StatusChangeInfo, ...]

    @property
    def open_assignments(self) -> tuple[AssignmentInfo, ...]:
        return tuple(a for a in self.assignments if a.end_date is None)


def search_text_for(given_name: str, family_name: str) -> str:
    return fold(f"{given_name} {family_name}")


def _apply(client: Client, data: ClientInput) -> None:
    for name in _INPUT_FIELDS:
        setattr(client, name, getattr(data, name))
    client.search_text = search_text_for(data.given_name, data.family_name)
    client.name_key = person_key(data.given_name, data.family_name)


def new_client(data: ClientInput, *, opened_on: date, now: datetime) -> Client:
    """A new, active client record with its first status entry, not yet added to a session.

    ``data`` must already be validated and normalised (:func:`require_valid_client`).
    Shared by :meth:`ClientService.create` and the spreadsheet import.
    """
    client = Client(
        status=ClientStatus.ACTIVE,
        status_since=opened_on,
        opened_on=opened_on,
        created_at=now,
        updated_at=now,
    )
    _apply(client, data)
    client.status_changes.append(
        ClientStatusChange(status=ClientStatus.ACTIVE, changed_on=opened_on, note="")
    )
    return client


class ClientService(Service):
    def list_rows(self) -> list[ClientRow]:
        with self.database.session() as session:
            return ClientRepository(session).rows()

    def names_for(self, client_ids: Iterable[int]) -> dict[int, str]:
        """ "Given Family" for just these clients (the appointment dialog shows its persons)."""
        with self.database.session() as session:
            return {
                client_id: f"{given} {family}".strip()
                for client_id, (given, family) in ClientRepository(session)
                .names(client_ids)
                .items()
            }

    def lead_guide_ids(self, client_ids: Iterable[int]) -> dict[int, int]:
        """The current lead guide of each of these clients that has one."""
        with self.database.session() as session:
            return ClientRepository(session).lead_guide_ids(client_ids)

    def interpreter_languages(self, client_ids: Iterable[int]) -> dict[int, str]:
        """The language to interpret into for each of these clients whose record says an
        interpreter is needed: the letter language, else the first language that is not German."""
        ids = list(client_ids)
        if not ids:
            return {}
        query = select(Client.id, Client.preferred_language, Client.languages).where(
            Client.id.in_(ids), Client.interpreter_needed.is_(True)
        )
        result: dict[int, str] = {}
        with self.database.session() as session:
            for client_id, preferred, languages in session.execute(query):
                candidates = [preferred, *(languages or ())]
                language = next((code for code in candidates if code and code != "de"), None)
                if language is not None:
                    result[client_id] = language
        return result

    def without_guide(self) -> list[ClientRow]:
        with self.database.session() as session:
            return ClientRepository(session).rows(without_guide=True)

    def caseload(self, guide_id: int) -> list[ClientRow]:
        with self.database.session() as session:
            return ClientRepository(session).rows(guide_id=guide_id)

    def exists(self, client_id: int) -> bool:
        with self.database.session() as session:
            return session.get(Client, client_id) is not None

    def get(self, client_id: int) -> ClientDetails:
        with self.database.session() as session:
            repository = ClientRepository(session)
            client = repository.get(client_id)
            data = ClientInput(
                **{name: getattr(client, name) for name in _INPUT_FIELDS},
                opened_on=client.opened_on,
            )
            assignments = tuple(
                AssignmentInfo(
                    id=assignment.id,
                    guide_id=guide.id,
                    guide_name=f"{guide.given_name} {guide.family_name}",
                    role=assignment.role,
                    start_date=assignment.start_date,
                    end_date=assignment.end_date,
                    handover_note=assignment.handover_note,
                )
                for assignment, guide in repository.assignment_history(client_id)
            )
            history = tuple(
                StatusChangeInfo(change.status, change.changed_on, change.reason, change.note)
                for change in client.status_changes
            )
            return ClientDetails(
                id=client.id,
                data=data,
                status=client.status,
                status_since=client.status_since,
                opened_on=client.opened_on,
                closed_on=client.closed_on,
                closing_reason=client.closing_reason,
                assignments=assignments,
                history=history,
            )

    def find_similar(self, data: ClientInput, exclude_id: int | None = None) -> list[SimilarClient]:
        """Clients whose name is the same up to accents, transliteration or order, and whose
        birth year does not contradict (same year, or unknown on either side)."""
        key = person_key(data.given_name, data.family_name)
        if not key:
            return []
        year = data.birth_date.year if data.birth_date else data.birth_year
        with self.database.session() as session:
            return [
                SimilarClient(c.id, c.given_name, c.family_name, c.birth_year, c.status)
                for c in ClientRepository(session).by_name_key(key)
                if c.id != exclude_id and (year is None or c.birth_year in (None, year))
            ]

    def create(self, data: ClientInput, *, guide_id: int | None = None) -> int:
        today = self.today()
        data = require_valid_client(data, today)
        opened_on = data.opened_on or today
        now = self.now()
        with self.database.session() as session:
            client = new_client(data, opened_on=opened_on, now=now)
            ClientRepository(session).add(client)
            if guide_id is not None:
                self._assign(session, client, guide_id, AssignmentRole.LEAD, opened_on)
            record_audit(session, at=now, action="angelegt", entity="client", entity_id=client.id)
            return client.id

    def update(self, client_id: int, data: ClientInput) -> None:
        data = require_valid_client(data, self.today())
        with self.database.session() as session:
            client = ClientRepository(session).get(client_id)
            _apply(client, data)
            if data.opened_on is not None and client.status_changes:
                client.opened_on = data.opened_on
            client.updated_at = self.now()
            record_audit(
                session, at=self.now(), action="geändert", entity="client", entity_id=client_id
            )

    def close_case(self, client_id: int, closing: CaseClosing) -> None:
        with self.database.session() as session:
            client = ClientRepository(session).get(client_id)
            if client.status == ClientStatus.CLOSED:
                raise ValidationError({"status": "Der Fall ist bereits abgeschlossen."})
            errors = validate_closing(closing, client.opened_on, self.today())
            if errors:
                raise ValidationError(errors)
            for assignment in ClientRepository(session).open_assignments(client_id):
                assignment.end_date = max(closing.closed_on, assignment.start_date)
            client.status = ClientStatus.CLOSED
            client.status_since = closing.closed_on
            client.closed_on = closing.closed_on
            client.closing_reason = closing.reason
            client.status_changes.append(
                ClientStatusChange(
                    status=ClientStatus.CLOSED,
                    changed_on=closing.closed_on,
                    reason=closing.reason,
                    note=closing.note.strip(),
                )
            )
            client.updated_at = self.now()
            record_audit(
                session, at=self.now(), action="abgeschlossen", entity="client", entity_id=client_id
            )

    def reopen_case(self, client_id: int, on: date | None = None, note: str = "") -> None:
        """Reopen a closed or paused case; the guide who led it before leads again if active."""
        on = on or self.today()
        with self.database.session() as session:
            repository = ClientRepository(session)
            client = repository.get(client_id)
            if client.status == ClientStatus.ACTIVE:
                raise ValidationError({"status": "Der Fall ist bereits offen."})
            if on > self.today():
                raise ValidationError({"reopened_on": "Das Datum liegt in der Zukunft."})
            if on < client.status_since:
                raise ValidationError(
                    {"reopened_on": "Das Datum liegt vor dem Abschluss bzw. der Pause."}
                )
            was_closed = client.status == ClientStatus.CLOSED
            client.status = ClientStatus.ACTIVE
            client.status_since = on
            client.closed_on = None
            client.closing_reason = None
            client.status_changes.append(
                ClientStatusChange(status=ClientStatus.ACTIVE, changed_on=on, note=note.strip())
            )
            if was_closed and not repository.open_assignments(client_id):
                last_lead = next(
                    (
                        a
                        for a, guide in repository.assignment_history(client_id)
                        if a.role == AssignmentRole.LEAD and guide.active
                    ),
                    None,
                )
                if last_lead is not None:
                    self._assign(session, client, last_lead.guide_id, AssignmentRole.LEAD, on)
            client.updated_at = self.now()
            record_audit(
                session,
                at=self.now(),
                action="wieder geöffnet",
                entity="client",
                entity_id=client_id,
            )

    def pause_case(self, client_id: int, on: date | None = None, note: str = "") -> None:
        on = on or self.today()
        with self.database.session() as session:
            client = ClientRepository(session).get(client_id)
            if client.status != ClientStatus.ACTIVE:
                raise ValidationError({"status": "Nur ein offener Fall kann pausiert werden."})
            if on > self.today() or on < client.status_since:
                raise ValidationError({"paused_on": "Das Datum passt nicht zum Verlauf des Falls."})
            client.status = ClientStatus.PAUSED
            client.status_since = on
            client.status_changes.append(
                ClientStatusChange(status=ClientStatus.PAUSED, changed_on=on, note=note.strip())
            )
            client.updated_at = self.now()
            record_audit(
                session, at=self.now(), action="pausiert", entity="client", entity_id=client_id
            )

    def assign_guide(
        self,
        client_id: int,
        guide_id: int,
        role: AssignmentRole = AssignmentRole.SUPPORT,
        start: date | None = None,
        handover_note: str = "",
    ) -> None:
        """Add a guide. The first guide leads; a new lead turns the previous lead into support."""
        start = start or self.today()
        with self.database.session() as session:
            client = ClientRepository(session).get(client_id)
            self._assign(session, client, guide_id, role, start, handover_note)
            record_audit(
                session,
                at=self.now(),
                action="zugeordnet",
                entity="assignment",
                entity_id=client_id,
            )

    def _assign(
        self,
        session: Session,
        client: Client,
        guide_id: int,
        role: AssignmentRole,
        start: date,
        handover_note: str = "",
    ) -> None:
        guide = GuideRepository(session).get(guide_id)
        if client.status == ClientStatus.CLOSED:
            raise ValidationError(
                {"guide": "Der Fall ist abgeschlossen. Bitte zuerst wieder öffnen."}
            )
        if not guide.active:
            raise ValidationError(
                {"guide": f"{guide.given_name} {guide.family_name} ist nicht mehr aktiv."}
            )
        if start > self.today():
            raise ValidationError({"start": "Der Beginn liegt in der Zukunft."})
        current = ClientRepository(session).open_assignments(client.id)
        if any(a.guide_id == guide_id for a in current):
            existing = next(a for a in current if a.guide_id == guide_id)
            if role == AssignmentRole.LEAD and existing.role != AssignmentRole.LEAD:
                self._make_lead(session, current, existing, start, handover_note)
                return
            raise ValidationError(
                {"guide": f"{guide.given_name} {guide.family_name} begleitet bereits."}
            )
        lead = next((a for a in current if a.role == AssignmentRole.LEAD), None)
        if lead is None:
            role = AssignmentRole.LEAD
        elif role == AssignmentRole.LEAD:
            self._end_and_continue(session, lead, AssignmentRole.SUPPORT, start, "")
        session.add(
            Assignment(
                client_id=client.id,
                guide_id=guide_id,
                role=role,
                start_date=start,
                handover_note=handover_note.strip(),
            )
        )
        session.flush()

    def _make_lead(
        self,
        session: Session,
        current: list[Assignment],
        new_lead: Assignment,
        start: date,
        handover_note: str,
    ) -> None:
        old_lead = next((a for a in current if a.role == AssignmentRole.LEAD), None)
        if old_lead is not None:
            self._end_and_continue(session, old_lead, AssignmentRole.SUPPORT, start, "")
        self._end_and_continue(session, new_lead, AssignmentRole.LEAD, start, handover_note)

    @staticmethod
    def _end_and_continue(
        session: Session, assignment: Assignment, role: AssignmentRole, on: date, note: str
    ) -> None:
        """End an assignment and continue the same guide in another role, keeping the history.

        Only a row that started that very day and holds nothing else (no handover note) is
        changed in place: a lead taken over and handed on the same day stays a (zero-length)
        lead row with its note, so that the history still says who led.
        """
        if assignment.start_date == on and not assignment.handover_note:
            assignment.role = role
            if note:
                assignment.handover_note = note.strip()
            session.flush()
            return
        assignment.end_date = on
        session.flush()
        session.add(
            Assignment(
                client_id=assignment.client_id,
                guide_id=assignment.guide_id,
                role=role,
                start_date=on,
                handover_note=note.strip(),
            )
        )
        session.flush()

    def end_assignment(self, assignment_id: int, end: date | None = None) -> None:
        end = end or self.today()
        with self.database.session() as session:
            assignment = session.get(Assignment, assignment_id)
            if assignment is None or assignment.end_date is not None:
                raise ValidationError({"assignment": "Diese Zuordnung ist bereits beendet."})
            if end < assignment.start_date:
                raise ValidationError({"end": "Das Ende liegt vor dem Beginn der Zuordnung."})
            others = [
                a
                for a in ClientRepository(session).open_assignments(assignment.client_id)
                if a.id != assignment.id
            ]
            if assignment.role == AssignmentRole.LEAD and others:
                raise ValidationError(
                    {
                        "assignment": "Bitte zuerst eine andere Person als hauptverantwortlich "
                        "festlegen, dann diese Zuordnung beenden."
                    }
                )
            assignment.end_date = end
            record_audit(
                session,
                at=self.now(),
                action="Zuordnung beendet",
                entity="assignment",
                entity_id=assignment.id,
            )
