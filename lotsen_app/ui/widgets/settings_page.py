"""Einstellungen: the database in use and the district list."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lotsen_app.domain.deadlines import STATES
from lotsen_app.domain.errors import ValidationError
from lotsen_app.services.container import Services
from lotsen_app.ui.models.row_table_model import ColumnSpec, RowTableModel
from lotsen_app.ui.widgets.common import ErrorLabel, dialog_buttons, show_error

DistrictRow = tuple[int, str, str, bool, int]

DISTRICT_COLUMNS: list[ColumnSpec[DistrictRow]] = [
    ColumnSpec("Stadtteil", lambda d: d[1]),
    ColumnSpec("Bezirk", lambda d: d[2]),
    ColumnSpec("in Auswahl", lambda d: "ja" if d[3] else "nein"),
    ColumnSpec("Klient:innen", lambda d: str(d[4]), lambda d: d[4], align_right=True),
]


class DistrictDialog(QDialog):
    def __init__(
        self, services: Services, row: DistrictRow | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.row = row
        self.setWindowTitle(self.tr("Stadtteil"))
        self.name = QLineEdit(row[1] if row else "")
        self.borough = QLineEdit(row[2] if row else "")
        self.active = QCheckBox(self.tr("in der Auswahl anzeigen"))
        self.active.setChecked(row[3] if row else True)
        self.error = ErrorLabel()
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Bezirk"), self.borough)
        form.addRow("", self.active)
        buttons = dialog_buttons(self, self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        try:
            if self.row is None:
                self.services.districts.add(self.name.text(), self.borough.text())
            else:
                self.services.districts.update(
                    self.row[0], self.name.text(), self.borough.text(), self.active.isChecked()
                )
        except ValidationError as error:
            self.error.show_message(str(error))
            return
        except Exception as error:
            show_error(self, error)
            return
        self.accept()


class SettingsPage(QWidget):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        database = services.database
        info = QGroupBox(self.tr("Datenbank"))
        info_form = QFormLayout(info)
        info_form.addRow(self.tr("Datei"), QLabel(str(database.path)))
        info_form.addRow(
            self.tr("Verschlüsselt"),
            QLabel(
                self.tr("ja, mit Passwort")
                if database.encrypted
                else self.tr("<b style='color:#b00020'>nein</b> – ohne Passwort lesbar")
            ),
        )
        self.state = QComboBox()
        for code, name in STATES.items():
            self.state.addItem(name, code)
        self.state.currentIndexChanged.connect(self._state_chosen)
        info_form.addRow(self.tr("Bundesland (Feiertage für Fristen)"), self.state)
        later = QLabel(
            self.tr(
                "Passwort ändern, automatische Sicherungen, Sperre bei Inaktivität, "
                "Aufbewahrungsfristen und Briefvorlagen folgen in den nächsten Versionen."
            )
        )
        later.setWordWrap(True)
        later.setStyleSheet("color: #555;")
        info_form.addRow(later)

        districts = QGroupBox(self.tr("Stadtteile (Auswahlliste)"))
        self.model: RowTableModel[DistrictRow] = RowTableModel(DISTRICT_COLUMNS, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.edit_district())
        add = QPushButton(self.tr("Stadtteil hinzufügen …"))
        add.clicked.connect(self.add_district)
        edit = QPushButton(self.tr("Bearbeiten …"))
        edit.clicked.connect(self.edit_district)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(edit)
        buttons.addStretch()
        district_layout = QVBoxLayout(districts)
        district_layout.addLayout(buttons)
        district_layout.addWidget(self.table)

        layout = QVBoxLayout(self)
        layout.addWidget(info)
        layout.addWidget(districts)

    def _state_chosen(self, _index: int) -> None:
        code = self.state.currentData()
        if code and code != self.services.settings.state():
            try:
                self.services.settings.set_state(code)
            except Exception as error:
                show_error(self, error)

    def reload(self) -> None:
        self.state.blockSignals(True)
        self.state.setCurrentIndex(self.state.findData(self.services.settings.state()))
        self.state.blockSignals(False)
        usage = self.services.districts.usage()
        self.model.set_rows(
            [
                (i, name, borough, active, usage.get(i, 0))
                for i, name, borough, active in self.services.districts.list()
            ]
        )

    def add_district(self) -> None:
        if DistrictDialog(self.services, parent=self).exec():
            self.reload()

    def edit_district(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        if DistrictDialog(self.services, self.model.row_at(rows[0].row()), parent=self).exec():
            self.reload()
