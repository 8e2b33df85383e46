"""GIVEN open and closed cases with and without a signed consent WHEN the guide clicks the red
"ohne Einwilligung" count on Heute, or chooses that filter on Klient:innen THEN only the open
cases without a consent in force are listed; the signed form can be recorded from the "Weitere"
menu, and the consent line in the details is read off the GUI thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import QDialog

from lotsen_app.domain.clients import CaseClosing, ClientInput
from lotsen_app.domain.consent import NewConsent
from lotsen_app.domain.enums import ClosingReason
from lotsen_app.services.container import Services
from lotsen_app.ui.dialogs.consent_dialog import ConsentDialog
from lotsen_app.ui.tasks import TaskRunner
from lotsen_app.ui.widgets.clients_page import ClientsPage
from lotsen_app.ui.widgets.today_page import WITHOUT_CONSENT_LINK
from tests.ui.helpers import shown_main_window, when_modal

OPENED = date(2026, 10, 1)


def _people(services: Services) -> dict[str, int]:
    """Amal (open, no consent), Olena (paused, no consent), Chen (open, signed), Dana (closed,
    no consent), Emre (open, consent withdrawn)."""
    ids = {
        name: services.clients.create(ClientInput(name, family, opened_on=OPENED))
        for name, family in (
            ("Amal", "Haddad"),
            ("Olena", "Iwanowa"),
            ("Chen", "Li"),
            ("Dana", "Novak"),
            ("Emre", "Kaya"),
        )
    }
    services.clients.pause_case(ids["Olena"], date(2026, 11, 1))
    services.consent.record(NewConsent(ids["Chen"], date(2026, 10, 2), "2026-1", "de"))
    services.clients.close_case(
        ids["Dana"], CaseClosing(date(2026, 11, 2), ClosingReason.MOVED_AWAY)
    )
    withdrawn = services.consent.record(NewConsent(ids["Emre"], date(2026, 10, 2), "2026-1", "de"))
    services.consent.withdraw(withdrawn, date(2026, 11, 3))
    return ids


def _listed(page: ClientsPage) -> set[str]:
    return {page.proxy.client_at(row).given_name for row in range(page.proxy.rowCount())}


def test_the_red_count_on_heute_opens_the_people_without_consent(qtbot, services) -> None:
    _people(services)
    window = shown_main_window(qtbot, services)
    page = window.clients_page
    page.search.setText("Haddad")  # filters left from earlier work do not hide anyone
    summary = window.today_page.summary
    assert f"<a href='{WITHOUT_CONSENT_LINK}'" in summary.text()
    assert "ohne Einwilligung: <b>3</b>" in summary.text()

    summary.linkActivated.emit(WITHOUT_CONSENT_LINK)  # what a click on the link sends

    assert window.stack.currentWidget() is page
    assert page.search.text() == ""
    assert page.status_filter.currentText() == "offen, ohne Einwilligung"
    assert _listed(page) == {"Amal", "Olena", "Emre"}
    assert page.count_label.text() == "3 von 5 Klient:innen"


def test_no_link_when_everyone_has_signed(qtbot, services) -> None:
    person = services.clients.create(ClientInput("Chen", "Li", opened_on=OPENED))
    services.consent.record(NewConsent(person, date(2026, 10, 2), "2026-1", "de"))
    window = shown_main_window(qtbot, services)
    assert "Einwilligung" not in window.today_page.summary.text()
    assert "<a " not in window.today_page.summary.text()


def test_the_filter_on_klientinnen_and_its_way_back(qtbot, services) -> None:
    _people(services)
    window = shown_main_window(qtbot, services)
    page = window.clients_page
    window.show_page(window.page_index(page))
    page.status_filter.setCurrentIndex(page.status_filter.findText("offen, ohne Einwilligung"))
    assert _listed(page) == {"Amal", "Olena", "Emre"}
    page.search.setText("kaya")
    assert _listed(page) == {"Emre"}
    page.search.clear()
    page.status_filter.setCurrentIndex(page.status_filter.findText("offene Fälle"))
    assert _listed(page) == {"Amal", "Olena", "Chen", "Emre"}
    page.status_filter.setCurrentIndex(page.status_filter.findText("alle"))
    assert _listed(page) == {"Amal", "Olena", "Chen", "Dana", "Emre"}


def test_the_signed_form_can_be_recorded_from_the_weitere_menu(qtbot, services) -> None:
    ids = _people(services)
    window = shown_main_window(qtbot, services)
    page = window.clients_page
    window.show_page(window.page_index(page))
    page.show_without_consent()
    page.select_client(ids["Amal"])
    actions = [action.text() for action in page.more_menu.actions()]
    section = actions.index("Datenschutz")
    assert actions[section + 1 :] == [
        "Unterschriebene Einwilligung erfassen …",
        "Auskunft (Art. 15) speichern …",
        "Endgültig löschen (Art. 17) …",
    ]
    seen: list[int] = []

    def sign(dialog: QDialog) -> None:
        assert isinstance(dialog, ConsentDialog)
        seen.append(dialog.client_id)
        dialog.save()

    with qtbot.waitSignal(page.rows_loaded, timeout=10000):
        problems = when_modal(ConsentDialog, sign)
        page.consent_action.trigger()
    assert problems == [] and seen == [ids["Amal"]]
    assert services.consent.current(ids["Amal"]) is not None
    assert _listed(page) == {"Olena", "Emre"}  # the filter stays; Amal has signed now
    assert "ohne Einwilligung: <b>2</b>" in window.today_page.summary.text()
    # The entry under "Brief drucken" is still there.
    page.select_client(ids["Olena"])
    page._fill_print_menu()
    assert "Unterschriebene Einwilligung erfassen …" in [
        action.text() for action in page.print_menu.actions()
    ]


def test_the_consent_line_is_read_in_the_background(qtbot, services, monkeypatch) -> None:
    ids = _people(services)
    threads: list[threading.Thread] = []
    read = services.consent.current

    def watched(client_id: int) -> Any:
        threads.append(threading.current_thread())
        return read(client_id)

    monkeypatch.setattr(services.consent, "current", watched)
    page = ClientsPage(services, TaskRunner())
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.rows_loaded, timeout=10000):
        page.reload()
    page.select_client(ids["Chen"])
    assert "Einwilligung: …" in page.detail.text()  # at once, without waiting for the file
    qtbot.waitUntil(lambda: "Einwilligung vom 02.10.2026" in page.detail.text(), timeout=10000)
    assert threads and threading.main_thread() not in threads
    assert page.detail.text().endswith("Einwilligung vom 02.10.2026 (Fassung 2026-1, Deutsch)")


class HeldTasks(TaskRunner):
    """A real TaskRunner whose jobs start only when the test says so, in the order it says."""

    def __init__(self) -> None:
        super().__init__()
        self.held: list[tuple[Callable[[], Any], Callable[[Any], None], Callable[..., None]]] = []

    def run(self, work, on_done, on_error) -> None:  # type: ignore[no-untyped-def]
        self.held.append((work, on_done, on_error))

    def release(self, position: int) -> None:
        super().run(*self.held.pop(position))


def test_a_late_answer_for_the_person_selected_before_is_dropped(qtbot, services) -> None:
    ids = _people(services)
    tasks = HeldTasks()
    page = ClientsPage(services, tasks)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.rows_loaded, timeout=10000):
        page.reload()
        tasks.release(0)
    tasks.held.clear()  # the appointments of the people below are not needed here
    page.select_client(ids["Chen"])  # signed: her appointments and her consent are asked for
    chen_jobs = len(tasks.held)
    page.select_client(ids["Amal"])  # not signed
    # Amal's consent (asked for last) answers first, then the late answers for Chen arrive.
    tasks.release(len(tasks.held) - 1)
    qtbot.waitUntil(lambda: "Keine Einwilligung" in page.detail.text(), timeout=10000)
    for position in reversed(range(chen_jobs)):
        tasks.release(position)
    qtbot.waitUntil(lambda: not tasks._running, timeout=10000)
    assert "Haddad" in page.detail.text()
    assert "Keine Einwilligung" in page.detail.text()
    assert "Einwilligung vom" not in page.detail.text()


def test_a_consent_recorded_from_the_print_dialog_updates_the_list(qtbot, services) -> None:
    """The consent letter's print dialog also records the signed form: once it closes, the
    list (and so the filter and the count on Heute) knows about the consent."""
    from lotsen_app.ui.dialogs.print_letter_dialog import CONSENT, LetterJob, PrintLetterDialog

    ids = _people(services)
    window = shown_main_window(qtbot, services)
    page = window.clients_page
    window.show_clients_without_consent()
    assert "Amal" in _listed(page)

    def sign_and_close(dialog: QDialog) -> None:
        # What the dialog's "Unterschriebene Einwilligung erfassen" stores.
        services.consent.record(NewConsent(ids["Amal"], date(2026, 11, 20), "2026-1", "tr"))
        dialog.reject()

    problems = when_modal(PrintLetterDialog, sign_and_close)
    page.print_letter(LetterJob(CONSENT, ids["Amal"]))
    assert problems == []
    qtbot.waitUntil(lambda: "Amal" not in _listed(page), timeout=10000)
    assert _listed(page) == {"Olena", "Emre"}
    qtbot.waitUntil(
        lambda: "ohne Einwilligung: <b>2</b>" in window.today_page.summary.text(), timeout=10000
    )
