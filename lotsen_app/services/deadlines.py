"""Deadlines and incoming letters: record, compute, track, close."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from lotsen_app.domain.deadline_tracking import (
    DeadlineRow,
    LetterInput,
    LetterRow,
    NewDeadline,
    NewTask,
    scan_mime_type,
    start_alert_counts,
    validate_letter,
    validate_new_deadline,
)
from lotsen_app.domain.deadlines import DeadlineInput, DeadlineResult, compute_deadline
from lotsen_app.domain.enums import DeadlineStatus, StepActor
from lotsen_app.domain.errors import ValidationError
from lotsen_app.persistence.models import Deadline, IncomingLetter, Task
from lotsen_app.persistence.repositories import (
    ClientRepository,
    DeadlineRepository,
    LetterRepository,
    record_audit,
)
from lotsen_app.services.base import Service
from lotsen_app.services.settings import DEFAULT_STATE as DEFAULT_STATE
from lotsen_app.services.settings import STATE_SETTING as STATE_SETTING
from lotsen_app.services.settings import SettingsService as SettingsService

# SettingsService and its constants moved to services/settings.py; re-exported above.


class DeadlineService(Service):
    @staticmethod
    def compute(data: DeadlineInput) -> DeadlineResult:
        return compute_deadline(data)

    def create(self, data: NewDeadline) -> int:
        with self.database.session() as session:
            return self._create(session, data)

    def _create(self, session: Session, data: NewDeadline) -> int:
        errors = validate_new_deadline(data)
        if errors:
            raise ValidationError(errors)
        ClientRepository(session).get(data.client_id)
        deadline = Deadline(
            client_id=data.client_id,
            letter_id=data.letter_id,
            kind=data.kind.value,
            title=data.title.strip(),
            authority_name=data.authority_name.strip(),
            note=data.note.strip(),
            status=DeadlineStatus.OPEN.value,
            created_at=self.now(),
        )
        if data.rule is not None:
            result = compute_deadline(data.rule)  # raises DeadlineInputError (German) on bad input
            deadline.procedure = data.rule.procedure.value
            deadline.start_date = data.rule.start
            deadline.received_on = data.rule.received
            deadline.period_value = data.rule.period.value
            deadline.period_unit = data.rule.period.unit.value
            deadline.belehrung_missing = data.rule.belehrung_missing
            deadline.state = data.rule.state
            deadline.shift_excluded = data.rule.shift_excluded
            deadline.delivered_on = result.delivered
            deadline.due_date = result.deadline
            deadline.explanation = "\n".join(result.steps)
        else:
            assert data.fixed_due is not None
            deadline.due_date = data.fixed_due
            deadline.explanation = "Datum aus dem Brief übernommen (nicht berechnet)."
        session.add(deadline)
        session.flush()
        record_audit(
            session, at=self.now(), action="angelegt", entity="deadline", entity_id=deadline.id
        )
        return deadline.id

    def open_rows(self) -> list[DeadlineRow]:
        with self.database.session() as session:
            return DeadlineRepository(session).rows(statuses=[DeadlineStatus.OPEN.value])

    def all_rows(self) -> list[DeadlineRow]:
        with self.database.session() as session:
            return DeadlineRepository(session).rows()

    def for_client(self, client_id: int) -> list[DeadlineRow]:
        with self.database.session() as session:
            return DeadlineRepository(session).rows(client_id=client_id)

    def mark_done(self, deadline_id: int, done_on: date, actor: StepActor) -> None:
        with self.database.session() as session:
            deadline = DeadlineRepository(session).get(deadline_id)
            if deadline.status != DeadlineStatus.OPEN.value:
                raise ValidationError({"status": "Diese Frist ist nicht mehr offen."})
            if done_on > self.today():
                raise ValidationError({"done_on": "Das Datum liegt in der Zukunft."})
            deadline.status = DeadlineStatus.DONE.value
            deadline.done_on = done_on
            deadline.done_by = actor
            record_audit(
                session, at=self.now(), action="erledigt", entity="deadline", entity_id=deadline_id
            )

    def mark_missed(self, deadline_id: int) -> None:
        with self.database.session() as session:
            deadline = DeadlineRepository(session).get(deadline_id)
            if deadline.status != DeadlineStatus.OPEN.value:
                raise ValidationError({"status": "Diese Frist ist nicht mehr offen."})
            deadline.status = DeadlineStatus.MISSED.value
            deadline.done_on = self.today()
            deadline.done_by = None
            record_audit(
                session, at=self.now(), action="versäumt", entity="deadline", entity_id=deadline_id
            )

    def reopen(self, deadline_id: int) -> None:
        with self.database.session() as session:
            deadline = DeadlineRepository(session).get(deadline_id)
            deadline.status = DeadlineStatus.OPEN.value
            deadline.done_on = None
            deadline.done_by = None
            record_audit(
                session,
                at=self.now(),
                action="wieder offen",
                entity="deadline",
                entity_id=deadline_id,
            )

    def start_alert(self) -> tuple[int, int]:
        """(overdue, ending tomorrow) among open deadlines, for the notice at start."""
        return start_alert_counts(self.open_rows(), self.today())


class LetterService(Service):
    def add(self, data: LetterInput) -> int:
        errors = validate_letter(data, self.today())
        if errors:
            raise ValidationError(errors)
        with self.database.session() as session:
            ClientRepository(session).get(data.client_id)
            letter = IncomingLetter(
                client_id=data.client_id,
                authority_name=data.authority_name.strip(),
                subject=data.subject.strip(),
                letter_date=data.letter_date,
                posted_on=data.posted_on,
                received_on=data.received_on,
                delivery_kind=data.delivery_kind,
                file_number=data.file_number.strip(),
                scan=data.scan,
                scan_mime=(scan_mime_type(data.scan) or "") if data.scan else "",
                created_at=self.now(),
            )
            session.add(letter)
            session.flush()
            record_audit(
                session, at=self.now(), action="angelegt", entity="letter", entity_id=letter.id
            )
            return letter.id

    def for_client(self, client_id: int) -> list[LetterRow]:
        with self.database.session() as session:
            return LetterRepository(session).rows_for_client(client_id)

    def scan(self, letter_id: int) -> tuple[bytes, str] | None:
        with self.database.session() as session:
            letter = LetterRepository(session).get(letter_id)
            return (letter.scan, letter.scan_mime) if letter.scan else None

    def create_followups(
        self, letter_id: int, deadlines: list[NewDeadline], tasks: list[NewTask]
    ) -> list[int]:
        """The deadlines and tasks a letter starts, in one transaction (all or nothing)."""
        deadline_service = DeadlineService(self.database, self.clock)
        with self.database.session() as session:
            letter = LetterRepository(session).get(letter_id)
            ids = []
            for new in deadlines:
                if new.client_id != letter.client_id:
                    raise ValidationError({"client": "Die Frist gehört zu einer anderen Person."})
                ids.append(
                    deadline_service._create(
                        session,
                        NewDeadline(
                            client_id=new.client_id,
                            kind=new.kind,
                            title=new.title,
                            authority_name=new.authority_name or letter.authority_name,
                            note=new.note,
                            rule=new.rule,
                            fixed_due=new.fixed_due,
                            letter_id=letter_id,
                        ),
                    )
                )
            first_deadline = ids[0] if ids else None
            for task in tasks:
                if not task.text.strip():
                    continue
                session.add(
                    Task(
                        client_id=letter.client_id,
                        deadline_id=first_deadline,
                        text=task.text.strip(),
                        due_date=task.due,
                        intended_actor=task.intended_actor,
                    )
                )
            return ids
