"""Deadlines and incoming letters on a real database file."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from lotsen_app.domain.clients import ClientInput
from lotsen_app.domain.deadline_tracking import LetterInput, NewDeadline, NewTask, urgency
from lotsen_app.domain.deadlines import DeadlineInput, DeadlineKind, Period, Procedure
from lotsen_app.domain.enums import DeadlineStatus, StepActor, Urgency
from lotsen_app.domain.errors import DomainError, ValidationError
from lotsen_app.domain.guides import GuideInput
from lotsen_app.persistence.models import IncomingLetter, Task
from lotsen_app.services.container import Services

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _client(services: Services) -> int:
    guide = services.guides.create(GuideInput("Anna", "Schmidt"))
    return services.clients.create(ClientInput("Ali", "Hassan"), guide_id=guide)


def test_a_computed_deadline_stores_its_inputs_result_and_explanation(services: Services) -> None:
    client_id = _client(services)
    rule = DeadlineInput(Procedure.SGB10, date(2025, 3, 3), Period.parse("1m"))
    deadline_id = services.deadlines.create(
        NewDeadline(
            client_id, DeadlineKind.WIDERSPRUCH, "Widerspruch Bescheid", "Jobcenter", rule=rule
        )
    )
    [row] = services.deadlines.open_rows()
    assert row.id == deadline_id
    assert row.due_date == date(2025, 4, 7) and row.delivered_on == date(2025, 3, 7)
    assert "§ 37 Abs. 2 SGB X" in row.explanation
    assert row.lead_guide == "Anna Schmidt" and row.client_name == "Hassan, Ali"


def test_a_fixed_date_is_taken_as_it_is(services: Services) -> None:
    client_id = _client(services)
    services.deadlines.create(
        NewDeadline(client_id, DeadlineKind.ABGABE, "Kontoauszüge", fixed_due=date(2026, 12, 5))
    )
    [row] = services.deadlines.open_rows()
    assert row.due_date == date(2026, 12, 5)  # a Saturday, but the letter says so
    assert "nicht berechnet" in row.explanation


def test_bad_deadline_input_is_refused_in_german(services: Services) -> None:
    client_id = _client(services)
    with pytest.raises(ValidationError, match="Fristende"):
        services.deadlines.create(NewDeadline(client_id, DeadlineKind.ABGABE))
    received_before_posting = DeadlineInput(
        Procedure.VWVFG, date(2025, 3, 3), Period.parse("1m"), received=date(2025, 3, 1)
    )
    with pytest.raises(DomainError):
        services.deadlines.create(
            NewDeadline(client_id, DeadlineKind.WIDERSPRUCH, rule=received_before_posting)
        )
    assert services.deadlines.all_rows() == []


def test_done_missed_and_reopened(services: Services) -> None:
    client_id = _client(services)
    first = services.deadlines.create(
        NewDeadline(client_id, DeadlineKind.VORLAGE, fixed_due=date(2026, 11, 25))
    )
    second = services.deadlines.create(
        NewDeadline(client_id, DeadlineKind.ABGABE, fixed_due=date(2026, 11, 20))
    )
    services.deadlines.mark_done(first, date(2026, 11, 21), StepActor.CLIENT_ALONE)
    with pytest.raises(ValidationError, match="nicht mehr offen"):
        services.deadlines.mark_missed(first)
    services.deadlines.mark_missed(second)
    rows = {row.id: row for row in services.deadlines.all_rows()}
    assert (
        rows[first].status == DeadlineStatus.DONE and rows[first].done_by == StepActor.CLIENT_ALONE
    )
    assert rows[second].status == DeadlineStatus.MISSED
    assert services.deadlines.open_rows() == []
    services.deadlines.reopen(second)
    assert [row.id for row in services.deadlines.open_rows()] == [second]


def test_start_alert_counts_overdue_and_tomorrow(services: Services) -> None:
    client_id = _client(services)
    for due in (date(2026, 11, 19), date(2026, 11, 20), date(2026, 11, 22), date(2026, 11, 30)):
        services.deadlines.create(NewDeadline(client_id, DeadlineKind.ABGABE, fixed_due=due))
    assert services.deadlines.start_alert() == (2, 1)  # today is Sat 2026-11-21


def test_urgency_signal() -> None:
    today = date(2026, 11, 18)  # Wednesday
    assert urgency(today, date(2026, 11, 17), "NW") == Urgency.OVERDUE
    assert urgency(today, date(2026, 11, 23), "NW") == Urgency.SOON  # Thu, Fri, Mon
    assert urgency(today, date(2026, 11, 24), "NW") == Urgency.NEAR
    assert urgency(today, date(2026, 11, 28), "NW") == Urgency.NEAR
    assert urgency(today, date(2026, 11, 29), "NW") == Urgency.LATER


def test_a_letter_with_scan_starts_its_deadline_and_tasks_in_one_go(services: Services) -> None:
    client_id = _client(services)
    letter_id = services.letters.add(
        LetterInput(
            client_id,
            "Jobcenter Duisburg",
            "Bescheid: Leistungen gekürzt",
            letter_date=date(2026, 11, 2),
            received_on=date(2026, 11, 9),
            delivery_kind=Procedure.SGB10.value,
            file_number="123D456/2026",
            scan=PNG,
        )
    )
    rule = DeadlineInput(
        Procedure.SGB10, date(2026, 11, 2), Period.parse("1m"), received=date(2026, 11, 9)
    )
    [deadline_id] = services.letters.create_followups(
        letter_id,
        [NewDeadline(client_id, DeadlineKind.WIDERSPRUCH, "Widerspruch", rule=rule)],
        [NewTask("Bescheid gemeinsam lesen"), NewTask("  ")],
    )
    [letter] = services.letters.for_client(client_id)
    assert letter.deadline_ids == (deadline_id,) and letter.has_scan
    assert services.letters.scan(letter_id) == (PNG, "image/png")
    [row] = services.deadlines.for_client(client_id)
    # Posted 02.11. (fiction: Fri 06.11.), but it arrived on Mon 09.11.: the later date counts.
    assert row.delivered_on == date(2026, 11, 9) and row.due_date == date(2026, 12, 9)
    assert row.authority_name == "Jobcenter Duisburg" and row.letter_id == letter_id
    with services.database.session() as session:
        tasks = session.scalars(select(Task)).all()
        assert [(t.text, t.deadline_id) for t in tasks] == [
            ("Bescheid gemeinsam lesen", deadline_id)
        ]


def test_followups_are_all_or_nothing(services: Services) -> None:
    client_id = _client(services)
    letter_id = services.letters.add(
        LetterInput(
            client_id, "Familienkasse", "Unterlagen anfordern", received_on=date(2026, 11, 20)
        )
    )
    good = NewDeadline(client_id, DeadlineKind.ABGABE, fixed_due=date(2026, 12, 1))
    bad = NewDeadline(client_id, DeadlineKind.ABGABE)
    with pytest.raises(ValidationError):
        services.letters.create_followups(letter_id, [good, bad], [NewTask("Kopien machen")])
    assert services.deadlines.all_rows() == []
    with services.database.session() as session:
        assert session.scalars(select(Task)).all() == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"authority_name": " "}, "authority_name"),
        ({"subject": ""}, "subject"),
        ({"posted_on": date(2026, 11, 10), "received_on": date(2026, 11, 9)}, "received_on"),
        ({"received_on": date(2027, 1, 1)}, "received_on"),
        ({"scan": b"GIF89a not allowed"}, "scan"),
    ],
)
def test_bad_letters_are_refused(services: Services, changes: dict, field: str) -> None:
    client_id = _client(services)
    data = {"client_id": client_id, "authority_name": "Jobcenter", "subject": "Bescheid", **changes}
    with pytest.raises(ValidationError) as caught:
        services.letters.add(LetterInput(**data))
    assert field in caught.value.errors
    with services.database.session() as session:
        assert session.scalars(select(IncomingLetter)).all() == []


def test_state_setting(services: Services) -> None:
    assert services.settings.state() == "NW"
    services.settings.set_state("BY")
    assert services.settings.state() == "BY"
    with pytest.raises(ValidationError):
        services.settings.set_state("XX")
