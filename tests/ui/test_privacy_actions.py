"""GIVEN a client on the Klient:innen page WHEN the guide saves the copy of everything stored
(Art. 15) or erases the person (Art. 17) from the "Weitere" menu THEN the files are in the chosen
folder, and the erasure asks first, naming the person, and then the person is gone everywhere."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from datetime import date

from PySide6.QtWidgets import QMessageBox

from lotsen_app.domain.clients import ClientInput
from lotsen_app.persistence.models import Client
from lotsen_app.services.container import Services
from lotsen_app.ui.main_window import MainWindow
from tests.ui.helpers import shown_main_window, when_modal


def _window(qtbot, services: Services) -> MainWindow:
    window = shown_main_window(qtbot, services)
    window.show_page(window.page_index(window.clients_page))
    return window


def _select(window: MainWindow, family_name: str) -> None:
    page = window.clients_page
    for row in range(page.proxy.rowCount()):
        if page.proxy.index(row, 0).data() == family_name:
            page.table.selectRow(row)
            return
    raise AssertionError(family_name)


def _answer(button: QMessageBox.StandardButton, seen: list[str]):
    def press(box: QMessageBox) -> None:
        seen.append(box.text())
        box.button(button).click()  # clicked, as the static question() reads the clicked button

    return press


def test_the_copy_of_the_record_is_saved_into_the_chosen_folder(
    qtbot, services: Services, tmp_path
) -> None:
    client_id = services.clients.create(
        ClientInput("Amal", "Haddad", preferred_language="tr", opened_on=date(2026, 10, 1))
    )
    window = _window(qtbot, services)
    _select(window, "Haddad")
    seen: list[str] = []
    problems = when_modal(QMessageBox, _answer(QMessageBox.StandardButton.Ok, seen))
    window.clients_page.export_access(tmp_path)
    qtbot.waitUntil(lambda: bool(seen) or bool(problems), timeout=15000)
    assert not problems
    assert "auskunft-" in seen[0]
    data = json.loads((tmp_path / f"auskunft-{client_id}.json").read_text(encoding="utf-8"))
    assert data["person"]["family_name"] == "Haddad"
    text = subprocess.run(
        ["pdftotext", str(tmp_path / f"auskunft-{client_id}.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Haddad" in text


def test_erasing_asks_naming_the_person_and_no_keeps_everything(qtbot, services: Services) -> None:
    keep = services.clients.create(ClientInput("Olena", "Iwanowa"))
    gone = services.clients.create(ClientInput("Amal", "Haddad"))
    window = _window(qtbot, services)
    _select(window, "Haddad")

    seen: list[str] = []
    problems = when_modal(QMessageBox, _answer(QMessageBox.StandardButton.No, seen))
    window.clients_page.erase_selected()
    qtbot.waitUntil(lambda: bool(seen) or bool(problems), timeout=10000)
    assert not problems
    assert "Haddad, Amal" in seen[0] and "NICHT abgeschlossen" in seen[0]
    window.tasks.wait()
    with services.database.session() as session:
        assert session.get(Client, gone) is not None

    seen.clear()
    problems = when_modal(QMessageBox, _answer(QMessageBox.StandardButton.Yes, seen))
    window.clients_page.erase_selected()
    qtbot.waitUntil(lambda: bool(seen) or bool(problems), timeout=10000)
    done: list[str] = []
    later = when_modal(QMessageBox, _answer(QMessageBox.StandardButton.Ok, done), 20000)
    qtbot.waitUntil(lambda: bool(done) or bool(later), timeout=20000)
    assert not problems and not later, problems + later
    assert "gelöscht" in done[0], done
    qtbot.waitUntil(lambda: window.clients_page.proxy.rowCount() == 1, timeout=10000)
    with services.database.session() as session:
        assert session.get(Client, gone) is None
        assert session.get(Client, keep) is not None


def test_the_menu_entry_asks_for_the_folder_first(qtbot, services: Services, tmp_path) -> None:
    """Found by a walkthrough: the menu's "checked" argument was taken for the folder."""
    from PySide6.QtWidgets import QFileDialog

    client_id = services.clients.create(ClientInput("Amal", "Haddad"))
    window = _window(qtbot, services)
    _select(window, "Haddad")

    def choose(dialog: QFileDialog) -> None:
        dialog.setDirectory(str(tmp_path))
        dialog.accept()

    asked = when_modal(QFileDialog, choose)
    seen: list[str] = []
    told = when_modal(QMessageBox, _answer(QMessageBox.StandardButton.Ok, seen), 15000)
    window.clients_page.access_action.trigger()
    qtbot.waitUntil(lambda: bool(seen) or bool(told), timeout=15000)
    assert not asked and not told, asked + told
    assert (tmp_path / f"auskunft-{client_id}.json").is_file()
    assert (tmp_path / f"auskunft-{client_id}.pdf").is_file()


def test_a_blocked_cleanup_still_removes_the_person_from_the_list(
    qtbot, services: Services
) -> None:
    """Another program keeps reading the file: the person is erased all the same, the warning
    says so, and the client list drops the person."""
    services.clients.create(ClientInput("Olena", "Iwanowa"))
    gone = services.clients.create(ClientInput("Amal", "Haddad"))
    window = _window(qtbot, services)
    _select(window, "Haddad")
    reader = sqlite3.connect(services.database.path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM client").fetchone()
    seen: list[str] = []
    warned: list[str] = []
    try:
        problems = when_modal(QMessageBox, _answer(QMessageBox.StandardButton.Yes, seen))
        window.clients_page.erase_selected()
        qtbot.waitUntil(lambda: bool(seen) or bool(problems), timeout=10000)
        later = when_modal(QMessageBox, _answer(QMessageBox.StandardButton.Ok, warned), 20000)
        qtbot.waitUntil(lambda: bool(warned) or bool(later), timeout=20000)
    finally:
        reader.execute("ROLLBACK")
        reader.close()
    assert not problems and not later, problems + later
    assert "Löschung ist erfolgt" in warned[0]
    qtbot.waitUntil(lambda: window.clients_page.proxy.rowCount() == 1, timeout=10000)
    with services.database.session() as session:
        assert session.get(Client, gone) is None
