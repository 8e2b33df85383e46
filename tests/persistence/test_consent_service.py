"""GIVEN a client WHEN the signed consent form is recorded and later withdrawn THEN the record
names the form's version and language and the boxes ticked, bad input is refused in German and
writes nothing, and the audit lines hold no personal data."""

from __future__ import annotations

from datetime import date

import pytest

from lotsen_app.domain.clients import ClientInput
from lotsen_app.domain.consent import NewConsent
from lotsen_app.domain.errors import NotFoundError, ValidationError
from lotsen_app.letters import consent_version
from lotsen_app.persistence.models import AuditEntry, Consent
from lotsen_app.services.container import Services


@pytest.fixture
def client_id(services: Services) -> int:
    return services.clients.create(ClientInput("Amal", "Haddad", preferred_language="ar"))


def _consent(client_id: int, **changes: object) -> NewConsent:
    values: dict[str, object] = {
        "client_id": client_id,
        "given_on": date(2026, 11, 20),
        "sheet_version": consent_version(),
        "sheet_language": "ar",
        "health_allowed": True,
    }
    values.update(changes)
    return NewConsent(**values)  # type: ignore[arg-type]


def test_record_names_version_language_and_scope(services: Services, client_id: int) -> None:
    consent_id = services.consent.record(_consent(client_id))
    current = services.consent.current(client_id)
    assert current is not None and current.id == consent_id
    assert (current.sheet_version, current.sheet_language) == (consent_version(), "ar")
    assert current.scope == ("begleitung", "gesundheit")
    assert current.health_allowed and not current.authority_contact_allowed
    assert current.summary == (
        f"Einwilligung vom 20.11.2026 (Fassung {consent_version()}, Deutsch und Arabisch); "
        "auch: Thema Gesundheit"
    )


def test_withdrawal_ends_the_current_consent_and_keeps_the_history(
    services: Services, client_id: int
) -> None:
    first = services.consent.record(_consent(client_id, given_on=date(2026, 1, 5)))
    services.consent.withdraw(first, date(2026, 6, 1))
    assert services.consent.current(client_id) is None
    with pytest.raises(ValidationError, match="schon widerrufen"):
        services.consent.withdraw(first)
    second = services.consent.record(_consent(client_id, sheet_language="de"))
    assert [row.id for row in services.consent.history(client_id)] == [second, first]
    assert services.consent.current(client_id).id == second  # type: ignore[union-attr]
    assert "widerrufen am 01.06.2026" in services.consent.history(client_id)[1].summary


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"storage_allowed": False}, "storage", "Ohne Zustimmung zur Speicherung"),
        ({"given_on": date(2026, 11, 22)}, "given_on", "in der Zukunft"),
        ({"sheet_version": " "}, "sheet_version", "Fassung"),
        ({"sheet_language": "xx"}, "sheet_language", "nicht in der Sprache"),
    ],
)
def test_bad_input_is_refused_in_german_and_nothing_is_written(
    services: Services, client_id: int, changes: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        services.consent.record(_consent(client_id, **changes))
    assert message in raised.value.errors[field]
    with services.database.session() as session:
        assert session.query(Consent).count() == 0
        assert session.query(AuditEntry).filter(AuditEntry.entity == "consent").count() == 0


def test_unknown_client_and_consent_are_refused(services: Services) -> None:
    with pytest.raises(NotFoundError):
        services.consent.record(_consent(999))
    with pytest.raises(NotFoundError):
        services.consent.withdraw(999)


def test_audit_lines_name_kind_and_number_only(services: Services, client_id: int) -> None:
    consent_id = services.consent.record(_consent(client_id))
    services.consent.withdraw(consent_id)
    with services.database.session() as session:
        lines = [
            (e.action, e.entity, e.entity_id, e.detail)
            for e in session.query(AuditEntry).filter(AuditEntry.entity == "consent")
        ]
    assert lines == [
        (
            "erfasst",
            "consent",
            consent_id,
            f"Klient:in {client_id}, Fassung {consent_version()}, ar",
        ),
        ("widerrufen", "consent", consent_id, ""),
    ]
    assert not any("Haddad" in str(line) or "Amal" in str(line) for line in lines)
