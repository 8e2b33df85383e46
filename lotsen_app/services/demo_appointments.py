"""Demo appointments: the fictitious authority directory, six months back and six weeks ahead.

Past appointments mostly took place (each with its contact and who did which step, the client
alone more often lately), some were missed or cancelled, a few were moved; ahead lie planned
ones with what to bring. Times fall inside the authority's opening hours on working days.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from lotsen_app.domain.appointments import (
    AuthorityData,
    ChecklistItem,
    checklist_to_json,
    prefill_checklist,
)
from lotsen_app.domain.deadlines import is_working_day
from lotsen_app.domain.enums import (
    AppointmentMode,
    AppointmentStatus,
    AuthorityKind,
    ClientStatus,
    StepActor,
    Topic,
)
from lotsen_app.persistence.models import (
    Appointment,
    AppointmentClient,
    Authority,
    Contact,
    ContactClient,
    ContactStep,
)

if TYPE_CHECKING:
    from lotsen_app.services.demo import _DemoWriter

PAST_DAYS = 183
AHEAD_DAYS = 42

_PURPOSES: dict[AuthorityKind, tuple[str, ...]] = {
    AuthorityKind.AUSLAENDERBEHOERDE: (
        "Aufenthaltstitel verlängern",
        "Fiktionsbescheinigung abholen",
    ),
    AuthorityKind.JOBCENTER: ("Bürgergeld Weiterbewilligung", "Termin bei der Arbeitsvermittlung"),
    AuthorityKind.FAMILIENKASSE: ("Kindergeld beantragen", "Kindergeld: Unterlagen nachreichen"),
    AuthorityKind.SOZIALAMT: ("Wohngeld beantragen", "Beratung Grundsicherung"),
    AuthorityKind.BUERGERAMT: ("Wohnsitz anmelden", "Reisepass beantragen"),
    AuthorityKind.AGENTUR_FUER_ARBEIT: ("Beratung zur Arbeitssuche", "Anerkennung des Abschlusses"),
    AuthorityKind.SCHULE_KITA: ("Schulanmeldung", "Elterngespräch", "Kita-Anmeldung"),
    AuthorityKind.ARZT_KLINIK: ("Arzttermin", "Vorsorgeuntersuchung Kind"),
    AuthorityKind.BERATUNGSSTELLE: ("Integrationskurs anmelden", "Schuldnerberatung"),
    AuthorityKind.GERICHT: ("Rechtsantragstelle",),
    AuthorityKind.VERMIETER: ("Wohnungsbesichtigung", "Übergabe der Wohnung"),
    AuthorityKind.BANK: ("Konto eröffnen",),
    AuthorityKind.SONSTIGE: ("Beratung",),
}
_TOPICS: dict[AuthorityKind, tuple[Topic, ...]] = {
    AuthorityKind.AUSLAENDERBEHOERDE: (Topic.RESIDENCE,),
    AuthorityKind.JOBCENTER: (Topic.MONEY, Topic.WORK),
    AuthorityKind.FAMILIENKASSE: (Topic.MONEY, Topic.FAMILY),
    AuthorityKind.SOZIALAMT: (Topic.MONEY, Topic.HOUSING),
    AuthorityKind.BUERGERAMT: (Topic.RESIDENCE,),
    AuthorityKind.AGENTUR_FUER_ARBEIT: (Topic.WORK,),
    AuthorityKind.SCHULE_KITA: (Topic.SCHOOL, Topic.FAMILY),
    AuthorityKind.ARZT_KLINIK: (Topic.EVERYDAY,),
    AuthorityKind.BERATUNGSSTELLE: (Topic.GERMAN_COURSE,),
    AuthorityKind.GERICHT: (Topic.EVERYDAY,),
    AuthorityKind.VERMIETER: (Topic.HOUSING,),
    AuthorityKind.BANK: (Topic.MONEY, Topic.EVERYDAY),
    AuthorityKind.SONSTIGE: (Topic.EVERYDAY,),
}
_FAMILY_KINDS = (AuthorityKind.SCHULE_KITA, AuthorityKind.FAMILIENKASSE)
_MODES = (
    AppointmentMode.ACCOMPANIED,
    AppointmentMode.ALONE_PREPARED,
    AppointmentMode.INTERPRETER,
    AppointmentMode.PHONE,
    AppointmentMode.VIDEO,
)
_MODE_WEIGHTS = (50, 25, 12, 9, 4)
_CONTACT_KIND = {
    AppointmentMode.ACCOMPANIED: "begleitung",
    AppointmentMode.INTERPRETER: "begleitung",
    AppointmentMode.ALONE_PREPARED: "beratung",
    AppointmentMode.PHONE: "telefon",
    AppointmentMode.VIDEO: "online",
}
_STEPS = (
    "Unterlagen zusammengestellt",
    "Termin wahrgenommen und Anliegen erklärt",
    "Formular ausgefüllt",
    "Fragen der Sachbearbeitung beantwortet",
    "Nächste Schritte notiert",
)
_OUTCOMES = (
    "Antrag abgegeben, Bescheid kommt per Post.",
    "Unterlagen vollständig, Eingang bestätigt.",
    "Eine Bescheinigung fehlt noch, wird nachgereicht.",
    "Alles erledigt.",
)


@dataclass
class AppointmentCounts:
    authorities: int = 0
    appointments: int = 0
    planned: int = 0
    contacts: int = 0


@dataclass
class _Rows:
    appointments: list[dict[str, Any]] = field(default_factory=list)
    members: list[dict[str, Any]] = field(default_factory=list)
    contacts: list[dict[str, Any]] = field(default_factory=list)
    contact_members: list[dict[str, Any]] = field(default_factory=list)
    steps: list[dict[str, Any]] = field(default_factory=list)


class DemoAppointments:
    def __init__(self, writer: _DemoWriter, directory: list[AuthorityData]) -> None:
        self.writer = writer
        self.session = writer.session
        self.rng: random.Random = writer.rng
        self.today: date = writer.today
        self.directory = directory
        self.counts = AppointmentCounts()
        self.authorities: list[tuple[int, AuthorityData]] = []
        self.rows = _Rows()
        self._next_id = 1 + (self.session.scalar(select(func.max(Appointment.id))) or 0)
        self._next_contact = 1 + (self.session.scalar(select(func.max(Contact.id))) or 0)
        self._checklists: dict[tuple[int, str], tuple[ChecklistItem, ...]] = {}

    def write(self) -> AppointmentCounts:
        self._write_directory()
        households = [
            h
            for h in self.writer.households
            if h.lead_guide_id is not None and h.status != ClientStatus.CLOSED
        ]
        for household in households:
            self._household(household)
        w = self.writer
        for model, rows in (
            (Appointment, self.rows.appointments),
            (AppointmentClient, self.rows.members),
            (Contact, self.rows.contacts),
            (ContactClient, self.rows.contact_members),
            (ContactStep, self.rows.steps),
        ):
            for start in range(0, len(rows), 5000):
                w._insert(model, rows[start : start + 5000])
        return self.counts

    def _write_directory(self) -> None:
        from lotsen_app.persistence.appointment_repository import fill_authority

        for data in self.directory:
            row = Authority(external_key=data.external_key)
            fill_authority(row, data)
            self.session.add(row)
            self.session.flush()
            self.authorities.append((row.id, data))
        self.counts.authorities = len(self.authorities)

    def _household(self, household: Any) -> None:
        rng = self.rng
        past = sum(1 for _ in range(3) if rng.random() < 0.45)
        ahead = rng.choices((0, 1, 2), weights=(45, 40, 15))[0]
        if household.status == ClientStatus.PAUSED:
            ahead = 0
        first_day = max(household.opened_on, self.today - timedelta(days=PAST_DAYS))
        for _ in range(past):
            day = self.writer._between(first_day, self.today - timedelta(days=1))
            self._appointment(household, day, past=True)
        for _ in range(ahead):
            day = self.today + timedelta(days=rng.randint(0, AHEAD_DAYS))
            self._appointment(household, day, past=False)

    def _appointment(self, household: Any, day: date, *, past: bool) -> None:
        rng = self.rng
        authority_id, authority = rng.choice(self.authorities)
        slot = self._slot(authority, day)
        if slot is None:
            return
        starts_at, duration = slot
        if past and starts_at.date() >= self.today:
            return  # moved past the weekend into today: keep the past in the past
        purpose = rng.choice(_PURPOSES[authority.kind])
        members = [household.first_client_id]
        if household.size > 1 and authority.kind in _FAMILY_KINDS:
            members.append(household.first_client_id + household.size - 1)  # the youngest
        mode = rng.choices(_MODES, weights=_MODE_WEIGHTS)[0]
        items = self._checklist(authority_id, authority, purpose)
        status = AppointmentStatus.PLANNED
        if past:
            status = rng.choices(
                (AppointmentStatus.DONE, AppointmentStatus.MISSED, AppointmentStatus.CANCELLED),
                weights=(84, 8, 8),
            )[0]
            items = tuple(ChecklistItem(i.text, status == AppointmentStatus.DONE) for i in items)
        moved_from = None
        if not past and rng.random() < 0.06:
            moved_from = self._moved_original(household, authority_id, starts_at, purpose)
        appointment_id = self._next_id
        self._next_id += 1
        created = datetime.combine(starts_at.date() - timedelta(days=rng.randint(3, 30)), time(9))
        created = min(created, datetime.combine(self.today, time(9)))
        self.rows.appointments.append(
            {
                "id": appointment_id,
                "authority_id": authority_id,
                "guide_id": household.lead_guide_id,
                "starts_at": starts_at,
                "duration_minutes": duration,
                "place": "",
                "room": "",
                "purpose": purpose,
                "checklist": checklist_to_json(items),
                "mode": mode.value,
                "interpreter_name": "",
                "interpreter_language": household.language
                if mode == AppointmentMode.INTERPRETER and household.language != "de"
                else "",
                "status": status.value,
                "moved_from_id": moved_from,
                "outcome": rng.choice(_OUTCOMES) if status == AppointmentStatus.DONE else "",
                "created_at": created,
                "updated_at": created,
            }
        )
        for client_id in members:
            self.rows.members.append({"appointment_id": appointment_id, "client_id": client_id})
        self.counts.appointments += 1
        if status == AppointmentStatus.PLANNED:
            self.counts.planned += 1
        if status == AppointmentStatus.DONE:
            self._contact(appointment_id, authority_id, authority, household, members, starts_at)

    def _checklist(
        self, authority_id: int, authority: AuthorityData, purpose: str
    ) -> tuple[ChecklistItem, ...]:
        key = (authority_id, purpose)
        if key not in self._checklists:
            self._checklists[key] = prefill_checklist(authority.documents, purpose)
        return self._checklists[key]

    def _moved_original(
        self, household: Any, authority_id: int, new_start: datetime, purpose: str
    ) -> int:
        original_id = self._next_id
        self._next_id += 1
        old_start = new_start - timedelta(days=self.rng.choice((7, 14)))
        self.rows.appointments.append(
            {
                "id": original_id,
                "authority_id": authority_id,
                "guide_id": household.lead_guide_id,
                "starts_at": old_start,
                "duration_minutes": 60,
                "place": "",
                "room": "",
                "purpose": purpose,
                "checklist": "",
                "mode": AppointmentMode.ACCOMPANIED.value,
                "interpreter_name": "",
                "interpreter_language": "",
                "status": AppointmentStatus.MOVED.value,
                "moved_from_id": None,
                "outcome": "",
                "created_at": datetime.combine(old_start.date() - timedelta(days=20), time(9)),
                "updated_at": datetime.combine(old_start.date() - timedelta(days=2), time(9)),
            }
        )
        self.rows.members.append(
            {"appointment_id": original_id, "client_id": household.first_client_id}
        )
        self.counts.appointments += 1
        return original_id

    def _slot(self, authority: AuthorityData, day: date) -> tuple[datetime, int] | None:
        """A start inside the opening hours on the next working day from ``day``."""
        for _ in range(10):
            ranges = authority.opening_hours.days[day.weekday()]
            if is_working_day(day, authority.state) and (
                ranges or not authority.opening_hours.known
            ):
                begin, end = ranges[0] if ranges else (time(9), time(15))
                duration = self.rng.choice((30, 45, 60, 60, 90))
                latest = (end.hour * 60 + end.minute) - duration
                earliest = begin.hour * 60 + begin.minute
                if latest >= earliest:
                    minute = earliest + 15 * self.rng.randint(0, (latest - earliest) // 15)
                    return datetime.combine(day, time(minute // 60, minute % 60)), duration
            day += timedelta(days=1)
        return None

    def _contact(
        self,
        appointment_id: int,
        authority_id: int,
        authority: AuthorityData,
        household: Any,
        members: list[int],
        starts_at: datetime,
    ) -> None:
        rng = self.rng
        appointment = self.rows.appointments[-1]
        contact_id = self._next_contact
        self._next_contact += 1
        self.rows.contacts.append(
            {
                "id": contact_id,
                "guide_id": household.lead_guide_id,
                "occurred_on": starts_at.date(),
                "duration_minutes": appointment["duration_minutes"],
                "kind": _CONTACT_KIND[AppointmentMode(appointment["mode"])],
                "topics": tuple(t.value for t in _TOPICS[authority.kind]),
                "authority_id": authority_id,
                "appointment_id": appointment_id,
                "note": appointment["outcome"],
                "travel_minutes": rng.choice((0, 20, 30, 45)),
                "travel_cost_cents": 0,
                "created_at": datetime.combine(starts_at.date(), time(18)),
            }
        )
        for client_id in members:
            self.rows.contact_members.append({"contact_id": contact_id, "client_id": client_id})
        # The longer the accompaniment runs, the more the client does alone.
        months = max(0, (starts_at.date() - household.opened_on).days // 30)
        alone = min(0.7, 0.15 + 0.05 * months)
        for text in rng.sample(_STEPS, rng.randint(1, 3)):
            actor = rng.choices(
                (StepActor.CLIENT_ALONE, StepActor.TOGETHER, StepActor.GUIDE),
                weights=(alone, (1 - alone) * 0.6, (1 - alone) * 0.4),
            )[0]
            self.rows.steps.append({"contact_id": contact_id, "description": text, "actor": actor})
        self.counts.contacts += 1
