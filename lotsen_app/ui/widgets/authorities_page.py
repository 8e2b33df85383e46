"""Stellen: the directory of authorities and services, with CSV import and export."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lotsen_app.domain.appointments import AuthorityData
from lotsen_app.domain.dates import WEEKDAYS_LONG, WEEKDAYS_SHORT
from lotsen_app.domain.deadlines import STATES
from lotsen_app.domain.enums import AuthorityKind
from lotsen_app.domain.errors import DomainError
from lotsen_app.domain.names import fold
from lotsen_app.services.authority_directory import DirectoryImportResult
from lotsen_app.services.container import Services
from lotsen_app.ui.dialogs.authority_dialog import AuthorityDialog
from lotsen_app.ui.models.authority_table_model import AuthorityTableModel
from lotsen_app.ui.models.row_table_model import select_row, selected_row
from lotsen_app.ui.tasks import TaskRunner
from lotsen_app.ui.widgets.common import ERROR_STYLE, enum_data, show_error

FICTITIOUS_COLOUR = "#ffe8a3"
NOTE_STYLE = f"background: {FICTITIOUS_COLOUR}; padding: 6px; border-radius: 3px;"
OK_STYLE = "color: #1b5e20;"
SHOWN_ERRORS = 12
CSV_FILTER = "CSV-Dateien (*.csv *.txt);;Alle Dateien (*)"
# What people call a Stelle in everyday speech -> words of its official name or kind.
SEARCH_SYNONYMS: dict[str, tuple[str, ...]] = {
    "Ausländeramt": ("Ausländerbehörde",),
    "Arbeitsamt": ("Agentur für Arbeit",),
    "Einwohnermeldeamt": ("Bürgeramt", "Bürgerbüro"),
    "Meldeamt": ("Bürgeramt", "Bürgerbüro"),
    "Kindergeldkasse": ("Familienkasse",),
}
_FOLDED_SYNONYMS = tuple(
    (fold(word), tuple(fold(official) for official in officials))
    for word, officials in SEARCH_SYNONYMS.items()
)


class AuthoritiesPage(QWidget):
    data_changed = Signal()
    rows_loaded = Signal()
    import_finished = Signal(object)  # DirectoryImportResult or the exception
    export_finished = Signal(object)  # number of entries or the exception

    def __init__(
        self, services: Services, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.tasks = tasks
        self.all_rows: list[AuthorityData] = []
        self.usage: dict[int, int] = {}
        self.model = AuthorityTableModel(lambda: services.clock().date(), lambda: self.usage, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        metrics = self.table.fontMetrics()

        def fit(*texts: str) -> int:
            return max(metrics.horizontalAdvance(text) for text in texts) + 24

        # The usual kinds fit; a long one ("Vermieter/Wohnungsgesellschaft") is elided and
        # shown whole in its tooltip.
        widths = (
            210,
            fit(
                AuthorityKind.AGENTUR_FUER_ARBEIT.label,
                AuthorityKind.AUSLAENDERBEHOERDE.label,
                AuthorityKind.BERATUNGSSTELLE.label,
            ),
            fit("Heute geöffnet", "08:00-12:00, 14:00-16:00"),
            200,
            fit("0203 000000-10"),
        )
        for column, width in enumerate(widths):
            self.table.setColumnWidth(column, width)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())

        self.fictitious_note = QLabel(
            self.tr(
                "Einträge in <i>Schrägschrift</i> sind <b>fiktive Beispiele</b> aus dem "
                "Demo-Verzeichnis: Namen, Adressen und Telefonnummern sind erfunden. Bitte nicht "
                "für echte Termine verwenden, sondern das Verzeichnis der Koordination importieren."
            )
        )
        self.fictitious_note.setWordWrap(True)
        self.fictitious_note.setStyleSheet(NOTE_STYLE)
        self.fictitious_note.hide()

        self.search = QLineEdit()
        self.search.setPlaceholderText(
            self.tr("Stelle, Art, Abteilung, Straße oder Ort suchen (auch „Arbeitsamt“)")
        )
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self.apply_filters())
        self.kind_filter = QComboBox()
        self.kind_filter.addItem(self.tr("alle Arten"), None)
        for kind in AuthorityKind:
            self.kind_filter.addItem(kind.label, kind)
        self.kind_filter.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.count_label = QLabel()

        self.new_button = QPushButton(self.tr("Neu …"))
        self.new_button.clicked.connect(self.create_authority)
        self.edit_button = QPushButton(self.tr("Bearbeiten …"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton(self.tr("Löschen"))
        self.delete_button.clicked.connect(self.delete_selected)
        self.import_button = QPushButton(self.tr("Importieren (CSV) …"))
        self.import_button.setToolTip(
            self.tr(
                "Ein Verzeichnis der Koordination übernehmen: bekannte Stellen werden "
                "aktualisiert, neue hinzugefügt, nichts wird doppelt angelegt."
            )
        )
        self.import_button.clicked.connect(self.choose_import_file)
        self.export_button = QPushButton(self.tr("Exportieren (CSV) …"))
        self.export_button.setToolTip(
            self.tr(
                "Das ganze Verzeichnis als CSV-Datei für Excel speichern, z. B. zum Weitergeben."
            )
        )
        self.export_button.clicked.connect(self.choose_export_file)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.hide()

        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMargin(6)
        detail_scroll = QScrollArea()
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setWidget(self.detail)
        detail_scroll.setMinimumWidth(300)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(QLabel(self.tr("Art:")))
        filters.addWidget(self.kind_filter, 1)
        filters.addWidget(self.count_label)
        actions = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.delete_button):
            actions.addWidget(button)
        actions.addStretch()
        actions.addWidget(self.import_button)
        actions.addWidget(self.export_button)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(detail_scroll)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.fictitious_note)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)
        self._selection_changed()

    # --- loading and filtering --------------------------------------------------------------

    def reload(self, select_id: int | None = None) -> None:
        selected = self.selected()
        keep = select_id if select_id is not None else (selected.id if selected else None)
        services = self.services
        self.tasks.run(
            lambda: (services.authorities.rows(), services.authorities.usage()),
            lambda result: self._arrived(result, keep),
            lambda error: show_error(self, error),
        )

    def _arrived(self, result: object, select_id: int | None) -> None:
        assert isinstance(result, tuple)
        self.all_rows, self.usage = result
        self.fictitious_note.setVisible(any(row.is_fictitious for row in self.all_rows))
        self.apply_filters(select_id)
        self.rows_loaded.emit()

    def apply_filters(self, select_id: int | None = None) -> None:
        if select_id is None:
            selected = self.selected()
            select_id = selected.id if selected else None
        terms = fold(self.search.text()).split()
        kind = enum_data(self.kind_filter, AuthorityKind)
        rows = [
            row
            for row in self.all_rows
            if (kind is None or row.kind == kind)
            and all(term in _search_text(row) for term in terms)
        ]
        self.model.set_rows(rows)
        header = self.table.horizontalHeader()
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.count_label.setText(
            self.tr("{0} von {1} Stellen").format(len(rows), len(self.all_rows))
        )
        if select_id is not None:
            self.select_authority(select_id)
        self._selection_changed()

    def selected(self) -> AuthorityData | None:
        return selected_row(self.table, self.model)

    def select_authority(self, authority_id: int) -> bool:
        return select_row(self.table, self.model, lambda row: row.id == authority_id)

    def _selection_changed(self) -> None:
        row = self.selected()
        self.edit_button.setEnabled(row is not None)
        self.delete_button.setEnabled(row is not None)
        if row is None:
            self.detail.setText(
                self.tr("<i>Eine Stelle auswählen, um Öffnungszeiten und Unterlagen zu sehen.</i>")
            )
            self.detail.setToolTip("")
            return
        self.detail.setText(self.detail_html(row))
        # The key only matters for imports; it stays out of sight.
        self.detail.setToolTip(
            self.tr("Schlüssel im Verzeichnis (für Importe): {0}").format(row.external_key)
            if row.external_key
            else ""
        )

    def detail_html(self, row: AuthorityData) -> str:
        today = self.services.clock().date().weekday()
        parts = [f"<h3 style='margin-bottom:2px'>{escape(row.display_name)}</h3>"]
        if row.is_fictitious:
            parts.append(
                f"<p><span style='background:{FICTITIOUS_COLOUR}'>&nbsp;"
                + self.tr("fiktiv – Beispiel, keine echte Stelle")
                + "&nbsp;</span></p>"
            )
        facts = [
            (self.tr("Art"), row.kind.label),
            (self.tr("Abteilung"), row.department),
            (self.tr("Raum"), row.room),
            (self.tr("Adresse"), row.address),
            (self.tr("Telefon"), row.phone),
            (self.tr("E-Mail"), row.email),
            (self.tr("Feiertage"), STATES.get(row.state, row.state)),
            (self.tr("Termine"), str(self.usage.get(row.id or 0, 0))),
        ]
        parts.append(
            "<table cellspacing='0' cellpadding='2'>"
            + "".join(
                f"<tr><td style='color:#555'>{escape(label)}</td><td>{escape(value)}</td></tr>"
                for label, value in facts
                if value
            )
            + "</table>"
        )
        parts.append(f"<p><b>{self.tr('Öffnungszeiten')}</b></p>")
        if row.opening_hours.known:
            lines = []
            for day, short in enumerate(WEEKDAYS_SHORT):
                text = escape(row.opening_hours.day_text(day))
                cells = f"<td>{short}</td><td>{text}</td>"
                if day == today:
                    cells = f"<td><b>{short}</b></td><td><b>{text}</b> ({self.tr('heute')})</td>"
                lines.append(f"<tr title='{WEEKDAYS_LONG[day]}'>{cells}</tr>")
            parts.append("<table cellspacing='0' cellpadding='2'>" + "".join(lines) + "</table>")
        else:
            parts.append(f"<p><i>{self.tr('nicht bekannt')}</i></p>")
        if row.booking_info:
            booking = escape(row.booking_info).replace("\n", "<br>")
            parts.append(f"<p><b>{self.tr('Terminvergabe')}</b><br>{booking}</p>")
        parts.append(f"<p><b>{self.tr('Übliche Unterlagen')}</b></p>")
        if row.documents:
            items = "".join(f"<li>{escape(document)}</li>" for document in row.documents)
            parts.append(f"<ul style='margin-top:0'>{items}</ul>")
        else:
            parts.append(f"<p><i>{self.tr('keine eingetragen')}</i></p>")
        return "".join(parts)

    # --- editing ----------------------------------------------------------------------------

    def _changed(self, select_id: int | None = None) -> None:
        self.data_changed.emit()
        self.reload(select_id)

    def create_authority(self) -> None:
        dialog = AuthorityDialog(self.services, parent=self)
        if dialog.exec() and dialog.authority_id is not None:
            self._changed(dialog.authority_id)

    def edit_selected(self) -> None:
        row = self.selected()
        if row is None or row.id is None:
            return
        try:
            dialog = AuthorityDialog(self.services, row.id, parent=self)
        except Exception as error:
            show_error(self, error)
            self.reload()
            return
        if dialog.exec():
            self._changed(row.id)

    def delete_selected(self) -> None:
        """Delete an unused entry after asking; an entry in use is refused by the service,
        whose message is shown without a question first."""
        row = self.selected()
        if row is None or row.id is None:
            return
        usage = self.services.authorities.usage_counts().get(row.id)  # appointments and contacts
        if usage is None or not usage.used:
            answer = QMessageBox.question(
                self,
                self.tr("Stelle löschen"),
                self.tr("Die Stelle „{0}“ aus dem Verzeichnis löschen?").format(row.display_name),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            self.services.authorities.delete(row.id)
        except Exception as error:
            show_error(self, error)
            self.reload(row.id)
            return
        self._changed()

    # --- import and export ------------------------------------------------------------------

    def choose_import_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Verzeichnis importieren"), str(Path.home()), self.tr(CSV_FILTER)
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path | str) -> None:
        """Import a directory file in the background; the result shows above the table."""
        source = Path(path)
        self._set_busy(True)
        self._show_status(self.tr("Verzeichnis {0} wird übernommen …").format(source.name))
        self.tasks.run(
            lambda: self.services.authorities.import_csv(source),
            self._imported,
            self._import_failed,
        )

    def _imported(self, result: object) -> None:
        assert isinstance(result, DirectoryImportResult)
        self._set_busy(False)
        if result.ok:
            self._show_status(result.summary())
        else:
            lines = list(result.errors[:SHOWN_ERRORS])
            if len(result.errors) > SHOWN_ERRORS:
                lines.append(self.tr("… und {0} weitere").format(len(result.errors) - SHOWN_ERRORS))
            self._show_status("\n".join([result.summary(), *lines]), error=True)
        if result.created or result.updated:
            self._changed()
        self.import_finished.emit(result)

    def _import_failed(self, error: Exception) -> None:
        self._set_busy(False)
        self._report_failure(error)
        self.import_finished.emit(error)

    def choose_export_file(self) -> None:
        suggested = str(Path.home() / self.tr("Stellenverzeichnis.csv"))
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Verzeichnis exportieren"), suggested, self.tr(CSV_FILTER)
        )
        if path:
            target = Path(path)
            self.export_file(target if target.suffix else target.with_suffix(".csv"))

    def export_file(self, path: Path | str) -> None:
        target = Path(path)
        self._set_busy(True)
        self.tasks.run(
            lambda: self.services.authorities.export_csv(target),
            lambda count: self._exported(target, count),
            self._export_failed,
        )

    def _exported(self, target: Path, count: object) -> None:
        self._set_busy(False)
        text = (
            self.tr("1 Stelle gespeichert in {1}")
            if count == 1
            else self.tr("{0} Stellen gespeichert in {1}")
        )
        self._show_status(text.format(count, str(target)))
        self.export_finished.emit(count)

    def _export_failed(self, error: Exception) -> None:
        self._set_busy(False)
        self._report_failure(error)
        self.export_finished.emit(error)

    def _report_failure(self, error: Exception) -> None:
        if isinstance(error, DomainError):
            self._show_status(str(error), error=True)
        else:
            self.status.hide()
            show_error(self, error)

    def _show_status(self, text: str, *, error: bool = False) -> None:
        self.status.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
        self.status.setText(text)
        self.status.show()

    def _set_busy(self, busy: bool) -> None:
        self.import_button.setEnabled(not busy)
        self.export_button.setEnabled(not busy)


def _search_text(row: AuthorityData) -> str:
    """Name, kind and address folded, plus the everyday words for the same Stelle."""
    text = fold(
        " ".join((row.name, row.department, row.street, row.postal_code, row.city, row.kind.label))
    )
    extra = [
        word
        for word, officials in _FOLDED_SYNONYMS
        if any(official in text for official in officials)
    ]
    return " ".join([text, *extra])
