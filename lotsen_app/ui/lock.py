"""The idle lock: after some minutes without input every window of the program is covered and the
password is asked for again.

Windows are covered, never hidden or closed: hiding a dialog that runs in ``exec()`` ends its
event loop, and the guide's unsaved input in it must survive the lock. While locked, an
application-wide event filter keeps keyboard, mouse, shortcuts and focus away from everything
but the overlays.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from lotsen_app.domain.errors import ValidationError
from lotsen_app.services.settings import MAX_LOCK_MINUTES, SettingsService
from lotsen_app.ui.tasks import TaskRunner
from lotsen_app.ui.widgets.common import ErrorLabel

LOCKED_TITLE = "Lotsen – gesperrt"
MS_PER_MINUTE = 60_000

BACKGROUND = QColor("#e4eaf1")
OVERLAY_STYLE = """
QFrame#lockCard { background: white; border: 1px solid #c5d0dc; border-radius: 8px; }
QLabel#lockTitle { color: #1f4e79; font-size: 15pt; font-weight: bold; }
QLabel#lockText { color: #333; }
QLabel#lockNote { color: #666; font-size: 9pt; }
QLabel#lockHint { color: #5c4400; background: #fff3cd; border: 1px solid #e6c85c;
    border-radius: 4px; padding: 6px; }
"""

_E = QEvent.Type
INPUT_EVENTS = frozenset(
    {
        _E.KeyPress,
        _E.KeyRelease,
        _E.MouseButtonPress,
        _E.MouseButtonRelease,
        _E.MouseButtonDblClick,
        _E.MouseMove,
        _E.Wheel,
        _E.TouchBegin,
        _E.TouchUpdate,
        _E.TouchEnd,
        _E.TabletPress,
        _E.TabletMove,
        _E.TabletRelease,
    }
)
# Kept away from every widget outside an overlay while locked.
BLOCKED_WHILE_LOCKED = INPUT_EVENTS | {
    _E.ShortcutOverride,
    _E.TouchCancel,
    _E.ContextMenu,
    _E.ToolTip,
    _E.WhatsThis,
    _E.InputMethod,
    _E.DragEnter,
    _E.DragMove,
    _E.Drop,
    _E.NativeGesture,
    _E.Gesture,
}
NOT_COVERED = frozenset({Qt.WindowType.Popup, Qt.WindowType.ToolTip, Qt.WindowType.Desktop})


def _inside_overlay(widget: QWidget) -> bool:
    current: QWidget | None = widget
    while current is not None:
        if isinstance(current, LockOverlay):
            return True
        current = current.parentWidget()
    return False


class LockOverlay(QWidget):
    """An opaque cover over one window: "Lotsen ist gesperrt", the password and "Entsperren".

    Keys and clicks end here; they never travel on to the covered window (Escape or Enter would
    otherwise close a dialog underneath)."""

    unlock_requested = Signal(str)

    def __init__(self, encrypted: bool, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("lockOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAttribute(Qt.WidgetAttribute.WA_NoMousePropagation)
        self.setStyleSheet(OVERLAY_STYLE)
        self.card = QFrame()
        self.card.setObjectName("lockCard")
        self.title = QLabel(self.tr("Lotsen ist gesperrt"))
        self.title.setObjectName("lockTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = QLabel()
        self.text.setObjectName("lockText")
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note = QLabel(self.tr("Nicht gespeicherte Eingaben bleiben erhalten."))
        self.note.setObjectName("lockNote")
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = QLabel(
            self.tr(
                "Die Datenbank hat kein Passwort. Bitte legen Sie unter „Einstellungen“ ein "
                "Passwort fest, damit nur Sie Lotsen entsperren können."
            )
        )
        self.hint.setObjectName("lockHint")
        self.hint.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Passwort"))
        self.password.setAccessibleName(self.tr("Passwort"))
        self.password.setMinimumWidth(180)
        self.button = QPushButton(self.tr("Entsperren"))
        self.button.setAutoDefault(False)  # Enter is handled by the overlay, not by a dialog
        self.button.clicked.connect(self.submit)
        self.error = ErrorLabel()
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row = QHBoxLayout()
        row.addWidget(self.password, 1)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignCenter)  # centred when alone
        self.card_layout = card_layout = QVBoxLayout(self.card)
        card_layout.setContentsMargins(28, 22, 28, 18)
        card_layout.setSpacing(12)
        card_layout.addWidget(self.title)
        card_layout.addWidget(self.text)
        card_layout.addWidget(self.hint)
        card_layout.addLayout(row)
        card_layout.addWidget(self.error)
        card_layout.addWidget(self.note)
        self.card.setMaximumWidth(460)
        self.outer_layout = outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        outer.addStretch(1)
        centre = QHBoxLayout()
        centre.addStretch(1)
        centre.addWidget(self.card, 100)
        centre.addStretch(1)
        outer.addLayout(centre)
        outer.addStretch(1)
        self.encrypted = encrypted
        self._checking = False
        self._compact = False
        self.set_encrypted(encrypted)

    def set_encrypted(self, encrypted: bool) -> None:
        self.encrypted = encrypted
        self.password.setVisible(encrypted)
        self.hint.setVisible(not encrypted and not self._compact)
        if encrypted:
            self.text.setText(self.tr("Bitte geben Sie das Passwort der Datenbank ein."))
        else:
            self.text.setText(self.tr("Mit „Entsperren“ geht es weiter."))

    def set_compact(self, compact: bool) -> None:
        """Small windows (a message box) show only the title, the field and the button."""
        self._compact = compact
        self.text.setVisible(not compact)
        self.note.setVisible(not compact)
        self.hint.setVisible(not compact and not self.encrypted)
        margins = (12, 8, 12, 8) if compact else (28, 22, 28, 18)
        self.card_layout.setContentsMargins(*margins)
        self.outer_layout.setContentsMargins(*([4] * 4 if compact else [8] * 4))

    def field(self) -> QWidget:
        return self.password if self.encrypted else self.button

    def take_focus(self) -> None:
        self.field().setFocus(Qt.FocusReason.OtherFocusReason)

    def submit(self) -> None:
        if self._checking:
            return
        if self.encrypted and not self.password.text():
            self.show_failure(self.tr("Bitte das Passwort eingeben."))
            return
        password = self.password.text()
        self.password.clear()  # not kept in a widget longer than needed
        self.unlock_requested.emit(password)

    def set_checking(self, checking: bool) -> None:
        self._checking = checking
        if checking:
            self.error.show_message(None)
            self.take_focus()
            self.password.setReadOnly(True)
            self.button.setText(self.tr("Wird geprüft …"))
        else:
            self.password.setReadOnly(False)
            self.button.setText(self.tr("Entsperren"))
        self.button.setEnabled(not checking)

    def show_failure(self, message: str) -> None:
        self.error.show_message(message)
        self.password.clear()
        self.take_focus()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKGROUND)
        painter.end()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
        event.accept()  # Escape, Enter and the rest stop here

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab moves between the field and the button, never into the window underneath."""
        chain = [w for w in (self.password, self.button) if w.isVisible() and w.isEnabled()]
        if not chain:
            return True
        focused = QApplication.focusWidget()
        position = chain.index(focused) if focused in chain else -1
        step = 1 if next else -1
        chain[(position + step) % len(chain)].setFocus(
            Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason
        )
        return True


@dataclass
class _Covered:
    overlay: LockOverlay
    title: str
    focus: QWidget | None
    minimum: QSize | None = None
    maximum: QSize | None = None
    size: QSize | None = None


class IdleLock(QObject):
    """Locks every window after ``minutes`` without input (0 = never on its own).

    ``verify(password)`` checks the database password; it runs on a worker thread. Without a
    database password (``encrypted=False``) "Entsperren" alone unlocks, and the overlay says
    that a password should be set."""

    locked = Signal()
    unlocked = Signal()

    def __init__(
        self,
        verify: Callable[[str], bool],
        minutes: int,
        encrypted: bool = True,
        parent: QObject | None = None,
        tasks: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.verify = verify
        self.encrypted = encrypted
        self.tasks = tasks or TaskRunner(self)
        self._covered: dict[QWidget, _Covered] = {}
        self._locked = False
        self._checking = False
        self._setting_title = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.lock_now)
        self._minutes = 0
        self.set_minutes(minutes)
        app = QApplication.instance()
        assert app is not None, "IdleLock needs a QApplication"
        app.installEventFilter(self)

    @property
    def is_locked(self) -> bool:
        return self._locked

    @property
    def is_checking(self) -> bool:
        """A password is being checked right now."""
        return self._checking

    @property
    def minutes(self) -> int:
        return self._minutes

    def set_minutes(self, minutes: int) -> None:
        """Change the idle time at once; 0 switches the automatic lock off."""
        self._minutes = max(0, minutes)
        self.set_interval_ms(self._minutes * MS_PER_MINUTE)

    def set_interval_ms(self, milliseconds: int) -> None:
        """The idle time in milliseconds (tests use a few; 0 = off). Restarts the count."""
        self._timer.stop()
        self._timer.setInterval(max(0, milliseconds))
        if milliseconds > 0 and not self._locked:
            self._timer.start()

    def remaining_ms(self) -> int:
        """Milliseconds until the lock; -1 while the automatic lock is off or locked."""
        return self._timer.remainingTime() if self._timer.isActive() else -1

    def set_encrypted(self, encrypted: bool) -> None:
        """After a password was set for the first time, unlocking asks for it."""
        self.encrypted = encrypted
        for covered in self._covered.values():
            covered.overlay.set_encrypted(encrypted)

    def stop(self) -> None:
        """Remove the event filter and the timer (when the program closes)."""
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def locked_title(self) -> str:
        return self.tr("Lotsen – gesperrt")

    def overlays(self) -> list[LockOverlay]:
        return [c.overlay for w, c in self._covered.items() if shiboken6.isValid(w)]

    def overlay_for(self, window: QWidget) -> LockOverlay | None:
        covered = self._covered.get(window)
        return covered.overlay if covered else None

    # Locking

    def lock_now(self) -> None:
        if self._locked:
            return
        self._locked = True
        self._timer.stop()
        QToolTip.hideText()
        self._close_popups()
        for window in QApplication.topLevelWidgets():
            self._cover(window)
        active = QApplication.activeWindow()
        covered = self._covered.get(active) if active is not None else None
        if covered is not None:
            covered.overlay.take_focus()
        self.locked.emit()

    def _should_cover(self, window: QWidget) -> bool:
        return (
            shiboken6.isValid(window)
            and window.isWindow()
            and window.isVisible()
            and window.windowType() not in NOT_COVERED
            and not isinstance(window, LockOverlay)
            and window not in self._covered
        )

    def _cover(self, window: QWidget) -> None:
        if not self._should_cover(window):
            return
        focus = window.focusWidget()
        covered = _Covered(
            overlay=LockOverlay(self.encrypted, window),
            title=window.windowTitle(),
            focus=focus,
        )
        self._covered[window] = covered
        window.destroyed.connect(self._window_destroyed)
        overlay = covered.overlay
        overlay.unlock_requested.connect(self._try_unlock)
        self._fit(window, covered)
        overlay.setGeometry(window.rect())
        overlay.show()
        overlay.raise_()
        overlay.take_focus()
        self._set_title(window, self.locked_title())

    def _fit(self, window: QWidget, covered: _Covered) -> None:
        """Small windows get the compact overlay; still smaller ones grow until unlocked."""
        overlay = covered.overlay
        overlay.set_compact(False)
        full = overlay.minimumSizeHint()
        if window.width() >= full.width() and window.height() >= full.height():
            return
        overlay.set_compact(True)
        needed = overlay.minimumSizeHint()
        if window.width() >= needed.width() and window.height() >= needed.height():
            return
        covered.minimum = window.minimumSize()
        covered.maximum = window.maximumSize()
        covered.size = window.size()
        larger = window.size().expandedTo(needed)
        window.setMaximumSize(window.maximumSize().expandedTo(larger))
        window.setMinimumSize(larger)
        window.resize(larger)

    def _close_popups(self) -> None:
        for _ in range(10):  # nested menus close one by one
            popup = QApplication.activePopupWidget()
            if popup is None:
                return
            popup.close()

    def _set_title(self, window: QWidget, title: str) -> None:
        self._setting_title = True
        try:
            window.setWindowTitle(title)
        finally:
            self._setting_title = False

    def _window_destroyed(self, window: QObject | None = None) -> None:
        for key in [w for w in self._covered if not shiboken6.isValid(w) or w is window]:
            del self._covered[key]

    # Unlocking

    def _try_unlock(self, password: str) -> None:
        if not self._locked or self._checking:
            return
        if not self.encrypted:
            self._unlock()
            return
        self._checking = True
        for overlay in self.overlays():
            overlay.set_checking(True)
        verify = self.verify
        self.tasks.run(lambda: verify(password), self._checked, self._check_failed)

    def _checked(self, matches: object) -> None:
        self._checking = False
        for overlay in self.overlays():
            overlay.set_checking(False)
        if matches is True:
            self._unlock()
        else:
            self._show_failure(self.tr("Das Passwort ist falsch. Bitte noch einmal versuchen."))

    def _check_failed(self, _error: Exception) -> None:
        self._checking = False
        for overlay in self.overlays():
            overlay.set_checking(False)
        self._show_failure(
            self.tr("Das Passwort ließ sich gerade nicht prüfen. Bitte noch einmal versuchen.")
        )

    def _show_failure(self, message: str) -> None:
        for overlay in self.overlays():
            overlay.show_failure(message)

    def _unlock(self) -> None:
        self._locked = False
        covered_windows = [(w, c) for w, c in self._covered.items() if shiboken6.isValid(w)]
        self._covered = {}
        for window, covered in covered_windows:
            window.destroyed.disconnect(self._window_destroyed)
            covered.overlay.hide()
            covered.overlay.deleteLater()
            self._set_title(window, covered.title)
            if covered.size is not None:
                assert covered.minimum is not None and covered.maximum is not None
                window.setMinimumSize(covered.minimum)
                window.setMaximumSize(covered.maximum)
                window.resize(covered.size)
        for _window, covered in covered_windows:
            focus = covered.focus
            if focus is not None and shiboken6.isValid(focus) and focus.isVisible():
                focus.setFocus(Qt.FocusReason.OtherFocusReason)
        if self._timer.interval() > 0:
            self._timer.start()
        self.unlocked.emit()

    # The event filter

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if not self._locked:
            if kind in INPUT_EVENTS and self._timer.interval() > 0:
                self._timer.start()
            return False
        if kind == _E.Shortcut:  # QShortcut and QAction shortcuts of any window
            return True
        if not isinstance(watched, QWidget):
            return False  # the QWindow hands events on to its widgets, overlays included
        if kind in BLOCKED_WHILE_LOCKED:
            if _inside_overlay(watched):
                return False
            event.accept()
            return True
        if kind == _E.Show and watched.isWindow():
            if watched.windowType() == Qt.WindowType.Popup:
                QTimer.singleShot(0, self._close_popups)
            else:
                QTimer.singleShot(0, lambda: self._cover_later(watched))
            return False
        covered = self._covered.get(watched)
        if covered is not None:
            return self._covered_window_event(watched, covered, event)
        if kind == _E.FocusIn and not _inside_overlay(watched):
            owner = self._covered.get(watched.window())
            if owner is not None:
                QTimer.singleShot(0, owner.overlay.take_focus)
        return False

    def _cover_later(self, window: QWidget) -> None:
        """A window shown while locked (a message from a background task, say)."""
        if self._locked and shiboken6.isValid(window):
            self._cover(window)
            if window is QApplication.activeWindow() and window in self._covered:
                self._covered[window].overlay.take_focus()

    def _covered_window_event(self, window: QWidget, covered: _Covered, event: QEvent) -> bool:
        kind = event.type()
        overlay = covered.overlay
        if kind == _E.Resize:
            overlay.setGeometry(window.rect())
        elif kind == _E.ChildAdded:
            QTimer.singleShot(0, overlay.raise_)  # a new child must not sit above the cover
        elif kind == _E.WindowTitleChange and not self._setting_title:
            covered.title = window.windowTitle()  # shown again once unlocked
            QTimer.singleShot(0, lambda: self._retitle(window))
        elif kind == _E.Close and event.spontaneous():
            # Closing a window from outside (its X) would throw away unsaved input.
            assert isinstance(event, QCloseEvent)
            event.ignore()
            return True
        elif kind == _E.FocusIn:
            QTimer.singleShot(0, overlay.take_focus)
        return False

    def _retitle(self, window: QWidget) -> None:
        if self._locked and shiboken6.isValid(window) and window in self._covered:
            self._set_title(window, self.locked_title())


class SecurityGroup(QGroupBox):
    """Settings: idle time until the lock, "Passwort ändern …" and "Jetzt sperren"."""

    password_changed = Signal()

    def __init__(
        self,
        settings: SettingsService,
        idle_lock: IdleLock,
        change_password: Callable[[str | None, str], None],
        has_password: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Sicherheit"))
        self.settings = settings
        self.idle_lock = idle_lock
        self.change_password = change_password
        self.has_password = has_password
        self.minutes = QSpinBox()
        self.minutes.setRange(0, MAX_LOCK_MINUTES)
        self.minutes.setSpecialValueText(self.tr("aus"))
        self.minutes.setSuffix(self.tr(" Min."))
        self.minutes.setAccessibleName(self.tr("Sperre nach Minuten ohne Eingabe"))
        self.minutes.setValue(settings.lock_minutes())
        self.minutes.valueChanged.connect(self._minutes_changed)
        self.minutes.editingFinished.connect(self.save_minutes)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(600)  # arrow clicks: one save, not one per step
        self._save_timer.timeout.connect(self.save_minutes)
        self.saved = QLabel(self.tr("Gespeichert."))
        self.saved.setStyleSheet("color: #1b5e20; font-weight: bold;")
        self.saved.hide()
        self.error = ErrorLabel()
        hint = QLabel(
            self.tr(
                "Nach dieser Zeit ohne Eingabe verdeckt Lotsen alle Fenster und fragt nach dem "
                "Passwort. Nicht gespeicherte Eingaben bleiben erhalten. „aus“ schaltet die "
                "Sperre aus."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        minutes_row = QHBoxLayout()
        minutes_row.addWidget(QLabel(self.tr("Sperren nach")))
        minutes_row.addWidget(self.minutes)
        minutes_row.addWidget(self.saved)
        minutes_row.addStretch()
        self.change_button = QPushButton()
        self.change_button.clicked.connect(self.open_change_dialog)
        self.lock_button = QPushButton(self.tr("Jetzt sperren"))
        self.lock_button.clicked.connect(self.idle_lock.lock_now)
        self.password_state = QLabel()
        self.password_state.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.change_button)
        buttons.addWidget(self.lock_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(minutes_row)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(self.password_state)
        layout.addLayout(buttons)
        self._show_password_state()

    def _show_password_state(self) -> None:
        if self.has_password:
            self.change_button.setText(self.tr("Passwort ändern …"))
            self.password_state.setText(self.tr("Die Datenbank ist mit einem Passwort geschützt."))
            self.password_state.setStyleSheet("color: #555;")
        else:
            self.change_button.setText(self.tr("Passwort festlegen …"))
            self.password_state.setText(
                self.tr(
                    "Die Datenbank hat noch kein Passwort. Bitte legen Sie eines fest, "
                    "besonders wenn andere diesen Computer mitbenutzen."
                )
            )
            self.password_state.setStyleSheet(
                "QLabel { background: #fff3cd; color: #5c4400; border: 1px solid #e6c85c;"
                " border-radius: 4px; padding: 6px; }"
            )

    def _minutes_changed(self, _minutes: int) -> None:
        self.saved.hide()
        self._save_timer.start()

    def save_minutes(self) -> bool:
        self._save_timer.stop()
        minutes = self.minutes.value()
        if minutes == self.settings.lock_minutes():
            self.idle_lock.set_minutes(minutes)
            return True
        try:
            self.settings.set_lock_minutes(minutes)
        except ValidationError as error:
            self.error.show_message(str(error))
            return False
        self.error.show_message(None)
        self.idle_lock.set_minutes(minutes)
        self.saved.show()
        return True

    def open_change_dialog(self) -> None:
        from lotsen_app.ui.dialogs.password_dialogs import ChangePasswordDialog

        dialog = ChangePasswordDialog(self.change_password, self.has_password, self)
        if dialog.exec():
            self.has_password = True
            self.idle_lock.set_encrypted(True)
            self._show_password_state()
            self.password_changed.emit()
