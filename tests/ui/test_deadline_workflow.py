"""GIVEN a client's letter WHEN the guide enters it THEN the deadline appears with its reasons."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox, QPushButton

from lotsen_app.domain.clients import ClientInput
from lotsen_app.domain.deadline_tracking import NewDeadline
from lotsen_app.domain.deadlines import DeadlineKind, PeriodUnit, Procedure
from lotsen_app.domain.guides import GuideInput
from lotsen_app.services.container import Services
from lotsen_app.ui.dialogs.deadline_dialog import DeadlineDialog
from lotsen_app.ui.dialogs.letter_dialogs import ClientLettersDialog, LetterDialog
from lotsen_app.ui.widgets.deadlines_page import DoneDialog
from tests.ui.helpers import shown_main_window, when_modal


def _press(qtbot, dialog, label: str) -> None:
    button = next(b for b in dialog.findChildren(QPushButton) if b.text() == label)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_enter_a_letter_and_see_the_deadline_with_its_explanation(
    qtbot, services: Services
) -> None:
    guide = services.guides.create(GuideInput("Anna", "Schmidt"))
    client_id = services.clients.create(ClientInput("Ali", "Hassan"), guide_id=guide)
    window = shown_main_window(qtbot, services, settled=True)
    page = window.clients_page
    page.select_client(client_id)
    seen: dict[str, str] = {}

    def fill_letter(dialog: LetterDialog) -> None:
        qtbot.keyClicks(dialog.authority, "Jobcenter Duisburg")
        dialog.delivery.setCurrentIndex(dialog.delivery.findData(Procedure.SGB10))
        dialog.letter_date.setDate(QDate(2026, 11, 2))
        dialog.posted_known.setChecked(True)
        dialog.posted_on.setDate(QDate(2026, 11, 2))
        dialog.received_on.setDate(QDate(2026, 11, 9))
        qtbot.keyClicks(dialog.subject, "Bescheid: Leistungen gekuerzt")
        when_modal(DeadlineDialog, fill_deadline)
        qtbot.mouseClick(
            dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save),
            Qt.MouseButton.LeftButton,
        )

    def fill_deadline(dialog: DeadlineDialog) -> None:
        dialog.kind.setCurrentIndex(dialog.kind.findData(DeadlineKind.WIDERSPRUCH))
        # Prefilled from the letter: SGB X, posted 02.11., arrived 09.11., one month.
        assert dialog.procedure.currentData() == Procedure.SGB10
        assert dialog.received_known.isChecked()
        assert (dialog.period_value.value(), dialog.period_unit.currentData()) == (
            1,
            PeriodUnit.MONTHS,
        )
        seen["title"] = dialog.result_title.text()
        seen["steps"] = dialog.result_steps.text()
        # Live: without the later arrival, the fiction day counts.
        dialog.received_known.setChecked(False)
        seen["without_arrival"] = dialog.result_title.text()
        dialog.received_known.setChecked(True)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    def letters(dialog: ClientLettersDialog) -> None:
        when_modal(LetterDialog, fill_letter)
        _press(qtbot, dialog, "Neuer Brief …")
        assert dialog.model.rowCount() == 1 and dialog.model.row_at(0).deadline_ids
        dialog.accept()

    problems = when_modal(ClientLettersDialog, letters)
    page.letters_action.trigger()  # in the "Weitere" menu
    assert problems == []
    assert seen["title"] == "Letzter Tag: Mi 09.12.2026"
    assert seen["without_arrival"] == "Letzter Tag: Mo 07.12.2026"  # fiction Fri 06.11. + 1 month
    assert "§ 37 Abs. 2 SGB X" in seen["steps"] and "09.11.2026" in seen["steps"]

    deadlines = window.deadlines_page
    qtbot.waitUntil(lambda: deadlines.model.rowCount() == 1, timeout=10000)
    window.show_page(window.page_index(deadlines))
    deadlines.table.selectRow(0)
    row = deadlines.selected()
    assert row.due_date == date(2026, 12, 9) and row.client_name == "Hassan, Ali"
    assert "Mi 09.12.2026" in deadlines.explanation.text()
    assert "§ 37 Abs. 2 SGB X" in deadlines.explanation.text()


def test_heute_and_the_start_notice_show_overdue_and_tomorrow(qtbot, services: Services) -> None:
    client_id = services.clients.create(ClientInput("Ali", "Hassan"))
    for due, title in (
        (date(2026, 11, 19), "Kontoauszüge"),
        (date(2026, 11, 22), "Mietvertrag"),
        (date(2026, 12, 20), "später"),
    ):
        services.deadlines.create(NewDeadline(client_id, DeadlineKind.ABGABE, title, fixed_due=due))
    window = shown_main_window(qtbot, services, settled=True)
    qtbot.waitUntil(lambda: window.today_page.deadline_model.rowCount() == 2, timeout=10000)
    assert [r.title for r in window.today_page.deadline_model.rows] == [
        "Kontoauszüge",
        "Mietvertrag",
    ]
    assert window.alert.isVisible()
    assert "1 Frist überfällig" in window.alert.text()
    assert "1 Frist endet morgen" in window.alert.text()


def test_marking_done_records_who_did_it(qtbot, services: Services) -> None:
    client_id = services.clients.create(ClientInput("Ali", "Hassan"))
    services.deadlines.create(
        NewDeadline(client_id, DeadlineKind.VORLAGE, "Pass", fixed_due=date(2026, 11, 25))
    )
    window = shown_main_window(qtbot, services, settled=True)
    page = window.deadlines_page
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10000)
    page.table.selectRow(0)

    def done(dialog: DoneDialog) -> None:
        dialog.actors[dialog.actors.__class__.__iter__(dialog.actors).__next__()].setChecked(True)
        qtbot.mouseClick(
            dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok),
            Qt.MouseButton.LeftButton,
        )

    problems = when_modal(DoneDialog, done)
    qtbot.mouseClick(page.done_button, Qt.MouseButton.LeftButton)
    assert problems == []
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=10000)  # only open ones shown
    [row] = services.deadlines.all_rows()
    assert row.done_by is not None and row.done_by.value == "allein"
