"""Record and withdraw a client's consent; each change in one transaction, audited."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy.orm import Session

from lotsen_app.domain.consent import (
    ConsentRow,
    NewConsent,
    health_topic_error,
    validate_consent,
    validate_withdrawal,
)
from lotsen_app.domain.enums import Topic
from lotsen_app.domain.errors import ValidationError
from lotsen_app.persistence.consent_repository import ConsentRepository, consent_row
from lotsen_app.persistence.models import Consent
from lotsen_app.persistence.repositories import ClientRepository, record_audit
from lotsen_app.services.base import Service


def check_health_consent(
    session: Session, client_ids: Iterable[int], topics: Iterable[str]
) -> None:
    """Refuse the topic health (ValidationError in German) for anyone without a consent that
    allows it. Called inside the writing transaction, so nothing is half-written."""
    if Topic.HEALTH.value not in {str(getattr(topic, "value", topic)) for topic in topics}:
        return
    missing = ConsentRepository(session).without_health_consent(client_ids)
    errors = health_topic_error([f"{client.given_name} {client.family_name}" for client in missing])
    if errors:
        raise ValidationError(errors)


class ConsentService(Service):
    def record(self, data: NewConsent) -> int:
        """The signed form (version, language, boxes ticked); ValidationError in German."""
        errors = validate_consent(data, self.today())
        if errors:
            raise ValidationError(errors)
        with self.database.session() as session:
            ClientRepository(session).get(data.client_id)
            consent = ConsentRepository(session).add(
                Consent(
                    client_id=data.client_id,
                    given_on=data.given_on,
                    scope=data.scope,
                    health_allowed=data.health_allowed,
                    authority_contact_allowed=data.authority_contact_allowed,
                    sheet_version=data.sheet_version.strip(),
                    sheet_language=data.sheet_language,
                )
            )
            record_audit(
                session,
                at=self.now(),
                action="erfasst",
                entity="consent",
                entity_id=consent.id,
                detail=f"Klient:in {data.client_id}, Fassung {consent.sheet_version}, "
                f"{consent.sheet_language}",
            )
            return consent.id

    def history(self, client_id: int) -> list[ConsentRow]:
        """Every consent of the client, newest first."""
        with self.database.session() as session:
            return ConsentRepository(session).for_client(client_id)

    def current(self, client_id: int) -> ConsentRow | None:
        """The newest consent that is not withdrawn, if any."""
        return next((row for row in self.history(client_id) if row.active), None)

    def health_allowed(self, client_ids: Iterable[int]) -> bool:
        """Whether the topic health may be recorded for all of these people."""
        with self.database.session() as session:
            return not ConsentRepository(session).without_health_consent(client_ids)

    def without_consent(self, client_ids: Iterable[int] | None = None) -> set[int]:
        """Ids of open cases (or of ``client_ids``) without a consent in force: the reminder."""
        with self.database.session() as session:
            return ConsentRepository(session).without_consent_ids(client_ids)

    def withdraw(self, consent_id: int, on: date | None = None) -> None:
        on = on or self.today()
        with self.database.session() as session:
            consent = ConsentRepository(session).get(consent_id)
            errors = validate_withdrawal(consent_row(consent), on, self.today())
            if errors:
                raise ValidationError(errors)
            consent.withdrawn_on = on
            record_audit(
                session, at=self.now(), action="widerrufen", entity="consent", entity_id=consent_id
            )
