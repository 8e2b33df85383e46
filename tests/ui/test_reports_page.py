"""GIVEN a small known data set WHEN the coordinator opens Berichte THEN the page shows the same
figures as the summary service, "<5" until "exakte Zahlen" is ticked, writes every format, and
merges the guides' report files: the same file twice counts once, an altered file is refused
with a German message."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from lotsen_app.domain.appointments import Step
from lotsen_app.domain.casework import NewContact
from lotsen_app.domain.clients import CaseClosing, ClientInput
from lotsen_app.domain.enums import ClosingReason, ContactKind, Gender, StepActor, Topic
from lotsen_app.domain.guides import GuideInput
from lotsen_app.domain.summary import Period, key_to_text, new_programme_key
from lotsen_app.persistence.database import create_database
from lotsen_app.reports.summary_files import summary_tables
from lotsen_app.reports.summary_html import cell_text
from lotsen_app.services.container import Services
from lotsen_app.ui.tasks import TaskRunner
from lotsen_app.ui.widgets.reports_page import ProgrammeKeyDialog, ReportsPage
from tests.conftest import fixed_clock
from tests.ui.helpers import when_modal

OCTOBER = Period.parse("2026-10")


@dataclass(frozen=True)
class Known:
    """What the data set holds in October 2026, counted by hand."""

    active: int = 8  # 6 women, 2 men; one of the women closed in October
    women: int = 6
    men: int = 2
    closed: int = 1
    contacts: int = 6  # 5 Beratung, 1 Begleitung
    counselling: int = 5


PEOPLE = [
    ("Aylin", "Demir", Gender.FEMALE, date(1990, 4, 2), "0203 111111"),
    ("Olena", "Koval", Gender.FEMALE, date(1985, 8, 19), "0203 222222"),
    ("Mariam", "Haddad", Gender.FEMALE, date(2001, 1, 5), "0203 333333"),
    ("Sofia", "Petrova", Gender.FEMALE, date(1978, 12, 24), "0203 444444"),
    ("Ioana", "Popescu", Gender.FEMALE, date(1995, 6, 30), "0203 555555"),
    ("Leyla", "Yilmaz", Gender.FEMALE, date(1969, 3, 3), "0203 666666"),
    ("Karim", "Nasser", Gender.MALE, date(1988, 9, 9), "0203 777777"),
    ("Taras", "Bondar", Gender.MALE, date(2000, 2, 29), "0203 888888"),
]


def build_known(services: Services) -> list[int]:
    """Eight clients opened in September 2026, one closed in October, six contacts."""
    guide = services.guides.create(GuideInput("Greta", "Lotsenfrau"))
    ids = [
        services.clients.create(
            ClientInput(
                given,
                family,
                birth_date=born,
                gender=gender,
                phone=phone,
                street="Geheimweg 12",
                postal_code="47053",
                city="Duisburg",
                languages=("tr",),
                preferred_language="tr",
                opened_on=date(2026, 9, 1),
            ),
            guide_id=guide,
        )
        for given, family, gender, born, phone in PEOPLE
    ]
    services.clients.close_case(ids[0], CaseClosing(date(2026, 10, 20), ClosingReason.MOVED_AWAY))
    for number in range(6):
        services.casework.record_contact(
            NewContact(
                occurred_on=date(2026, 10, 2 + number),
                duration_minutes=60,
                kind=ContactKind.COUNSELLING if number < 5 else ContactKind.ACCOMPANIMENT,
                client_ids=(ids[number],),
                topics=(Topic.HOUSING,),
                steps=(Step("Antrag gestellt", StepActor.CLIENT_ALONE),),
                note="Geheime Notiz",
                guide_id=guide,
            )
        )
    return ids


@pytest.fixture
def known(services: Services) -> Services:
    build_known(services)
    return services


def open_page(qtbot: QtBot, services: Services) -> ReportsPage:
    page = ReportsPage(services, TaskRunner())
    qtbot.addWidget(page)
    page.resize(1280, 800)
    with qtbot.waitSignal(page.summary_shown, timeout=10000):
        page.show()
    return page


def expected_cells(services: Services, period: Period, exact: bool, title: str) -> list[list[str]]:
    summary = services.summary.month(period)
    table = next(t for t in summary_tables(summary, exact) if t.title == title)
    return [[cell_text(value) for value in row] for row in table.rows]


def test_the_page_shows_the_service_figures_for_the_chosen_month(
    qtbot: QtBot, known: Services
) -> None:
    page = open_page(qtbot, known)
    assert page.period() == OCTOBER  # the last complete month before 21 November
    summary = known.summary.month(OCTOBER)
    assert page.shown is not None and page.shown.summary == summary
    assert summary.clients.active == Known.active
    for title in ("Überblick", "Geschlecht", "Kontakte nach Art", "Selbsthilfe"):
        assert page.table_cells(title) == expected_cells(known, OCTOBER, False, title), title
    overview = dict((row[0], row[1]) for row in page.table_cells("Überblick"))
    assert overview["Aktive Klient:innen"] == str(Known.active)
    assert overview["Kontakte"] == str(Known.contacts)
    kinds = dict((row[0], row[1]) for row in page.table_cells("Kontakte nach Art"))
    assert kinds["Beratung"] == str(Known.counselling)
    assert len(page.chart_views) == 3

    # a quarter, chosen the way a user does
    with qtbot.waitSignal(page.summary_shown, timeout=10000):
        page.kind.setCurrentIndex(page.kind.findText("Quartal"))
    assert page.period() == Period.parse("2026-Q4")
    assert page.table_cells("Überblick") == expected_cells(
        known, Period.parse("2026-Q4"), False, "Überblick"
    )
    with qtbot.waitSignal(page.summary_shown, timeout=10000):
        page.set_period(Period.parse("2026-09"))
    assert page.table_cells("Geschlecht") == expected_cells(
        known, Period.parse("2026-09"), False, "Geschlecht"
    )


def test_exact_numbers_switch_small_counts_between_lt5_and_the_number(
    qtbot: QtBot, known: Services
) -> None:
    page = open_page(qtbot, known)
    gender = dict((row[0], row[1]) for row in page.table_cells("Geschlecht"))
    assert gender["männlich"] == "<5" and gender["weiblich"] == str(Known.women)
    assert json.loads(page.file_preview(".json"))["by_gender"]["maennlich"] == "<5"
    assert "<5" in page.preview.toPlainText()
    assert "Zahlen von 1 bis 4" in page.source.text()

    with qtbot.waitSignal(page.summary_shown):
        page.exact.setChecked(True)
    gender = dict((row[0], row[1]) for row in page.table_cells("Geschlecht"))
    assert gender["männlich"] == str(Known.men)
    assert page.table_cells("Geschlecht") == expected_cells(known, OCTOBER, True, "Geschlecht")
    assert json.loads(page.preview.toPlainText())["by_gender"]["maennlich"] == Known.men
    page.preview_format.setCurrentIndex(page.preview_format.findText("CSV"))
    assert "männlich;2" in page.preview.toPlainText()
    assert "nur intern" in page.source.text()

    with qtbot.waitSignal(page.summary_shown):
        page.exact.setChecked(False)
    assert "männlich;<5" in page.preview.toPlainText()


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_images(path: Path) -> list[str]:
    listing = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout
    return [line for line in listing.splitlines()[2:] if " image " in line]


def test_every_format_is_written_with_what_the_page_shows(
    qtbot: QtBot, known: Services, tmp_path: Path
) -> None:
    page = open_page(qtbot, known)
    for suffix in (".xlsx", ".csv", ".json", ".pdf"):
        path = tmp_path / f"oktober{suffix}"
        with qtbot.waitSignal(page.file_written, timeout=20000) as written:
            page.export(suffix, path)
        assert written.args == [path]
        assert path.stat().st_size > 0, suffix
    assert load_workbook(tmp_path / "oktober.xlsx")["Überblick"]["B2"].value == Known.active
    assert "männlich;<5" in (tmp_path / "oktober.csv").read_text(encoding="utf-8-sig")
    content = json.loads((tmp_path / "oktober.json").read_text(encoding="utf-8"))
    assert content["month"] == "2026-10" and content["clients"]["closed"] == "<5"
    text = pdf_text(tmp_path / "oktober.pdf")
    assert "Monatsübersicht Oktober 2026" in text
    assert "Aktive Klient:innen" in text and str(Known.active) in text
    assert len({line.split()[-1] for line in pdf_images(tmp_path / "oktober.pdf")}) >= 1
    assert len(pdf_images(tmp_path / "oktober.pdf")) >= 3  # the three charts
    assert page.status.text() == "Gespeichert: oktober.pdf"


def test_saving_through_the_file_dialog(qtbot: QtBot, known: Services, tmp_path: Path) -> None:
    page = open_page(qtbot, known)
    page.directory = tmp_path
    target = tmp_path / "aus-dem-dialog.csv"

    def choose(dialog: QFileDialog) -> None:
        dialog.selectFile(str(target))
        dialog.accept()

    problems = when_modal(QFileDialog, choose)  # type: ignore[arg-type]
    with qtbot.waitSignal(page.file_written, timeout=10000):
        page.export_buttons[".csv"].click()
    assert problems == []
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")


def second_guide(tmp_path: Path, key: str) -> Services:
    """Another guide's laptop with the same programme key: one client of the first guide
    (same name and birth date) and one of her own."""
    database = create_database(tmp_path / "zweite.db")
    services = Services.build(database, fixed_clock)
    services.summary.set_programme_key(key)
    guide = services.guides.create(GuideInput("Ida", "Zweitlotsin"))
    given, family, gender, born, _phone = PEOPLE[1]
    for client in (
        ClientInput(given, family, birth_date=born, gender=gender, opened_on=date(2026, 10, 1)),
        ClientInput("Nadia", "Ahmadi", birth_year=1992, opened_on=date(2026, 10, 5)),
    ):
        services.clients.create(client, guide_id=guide)
    return services


def test_merging_two_guides_files_and_the_same_file_twice_counts_once(
    qtbot: QtBot, known: Services, tmp_path: Path
) -> None:
    page = open_page(qtbot, known)
    mine = tmp_path / "greta.lotsenbericht.json"
    with qtbot.waitSignal(page.file_written, timeout=10000):
        page.export_report(mine)
    other = second_guide(tmp_path, known.summary.programme_key())
    theirs = tmp_path / "ida.lotsenbericht.json"
    other.summary.export_report(OCTOBER, theirs)
    other.database.close()

    with qtbot.waitSignal(page.summary_shown, timeout=10000):
        page.merge_reports([mine, theirs])
    assert page.merged and page.shown is not None
    merged = page.shown.summary
    assert merged.report_files == 2
    assert merged.clients.active == Known.active + 1  # Olena is known to both: once
    assert page.table_cells("Überblick")[0] == ["Aktive Klient:innen", str(Known.active + 1)]
    assert "Zusammengeführt aus 2 Berichtsdateien" in page.source.text()
    assert page.own_button.isVisible()
    combined = tmp_path / "gesamt.json"
    with qtbot.waitSignal(page.file_written, timeout=10000):
        page.export(".json", combined)
    assert json.loads(combined.read_text(encoding="utf-8"))["report_files"] == 2

    copy = tmp_path / "kopie.json"
    shutil.copy(mine, copy)
    with qtbot.waitSignal(page.summary_shown, timeout=10000):
        page.merge_reports([mine, copy])
    assert page.shown.summary.report_files == 1
    assert page.shown.summary.clients.active == Known.active
    assert "doppelt" in page.source.text()

    with qtbot.waitSignal(page.summary_shown, timeout=10000):
        page.own_button.click()
    assert not page.merged and "dieser Datenbank" in page.source.text()


def test_an_altered_or_foreign_file_is_refused_with_a_german_message(
    qtbot: QtBot, known: Services, tmp_path: Path
) -> None:
    page = open_page(qtbot, known)
    report = tmp_path / "greta.json"
    known.summary.export_report(OCTOBER, report)
    altered = tmp_path / "geaendert.json"
    content = json.loads(report.read_text(encoding="utf-8"))
    content["clients"] = content["clients"][1:]
    altered.write_text(json.dumps(content), encoding="utf-8")
    with qtbot.waitSignal(page.failed, timeout=10000) as failed:
        page.merge_reports([report, altered])
    assert "geaendert.json wurde nach dem Erstellen verändert" in failed.args[0]
    assert page.error.isVisible() and "nicht übernommen" in page.error.text()
    assert not page.merged

    september = tmp_path / "september.json"
    known.summary.export_report("2026-09", september)
    with qtbot.waitSignal(page.failed, timeout=10000) as failed:
        page.merge_reports([september])
    assert "erwartet wird Oktober 2026" in failed.args[0]

    with qtbot.waitSignal(page.summary_shown, timeout=10000):
        page.merge_reports([report])
    assert not page.error.isVisible()


def test_the_programme_key_is_shown_and_the_coordinators_key_taken_over(
    qtbot: QtBot, known: Services
) -> None:
    page = open_page(qtbot, known)
    own = known.summary.programme_key()
    coordinator = key_to_text(new_programme_key())
    seen: dict[str, str] = {}

    def enter(dialog: ProgrammeKeyDialog) -> None:
        seen["shown"] = dialog.current.text()
        dialog.new_key.setText("ABCD-EFGH")
        dialog.save()
        seen["error"] = dialog.error.text()
        dialog.new_key.setText(coordinator.lower())
        dialog.save()

    problems = when_modal(ProgrammeKeyDialog, enter)  # type: ignore[arg-type]
    page.key_button.click()
    qtbot.waitUntil(lambda: "übernommen" in page.status.text(), timeout=10000)
    assert problems == []
    assert seen["shown"] == own
    assert "Zeichen" in seen["error"]
    assert known.summary.programme_key() == coordinator
