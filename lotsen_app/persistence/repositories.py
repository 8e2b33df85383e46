"""Queries. Each repository works inside a session that the service opened for one user action."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import NamedTuple, TypeVarTuple

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session, aliased

from lotsen_app.domain.clients import ClientRow
from lotsen_app.domain.deadline_tracking import DeadlineRow, LetterRow
from lotsen_app.domain.deadlines import DeadlineKind
from lotsen_app.domain.enums import AssignmentRole, ClientStatus, DeadlineStatus
from lotsen_app.domain.errors import NotFoundError
from lotsen_app.domain.guides import GuideRow
from lotsen_app.domain.names import digits, fold
from lotsen_app.persistence.consent_repository import ConsentRepository
from lotsen_app.persistence.models import (
    Assignment,
    AuditEntry,
    Client,
    Deadline,
    District,
    Guide,
    IncomingLetter,
    Setting,
)

Columns = TypeVarTuple("Columns")


def with_lead_guide(query: Select[*Columns]) -> Select[*Columns]:
    """Join the client's current lead guide (if any) as ``Guide`` onto a query over ``Client``."""
    lead = aliased(Assignment)
    return query.outerjoin(
        lead,
        and_(
            lead.client_id == Client.id,
            lead.role == AssignmentRole.LEAD,
            lead.end_date.is_(None),
        ),
    ).outerjoin(Guide, Guide.id == lead.guide_id)


class ClientRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, client_id: int) -> Client:
        client = self.session.get(Client, client_id)
        if client is None:
            raise NotFoundError(f"Klient:in Nr. {client_id} gibt es nicht (mehr).")
        return client

    def add(self, client: Client) -> Client:
        self.session.add(client)
        self.session.flush()
        return client

    def open_guide_ids(self, client_ids: Iterable[int] | None = None) -> dict[int, set[int]]:
        query = select(Assignment.client_id, Assignment.guide_id).where(
            Assignment.end_date.is_(None)
        )
        if client_ids is not None:
            query = query.where(Assignment.client_id.in_(list(client_ids)))
        result: dict[int, set[int]] = defaultdict(set)
        for client_id, guide_id in self.session.connection().execute(query).all():
            result[client_id].add(guide_id)
        return result

    def rows(self, *, guide_id: int | None = None, without_guide: bool = False) -> list[ClientRow]:
        """The client list, built from plain columns (no ORM objects), fast for tens of thousands."""
        query = (
            select(
                Client.id,
                Client.given_name,
                Client.family_name,
                Client.birth_year,
                Client.phone,
                District.name,
                Client.district_id,
                Client.status,
                Client.preferred_language,
                Client.search_text,
                Guide.id,
                Guide.given_name,
                Guide.family_name,
            )
            .outerjoin(District, District.id == Client.district_id)
            .order_by(Client.family_name, Client.given_name, Client.id)
        )
        query = with_lead_guide(query)
        if guide_id is not None:
            caseload = select(Assignment.client_id).where(
                Assignment.guide_id == guide_id, Assignment.end_date.is_(None)
            )
            query = query.where(Client.id.in_(caseload))
        if without_guide:
            assigned = select(Assignment.client_id).where(Assignment.end_date.is_(None))
            query = query.where(Client.id.not_in(assigned), Client.status != ClientStatus.CLOSED)
        guides_by_client = self.open_guide_ids()
        consented = ConsentRepository(self.session).consented_ids()
        district_fold: dict[str, str] = {}
        rows: list[ClientRow] = []
        for (
            client_id,
            given,
            family,
            birth_year,
            phone,
            district,
            district_id,
            status,
            language,
            search_text,
            lead_id,
            lead_given,
            lead_family,
        ) in self.session.connection().execute(query):  # Core rows
            district = district or ""
            if district not in district_fold:
                district_fold[district] = fold(district)
            rows.append(
                ClientRow(
                    id=client_id,
                    given_name=given,
                    family_name=family,
                    birth_year=birth_year,
                    phone=phone,
                    district=district,
                    district_id=district_id,
                    status=status,
                    lead_guide=f"{lead_given} {lead_family}" if lead_id else "",
                    lead_guide_id=lead_id,
                    guide_ids=frozenset(guides_by_client.get(client_id, ())),
                    preferred_language=language,
                    search_text=f"{search_text} {district_fold[district]}",
                    phone_digits=digits(phone),
                    has_consent=client_id in consented,
                )
            )
        return rows

    def names(self, client_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
        """(given name, family name) of just these clients: no list of everyone."""
        ids = list(client_ids)
        if not ids:
            return {}
        query = select(Client.id, Client.given_name, Client.family_name).where(Client.id.in_(ids))
        return {row[0]: (row[1], row[2]) for row in self.session.connection().execute(query)}

    def postal(self, client_ids: Iterable[int]) -> dict[int, PostalData]:
        """Name, postal address and preferred language of just these clients (for letters)."""
        ids = list(client_ids)
        if not ids:
            return {}
        query = select(
            Client.id,
            Client.given_name,
            Client.family_name,
            Client.street,
            Client.postal_code,
            Client.city,
            Client.preferred_language,
        ).where(Client.id.in_(ids))
        return {row[0]: PostalData(*row[1:]) for row in self.session.connection().execute(query)}

    def lead_guide_ids(self, client_ids: Iterable[int]) -> dict[int, int]:
        """The current lead guide of each of these clients that has one."""
        ids = list(client_ids)
        if not ids:
            return {}
        query = select(Assignment.client_id, Assignment.guide_id).where(
            Assignment.client_id.in_(ids),
            Assignment.role == AssignmentRole.LEAD,
            Assignment.end_date.is_(None),
        )
        return {row[0]: row[1] for row in self.session.connection().execute(query)}

    def by_name_key(self, name_key: str) -> Sequence[Client]:
        return self.session.scalars(select(Client).where(Client.name_key == name_key)).all()

    def open_assignments(self, client_id: int) -> list[Assignment]:
        query = (
            select(Assignment)
            .where(Assignment.client_id == client_id, Assignment.end_date.is_(None))
            .order_by(Assignment.start_date, Assignment.id)
        )
        return list(self.session.scalars(query))

    def assignment_history(self, client_id: int) -> list[tuple[Assignment, Guide]]:
        query = (
            select(Assignment, Guide)
            .join(Guide, Guide.id == Assignment.guide_id)
            .where(Assignment.client_id == client_id)
            .order_by(Assignment.start_date.desc(), Assignment.id.desc())
        )
        return [(assignment, guide) for assignment, guide in self.session.execute(query)]


class PostalData(NamedTuple):
    given_name: str
    family_name: str
    street: str
    postal_code: str
    city: str
    preferred_language: str


class GuideRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, guide_id: int) -> Guide:
        guide = self.session.get(Guide, guide_id)
        if guide is None:
            raise NotFoundError(f"Lotse/Lotsin Nr. {guide_id} gibt es nicht (mehr).")
        return guide

    def add(self, guide: Guide) -> Guide:
        self.session.add(guide)
        self.session.flush()
        return guide

    def rows(self, *, only_active: bool = False) -> list[GuideRow]:
        caseload = (
            select(Assignment.guide_id, func.count(func.distinct(Assignment.client_id)).label("n"))
            .join(Client, Client.id == Assignment.client_id)
            .where(Assignment.end_date.is_(None), Client.status != ClientStatus.CLOSED)
            .group_by(Assignment.guide_id)
            .subquery()
        )
        query = (
            select(Guide, func.coalesce(caseload.c.n, 0))
            .outerjoin(caseload, caseload.c.guide_id == Guide.id)
            .order_by(Guide.family_name, Guide.given_name, Guide.id)
        )
        if only_active:
            query = query.where(Guide.active.is_(True))
        return [
            GuideRow(
                id=guide.id,
                given_name=guide.given_name,
                family_name=guide.family_name,
                phone=guide.phone,
                email=guide.email,
                languages=guide.languages,
                active=guide.active,
                is_coordinator=guide.is_coordinator,
                caseload=int(count),
            )
            for guide, count in self.session.execute(query)
        ]

    def find_by_name(self, name: str) -> list[Guide]:
        wanted = fold(name)
        return [
            guide
            for guide in self.session.scalars(select(Guide))
            if wanted in (fold(f"{guide.given_name} {guide.family_name}"), fold(guide.family_name))
        ]


class DistrictRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def all(self, *, only_active: bool = False) -> list[District]:
        query = select(District).order_by(District.name)
        if only_active:
            query = query.where(District.active.is_(True))
        return list(self.session.scalars(query))

    def by_name(self, name: str) -> District | None:
        wanted = fold(name)
        for district in self.all():
            if fold(district.name) == wanted:
                return district
        return None

    def usage(self) -> dict[int, int]:
        query = (
            select(Client.district_id, func.count())
            .where(Client.district_id.is_not(None))
            .group_by(Client.district_id)
        )
        return {
            int(district_id): int(count)
            for district_id, count in self.session.execute(query)
            if district_id is not None
        }


class SettingRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, key: str, default: str = "") -> str:
        setting = self.session.get(Setting, key)
        return setting.value if setting else default

    def set(self, key: str, value: str) -> None:
        setting = self.session.get(Setting, key)
        if setting is None:
            self.session.add(Setting(key=key, value=value))
        else:
            setting.value = value


def record_audit(
    session: Session,
    *,
    at: datetime,
    action: str,
    entity: str,
    entity_id: int | None,
    actor: str = "",
    detail: str = "",
) -> None:
    """An audit line: record kind and id, never a name or other personal data. The actor is
    the session's (``Database.actor``) unless given."""
    session.add(
        AuditEntry(
            at=at,
            actor=actor or str(session.info.get("actor", "")),
            action=action,
            entity=entity,
            entity_id=entity_id,
            detail=detail,
        )
    )


class DeadlineRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, deadline_id: int) -> Deadline:
        deadline = self.session.get(Deadline, deadline_id)
        if deadline is None:
            raise NotFoundError(f"Frist Nr. {deadline_id} gibt es nicht (mehr).")
        return deadline

    def rows(
        self,
        *,
        statuses: Iterable[str] | None = None,
        client_id: int | None = None,
        deadline_id: int | None = None,
    ) -> list[DeadlineRow]:
        query = (
            select(
                Deadline,
                Client.given_name,
                Client.family_name,
                Guide.given_name,
                Guide.family_name,
            )
            .join(Client, Client.id == Deadline.client_id)
            .order_by(Deadline.due_date, Deadline.id)
        )
        query = with_lead_guide(query)
        if statuses is not None:
            query = query.where(Deadline.status.in_(list(statuses)))
        if client_id is not None:
            query = query.where(Deadline.client_id == client_id)
        if deadline_id is not None:
            query = query.where(Deadline.id == deadline_id)
        results = self.session.execute(query).all()
        guides = ClientRepository(self.session).open_guide_ids({r[0].client_id for r in results})
        return [
            DeadlineRow(
                id=deadline.id,
                client_id=deadline.client_id,
                client_name=f"{family}, {given}",
                guide_ids=frozenset(guides.get(deadline.client_id, ())),
                lead_guide=f"{guide_given} {guide_family}" if guide_given else "",
                kind=DeadlineKind(deadline.kind),
                title=deadline.title,
                authority_name=deadline.authority_name,
                due_date=deadline.due_date,
                status=DeadlineStatus(deadline.status),
                state=deadline.state,
                delivered_on=deadline.delivered_on,
                explanation=deadline.explanation,
                done_on=deadline.done_on,
                done_by=deadline.done_by,
                letter_id=deadline.letter_id,
                note=deadline.note,
            )
            for deadline, given, family, guide_given, guide_family in results
        ]


class LetterRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, letter_id: int) -> IncomingLetter:
        letter = self.session.get(IncomingLetter, letter_id)
        if letter is None:
            raise NotFoundError(f"Brief Nr. {letter_id} gibt es nicht (mehr).")
        return letter

    def rows_for_client(self, client_id: int) -> list[LetterRow]:
        query = (
            select(
                IncomingLetter.id,
                IncomingLetter.client_id,
                IncomingLetter.authority_name,
                IncomingLetter.subject,
                IncomingLetter.letter_date,
                IncomingLetter.posted_on,
                IncomingLetter.received_on,
                IncomingLetter.delivery_kind,
                IncomingLetter.file_number,
                IncomingLetter.scan_mime,
            )
            .where(IncomingLetter.client_id == client_id)
            .order_by(IncomingLetter.received_on.desc(), IncomingLetter.id.desc())
        )
        letters = self.session.execute(query).all()
        deadline_ids: dict[int, list[int]] = defaultdict(list)
        if letters:
            linked = select(Deadline.letter_id, Deadline.id).where(
                Deadline.letter_id.in_([row[0] for row in letters])
            )
            for letter_id, deadline_id in self.session.execute(linked):
                if letter_id is not None:
                    deadline_ids[letter_id].append(deadline_id)
        return [
            LetterRow(
                id=row[0],
                client_id=row[1],
                authority_name=row[2],
                subject=row[3],
                letter_date=row[4],
                posted_on=row[5],
                received_on=row[6],
                delivery_kind=row[7],
                file_number=row[8],
                has_scan=bool(row[9]),
                deadline_ids=tuple(deadline_ids.get(row[0], ())),
            )
            for row in letters
        ]
