"""Reading and writing consent records."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from lotsen_app.domain.consent import ConsentRow
from lotsen_app.domain.errors import NotFoundError
from lotsen_app.persistence.models import Consent


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
