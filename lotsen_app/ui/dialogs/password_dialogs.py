"""Asking for the database password, choosing one at first start, and changing it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lotsen_app.domain.errors import DomainError
from lotsen_app.domain.passwords import MIN_PASSWORD_LENGTH, validate_new_password
from lotsen_app.ui.tasks import TaskRunner
from lotsen_app.ui.widgets.common import UNEXPECTED_ERROR, ErrorLabel, dialog_buttons


class PasswordDialog(QDialog):
    """Asks for the password of an encrypted file; shows why the last try failed."""

    def __init__(self, file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Lotsen – Passwort"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Die Datenbank {0} ist verschlüsselt.").format(file_name)))
        form = QFormLayout()
        form.addRow(self.tr("Passwort"), self.password)
        layout.addLayout(form)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Öffnen"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Beenden"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def show_failure(self, message: str) -> None:
        self.error.show_message(message)
        self.password.clear()
        self.password.setFocus()


class FirstStartDialog(QDialog):
    """First start: protect the new database with a password (recommended) or not."""

    def __init__(self, location: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Willkommen bei Lotsen"))
        self.chosen_password: str | None = None
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeated = QLineEdit()
        self.repeated.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = ErrorLabel()
        intro = QLabel(
            self.tr(
                "<p>Lotsen speichert Ihre Daten nur auf diesem Computer:<br><i>{0}</i></p>"
                "<p>Die Daten über Klient:innen sind sehr persönlich. Bitte schützen Sie sie mit "
                "einem Passwort, besonders wenn andere diesen Computer mitbenutzen. Ohne das "
                "Passwort kann niemand die Daten lesen – auch Sie nicht: bitte gut merken.</p>"
            ).format(location)
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Passwort"), self.password)
        form.addRow(self.tr("Passwort wiederholen"), self.repeated)
        with_password = QPushButton(self.tr("Mit Passwort anlegen (empfohlen)"))
        with_password.setDefault(True)
        with_password.clicked.connect(self.accept_with_password)
        without = QPushButton(self.tr("Ohne Passwort anlegen"))
        without.clicked.connect(self.accept_without_password)
        buttons = QDialogButtonBox()
        buttons.addButton(with_password, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(without, QDialogButtonBox.ButtonRole.ActionRole)
        cancel = buttons.addButton(self.tr("Beenden"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def accept_with_password(self) -> None:
        problem = validate_new_password(self.password.text(), self.repeated.text())
        if problem:
            self.error.show_message(problem)
            return
        self.chosen_password = self.password.text()
        self.accept()

    def accept_without_password(self) -> None:
        self.chosen_password = None
        self.accept()


class ChangePasswordDialog(QDialog):
    """Change the database password (or set the first one): ``change(old, new)`` re-keys the
    file on a worker, which takes a few seconds for a big database. A refusal (a wrong old
    password, say) is shown here and the input stays."""

    def __init__(
        self,
        change: Callable[[str | None, str], None],
        has_password: bool,
        parent: QWidget | None = None,
        tasks: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.change = change
        self.has_password = has_password
        self.tasks = tasks or TaskRunner(self)
        self.setWindowTitle(
            self.tr("Passwort ändern") if has_password else self.tr("Passwort festlegen")
        )
        self.old = QLineEdit()
        self.new = QLineEdit()
        self.repeated = QLineEdit()
        for field in (self.old, self.new, self.repeated):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setMinimumWidth(240)
        intro = QLabel(
            self.tr(
                "Die Datenbank wird mit dem neuen Passwort neu verschlüsselt. Ohne das Passwort "
                "kann niemand die Daten lesen – auch Sie nicht: bitte gut merken."
            )
            if has_password
            else self.tr(
                "Die Datenbank hat noch kein Passwort. Mit einem Passwort kann niemand sonst "
                "die Daten lesen, auch wenn andere diesen Computer mitbenutzen. Bitte gut "
                "merken: ohne das Passwort sind die Daten verloren."
            )
        )
        intro.setWordWrap(True)
        self.new.setPlaceholderText(self.tr("mindestens {0} Zeichen").format(MIN_PASSWORD_LENGTH))
        form = QFormLayout()
        if has_password:
            form.addRow(self.tr("Bisheriges Passwort"), self.old)
        else:
            self.old.hide()
        form.addRow(self.tr("Neues Passwort"), self.new)
        form.addRow(self.tr("Neues Passwort wiederholen"), self.repeated)
        self.progress = QLabel(
            self.tr("Die Datenbank wird neu verschlüsselt. Das kann etwas dauern – bitte warten …")
        )
        self.progress.setWordWrap(True)
        self.progress.hide()
        self.error = ErrorLabel()
        self.buttons = dialog_buttons(
            self,
            self.save,
            self.tr("Passwort ändern") if has_password else self.tr("Passwort festlegen"),
        )
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        self._busy = False
        (self.old if has_password else self.new).setFocus()

    @property
    def busy(self) -> bool:
        return self._busy

    def save(self) -> None:
        if self._busy:
            return
        old = self.old.text() if self.has_password else None
        new = self.new.text()
        if self.has_password and not old:
            self._show_error(self.tr("Bitte das bisherige Passwort eingeben."))
            self.old.setFocus()
            return
        problem = validate_new_password(new, self.repeated.text())
        if problem:
            self._show_error(problem)
            self.new.setFocus()
            return
        self._show_error(None)
        self._set_busy(True)
        change = self.change
        self.tasks.run(lambda: change(old, new), self._changed, self._failed)

    def _changed(self, _result: object) -> None:
        self._set_busy(False)
        self.accept()

    def _failed(self, error: Exception) -> None:
        self._set_busy(False)
        self._show_error(str(error) if isinstance(error, DomainError) else UNEXPECTED_ERROR)
        (self.old if self.has_password else self.new).setFocus()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        for widget in (self.old, self.new, self.repeated, self.buttons):
            widget.setEnabled(not busy)
        self._fit_height()

    def _show_error(self, message: str | None) -> None:
        self.error.show_message(message)
        self._fit_height()

    def _fit_height(self) -> None:
        """Grow when a message appears: a wrapped line needs more height at this width, and a
        dialog that stayed as it was squeezed the fields and cut the message off."""
        layout = self.layout()
        assert layout is not None
        layout.activate()
        needed = self.heightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def reject(self) -> None:
        if not self._busy:  # re-keying must not be interrupted by closing the dialog
            super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._busy:
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._busy:
            event.ignore()
            return
        super().closeEvent(event)
