"""The queries behind the monthly summary: counts grouped in SQL, never one object per row.

Every method takes the period's first and last day (both included). Queries stay portable
(SQLite and PostgreSQL): no date functions in SQL; ages are computed in Python from rows
grouped by birth date and birth year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session

from lotsen_app.domain.casework import SelfHelpCounts
from lotsen_app.domain.enums import AppointmentStatus, ClosingReason, ContactKind, StepActor
from lotsen_app.domain.summary import (
    ARRIVAL_KEYS,
    BAND_STARTS,
    FUNDER_AGE,
    NO_AUTHORITY,
    NO_TOPIC,
    NOT_STATED,
    AgeBand,
    ClientTally,
    FunderAgeBand,
    birth_date_limit,
    birth_year_limit,
    earliest_recent_arrival,
)
from lotsen_app.persistence.models import (
    Appointment,
    Authority,
    Client,
    Contact,
    ContactClient,
    ContactStep,
    Deadline,
    District,
    Guide,
    ReportedSummary,
    Task,
    VolunteerTimeEntry,
)


def _codes(stored: object) -> list[str]:
    """The codes of a ``StringList`` column, whether read as a tuple or as its text."""
    if isinstance(stored, tuple | list):
        return [str(part) for part in stored if part]
    return [part for part in str(stored or "").split(",") if part]


def _bump(counts: dict[str, int], key: str, count: int) -> None:
    counts[key] = counts.get(key, 0) + count


@dataclass(frozen=True)
class ClientRow:
    """An active client as the report file needs it; names only to build the pseudonym."""

    id: int
    name_key: str
    given_name: str
    family_name: str
    birth_date: date | None
    birth_year: int | None
    gender: str | None
    preferred_language: str
    languages: tuple[str, ...]
    district: str | None
    arrival_year: int | None
    opened_on: date
    closed_on: date | None
    closing_reason: str | None


@dataclass(frozen=True)
class ContactCounts:
    by_kind: dict[str, int]
    by_topic: dict[str, int]
    by_authority_kind: dict[str, int]
    accompaniments_by_authority_kind: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())


class SummaryRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- clients ---------------------------------------------------------------------------

    @staticmethod
    def _active(start: date, end: date) -> ColumnElement[bool]:
        """The case was open on at least one day from start to end."""
        return and_(
            Client.opened_on <= end, or_(Client.closed_on.is_(None), Client.closed_on >= start)
        )

    def client_tally(self, start: date, end: date) -> ClientTally:
        """Active clients counted by every attribute the summary breaks them down by: two
        grouped scans (fixed value sets, then the open lists) and the closing reasons."""
        active = self._active(start, end)
        tally = ClientTally()
        new_case = case((Client.opened_on >= start, 1), else_=0)
        closed_case = case((and_(Client.closed_on >= start, Client.closed_on <= end), 1), else_=0)
        band, funder = self._age_band(end), self._funder_age(end)
        recent = case(
            (Client.arrival_year.is_(None), NOT_STATED),
            (Client.arrival_year >= earliest_recent_arrival(end), ARRIVAL_KEYS[True]),
            else_=ARRIVAL_KEYS[False],
        )
        fixed = (
            select(
                Client.gender,
                band,
                funder,
                recent,
                func.count(),
                func.sum(new_case),
                func.sum(closed_case),
            )
            .where(active)
            .group_by(Client.gender, band, funder, recent)
        )
        for gender, age, funder_age, arrival, count, new, closed in self.session.execute(fixed):
            tally.active += count
            tally.new += new or 0
            tally.closed += closed or 0
            _bump(tally.gender, gender.value if gender is not None else NOT_STATED, count)
            _bump(tally.age, age, count)
            _bump(tally.funder_age, funder_age, count)
            _bump(tally.arrival, arrival, count)
        open_lists = (
            select(Client.preferred_language, Client.languages, District.name, func.count())
            .select_from(Client)
            .outerjoin(District, District.id == Client.district_id)
            .where(active)
            .group_by(Client.preferred_language, Client.languages, District.name)
        )
        for language, spoken, district, count in self.session.execute(open_lists):
            _bump(tally.language, (language or "").strip() or NOT_STATED, count)
            for code in _codes(spoken) or [NOT_STATED]:
                _bump(tally.spoken, code, count)
            _bump(tally.district, district or NOT_STATED, count)
        reasons = (
            select(Client.closing_reason, func.count())
            .where(Client.closed_on >= start, Client.closed_on <= end, Client.opened_on <= end)
            .group_by(Client.closing_reason)
        )
        for reason, count in self.session.execute(reasons):
            key = reason.value if isinstance(reason, ClosingReason) else NOT_STATED
            _bump(tally.reasons, key, count)
        return tally

    @staticmethod
    def _age_band(end: date) -> ColumnElement[str]:
        """The age band on ``end`` as SQL: birth dates and years compared with limits that
        ``domain.summary`` computes, so that the database needs no date arithmetic."""
        by_date = case(
            *(
                (Client.birth_date <= birth_date_limit(end, age), band.value)
                for age, band in BAND_STARTS
            ),
            else_=AgeBand.UNDER_3.value,
        )
        by_year = case(
            *(
                (Client.birth_year <= birth_year_limit(end, age), band.value)
                for age, band in BAND_STARTS
            ),
            else_=AgeBand.UNDER_3.value,
        )
        return case(
            (Client.birth_date.is_not(None), by_date),
            (Client.birth_year.is_not(None), by_year),
            else_=AgeBand.NOT_STATED.value,
        )

    @staticmethod
    def _funder_age(end: date) -> ColumnElement[str]:
        return case(
            (
                Client.birth_date.is_not(None),
                case(
                    (
                        Client.birth_date <= birth_date_limit(end, FUNDER_AGE),
                        FunderAgeBand.FROM_27.value,
                    ),
                    else_=FunderAgeBand.UNDER_27.value,
                ),
            ),
            (
                Client.birth_year.is_not(None),
                case(
                    (
                        Client.birth_year <= birth_year_limit(end, FUNDER_AGE),
                        FunderAgeBand.FROM_27.value,
                    ),
                    else_=FunderAgeBand.UNDER_27.value,
                ),
            ),
            else_=FunderAgeBand.NOT_STATED.value,
        )

    def active_clients(self, start: date, end: date) -> list[ClientRow]:
        """The active clients one by one, for a guide's report file."""
        query = (
            select(
                Client.id,
                Client.name_key,
                Client.given_name,
                Client.family_name,
                Client.birth_date,
                Client.birth_year,
                Client.gender,
                Client.preferred_language,
                Client.languages,
                District.name,
                Client.arrival_year,
                Client.opened_on,
                Client.closed_on,
                Client.closing_reason,
            )
            .outerjoin(District, District.id == Client.district_id)
            .where(self._active(start, end))
            .order_by(Client.id)
        )
        return [
            ClientRow(
                id=row[0],
                name_key=row[1] or "",
                given_name=row[2],
                family_name=row[3],
                birth_date=row[4],
                birth_year=row[5],
                gender=row[6].value if row[6] is not None else None,
                preferred_language=row[7] or "",
                languages=tuple(row[8] or ()),
                district=row[9],
                arrival_year=row[10],
                opened_on=row[11],
                closed_on=row[12],
                closing_reason=row[13].value if row[13] is not None else None,
            )
            for row in self.session.execute(query)
        ]

    # --- contacts --------------------------------------------------------------------------

    def contact_counts(self, start: date, end: date) -> ContactCounts:
        """Contacts dated start..end, each once (a family contact is one contact)."""
        in_period = and_(Contact.occurred_on >= start, Contact.occurred_on <= end)
        by_kind: dict[str, int] = {}
        for kind, count in self.session.execute(
            select(Contact.kind, func.count()).where(in_period).group_by(Contact.kind)
        ):
            _bump(by_kind, kind, count)
        by_topic: dict[str, int] = {}
        for stored, count in self.session.execute(
            select(Contact.topics, func.count()).where(in_period).group_by(Contact.topics)
        ):
            for topic in _codes(stored) or [NO_TOPIC]:
                _bump(by_topic, topic, count)
        by_authority: dict[str, int] = {}
        accompaniments: dict[str, int] = {}
        is_accompaniment = Contact.kind == ContactKind.ACCOMPANIMENT.value
        for kind, accompanied, count in self.session.execute(
            select(Authority.kind, is_accompaniment, func.count())
            .select_from(Contact)
            .outerjoin(Authority, Authority.id == Contact.authority_id)
            .where(in_period)
            .group_by(Authority.kind, is_accompaniment)
        ):
            key = kind or NO_AUTHORITY
            _bump(by_authority, key, count)
            if accompanied:
                _bump(accompaniments, key, count)
        return ContactCounts(by_kind, by_topic, by_authority, accompaniments)

    # --- appointments and deadlines --------------------------------------------------------

    def appointment_counts(self, start: date, end: date) -> dict[str, int]:
        """Appointments starting start..end by status (each once, however many people)."""
        first, after = datetime.combine(start, time.min), self._after(end)
        query = (
            select(Appointment.status, func.count())
            .where(Appointment.starts_at >= first, Appointment.starts_at < after)
            .group_by(Appointment.status)
        )
        return {status: count for status, count in self.session.execute(query)}

    def deadline_counts(self, start: date, end: date) -> dict[str, int]:
        """Deadlines ending start..end by status (offen, erledigt, versaeumt)."""
        query = (
            select(Deadline.status, func.count())
            .where(Deadline.due_date >= start, Deadline.due_date <= end)
            .group_by(Deadline.status)
        )
        return {status: count for status, count in self.session.execute(query)}

    # --- self-help -------------------------------------------------------------------------

    def step_counts(self, start: date, end: date) -> SelfHelpCounts:
        """Steps done start..end by who did them, with the rule of the client's own measure:
        a step that names its person counts once, for that person; a step that names nobody
        (the whole contact's, as every step from before schema 0004) counts for each person
        the contact covered; each completed task counts once."""
        counts: dict[str, int] = {}
        step_query = (
            select(ContactStep.actor, func.count())
            .select_from(ContactStep)
            .join(Contact, Contact.id == ContactStep.contact_id)
            .join(
                ContactClient,
                and_(
                    ContactClient.contact_id == Contact.id,
                    or_(
                        ContactStep.client_id.is_(None),
                        ContactStep.client_id == ContactClient.client_id,
                    ),
                ),
            )
            .where(Contact.occurred_on >= start, Contact.occurred_on <= end)
            .group_by(ContactStep.actor)
        )
        task_query = (
            select(Task.done_by, func.count())
            .where(Task.done_on >= start, Task.done_on <= end, Task.done_by.is_not(None))
            .group_by(Task.done_by)
        )
        for query in (step_query, task_query):
            for actor, count in self.session.execute(query):
                if actor is not None:
                    _bump(counts, StepActor(actor).value, count)
        return SelfHelpCounts(
            alone=counts.get(StepActor.CLIENT_ALONE.value, 0),
            together=counts.get(StepActor.TOGETHER.value, 0),
            guide=counts.get(StepActor.GUIDE.value, 0),
        )

    # --- volunteer hours -------------------------------------------------------------------

    def guide_minutes(self, start: date, end: date) -> dict[int, int]:
        """Minutes per guide with the rule of ``domain.casework.volunteer_hours``: contacts
        (duration and travel, each contact once), held appointments that no contact records,
        and the manual entries."""
        minutes: dict[int, int] = {}
        contact_query = (
            select(
                Contact.guide_id,
                func.sum(Contact.duration_minutes + Contact.travel_minutes),
            )
            .where(
                Contact.guide_id.is_not(None),
                Contact.occurred_on >= start,
                Contact.occurred_on <= end,
            )
            .group_by(Contact.guide_id)
        )
        # Uncorrelated, so that the database reads the linked appointments once.
        recorded = select(Contact.appointment_id).where(Contact.appointment_id.is_not(None))
        appointment_query = (
            select(Appointment.guide_id, func.sum(Appointment.duration_minutes))
            .where(
                Appointment.guide_id.is_not(None),
                Appointment.status == AppointmentStatus.DONE.value,
                Appointment.starts_at >= datetime.combine(start, time.min),
                Appointment.starts_at < self._after(end),
                Appointment.id.not_in(recorded),
            )
            .group_by(Appointment.guide_id)
        )
        entry_query = (
            select(VolunteerTimeEntry.guide_id, func.sum(VolunteerTimeEntry.minutes))
            .where(VolunteerTimeEntry.occurred_on >= start, VolunteerTimeEntry.occurred_on <= end)
            .group_by(VolunteerTimeEntry.guide_id)
        )
        for query in (contact_query, appointment_query, entry_query):
            for guide_id, total in self.session.execute(query):
                if guide_id is not None and total:
                    minutes[guide_id] = minutes.get(guide_id, 0) + int(total)
        return minutes

    def guide_names(self, guide_ids: list[int]) -> dict[int, tuple[str, str]]:
        """Given and family name per guide: only to derive the guide's pseudonym."""
        if not guide_ids:
            return {}
        query = select(Guide.id, Guide.given_name, Guide.family_name).where(Guide.id.in_(guide_ids))
        return {
            guide_id: (given, family) for guide_id, given, family in self.session.execute(query)
        }

    @staticmethod
    def _after(end: date) -> datetime:
        return datetime.combine(end + timedelta(days=1), time.min)


class ReportedSummaryRepository:
    """The counts stored when a period was reported (one row per period key)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, period: str) -> ReportedSummary | None:
        return self.session.get(ReportedSummary, period)

    def put(self, period: str, reported_at: datetime, figures: str) -> None:
        row = self.session.get(ReportedSummary, period)
        if row is None:
            self.session.add(
                ReportedSummary(period=period, reported_at=reported_at, figures=figures)
            )
        else:
            row.reported_at, row.figures = reported_at, figures

    def periods(self) -> list[str]:
        return list(
            self.session.scalars(select(ReportedSummary.period).order_by(ReportedSummary.period))
        )
