"""What the letters to clients need from the database (issue 5), in one read each.

The letters themselves are built by the pure ``lotsen_app.letters`` and laid out by the printing
edge; this service only gathers the rows, the address window and the suggested language, and
records in the audit log that a letter was printed or saved (kind, id and languages only).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from lotsen_app.domain.appointments import AppointmentRow
from lotsen_app.domain.deadline_tracking import DeadlineRow
from lotsen_app.domain.enums import AppointmentStatus, DeadlineStatus
from lotsen_app.domain.errors import DomainError, NotFoundError
from lotsen_app.domain.languages import LETTER_LANGUAGES
from lotsen_app.letters.model import Organisation, Recipient
from lotsen_app.persistence.appointment_repository import AppointmentRepository
from lotsen_app.persistence.repositories import (
    ClientRepository,
    DeadlineRepository,
    GuideRepository,
    LetterRepository,
    PostalData,
    record_audit,
)
from lotsen_app.services.base import Service
from lotsen_app.services.settings import SettingsService


@dataclass(frozen=True)
class AppointmentLetterData:
    row: AppointmentRow
    recipients: tuple[Recipient, ...]
    language: str


@dataclass(frozen=True)
class DeadlineLetterData:
    row: DeadlineRow
    recipients: tuple[Recipient, ...]
    file_number: str
    language: str


@dataclass(frozen=True)
class ConsentFormData:
    client_id: int
    client_name: str
    recipients: tuple[Recipient, ...]
    guide_name: str
    retention_years: int
    language: str
    encrypted: bool


def _recipient(data: PostalData) -> Recipient:
    return Recipient(
        name=f"{data.given_name} {data.family_name}".strip(),
        street=data.street,
        postal_code=data.postal_code,
        city=data.city,
        family_name=data.family_name,
    )


def _language(postal: Iterable[PostalData]) -> str:
    """The first client's preferred language when letters exist in it, else German."""
    for data in postal:
        return data.preferred_language if data.preferred_language in LETTER_LANGUAGES else "de"
    return "de"


class OutgoingLetterService(Service):
    def organisation(self) -> Organisation:
        settings = SettingsService(self.database, self.clock)
        return Organisation(
            name=settings.organisation_name(),
            address=settings.organisation_address(),
            phone=settings.organisation_phone(),
            logo=settings.organisation_logo(),
            configured=settings.organisation_configured(),
        )

    @staticmethod
    def _postal(session: Session, client_ids: Iterable[int]) -> list[PostalData]:
        ids = list(client_ids)
        found = ClientRepository(session).postal(ids)
        return [found[client_id] for client_id in ids if client_id in found]

    def appointment(self, appointment_id: int) -> AppointmentLetterData:
        """NotFoundError for an unknown appointment, DomainError (German) for one that is not
        planned, already begun or has no client: a confirmation would send someone to the
        wrong place or time."""
        with self.database.session() as session:
            repository = AppointmentRepository(session)
            repository.get(appointment_id)
            row = repository.rows(ids=[appointment_id])[0]
            self._check_printable(repository, row)
            postal = self._postal(session, row.client_ids)
        return AppointmentLetterData(row, tuple(_recipient(p) for p in postal), _language(postal))

    def _check_printable(self, repository: AppointmentRepository, row: AppointmentRow) -> None:
        number = f"Termin Nr. {row.id}"
        if row.status == AppointmentStatus.MOVED:
            later = repository.moved_to(row.id)
            raise DomainError(
                f"{number} wurde verschoben"
                + (
                    f"; bitte die Bestätigung für den neuen Termin Nr. {later} drucken."
                    if later
                    else "."
                )
            )
        if row.status != AppointmentStatus.PLANNED:
            state = {
                AppointmentStatus.DONE: "hat schon stattgefunden",
                AppointmentStatus.CANCELLED: "ist abgesagt",
                AppointmentStatus.MISSED: "wurde versäumt",
            }.get(row.status, "ist nicht geplant")
            raise DomainError(f"{number} {state}: dafür gibt es keine Terminbestätigung.")
        if row.starts_at < self.now():
            raise DomainError(
                f"{number} ({row.starts_at:%d.%m.%Y %H:%M}) hat schon begonnen oder ist vorbei: "
                "dafür gibt es keine Terminbestätigung mehr."
            )
        if not row.clients:
            raise DomainError(f"Zu {number} gehört keine Klient:in, an die der Brief gehen kann.")

    def week(self, monday: date, *, guide_id: int | None = None) -> list[AppointmentLetterData]:
        """The planned appointments with clients from ``monday`` for seven days, by time; on a
        week already under way only those still ahead."""
        first = datetime.combine(monday, datetime.min.time())
        start = max(first, self.now())
        with self.database.session() as session:
            rows = AppointmentRepository(session).rows(
                start=start,
                end=first + timedelta(days=7),
                guide_id=guide_id,
                statuses=[AppointmentStatus.PLANNED],
            )
            rows = [row for row in rows if row.clients and row.starts_at >= start]
            found = ClientRepository(session).postal({i for row in rows for i in row.client_ids})
        letters = []
        for row in sorted(rows, key=lambda r: (r.starts_at, r.id)):
            postal = [found[i] for i in row.client_ids if i in found]
            letters.append(
                AppointmentLetterData(row, tuple(_recipient(p) for p in postal), _language(postal))
            )
        return letters

    def deadline(self, deadline_id: int) -> DeadlineLetterData:
        """NotFoundError for an unknown deadline, DomainError (German) for one that is no longer
        open or already over."""
        with self.database.session() as session:
            rows = DeadlineRepository(session).rows(deadline_id=deadline_id)
            if not rows:
                raise NotFoundError(f"Frist Nr. {deadline_id} gibt es nicht (mehr).")
            row = rows[0]
            if row.status != DeadlineStatus.OPEN:
                state = "ist erledigt" if row.status == DeadlineStatus.DONE else "wurde versäumt"
                raise DomainError(
                    f"Frist Nr. {deadline_id} {state}: dafür gibt es keine Erinnerung."
                )
            if row.due_date < self.today():
                raise DomainError(
                    f"Frist Nr. {deadline_id} ist am {row.due_date:%d.%m.%Y} abgelaufen: "
                    "eine Erinnerung käme zu spät. Bitte mit der Klient:in sprechen."
                )
            postal = self._postal(session, [row.client_id])
            file_number = (
                LetterRepository(session).get(row.letter_id).file_number
                if row.letter_id is not None
                else ""
            )
        return DeadlineLetterData(
            row, tuple(_recipient(p) for p in postal), file_number, _language(postal)
        )

    def consent(self, client_id: int) -> ConsentFormData:
        """NotFoundError (German) for an unknown client."""
        settings = SettingsService(self.database, self.clock)
        with self.database.session() as session:
            client = ClientRepository(session).get(client_id)
            postal = self._postal(session, [client_id])
            lead = ClientRepository(session).lead_guide_ids([client_id]).get(client_id)
            guide = GuideRepository(session).get(lead) if lead is not None else None
            guide_name = f"{guide.given_name} {guide.family_name}" if guide else ""
            name = f"{client.given_name} {client.family_name}".strip()
        return ConsentFormData(
            client_id=client_id,
            client_name=name,
            recipients=tuple(_recipient(p) for p in postal),
            guide_name=guide_name,
            retention_years=settings.retention_years(),
            language=_language(postal),
            encrypted=self.database.encrypted,
        )

    def record_printed(self, entity: str, entity_id: int, document: str, languages: str) -> None:
        """Audit: which document about which record was printed or saved (no personal data)."""
        with self.database.session() as session:
            record_audit(
                session,
                at=self.now(),
                action="gedruckt",
                entity=entity,
                entity_id=entity_id,
                detail=f"{document} ({languages})",
            )
