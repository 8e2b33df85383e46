"""Datenschutz: the retention review (erase people whose retention period has passed, one or
many, after a question that says how many) and the audit log, filterable, for the coordinator.

Both lists are read on the TaskRunner (the log can be long); erasing runs there too. After an
erasure the page says what happened, loads both lists again and fires ``clients_erased`` so that
the other pages can drop the people as well.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lotsen_app.domain.dates import format_date
from lotsen_app.domain.errors import DomainError
from lotsen_app.domain.names import fold
from lotsen_app.services.privacy import (
    AuditChoices,
    AuditFilter,
    AuditRow,
    ErasedButNotCleanedError,
    ErasureResult,
    PrivacyService,
    RetentionCandidate,
)
from lotsen_app.ui.models.row_table_model import ColumnSpec, RowTableModel
from lotsen_app.ui.tasks import TaskRunner
from lotsen_app.ui.widgets.common import (
    ErrorLabel,
    data_table,
    date_edit,
    from_qdate,
    show_error,
)

HINT_STYLE = "color: #555555;"
RESULT_STYLE = "color: #1b5e20;"
CALM_STYLE = "color: #2e7d32; font-size: 15px; padding: 24px;"
#: Filters wait this long after the last change before the log is read again (typing a number).
FILTER_DELAY_MS = 250
#: The log filter starts with this many days back once "Zeitraum" is ticked.
DEFAULT_LOG_DAYS = 30


def thousands(number: int) -> str:
    """1000 → "1.000", the German way."""
    return f"{number:,}".replace(",", ".")


def retention_columns() -> list[ColumnSpec[RetentionCandidate]]:
    far = date.max
    return [
        ColumnSpec("Name", lambda r: r.display_name, lambda r: (fold(r.display_name), r.client_id)),
        ColumnSpec(
            "Abgeschlossen am",
            lambda r: format_date(r.closed_on),
            lambda r: (r.closed_on or far, r.client_id),
        ),
        ColumnSpec(
            "Letzter Kontakt",
            lambda r: format_date(r.last_contact) or "–",
            lambda r: (r.last_contact or far, r.client_id),
        ),
        ColumnSpec(
            "Fällig seit", lambda r: format_date(r.due_since), lambda r: (r.due_since, r.client_id)
        ),
    ]


def audit_columns() -> list[ColumnSpec[AuditRow]]:
    return [
        ColumnSpec("Zeit", lambda r: r.at.strftime("%d.%m.%Y %H:%M"), lambda r: (r.at, r.id)),
        ColumnSpec("Wer", lambda r: r.actor or "–", lambda r: (fold(r.actor), r.at, r.id)),
        ColumnSpec("Aktion", lambda r: r.action, lambda r: (fold(r.action), r.at, r.id)),
        ColumnSpec("Art", lambda r: r.entity_label, lambda r: (fold(r.entity_label), r.at, r.id)),
        ColumnSpec(
            "Nr.",
            lambda r: "" if r.entity_id is None else str(r.entity_id),
            lambda r: (r.entity_id is None, r.entity_id or 0, r.at, r.id),
            align_right=True,
        ),
        ColumnSpec("Hinweis", lambda r: r.detail, tooltip=lambda r: r.detail),
    ]


def _refill(combo: QComboBox, items: Sequence[tuple[str, str]], all_text: str) -> None:
    """Put "alle" and ``items`` (text, value) into ``combo``, keeping the chosen value."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(all_text, None)
    for text, value in items:
        combo.addItem(text, value)
    index = combo.findData(current) if current is not None else 0
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)


class PrivacyPage(QWidget):
    """``retention_loaded`` fires with the candidates once the review list is up to date,
    ``audit_loaded`` with the log rows (``audit_failed`` with the German message when the
    filter cannot be used), ``clients_erased`` after people were erased."""

    clients_erased = Signal()
    retention_loaded = Signal(object)
    audit_loaded = Signal(object)
    audit_failed = Signal(str)

    def __init__(
        self,
        privacy: PrivacyService,
        retention_years: Callable[[], int],
        parent: QWidget | None = None,
        tasks: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.privacy = privacy
        self.retention_years = retention_years
        # The main window's runner: closing the window waits for an erasure under way.
        self.tasks = tasks or TaskRunner(self)
        self._audit_request = 0
        self._erasing = False
        self.audit_limit = AuditFilter().limit

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_retention_tab(), self.tr("Aufbewahrung"))
        self.tabs.addTab(self._build_audit_tab(), self.tr("Protokoll"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self._set_retention_buttons()

    # --- building ----------------------------------------------------------------------

    def _build_retention_tab(self) -> QWidget:
        self.rule = QLabel()
        self.rule.setWordWrap(True)
        self.retention_model: RowTableModel[RetentionCandidate] = RowTableModel(
            retention_columns(), self
        )
        self.retention_table = data_table(
            self.retention_model, (0, 160, 160, 160), sortable=True, stretch_column=0
        )
        self.retention_table.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)
        self.retention_table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.retention_table.selectionModel().selectionChanged.connect(
            lambda *_: self._set_retention_buttons()
        )
        self.nobody = QLabel()  # "Niemand ist fällig." once the list has been read
        self.nobody.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.nobody.setTextFormat(Qt.TextFormat.RichText)
        self.nobody.setStyleSheet(CALM_STYLE)
        self.nobody.setWordWrap(True)
        self.retention_body = QStackedWidget()
        self.retention_body.addWidget(self.retention_table)
        self.retention_body.addWidget(self.nobody)
        self.retention_body.setCurrentWidget(self.nobody)

        self.erase_selected_button = QPushButton(self.tr("Auswahl löschen …"))
        self.erase_selected_button.setToolTip(
            self.tr("Mehrere Personen mit Strg oder Umschalt anklicken.")
        )
        self.erase_selected_button.clicked.connect(self.erase_selected)
        self.erase_all_button = QPushButton(self.tr("Alle löschen …"))
        self.erase_all_button.clicked.connect(self.erase_all)
        self.retention_count = QLabel()
        self.retention_count.setStyleSheet(HINT_STYLE)
        self.retention_result = QLabel()
        self.retention_result.setStyleSheet(RESULT_STYLE)
        self.retention_result.setWordWrap(True)
        self.retention_result.hide()

        actions = QHBoxLayout()
        actions.addWidget(self.erase_selected_button)
        actions.addWidget(self.erase_all_button)
        actions.addStretch()
        actions.addWidget(self.retention_count)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(self.rule)
        layout.addLayout(actions)
        layout.addWidget(self.retention_result)
        layout.addWidget(self.retention_body, 1)
        self._show_rule()
        return tab

    def _build_audit_tab(self) -> QWidget:
        today = self.privacy.today()
        self.use_period = QCheckBox(self.tr("Zeitraum von"))
        self.since = date_edit(today - timedelta(days=DEFAULT_LOG_DAYS))
        self.until = date_edit(today)
        self.action = QComboBox()
        self.entity = QComboBox()
        self.actor = QComboBox()
        for combo in (self.action, self.entity, self.actor):
            combo.addItem(self.tr("alle"), None)
            combo.setMinimumContentsLength(12)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.entity_id = QLineEdit()
        self.entity_id.setValidator(QIntValidator(1, 2_000_000_000, self.entity_id))
        self.entity_id.setPlaceholderText(self.tr("alle"))
        self.entity_id.setClearButtonEnabled(True)
        self.entity_id.setMaximumWidth(110)
        self.reset_button = QPushButton(self.tr("Filter zurücksetzen"))
        self.reset_button.clicked.connect(self.reset_filters)

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.load_audit)
        self.use_period.toggled.connect(self._period_toggled)
        self.since.dateChanged.connect(lambda _d: self._filters_changed())
        self.until.dateChanged.connect(lambda _d: self._filters_changed())
        for combo in (self.action, self.entity, self.actor):
            combo.currentIndexChanged.connect(lambda _i: self._filters_changed())
        self.entity_id.textChanged.connect(lambda _t: self._filters_changed())
        self.since.setEnabled(False)
        self.until.setEnabled(False)

        filters = QGridLayout()
        filters.addWidget(self.use_period, 0, 0)
        period = QHBoxLayout()
        period.addWidget(self.since)
        period.addWidget(QLabel(self.tr("bis")))
        period.addWidget(self.until)
        period.addStretch()
        filters.addLayout(period, 0, 1, 1, 3)
        filters.addWidget(self.reset_button, 0, 5, Qt.AlignmentFlag.AlignRight)
        row = QHBoxLayout()
        for label, field in (
            (self.tr("Aktion:"), self.action),
            (self.tr("Art des Eintrags:"), self.entity),
            (self.tr("Nr.:"), self.entity_id),
            (self.tr("Wer:"), self.actor),
        ):
            row.addWidget(QLabel(label))
            row.addWidget(field)
            row.addSpacing(8)
        row.addStretch()
        filters.addLayout(row, 1, 0, 1, 6)
        filters.setColumnStretch(4, 1)
        self.audit_error = ErrorLabel()

        self.audit_model: RowTableModel[AuditRow] = RowTableModel(audit_columns(), self)
        self.audit_table = data_table(
            self.audit_model, (130, 140, 120, 150, 70), sortable=True, stretch_column=None
        )
        self.audit_table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.audit_count = QLabel()
        self.audit_count.setStyleSheet(HINT_STYLE)
        note = QLabel(
            self.tr(
                "Das Protokoll nennt nur Art und Nummer eines Eintrags, nie Namen. "
                "Gelöschte Personen erscheinen weiter mit ihrer früheren Nummer."
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet(HINT_STYLE)
        bottom = QHBoxLayout()
        bottom.addWidget(note, 1)
        bottom.addWidget(self.audit_count)

        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(filters)
        layout.addWidget(self.audit_error)
        layout.addWidget(self.audit_table, 1)
        layout.addLayout(bottom)
        return tab

    # --- loading -----------------------------------------------------------------------

    def reload(self) -> None:
        """Read the review list, the filter choices and the log again (in the background)."""
        self._show_rule()
        self.load_retention()
        self.tasks.run(
            self.privacy.audit_choices,
            self._choices_arrived,
            lambda error: show_error(self, error),
        )
        self.load_audit()

    def _show_rule(self) -> None:
        years = self.retention_years()
        period = self.tr("1 Jahr") if years == 1 else self.tr("{0} Jahre").format(years)
        self.rule.setText(
            self.tr(
                "Abgeschlossene Fälle, deren letzter Kontakt länger als {0} zurückliegt, "
                "stehen hier zum Löschen an (die Frist steht unter Einstellungen). Gelöscht "
                "wird die Person mit allem, was zu ihr gespeichert ist: Kontakte, Termine, "
                "Briefe und Scans, Fristen, Ziele und Aufgaben. Schon gemeldete Zahlen bleiben unter Berichte erhalten."
            ).format(period)
        )

    def load_retention(self) -> None:
        self.retention_count.setText(self.tr("wird geladen …"))
        self.tasks.run(
            self.privacy.retention_review,
            self._retention_arrived,
            lambda error: show_error(self, error),
        )

    def _retention_arrived(self, rows: object) -> None:
        assert isinstance(rows, list)
        selected = {row.client_id for row in self.selected_candidates()}
        self.retention_model.set_rows(rows)
        header = self.retention_table.horizontalHeader()
        self.retention_model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        selection = self.retention_table.selectionModel()
        for position, row in enumerate(self.retention_model.rows):
            if row.client_id in selected:
                selection.select(
                    self.retention_model.index(position, 0),
                    QItemSelectionModel.SelectionFlag.Select
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
        self.nobody.setText(
            self.tr("Niemand ist fällig.")
            + "<br><small>"
            + self.tr(
                "Sobald ein abgeschlossener Fall die Aufbewahrungsfrist erreicht, erscheint er hier."
            )
            + "</small>"
        )
        self.retention_body.setCurrentWidget(self.retention_table if rows else self.nobody)
        if len(rows) == 1:
            self.retention_count.setText(self.tr("1 Person fällig"))
        elif rows:
            self.retention_count.setText(self.tr("{0} Personen fällig").format(len(rows)))
        else:
            self.retention_count.setText("")
        self._set_retention_buttons()
        self.retention_loaded.emit(rows)

    def _choices_arrived(self, choices: object) -> None:
        assert isinstance(choices, AuditChoices)
        all_text = self.tr("alle")
        for combo, items in (
            (self.action, [(action, action) for action in choices.actions]),
            (self.entity, [(label, key) for key, label in choices.entities]),
            (self.actor, [(actor or "–", actor) for actor in choices.actors]),
        ):
            _refill(combo, items, all_text)

    def audit_filter(self) -> AuditFilter:
        """The log filter as the user set it."""
        number = self.entity_id.text().strip()
        since = until = None
        if self.use_period.isChecked():
            since = from_qdate(self.since.date())
            until = from_qdate(self.until.date())
        return AuditFilter(
            since=since,
            until=until,
            action=self.action.currentData(),
            entity=self.entity.currentData(),
            entity_id=int(number) if number.isdigit() else None,
            actor=self.actor.currentData(),
            limit=self.audit_limit,
        )

    def load_audit(self) -> None:
        self._filter_timer.stop()
        self._audit_request += 1
        request = self._audit_request
        audit_filter = self.audit_filter()
        self.audit_count.setText(self.tr("wird geladen …"))
        self.tasks.run(
            lambda: self.privacy.audit_log(audit_filter),
            lambda rows: self._audit_arrived(request, audit_filter, rows),
            lambda error: self._audit_failed(request, error),
        )

    def _audit_arrived(self, request: int, audit_filter: AuditFilter, rows: object) -> None:
        if request != self._audit_request:
            return  # the filter changed meanwhile; a newer answer is on its way
        assert isinstance(rows, list)
        self.audit_error.show_message(None)
        self.audit_model.set_rows(rows)
        header = self.audit_table.horizontalHeader()
        self.audit_model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        if rows and len(rows) >= audit_filter.limit:
            text = self.tr("{0} neueste Einträge (ältere mit einem Filter oder Zeitraum)").format(
                thousands(len(rows))
            )
        elif len(rows) == 1:
            text = self.tr("1 Eintrag")
        elif rows:
            text = self.tr("{0} Einträge").format(thousands(len(rows)))
        else:
            text = self.tr("Keine Einträge für diese Auswahl.")
        self.audit_count.setText(text)
        self.audit_loaded.emit(rows)

    def _audit_failed(self, request: int, error: Exception) -> None:
        if request != self._audit_request:
            return
        self.audit_count.setText("")
        if isinstance(error, DomainError):
            # e.g. a period that ends before it starts: said under the filters, no box
            self.audit_model.set_rows([])
            self.audit_error.show_message(str(error))
            self.audit_failed.emit(str(error))
        else:
            show_error(self, error)

    def _filters_changed(self) -> None:
        self._filter_timer.start()

    def _period_toggled(self, on: bool) -> None:
        self.since.setEnabled(on)
        self.until.setEnabled(on)
        self._filters_changed()

    def reset_filters(self) -> None:
        widgets = (self.use_period, self.action, self.entity, self.actor, self.entity_id)
        for widget in widgets:
            widget.blockSignals(True)
        self.use_period.setChecked(False)
        self.since.setEnabled(False)
        self.until.setEnabled(False)
        for combo in (self.action, self.entity, self.actor):
            combo.setCurrentIndex(0)
        self.entity_id.clear()
        for widget in widgets:
            widget.blockSignals(False)
        self.load_audit()

    # --- erasing -----------------------------------------------------------------------

    def selected_candidates(self) -> list[RetentionCandidate]:
        positions = sorted(
            index.row() for index in self.retention_table.selectionModel().selectedRows()
        )
        return [self.retention_model.row_at(position) for position in positions]

    def _set_retention_buttons(self) -> None:
        idle = not self._erasing
        anyone = bool(self.retention_model.rows)
        self.erase_selected_button.setEnabled(idle and bool(self.selected_candidates()))
        self.erase_all_button.setEnabled(idle and anyone)
        # Nothing to erase: no buttons, only the calm sentence.
        self.erase_selected_button.setVisible(anyone)
        self.erase_all_button.setVisible(anyone)

    def erase_selected(self) -> None:
        self._erase(self.selected_candidates())

    def erase_all(self) -> None:
        self._erase(list(self.retention_model.rows))

    def confirm_erasure(self, people: Sequence[RetentionCandidate]) -> bool:
        """Ask, naming how many (and for one person the name); "Abbrechen" is the default."""
        if len(people) == 1:
            text = self.tr(
                "1 Person wird endgültig gelöscht: „{0}“, mit allem, was zu ihr gespeichert ist."
            ).format(people[0].display_name)
        else:
            text = self.tr(
                "{0} Personen werden endgültig gelöscht, mit allem, was zu ihnen gespeichert ist."
            ).format(len(people))
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Endgültig löschen"))
        box.setText(text)
        box.setInformativeText(
            self.tr(
                "Das kann nicht rückgängig gemacht werden. Im Protokoll bleibt eine Zeile ohne "
                "Namen; schon gemeldete Zahlen bleiben unter Berichte erhalten. In den Sicherungen "
                "bleibt die Person, bis diese überschrieben sind (höchstens 5 Wochen); wird eine "
                "zurückgespielt, löscht Lotsen sie gleich wieder."
            )
        )
        Button = QMessageBox.StandardButton
        box.setStandardButtons(Button.Yes | Button.No)
        box.button(Button.Yes).setText(self.tr("Endgültig löschen"))
        box.button(Button.No).setText(self.tr("Abbrechen"))
        box.setDefaultButton(Button.No)
        box.setEscapeButton(Button.No)
        return box.exec() == Button.Yes

    def _erase(self, people: Sequence[RetentionCandidate]) -> None:
        if not people or self._erasing or not self.confirm_erasure(people):
            return
        client_ids = [person.client_id for person in people]
        count = len(client_ids)
        self._erasing = True
        self._set_retention_buttons()
        self.retention_result.hide()
        self.tasks.run(
            lambda: self.privacy.erase(client_ids, confirmed_count=count),
            self._erased,
            self._erase_failed,
        )

    def _erased(self, result: object) -> None:
        assert isinstance(result, ErasureResult)
        self._erasing = False
        if result.erased == 1:
            text = self.tr("1 Person wurde endgültig gelöscht")
        else:
            text = self.tr("{0} Personen wurden endgültig gelöscht").format(result.erased)
        self.retention_result.setText(
            text + self.tr(" (mit {0} zugehörigen Einträgen).").format(thousands(result.records))
        )
        self.retention_result.show()
        self.retention_table.clearSelection()
        self.clients_erased.emit()
        self.reload()

    def _erase_failed(self, error: Exception) -> None:
        if isinstance(error, ErasedButNotCleanedError):
            self._erased(error.result)  # erased all the same; the file is cleaned later
        self._erasing = False
        show_error(self, error)
        self.reload()
