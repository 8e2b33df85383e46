"""GIVEN clients with and without a signed consent WHEN a contact or an appointment outcome names
the topic health THEN it is saved only when every person covered has a consent in force that
allows it (Art. 9 DSGVO); otherwise a German message names who lacks it and nothing is written.
The reminder lists the open cases without any consent in force."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from lotsen_app.domain.appointments import AppointmentOutcome, NewAppointment
from lotsen_app.domain.casework import NewContact, Step
from lotsen_app.domain.clients import CaseClosing, ClientInput
from lotsen_app.domain.consent import NewConsent
from lotsen_app.domain.enums import (
    AppointmentStatus,
    ClosingReason,
    ContactKind,
    StepActor,
    Topic,
)
from lotsen_app.domain.errors import ValidationError
from lotsen_app.domain.guides import GuideInput
from lotsen_app.letters import consent_version
from lotsen_app.persistence.models import Contact
from lotsen_app.services.container import Services


def _consent(client_id: int, *, health: bool) -> NewConsent:
    return NewConsent(
        client_id=client_id,
        given_on=date(2026, 11, 2),
        sheet_version=consent_version(),
        sheet_language="de",
        health_allowed=health,
    )


@pytest.fixture
def people(services: Services) -> dict[str, int]:
    return {
        "with_health": services.clients.create(ClientInput("Layla", "Haddad")),
        "without_health": services.clients.create(ClientInput("Omar", "Haddad")),
        "none": services.clients.create(ClientInput("Olena", "Iwanowa")),
    }


def _contact(*client_ids: int, topics: tuple[Topic, ...]) -> NewContact:
    return NewContact(
        occurred_on=date(2026, 11, 10),
        duration_minutes=60,
        kind=ContactKind.HOME_VISIT,
        client_ids=client_ids,
        topics=topics,
    )


def _contacts(services: Services) -> int:
    with services.database.session() as session:
        return int(session.scalar(select(func.count()).select_from(Contact)) or 0)


def test_health_needs_a_consent_that_allows_it(services: Services, people: dict[str, int]) -> None:
    services.consent.record(_consent(people["with_health"], health=True))
    services.consent.record(_consent(people["without_health"], health=False))

    saved = services.casework.record_contact(
        _contact(people["with_health"], topics=(Topic.HEALTH, Topic.MONEY))
    )
    assert services.casework.contact(saved).topics == (Topic.HEALTH, Topic.MONEY)

    for client_id, name in (
        (people["without_health"], "Omar Haddad"),
        (people["none"], "Olena Iwanowa"),
    ):
        with pytest.raises(ValidationError) as refused:
            services.casework.record_contact(_contact(client_id, topics=(Topic.HEALTH,)))
        assert name in refused.value.errors["topics"]
        assert "Einwilligung" in refused.value.errors["topics"]
    # Other topics need no such box.
    services.casework.record_contact(_contact(people["none"], topics=(Topic.MONEY,)))
    assert _contacts(services) == 2


def test_a_family_contact_with_health_is_refused_when_one_member_lacks_it(
    services: Services, people: dict[str, int]
) -> None:
    services.consent.record(_consent(people["with_health"], health=True))
    before = _contacts(services)
    with pytest.raises(ValidationError) as refused:
        services.casework.record_contact(
            _contact(people["with_health"], people["without_health"], topics=(Topic.HEALTH,))
        )
    message = refused.value.errors["topics"]
    assert "Omar Haddad" in message and "Layla" not in message
    assert _contacts(services) == before


def test_an_edit_cannot_add_health_and_a_withdrawal_ends_it(
    services: Services, people: dict[str, int]
) -> None:
    consent_id = services.consent.record(_consent(people["with_health"], health=True))
    contact_id = services.casework.record_contact(
        _contact(people["with_health"], topics=(Topic.MONEY,))
    )
    services.consent.withdraw(consent_id, date(2026, 11, 15))
    with pytest.raises(ValidationError):
        services.casework.update_contact(
            contact_id, _contact(people["with_health"], topics=(Topic.HEALTH,))
        )
    assert services.casework.contact(contact_id).topics == (Topic.MONEY,)
    assert not services.consent.health_allowed([people["with_health"]])


def test_an_appointment_outcome_with_health_is_refused_without_consent(
    services: Services, people: dict[str, int]
) -> None:
    appointment_id = services.appointments.create(
        NewAppointment(
            client_ids=(people["none"],),
            starts_at=datetime(2026, 11, 18, 9, 0),
            place="Rathaus, Zimmer 4",
            guide_id=services.guides.create(GuideInput("Anna", "Schmidt")),
        )
    )
    outcome = AppointmentOutcome(
        appointment_id=appointment_id,
        status=AppointmentStatus.DONE,
        outcome="Unterlagen abgegeben",
        topics=(Topic.HEALTH,),
        steps=(Step("Antrag abgegeben", StepActor.CLIENT_ALONE),),
        duration_minutes=45,
    )
    with pytest.raises(ValidationError) as refused:
        services.appointments.record_outcome(outcome)
    assert "Olena Iwanowa" in refused.value.errors["topics"]
    assert _contacts(services) == 0
    assert services.appointments.get(appointment_id).status == AppointmentStatus.PLANNED


def test_the_reminder_lists_open_cases_without_a_consent_in_force(
    services: Services, people: dict[str, int]
) -> None:
    services.consent.record(_consent(people["with_health"], health=False))
    withdrawn = services.consent.record(_consent(people["without_health"], health=True))
    services.consent.withdraw(withdrawn, date(2026, 11, 3))
    closed = services.clients.create(ClientInput("Kerem", "Yilmaz", opened_on=date(2026, 10, 1)))
    services.clients.close_case(closed, CaseClosing(date(2026, 11, 5), ClosingReason.GOALS_REACHED))

    assert services.consent.without_consent() == {people["without_health"], people["none"]}
    assert services.consent.without_consent([closed, people["with_health"]]) == {closed}
