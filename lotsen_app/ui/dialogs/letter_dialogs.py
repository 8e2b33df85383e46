"""Posteingang: a client's letters from authorities, a new letter, and what a letter starts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lotsen_app.domain.dates import format_date
from lotsen_app.domain.deadline_tracking import MAX_SCAN_BYTES, LetterInput, LetterRow
from lotsen_app.domain.deadlines import Procedure
from lotsen_app.domain.errors import ValidationError
from lotsen_app.services.container import Services
from lotsen_app.ui.dialogs.deadline_dialog import DeadlineDialog
from lotsen_app.ui.models.row_table_model import (
    ColumnSpec,
    RowTableModel,
    select_row,
)
from lotsen_app.ui.widgets.authority_completer import attach_authority_completer
from lotsen_app.ui.widgets.common import (
    ErrorLabel,
    date_edit,
    dialog_buttons,
    field_with_error,
    from_qdate,
    show_error,
)

LETTER_COLUMNS: list[ColumnSpec[LetterRow]] = [
    ColumnSpec(
        "Eingang", lambda r: format_date(r.received_on), lambda r: r.received_on or date.min
    ),
    ColumnSpec(
        "Briefdatum", lambda r: format_date(r.letter_date), lambda r: r.letter_date or date.min
    ),
    ColumnSpec("Amt", lambda r: r.authority_name),
    ColumnSpec("Aktenzeichen", lambda r: r.file_number),
    ColumnSpec("Was verlangt der Brief?", lambda r: r.subject),
    ColumnSpec("Fristen", lambda r: str(len(r.deadline_ids)) if r.deadline_ids else "–"),
    ColumnSpec("Scan", lambda r: "ja" if r.has_scan else ""),
]


class LetterDialog(QDialog):
    """Record one incoming letter; an optional scan or photo is stored inside the database."""

    def __init__(self, services: Services, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.client_id = client_id
        self.letter_id: int | None = None
        self.scan: bytes | None = None
        self.setWindowTitle(self.tr("Neuer Brief im Posteingang"))
        today = services.clock().date()
        self.errors: dict[str, ErrorLabel] = {}
        self.authority = QLineEdit()
        self.authority.setPlaceholderText(self.tr("z. B. Jobcenter Duisburg"))
        attach_authority_completer(self.authority, services)
        self.delivery = QComboBox()
        for procedure in Procedure:
            self.delivery.addItem(procedure.label, procedure)
        self.letter_date = date_edit(today)
        self.posted_known = QCheckBox(self.tr("bekannt (z. B. Poststempel)"))
        self.posted_on = date_edit(today)
        self.posted_on.setEnabled(False)
        self.posted_known.toggled.connect(self.posted_on.setEnabled)
        self.received_on = date_edit(today)
        self.file_number = QLineEdit()
        self.subject = QPlainTextEdit()
        self.subject.setPlaceholderText(
            self.tr("z. B. Unterlagen bis … einreichen; Bescheid über …")
        )
        self.subject.setMaximumHeight(70)
        self.scan_label = QLabel(self.tr("kein Scan"))
        choose = QPushButton(self.tr("Scan oder Foto wählen …"))
        choose.clicked.connect(self.choose_scan)

        form = QFormLayout()
        for label, widget, key in (
            (self.tr("Von (Amt) *"), self.authority, "authority_name"),
            (self.tr("Zustellung"), self.delivery, "delivery"),
            (self.tr("Briefdatum"), self.letter_date, "letter_date"),
        ):
            box, error = field_with_error(widget)
            self.errors[key] = error
            form.addRow(label, box)
        posted = QHBoxLayout()
        posted.addWidget(self.posted_on)
        posted.addWidget(self.posted_known)
        form.addRow(self.tr("Zur Post gegeben"), posted)
        later_fields: tuple[tuple[str, QWidget, str], ...] = (
            (self.tr("Angekommen am (laut Klient:in)"), self.received_on, "received_on"),
            (self.tr("Aktenzeichen"), self.file_number, "file_number"),
            (self.tr("Was verlangt der Brief? *"), self.subject, "subject"),
        )
        for label, field, key in later_fields:
            box, error = field_with_error(field)
            self.errors[key] = error
            form.addRow(label, box)
        scan_row = QHBoxLayout()
        scan_row.addWidget(choose)
        scan_row.addWidget(self.scan_label, 1)
        box = QWidget()
        box.setLayout(scan_row)
        wrapped, self.errors["scan"] = field_with_error(box)
        form.addRow(self.tr("Scan"), wrapped)
        hint = QLabel(
            self.tr(
                "Das Briefdatum beweist nicht, wann der Brief zur Post ging. Bitte auch eintragen, "
                "wann er wirklich angekommen ist."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        buttons = dialog_buttons(self, self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)

    def choose_scan(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Scan oder Foto"), "", self.tr("Scans (*.pdf *.png *.jpg *.jpeg)")
        )
        if name:
            self.load_scan(Path(name))

    def load_scan(self, path: Path) -> None:
        if path.stat().st_size > MAX_SCAN_BYTES:
            self.errors["scan"].show_message(self.tr("Der Scan ist größer als 20 MB."))
            return
        self.scan = path.read_bytes()
        self.scan_label.setText(f"{path.name} ({len(self.scan) // 1024} KB)")

    def current_input(self) -> LetterInput:
        procedure = Procedure(self.delivery.currentData())
        return LetterInput(
            client_id=self.client_id,
            authority_name=self.authority.text(),
            subject=self.subject.toPlainText(),
            letter_date=from_qdate(self.letter_date.date()),
            posted_on=from_qdate(self.posted_on.date()) if self.posted_known.isChecked() else None,
            received_on=from_qdate(self.received_on.date()),
            delivery_kind=procedure.value,
            file_number=self.file_number.text(),
            scan=self.scan,
        )

    def save(self) -> None:
        try:
            self.letter_id = self.services.letters.add(self.current_input())
        except ValidationError as error:
            for key, label in self.errors.items():
                label.show_message(error.errors.get(key))
            return
        except Exception as error:
            show_error(self, error)
            return
        self.accept()


class ClientLettersDialog(QDialog):
    """The Posteingang of one client: letters newest first; from a letter, its deadline and tasks."""

    def __init__(
        self, services: Services, client_id: int, client_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.client_id = client_id
        self.client_name = client_name
        self.setWindowTitle(self.tr("Posteingang: {0}").format(client_name))
        self.resize(900, 420)
        self.model: RowTableModel[LetterRow] = RowTableModel(LETTER_COLUMNS, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.error = ErrorLabel()
        new = QPushButton(self.tr("Neuer Brief …"))
        new.clicked.connect(self.new_letter)
        self.followup_button = QPushButton(self.tr("Frist und Aufgaben aus diesem Brief …"))
        self.followup_button.clicked.connect(lambda: self.followups())
        self.scan_button = QPushButton(self.tr("Scan ansehen …"))
        self.scan_button.clicked.connect(self.show_scan)
        buttons = QHBoxLayout()
        for button in (new, self.followup_button, self.scan_button):
            buttons.addWidget(button)
        buttons.addStretch()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Schließen"))
        close.rejected.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        layout.addWidget(self.error)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(self.services.letters.for_client(self.client_id))
        self.table.resizeColumnsToContents()

    def selected(self) -> LetterRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.error.show_message(self.tr("Bitte zuerst einen Brief in der Liste auswählen."))
            return None
        self.error.show_message(None)
        return self.model.row_at(rows[0].row())

    def new_letter(self) -> None:
        dialog = LetterDialog(self.services, self.client_id, self)
        if not dialog.exec() or dialog.letter_id is None:
            return
        self.refresh()
        letter_id = dialog.letter_id
        select_row(self.table, self.model, lambda row: row.id == letter_id)
        self.followups()

    def followups(self) -> DeadlineDialog | None:
        letter = self.selected()
        if letter is None:
            return None
        procedure = Procedure(letter.delivery_kind) if letter.delivery_kind else None
        fiction = procedure in (Procedure.VWVFG, Procedure.SGB10, Procedure.AO)
        start = (letter.posted_on or letter.letter_date) if fiction else letter.received_on
        dialog = DeadlineDialog(
            self.services,
            self.client_id,
            self.client_name,
            letter=(
                letter.id,
                letter.authority_name,
                procedure,
                start,
                letter.received_on,
                letter.subject,
            ),
            parent=self,
        )
        dialog.exec()
        self.refresh()
        return dialog

    def show_scan(self) -> None:
        letter = self.selected()
        if letter is None:
            return
        scan = self.services.letters.scan(letter.id)
        if scan is None:
            self.error.show_message(self.tr("Zu diesem Brief gibt es keinen Scan."))
            return
        content, mime = scan
        if mime == "application/pdf":
            # Never into a temp file: the user chooses where the copy goes.
            name, _filter = QFileDialog.getSaveFileName(
                self, self.tr("Scan speichern unter"), "brief.pdf", "PDF (*.pdf)"
            )
            if name:
                Path(name).write_bytes(content)
            return
        pixmap = QPixmap()
        pixmap.loadFromData(content)
        viewer = QDialog(self)
        viewer.setWindowTitle(self.tr("Scan"))
        viewer.resize(800, 900)
        label = QLabel()
        label.setPixmap(pixmap)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scroll = QScrollArea()
        scroll.setWidget(label)
        QVBoxLayout(viewer).addWidget(scroll)
        viewer.exec()
