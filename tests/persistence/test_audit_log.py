"""GIVEN audit lines written by the services over several days WHEN the coordinator filters the
log THEN every filter (period, action, record kind, record number, actor) narrows it, newest
first, with German names of the record kinds and no personal data."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from lotsen_app.domain.casework import NewContact
from lotsen_app.domain.clients import ClientInput
from lotsen_app.domain.enums import ContactKind
from lotsen_app.domain.errors import ValidationError
from lotsen_app.domain.guides import GuideInput
from lotsen_app.persistence.database import Database
from lotsen_app.persistence.repositories import record_audit
from lotsen_app.services.container import Services
from lotsen_app.services.privacy import AuditFilter, PrivacyService
from tests.conftest import fixed_clock


def _services_at(database: Database, at: datetime) -> Services:
    return Services.build(database, lambda: at)


@pytest.fixture
def log(database: Database) -> dict[str, int]:
    """Lines on 2026-11-02, 2026-11-10 (late evening) and 2026-11-21, and two with an actor."""
    early = _services_at(database, datetime(2026, 11, 2, 8, 15))
    guide = early.guides.create(GuideInput("Anna", "Schmidt"))
    layla = early.clients.create(ClientInput("Layla", "Haddad"), guide_id=guide)
    middle = _services_at(database, datetime(2026, 11, 10, 23, 59, 30))
    contact = middle.casework.record_contact(
        NewContact(
            occurred_on=date(2026, 11, 10),
            duration_minutes=30,
            kind=ContactKind.PHONE,
            client_ids=(layla,),
        )
    )
    middle.settings.set_retention_years(4)
    late = _services_at(database, datetime(2026, 11, 21, 10, 0))
    late.clients.update(layla, ClientInput("Layla", "Haddad", phone="0203 1234"))
    with database.session() as session:
        record_audit(
            session,
            at=datetime(2026, 11, 21, 11, 0),
            actor="Koordination",
            action="exportiert",
            entity="export",
            entity_id=layla,
            detail="Auskunft (Art. 15)",
        )
        record_audit(
            session,
            at=datetime(2026, 11, 21, 11, 5),
            actor="Anna",
            action="gedruckt",
            entity="unbekannte_art",
            entity_id=None,
        )
    return {"guide": guide, "layla": layla, "contact": contact}


def test_everything_newest_first(database: Database, log: dict[str, int]) -> None:
    rows = PrivacyService(database, fixed_clock).audit_log(AuditFilter())

    assert [row.at for row in rows] == sorted((row.at for row in rows), reverse=True)
    assert (rows[0].action, rows[0].entity, rows[0].entity_label) == (
        "gedruckt",
        "unbekannte_art",
        "unbekannte_art",  # an unknown kind shows as stored
    )
    labels = {row.entity: row.entity_label for row in rows}
    assert labels["client"] == "Klient:in"
    assert labels["contact"] == "Kontakt"
    assert labels["guide"] == "Lotse/Lotsin"
    assert labels["setting"] == "Einstellung"
    assert labels["export"] == "Auskunft"
    text = " ".join(f"{row.actor} {row.action} {row.detail}" for row in rows)
    assert "Layla" not in text and "Haddad" not in text


def test_each_filter_narrows_the_log(database: Database, log: dict[str, int]) -> None:
    privacy = PrivacyService(database, fixed_clock)

    def pick(**filters: object) -> list[tuple[str, str, int | None]]:
        rows = privacy.audit_log(AuditFilter(**filters))  # type: ignore[arg-type]
        return [(row.action, row.entity, row.entity_id) for row in rows]

    # The day of "until" counts to its last second; "since" from its first.
    assert pick(since=date(2026, 11, 10), until=date(2026, 11, 10)) == [
        ("geändert", "setting", None),
        ("angelegt", "contact", log["contact"]),
    ]
    assert all(
        row.at.date() <= date(2026, 11, 2)
        for row in privacy.audit_log(AuditFilter(until=date(2026, 11, 2)))
    )
    assert pick(until=date(2026, 11, 2)) == [
        ("angelegt", "client", log["layla"]),
        ("angelegt", "guide", log["guide"]),
    ]
    assert len(pick(since=date(2026, 11, 21))) == 3
    assert pick(action="geändert", entity="client") == [("geändert", "client", log["layla"])]
    assert pick(entity="client", entity_id=log["layla"]) == [
        ("geändert", "client", log["layla"]),
        ("angelegt", "client", log["layla"]),
    ]
    assert pick(entity_id=log["layla"], since=date(2026, 11, 21)) == [
        ("exportiert", "export", log["layla"]),
        ("geändert", "client", log["layla"]),
    ]
    assert pick(actor="Koordination") == [("exportiert", "export", log["layla"])]
    assert pick(action="gelöscht") == []
    assert len(pick(limit=2)) == 2
    # An empty choice in a combo box means "all".
    assert len(pick(action="", entity="", actor="")) == len(pick())


def test_a_period_ending_before_it_starts_is_refused(
    database: Database, log: dict[str, int]
) -> None:
    with pytest.raises(ValidationError, match="vor dem Anfang"):
        PrivacyService(database, fixed_clock).audit_log(
            AuditFilter(since=date(2026, 11, 21), until=date(2026, 11, 1))
        )


def test_the_choices_come_from_the_log(database: Database, log: dict[str, int]) -> None:
    privacy = PrivacyService(database, fixed_clock)
    privacy.erase([log["layla"]], confirmed_count=1)

    choices = privacy.audit_choices()

    # Lines written without a named actor carry the login name (Database.actor).
    assert choices.actors == sorted({"Anna", "Koordination", database.actor})
    assert {"angelegt", "geändert", "gelöscht", "exportiert", "gedruckt"} <= set(choices.actions)
    assert choices.actions == sorted(choices.actions)
    assert ("client", "Klient:in") in choices.entities
    assert ("export", "Auskunft") in choices.entities
    labels = [label for _entity, label in choices.entities]
    assert labels == sorted(labels, key=str.casefold)
    (erased,) = privacy.audit_log(AuditFilter(action="gelöscht"))
    assert (erased.entity_label, erased.entity_id) == ("Klient:in", log["layla"])
    assert erased.detail.startswith("Löschung (Art. 17): ")


def test_every_audit_line_names_who_worked(services: Services) -> None:
    """The "Wer" of the log: the login name unless a name is entered in the settings."""
    from lotsen_app.services.settings import default_user_name

    first = services.clients.create(ClientInput("Amal", "Haddad"))
    services.settings.set_user_name("Anna Schmidt")
    second = services.clients.create(ClientInput("Olena", "Iwanowa"))
    rows = {
        (row.entity_id, row.actor)
        for row in services.privacy.audit_log(AuditFilter(entity="client"))
    }
    assert (first, default_user_name()) in rows
    assert (second, "Anna Schmidt") in rows
    assert services.privacy.audit_choices().actors.count("Anna Schmidt") == 1
    with pytest.raises(ValidationError):
        services.settings.set_user_name("Anna\nSchmidt")
