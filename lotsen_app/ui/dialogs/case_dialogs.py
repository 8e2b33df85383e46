"""Closing a case, and assigning guides to a client (from the client's or the guide's side)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lotsen_app.domain.clients import CaseClosing, ClientRow
from lotsen_app.domain.dates import format_date
from lotsen_app.domain.enums import AssignmentRole, ClientStatus, ClosingReason
from lotsen_app.domain.errors import DomainError, ValidationError
from lotsen_app.services.clients import AssignmentInfo
from lotsen_app.services.container import Services
from lotsen_app.ui.models.client_table_model import ClientProxyModel, ClientTableModel
from lotsen_app.ui.models.row_table_model import ColumnSpec, RowTableModel
from lotsen_app.ui.widgets.common import (
    ErrorLabel,
    date_edit,
    dialog_buttons,
    from_qdate,
    show_error,
)


class CloseCaseDialog(QDialog):
    def __init__(self, services: Services, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.client_id = client_id
        self.setWindowTitle(self.tr("Fall abschließen"))
        self.closed_on = date_edit(services.clock().date())
        self.reason = QComboBox()
        for member in ClosingReason:
            self.reason.addItem(member.label, member)
        self.note = QPlainTextEdit()
        self.note.setMaximumHeight(70)
        self.error = ErrorLabel()
        form = QFormLayout()
        form.addRow(self.tr("Abgeschlossen am"), self.closed_on)
        form.addRow(self.tr("Grund"), self.reason)
        form.addRow(self.tr("Notiz (freiwillig)"), self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr("Die Begleitung endet; alle Zuordnungen werden mit diesem Datum beendet.")
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.error)
        buttons = dialog_buttons(self, self.save, self.tr("Fall abschließen"))
        layout.addWidget(buttons)

    def save(self) -> None:
        closing = CaseClosing(
            closed_on=from_qdate(self.closed_on.date()),
            reason=ClosingReason(self.reason.currentData()),
            note=self.note.toPlainText(),
        )
        try:
            self.services.clients.close_case(self.client_id, closing)
        except DomainError as error:
            self.error.show_message(str(error))
            return
        self.accept()


ASSIGNMENT_COLUMNS: list[ColumnSpec[AssignmentInfo]] = [
    ColumnSpec("Lotse/Lotsin", lambda a: a.guide_name),
    ColumnSpec("Rolle", lambda a: a.role.label),
    ColumnSpec("seit", lambda a: format_date(a.start_date), lambda a: a.start_date),
    ColumnSpec("bis", lambda a: format_date(a.end_date), lambda a: a.end_date or a.start_date),
    ColumnSpec("Übergabe-Notiz", lambda a: a.handover_note),
]


class ClientGuidesDialog(QDialog):
    """The guides of one client: add, make lead (handover), end; with the full history."""

    def __init__(self, services: Services, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.client_id = client_id
        self.resize(720, 460)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold;")
        self.model: RowTableModel[AssignmentInfo] = RowTableModel(ASSIGNMENT_COLUMNS, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()

        self.guide = QComboBox()
        self.role_lead = QRadioButton(self.tr("hauptverantwortlich"))
        self.role_support = QRadioButton(self.tr("unterstützend"))
        self.role_support.setChecked(True)
        self.start = date_edit(services.clock().date())
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Übergabe-Notiz (bei Wechsel der Hauptverantwortung)"))
        add = QPushButton(self.tr("Zuordnen"))
        add.clicked.connect(self.add)
        make_lead = QPushButton(self.tr("Hauptverantwortung übergeben"))
        make_lead.clicked.connect(self.make_lead)
        end = QPushButton(self.tr("Zuordnung beenden"))
        end.clicked.connect(self.end)
        self.error = ErrorLabel()

        add_box = QFormLayout()
        add_box.addRow(self.tr("Lotse/Lotsin"), self.guide)
        roles = QHBoxLayout()
        roles.addWidget(self.role_lead)
        roles.addWidget(self.role_support)
        roles.addStretch()
        add_box.addRow(self.tr("Rolle"), roles)
        add_box.addRow(self.tr("ab"), self.start)
        add_box.addRow(self.tr("Notiz"), self.note)
        row_buttons = QHBoxLayout()
        row_buttons.addWidget(make_lead)
        row_buttons.addWidget(end)
        row_buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.table)
        layout.addLayout(row_buttons)
        layout.addWidget(QLabel(self.tr("Weitere Person zuordnen:")))
        layout.addLayout(add_box)
        layout.addWidget(add)
        layout.addWidget(self.error)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Schließen"))
        close.rejected.connect(self.accept)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        details = self.services.clients.get(self.client_id)
        data = details.data
        self.setWindowTitle(
            self.tr("Begleitung: {0} {1}").format(data.given_name, data.family_name)
        )
        self.title.setText(
            self.tr("{0} {1} – Fall {2} seit {3}").format(
                data.given_name,
                data.family_name,
                details.status.label,
                format_date(details.status_since),
            )
        )
        self.model.set_rows(details.assignments)
        self.table.resizeColumnsToContents()
        self.guide.clear()
        for guide in self.services.guides.list_rows(only_active=True):
            self.guide.addItem(f"{guide.display_name} ({guide.caseload} Fälle)", guide.id)
        closed = details.status == ClientStatus.CLOSED
        self.guide.setEnabled(not closed)
        if closed:
            self.error.show_message(
                self.tr("Der Fall ist abgeschlossen. Zum Zuordnen bitte wieder öffnen.")
            )

    def _selected(self) -> AssignmentInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.error.show_message(self.tr("Bitte zuerst eine Zeile in der Liste auswählen."))
            return None
        return self.model.row_at(rows[0].row())

    def _run(self, action: Callable[[], None]) -> None:
        try:
            action()
        except ValidationError as error:
            self.error.show_message(str(error))
            return
        except Exception as error:
            show_error(self, error)
            return
        self.error.show_message(None)
        self.refresh()

    def add(self) -> None:
        guide_id = self.guide.currentData()
        if guide_id is None:
            self.error.show_message(self.tr("Es gibt keine aktiven Lotsinnen oder Lotsen."))
            return
        role = AssignmentRole.LEAD if self.role_lead.isChecked() else AssignmentRole.SUPPORT
        self._run(
            lambda: self.services.clients.assign_guide(
                self.client_id, guide_id, role, from_qdate(self.start.date()), self.note.text()
            )
        )

    def make_lead(self) -> None:
        selected = self._selected()
        if selected is None:
            return
        if selected.end_date is not None:
            self.error.show_message(self.tr("Diese Zuordnung ist beendet."))
            return
        self._run(
            lambda: self.services.clients.assign_guide(
                self.client_id,
                selected.guide_id,
                AssignmentRole.LEAD,
                from_qdate(self.start.date()),
                self.note.text(),
            )
        )

    def end(self) -> None:
        selected = self._selected()
        if selected is None:
            return
        self._run(
            lambda: self.services.clients.end_assignment(selected.id, from_qdate(self.start.date()))
        )


class PickClientDialog(QDialog):
    """Choose a client by typing part of the name (for assigning from the guide's side)."""

    def __init__(
        self, rows: list[ClientRow], parent: QWidget | None = None, *, with_role: bool = True
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Klient:in auswählen"))
        self.resize(640, 480)
        self.model = ClientTableModel(self)
        self.proxy = ClientProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.set_statuses({ClientStatus.ACTIVE, ClientStatus.PAUSED})
        self.proxy.set_rows(rows)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Name, Telefon oder Stadtteil"))
        self.search.textChanged.connect(self.proxy.set_search_text)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.doubleClicked.connect(lambda _index: self.accept())
        self.role_lead = QRadioButton(self.tr("hauptverantwortlich"))
        self.role_support = QRadioButton(self.tr("unterstützend"))
        self.role_lead.setChecked(True)
        roles = QHBoxLayout()
        roles.addWidget(QLabel(self.tr("Rolle:")))
        roles.addWidget(self.role_lead)
        roles.addWidget(self.role_support)
        roles.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table)
        if with_role:
            layout.addLayout(roles)
        buttons = dialog_buttons(
            self, self.accept, self.tr("Zuordnen") if with_role else self.tr("Auswählen")
        )
        layout.addWidget(buttons)

    @property
    def role(self) -> AssignmentRole:
        return AssignmentRole.LEAD if self.role_lead.isChecked() else AssignmentRole.SUPPORT

    def chosen(self) -> ClientRow | None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            return self.proxy.client_at(rows[0].row())
        if self.proxy.rowCount() == 1:
            return self.proxy.client_at(0)
        return None
