"""GIVEN a guide's database WHEN the program starts, the file is damaged, she restores a backup
from Einstellungen or a second window is started THEN a backup is written at the start, the
damaged file is never overwritten and the newest good backup is offered, the restore brings
the backup's data back (the replaced file kept), and the second window gets a clear message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from lotsen_app.app import _restore_and_reopen, open_interactively
from lotsen_app.domain.clients import ClientInput
from lotsen_app.persistence.database import create_database, open_database
from lotsen_app.persistence.instance_lock import lock_database_file
from lotsen_app.services.container import Services
from tests.conftest import fixed_clock
from tests.ui.helpers import shown_main_window, when_modal

PASSWORD = "richtig-geheim"


@pytest.fixture(autouse=True)
def _no_env_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOTSEN_PASSWORD", raising=False)


def _names(services: Services) -> list[str]:
    return sorted(row.family_name for row in services.clients.list_rows())


def _press(button: QMessageBox.StandardButton, seen: list[str]):
    def press(box: QMessageBox) -> None:
        seen.append(box.text())
        box.button(button).click()

    return press


def test_a_backup_is_written_at_the_start_and_shown(qtbot, tmp_path: Path) -> None:
    database = create_database(tmp_path / "lotsen.db", PASSWORD)
    services = Services.build(database, fixed_clock)
    services.clients.create(ClientInput("Amal", "Haddad"))
    window = shown_main_window(qtbot, services)
    window.start_safety()
    qtbot.waitUntil(lambda: "Gesichert" in window.backup_status.text(), timeout=10000)
    name = f"lotsen-{services.backups.database_id()}-sicherung-2026-11-21.db"
    backup = tmp_path / "Sicherungen" / name
    assert backup.is_file() and b"Haddad" not in backup.read_bytes()  # encrypted like the db
    qtbot.waitUntil(lambda: window.backup_group.list.count() == 1, timeout=10000)
    assert window.backup_group.last.text() == "21.11.2026"
    window.close()
    database.close()


def test_a_failing_backup_is_shown_in_red_without_stopping_work(qtbot, tmp_path: Path) -> None:
    database = create_database(tmp_path / "lotsen.db")
    services = Services.build(database, fixed_clock)
    blocker = tmp_path / "kein-ordner"
    blocker.write_text("eine Datei, kein Ordner")
    from lotsen_app.config import set_backup_folder_for

    set_backup_folder_for(database.path, blocker / "Sicherungen")
    window = shown_main_window(qtbot, services)
    window.start_safety()
    qtbot.waitUntil(lambda: "fehlgeschlagen" in window.backup_status.text(), timeout=10000)
    assert "kein-ordner" in window.backup_status.toolTip()
    window.close()
    database.close()


def test_restore_from_the_settings_brings_the_backup_back(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "lotsen.db"
    database = create_database(path, PASSWORD)
    services = Services.build(database, fixed_clock)
    services.clients.create(ClientInput("Amal", "Haddad"))
    services.backups.backup_now()
    services.clients.create(ClientInput("Olena", "Iwanowa"))  # after the backup
    window = shown_main_window(qtbot, services)
    group = window.backup_group
    qtbot.waitUntil(lambda: group.list.count() == 1, timeout=10000)

    seen: list[str] = []
    problems = when_modal(QMessageBox, _press(QMessageBox.StandardButton.Yes, seen))
    with qtbot.waitSignal(group.restore_chosen, timeout=10000):
        group.restore_selected()
    assert not problems and "21.11.2026" in seen[0]
    assert window.restore_requested_from == services.backups.backups()[0].path
    assert not window.isVisible()  # every window closed for the restore
    window.tasks.wait()
    key = database._key
    database.close()

    done: list[str] = []
    problems = when_modal(QMessageBox, _press(QMessageBox.StandardButton.Ok, done))
    restored = _restore_and_reopen(window.restore_requested_from, path, key)
    assert restored is not None and not problems
    assert "zurückgespielt" in done[0]
    assert _names(Services.build(restored, fixed_clock)) == ["Haddad"]
    kept = list(tmp_path.glob("lotsen.db.vor-wiederherstellung-*.bak"))
    assert len(kept) == 1
    restored.close()
    old = open_database(kept[0], PASSWORD)
    assert _names(Services.build(old, fixed_clock)) == ["Haddad", "Iwanowa"]
    old.close()


def _damage(path: Path) -> None:
    """Overwrite pages in the middle of the file (the header stays, so it still looks like a
    database): what a failing disk or a pulled USB cable does."""
    data = bytearray(path.read_bytes())
    page = 4096
    for start in range(2 * page, len(data) - page, 3 * page):
        data[start + 100 : start + 600] = b"\xa5" * 500
    path.write_bytes(bytes(data))


def test_a_damaged_file_is_kept_and_the_newest_good_backup_offered(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "lotsen.db"
    database = create_database(path)
    services = Services.build(database, fixed_clock)
    for number in range(300):
        services.clients.create(ClientInput("Amal", f"Haddad{number}"))
    services.backups.backup_now()
    database.close()
    _damage(path)
    damaged = path.read_bytes()

    # "No": nothing opens and the damaged file stays exactly as it was.
    seen: list[str] = []
    problems = when_modal(QMessageBox, _press(QMessageBox.StandardButton.No, seen))
    assert open_interactively(path, ask=True) is None
    assert not problems and "beschädigt" in seen[0] and "21.11.2026" in seen[0]
    assert path.read_bytes() == damaged

    # "Yes": the backup comes back, the damaged file is kept beside it.
    problems = when_modal(QMessageBox, _press(QMessageBox.StandardButton.Yes, seen))
    reopened = open_interactively(path, ask=True)
    assert reopened is not None and not problems
    assert len(Services.build(reopened, fixed_clock).clients.list_rows()) == 300
    reopened.close()
    kept = list(tmp_path.glob("lotsen.db.vor-wiederherstellung-*.bak"))
    assert len(kept) == 1 and kept[0].read_bytes() == damaged


def test_a_second_window_on_the_same_file_gets_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "lotsen.db"
    create_database(path).close()
    with lock_database_file(path):
        second = subprocess.run(
            [
                sys.executable,
                "-m",
                "lotsen_app",
                "--db",
                str(path),
                "--screenshot",
                str(tmp_path / "x.png"),
            ],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
    assert second.returncode == 1
    assert "schon in einem anderen Lotsen-Fenster geöffnet" in second.stderr
    assert "Traceback" not in second.stderr
    assert not (tmp_path / "x.png").exists()


def test_an_old_password_after_a_change_is_just_a_wrong_password(qtbot, tmp_path: Path) -> None:
    """Yesterday's backup opens with the old password; the healthy file must not be replaced."""
    from lotsen_app.persistence.database import change_password
    from lotsen_app.ui.dialogs.password_dialogs import PasswordDialog

    path = tmp_path / "lotsen.db"
    database = create_database(path, "altes-geheimnis")
    services = Services.build(database, fixed_clock)
    services.clients.create(ClientInput("Amal", "Haddad"))
    old_backup = services.backups.backup_now()
    old_backup.rename(old_backup.with_name("lotsen-sicherung-2026-11-20.db"))
    change_password(database, "altes-geheimnis", PASSWORD)
    services.backups.backup_now()
    database.close()
    before = path.read_bytes()

    failures: list[str] = []

    def answer(dialog: PasswordDialog) -> None:
        if not failures:
            dialog.password.setText("altes-geheimnis")
            failures.append("typed")
            dialog.accept()
            when_modal(PasswordDialog, answer)
            return
        failures.append(dialog.error.text())
        dialog.reject()

    problems = when_modal(PasswordDialog, answer)
    assert open_interactively(path, ask=True) is None
    assert not problems and "Passwort ist falsch" in failures[1]
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.vor-wiederherstellung-*"))
