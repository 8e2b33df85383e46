"""GIVEN appointments at authorities WHEN a guide looks at Termine or Heute THEN she sees the right ones.

Real services on a real SQLite file, real widgets offscreen. FIXED_NOW is Saturday 2026-11-21 10:30,
so the week shown first is week 47 (Monday 16.11. to Sunday 22.11.).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import QDate, QPoint, Qt, QTime
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QLabel

from lotsen_app.domain.appointments import AuthorityData, NewAppointment, OpeningHours
from lotsen_app.domain.clients import ClientInput
from lotsen_app.domain.enums import AppointmentMode, AppointmentStatus, AuthorityKind
from lotsen_app.domain.guides import GuideInput
from lotsen_app.persistence.database import Database
from lotsen_app.reports.ics import IcsDetail
from lotsen_app.services.container import Services
from lotsen_app.ui.dialogs.appointment_dialog import AppointmentDialog
from lotsen_app.ui.dialogs.client_dialog import ClientDialog
from lotsen_app.ui.dialogs.ics_dialog import IcsExportDialog
from lotsen_app.ui.dialogs.outcome_dialog import OutcomeDialog
from lotsen_app.ui.main_window import MainWindow, deadline_alert_text
from lotsen_app.ui.models.appointment_agenda_model import time_text
from lotsen_app.ui.reminders import AppointmentReminder
from lotsen_app.ui.tasks import TaskRunner
from lotsen_app.ui.widgets.appointments_page import MONTH, AppointmentsPage
from lotsen_app.ui.widgets.today_page import TodayPage
from tests.ui.helpers import when_modal


@dataclass
class Agenda:
    anna: int
    mehmet: int
    ali: int
    olena: int
    jobcenter: int
    ids: dict[str, int]


def _agenda(services: Services) -> Agenda:
    anna = services.guides.create(GuideInput("Anna", "Schmidt"))
    mehmet = services.guides.create(GuideInput("Mehmet", "Kaya"))
    ali = services.clients.create(ClientInput("Ali", "Hassan"), guide_id=anna)
    olena = services.clients.create(ClientInput("Olena", "Iwanowa"), guide_id=mehmet)
    jobcenter = services.authorities.save(
        AuthorityData(
            "Jobcenter (Beispiel)",
            AuthorityKind.JOBCENTER,
            street="Musterstraße 1",
            postal_code="47051",
            city="Duisburg",
            room="204",
            opening_hours=OpeningHours.parse("Mo-Fr 08:00-12:30"),
            usual_documents="Letzter Bescheid",
        )
    )

    def create(start: datetime, client: int, guide: int, purpose: str, minutes: int = 60) -> int:
        return services.appointments.create(
            NewAppointment(
                client_ids=(client,),
                starts_at=start,
                duration_minutes=minutes,
                authority_id=jobcenter,
                guide_id=guide,
                purpose=purpose,
                checklist=services.appointments.prefill_checklist(jobcenter, purpose),
                mode=AppointmentMode.ACCOMPANIED,
            )
        )

    ids = {
        "previous sunday": create(datetime(2026, 11, 15, 10, 0), ali, anna, "Vorwoche"),
        "monday": create(datetime(2026, 11, 16, 9, 0), ali, anna, "Bürgergeld Weiterbewilligung"),
        "today": create(datetime(2026, 11, 21, 14, 0), olena, mehmet, "Wohnsitz anmelden"),
        "sunday night": create(datetime(2026, 11, 22, 23, 30), olena, anna, "Nachttermin"),
        "next monday": create(datetime(2026, 11, 23, 10, 0), ali, mehmet, "Kindergeld beantragen"),
    }
    return Agenda(anna, mehmet, ali, olena, jobcenter, ids)


def _page(qtbot, services: Services) -> AppointmentsPage:
    page = AppointmentsPage(services, TaskRunner())
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    with qtbot.waitSignal(page.rows_loaded, timeout=10000):
        page.reload()
    return page


def _click(qtbot, page: AppointmentsPage, button) -> None:
    with qtbot.waitSignal(page.rows_loaded, timeout=10000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _shown_ids(page: AppointmentsPage) -> set[int]:
    return {row.id for row in page.model.all_rows()}


def _ids_on(page: AppointmentsPage, day: date) -> list[int]:
    return [
        row.id for agenda_day in page.model.days if agenda_day.day == day for row in agenda_day.rows
    ]


def _save_dialog(dialog: QDialog) -> None:
    """Press Save; a dialog that stays open fails the test instead of blocking it."""
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    if dialog.isVisible():
        dialog.reject()
        raise AssertionError("the dialog did not save")


def test_the_week_of_today_shows_exactly_its_appointments(qtbot, services: Services) -> None:
    agenda = _agenda(services)
    page = _page(qtbot, services)

    assert page.range_label.text() == "Woche 47 · 16.–22.11.2026"
    ids = agenda.ids
    assert _shown_ids(page) == {ids["monday"], ids["today"], ids["sunday night"]}
    # Every day of the week has its header, with or without appointments.
    assert [d.day for d in page.model.days] == [date(2026, 11, 16) + timedelta(n) for n in range(7)]
    assert _ids_on(page, date(2026, 11, 22)) == [ids["sunday night"]]
    assert page.count_label.text() == "3 Termine"
    header = page.model.index(5, 0)
    assert page.model.data(header) == "Samstag, 21.11.2026 · heute – 1 Termin"


def test_an_appointment_past_midnight_counts_on_both_days(qtbot, services: Services) -> None:
    agenda = _agenda(services)
    page = _page(qtbot, services)
    _click(qtbot, page, page.next_button)

    assert page.range_label.text() == "Woche 48 · 23.–29.11.2026"
    night, monday = agenda.ids["sunday night"], agenda.ids["next monday"]
    assert _ids_on(page, date(2026, 11, 23)) == [night, monday]
    row = page.model.days[0].rows[0]
    assert time_text(row, date(2026, 11, 23)) == "bis 00:30 (seit So 23:30)"
    assert time_text(row, date(2026, 11, 22)) == "23:30–00:30 (bis Mo)"


def test_previous_next_and_today_navigate(qtbot, services: Services) -> None:
    agenda = _agenda(services)
    page = _page(qtbot, services)

    _click(qtbot, page, page.previous_button)
    assert page.range_label.text() == "Woche 46 · 09.–15.11.2026"
    assert _shown_ids(page) == {agenda.ids["previous sunday"]}
    _click(qtbot, page, page.next_button)
    _click(qtbot, page, page.next_button)
    assert page.range_label.text() == "Woche 48 · 23.–29.11.2026"
    _click(qtbot, page, page.today_button)
    assert page.range_label.text() == "Woche 47 · 16.–22.11.2026"

    _click(qtbot, page, page.view_buttons["day"])
    assert page.range_label.text() == "Samstag, 21.11.2026"
    assert _shown_ids(page) == {agenda.ids["today"]}
    _click(qtbot, page, page.next_button)
    assert page.range_label.text() == "Sonntag, 22.11.2026"
    assert _shown_ids(page) == {agenda.ids["sunday night"]}


def test_the_guide_filter_narrows_the_agenda(qtbot, services: Services) -> None:
    agenda = _agenda(services)
    page = _page(qtbot, services)
    assert page.guide_filter.itemText(0) == "Alle Lotsen"
    assert page.guide_filter.findData(agenda.anna) > 0

    with qtbot.waitSignal(page.rows_loaded, timeout=10000):
        page.guide_filter.setCurrentIndex(page.guide_filter.findData(agenda.mehmet))
    assert _shown_ids(page) == {agenda.ids["today"]}
    with qtbot.waitSignal(page.rows_loaded, timeout=10000):
        page.guide_filter.setCurrentIndex(page.guide_filter.findData(agenda.anna))
    assert _shown_ids(page) == {agenda.ids["monday"], agenda.ids["sunday night"]}
    with qtbot.waitSignal(page.rows_loaded, timeout=10000):
        page.guide_filter.setCurrentIndex(0)
    assert len(_shown_ids(page)) == 3


def test_cancelled_appointments_are_struck_out_or_hidden(qtbot, services: Services) -> None:
    agenda = _agenda(services)
    services.appointments.cancel(agenda.ids["monday"], "Amt hat abgesagt")
    page = _page(qtbot, services)
    index = page.model.appointment_indexes(agenda.ids["monday"])[0]
    assert page.model.data(index, Qt.ItemDataRole.FontRole).strikeOut()
    assert page.model.data(index.siblingAtColumn(6)) == "abgesagt"

    page.hide_inactive.setChecked(True)
    assert agenda.ids["monday"] not in _shown_ids(page)
    assert page.count_label.text() == "2 Termine"


def test_month_view_counts_and_a_click_opens_the_day(qtbot, services: Services) -> None:
    agenda = _agenda(services)
    for hour in (8, 9, 10, 11):  # four on one day: three are listed, then "+1 weitere"
        services.appointments.create(
            NewAppointment(
                client_ids=(agenda.olena,),
                starts_at=datetime(2026, 11, 26, hour, 0),
                duration_minutes=30,
                authority_id=agenda.jobcenter,
                guide_id=agenda.mehmet,
            )
        )
    page = _page(qtbot, services)
    _click(qtbot, page, page.view_buttons[MONTH])

    assert page.range_label.text() == "November 2026"
    grid = page.month_grid
    assert grid.cells[0].day == date(2026, 10, 26)  # the Monday before the first
    assert grid.count_for(date(2026, 11, 15)) == 1
    assert grid.count_for(date(2026, 11, 22)) == 1
    assert grid.count_for(date(2026, 11, 23)) == 2  # the night appointment and the 10:00
    assert grid.count_for(date(2026, 11, 26)) == 4
    assert "+1 weitere" in grid.cell_for(date(2026, 11, 26)).label.text()
    assert grid.count_for(date(2026, 11, 20)) == 0
    assert page.count_label.text() == "9 Termine"

    _click(qtbot, page, page.next_button)
    assert page.range_label.text() == "Dezember 2026"
    _click(qtbot, page, page.previous_button)
    _click(qtbot, page, page.previous_button)
    assert page.range_label.text() == "Oktober 2026"
    _click(qtbot, page, page.next_button)

    cell = grid.cell_for(date(2026, 11, 23))
    with qtbot.waitSignal(page.rows_loaded, timeout=10000):
        qtbot.mouseClick(cell, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    assert page.view == "day"
    assert page.range_label.text() == "Montag, 23.11.2026"
    assert _shown_ids(page) == {agenda.ids["sunday night"], agenda.ids["next monday"]}


def test_details_show_the_place_and_ticking_saves_at_once(qtbot, services: Services) -> None:
    agenda = _agenda(services)
    page = _page(qtbot, services)
    opened: list[int] = []
    page.open_client.connect(opened.append)
    monday = agenda.ids["monday"]
    assert page.select_appointment(monday)

    text = page.details.text.text()
    for expected in ("Jobcenter (Beispiel)", "Musterstraße 1, 47051 Duisburg", "Raum 204"):
        assert expected in text
    assert "Geöffnet am Mo: 08:00-12:30" in text
    assert "Ali Hassan" in text and "Anna Schmidt" in text
    assert "(60&nbsp;Min.)" in text  # never wraps onto a line of its own
    checklist = page.details.checklist
    texts = [label.text() for label in checklist.labels]
    assert texts[0] == "Reisepass oder Ausweis" and "Letzter Bescheid" in texts
    assert not checklist.feedback.isVisible()

    with qtbot.waitSignal(page.data_changed, timeout=2000):
        checklist.checks[0].setChecked(True)
    saved = services.appointments.get(monday).checklist
    assert saved[0].done and not any(item.done for item in saved[1:])
    assert page.selected() is not None and page.selected().checklist[0].done
    assert checklist.feedback.isVisible() and checklist.feedback.text() == "✓ gespeichert"

    # A click on the text of an item ticks it, too.
    with qtbot.waitSignal(page.data_changed, timeout=2000):
        qtbot.mouseClick(checklist.labels[1], Qt.MouseButton.LeftButton)
    assert services.appointments.get(monday).checklist[1].done

    qtbot.mouseClick(page.client_button, Qt.MouseButton.LeftButton)
    assert opened == [agenda.ali]


def _today_page(qtbot, services: Services) -> TodayPage:
    page = TodayPage(services, TaskRunner())
    qtbot.addWidget(page)
    page.resize(1100, 900)
    page.show()
    with qtbot.waitSignal(page.appointments_shown, timeout=10000):
        page.reload()
    return page


def _texts(widget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel))


def test_heute_shows_today_and_tomorrow_with_address_and_what_to_bring(
    qtbot, services: Services
) -> None:
    agenda = _agenda(services)
    day_after = services.appointments.create(
        NewAppointment(
            client_ids=(agenda.ali,),
            starts_at=datetime(2026, 11, 23, 8, 0),
            authority_id=agenda.jobcenter,
            guide_id=agenda.anna,
            purpose="Übermorgen",
        )
    )
    page = _today_page(qtbot, services)

    shown = [(card.row.id, card.row.starts_at) for card in page.appointment_cards]
    assert [i for i, _start in shown] == [agenda.ids["today"], agenda.ids["sunday night"]]
    assert day_after not in [i for i, _start in shown]
    assert agenda.ids["next monday"] not in [i for i, _start in shown]
    text = _texts(page.appointments_box)
    assert "Heute</b> – Samstag, 21.11.2026" in text
    assert "Morgen</b> – Sonntag, 22.11.2026" in text
    assert "14:00–15:00 · Jobcenter (Beispiel)" in text
    assert "Musterstraße 1, 47051 Duisburg, Raum 204" in text
    assert "Olena Iwanowa" in text and "Mehmet Kaya" in text and "Anna Schmidt" in text
    card = page.appointment_cards[0]
    assert len(card.findChildren(QCheckBox)) == len(card.row.checklist)
    items = [label.text() for label in card.checklist.labels]
    assert "Reisepass oder Ausweis" in items and "Wohnungsgeberbestätigung" in items

    with qtbot.waitSignal(page.appointments_changed, timeout=2000):
        card.checks[1].setChecked(True)
    assert services.appointments.get(card.row.id).checklist[1].done
    assert card.checklist.feedback.isVisible()
    assert card.checklist.feedback.text() == "✓ gespeichert"

    opened: list[int] = []
    page.open_client.connect(opened.append)
    qtbot.mouseDClick(card, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert opened == [agenda.olena]


def test_heute_takes_rows_from_outside_and_leaves_out_other_days(qtbot, services: Services) -> None:
    agenda = _agenda(services)
    page = _today_page(qtbot, services)
    rows = services.appointments.rows(datetime(2026, 11, 9), datetime(2026, 11, 30))
    page.show_appointments(rows)
    assert {card.row.id for card in page.appointment_cards} == {
        agenda.ids["today"],
        agenda.ids["sunday night"],
    }
    page.show_appointments([])
    assert page.appointment_cards == []
    assert "keine Termine" in _texts(page.appointments_box)


class MovableClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def test_a_reminder_comes_once_and_shows_initials_only(qtbot, database: Database) -> None:
    clock = MovableClock(datetime(2026, 11, 21, 10, 0))
    services = Services.build(database, clock)
    agenda = _agenda(services)
    soon = services.appointments.create(
        NewAppointment(
            client_ids=(agenda.ali, agenda.olena),
            starts_at=datetime(2026, 11, 21, 11, 15),
            authority_id=agenda.jobcenter,
            guide_id=agenda.anna,
        )
    )
    reminder = AppointmentReminder(services, TaskRunner())
    assert reminder.tray is None  # offscreen: no system tray, so the window shows it
    notices: list[str] = []
    reminder.notice.connect(notices.append)

    def check() -> None:
        reminder.check_now()
        qtbot.waitUntil(lambda: not reminder.tasks.busy, timeout=10000)

    check()  # 10:00: 11:15 is 75 minutes away; 14:00 (Olena) too
    assert notices == []
    clock.now = datetime(2026, 11, 21, 10, 45)
    check()
    assert notices == ["Termin in 30 Minuten: 11:15 Jobcenter (Beispiel): A. H., O. I."]
    clock.now = datetime(2026, 11, 21, 10, 46)
    check()
    check()
    assert len(notices) == 1
    for family_name in ("Hassan", "Iwanowa"):
        assert family_name not in notices[0]
    # Moved to a new time (a new appointment): announced again, once.
    services.appointments.move(soon, datetime(2026, 11, 21, 11, 30))
    check()
    assert len(notices) == 2 and notices[1].startswith("Termin in 44 Minuten: 11:30")


def test_a_cancelled_appointment_is_not_announced(qtbot, services: Services) -> None:
    agenda = _agenda(services)
    cancelled = services.appointments.create(
        NewAppointment(
            client_ids=(agenda.ali,),
            starts_at=datetime(2026, 11, 21, 11, 0),
            authority_id=agenda.jobcenter,
            guide_id=agenda.anna,
        )
    )
    services.appointments.cancel(cancelled)
    reminder = AppointmentReminder(services, TaskRunner(), lead_minutes=120)
    notices: list[str] = []
    reminder.notice.connect(notices.append)
    reminder.check_now()
    qtbot.waitUntil(lambda: not reminder.tasks.busy, timeout=10000)
    assert notices == []


@pytest.fixture
def window(qtbot, services: Services):
    def make() -> MainWindow:
        window = MainWindow(services)
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.data_shown, timeout=10000):
            window.show()
        qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)
        return window

    return make


def test_the_window_shows_the_agenda_and_a_closable_notice(qtbot, services, window) -> None:
    agenda = _agenda(services)
    services.appointments.create(
        NewAppointment(
            client_ids=(agenda.ali,),
            starts_at=datetime(2026, 11, 21, 11, 0),  # FIXED_NOW is 10:30
            authority_id=agenda.jobcenter,
            guide_id=agenda.anna,
        )
    )
    main = window()
    assert main.reminder is not None
    qtbot.waitUntil(lambda: main.notice_bar.isVisible(), timeout=10000)
    assert main.notices == ["Termin in 30 Minuten: 11:00 Jobcenter (Beispiel): A. H."]
    assert "Termin in 30 Minuten: 11:00 Jobcenter (Beispiel): A. H." in main.notice_text.text()
    qtbot.mouseClick(main.notice_close, Qt.MouseButton.LeftButton)
    assert not main.notice_bar.isVisible()

    page = main.appointments_page
    assert main.stack.widget(main.page_index(page)) is page
    assert len(_shown_ids(page)) == 4
    assert len(main.today_page.appointment_cards) == 3

    page.select_appointment(agenda.ids["today"])
    seen: list[str] = []
    problems = when_modal(
        ClientDialog, lambda dialog: (seen.append(dialog.family_name.text()), dialog.reject())
    )
    qtbot.mouseClick(page.client_button, Qt.MouseButton.LeftButton)
    assert problems == []
    assert seen == ["Iwanowa"]
    assert main.stack.currentWidget() is main.clients_page


def _export(qtbot, page, target, choose) -> list[str]:
    """Click the ICS button, let ``choose`` set up the export dialog, save to ``target``."""
    problems: list[str] = []

    def save(dialog: QFileDialog) -> None:
        dialog.selectFile(str(target))
        dialog.accept()

    def export_dialog(dialog: IcsExportDialog) -> None:
        choose(dialog)
        problems.extend(when_modal(QFileDialog, save))
        dialog.accept()

    problems.extend(when_modal(IcsExportDialog, export_dialog))
    qtbot.mouseClick(page.ics_button, Qt.MouseButton.LeftButton)
    return problems


def test_the_shown_week_goes_into_a_calendar_file(qtbot, services: Services, tmp_path) -> None:
    agenda = _agenda(services)
    page = _page(qtbot, services)
    with qtbot.waitSignal(page.rows_loaded, timeout=10000):
        page.guide_filter.setCurrentIndex(page.guide_filter.findData(agenda.anna))
    seen: list[bool] = []
    problems = _export(
        qtbot,
        page,
        tmp_path / "anna",
        lambda dialog: seen.extend(
            [dialog.shown_range.isChecked(), dialog.only_selected.isEnabled()]
        ),
    )
    qtbot.waitUntil(lambda: "anna.ics" in page.message.text(), timeout=10000)
    assert problems == []
    assert seen == [True, False]  # nothing selected: the shown week is the default
    assert page.message.text() == "2 Termin(e) gespeichert: anna.ics"
    calendar = (tmp_path / "anna.ics").read_text(encoding="utf-8")
    assert calendar.count("BEGIN:VEVENT") == 2  # Anna's Monday and Sunday night, not Mehmet's
    assert "Hassan" not in calendar and "Iwanowa" not in calendar


def test_one_appointment_with_names_when_the_guide_chooses(
    qtbot, services: Services, tmp_path
) -> None:
    agenda = _agenda(services)
    page = _page(qtbot, services)
    assert page.select_appointment(agenda.ids["today"])

    def choose(dialog: IcsExportDialog) -> None:
        assert dialog.only_selected.isChecked()
        dialog.detail.setCurrentIndex(dialog.detail.findData(IcsDetail.NAMES.value))

    problems = _export(qtbot, page, tmp_path / "one.ics", choose)
    qtbot.waitUntil(lambda: "one.ics" in page.message.text(), timeout=10000)
    assert problems == []
    calendar = (tmp_path / "one.ics").read_text(encoding="utf-8")
    assert calendar.count("BEGIN:VEVENT") == 1
    assert f"appointment-{agenda.ids['today']}@" in calendar.replace("\r\n ", "")
    assert "Iwanowa" in calendar


def test_a_planned_appointment_that_is_over_says_ergebnis_fehlt(qtbot, services: Services) -> None:
    agenda = _agenda(services)
    early = services.appointments.create(  # 08:00-09:00 today; FIXED_NOW is 10:30
        NewAppointment(
            client_ids=(agenda.olena,),
            starts_at=datetime(2026, 11, 21, 8, 0),
            authority_id=agenda.jobcenter,
            guide_id=agenda.mehmet,
            purpose="Frühtermin",
        )
    )
    page = _page(qtbot, services)

    def status(appointment_id: int) -> str:
        index = page.model.appointment_indexes(appointment_id)[0]
        return page.model.data(index.siblingAtColumn(6))

    assert status(early) == "Ergebnis fehlt"
    assert status(agenda.ids["monday"]) == "Ergebnis fehlt"
    assert status(agenda.ids["today"]) == "geplant"  # 14:00, still to come
    index = page.model.appointment_indexes(early)[0].siblingAtColumn(6)
    assert page.model.data(index, Qt.ItemDataRole.ForegroundRole).name() == "#d35400"
    assert "bitte eintragen" in page.model.data(index, Qt.ItemDataRole.ToolTipRole)

    page.select_appointment(early)
    assert "Ergebnis fehlt" in page.details.text.text()
    assert page.details.outcome_button.isVisible()
    page.select_appointment(agenda.ids["today"])
    assert not page.details.outcome_button.isVisible()

    heute = _today_page(qtbot, services)
    titles = {card.row.id: card.title.text() for card in heute.appointment_cards}
    assert "(Ergebnis fehlt)" in titles[early]
    assert "Ergebnis fehlt" not in titles[agenda.ids["today"]]


def test_ergebnis_eintragen_saves_the_outcome_and_says_what_was_saved(
    qtbot, services: Services
) -> None:
    agenda = _agenda(services)
    monday = agenda.ids["monday"]
    page = _page(qtbot, services)
    assert page.select_appointment(monday)
    seen: list[str] = []

    def save(dialog: OutcomeDialog) -> None:
        dialog.outcome.setPlainText("Bescheid kommt per Post.")
        dialog.steps.rows[0].description.setText("Unterlagen abgegeben")
        _save_dialog(dialog)
        seen.append(getattr(dialog, "summary", ""))

    problems = when_modal(OutcomeDialog, save)
    with qtbot.waitSignal(page.rows_loaded, timeout=10000):
        qtbot.mouseClick(page.details.outcome_button, Qt.MouseButton.LeftButton)
    assert problems == []

    stored = services.appointments.get(monday)
    assert stored.status == AppointmentStatus.DONE
    assert stored.outcome == "Bescheid kommt per Post."
    assert seen and seen[0]
    assert page.message.text() == seen[0]
    assert page.selected() is not None and page.selected().id == monday
    assert page.model.data(page.model.appointment_indexes(monday)[0].siblingAtColumn(6)) == (
        "stattgefunden"
    )
    assert not page.details.outcome_button.isVisible()


def test_a_new_appointment_is_shown_on_its_day_selected_and_confirmed(
    qtbot, services: Services
) -> None:
    agenda = _agenda(services)
    page = _page(qtbot, services)
    assert page.range_label.text() == "Woche 47 · 16.–22.11.2026"

    def fill(dialog: AppointmentDialog) -> None:
        dialog._add_person(agenda.ali, "Ali Hassan")
        dialog.guide.setCurrentIndex(dialog.guide.findData(agenda.anna))
        dialog.place.setText("Stadtteilbüro Marxloh")
        dialog.date.setDate(QDate(2026, 11, 24))  # Tuesday of the next week
        dialog.time.setTime(QTime(9, 0))
        _save_dialog(dialog)

    problems = when_modal(AppointmentDialog, fill)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert problems == []
    qtbot.waitUntil(lambda: "gespeichert" in page.message.text(), timeout=10000)
    qtbot.waitUntil(lambda: not page.tasks.busy, timeout=10000)

    assert page.message.text() == "Termin am Di 24.11.2026 um 09:00 gespeichert."
    assert page.range_label.text() == "Woche 48 · 23.–29.11.2026"
    selected = page.selected()
    assert selected is not None and selected.starts_at == datetime(2026, 11, 24, 9, 0)
    assert selected.place == "Stadtteilbüro Marxloh"
    assert "Stadtteilbüro Marxloh" in page.details.text.text()


def test_an_edited_appointment_is_followed_to_its_new_day(qtbot, services: Services) -> None:
    agenda = _agenda(services)
    page = _page(qtbot, services)
    today = agenda.ids["today"]
    assert page.select_appointment(today)

    def change(dialog: AppointmentDialog) -> None:
        dialog.date.setDate(QDate(2026, 11, 30))  # Monday in two weeks
        dialog.time.setTime(QTime(11, 0))
        _save_dialog(dialog)

    problems = when_modal(AppointmentDialog, change)
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    assert problems == []
    qtbot.waitUntil(lambda: "gespeichert" in page.message.text(), timeout=10000)
    qtbot.waitUntil(lambda: not page.tasks.busy, timeout=10000)

    assert page.message.text() == "Termin am Mo 30.11.2026 um 11:00 gespeichert."
    assert page.range_label.text() == "Woche 49 · 30.11.–06.12.2026"
    assert page.selected() is not None and page.selected().id == today


def test_agenda_columns_fit_their_texts_and_every_cell_has_a_tooltip(
    qtbot, services: Services
) -> None:
    agenda = _agenda(services)
    family = services.appointments.create(
        NewAppointment(
            client_ids=(agenda.ali, agenda.olena),
            starts_at=datetime(2026, 11, 20, 9, 0),
            authority_id=agenda.jobcenter,
            guide_id=agenda.anna,
            purpose="Familienkasse Kindergeld",
            mode=AppointmentMode.ALONE_PREPARED,
        )
    )
    page = _page(qtbot, services)
    page.resize(1500, 800)
    qtbot.waitUntil(lambda: page.tree.viewport().width() > 1000, timeout=5000)
    metrics = page.tree.fontMetrics()
    tree = page.tree
    assert not any(tree.isColumnHidden(column) for column in range(7))
    # Zeit is narrow: just the time range (and the indentation under the day header).
    assert metrics.horizontalAdvance("09:45–10:45") < tree.columnWidth(0) <= 120
    assert tree.columnWidth(5) > metrics.horizontalAdvance("allein (vorbereitet)")
    assert tree.columnWidth(6) > metrics.horizontalAdvance("Ergebnis fehlt")
    assert tree.columnWidth(1) > tree.columnWidth(0) and tree.columnWidth(2) > tree.columnWidth(0)

    index = page.model.appointment_indexes(family)[0]
    tips = [
        page.model.data(index.siblingAtColumn(c), Qt.ItemDataRole.ToolTipRole) for c in range(7)
    ]
    assert all(tips)
    assert tips[1] == "Jobcenter (Beispiel), Musterstraße 1, 47051 Duisburg, Raum 204"
    assert tips[3] == "Ali Hassan\nOlena Iwanowa"
    assert page.model.data(index.siblingAtColumn(3)) == "Ali Hassan, Olena Iwanowa"
    assert page.model.data(index.siblingAtColumn(5)) == "allein (vorbereitet)"
    legend = page.legend.text().replace("&nbsp;", " ").replace("\u2060", "")
    for word in ("geplant", "stattgefunden", "versäumt", "abgesagt/verschoben", "Ergebnis fehlt"):
        assert word in legend

    # Narrow: the guide column steps aside instead of squeezing Stelle and Anlass.
    page.resize(700, 600)
    qtbot.waitUntil(lambda: tree.isColumnHidden(4), timeout=5000)
    assert tree.columnWidth(1) >= 120


def test_month_cells_name_time_purpose_and_initials(qtbot, services: Services) -> None:
    _agenda(services)
    page = _page(qtbot, services)
    _click(qtbot, page, page.view_buttons[MONTH])
    cell = page.month_grid.cell_for(date(2026, 11, 21))
    assert "14:00 Wohnsitz anmelden · O. I." in cell.label.text()
    tooltip = cell.label.toolTip()
    assert "Samstag, 21.11.2026" in tooltip
    assert "14:00–15:00 – Jobcenter (Beispiel) – Wohnsitz anmelden – Olena Iwanowa (geplant)" in (
        tooltip
    )


def test_heute_gives_names_and_district_only_for_clients_without_a_guide(
    qtbot, services: Services
) -> None:
    services.clients.create(ClientInput("Samira", "Nouri", birth_year=1990, phone="0170 1234567"))
    page = _today_page(qtbot, services)
    opened: list[int] = []
    page.open_client.connect(opened.append)
    rows = services.clients.list_rows()
    page.show_rows(rows)

    model = page.unassigned_model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Name", "Stadtteil"]
    cells = [model.index(0, c).data() for c in range(model.columnCount())]
    assert cells[0] == "Nouri, Samira"
    assert "0170" not in " ".join(cells) and "1990" not in " ".join(cells)
    assert "ohne Lotse/Lotsin: <b>1</b>" in page.summary.text()
    page.unassigned_table.selectRow(0)
    page.unassigned_table.doubleClicked.emit(model.index(0, 0))
    assert opened == [rows[0].id]
    header = page.deadline_table.horizontalHeader().height()
    assert page.deadline_table.minimumHeight() >= header + 5 * (
        page.deadline_table.verticalHeader().defaultSectionSize()
    )


def test_a_click_on_a_reminder_opens_the_appointment(qtbot, services, window) -> None:
    agenda = _agenda(services)
    soon = services.appointments.create(
        NewAppointment(
            client_ids=(agenda.ali,),
            starts_at=datetime(2026, 11, 21, 11, 0),
            authority_id=agenda.jobcenter,
            guide_id=agenda.anna,
        )
    )
    main = window()
    qtbot.waitUntil(lambda: main.notice_bar.isVisible(), timeout=10000)
    page = main.appointments_page
    with qtbot.waitSignal(page.rows_loaded, timeout=10000):
        main.notice_text.linkActivated.emit("0")
    assert main.stack.currentWidget() is page
    assert page.selected() is not None and page.selected().id == soon


def test_the_deadline_alert_counts_in_proper_german() -> None:
    assert deadline_alert_text(1, 0) == "1 Frist überfällig"
    assert deadline_alert_text(2, 0) == "2 Fristen überfällig"
    assert deadline_alert_text(0, 1) == "1 Frist endet morgen"
    assert deadline_alert_text(1, 3) == "1 Frist überfällig, 3 Fristen enden morgen"
    assert deadline_alert_text(0, 0) == ""
