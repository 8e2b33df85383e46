"""GIVEN closed, paused and active cases with contacts and appointments at various days WHEN the
retention review runs THEN exactly the closed cases whose last contact plus the retention period
lies before today are listed, oldest due first; erasing them takes them off the list."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from lotsen_app.domain.appointments import NewAppointment
from lotsen_app.domain.casework import NewContact
from lotsen_app.domain.clients import CaseClosing, ClientInput
from lotsen_app.domain.enums import ClientStatus, ClosingReason, ContactKind
from lotsen_app.domain.guides import GuideInput
from lotsen_app.domain.privacy import add_years, is_due_for_erasure, last_contact
from lotsen_app.services.container import Services
from lotsen_app.services.privacy import PrivacyService, RetentionCandidate
from tests.conftest import FIXED_NOW, fixed_clock

TODAY = FIXED_NOW.date()  # 2026-11-21


def _client(services: Services, given: str, family: str, guide: int) -> int:
    return services.clients.create(
        ClientInput(given, family, opened_on=date(2019, 1, 7)), guide_id=guide
    )


def _close(services: Services, client_id: int, on: date) -> None:
    services.clients.close_case(client_id, CaseClosing(on, ClosingReason.GOALS_REACHED))


def _contact(services: Services, on: date, *client_ids: int) -> None:
    services.casework.record_contact(
        NewContact(
            occurred_on=on, duration_minutes=30, kind=ContactKind.PHONE, client_ids=client_ids
        )
    )


def _appointment(services: Services, at: datetime, guide: int, *client_ids: int) -> None:
    services.appointments.create(
        NewAppointment(
            client_ids=client_ids, starts_at=at, guide_id=guide, place="Bürgeramt Duisburg-Mitte"
        )
    )


@pytest.fixture
def cases(services: Services) -> dict[str, int]:
    guide = services.guides.create(GuideInput("Anna", "Schmidt"))
    ids = {
        "long_closed": _client(services, "Emine", "Yilmaz", guide),
        "late_contact": _client(services, "Pjotr", "Iwanow", guide),
        "old_appointment": _client(services, "Amal", "Haddad", guide),
        "ends_today": _client(services, "Rami", "Saleh", guide),
        "family_contact": _client(services, "Olga", "Kowalska", guide),
        "sister": _client(services, "Irena", "Kowalska", guide),
        "active_old": _client(services, "Milan", "Petrović", guide),
        "paused_old": _client(services, "Dana", "Ionescu", guide),
        "recent": _client(services, "Sara", "Ahmadi", guide),
    }
    _contact(services, date(2019, 3, 1), ids["active_old"])
    _contact(services, date(2019, 3, 1), ids["paused_old"])
    _close(services, ids["long_closed"], date(2023, 1, 10))  # due since 10.01.2026

    _close(services, ids["late_contact"], date(2023, 1, 10))
    _contact(services, date(2023, 12, 1), ids["late_contact"])  # after closing: until 2026-12-01

    _appointment(services, datetime(2023, 11, 20, 9, 0), guide, ids["old_appointment"])
    _close(services, ids["old_appointment"], date(2022, 5, 2))  # due since 20.11.2026

    _appointment(services, datetime(2023, 11, 21, 9, 0), guide, ids["ends_today"])
    _close(services, ids["ends_today"], date(2022, 5, 2))  # period ends today: not yet due

    _close(services, ids["family_contact"], date(2020, 6, 1))
    # A family contact with the sister, recorded later, counts as a contact for both.
    _contact(services, date(2024, 2, 5), ids["family_contact"], ids["sister"])

    services.clients.pause_case(ids["paused_old"], on=date(2019, 4, 1))
    _close(services, ids["recent"], date(2025, 6, 30))
    return ids


def test_only_closed_cases_past_their_period_are_due(
    services: Services, cases: dict[str, int]
) -> None:
    review = PrivacyService(services.database, fixed_clock).retention_review()

    assert review == [
        RetentionCandidate(
            client_id=cases["long_closed"],
            display_name="Yilmaz, Emine",
            closed_on=date(2023, 1, 10),
            last_contact=date(2023, 1, 10),
            due_since=date(2026, 1, 10),
        ),
        RetentionCandidate(
            client_id=cases["old_appointment"],
            display_name="Haddad, Amal",
            closed_on=date(2022, 5, 2),
            last_contact=date(2023, 11, 20),
            due_since=date(2026, 11, 20),
        ),
    ]


def test_a_longer_retention_period_empties_the_list(
    services: Services, cases: dict[str, int]
) -> None:
    services.settings.set_retention_years(5)
    assert PrivacyService(services.database, fixed_clock).retention_review() == []

    services.settings.set_retention_years(1)
    due = {c.client_id for c in PrivacyService(services.database, fixed_clock).retention_review()}
    assert due == {
        cases["long_closed"],
        cases["late_contact"],
        cases["old_appointment"],
        cases["ends_today"],
        cases["family_contact"],
        cases["recent"],  # closed 30.06.2025, one year ended 30.06.2026
    }
    assert cases["active_old"] not in due and cases["paused_old"] not in due
    assert cases["sister"] not in due


def test_erased_candidates_leave_the_list(services: Services, cases: dict[str, int]) -> None:
    privacy = PrivacyService(services.database, fixed_clock)
    review = privacy.retention_review()

    result = privacy.erase([c.client_id for c in review], confirmed_count=len(review))

    assert result.erased == 2
    assert privacy.retention_review() == []
    remaining = {row.id for row in services.clients.list_rows()}
    assert cases["late_contact"] in remaining and cases["long_closed"] not in remaining


def test_a_reopened_case_is_not_due(services: Services, cases: dict[str, int]) -> None:
    services.clients.reopen_case(cases["long_closed"], on=TODAY)
    due = [c.client_id for c in PrivacyService(services.database, fixed_clock).retention_review()]
    assert due == [cases["old_appointment"]]


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (date(2023, 1, 10), 3, date(2026, 1, 10)),
        (date(2024, 2, 29), 3, date(2027, 2, 28)),
        (date(2024, 2, 29), 4, date(2028, 2, 29)),
        (date(2023, 12, 31), 1, date(2024, 12, 31)),
    ],
)
def test_years_are_added_by_the_calendar(day: date, years: int, expected: date) -> None:
    assert add_years(day, years) == expected


def test_the_rules_of_the_last_contact_and_the_due_day() -> None:
    assert last_contact(date(2022, 1, 1), date(2023, 5, 1), date(2023, 4, 1)) == date(2023, 5, 1)
    assert last_contact(date(2022, 1, 1), None, None) == date(2022, 1, 1)
    assert last_contact(None, None, None) is None
    closed = ClientStatus.CLOSED
    assert is_due_for_erasure(closed, date(2022, 1, 1), date(2023, 11, 20), 3, TODAY)
    assert not is_due_for_erasure(closed, date(2022, 1, 1), date(2023, 11, 21), 3, TODAY)
    assert not is_due_for_erasure(closed, None, date(2015, 1, 1), 3, TODAY)
    for status in (ClientStatus.ACTIVE, ClientStatus.PAUSED):
        assert not is_due_for_erasure(status, date(2015, 1, 1), date(2015, 1, 1), 3, TODAY)
