"""Lotsen: the guides, their caseload, and assigning clients from the guide's side."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lotsen_app.domain.guides import GuideRow
from lotsen_app.domain.languages import language_name
from lotsen_app.services.container import Services
from lotsen_app.ui.dialogs.case_dialogs import PickClientDialog
from lotsen_app.ui.dialogs.guide_dialog import GuideDialog
from lotsen_app.ui.dialogs.volunteer_hours_dialog import VolunteerHoursDialog
from lotsen_app.ui.models.client_table_model import ClientProxyModel, ClientTableModel
from lotsen_app.ui.models.row_table_model import (
    ColumnSpec,
    RowTableModel,
    select_row,
    selected_row,
)
from lotsen_app.ui.tasks import TaskRunner
from lotsen_app.ui.widgets.clients_page import client_table
from lotsen_app.ui.widgets.common import show_error

GUIDE_COLUMNS: list[ColumnSpec[GuideRow]] = [
    ColumnSpec("Name", lambda g: f"{g.family_name}, {g.given_name}"),
    ColumnSpec("Telefon", lambda g: g.phone),
    ColumnSpec("E-Mail", lambda g: g.email),
    ColumnSpec("Sprachen", lambda g: ", ".join(language_name(code) for code in g.languages)),
    ColumnSpec("aktiv", lambda g: "ja" if g.active else "nein"),
    ColumnSpec("Koordination", lambda g: "ja" if g.is_coordinator else ""),
    ColumnSpec("Fälle", lambda g: str(g.caseload), lambda g: g.caseload, align_right=True),
]


class GuidesPage(QWidget):
    data_changed = Signal()
    rows_loaded = Signal()

    def __init__(
        self, services: Services, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.tasks = tasks
        self.model: RowTableModel[GuideRow] = RowTableModel(GUIDE_COLUMNS, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((200, 140, 220, 220, 60, 100)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_caseload())
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())

        self.caseload_model = ClientTableModel(self)
        self.caseload_proxy = ClientProxyModel(self)
        self.caseload_proxy.setSourceModel(self.caseload_model)
        self.caseload_table = client_table(self.caseload_proxy)
        self.caseload_title = QLabel()
        self.caseload_title.setStyleSheet("font-weight: bold;")

        new = QPushButton(self.tr("Neue Lotsin / neuer Lotse …"))
        new.clicked.connect(self.create_guide)
        self.edit_button = QPushButton(self.tr("Bearbeiten …"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.assign_button = QPushButton(self.tr("Klient:in zuordnen …"))
        self.assign_button.clicked.connect(self.assign_client)
        buttons = QHBoxLayout()
        self.hours_button = QPushButton(self.tr("Stunden …"))
        self.hours_button.setToolTip(
            self.tr("Ehrenamtliche Stunden je Monat, eigene Einträge, Obergrenze bezahlter Stunden")
        )
        self.hours_button.clicked.connect(self.show_hours)
        for button in (new, self.edit_button, self.assign_button, self.hours_button):
            buttons.addWidget(button)
        buttons.addStretch()

        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.caseload_title)
        lower_layout.addWidget(self.caseload_table)
        splitter = QSplitter()
        splitter.setOrientation(splitter.orientation().Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(splitter)
        self._show_caseload()

    def reload(self, select_id: int | None = None) -> None:
        selected = self.selected_guide()
        keep = select_id if select_id is not None else (selected.id if selected else None)
        self.tasks.run(
            self.services.guides.list_rows,
            lambda rows: self._arrived(rows, keep),
            lambda error: show_error(self, error),
        )

    def _arrived(self, rows: object, select_id: int | None) -> None:
        assert isinstance(rows, list)
        self.model.set_rows(rows)
        if select_id is not None:
            self.select_guide(select_id)
        self._show_caseload()
        self.rows_loaded.emit()

    def show_hours(self) -> None:
        guide = self.selected_guide()
        if guide is not None:
            VolunteerHoursDialog(self.services, guide.id, self).exec()

    def selected_guide(self) -> GuideRow | None:
        return selected_row(self.table, self.model)

    def select_guide(self, guide_id: int) -> None:
        select_row(self.table, self.model, lambda row: row.id == guide_id)

    def _show_caseload(self) -> None:
        guide = self.selected_guide()
        self.edit_button.setEnabled(guide is not None)
        self.assign_button.setEnabled(guide is not None and guide.active)
        self.hours_button.setEnabled(guide is not None)
        if guide is None:
            self.caseload_title.setText(self.tr("Bitte oben eine Person auswählen."))
            self.caseload_proxy.set_rows([])
            return
        self.caseload_title.setText(
            self.tr("Klient:innen von {0} ({1} offene Fälle)").format(
                guide.display_name, guide.caseload
            )
        )
        guide_id = guide.id
        self.tasks.run(
            lambda: self.services.clients.caseload(guide_id),
            lambda rows: self._caseload_arrived(guide_id, rows),
            lambda error: show_error(self, error),
        )

    def _caseload_arrived(self, guide_id: int, rows: object) -> None:
        current = self.selected_guide()
        if current is None or current.id != guide_id:
            return  # the user has moved on to another guide
        assert isinstance(rows, list)
        self.caseload_proxy.set_rows(rows)

    def create_guide(self) -> None:
        dialog = GuideDialog(self.services, parent=self)
        if dialog.exec() and dialog.guide_id is not None:
            self.reload(select_id=dialog.guide_id)
            self.data_changed.emit()

    def edit_selected(self) -> None:
        guide = self.selected_guide()
        if guide is None:
            return
        if GuideDialog(self.services, guide.id, parent=self).exec():
            self.reload()
            self.data_changed.emit()

    def assign_client(self) -> None:
        guide = self.selected_guide()
        if guide is None:
            return
        self.tasks.run(
            self.services.clients.list_rows,
            lambda rows: self._pick_client(guide, rows),
            lambda error: show_error(self, error),
        )

    def _pick_client(self, guide: GuideRow, rows: object) -> None:
        assert isinstance(rows, list)
        dialog = PickClientDialog(rows, parent=self)
        dialog.setWindowTitle(self.tr("Klient:in für {0}").format(guide.display_name))
        if not dialog.exec():
            return
        client = dialog.chosen()
        if client is None:
            return
        try:
            self.services.clients.assign_guide(client.id, guide.id, dialog.role)
        except Exception as error:
            show_error(self, error)
            return
        self.reload()
        self.data_changed.emit()
