"""GIVEN a month whose summary was exported (reported) WHEN people active in it are erased
THEN the month still shows the counts as reported, with the date of the report, until the user
asks for the figures computed again; a month never reported shows the records as they are.
Real SQLite files; the stored counts are read back from the file."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import update

from lotsen_app import cli
from lotsen_app.domain.casework import NewContact, PersonStep, VolunteerEntry
from lotsen_app.domain.clients import ClientInput
from lotsen_app.domain.enums import ContactKind, Gender, StepActor, Topic, VolunteerActivity
from lotsen_app.domain.guides import GuideInput
from lotsen_app.domain.summary import Period, SummaryFigures
from lotsen_app.persistence.database import Database, open_database
from lotsen_app.persistence.models import AuditEntry, ReportedSummary
from lotsen_app.services.container import Services
from tests.conftest import fixed_clock

OCTOBER = Period.parse("2026-10")
SEPTEMBER = Period.parse("2026-09")


def _people(services: Services) -> list[int]:
    """Seven people active in September and October, each with a contact in both months."""
    guide = services.guides.create(GuideInput("Erika", "Lotsin"))
    ids = []
    for number in range(7):
        client = services.clients.create(
            ClientInput(
                f"Vorname{'abcdefg'[number]}",
                f"Familie{'hijklmn'[number]}",
                birth_year=1980 + number,
                gender=Gender.FEMALE if number % 2 else Gender.MALE,
                district_id=8,
                languages=("tr",),
                preferred_language="tr",
                opened_on=date(2026, 8, 1),
            ),
            guide_id=guide,
        )
        ids.append(client)
        for day in (date(2026, 9, 10), date(2026, 10, 10)):
            services.casework.record_contact(
                NewContact(
                    occurred_on=day,
                    duration_minutes=30,
                    kind=ContactKind.COUNSELLING,
                    client_ids=(client,),
                    topics=(Topic.HOUSING,),
                    steps=(PersonStep("Antrag gestellt", StepActor.CLIENT_ALONE, client),),
                    guide_id=guide,
                )
            )
    services.casework.add_volunteer_entry(
        VolunteerEntry(guide, date(2026, 10, 2), 90, VolunteerActivity.TRAINING)
    )
    return ids


@pytest.fixture
def setup(services: Services) -> tuple[Services, list[int]]:
    return services, _people(services)


def _erase(services: Services, ids: list[int]) -> None:
    services.privacy.erase(ids, confirmed_count=len(ids))


def test_a_reported_month_keeps_its_counts_after_people_are_erased(
    setup: tuple[Services, list[int]], tmp_path: Path
) -> None:
    services, ids = setup
    before = services.summary.month(OCTOBER)
    assert before.clients.active == 7 and before.contacts.total == 7
    assert before.reported_at is None

    services.summary.export(OCTOBER, tmp_path / "oktober.json")
    assert services.summary.reported_periods() == ["2026-10"]
    _erase(services, ids[:3])

    kept = services.summary.month(OCTOBER)
    assert kept.reported_at == fixed_clock()
    assert kept.clients.active == 7
    assert kept.contacts.total == 7
    assert kept.self_help.current.alone == 7
    assert kept.by_gender == before.by_gender
    assert kept.volunteer_hours.total_minutes == before.volunteer_hours.total_minutes > 90
    # Everything shown equals the summary before the erasure.
    assert replace(kept, reported_at=None) == before

    again = services.summary.month(OCTOBER, recompute=True)
    assert again.reported_at is None
    assert again.clients.active == 4 and again.contacts.total == 4

    # September was never reported: it shows the records as they are.
    assert services.summary.month(SEPTEMBER).clients.active == 4


def test_exporting_the_reported_counts_again_writes_them_and_keeps_them(
    setup: tuple[Services, list[int]], tmp_path: Path
) -> None:
    services, ids = setup
    services.summary.export(OCTOBER, tmp_path / "erste.json", exact=True)
    _erase(services, ids[:2])

    services.summary.export(OCTOBER, tmp_path / "zweite.json", exact=True)
    first = json.loads((tmp_path / "erste.json").read_text(encoding="utf-8"))
    second = json.loads((tmp_path / "zweite.json").read_text(encoding="utf-8"))
    assert first == second
    assert services.summary.month(OCTOBER).clients.active == 7

    # A new report from the records replaces the stored counts.
    services.summary.export(OCTOBER, tmp_path / "neu.json", exact=True, recompute=True)
    assert services.summary.month(OCTOBER).clients.active == 5
    assert services.summary.month(OCTOBER).reported_at == fixed_clock()


def test_a_guides_report_file_keeps_the_counts_too(
    setup: tuple[Services, list[int]], tmp_path: Path
) -> None:
    services, ids = setup
    services.summary.export_report(OCTOBER, tmp_path / "bericht.lotsenbericht.json")
    _erase(services, ids[:1])
    assert services.summary.month(OCTOBER).clients.active == 7
    assert services.summary.month(OCTOBER, recompute=True).clients.active == 6


def test_the_stored_counts_hold_no_names(
    setup: tuple[Services, list[int]], tmp_path: Path, database: Database
) -> None:
    services, _ids = setup
    services.summary.export(OCTOBER, tmp_path / "oktober.csv")
    with database.session() as session:
        stored = session.get(ReportedSummary, "2026-10")
        assert stored is not None
        text = stored.figures
    assert "Vorname" not in text and "Familie" not in text and "Erika" not in text
    figures = SummaryFigures.from_json(text)
    assert figures == services.summary.figures(OCTOBER)
    assert figures.tally.active == 7


def test_unreadable_stored_counts_fall_back_to_the_records(
    setup: tuple[Services, list[int]], tmp_path: Path, database: Database
) -> None:
    services, _ids = setup
    services.summary.export(OCTOBER, tmp_path / "oktober.json")
    with database.session() as session:
        session.execute(update(ReportedSummary).values(figures="{kaputt"))
    summary = services.summary.month(OCTOBER)
    assert summary.reported_at is None and summary.clients.active == 7


def test_the_counts_survive_closing_and_opening_the_file(tmp_path: Path) -> None:
    path = tmp_path / "lotsen.db"
    from lotsen_app.persistence.database import create_database

    database = create_database(path)
    services = Services.build(database, fixed_clock)
    ids = _people(services)
    services.summary.export(OCTOBER, tmp_path / "oktober.xlsx")
    _erase(services, ids)
    database.close()

    reopened = open_database(path)
    try:
        later = Services.build(reopened, lambda: datetime(2027, 1, 5, 9, 0))
        summary = later.summary.month(OCTOBER)
        assert summary.clients.active == 7 and summary.reported_at == fixed_clock()
        assert later.summary.month(OCTOBER, recompute=True).clients.active == 0
        with reopened.session() as session:
            details = [entry.detail for entry in session.query(AuditEntry)]
        assert "xlsx 2026-10" in details
    finally:
        reopened.close()


def test_the_command_line_shows_the_reported_counts_unless_told_to_recompute(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "lotsen.db"
    from lotsen_app.persistence.database import create_database

    database = create_database(path)
    services = Services.build(database, fixed_clock)
    ids = _people(services)
    services.summary.export(OCTOBER, tmp_path / "gemeldet.json", exact=True)
    _erase(services, ids[:3])
    database.close()

    kept, fresh = tmp_path / "wie-gemeldet.json", tmp_path / "neu.json"
    assert (
        cli.main(
            ["summary", "--db", str(path), "--month", "2026-10", "--exact", "--out", str(kept)]
        )
        == 0
    )
    assert "gemeldet" in capsys.readouterr().err
    assert (
        cli.main(
            [
                "summary",
                "--db",
                str(path),
                "--month",
                "2026-10",
                "--exact",
                "--recompute",
                "--out",
                str(fresh),
            ]
        )
        == 0
    )
    assert json.loads(kept.read_text(encoding="utf-8")) == json.loads(
        (tmp_path / "gemeldet.json").read_text(encoding="utf-8")
    )
    assert json.loads(fresh.read_text(encoding="utf-8")) != json.loads(
        kept.read_text(encoding="utf-8")
    )
