"""GIVEN the "Passwort ändern" dialog WHEN the guide types the passwords THEN rules and a wrong old
password are explained in the dialog with the input kept, and a good change re-keys the real
database file so that only the new password opens it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from lotsen_app.persistence.database import (
    Database,
    change_password,
    create_database,
    password_matches,
)
from lotsen_app.ui.dialogs.password_dialogs import ChangePasswordDialog

OLD = "richtig-123"
NEW = "neues-passwort-456"


@pytest.fixture
def database(tmp_path: Path) -> Iterator[dict[str, Database]]:
    holder = {"database": create_database(tmp_path / "geheim.db", OLD)}
    yield holder
    holder["database"].close()


def real_change(holder: dict[str, Database]) -> Callable[[str | None, str], None]:
    def change(old: str | None, new: str) -> None:
        holder["database"] = change_password(holder["database"], old, new)

    return change


def _dialog(qtbot, change: Callable[[str | None, str], None], has_password: bool = True):
    dialog = ChangePasswordDialog(change, has_password)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _fill(dialog: ChangePasswordDialog, old: str, new: str, repeated: str) -> None:
    dialog.old.setText(old)
    dialog.new.setText(new)
    dialog.repeated.setText(repeated)


def _press_ok(qtbot, dialog: ChangePasswordDialog) -> None:
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_a_too_short_password_is_explained_and_nothing_changes(qtbot, database) -> None:
    calls: list[tuple[str | None, str]] = []
    dialog = _dialog(qtbot, lambda old, new: calls.append((old, new)))
    _fill(dialog, OLD, "kurz", "kurz")
    _press_ok(qtbot, dialog)
    assert dialog.error.text() == "Das Passwort braucht mindestens 8 Zeichen."
    assert dialog.isVisible() and not dialog.busy
    assert calls == []
    assert dialog.new.text() == "kurz"


def test_two_different_entries_are_explained(qtbot, database) -> None:
    calls: list[tuple[str | None, str]] = []
    dialog = _dialog(qtbot, lambda old, new: calls.append((old, new)))
    _fill(dialog, OLD, NEW, NEW + "x")
    _press_ok(qtbot, dialog)
    assert dialog.error.text() == "Die beiden Eingaben stimmen nicht überein."
    assert calls == []


def test_an_empty_old_password_is_asked_for(qtbot, database) -> None:
    calls: list[tuple[str | None, str]] = []
    dialog = _dialog(qtbot, lambda old, new: calls.append((old, new)))
    _fill(dialog, "", NEW, NEW)
    _press_ok(qtbot, dialog)
    assert dialog.error.text() == "Bitte das bisherige Passwort eingeben."
    assert calls == []


def test_a_wrong_old_password_shows_the_message_and_keeps_the_input(
    qtbot, database, tmp_path: Path
) -> None:
    dialog = _dialog(qtbot, real_change(database))
    _fill(dialog, "falsch-789", NEW, NEW)
    _press_ok(qtbot, dialog)
    assert dialog.busy
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10000)
    assert "Passwort ist falsch" in dialog.error.text()
    assert dialog.isVisible() and dialog.result() == 0
    assert (dialog.old.text(), dialog.new.text(), dialog.repeated.text()) == (
        "falsch-789",
        NEW,
        NEW,
    )
    assert password_matches(tmp_path / "geheim.db", OLD)


def test_a_good_change_rekeys_the_file_and_closes_the_dialog(
    qtbot, database, tmp_path: Path
) -> None:
    dialog = _dialog(qtbot, real_change(database))
    dialog.grab().save("/tmp/lotsen-passwort-aendern.png")
    _fill(dialog, OLD, NEW, NEW)
    with qtbot.waitSignal(dialog.accepted, timeout=20000):
        _press_ok(qtbot, dialog)
        assert dialog.busy and dialog.progress.isVisible()
        assert not dialog.new.isEnabled()
        dialog.reject()  # closing during the re-keying is refused
        assert dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Accepted
    path = tmp_path / "geheim.db"
    assert password_matches(path, NEW)
    assert not password_matches(path, OLD)


def test_the_first_password_needs_no_old_one(qtbot, tmp_path: Path) -> None:
    holder = {"database": create_database(tmp_path / "offen.db")}
    dialog = _dialog(qtbot, real_change(holder), has_password=False)
    assert dialog.old.isHidden()
    assert dialog.windowTitle() == "Passwort festlegen"
    dialog.grab().save("/tmp/lotsen-passwort-festlegen.png")
    _fill(dialog, "", NEW, NEW)
    with qtbot.waitSignal(dialog.accepted, timeout=20000):
        _press_ok(qtbot, dialog)
    holder["database"].close()
    assert holder["database"].encrypted
    assert password_matches(tmp_path / "offen.db", NEW)
