"""Asking for the database password, and choosing one at first start."""

from __future__ import annotations

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

from lotsen_app.domain.passwords import validate_new_password
from lotsen_app.ui.widgets.common import ErrorLabel


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
