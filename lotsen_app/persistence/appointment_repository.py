"""Queries for the authority directory and appointments."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from lotsen_app.domain.appointments import (
    AppointmentRow,
    AuthorityData,
    AuthorityUsage,
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
    Contact,
    Guide,
)

# No appointment is longer than this; a range query looks back this far for overlaps.
LONGEST_APPOINTMENT = timedelta(hours=12)
# Ids per IN (...) list: well below SQLite's limit on bound parameters.
CHUNK = 500


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    values = list(ids)
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


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
        """How many appointments each authority has (only authorities that have any)."""
        return {
            authority_id: count
            for authority_id, count in self.session.execute(
                select(Appointment.authority_id, func.count())
                .where(Appointment.authority_id.is_not(None))
                .group_by(Appointment.authority_id)
            )
            if authority_id is not None
        }

    def contact_usage(self) -> dict[int, int]:
        """How many contacts name each authority (only authorities that have any)."""
        return {
            authority_id: count
            for authority_id, count in self.session.execute(
                select(Contact.authority_id, func.count())
                .where(Contact.authority_id.is_not(None))
                .group_by(Contact.authority_id)
            )
            if authority_id is not None
        }

    def usage_counts(self) -> dict[int, AuthorityUsage]:
        """Appointments and contacts per authority (only authorities that have any)."""
        appointments, contacts = self.usage(), self.contact_usage()
        return {
            authority_id: AuthorityUsage(
                appointments.get(authority_id, 0), contacts.get(authority_id, 0)
            )
            for authority_id in sorted(appointments.keys() | contacts.keys())
        }

    def usage_of(self, authority_id: int) -> AuthorityUsage:
        appointments = self.session.scalar(
            select(func.count())
            .select_from(Appointment)
            .where(Appointment.authority_id == authority_id)
        )
        contacts = self.session.scalar(
            select(func.count()).select_from(Contact).where(Contact.authority_id == authority_id)
        )
        return AuthorityUsage(appointments or 0, contacts or 0)


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

    def moved_to(self, appointment_id: int) -> int | None:
        """The appointment this one was moved to, if any."""
        query = select(Appointment.id).where(Appointment.moved_from_id == appointment_id)
        return self.session.scalars(query).first()

    def has_contact(self, appointment_id: int) -> bool:
        """True when a contact was already recorded for this appointment."""
        return (
            self.session.scalar(
                select(Contact.id).where(Contact.appointment_id == appointment_id).limit(1)
            )
            is not None
        )

    def history_ids(self, appointment_id: int) -> list[int]:
        """The ids of the chain of moves this appointment belongs to, oldest first."""
        appointment = self.get(appointment_id)
        first, _ = self._chains({appointment_id: appointment.moved_from_id})[appointment_id]
        chain = [first]
        while True:
            later = self.session.scalar(
                select(Appointment.id)
                .where(Appointment.moved_from_id == chain[-1])
                .order_by(Appointment.id)
                .limit(1)
            )
            if later is None or later in chain:
                return chain
            chain.append(later)

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
        query = self._overlapping(start, end)
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
        return self._rows(self._ending_after(query, start))

    @staticmethod
    def _overlapping(start: datetime | None, end: datetime | None) -> Select[Appointment]:
        """Appointments that may overlap [start, end); ``_ending_after`` checks the end."""
        query = select(Appointment).order_by(Appointment.starts_at, Appointment.id)
        if start is not None:
            query = query.where(Appointment.starts_at > start - LONGEST_APPOINTMENT)
        if end is not None:
            query = query.where(Appointment.starts_at < end)
        return query

    def _ending_after(
        self, query: Select[Appointment], start: datetime | None
    ) -> list[Appointment]:
        return [
            a
            for a in self.session.scalars(query)
            if start is None or a.starts_at + timedelta(minutes=a.duration_minutes) > start
        ]

    def client_refs(self, ids: Iterable[int]) -> dict[int, list[ClientRef]]:
        """The people of each appointment, ordered by family and given name."""
        clients: dict[int, list[ClientRef]] = defaultdict(list)
        for chunk in _chunks(ids):
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
        return clients

    def _chains(self, moved_from: dict[int, int | None]) -> dict[int, tuple[int, int]]:
        """For each given id (mapped to its ``moved_from_id``): the first appointment of its
        chain of moves and the number of moves before it.

        Walks ``moved_from_id`` upwards one level per query, for all ids at once.
        """
        known = dict(moved_from)
        missing = {earlier for earlier in known.values() if earlier is not None} - known.keys()
        while missing:
            for chunk in _chunks(sorted(missing)):
                for appointment_id, earlier in self.session.execute(
                    select(Appointment.id, Appointment.moved_from_id).where(
                        Appointment.id.in_(chunk)
                    )
                ):
                    known[appointment_id] = earlier
                for appointment_id in chunk:
                    known.setdefault(appointment_id, None)  # gone: the chain starts here
            missing = {earlier for earlier in known.values() if earlier is not None} - known.keys()
        chains: dict[int, tuple[int, int]] = {}
        for appointment_id in moved_from:
            first, moves, seen = appointment_id, 0, {appointment_id}
            while (earlier := known.get(first)) is not None and earlier not in seen:
                first, moves = earlier, moves + 1
                seen.add(earlier)
            chains[appointment_id] = (first, moves)
        return chains

    def _rows(self, appointments: list[Appointment]) -> list[AppointmentRow]:
        ids = [a.id for a in appointments]
        clients = self.client_refs(ids)
        chains = self._chains(
            {a.id: a.moved_from_id for a in appointments if a.moved_from_id is not None}
        )
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
                series_id=chains.get(a.id, (a.id, 0))[0],
                moves_before=chains.get(a.id, (a.id, 0))[1],
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
        wanted_clients = sorted(set(client_ids))
        whose = []
        if guide_id is not None:
            whose.append(Appointment.guide_id == guide_id)
        if wanted_clients:
            whose.append(
                Appointment.id.in_(
                    select(AppointmentClient.appointment_id).where(
                        AppointmentClient.client_id.in_(wanted_clients)
                    )
                )
            )
        if not whose:
            return []
        query = self._overlapping(start, end).where(
            Appointment.status == AppointmentStatus.PLANNED.value, or_(*whose)
        )
        appointments = self._ending_after(query, start)
        clients = self.client_refs(a.id for a in appointments)
        authority_ids = {a.authority_id for a in appointments if a.authority_id is not None}
        authority_names = {
            authority_id: name
            for authority_id, name in self.session.execute(
                select(Authority.id, Authority.name).where(Authority.id.in_(authority_ids))
            )
        }
        return [
            BusySlot(
                appointment_id=a.id,
                starts_at=a.starts_at,
                duration_minutes=a.duration_minutes,
                guide_id=a.guide_id,
                client_ids=frozenset(c.id for c in clients.get(a.id, ())),
                label=authority_names.get(a.authority_id or 0) or a.purpose or "Termin",
            )
            for a in appointments
        ]
