"""Einstellungen → Sicherungen: where the automatic backups go, the backups there, "Jetzt
sichern", and "Zurückspielen …" (checked first; the window then closes and the program opens the
restored file, see app.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from lotsen_app.persistence.backup import BackupFile
from lotsen_app.services.backups import BackupService
from lotsen_app.ui.tasks import TaskRunner
from lotsen_app.ui.widgets.common import show_error

HINT_STYLE = "color: #555;"


def size_text(size: int) -> str:
    """ "3,2 MB", "850 KB" """
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
    return f"{max(size // 1024, 1)} KB"


class BackupGroup(QGroupBox):
    """``restore_chosen`` carries a checked backup the user wants back (after a Yes)."""

    restore_chosen = Signal(Path)
    backed_up = Signal(object)  # the Path written by "Jetzt sichern"
    refreshed = Signal()

    def __init__(
        self, backups: BackupService, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Sicherungen"))
        self.backups = backups
        self.tasks = tasks
        self.folder = QLabel()
        self.folder.setWordWrap(True)
        choose = QPushButton(self.tr("Ordner wählen …"))
        choose.clicked.connect(lambda: self.choose_folder())
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(choose)
        self.last = QLabel()
        self.list = QComboBox()
        self.list.setMinimumContentsLength(28)
        self.now_button = QPushButton(self.tr("Jetzt sichern"))
        self.now_button.clicked.connect(self.backup_now)
        self.restore_button = QPushButton(self.tr("Zurückspielen …"))
        self.restore_button.clicked.connect(self.restore_selected)
        list_row = QHBoxLayout()
        list_row.addWidget(self.list, 1)
        list_row.addWidget(self.restore_button)
        self.status = QLabel()
        self.status.setWordWrap(True)
        hint = QLabel(
            self.tr(
                "Lotsen sichert beim Start und einmal am Tag, verschlüsselt wie die Datenbank. "
                "Behalten werden die letzten 7 Tage und 4 Wochen. Am besten ein anderes "
                "Laufwerk wählen, zum Beispiel einen USB-Stick."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(HINT_STYLE)
        form = QFormLayout(self)
        form.addRow(self.tr("Ordner"), folder_row)
        form.addRow(self.tr("Letzte Sicherung"), self.last)
        form.addRow(self.tr("Vorhanden"), list_row)
        now_row = QHBoxLayout()
        now_row.addWidget(self.now_button)
        now_row.addStretch()
        form.addRow("", now_row)
        form.addRow(self.status)
        form.addRow(hint)
        self.refresh()

    def refresh(self) -> None:
        self.folder.setText(str(self.backups.folder()))
        self.tasks.run(self.backups.backups, self._show, lambda error: show_error(self, error))

    def _show(self, found: object) -> None:
        assert isinstance(found, list)
        self.list.clear()
        for backup in found:
            assert isinstance(backup, BackupFile)
            self.list.addItem(f"{backup.day:%d.%m.%Y} ({size_text(backup.size)})", backup.path)
        self.restore_button.setEnabled(bool(found))
        self.last.setText(f"{found[0].day:%d.%m.%Y}" if found else self.tr("<b>noch keine</b>"))
        self.refreshed.emit()

    def choose_folder(self, folder: Path | None = None) -> bool:
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(
                self, self.tr("Ordner für die Sicherungen"), str(self.backups.folder())
            )
            if not chosen:
                return False
            folder = Path(chosen)
        try:
            self.backups.set_folder(folder)
        except Exception as error:
            show_error(self, error)
            return False
        self.refresh()
        self.backup_now()
        return True

    def backup_now(self) -> None:
        self.now_button.setEnabled(False)
        self.status.setText(self.tr("Sicherung läuft …"))

        def done(target: object) -> None:
            assert isinstance(target, Path)
            self.now_button.setEnabled(True)
            self.status.setText(self.tr("Gesichert: {0}").format(target))
            self.backed_up.emit(target)

        def failed(error: Exception) -> None:
            self.now_button.setEnabled(True)
            self.status.setText("")
            show_error(self, error)

        self.tasks.run(self.backups.backup_now, done, failed)

    def restore_selected(self) -> None:
        path = self.list.currentData()
        if not isinstance(path, Path):
            return
        label = self.list.currentText()

        def checked(_revision: object) -> None:
            answer = QMessageBox.question(
                self,
                self.tr("Sicherung zurückspielen?"),
                self.tr(
                    "Die Sicherung vom {0} ist vollständig. Zurückspielen ersetzt die jetzige "
                    "Datenbank: Was seitdem eingetragen wurde, fehlt dann. Die jetzige Datei "
                    "bleibt daneben erhalten.\n\nLotsen schließt dafür alle Fenster und öffnet "
                    "die Sicherung gleich wieder. Jetzt zurückspielen?"
                ).format(label),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer == QMessageBox.StandardButton.Yes:
                self.restore_chosen.emit(path)

        self.tasks.run(
            lambda: self.backups.check(path), checked, lambda error: show_error(self, error)
        )
