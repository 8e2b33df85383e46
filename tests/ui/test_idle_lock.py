"""GIVEN the program with open windows WHEN nobody touches it for the idle time THEN every window
is covered, its title hides the client's name, no input reaches what is underneath, unsaved
input in an open dialog survives, and only the real database password unlocks."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QImage, QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lotsen_app.persistence.database import create_database, password_matches
from lotsen_app.services.container import Services
from lotsen_app.ui.lock import BACKGROUND, LOCKED_TITLE, IdleLock, LockOverlay, SecurityGroup
from lotsen_app.ui.main_window import MainWindow
from tests.ui.helpers import when_modal

PASSWORD = "richtig-123"
RENDER_DIR = Path(os.environ.get("LOTSEN_RENDER_DIR", "/tmp"))


@pytest.fixture
def encrypted_path(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "geheim.db"
    create_database(path, PASSWORD).close()
    yield path


def really_opens(path: Path) -> Callable[[str], bool]:
    """The check the program uses: does the password open the encrypted file?"""
    return lambda password: password_matches(path, password)


@pytest.fixture
def make_lock(qtbot) -> Iterator[Callable[..., IdleLock]]:
    made: list[IdleLock] = []

    def make(verify: Callable[[str], bool], minutes: int = 10, **kwargs: object) -> IdleLock:
        lock = IdleLock(verify, minutes, **kwargs)  # type: ignore[arg-type]
        made.append(lock)
        return lock

    yield make
    for lock in made:
        lock.tasks.wait()
        lock.stop()
        lock.deleteLater()


class DraftDialog(QDialog):
    """Stands for any dialog with unsaved input (a contact being written down, say)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Kontakt – Frau Yılmaz")
        self.edit = QLineEdit()
        self.note = QLineEdit()
        ok = QPushButton("Speichern")
        ok.setDefault(True)
        ok.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Notiz"))
        layout.addWidget(self.edit)
        layout.addWidget(self.note)
        layout.addWidget(ok)
        self.resize(420, 260)


def _window(qtbot, title: str = "Lotsen – Frau Yılmaz") -> QMainWindow:
    window = QMainWindow()
    window.setWindowTitle(title)
    window.setCentralWidget(QLabel("Frau Yılmaz, geboren 03.04.1981"))
    window.resize(800, 500)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _unlock(qtbot, lock: IdleLock, overlay: LockOverlay, password: str) -> None:
    overlay.password.setText(password)
    qtbot.mouseClick(overlay.button, Qt.MouseButton.LeftButton)
    assert lock.is_checking
    qtbot.waitUntil(lambda: not lock.is_checking, timeout=10000)


def _share_of_background(image: QImage) -> float:
    background = BACKGROUND.rgb()
    step = 4
    total = same = 0
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            total += 1
            same += QColor(image.pixel(x, y)).rgb() == background
    return same / total


def test_the_lock_comes_after_the_idle_time_and_covers_the_window(
    qtbot, make_lock, encrypted_path: Path
) -> None:
    window = _window(qtbot)
    lock = make_lock(really_opens(encrypted_path))
    lock.set_interval_ms(50)
    with qtbot.waitSignal(lock.locked, timeout=3000):
        pass
    assert lock.is_locked
    overlay = lock.overlay_for(window)
    assert overlay is not None and overlay.isVisible()
    assert overlay.geometry() == window.rect()
    assert window.windowTitle() == LOCKED_TITLE
    assert "Lotsen ist gesperrt" in overlay.title.text()
    image = window.grab().toImage()
    assert _share_of_background(image) > 0.7  # opaque: the client's name is not to be seen


def test_input_starts_the_idle_time_again(qtbot, make_lock, encrypted_path: Path) -> None:
    window = _window(qtbot)
    lock = make_lock(really_opens(encrypted_path))
    lock.set_interval_ms(3000)
    qtbot.waitUntil(lambda: 0 <= lock.remaining_ms() < 2500, timeout=3000)
    QTest.keyClick(window.centralWidget(), Qt.Key.Key_A)
    assert lock.remaining_ms() > 2500
    qtbot.waitUntil(lambda: 0 <= lock.remaining_ms() < 2500, timeout=3000)
    qtbot.mouseClick(window.centralWidget(), Qt.MouseButton.LeftButton)
    assert lock.remaining_ms() > 2500
    assert not lock.is_locked


def test_minutes_zero_never_locks(qtbot, make_lock, encrypted_path: Path) -> None:
    _window(qtbot)
    lock = make_lock(really_opens(encrypted_path), minutes=0)
    assert lock.remaining_ms() == -1
    qtbot.wait(150)
    assert not lock.is_locked
    lock.set_interval_ms(5000)
    assert lock.remaining_ms() > 0
    lock.set_minutes(0)
    assert lock.remaining_ms() == -1
    qtbot.wait(150)
    assert not lock.is_locked


def test_wrong_password_stays_locked_and_right_one_unlocks(
    qtbot, make_lock, encrypted_path: Path
) -> None:
    window = _window(qtbot)
    lock = make_lock(really_opens(encrypted_path))
    lock.lock_now()
    overlay = lock.overlay_for(window)
    assert overlay is not None

    qtbot.mouseClick(overlay.button, Qt.MouseButton.LeftButton)
    assert overlay.error.text() == "Bitte das Passwort eingeben."

    _unlock(qtbot, lock, overlay, "falsch-456")
    assert lock.is_locked
    assert overlay.error.text() == "Das Passwort ist falsch. Bitte noch einmal versuchen."
    assert overlay.password.text() == ""
    assert window.windowTitle() == LOCKED_TITLE

    with qtbot.waitSignal(lock.unlocked, timeout=10000):
        overlay.password.setText(PASSWORD)
        QTest.keyClick(overlay.password, Qt.Key.Key_Return)
    assert not lock.is_locked
    assert lock.overlays() == []
    assert window.windowTitle() == "Lotsen – Frau Yılmaz"
    assert lock.remaining_ms() > 0  # counting again


def test_an_open_modal_dialog_keeps_its_input_through_the_lock(
    qtbot, make_lock, encrypted_path: Path
) -> None:
    window = _window(qtbot)
    lock = make_lock(really_opens(encrypted_path))
    dialog = DraftDialog(window)
    seen: dict[str, object] = {}

    def while_open(shown: QWidget) -> None:
        assert shown is dialog
        dialog.edit.setFocus()
        QTest.keyClicks(dialog.edit, "Termin am Montag")
        lock.set_interval_ms(30)
        qtbot.waitUntil(lambda: lock.is_locked, timeout=3000)

        overlay = lock.overlay_for(dialog)
        assert overlay is not None and overlay.isVisible()
        assert overlay.geometry() == dialog.rect()
        assert dialog.isVisible()  # covered, never hidden
        assert dialog.windowTitle() == LOCKED_TITLE
        assert lock.overlay_for(window) is not None  # the main window behind it too
        qtbot.waitUntil(lambda: overlay.password.hasFocus())

        # Nothing typed reaches the dialog's fields: neither sent to them nor by Tab.
        QTest.keyClicks(dialog.edit, "XYZ")
        QTest.keyClick(dialog.edit, Qt.Key.Key_Backspace)
        qtbot.mouseClick(dialog.note, Qt.MouseButton.LeftButton)  # focus comes straight back
        qtbot.waitUntil(lambda: overlay.password.hasFocus())
        QTest.keyClicks(dialog.note, "fremd")
        for _ in range(4):
            QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            assert QApplication.focusWidget() in (overlay.password, overlay.button)
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
        QTest.keyClick(overlay.password, Qt.Key.Key_Escape)  # would reject the dialog
        assert dialog.isVisible()
        assert dialog.edit.text() == "Termin am Montag"
        assert dialog.note.text() == ""

        _unlock(qtbot, lock, overlay, "falsch-456")
        assert lock.is_locked and "falsch" in overlay.error.text()

        overlay.password.setFocus()
        QTest.keyClicks(overlay.password, PASSWORD)
        with qtbot.waitSignal(lock.unlocked, timeout=10000):
            QTest.keyClick(overlay.password, Qt.Key.Key_Return)
        assert dialog.isVisible()  # Enter on the overlay did not press "Speichern"
        assert dialog.windowTitle() == "Kontakt – Frau Yılmaz"
        assert window.windowTitle() == "Lotsen – Frau Yılmaz"
        qtbot.waitUntil(lambda: dialog.edit.hasFocus())
        seen["text"] = dialog.edit.text()
        QTest.keyClicks(dialog.edit, ", 9 Uhr")  # typing works again
        seen["after"] = dialog.edit.text()
        QTest.keyClick(dialog.edit, Qt.Key.Key_Return)  # the dialog's default button

    problems = when_modal(DraftDialog, while_open, timeout_ms=15000)
    result = dialog.exec()
    assert problems == []
    assert result == QDialog.DialogCode.Accepted
    assert seen == {"text": "Termin am Montag", "after": "Termin am Montag, 9 Uhr"}


def test_shortcuts_of_the_main_window_do_nothing_while_locked(
    qtbot, make_lock, encrypted_path: Path
) -> None:
    window = _window(qtbot)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    fired: list[str] = []
    shortcut = QShortcut(QKeySequence("Ctrl+N"), window)
    shortcut.activated.connect(lambda: fired.append("shortcut"))
    action = QAction("Drucken", window)
    action.setShortcut(QKeySequence("Ctrl+P"))
    action.triggered.connect(lambda: fired.append("action"))
    window.addAction(action)
    QTest.keyClick(window.centralWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(window.centralWidget(), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert fired == ["shortcut", "action"]  # they work while unlocked

    lock = make_lock(really_opens(encrypted_path))
    lock.lock_now()
    overlay = lock.overlay_for(window)
    assert overlay is not None
    qtbot.waitUntil(lambda: overlay.password.hasFocus())
    for target in (overlay.password, window.centralWidget()):
        QTest.keyClick(target, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClick(target, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert fired == ["shortcut", "action"]


def test_a_window_opened_while_locked_is_covered_too(
    qtbot, make_lock, encrypted_path: Path
) -> None:
    window = _window(qtbot)
    lock = make_lock(really_opens(encrypted_path))
    lock.lock_now()
    later = QDialog(window)
    later.setWindowTitle("Akte – Herr Petrenko")
    later.resize(500, 300)
    qtbot.addWidget(later)
    later.show()
    qtbot.waitUntil(lambda: lock.overlay_for(later) is not None)
    assert later.windowTitle() == LOCKED_TITLE

    later.setWindowTitle("Akte – Herr Petrenko (geändert)")  # a save while locked
    qtbot.waitUntil(lambda: later.windowTitle() == LOCKED_TITLE)

    overlay = lock.overlay_for(later)
    assert overlay is not None
    _unlock(qtbot, lock, overlay, PASSWORD)
    assert not lock.is_locked
    assert later.windowTitle() == "Akte – Herr Petrenko (geändert)"
    assert window.windowTitle() == "Lotsen – Frau Yılmaz"


def test_without_a_password_the_button_unlocks_and_asks_for_one(qtbot, make_lock) -> None:
    window = _window(qtbot)
    asked: list[str] = []

    def verify(password: str) -> bool:
        asked.append(password)
        return False

    lock = make_lock(verify, encrypted=False)
    lock.lock_now()
    overlay = lock.overlay_for(window)
    assert overlay is not None
    assert not overlay.password.isVisible()
    assert overlay.hint.isVisible() and "kein Passwort" in overlay.hint.text()
    with qtbot.waitSignal(lock.unlocked):
        qtbot.mouseClick(overlay.button, Qt.MouseButton.LeftButton)
    assert asked == []
    assert window.windowTitle() == "Lotsen – Frau Yılmaz"


def test_a_message_box_is_covered_and_still_answers_afterwards(
    qtbot, make_lock, encrypted_path: Path
) -> None:
    window = _window(qtbot)
    lock = make_lock(really_opens(encrypted_path))
    box = QMessageBox(QMessageBox.Icon.Question, "Löschen?", "Frau Yılmaz löschen?", parent=window)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)

    def while_open(shown: QWidget) -> None:
        size = box.size()
        lock.lock_now()
        overlay = lock.overlay_for(box)
        assert overlay is not None and overlay.isVisible()
        assert overlay.geometry() == box.rect()
        card = overlay.card.geometry()
        assert overlay.rect().contains(card)  # the whole card fits, even in a small box
        box.grab().save(str(RENDER_DIR / "lotsen-gesperrt-meldung.png"))
        QTest.keyClick(overlay.password, Qt.Key.Key_Y)  # "Yes" by keyboard would delete
        assert box.isVisible()
        _unlock(qtbot, lock, overlay, PASSWORD)
        assert not lock.is_locked
        assert box.windowTitle() == "Löschen?"
        assert box.size() == size
        box.button(QMessageBox.StandardButton.No).click()

    problems = when_modal(QMessageBox, while_open, timeout_ms=15000)
    assert box.exec() == QMessageBox.StandardButton.No
    assert problems == []


def test_the_locked_main_window_and_dialog_look_calm(
    qtbot, make_lock, services: Services, encrypted_path: Path
) -> None:
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    lock = make_lock(really_opens(encrypted_path))
    dialog = DraftDialog(window)
    dialog.edit.setText("Termin am Montag")

    def while_open(_shown: QWidget) -> None:
        lock.lock_now()
        overlay = lock.overlay_for(dialog)
        assert overlay is not None
        _unlock(qtbot, lock, overlay, "falsch-456")
        image = window.grab().toImage()
        assert _share_of_background(image) > 0.7
        window.grab().save(str(RENDER_DIR / "lotsen-gesperrt-hauptfenster.png"))
        dialog.grab().save(str(RENDER_DIR / "lotsen-gesperrt-dialog.png"))
        _unlock(qtbot, lock, overlay, PASSWORD)
        dialog.accept()

    problems = when_modal(DraftDialog, while_open, timeout_ms=15000)
    dialog.exec()
    window.tasks.wait()
    assert problems == []
    assert not lock.is_locked


def test_security_group_saves_minutes_locks_and_changes_the_password(
    qtbot, make_lock, services: Services, encrypted_path: Path
) -> None:
    from lotsen_app.ui.dialogs.password_dialogs import ChangePasswordDialog

    lock = make_lock(really_opens(encrypted_path), minutes=services.settings.lock_minutes())
    changes: list[tuple[str | None, str]] = []
    group = SecurityGroup(
        services.settings, lock, lambda old, new: changes.append((old, new)), has_password=False
    )
    qtbot.addWidget(group)
    group.show()
    group.grab().save(str(RENDER_DIR / "lotsen-sicherheit.png"))
    assert group.minutes.value() == 10
    group.minutes.setValue(0)
    assert group.minutes.text() == "aus"
    assert group.save_minutes()
    assert services.settings.lock_minutes() == 0
    assert lock.minutes == 0 and lock.remaining_ms() == -1
    group.minutes.setValue(25)
    qtbot.waitUntil(lambda: services.settings.lock_minutes() == 25)
    assert lock.minutes == 25

    def set_password(dialog: ChangePasswordDialog) -> None:
        assert not dialog.old.isVisible()
        dialog.new.setText("ein-gutes-passwort")
        dialog.repeated.setText("ein-gutes-passwort")
        dialog.save()

    problems = when_modal(ChangePasswordDialog, set_password)
    group.open_change_dialog()
    assert problems == []
    assert changes == [(None, "ein-gutes-passwort")]
    assert group.has_password and lock.encrypted
    assert group.change_button.text() == "Passwort ändern …"

    window = _window(qtbot)
    qtbot.mouseClick(group.lock_button, Qt.MouseButton.LeftButton)
    assert lock.is_locked and lock.overlay_for(window) is not None
    overlay = lock.overlay_for(window)
    assert overlay is not None
    _unlock(qtbot, lock, overlay, PASSWORD)
    assert not lock.is_locked
