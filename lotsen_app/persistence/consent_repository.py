"""Reading and writing consent records."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from lotsen_app.domain.consent import ConsentRow
from lotsen_app.domain.enums import ClientStatus
from lotsen_app.domain.errors import NotFoundError
from lotsen_app.persistence.models import Client, Consent


def consent_row(consent: Consent) -> ConsentRow:
    return ConsentRow(
        id=consent.id,
        client_id=consent.client_id,
        given_on=consent.given_on,
        scope=tuple(consent.scope),
        health_allowed=consent.health_allowed,
        authority_contact_allowed=consent.authority_contact_allowed,
        sheet_version=consent.sheet_version,
        sheet_language=consent.sheet_language,
        withdrawn_on=consent.withdrawn_on,
    )


class ConsentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, consent_id: int) -> Consent:
        consent = self.session.get(Consent, consent_id)
        if consent is None:
            raise NotFoundError(f"Einwilligung Nr. {consent_id} gibt es nicht (mehr).")
        return consent

    def add(self, consent: Consent) -> Consent:
        self.session.add(consent)
        self.session.flush()
        return consent

    def for_client(self, client_id: int) -> list[ConsentRow]:
        """Newest first."""
        query = (
            select(Consent)
            .where(Consent.client_id == client_id)
            .order_by(Consent.given_on.desc(), Consent.id.desc())
        )
        return [consent_row(consent) for consent in self.session.scalars(query)]

    def without_health_consent(self, client_ids: Iterable[int]) -> list[Client]:
        """The clients among ``client_ids`` whose current consent does not allow the topic
        health (no consent, only withdrawn ones, or the box not ticked)."""
        ids = set(client_ids)
        if not ids:
            return []
        # The consent in force is the newest one not withdrawn (as ConsentService.current):
        # a later, narrower form without the health box ends an earlier health consent.
        ranked = (
            select(
                Consent.client_id,
                Consent.health_allowed,
                func.row_number()
                .over(
                    partition_by=Consent.client_id,
                    order_by=(Consent.given_on.desc(), Consent.id.desc()),
                )
                .label("rank"),
            )
            .where(Consent.client_id.in_(ids), Consent.withdrawn_on.is_(None))
            .subquery()
        )
        allowed = select(ranked.c.client_id).where(
            ranked.c.rank == 1, ranked.c.health_allowed.is_(True)
        )
        query = (
            select(Client)
            .where(Client.id.in_(ids), Client.id.not_in(allowed))
            .order_by(Client.family_name, Client.given_name)
        )
        return list(self.session.scalars(query))

    @staticmethod
    def _in_force() -> Select[int]:
        """Ids of the clients with a consent in force (one not withdrawn)."""
        return select(Consent.client_id).where(Consent.withdrawn_on.is_(None)).distinct()

    def consented_ids(self) -> set[int]:
        return set(self.session.scalars(self._in_force()))

    def without_consent_ids(self, client_ids: Iterable[int] | None = None) -> set[int]:
        """Clients (of ``client_ids``, or all open cases) without a consent in force."""
        query = select(Client.id).where(Client.id.not_in(self._in_force()))
        if client_ids is None:
            query = query.where(Client.status != ClientStatus.CLOSED)
        else:
            query = query.where(Client.id.in_(set(client_ids)))
        return set(self.session.scalars(query))
