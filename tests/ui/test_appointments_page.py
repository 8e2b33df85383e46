"""GIVEN appointments at authorities WHEN a guide looks at Termine or Heute THEN she sees the right ones.

Real services on a real SQLite file, real widgets offscreen. FIXED_NOW is Saturday 2026-11-21 10:30,
so the week shown first is week 47 (Monday 16.11. to Sunday 22.11.).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QFileDialog, QLabel

from lotsen_app.domain.appointments import AuthorityData, NewAppointment, OpeningHours
from lotsen_app.domain.clients import ClientInput
from lotsen_app.domain.enums import AppointmentMode, AuthorityKind
from lotsen_app.domain.guides import GuideInput
from lotsen_app.persistence.database import Database
from lotsen_app.reports.ics import IcsDetail
from lotsen_app.services.container import Services
from lotsen_app.ui.dialogs.client_dialog import ClientDialog
from lotsen_app.ui.dialogs.ics_dialog import IcsExportDialog
from lotsen_app.ui.main_window import MainWindow
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
    model = page.details.checklist_model
    texts = [model.item(n).text() for n in range(model.rowCount())]
    assert texts[0] == "Reisepass oder Ausweis" and "Letzter Bescheid" in texts

    with qtbot.waitSignal(page.data_changed, timeout=2000):
        model.item(0).setCheckState(Qt.CheckState.Checked)
    saved = services.appointments.get(monday).checklist
    assert saved[0].done and not any(item.done for item in saved[1:])
    assert page.selected() is not None and page.selected().checklist[0].done

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
    checks = [check.text() for check in card.findChildren(QCheckBox)]
    assert "Reisepass oder Ausweis" in checks and "Wohnungsgeberbestätigung" in checks

    with qtbot.waitSignal(page.appointments_changed, timeout=2000):
        card.checks[1].setChecked(True)
    assert services.appointments.get(card.row.id).checklist[1].done

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
    assert main.notice_text.text() == "Termin in 30 Minuten: 11:00 Jobcenter (Beispiel): A. H."
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
