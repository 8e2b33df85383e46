"""The client's file (Akte): the timeline of everything, the contact journal, the self-help
measure, and the goals and tasks. A window of its own; several may be open at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lotsen_app.domain.casework import (
    ContactRow,
    SelfHelpReport,
    TimelineEntry,
    filter_timeline,
)
from lotsen_app.domain.consent import ConsentRow
from lotsen_app.domain.dates import format_date, format_date_weekday
from lotsen_app.domain.enums import ClientStatus, Pillar, StepActor, TimelineKind
from lotsen_app.services.container import Services
from lotsen_app.ui.dialogs.consent_dialog import consent_status_html
from lotsen_app.ui.dialogs.contact_dialog import ContactDialog
from lotsen_app.ui.models.row_table_model import (
    ColumnSpec,
    RowTableModel,
    select_row,
    selected_row,
)
from lotsen_app.ui.models.timeline_model import TimelineModel
from lotsen_app.ui.tasks import TaskRunner
from lotsen_app.ui.widgets.casework_widgets import HINT_STYLE
from lotsen_app.ui.widgets.common import confirm_delete, data_table, fit_to_screen, show_error
from lotsen_app.ui.widgets.self_help_chart import SelfHelpChart

# Letters sent are not stored yet (see CaseworkService.timeline): no filter for them.
FILTER_KINDS = tuple(TimelineKind)
STEP_WORDS = {
    StepActor.CLIENT_ALONE: "allein",
    StepActor.TOGETHER: "gemeinsam",
    StepActor.GUIDE: "Lotse/Lotsin",
}


@dataclass(frozen=True)
class ClientFile:
    """Everything the file shows, read in one go off the GUI thread."""

    name: str
    status: ClientStatus
    consent: ConsentRow | None
    timeline: list[TimelineEntry]
    journal: list[ContactRow]
    self_help: SelfHelpReport


def minutes_text(minutes: int) -> str:
    """ "45 Min.", "1 Std.", "1 Std. 30 Min." """
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} Min."
    return f"{hours} Std. {rest} Min." if rest else f"{hours} Std."


def steps_text(row: ContactRow) -> str:
    """ "2× allein, 1× Lotse/Lotsin" in the order alone, together, guide."""
    parts = []
    for actor, word in STEP_WORDS.items():
        count = sum(1 for step in row.steps if step.actor == actor)
        if count:
            parts.append(f"{count}× {word}")
    return ", ".join(parts)


def first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def journal_columns(client_id: int) -> list[ColumnSpec[ContactRow]]:
    def others(row: ContactRow) -> str:
        return ", ".join(c.full_name for c in row.clients if c.id != client_id)

    return [
        ColumnSpec(
            "Datum",
            lambda r: format_date_weekday(r.occurred_on),
            lambda r: (r.occurred_on, r.id),
        ),
        ColumnSpec("Art", lambda r: r.kind.label),
        ColumnSpec(
            "Dauer",
            lambda r: minutes_text(r.duration_minutes),
            lambda r: r.duration_minutes,
            align_right=True,
        ),
        ColumnSpec("Themen", lambda r: ", ".join(t.label for t in r.topics)),
        ColumnSpec("Amt / Stelle", lambda r: r.authority_name),
        ColumnSpec("Schritte", steps_text, lambda r: (len(r.steps), r.id)),
        ColumnSpec("Auch für", others),
        ColumnSpec("Notiz", lambda r: first_line(r.note), tooltip=lambda r: r.note),
    ]


class ClientFileDialog(QDialog):
    """The file of one client. ``loaded`` fires each time the data has arrived and is shown;
    ``changed`` after something was saved from here (for pages that show the same client);
    ``clients_changed`` with the ids of every client whose file shows what was saved (a family
    contact covers several), so that their open files can reload too."""

    loaded = Signal()
    changed = Signal()
    clients_changed = Signal(object)  # frozenset[int]

    def __init__(self, services: Services, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.client_id = client_id
        self.tasks = TaskRunner(self)
        self.file: ClientFile | None = None
        self._generation = 0
        self.setWindowTitle(self.tr("Akte"))
        self.setWindowFlags(
            Qt.WindowType.Window
            | Qt.WindowType.WindowTitleHint
            | Qt.WindowType.WindowSystemMenuHint
            | Qt.WindowType.WindowMinMaxButtonsHint
            | Qt.WindowType.WindowCloseButtonHint
        )
        self.setModal(False)
        self.setSizeGripEnabled(True)
        self.resize(1100, 750)

        self.heading = QLabel(self.tr("Die Akte wird geladen …"))
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.new_contact_button = QPushButton(self.tr("Kontakt eintragen …"))
        self.new_contact_button.clicked.connect(self.new_contact)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.new_contact_button)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._timeline_tab(), self.tr("Verlauf"))
        self.tabs.addTab(self._journal_tab(), self.tr("Kontakte"))
        self.tabs.addTab(self._self_help_tab(), self.tr("Selbsthilfe"))
        self.goals_widget = self._goals_tab()
        self.tabs.addTab(self.goals_widget, self.tr("Ziele und Aufgaben"))

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Schließen"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(close)
        self.reload()

    # --- tabs ------------------------------------------------------------------------------

    def _timeline_tab(self) -> QWidget:
        self.timeline_model = TimelineModel(self)
        self.timeline_table = data_table(
            self.timeline_model,
            (140, 100, 280, 390, 160),
            sortable=False,  # newest first, as the service orders it
            stretch_column=TimelineModel.DETAIL,  # the details take the spare width
        )
        self.timeline_table.doubleClicked.connect(lambda _index: self.open_timeline_entry())
        self.kind_filter = QComboBox()
        self.kind_filter.addItem(self.tr("alle Arten"), None)
        for kind in FILTER_KINDS:
            self.kind_filter.addItem(kind.label, kind)
        self.pillar_filter = QComboBox()
        self.pillar_filter.addItem(self.tr("alle Bereiche"), None)
        for pillar in Pillar:
            self.pillar_filter.addItem(pillar.label, pillar)
        for combo in (self.kind_filter, self.pillar_filter):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.timeline_count = QLabel()
        hint = QLabel(self.tr("Doppelklick auf einen Kontakt öffnet ihn zum Bearbeiten."))
        hint.setStyleSheet(HINT_STYLE)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Art:")))
        filters.addWidget(self.kind_filter)
        filters.addWidget(QLabel(self.tr("Bereich:")))
        filters.addWidget(self.pillar_filter)
        filters.addStretch()
        filters.addWidget(self.timeline_count)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(filters)
        layout.addWidget(self.timeline_table, 1)
        layout.addWidget(hint)
        return page

    def _journal_tab(self) -> QWidget:
        self.journal_model: RowTableModel[ContactRow] = RowTableModel(
            journal_columns(self.client_id), self
        )
        self.journal_table = data_table(
            self.journal_model, (110, 100, 75, 190, 160, 170, 110), sortable=True
        )
        self.journal_table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.journal_table.doubleClicked.connect(lambda _index: self.edit_selected_contact())
        self.journal_table.selectionModel().selectionChanged.connect(
            lambda *_: self._update_buttons()
        )
        add = QPushButton(self.tr("Kontakt eintragen …"))
        add.clicked.connect(self.new_contact)
        self.edit_button = QPushButton(self.tr("Bearbeiten …"))
        self.edit_button.clicked.connect(self.edit_selected_contact)
        self.delete_button = QPushButton(self.tr("Löschen …"))
        self.delete_button.clicked.connect(self.delete_selected_contact)
        self.journal_count = QLabel()
        actions = QHBoxLayout()
        for button in (add, self.edit_button, self.delete_button):
            actions.addWidget(button)
        actions.addStretch()
        actions.addWidget(self.journal_count)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(actions)
        layout.addWidget(self.journal_table, 1)
        self._update_buttons()
        return page

    def _self_help_tab(self) -> QWidget:
        self.chart = SelfHelpChart()
        hint = QLabel(
            self.tr(
                "Gezählt werden die Schritte aus den Kontakten und die erledigten Aufgaben. "
                "Ein Kontakt für mehrere Familienmitglieder zählt für jede Person. Quartale "
                "ohne eingetragene Schritte bleiben leer."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(HINT_STYLE)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.chart, 1)
        layout.addWidget(hint)
        return page

    def _goals_tab(self) -> QWidget:
        """The goals and tasks widget (built separately); a note if it is not there yet."""
        try:
            from lotsen_app.ui.widgets.goals_tasks_widget import GoalsTasksWidget
        except ImportError:
            placeholder = QLabel(self.tr("Ziele und Aufgaben sind hier noch nicht verfügbar."))
            placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
            placeholder.setStyleSheet(HINT_STYLE)
            return placeholder
        widget = GoalsTasksWidget(self.services, self.client_id, self)
        changed = getattr(widget, "changed", None)
        if changed is not None:
            changed.connect(lambda: self._saved())  # goals and tasks belong to this client only
        return widget

    # --- loading ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the file off the GUI thread; an answer overtaken by a newer reload is dropped."""
        self._generation += 1
        generation = self._generation
        services, client_id = self.services, self.client_id

        def work() -> ClientFile:
            details = services.clients.get(client_id)
            return ClientFile(
                name=f"{details.data.given_name} {details.data.family_name}".strip(),
                status=details.status,
                consent=services.consent.current(client_id),
                timeline=services.casework.timeline(client_id),
                journal=services.casework.journal(client_id),
                self_help=services.casework.self_help(client_id),
            )

        self.tasks.run(
            work,
            lambda result: self._arrived(generation, result),
            lambda error: show_error(self, error),
        )

    def _arrived(self, generation: int, result: object) -> None:
        if generation != self._generation:
            return
        assert isinstance(result, ClientFile)
        self.file = result
        self.setWindowTitle(self.tr("Akte: {0}").format(result.name))
        status = (
            ""
            if result.status == ClientStatus.ACTIVE
            else f" <span style='color:#666666'>({escape(result.status.label)})</span>"
        )
        self.heading.setText(
            f"<span style='font-size:14pt'><b>{escape(result.name)}</b></span>{status}"
            f"<br>{consent_status_html(result.consent)}"
        )
        self.apply_filters()
        selected = selected_row(self.journal_table, self.journal_model)
        self.journal_model.set_rows(result.journal)
        header = self.journal_table.horizontalHeader()
        self.journal_model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        if selected is not None:
            select_row(self.journal_table, self.journal_model, lambda row: row.id == selected.id)
        count = len(result.journal)
        self.journal_count.setText(
            self.tr("1 Kontakt") if count == 1 else self.tr("{0} Kontakte").format(count)
        )
        self._update_buttons()
        self.chart.set_report(result.self_help)
        self.loaded.emit()

    def apply_filters(self) -> None:
        entries = self.file.timeline if self.file else []
        kind = self.kind_filter.currentData()
        pillar = self.pillar_filter.currentData()
        shown = filter_timeline(
            entries,
            kinds=None if kind is None else (TimelineKind(kind),),
            pillar=None if pillar is None else Pillar(pillar),
        )
        self.timeline_model.set_rows(shown)
        if len(shown) == len(entries):
            self.timeline_count.setText(
                self.tr("1 Eintrag")
                if len(entries) == 1
                else self.tr("{0} Einträge").format(len(entries))
            )
        elif len(entries) == 1:
            self.timeline_count.setText(self.tr("0 von 1 Eintrag"))
        else:
            self.timeline_count.setText(
                self.tr("{0} von {1} Einträgen").format(len(shown), len(entries))
            )

    # --- contacts --------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        chosen = selected_row(self.journal_table, self.journal_model) is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def _saved(self, client_ids: Iterable[int] = ()) -> None:
        """Show what was saved; tell the files of ``client_ids`` (and this one) as well."""
        self.reload()
        self.changed.emit()
        self.clients_changed.emit(frozenset(client_ids) | {self.client_id})

    def _contact_clients(self, contact_id: int | None) -> frozenset[int]:
        """Whom the stored contact covers now (nothing if it cannot be read)."""
        if contact_id is None:
            return frozenset()
        try:
            return frozenset(self.services.casework.contact(contact_id).client_ids)
        except Exception:
            return frozenset()  # the file reloads anyway and shows any real problem

    def _open_contact_dialog(self, contact_id: int | None = None) -> None:
        try:
            dialog = ContactDialog(
                self.services, self, client_ids=(self.client_id,), contact_id=contact_id
            )
        except Exception as error:
            show_error(self, error)
            return
        # The form is tall: never taller than the screen (the buttons are at the bottom).
        fit_to_screen(dialog, dialog.width(), dialog.height())
        before = frozenset(dialog.stored.client_ids) if dialog.stored else frozenset()
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._saved(before | self._contact_clients(dialog.contact_id))

    def new_contact(self) -> None:
        self._open_contact_dialog()

    def edit_contact(self, contact_id: int) -> None:
        self._open_contact_dialog(contact_id)

    def edit_selected_contact(self) -> None:
        row = selected_row(self.journal_table, self.journal_model)
        if row is not None:
            self.edit_contact(row.id)

    def open_timeline_entry(self) -> None:
        entry = selected_row(self.timeline_table, self.timeline_model)
        if entry is not None and entry.kind == TimelineKind.CONTACT:
            self.edit_contact(entry.ref_id)

    def delete_selected_contact(self) -> None:
        row = selected_row(self.journal_table, self.journal_model)
        if row is None:
            return
        text = self.tr("Den Kontakt vom {0} ({1}) mit allen Schritten löschen?").format(
            format_date(row.occurred_on), row.kind.label
        )
        others = [client.full_name for client in row.clients if client.id != self.client_id]
        if others:
            text += "\n\n" + self.tr("Er verschwindet auch aus der Akte von: {0}.").format(
                ", ".join(others)
            )
        if not confirm_delete(self, self.tr("Kontakt löschen"), text):
            return
        try:
            self.services.casework.delete_contact(row.id)
        except Exception as error:
            show_error(self, error)
            return
        self._saved(row.client_ids)
