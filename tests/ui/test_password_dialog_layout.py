"""GIVEN the "Passwort ändern" dialog WHEN a long German message appears under the fields THEN the
dialog grows with it: every label, field and the whole message stay readable."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit

from lotsen_app.domain.errors import DomainError
from lotsen_app.ui.dialogs.password_dialogs import ChangePasswordDialog

LONG_MESSAGE = (
    "Das bisherige Passwort stimmt nicht. Bitte noch einmal eingeben und dabei auf Groß- und "
    "Kleinschreibung achten; die Datenbank wurde nicht verändert."
)


def _refuse(_old: str | None, _new: str) -> None:
    raise DomainError(LONG_MESSAGE)


def _assert_readable(dialog: ChangePasswordDialog) -> None:
    layout = dialog.layout()
    assert layout is not None
    assert dialog.height() >= layout.totalHeightForWidth(dialog.width())
    for label in dialog.findChildren(QLabel):
        if label.isVisible() and label.text():
            needed = (
                label.heightForWidth(label.width())
                if label.wordWrap()
                else label.sizeHint().height()
            )
            assert label.height() >= needed, label.text()
    for field in dialog.findChildren(QLineEdit):
        if field.isVisible():
            assert field.height() >= field.sizeHint().height()


@pytest.mark.parametrize("has_password", [True, False])
def test_a_long_refusal_is_shown_in_full(qtbot, has_password: bool) -> None:
    dialog = ChangePasswordDialog(_refuse, has_password)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    _assert_readable(dialog)
    dialog.old.setText("alt-passwort")
    dialog.new.setText("neues-passwort-456")
    dialog.repeated.setText("neues-passwort-456")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.isVisible() and not dialog.busy, timeout=10000)
    assert dialog.error.text() == LONG_MESSAGE
    _assert_readable(dialog)


def test_a_rule_message_after_a_wrong_entry_fits_too(qtbot) -> None:
    dialog = ChangePasswordDialog(_refuse, True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.old.setText("alt-passwort")
    dialog.new.setText("neues-passwort-456")
    dialog.repeated.setText("etwas-anderes-789")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "Die beiden Eingaben stimmen nicht überein."
    _assert_readable(dialog)
