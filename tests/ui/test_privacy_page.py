"""GIVEN clients whose cases closed at different times (today is 2026-11-21, retention 3 years
after the last contact) WHEN the coordinator opens Datenschutz THEN the review lists exactly the
people who are due; erasing asks first, naming how many, and only "Endgültig löschen" erases;
the audit log follows its filters."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from lotsen_app.domain.casework import NewContact
from lotsen_app.domain.clients import CaseClosing, ClientInput
from lotsen_app.domain.enums import ClosingReason, ContactKind, Topic
from lotsen_app.domain.errors import NotFoundError
from lotsen_app.services.container import Services
from lotsen_app.services.privacy import AuditFilter, PrivacyService
from lotsen_app.ui.widgets.privacy_page import PrivacyPage, thousands
from tests.ui.helpers import when_modal


@dataclass(frozen=True)
class Person:
    given: str
    family: str
    last_contact: date | None
    closed_on: date | None  # None: the case is still open

    @property
    def display_name(self) -> str:
        return f"{self.family}, {self.given}"


DUE = [
    Person("Aylin", "Demir", date(2021, 3, 1), date(2021, 4, 1)),
    Person("Olena", "Koval", date(2022, 5, 10), date(2022, 6, 30)),
    Person("Karim", "Nasser", date(2023, 2, 1), date(2023, 3, 15)),
]
NOT_DUE = [
    Person("Sofia", "Petrova", date(2024, 8, 1), date(2024, 9, 1)),  # contact 2 years ago
    Person("Leyla", "Yilmaz", date(2021, 1, 10), None),  # old contact, but still open
    Person("Taras", "Bondar", date(2026, 10, 5), date(2026, 11, 2)),  # closed this month
]


def create_people(services: Services, people: list[Person]) -> dict[str, int]:
    """Each person opened in 2020, one contact on ``last_contact``, closed on ``closed_on``."""
    ids: dict[str, int] = {}
    for person in people:
        client_id = services.clients.create(
            ClientInput(person.given, person.family, opened_on=date(2020, 1, 6))
        )
        if person.last_contact is not None:
            services.casework.record_contact(
                NewContact(
                    occurred_on=person.last_contact,
                    duration_minutes=45,
                    kind=ContactKind.COUNSELLING,
                    client_ids=(client_id,),
                    topics=(Topic.HOUSING,),
                    note="Mietvertrag durchgesehen",
                )
            )
        if person.closed_on is not None:
            services.clients.close_case(
                client_id, CaseClosing(person.closed_on, ClosingReason.GOALS_REACHED)
            )
        ids[person.display_name] = client_id
    return ids


@pytest.fixture
def privacy(services: Services) -> PrivacyService:
    return PrivacyService(services.database, services.clock)


@pytest.fixture
def people(services: Services) -> dict[str, int]:
    return create_people(services, DUE + NOT_DUE)


def open_page(qtbot: QtBot, services: Services, privacy: PrivacyService) -> PrivacyPage:
    page = PrivacyPage(privacy, services.settings.retention_years)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    with (
        qtbot.waitSignal(page.retention_loaded, timeout=10000),
        qtbot.waitSignal(page.audit_loaded, timeout=10000),
    ):
        page.reload()
    return page


def listed_names(page: PrivacyPage) -> list[str]:
    return sorted(row.display_name for row in page.retention_model.rows)


def select_names(page: PrivacyPage, names: set[str]) -> None:
    selection = page.retention_table.selectionModel()
    for position, row in enumerate(page.retention_model.rows):
        if row.display_name in names:
            selection.select(
                page.retention_model.index(position, 0),
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )


def test_the_review_lists_exactly_the_people_who_are_due(
    qtbot: QtBot, services: Services, privacy: PrivacyService, people: dict[str, int]
) -> None:
    page = open_page(qtbot, services, privacy)
    assert listed_names(page) == sorted(person.display_name for person in DUE)
    assert page.retention_body.currentWidget() is page.retention_table
    assert "länger als 3 Jahre" in page.rule.text()
    assert page.retention_count.text() == "3 Personen fällig"
    first = page.retention_model.index(0, 0)
    assert page.retention_model.data(first) == "Demir, Aylin"  # sorted by name
    demir = page.retention_model.row_at(0)
    assert page.retention_model.data(page.retention_model.index(0, 1)) == "01.04.2021"
    assert demir.closed_on == date(2021, 4, 1)
    assert page.erase_all_button.isEnabled()
    assert not page.erase_selected_button.isEnabled()  # nothing selected yet
    select_names(page, {"Demir, Aylin"})
    assert page.erase_selected_button.isEnabled()


def test_a_longer_retention_period_changes_rule_and_list(
    qtbot: QtBot, services: Services, privacy: PrivacyService, people: dict[str, int]
) -> None:
    services.settings.set_retention_years(5)
    page = open_page(qtbot, services, privacy)
    assert "länger als 5 Jahre" in page.rule.text()
    assert listed_names(page) == ["Demir, Aylin"]  # the only contact more than 5 years ago
    assert page.retention_count.text() == "1 Person fällig"


def test_erasing_a_selection_of_two_asks_naming_two_and_erases_them(
    qtbot: QtBot, services: Services, privacy: PrivacyService, people: dict[str, int]
) -> None:
    page = open_page(qtbot, services, privacy)
    chosen = {"Demir, Aylin", "Nasser, Karim"}
    select_names(page, chosen)
    asked: dict[str, object] = {}

    def answer_yes(box: QMessageBox) -> None:
        asked["text"] = box.text()
        asked["informative"] = box.informativeText()
        asked["default"] = box.defaultButton() is box.button(QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes).click()

    problems = when_modal(QMessageBox, answer_yes)  # type: ignore[arg-type]
    with (
        qtbot.waitSignal(page.clients_erased, timeout=10000),
        qtbot.waitSignal(page.retention_loaded, timeout=10000),
    ):
        page.erase_selected_button.click()
    assert problems == []
    assert "2 Personen werden endgültig gelöscht" in str(asked["text"])
    assert "nicht rückgängig" in str(asked["informative"])
    assert "schon gemeldete Zahlen bleiben unter Berichte erhalten" in str(asked["informative"])
    assert asked["default"] is True  # Enter alone does not erase

    for name in chosen:
        with pytest.raises(NotFoundError):
            services.clients.get(people[name])
    assert listed_names(page) == ["Koval, Olena"]
    remaining = {row.full_name for row in services.clients.list_rows()}
    assert not chosen & remaining
    services.clients.get(people["Koval, Olena"])  # still there
    assert page.retention_result.isVisible()
    assert page.retention_result.text().startswith("2 Personen wurden endgültig gelöscht")


def test_one_person_is_named_in_the_question_and_no_erases_nothing(
    qtbot: QtBot, services: Services, privacy: PrivacyService, people: dict[str, int]
) -> None:
    page = open_page(qtbot, services, privacy)
    select_names(page, {"Koval, Olena"})
    asked: dict[str, str] = {}

    def answer_no(box: QMessageBox) -> None:
        asked["text"] = box.text()
        box.button(QMessageBox.StandardButton.No).click()

    problems = when_modal(QMessageBox, answer_no)  # type: ignore[arg-type]
    with qtbot.assertNotEmitted(page.clients_erased, wait=300):
        page.erase_selected_button.click()
    assert problems == []
    assert "1 Person wird endgültig gelöscht: „Koval, Olena“" in asked["text"]
    assert page.tasks.wait()
    for client_id in people.values():
        services.clients.get(client_id)
    assert len(privacy.retention_review()) == len(DUE)
    assert listed_names(page) == sorted(person.display_name for person in DUE)


def test_erasing_all_names_the_number_and_leaves_a_calm_empty_list(
    qtbot: QtBot, services: Services, privacy: PrivacyService, people: dict[str, int]
) -> None:
    page = open_page(qtbot, services, privacy)
    asked: dict[str, str] = {}

    def answer_yes(box: QMessageBox) -> None:
        asked["text"] = box.text()
        box.button(QMessageBox.StandardButton.Yes).click()

    problems = when_modal(QMessageBox, answer_yes)  # type: ignore[arg-type]
    with qtbot.waitSignal(page.clients_erased, timeout=10000):
        page.erase_all_button.click()
    qtbot.waitUntil(lambda: page.retention_body.currentWidget() is page.nobody, timeout=10000)
    assert problems == []
    assert "3 Personen werden endgültig gelöscht" in asked["text"]
    assert page.nobody.text().startswith("Niemand ist fällig.")
    assert not page.erase_all_button.isVisible()
    remaining = {row.full_name for row in services.clients.list_rows()}
    assert remaining == {person.display_name for person in NOT_DUE}


def test_an_empty_review_says_nobody_is_due(
    qtbot: QtBot, services: Services, privacy: PrivacyService
) -> None:
    create_people(services, NOT_DUE)
    page = open_page(qtbot, services, privacy)
    assert page.retention_body.currentWidget() is page.nobody
    assert page.nobody.isVisible() and page.nobody.text().startswith("Niemand ist fällig.")
    assert not page.erase_all_button.isVisible()
    assert not page.erase_selected_button.isVisible()


def test_the_log_filters_change_the_rows(
    qtbot: QtBot, services: Services, privacy: PrivacyService, people: dict[str, int]
) -> None:
    page = open_page(qtbot, services, privacy)
    page.tabs.setCurrentIndex(page.tabs.indexOf(page.audit_table.parentWidget()))
    assert page.tabs.tabText(page.tabs.currentIndex()) == "Protokoll"
    everything = privacy.audit_log(AuditFilter())
    assert len(page.audit_model.rows) == len(everything) > 0
    assert page.audit_count.text() == f"{len(everything)} Einträge"
    times = [row.at for row in page.audit_model.rows]
    assert times == sorted(times, reverse=True)  # newest first
    assert page.entity.count() > 1 and page.action.count() > 1

    # Art des Eintrags: only the client records
    client_index = page.entity.findData("client")
    assert client_index > 0
    with qtbot.waitSignal(page.audit_loaded, timeout=10000):
        page.entity.setCurrentIndex(client_index)
    client_rows = page.audit_model.rows
    assert client_rows and {row.entity for row in client_rows} == {"client"}
    assert len(client_rows) < len(everything)

    # Nr.: one client's entries
    koval = people["Koval, Olena"]
    with qtbot.waitSignal(page.audit_loaded, timeout=10000):
        page.entity_id.setText(str(koval))
    assert page.audit_model.rows
    assert {(row.entity, row.entity_id) for row in page.audit_model.rows} == {("client", koval)}
    assert page.audit_model.data(page.audit_model.index(0, 4)) == str(koval)

    # Zeitraum: the day after today holds nothing, today everything again
    with qtbot.waitSignal(page.audit_loaded, timeout=10000):
        page.reset_filters()
    assert len(page.audit_model.rows) == len(everything)
    with qtbot.waitSignal(page.audit_loaded, timeout=10000):
        page.since.setDate(page.since.date().fromString("22.11.2026", "dd.MM.yyyy"))
        page.until.setDate(page.until.date().fromString("30.11.2026", "dd.MM.yyyy"))
        page.use_period.setChecked(True)
    assert page.audit_model.rows == []
    assert page.audit_count.text() == "Keine Einträge für diese Auswahl."
    with qtbot.waitSignal(page.audit_loaded, timeout=10000):
        page.since.setDate(page.since.date().fromString("21.11.2026", "dd.MM.yyyy"))
    assert len(page.audit_model.rows) == len(everything)
    assert page.audit_filter().since == date(2026, 11, 21)
    assert page.audit_filter().until == date(2026, 11, 30)

    # a period that ends before it starts: a German message under the filters, no rows
    with qtbot.waitSignal(page.audit_failed, timeout=10000):
        page.until.setDate(page.until.date().fromString("20.11.2026", "dd.MM.yyyy"))
    assert page.audit_error.isVisible()
    assert "Ende des Zeitraums" in page.audit_error.text()
    assert page.audit_model.rows == []
    with qtbot.waitSignal(page.audit_loaded, timeout=10000):
        page.until.setDate(page.until.date().fromString("30.11.2026", "dd.MM.yyyy"))
    assert not page.audit_error.isVisible()
    assert len(page.audit_model.rows) == len(everything)

    # Aktion: one action only
    first_action = page.action.itemData(1)
    with qtbot.waitSignal(page.audit_loaded, timeout=10000):
        page.action.setCurrentIndex(1)
    assert page.audit_model.rows
    assert {row.action for row in page.audit_model.rows} == {first_action}


def test_the_count_line_says_when_only_the_newest_are_shown(
    qtbot: QtBot, services: Services, privacy: PrivacyService, people: dict[str, int]
) -> None:
    assert AuditFilter().limit == 1000 and thousands(1000) == "1.000"
    page = open_page(qtbot, services, privacy)
    assert len(page.audit_model.rows) > 5
    page.audit_limit = 5
    with qtbot.waitSignal(page.audit_loaded, timeout=10000):
        page.load_audit()
    assert len(page.audit_model.rows) == 5
    assert page.audit_count.text().startswith("5 neueste Einträge")


def test_an_erasure_whose_cleanup_is_blocked_still_drops_the_people_and_says_so(
    qtbot: QtBot, services: Services, privacy: PrivacyService, people: dict[str, int]
) -> None:
    """Another program keeps reading the file: the people are erased all the same; the page
    drops them, tells the other pages, and shows the German message about the cleanup."""
    page = open_page(qtbot, services, privacy)
    select_names(page, {"Demir, Aylin"})
    warned: dict[str, str] = {}

    def warning(box: QMessageBox) -> None:
        warned["text"] = box.text()
        box.button(QMessageBox.StandardButton.Ok).click()

    later: list[list[str]] = []

    def answer_yes(box: QMessageBox) -> None:
        later.append(when_modal(QMessageBox, warning, timeout_ms=15000))
        box.button(QMessageBox.StandardButton.Yes).click()

    reader = sqlite3.connect(services.database.path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM client").fetchone()
    try:
        problems = when_modal(QMessageBox, answer_yes)  # type: ignore[arg-type]
        with qtbot.waitSignal(page.clients_erased, timeout=15000):
            page.erase_selected_button.click()
        qtbot.waitUntil(lambda: "text" in warned, timeout=15000)
    finally:
        reader.execute("ROLLBACK")
        reader.close()
    assert problems == [] and later == [[]]
    assert "Löschung ist erfolgt" in warned["text"]
    with pytest.raises(NotFoundError):
        services.clients.get(people["Demir, Aylin"])
    qtbot.waitUntil(lambda: "Demir, Aylin" not in listed_names(page), timeout=10000)
    assert page.retention_result.text().startswith("1 Person wurde endgültig gelöscht")
