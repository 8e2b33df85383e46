"""Fristen: every open deadline across clients, by last day, with a clear signal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lotsen_app.domain.dates import format_date, format_date_weekday
from lotsen_app.domain.deadline_tracking import DeadlineRow, urgency
from lotsen_app.domain.deadlines import DeadlineKind
from lotsen_app.domain.enums import DeadlineStatus, StepActor, Urgency
from lotsen_app.domain.names import fold
from lotsen_app.services.container import Services
from lotsen_app.ui.dialogs.case_dialogs import PickClientDialog
from lotsen_app.ui.dialogs.deadline_dialog import DeadlineDialog
from lotsen_app.ui.dialogs.print_letter_dialog import DEADLINE, LetterJob, PrintLetterDialog
from lotsen_app.ui.models.row_table_model import (
    ColumnSpec,
    RowTableModel,
    select_row,
    selected_row,
)
from lotsen_app.ui.tasks import TaskRunner
from lotsen_app.ui.widgets.common import (
    ErrorLabel,
    date_edit,
    dialog_buttons,
    enum_data,
    from_qdate,
    show_error,
)

URGENCY_COLOURS = {
    Urgency.OVERDUE: "#f4b6bd",
    Urgency.SOON: "#fbd9a6",
    Urgency.NEAR: "#fff3b0",
    Urgency.LATER: None,
}


def deadline_columns(today: Callable[[], date]) -> list[ColumnSpec[DeadlineRow]]:
    def signal(row: DeadlineRow) -> Urgency | None:
        if row.status != DeadlineStatus.OPEN:
            return None
        return urgency(today(), row.due_date, row.state)

    def signal_text(row: DeadlineRow) -> str:
        level = signal(row)
        return level.label if level is not None else row.status.label

    def colour(row: DeadlineRow) -> str | None:
        level = signal(row)
        return URGENCY_COLOURS[level] if level is not None else None

    return [
        ColumnSpec("Signal", signal_text, lambda r: (r.due_date, r.id), background=colour),
        ColumnSpec(
            "Letzter Tag", lambda r: format_date_weekday(r.due_date), lambda r: (r.due_date, r.id)
        ),
        ColumnSpec("Klient:in", lambda r: r.client_name, lambda r: (fold(r.client_name), r.id)),
        ColumnSpec("Art", lambda r: r.kind.label),
        ColumnSpec("Was", lambda r: r.title, tooltip=lambda r: r.explanation),
        ColumnSpec("Amt", lambda r: r.authority_name),
        ColumnSpec("Lotse/Lotsin", lambda r: r.lead_guide),
        ColumnSpec(
            "Erledigt",
            lambda r: (
                f"{format_date(r.done_on)} ({r.done_by.label})"
                if r.done_by
                else format_date(r.done_on)
            ),
        ),
    ]


def deadline_table(model: RowTableModel[DeadlineRow]) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    table.setSortingEnabled(True)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    for column, width in enumerate((120, 115, 170, 150, 220, 160, 140)):
        table.setColumnWidth(column, width)
    table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)
    return table


class DoneDialog(QDialog):
    """Mark a deadline done: when, and who did it (the self-help measure)."""

    def __init__(self, services: Services, row: DeadlineRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.row = row
        self.setWindowTitle(self.tr("Frist erledigt"))
        self.done_on = date_edit(services.clock().date())
        self.actors = {actor: QRadioButton(actor.label) for actor in StepActor}
        self.actors[StepActor.TOGETHER].setChecked(True)
        self.error = ErrorLabel()
        form = QFormLayout()
        form.addRow(self.tr("Erledigt am"), self.done_on)
        who = QVBoxLayout()
        for button in self.actors.values():
            who.addWidget(button)
        form.addRow(self.tr("Wer hat es erledigt?"), who)
        buttons = dialog_buttons(self, self.save, self.tr("Erledigt"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{escape(row.description)}</b> – {escape(row.client_name)}"))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        actor = next(actor for actor, button in self.actors.items() if button.isChecked())
        try:
            self.services.deadlines.mark_done(self.row.id, from_qdate(self.done_on.date()), actor)
        except Exception as error:
            self.error.show_message(str(error))
            return
        self.accept()


class DeadlinesPage(QWidget):
    rows_loaded = Signal(object)
    data_changed = Signal()

    def __init__(
        self, services: Services, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.tasks = tasks
        self.all_rows: list[DeadlineRow] = []
        self.model: RowTableModel[DeadlineRow] = RowTableModel(
            deadline_columns(lambda: services.clock().date()), self
        )
        self.table = deadline_table(self.model)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Klient:in suchen"))
        self.search.setClearButtonEnabled(True)
        self.guide_filter = QComboBox()
        self.kind_filter = QComboBox()
        self.kind_filter.addItem(self.tr("alle Arten"), None)
        for kind in DeadlineKind:
            self.kind_filter.addItem(kind.label, kind)
        self.status_filter = QComboBox()
        self.status_filter.addItem(self.tr("offen"), DeadlineStatus.OPEN)
        self.status_filter.addItem(self.tr("alle"), None)
        self.status_filter.addItem(DeadlineStatus.DONE.label, DeadlineStatus.DONE)
        self.status_filter.addItem(DeadlineStatus.MISSED.label, DeadlineStatus.MISSED)
        self.search.textChanged.connect(lambda _t: self.apply_filters())
        for combo in (self.guide_filter, self.kind_filter, self.status_filter):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filters())

        new = QPushButton(self.tr("Neue Frist …"))
        new.clicked.connect(self.new_deadline)
        self.done_button = QPushButton(self.tr("Erledigt …"))
        self.done_button.clicked.connect(self.mark_done)
        self.missed_button = QPushButton(self.tr("Versäumt"))
        self.missed_button.clicked.connect(self.mark_missed)
        self.reopen_button = QPushButton(self.tr("Wieder offen"))
        self.reopen_button.clicked.connect(self.reopen)
        self.print_button = QPushButton(self.tr("Erinnerung drucken …"))
        self.print_button.setToolTip(
            self.tr("Fristerinnerung für die Klient:in, auf Deutsch und in ihrer Sprache")
        )
        self.print_button.clicked.connect(self.print_reminder)
        self.count_label = QLabel()
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(Qt.TextFormat.RichText)
        self.explanation.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.explanation.setMinimumWidth(280)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(QLabel(self.tr("Lotse/Lotsin:")))
        filters.addWidget(self.guide_filter, 1)
        filters.addWidget(QLabel(self.tr("Art:")))
        filters.addWidget(self.kind_filter, 1)
        filters.addWidget(QLabel(self.tr("Status:")))
        filters.addWidget(self.status_filter)
        actions = QHBoxLayout()
        for button in (
            new,
            self.done_button,
            self.missed_button,
            self.reopen_button,
            self.print_button,
        ):
            actions.addWidget(button)
        actions.addStretch()
        legend = QLabel(
            " ".join(
                f"<span style='background:{URGENCY_COLOURS[level] or '#ffffff'}'>&nbsp;{level.label}&nbsp;</span>"
                for level in Urgency
            )
        )
        actions.addWidget(legend)
        actions.addWidget(self.count_label)
        body = QHBoxLayout()
        body.addWidget(self.table, 3)
        body.addWidget(self.explanation, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addLayout(body)
        self._selection_changed()

    def reload(self) -> None:
        services = self.services
        self.tasks.run(
            lambda: (services.deadlines.all_rows(), services.guides.list_rows()),
            self._arrived,
            lambda error: show_error(self, error),
        )

    def _arrived(self, result: object) -> None:
        assert isinstance(result, tuple)
        rows, guides = result
        self.all_rows = rows
        current = self.guide_filter.currentData()
        self.guide_filter.blockSignals(True)
        self.guide_filter.clear()
        self.guide_filter.addItem(self.tr("alle"), None)
        for guide in guides:
            self.guide_filter.addItem(guide.display_name, guide.id)
        self.guide_filter.setCurrentIndex(max(self.guide_filter.findData(current), 0))
        self.guide_filter.blockSignals(False)
        self.apply_filters()
        self.rows_loaded.emit(rows)

    def apply_filters(self) -> None:
        selected = self.selected()
        terms = fold(self.search.text()).split()
        guide_id = self.guide_filter.currentData()
        kind = enum_data(self.kind_filter, DeadlineKind)
        status = self.status_filter.currentData()
        rows = [
            row
            for row in self.all_rows
            if (status is None or row.status == status)
            and (kind is None or row.kind == kind)
            and (guide_id is None or guide_id in row.guide_ids)
            and all(term in fold(row.client_name) for term in terms)
        ]
        self.model.set_rows(rows)
        header = self.table.horizontalHeader()
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.count_label.setText(self.tr("{0} Fristen").format(len(rows)))
        if selected is not None:
            self.select_deadline(selected.id)
        self._selection_changed()

    def print_reminder(self) -> None:
        row = self.selected()
        if row is None:
            return
        description = f"{format_date_weekday(row.due_date)}: {row.description} ({row.client_name})"
        PrintLetterDialog(
            self.services, LetterJob(DEADLINE, row.id, description=description), self
        ).exec()

    def selected(self) -> DeadlineRow | None:
        return selected_row(self.table, self.model)

    def select_deadline(self, deadline_id: int) -> bool:
        return select_row(self.table, self.model, lambda row: row.id == deadline_id)

    def _selection_changed(self) -> None:
        row = self.selected()
        is_open = row is not None and row.status == DeadlineStatus.OPEN
        self.done_button.setEnabled(is_open)
        self.missed_button.setEnabled(is_open)
        self.reopen_button.setEnabled(row is not None and not is_open)
        self.print_button.setEnabled(
            is_open and row is not None and row.due_date >= self.services.clock().date()
        )
        if row is None:
            self.explanation.setText(
                self.tr("<i>Eine Frist auswählen, um die Berechnung zu sehen.</i>")
            )
            return
        steps = "".join(f"<li>{escape(step)}</li>" for step in row.explanation.splitlines() if step)
        self.explanation.setText(
            f"<h3>{escape(row.description)}</h3>"
            + escape(row.client_name)
            + "<br>"
            + self.tr("Letzter Tag: <b>{0}</b>").format(format_date_weekday(row.due_date))
            + f"<p>{self.tr('So wurde gerechnet:')}</p><ol>{steps}</ol>"
            + (f"<p>{escape(row.note)}</p>" if row.note else "")
        )

    def _changed(self) -> None:
        self.data_changed.emit()
        self.reload()

    def new_deadline(self) -> None:
        self.tasks.run(
            self.services.clients.list_rows,
            self._pick_client,
            lambda error: show_error(self, error),
        )

    def _pick_client(self, rows: object) -> None:
        assert isinstance(rows, list)
        picker = PickClientDialog(rows, parent=self, with_role=False)
        picker.setWindowTitle(self.tr("Frist für wen?"))
        if not picker.exec():
            return
        client = picker.chosen()
        if client is None:
            return
        dialog = DeadlineDialog(
            self.services, client.id, f"{client.given_name} {client.family_name}", parent=self
        )
        if dialog.exec():
            self._changed()

    def mark_done(self) -> None:
        row = self.selected()
        if row is not None and DoneDialog(self.services, row, self).exec():
            self._changed()

    def mark_missed(self) -> None:
        row = self.selected()
        if row is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Frist versäumt"),
            self.tr("Die Frist „{0}“ als versäumt markieren?").format(row.description),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._run(lambda: self.services.deadlines.mark_missed(row.id))

    def reopen(self) -> None:
        row = self.selected()
        if row is not None:
            self._run(lambda: self.services.deadlines.reopen(row.id))

    def _run(self, action: Callable[[], None]) -> None:
        try:
            action()
        except Exception as error:
            show_error(self, error)
            return
        self._changed()
