"""Queries for the authority directory and appointments."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from lotsen_app.domain.appointments import (
    AppointmentRow,
    AuthorityData,
    BusySlot,
    ClientRef,
    OpeningHours,
    checklist_from_json,
)
from lotsen_app.domain.enums import AppointmentMode, AppointmentStatus, AuthorityKind
from lotsen_app.domain.errors import NotFoundError
from lotsen_app.persistence.models import (
    Appointment,
    AppointmentClient,
    Authority,
    Client,
    Guide,
)

# No appointment is longer than this; a range query looks back this far for overlaps.
LONGEST_APPOINTMENT = timedelta(hours=12)


def authority_data(row: Authority) -> AuthorityData:
    try:
        kind = AuthorityKind(row.kind)
    except ValueError:
        kind = AuthorityKind.SONSTIGE
    return AuthorityData(
        id=row.id,
        external_key=row.external_key,
        name=row.name,
        kind=kind,
        street=row.street,
        postal_code=row.postal_code,
        city=row.city,
        department=row.department,
        room=row.room,
        phone=row.phone,
        email=row.email,
        opening_hours=OpeningHours.from_json(row.opening_hours),
        booking_info=row.booking_info,
        usual_documents=row.usual_documents,
        state=row.state,
        is_fictitious=row.is_fictitious,
    )


def fill_authority(row: Authority, data: AuthorityData) -> None:
    row.name = data.name.strip()
    row.kind = data.kind.value
    row.street = data.street.strip()
    row.postal_code = data.postal_code.strip()
    row.city = data.city.strip()
    row.department = data.department.strip()
    row.room = data.room.strip()
    row.phone = data.phone.strip()
    row.email = data.email.strip()
    row.opening_hours = data.opening_hours.to_json()
    row.booking_info = data.booking_info.strip()
    row.usual_documents = "\n".join(data.documents)
    row.state = data.state
    row.is_fictitious = data.is_fictitious


class AuthorityRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, authority_id: int) -> Authority:
        authority = self.session.get(Authority, authority_id)
        if authority is None:
            raise NotFoundError(f"Stelle Nr. {authority_id} gibt es nicht (mehr).")
        return authority

    def all(self) -> Sequence[Authority]:
        return self.session.scalars(select(Authority).order_by(Authority.name, Authority.id)).all()

    def by_external_key(self, key: str) -> Authority | None:
        if not key:
            return None
        return self.session.scalars(
            select(Authority).where(Authority.external_key == key).limit(1)
        ).first()

    def usage(self) -> dict[int, int]:
        """How many appointments each authority has."""
        counts: dict[int, int] = defaultdict(int)
        for authority_id in self.session.scalars(select(Appointment.authority_id)):
            if authority_id is not None:
                counts[authority_id] += 1
        return dict(counts)


class AppointmentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, appointment_id: int) -> Appointment:
        appointment = self.session.get(Appointment, appointment_id)
        if appointment is None:
            raise NotFoundError(f"Termin Nr. {appointment_id} gibt es nicht (mehr).")
        return appointment

    def client_ids(self, appointment_id: int) -> list[int]:
        return list(
            self.session.scalars(
                select(AppointmentClient.client_id)
                .where(AppointmentClient.appointment_id == appointment_id)
                .order_by(AppointmentClient.client_id)
            )
        )

    def set_clients(self, appointment_id: int, client_ids: Iterable[int]) -> None:
        for link in self.session.scalars(
            select(AppointmentClient).where(AppointmentClient.appointment_id == appointment_id)
        ):
            self.session.delete(link)
        self.session.flush()
        for client_id in dict.fromkeys(client_ids):
            self.session.add(AppointmentClient(appointment_id=appointment_id, client_id=client_id))

    def rows(
        self,
        *,
        start: datetime | None = None,
        end: datetime | None = None,
        guide_id: int | None = None,
        client_id: int | None = None,
        statuses: Iterable[AppointmentStatus] | None = None,
        ids: Iterable[int] | None = None,
    ) -> list[AppointmentRow]:
        """Appointments that overlap [start, end), in time order, with clients and authority."""
        query = select(Appointment).order_by(Appointment.starts_at, Appointment.id)
        if start is not None:
            query = query.where(Appointment.starts_at > start - LONGEST_APPOINTMENT)
        if end is not None:
            query = query.where(Appointment.starts_at < end)
        if guide_id is not None:
            query = query.where(Appointment.guide_id == guide_id)
        if client_id is not None:
            query = query.where(
                Appointment.id.in_(
                    select(AppointmentClient.appointment_id).where(
                        AppointmentClient.client_id == client_id
                    )
                )
            )
        if statuses is not None:
            query = query.where(Appointment.status.in_([s.value for s in statuses]))
        if ids is not None:
            query = query.where(Appointment.id.in_(list(ids)))
        appointments = [
            a
            for a in self.session.scalars(query)
            if start is None or a.starts_at + timedelta(minutes=a.duration_minutes) > start
        ]
        return self._rows(appointments)

    def _rows(self, appointments: list[Appointment]) -> list[AppointmentRow]:
        ids = [a.id for a in appointments]
        clients: dict[int, list[ClientRef]] = defaultdict(list)
        for chunk_start in range(0, len(ids), 500):
            chunk = ids[chunk_start : chunk_start + 500]
            for appointment_id, client_id, given, family in self.session.execute(
                select(
                    AppointmentClient.appointment_id,
                    Client.id,
                    Client.given_name,
                    Client.family_name,
                )
                .join(Client, Client.id == AppointmentClient.client_id)
                .where(AppointmentClient.appointment_id.in_(chunk))
                .order_by(Client.family_name, Client.given_name, Client.id)
            ):
                clients[appointment_id].append(ClientRef(client_id, given, family))
        guide_ids = {a.guide_id for a in appointments if a.guide_id is not None}
        guides = {
            guide.id: f"{guide.given_name} {guide.family_name}"
            for guide in self.session.scalars(select(Guide).where(Guide.id.in_(guide_ids)))
        }
        authority_ids = {a.authority_id for a in appointments if a.authority_id is not None}
        authorities = {
            row.id: authority_data(row)
            for row in self.session.scalars(
                select(Authority).where(Authority.id.in_(authority_ids))
            )
        }
        return [
            AppointmentRow(
                id=a.id,
                starts_at=a.starts_at,
                duration_minutes=a.duration_minutes,
                status=AppointmentStatus(a.status),
                mode=AppointmentMode(a.mode),
                clients=tuple(clients.get(a.id, ())),
                guide_id=a.guide_id,
                guide_name=guides.get(a.guide_id, "") if a.guide_id is not None else "",
                authority=authorities.get(a.authority_id) if a.authority_id is not None else None,
                place=a.place,
                room=a.room,
                purpose=a.purpose,
                checklist=checklist_from_json(a.checklist),
                interpreter_name=a.interpreter_name,
                interpreter_language=a.interpreter_language,
                moved_from_id=a.moved_from_id,
                outcome=a.outcome,
            )
            for a in appointments
        ]

    def busy_slots(
        self,
        start: datetime,
        end: datetime,
        *,
        guide_id: int | None,
        client_ids: Iterable[int],
    ) -> list[BusySlot]:
        """Planned appointments of this guide or these clients that overlap [start, end)."""
        wanted_clients = set(client_ids)
        rows = self.rows(start=start, end=end, statuses=[AppointmentStatus.PLANNED])
        return [
            BusySlot(
                appointment_id=row.id,
                starts_at=row.starts_at,
                duration_minutes=row.duration_minutes,
                guide_id=row.guide_id,
                client_ids=frozenset(row.client_ids),
                label=row.authority.name if row.authority else (row.purpose or "Termin"),
            )
            for row in rows
            if (guide_id is not None and row.guide_id == guide_id)
            or wanted_clients & set(row.client_ids)
        ]
