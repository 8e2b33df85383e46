"""Berichte: the monthly summary (also a quarter or a year) for the coordinator: its tables and
charts, a preview of exactly what a file will contain, and the exports (Excel, CSV, PDF, JSON).

The guide sends the month as a report file; the coordinator merges the files of several guides
into one summary, shown and exported like the own one. Counts from 1 to 4 show as "<5" unless
"exakte Zahlen" is ticked. Figures are computed on the TaskRunner; the PDF is laid out by Qt on
the GUI thread (charts need it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from PySide6.QtCharts import QChartView
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication, QPainter, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lotsen_app.domain.dates import MONTHS_LONG
from lotsen_app.domain.errors import DomainError, ValidationError
from lotsen_app.domain.summary import Period, PeriodKind, Summary
from lotsen_app.reports.summary_files import (
    REPORT_SUFFIX,
    Table,
    summary_csv,
    summary_json,
    summary_tables,
)
from lotsen_app.reports.summary_html import cell_text, summary_charts
from lotsen_app.services.container import Services
from lotsen_app.ui.models.row_table_model import ColumnSpec, RowTableModel
from lotsen_app.ui.summary_printing import build_chart, write_summary_pdf
from lotsen_app.ui.tasks import TaskRunner
from lotsen_app.ui.widgets.common import ErrorLabel, dialog_buttons, show_error

Row = tuple[int | float | str, ...]

#: Export formats: suffix, button text, file dialog filter.
FORMATS = {
    ".xlsx": ("Excel …", "Excel-Arbeitsmappe (*.xlsx)"),
    ".csv": ("CSV …", "CSV für Excel (*.csv)"),
    ".pdf": ("PDF …", "PDF mit Diagrammen (*.pdf)"),
    ".json": ("JSON …", "JSON für andere Programme (*.json)"),
}
PREVIEWS = (("JSON", ".json"), ("CSV", ".csv"))
TABLE_ROW_PADDING = 6


@dataclass(frozen=True)
class Shown:
    """What the page shows: the summary, where it came from, the programme's name."""

    summary: Summary
    organisation: str = ""
    merged_from: int = 0  # files chosen (the same file twice counts once in the summary)
    recomputed: bool = False  # computed from the records although the period was reported


def previous_month(period: Period) -> Period:
    year, month = (period.year, period.number - 1) if period.number > 1 else (period.year - 1, 12)
    return Period(year, PeriodKind.MONTH, month)


def _cell_reader(index: int) -> Callable[[Row], str]:
    return lambda row: cell_text(row[index])


def _clear(layout: QVBoxLayout) -> None:
    """Remove (and delete) everything in ``layout``."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()


def summary_table_view(table: Table) -> QTableView:
    """One table of the summary, as tall as its rows (the page scrolls, not the table)."""
    columns: list[ColumnSpec[Row]] = [
        ColumnSpec(header, _cell_reader(index), align_right=index > 0)
        for index, header in enumerate(table.header)
    ]
    model: RowTableModel[Row] = RowTableModel(columns)
    model.set_rows(list(table.rows))
    view = QTableView()
    model.setParent(view)
    view.setModel(model)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    row_height = view.fontMetrics().height() + TABLE_ROW_PADDING
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(row_height)
    view.setSelectionMode(QTableView.SelectionMode.NoSelection)
    view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    header = view.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, len(table.header)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    height = header.sizeHint().height() + 2 * view.frameWidth() + row_height * model.rowCount()
    view.setFixedHeight(height + 2)
    return view


class ProgrammeKeyDialog(QDialog):
    """Shows this laptop's programme key and takes over the coordinator's."""

    def __init__(self, services: Services, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(self.tr("Programmschlüssel"))
        self.setMinimumWidth(620)
        explanation = QLabel(
            self.tr(
                "Der Programmschlüssel macht aus jeder Klient:in ein Kürzel, das niemand "
                "zurückrechnen kann, und versiegelt die Berichtsdateien. Alle Lotsinnen und "
                "Lotsen eines Programms brauchen denselben Schlüssel: Die Koordination gibt "
                "ihren weiter, jede Lotsin und jeder Lotse trägt ihn hier ein. Berichtsdateien, "
                "die mit einem anderen Schlüssel erstellt wurden, werden nicht übernommen."
            )
        )
        explanation.setWordWrap(True)
        self.current = QLineEdit(key)
        self.current.setReadOnly(True)
        self.current.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        copy = QPushButton(self.tr("Kopieren"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.current.text()))
        current_row = QHBoxLayout()
        current_row.addWidget(self.current, 1)
        current_row.addWidget(copy)
        self.new_key = QLineEdit()
        self.new_key.setPlaceholderText(self.tr("Schlüssel der Koordination, z. B. ABCD-EFGH-…"))
        self.error = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(QLabel(self.tr("<b>Schlüssel dieses Laptops</b>")))
        layout.addLayout(current_row)
        layout.addWidget(QLabel(self.tr("<b>Schlüssel der Koordination übernehmen</b>")))
        layout.addWidget(self.new_key)
        layout.addWidget(self.error)
        layout.addWidget(dialog_buttons(self, self.save, self.tr("Übernehmen")))

    def save(self) -> None:
        text = self.new_key.text()
        if not text.strip():
            self.error.show_message(
                self.tr("Bitte den Schlüssel der Koordination eintragen (oder Abbrechen).")
            )
            return
        try:
            self.services.summary.set_programme_key(text)
        except ValidationError as error:
            self.error.show_message("\n".join(error.errors.values()))
            return
        except DomainError as error:
            self.error.show_message(str(error))
            return
        self.accept()


class ReportsPage(QWidget):
    """``summary_shown`` fires with the ``Shown`` once tables and charts are up to date;
    ``file_written`` with the path once an export is on disk; ``failed`` with the German
    message shown on the page."""

    summary_shown = Signal(object)
    file_written = Signal(object)
    failed = Signal(str)

    def __init__(
        self, services: Services, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.tasks = tasks
        self.shown: Shown | None = None
        self.merged = False
        self._request = 0
        self.directory = Path.home()

        self.kind = QComboBox()
        self.kind.addItem(self.tr("Monat"), PeriodKind.MONTH.value)
        self.kind.addItem(self.tr("Quartal"), PeriodKind.QUARTER.value)
        self.kind.addItem(self.tr("Jahr"), PeriodKind.YEAR.value)
        self.number = QComboBox()
        self.number.setMinimumContentsLength(10)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.exact = QCheckBox(self.tr("exakte Zahlen (nur intern)"))
        self.exact.setToolTip(
            self.tr(
                "Ohne Haken erscheinen Zahlen von 1 bis 4 als „<5“, damit niemand erkennbar "
                "ist. Genaue Zahlen nur für den internen Gebrauch."
            )
        )
        self.status = QLabel()
        self.status.setStyleSheet("color: #555555;")
        self.set_period(previous_month(Period.month_of(services.clock().date())), load=False)
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.number.currentIndexChanged.connect(lambda _i: self._period_changed())
        self.year.valueChanged.connect(lambda _v: self._period_changed())
        self.exact.toggled.connect(lambda _on: self._show())

        self.source = QLabel()
        self.source.setWordWrap(True)
        self.own_button = QPushButton(self.tr("Eigene Zahlen anzeigen"))
        self.own_button.clicked.connect(self.show_own)
        self.own_button.hide()
        self.recompute_button = QPushButton(self.tr("Neu berechnen"))
        self.recompute_button.setToolTip(
            self.tr(
                "Die Zahlen aus den heutigen Daten berechnen. Wer seitdem gelöscht wurde, fehlt "
                "dann. Erst wenn Sie diese Zahlen speichern, gelten sie als gemeldet."
            )
        )
        self.recompute_button.clicked.connect(self.recompute)
        self.recompute_button.hide()
        self._recompute: Period | None = None  # the period to compute from the records
        self._saved_note = ""
        self.error = ErrorLabel()

        self.export_buttons: dict[str, QPushButton] = {}
        exports = QHBoxLayout()
        exports.addWidget(QLabel(self.tr("Speichern als:")))
        for suffix, (text, _filter) in FORMATS.items():
            button = QPushButton(self.tr(text))
            button.clicked.connect(lambda _c=False, suffix=suffix: self.export(suffix))
            self.export_buttons[suffix] = button
            exports.addWidget(button)
        exports.addStretch()
        self.report_button = QPushButton(self.tr("Monatsbericht exportieren …"))
        self.report_button.setToolTip(
            self.tr(
                "Die Berichtsdatei für die Koordination: genaue Zahlen, Klient:innen nur als "
                "nicht umkehrbares Kürzel, keine Namen."
            )
        )
        self.report_button.clicked.connect(lambda: self.export_report())
        self.merge_button = QPushButton(self.tr("Berichte anderer Lotsen zusammenführen …"))
        self.merge_button.setToolTip(
            self.tr(
                "Für die Koordination: die Berichtsdateien mehrerer Lotsinnen und Lotsen zu einer "
                "Übersicht zusammenführen. Wer bei mehreren gemeldet ist, zählt einmal."
            )
        )
        self.merge_button.clicked.connect(lambda: self.merge_reports())
        self.key_button = QPushButton(self.tr("Programmschlüssel …"))
        self.key_button.clicked.connect(self.edit_programme_key)
        exports.addWidget(self.report_button)
        exports.addWidget(self.merge_button)
        exports.addWidget(self.key_button)

        period_row = QHBoxLayout()
        period_row.addWidget(QLabel(self.tr("Zeitraum:")))
        period_row.addWidget(self.kind)
        period_row.addWidget(self.number)
        period_row.addWidget(self.year)
        period_row.addSpacing(16)
        period_row.addWidget(self.exact)
        period_row.addStretch()
        period_row.addWidget(self.status)
        source_row = QHBoxLayout()
        source_row.addWidget(self.source, 1)
        source_row.addWidget(self.recompute_button)
        source_row.addWidget(self.own_button)

        # Tables (left) and charts (right), each scrolling; the file preview on its own tab.
        self.tables_box = QWidget()
        self.tables_layout = QVBoxLayout(self.tables_box)
        self.tables_layout.setContentsMargins(4, 4, 12, 4)
        self.table_views: list[QTableView] = []
        self.table_titles: list[str] = []
        self.charts_box = QWidget()
        self.charts_layout = QVBoxLayout(self.charts_box)
        self.charts_layout.setContentsMargins(4, 4, 12, 4)
        self.chart_views: list[QChartView] = []
        splitter = QSplitter(Qt.Orientation.Horizontal)
        for box in (self.tables_box, self.charts_box):
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(box)
            splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([520, 520])

        self.preview_format = QComboBox()
        for label, suffix in PREVIEWS:
            self.preview_format.addItem(label, suffix)
        self.preview_format.currentIndexChanged.connect(lambda _i: self._show_preview())
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.preview.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        preview_note = QLabel(
            self.tr(
                "Genau dieser Inhalt steht in der Datei (mit dem Haken „exakte Zahlen“ wie "
                "gerade gesetzt). Excel und PDF enthalten dieselben Tabellen wie die Ansicht "
                "„Tabellen und Diagramme“; Excel dazu ein Blatt mit Erläuterungen."
            )
        )
        preview_note.setWordWrap(True)
        preview_top = QHBoxLayout()
        preview_top.addWidget(QLabel(self.tr("Format:")))
        preview_top.addWidget(self.preview_format)
        preview_top.addStretch()
        preview_page = QWidget()
        preview_layout = QVBoxLayout(preview_page)
        preview_layout.addWidget(preview_note)
        preview_layout.addLayout(preview_top)
        preview_layout.addWidget(self.preview, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(splitter, self.tr("Tabellen und Diagramme"))
        self.tabs.addTab(preview_page, self.tr("Vorschau der Datei"))

        layout = QVBoxLayout(self)
        layout.addLayout(period_row)
        layout.addLayout(exports)
        layout.addLayout(source_row)
        layout.addWidget(self.error)
        layout.addWidget(self.tabs, 1)
        self._set_buttons()

    # --- the period --------------------------------------------------------------------

    def period(self) -> Period:
        kind = PeriodKind(self.kind.currentData())
        number = 0 if kind == PeriodKind.YEAR else int(self.number.currentData())
        return Period(self.year.value(), kind, number)

    def set_period(self, period: Period, *, load: bool = True) -> None:
        """Show ``period``'s figures (computed in the background when ``load``)."""
        for widget in (self.kind, self.number, self.year):
            widget.blockSignals(True)
        self.kind.setCurrentIndex(max(self.kind.findData(period.kind.value), 0))
        self._fill_numbers(period.kind)
        if period.kind != PeriodKind.YEAR:
            self.number.setCurrentIndex(max(self.number.findData(period.number), 0))
        self.year.setValue(period.year)
        for widget in (self.kind, self.number, self.year):
            widget.blockSignals(False)
        if load:
            self._period_changed()

    def _fill_numbers(self, kind: PeriodKind) -> None:
        self.number.clear()
        if kind == PeriodKind.MONTH:
            for number, name in enumerate(MONTHS_LONG, start=1):
                self.number.addItem(name, number)
        elif kind == PeriodKind.QUARTER:
            for number in range(1, 5):
                self.number.addItem(self.tr("{0}. Quartal").format(number), number)
        self.number.setVisible(kind != PeriodKind.YEAR)

    def _kind_changed(self) -> None:
        kind = PeriodKind(self.kind.currentData())
        month = self.services.clock().date().month
        self.number.blockSignals(True)
        self._fill_numbers(kind)
        if kind == PeriodKind.QUARTER:
            self.number.setCurrentIndex((month - 1) // 3)
        elif kind == PeriodKind.MONTH:
            self.number.setCurrentIndex(previous_month(Period.month_of(self.today())).number - 1)
        self.number.blockSignals(False)
        self._period_changed()

    def _period_changed(self) -> None:
        self.merged = False
        self.reload()

    def today(self) -> date:
        return self.services.clock().date()

    # --- computing and showing ---------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.merged:
            self.reload()  # the data may have changed on other pages

    def reload(self) -> None:
        """Compute the chosen period from this database (in the background)."""
        period = self.period()
        services = self.services
        self._request += 1
        request = self._request
        self.status.setText(self.tr("Wird berechnet …"))
        recompute = self._recompute == period

        def work() -> Shown:
            settings = services.settings
            name = settings.organisation_name() if settings.organisation_configured() else ""
            summary = services.summary.month(period, recompute=recompute)
            return Shown(summary, name, recomputed=recompute)

        self.tasks.run(
            work,
            lambda shown: self._arrived(request, shown, merged=False),
            lambda error: self._failed(request, error),
        )

    def show_own(self) -> None:
        self.merged = False
        self.reload()

    def recompute(self) -> None:
        """Show the reported period computed from the records as they are now."""
        self._recompute = self.period()
        self.reload()

    def _arrived(self, request: int, shown: object, *, merged: bool) -> None:
        if request != self._request:
            return  # an older request; a newer one is on its way
        assert isinstance(shown, Shown)
        self.merged = merged
        self.shown = shown
        self.error.show_message(None)
        self._show()

    def _failed(self, request: int, error: Exception) -> None:
        if request != self._request:
            return
        self.status.setText("")
        self.show_message(error)

    def show_message(self, error: Exception) -> None:
        """A German message on the page (refused files, files that could not be written)."""
        if isinstance(error, ValidationError):
            message = "\n".join(error.errors.values())
        elif isinstance(error, DomainError):
            message = str(error)
        elif isinstance(error, OSError):
            message = self.tr(
                "Die Datei konnte nicht geschrieben werden ({0}). Bitte einen anderen Ort wählen."
            ).format(error.strerror or error)
        else:
            show_error(self, error)
            return
        self.error.show_message(message)
        self.failed.emit(message)

    def _show(self) -> None:
        shown = self.shown
        if shown is None:
            return
        summary, exact = shown.summary, self.exact.isChecked()
        self._show_tables(summary_tables(summary, exact))
        self._show_charts(summary, exact)
        self._show_preview()
        if self.merged:
            files = summary.report_files
            text = self.tr("Zusammengeführt aus {0} {1} · {2}").format(
                files,
                self.tr("Berichtsdatei") if files == 1 else self.tr("Berichtsdateien"),
                summary.period.label,
            )
            twice = shown.merged_from - files
            if twice > 0:
                text += " · " + self.tr("{0} doppelt gewählte Datei(en) zählen nur einmal.").format(
                    twice
                )
        elif summary.reported_at is not None:
            text = self.tr(
                "Zahlen aus dieser Datenbank, <b>wie am {0} gemeldet</b> · {1} · Sie bleiben so, "
                "auch wenn seitdem Personen gelöscht wurden."
            ).format(summary.reported_at.strftime("%d.%m.%Y"), summary.period.label)
        elif shown.recomputed:
            text = self.tr(
                "Neu berechnet aus den heutigen Daten · {0} · Gemeldet sind noch die alten "
                "Zahlen; erst Speichern meldet diese."
            ).format(summary.period.label)
        else:
            text = self.tr("Zahlen aus dieser Datenbank · {0}").format(summary.period.label)
        if exact:
            text += " · " + self.tr("<b>genaue Zahlen – nur intern</b>")
        else:
            text += " · " + self.tr("Zahlen von 1 bis 4 als „&lt;5“")
        self.source.setText(text)
        self.own_button.setVisible(self.merged)
        self.recompute_button.setVisible(not self.merged and summary.reported_at is not None)
        self.status.setText(
            self._saved_note
            or (
                self.tr("{0} aktive Klient:innen").format(summary.clients.active)
                if exact or summary.clients.active >= 5 or not summary.clients.active
                else ""
            )
        )
        self._saved_note = ""
        self._set_buttons()
        self.summary_shown.emit(shown)

    def _show_tables(self, tables: Sequence[Table]) -> None:
        _clear(self.tables_layout)
        self.table_views = []
        self.table_titles = []
        for table in tables:
            title = QLabel(f"<b>{table.title}</b>")
            title.setTextFormat(Qt.TextFormat.RichText)
            view = summary_table_view(table)
            view.setObjectName(table.title)
            explanation = QLabel(table.explanation)
            explanation.setWordWrap(True)
            explanation.setStyleSheet("color: #555555; font-size: 8pt;")
            for widget in (title, view, explanation):
                self.tables_layout.addWidget(widget)
            self.tables_layout.addSpacing(10)
            self.table_views.append(view)
            self.table_titles.append(table.title)
        self.tables_layout.addStretch()

    def _show_charts(self, summary: Summary, exact: bool) -> None:
        _clear(self.charts_layout)
        self.chart_views = []
        for data in summary_charts(summary, exact):
            view = QChartView(build_chart(data))
            view.setObjectName(data.name)
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(300)
            self.charts_layout.addWidget(view)
            if data.note:
                note = QLabel(data.note)
                note.setWordWrap(True)
                note.setStyleSheet("color: #555555; font-size: 8pt;")
                self.charts_layout.addWidget(note)
            self.chart_views.append(view)
        self.charts_layout.addStretch()

    def _show_preview(self) -> None:
        if self.shown is None:
            self.preview.clear()
            return
        self.preview.setPlainText(
            self.file_preview(str(self.preview_format.currentData() or ".json"))
        )

    def file_preview(self, suffix: str) -> str:
        """The text of the file ``suffix`` (.json or .csv) as it would be written now."""
        assert self.shown is not None
        summary, exact = self.shown.summary, self.exact.isChecked()
        if suffix == ".csv":
            return summary_csv(summary, exact).decode("utf-8-sig")
        return summary_json(summary, exact).decode("utf-8")

    def table_cells(self, title: str) -> list[list[str]]:
        """The cells shown in the table ``title`` (as the user reads them)."""
        view = self.table_views[self.table_titles.index(title)]
        model = view.model()
        return [
            [str(model.index(row, column).data()) for column in range(model.columnCount())]
            for row in range(model.rowCount())
        ]

    def _set_buttons(self) -> None:
        for button in self.export_buttons.values():
            button.setEnabled(self.shown is not None)

    # --- exports -----------------------------------------------------------------------

    def suggested_name(self, suffix: str) -> str:
        period = self.period() if self.shown is None else self.shown.summary.period
        kind = "Gesamtuebersicht" if self.merged else "Monatsuebersicht"
        return f"{kind}-{period.key}{'-genau' if self.exact.isChecked() else ''}{suffix}"

    def _ask_save(self, title: str, name: str, name_filter: str) -> Path | None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, title, str(self.directory / name), name_filter
        )
        if not chosen:
            return None
        path = Path(chosen)
        self.directory = path.parent
        return path

    def export(self, suffix: str, path: Path | None = None) -> None:
        """Save the summary shown as ``suffix`` (.xlsx, .csv, .pdf, .json); asks where when
        ``path`` is None. The files hold exactly what the page shows."""
        if self.shown is None:
            return
        if path is None:
            path = self._ask_save(
                self.tr("Übersicht speichern"), self.suggested_name(suffix), FORMATS[suffix][1]
            )
            if path is None:
                return
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        shown, exact = self.shown, self.exact.isChecked()
        if suffix == ".pdf":
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                write_summary_pdf(
                    shown.summary, path, exact, shown.organisation, created_on=self.today()
                )
            except OSError as error:
                self.show_message(error)
                return
            finally:
                QGuiApplication.restoreOverrideCursor()
            self.services.summary.record_export(shown.summary, suffix, exact=exact)
            self._written(path)
            return
        summary_service = self.services.summary
        self.tasks.run(
            lambda: summary_service.write_summary(shown.summary, path, exact=exact),
            lambda _result: self._written(path),
            self.show_message,
        )

    def _written(self, path: Path) -> None:
        shown = self.shown
        if not self.merged and shown is not None and shown.summary.reported_at is None:
            # The figures just saved from the records are now the period's reported ones.
            self._recompute = None
            reported = replace(shown.summary, reported_at=self.services.clock())
            self.shown = replace(shown, summary=reported, recomputed=False)
            self._show()
        self._saved(path)

    def _saved(self, path: Path) -> None:
        self.error.show_message(None)
        self.status.setText(self.tr("Gespeichert: {0}").format(path.name))
        self.file_written.emit(path)

    def export_report(self, path: Path | None = None) -> None:
        """The guide's report file of the chosen period, for the coordinator."""
        period = self.period()
        if path is None:
            path = self._ask_save(
                self.tr("Monatsbericht für die Koordination speichern"),
                f"Lotsenbericht-{period.key}{REPORT_SUFFIX}",
                self.tr("Lotsen-Berichtsdatei (*.json)"),
            )
            if path is None:
                return
        summary_service = self.services.summary

        def written(_report: object) -> None:
            if not self.merged and self.period() == period:
                # The report file's figures are now the period's reported ones: shown afresh,
                # with "Gespeichert: …" kept in the status line.
                self._recompute = None
                self.reload()
                self._saved_note = self.tr("Gespeichert: {0}").format(path.name)
            self._saved(path)

        self.tasks.run(
            lambda: summary_service.export_report(period, path), written, self.show_message
        )

    def merge_reports(self, paths: Sequence[Path] | None = None) -> None:
        """Combine several guides' report files of the chosen period and show the result."""
        if paths is None:
            chosen, _filter = QFileDialog.getOpenFileNames(
                self,
                self.tr("Berichtsdateien der Lotsinnen und Lotsen wählen"),
                str(self.directory),
                self.tr("Lotsen-Berichtsdateien (*.json);;Alle Dateien (*)"),
            )
            if not chosen:
                return
            paths = [Path(name) for name in chosen]
            self.directory = paths[0].parent
        files = list(paths)
        period = self.period()
        summary_service = self.services.summary
        settings = self.services.settings
        self._request += 1
        request = self._request
        self.status.setText(self.tr("Wird zusammengeführt …"))

        def work() -> Shown:
            name = settings.organisation_name() if settings.organisation_configured() else ""
            return Shown(summary_service.merge(files, period), name, merged_from=len(files))

        self.tasks.run(
            work,
            lambda shown: self._arrived(request, shown, merged=True),
            lambda error: self._failed(request, error),
        )

    def edit_programme_key(self) -> None:
        self.tasks.run(
            self.services.summary.programme_key,
            self._open_key_dialog,
            self.show_message,
        )

    def _open_key_dialog(self, key: object) -> None:
        dialog = ProgrammeKeyDialog(self.services, str(key), self)
        if dialog.exec():
            self.status.setText(self.tr("Programmschlüssel übernommen."))
