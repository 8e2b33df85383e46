"""Opening a database in the window: password prompts, retries, first start."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QPushButton

from lotsen_app.app import open_interactively
from lotsen_app.persistence.database import create_database, is_plain_sqlite
from lotsen_app.ui.dialogs.password_dialogs import FirstStartDialog, PasswordDialog
from tests.ui.helpers import when_modal


@pytest.fixture(autouse=True)
def _no_env_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOTSEN_PASSWORD", raising=False)


def test_a_wrong_password_gets_a_message_and_another_try(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "geheim.db"
    create_database(path, "richtig-geheim").close()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    messages: list[str] = []

    def answer(dialog: PasswordDialog) -> None:
        if not messages:
            qtbot.keyClicks(dialog.password, "falsch")
            messages.append("first")
            dialog.accept()
            when_modal(PasswordDialog, answer)  # the same dialog comes back
            return
        messages.append(dialog.error.text())
        assert dialog.password.text() == ""
        qtbot.keyClicks(dialog.password, "richtig-geheim")
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    problems = when_modal(PasswordDialog, answer)
    database = open_interactively(path, ask=True)
    assert problems == []
    assert database is not None and database.encrypted
    assert "Passwort ist falsch" in messages[1]
    database.close()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_giving_up_at_the_password_prompt_opens_nothing(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "geheim.db"
    create_database(path, "richtig-geheim").close()
    problems = when_modal(PasswordDialog, lambda dialog: dialog.reject())
    assert open_interactively(path, ask=True) is None
    assert problems == []


def test_first_start_creates_an_encrypted_file(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "daten" / "lotsen.db"

    def choose(dialog: FirstStartDialog) -> None:
        button = next(b for b in dialog.findChildren(QPushButton) if "Mit Passwort" in b.text())
        qtbot.keyClicks(dialog.password, "kurz")
        qtbot.keyClicks(dialog.repeated, "kurz")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert "mindestens 8" in dialog.error.text() and dialog.isVisible()
        dialog.password.setText("ein-gutes-passwort")
        dialog.repeated.setText("ein-gutes-passwort")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    problems = when_modal(FirstStartDialog, choose)
    database = open_interactively(path, ask=True)
    assert problems == []
    assert database is not None and database.encrypted
    database.close()
    assert not is_plain_sqlite(path)


def test_first_start_can_be_cancelled_without_creating_a_file(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "lotsen.db"
    problems = when_modal(FirstStartDialog, lambda dialog: dialog.reject())
    assert open_interactively(path, ask=True) is None
    assert problems == [] and not path.exists()
