"""Klient:innen: search as you type, filters, the list, and the actions on one client."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lotsen_app.domain.appointments import AppointmentRow
from lotsen_app.domain.clients import ClientRow
from lotsen_app.domain.consent import ConsentRow
from lotsen_app.domain.dates import format_date_weekday
from lotsen_app.domain.enums import AppointmentStatus, ClientStatus, DeadlineStatus
from lotsen_app.domain.guides import GuideRow
from lotsen_app.domain.languages import language_name
from lotsen_app.services.container import Services
from lotsen_app.ui.dialogs.appointment_dialog import AppointmentDialog
from lotsen_app.ui.dialogs.case_dialogs import ClientGuidesDialog, CloseCaseDialog
from lotsen_app.ui.dialogs.client_dialog import ClientDialog
from lotsen_app.ui.dialogs.client_file_dialog import ClientFileDialog
from lotsen_app.ui.dialogs.consent_dialog import ConsentDialog, consent_status_html
from lotsen_app.ui.dialogs.deadline_dialog import DeadlineDialog
from lotsen_app.ui.dialogs.letter_dialogs import ClientLettersDialog
from lotsen_app.ui.dialogs.print_letter_dialog import (
    APPOINTMENT,
    CONSENT,
    DEADLINE,
    LetterJob,
    PrintLetterDialog,
)
from lotsen_app.ui.models.client_table_model import NO_GUIDE, ClientProxyModel, ClientTableModel
from lotsen_app.ui.models.row_table_model import ColumnSpec, RowTableModel
from lotsen_app.ui.privacy_actions import erase_client, export_access
from lotsen_app.ui.tasks import TaskRunner
from lotsen_app.ui.widgets.common import show_error

OPEN_STATUSES = frozenset({ClientStatus.ACTIVE, ClientStatus.PAUSED})
# The status filter's entry for open cases without a signed consent in force (Heute links here).
WITHOUT_CONSENT = "ohne_einwilligung"
NEXT_APPOINTMENTS = 5
CONFIRMATION_STYLE = (
    "QLabel { background: #e6f4ea; color: #1e4620; border: 1px solid #9ccc9f;"
    " border-radius: 4px; padding: 4px; }"
)


def next_appointment_text(row: AppointmentRow) -> str:
    """Date and time, the place and the purpose, each in full on its own line."""
    lines = [f"{format_date_weekday(row.starts_at.date())}, {row.starts_at:%H:%M} Uhr"]
    place = row.authority_name or row.place
    if place:
        lines.append(place)
    if row.purpose:
        lines.append(row.purpose)
    return "\n".join(lines)


def client_table(model: QAbstractItemModel, parent: QWidget | None = None) -> QTableView:
    table = QTableView(parent)
    table.setModel(model)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    table.setSortingEnabled(True)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(26)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
    for column, width in enumerate((140, 120, 70, 130, 120, 150, 100)):
        table.setColumnWidth(column, width)
    return table


class ClientsPage(QWidget):
    rows_loaded = Signal(object)  # the list of ClientRow, shared with the Heute page
    data_changed = Signal()
    deadlines_changed = Signal()
    appointments_changed = Signal()

    def __init__(
        self, services: Services, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.tasks = tasks
        self.model = ClientTableModel(self)
        self.proxy = ClientProxyModel(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Suchen: Name, Telefon oder Stadtteil"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)
        self.guide_filter = QComboBox()
        self.status_filter = QComboBox()
        self.status_filter.addItem(self.tr("offene Fälle"), OPEN_STATUSES)
        self.status_filter.addItem(self.tr("offen, ohne Einwilligung"), WITHOUT_CONSENT)
        self.status_filter.addItem(self.tr("alle"), None)
        for status in ClientStatus:
            self.status_filter.addItem(status.label, frozenset({status}))
        self.district_filter = QComboBox()
        self.guide_filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_guide(self.guide_filter.currentData())
        )
        self.status_filter.currentIndexChanged.connect(self._status_chosen)
        self.district_filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_district(self.district_filter.currentData())
        )
        self.proxy.set_statuses(OPEN_STATUSES)

        self.count_label = QLabel()
        self.table = client_table(self.proxy)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        # Filtering and sorting reset the proxy; keep the selected person selected if still shown.
        self._kept_selection: int | None = None
        self.proxy.modelAboutToBeReset.connect(self._remember_selection)
        self.proxy.modelReset.connect(self._restore_selection)

        self.new_button = QPushButton(self.tr("Neue Klient:in …"))
        self.new_button.clicked.connect(self.create_client)
        self.edit_button = QPushButton(self.tr("Bearbeiten …"))
        self.edit_button.clicked.connect(self.edit_selected)
        # The less frequent actions sit in the "Weitere" menu, so that the page fits 1280 px.
        self.more_button = QPushButton(self.tr("Weitere"))
        self.more_button.setToolTip(
            self.tr(
                "Lotsen zuordnen, Posteingang, neue Frist, Fall abschließen oder wieder öffnen, "
                "Datenschutz"
            )
        )
        self.more_menu = QMenu(self.more_button)
        self.more_button.setMenu(self.more_menu)
        self.guides_action = self.more_menu.addAction(self.tr("Lotsen zuordnen …"))
        self.guides_action.triggered.connect(self.manage_guides)
        self.letters_action = self.more_menu.addAction(self.tr("Posteingang …"))
        self.letters_action.triggered.connect(self.open_letters)
        self.deadline_action = self.more_menu.addAction(self.tr("Neue Frist …"))
        self.deadline_action.triggered.connect(self.new_deadline)
        self.more_menu.addSeparator()
        self.close_action = self.more_menu.addAction(self.tr("Fall abschließen …"))
        self.close_action.triggered.connect(self.close_or_reopen)
        self.more_menu.addSection(self.tr("Datenschutz"))
        self.consent_action = self.more_menu.addAction(
            self.tr("Unterschriebene Einwilligung erfassen …")
        )
        self.consent_action.triggered.connect(self.record_consent_of_selected)
        self.access_action = self.more_menu.addAction(self.tr("Auskunft (Art. 15) speichern …"))
        self.access_action.triggered.connect(lambda: self.export_access())
        self.erase_action = self.more_menu.addAction(self.tr("Endgültig löschen (Art. 17) …"))
        self.erase_action.triggered.connect(self.erase_selected)
        self.file_button = QPushButton(self.tr("Akte öffnen …"))
        self.file_button.setToolTip(
            self.tr("Verlauf, Kontakte, Ziele und Aufgaben, Selbsthilfe dieser Person")
        )
        self.file_button.clicked.connect(self.open_file)
        self.appointment_button = QPushButton(self.tr("Termin anlegen …"))
        self.appointment_button.clicked.connect(self.new_appointment)
        self.print_button = QPushButton(self.tr("Brief drucken"))
        self.print_menu = QMenu(self.print_button)
        self.print_menu.aboutToShow.connect(self._fill_print_menu)
        self.print_button.setMenu(self.print_menu)
        self.print_button.setToolTip(
            self.tr("Einwilligung, Terminbestätigung oder Fristerinnerung zweisprachig drucken")
        )
        self.appointments_title = QLabel(self.tr("<b>Nächste Termine</b>"))
        # A list with the full text of each appointment: the side panel is too narrow for a
        # table with columns (it needed a horizontal scrollbar and cut off the place).
        self.appointment_model: RowTableModel[AppointmentRow] = RowTableModel(
            [ColumnSpec("Termin", next_appointment_text, tooltip=lambda row: row.where)], self
        )
        self.appointment_list = QListView()
        self.appointment_list.setModel(self.appointment_model)
        self.appointment_list.setWordWrap(True)
        self.appointment_list.setAlternatingRowColors(True)
        self.appointment_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.appointment_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.appointment_list.setSpacing(1)
        self.appointment_list.setToolTip(self.tr("Doppelklick öffnet den Termin"))
        self.appointment_list.doubleClicked.connect(
            lambda index: self.open_appointment(self.appointment_model.row_at(index.row()).id)
        )
        self.appointments_note = QLabel()
        self.appointment_saved = QLabel()
        self.appointment_saved.setWordWrap(True)
        self.appointment_saved.setStyleSheet(CONFIRMATION_STYLE)
        self.appointment_saved.hide()
        self._appointments_for: int | None = None
        self._consent_for: int | None = None  # whose consent line the details wait for
        self._consent_line: tuple[int, str] | None = None  # the last one read: id, html
        self.file_windows: dict[int, ClientFileDialog] = {}  # one open file per client
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.detail.setMinimumWidth(240)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(QLabel(self.tr("Lotse/Lotsin:")))
        filters.addWidget(self.guide_filter, 1)
        filters.addWidget(QLabel(self.tr("Status:")))
        filters.addWidget(self.status_filter)
        filters.addWidget(QLabel(self.tr("Stadtteil:")))
        filters.addWidget(self.district_filter, 1)
        actions = QHBoxLayout()
        for button in (
            self.new_button,
            self.edit_button,
            self.file_button,
            self.appointment_button,
            self.print_button,
            self.more_button,
        ):
            actions.addWidget(button)
        actions.addStretch()
        actions.addWidget(self.count_label)
        side = QVBoxLayout()
        side.addWidget(self.detail)
        side.addSpacing(8)
        side.addWidget(self.appointments_title)
        side.addWidget(self.appointment_saved)
        side.addWidget(self.appointment_list)
        side.addWidget(self.appointments_note)
        side.addStretch()
        body = QHBoxLayout()
        body.addWidget(self.table, 4)
        body.addLayout(side, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addLayout(body)
        self._selection_changed()

    def reload(self, select_id: int | None = None) -> None:
        """Load clients, guides and districts in one background task."""
        services = self.services

        def load() -> tuple[list[ClientRow], list[GuideRow], list[tuple[int, str, str, bool]]]:
            return (
                services.clients.list_rows(),
                services.guides.list_rows(),
                services.districts.list(),
            )

        self.tasks.run(load, lambda result: self._arrived(result, select_id), self._load_failed)

    def _arrived(self, result: object, select_id: int | None) -> None:
        assert isinstance(result, tuple)
        rows, guides, districts = result
        self._fill_filters(guides, districts)
        self.proxy.set_rows(rows)
        if select_id is not None and not self.select_client(select_id):
            self.search.clear()
            self.status_filter.setCurrentIndex(self.status_filter.findText(self.tr("alle")))
            self.select_client(select_id)
        self.rows_loaded.emit(rows)

    def _fill_filters(
        self, guides: list[GuideRow], districts: list[tuple[int, str, str, bool]]
    ) -> None:
        for combo, items in (
            (
                self.guide_filter,
                [(self.tr("alle"), None), (self.tr("ohne Lotse/Lotsin"), NO_GUIDE)]
                + [(g.display_name, g.id) for g in guides],
            ),
            (
                self.district_filter,
                [(self.tr("alle"), None)]
                + [(name, district_id) for district_id, name, _b, _a in districts],
            ),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for text, data in items:
                combo.addItem(text, data)
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)

    def _remember_selection(self) -> None:
        selected = self.selected_client()
        self._kept_selection = selected.id if selected is not None else None

    def _restore_selection(self) -> None:
        if self._kept_selection is not None:
            self.select_client(self._kept_selection)
        self._update_count()
        self._selection_changed()

    def _load_failed(self, error: Exception) -> None:
        show_error(self, error)

    def _search_changed(self, text: str) -> None:
        self.proxy.set_search_text(text)

    def _status_chosen(self, _index: int) -> None:
        data = self.status_filter.currentData()
        if data == WITHOUT_CONSENT:
            self.proxy.set_statuses(OPEN_STATUSES, without_consent=True)
        else:
            self.proxy.set_statuses(data)

    def show_without_consent(self) -> None:
        """Only the open cases without a signed consent in force (the count on Heute): the
        other filters and the search are cleared so that the list matches that count."""
        self.search.clear()
        for combo in (self.guide_filter, self.district_filter):
            combo.setCurrentIndex(0)  # "alle"
        self.status_filter.setCurrentIndex(self.status_filter.findData(WITHOUT_CONSENT))

    # --- letters ---------------------------------------------------------------------------

    def _fill_print_menu(self) -> None:
        """Built when opened: the consent form, the next appointments, the open deadlines."""
        menu = self.print_menu
        menu.clear()
        row = self.selected_client()
        if row is None:
            return
        consent = menu.addAction(self.tr("Einwilligung und Datenschutz-Information …"))
        consent.triggered.connect(lambda: self.print_letter(LetterJob(CONSENT, row.id)))
        record = menu.addAction(self.tr("Unterschriebene Einwilligung erfassen …"))
        record.triggered.connect(lambda: self.record_consent(row.id))
        appointments = [
            a
            for a in self.appointment_model.rows
            if a.status == AppointmentStatus.PLANNED and a.starts_at >= self.services.clock()
        ]
        if appointments:
            menu.addSection(self.tr("Terminbestätigung"))
        for appointment in appointments:
            text = next_appointment_text(appointment)
            action = menu.addAction(text + " …")
            action.triggered.connect(
                lambda _=False, a=appointment.id, t=text: self.print_letter(
                    LetterJob(APPOINTMENT, a, description=t)
                )
            )
        deadlines = [
            d
            for d in self.services.deadlines.for_client(row.id)
            if d.status == DeadlineStatus.OPEN and d.due_date >= self.services.clock().date()
        ]
        if deadlines:
            menu.addSection(self.tr("Fristerinnerung"))
        for deadline in deadlines:
            text = f"{format_date_weekday(deadline.due_date)}: {deadline.description}"
            action = menu.addAction(text + " …")
            action.triggered.connect(
                lambda _=False, d=deadline.id, t=text: self.print_letter(
                    LetterJob(DEADLINE, d, description=t)
                )
            )

    def open_file(self) -> None:
        """The client's file in its own window. Files of several clients can stay open side by
        side; a client's file that is already open comes to the front instead of a second one."""
        row = self.selected_client()
        if row is None:
            return
        window = self.file_windows.get(row.id)
        if window is not None:
            if window.isMinimized():
                window.showNormal()
            window.raise_()
            window.activateWindow()
            return
        window = ClientFileDialog(self.services, row.id, self)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.file_windows[row.id] = window
        window.finished.connect(lambda _result, w=window: self._forget_file(w))
        window.clients_changed.connect(lambda ids, w=window: self._reload_other_files(w, ids))
        window.show()

    def _forget_file(self, window: ClientFileDialog) -> None:
        if self.file_windows.get(window.client_id) is window:
            del self.file_windows[window.client_id]

    def _reload_other_files(self, source: ClientFileDialog, client_ids: object) -> None:
        """A contact saved in one file may cover other clients: their open files reload."""
        assert isinstance(client_ids, frozenset)
        for client_id in client_ids:
            window = self.file_windows.get(client_id)
            if window is not None and window is not source:
                window.reload()

    def print_letter(self, job: LetterJob) -> None:
        PrintLetterDialog(self.services, job, self).exec()
        if job.kind == CONSENT:
            self.reload()  # a signed form may have been recorded from there: list and Heute

    def _update_count(self) -> None:
        self.count_label.setText(
            self.tr("{0} von {1} Klient:innen").format(self.proxy.rowCount(), self.model.rowCount())
        )

    def selected_client(self) -> ClientRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.client_at(rows[0].row()) if rows else None

    def select_client(self, client_id: int) -> bool:
        source_row = self.model.row_for_id(client_id)
        if source_row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not index.isValid():
            return False
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        return True

    def _selection_changed(self, *_args: QItemSelection) -> None:
        row = self.selected_client()
        for button in (
            self.edit_button,
            self.file_button,
            self.appointment_button,
            self.print_button,
            self.more_button,
        ):
            button.setEnabled(row is not None)
        self._show_appointments_of(row.id if row is not None else None)
        if row is None:
            self._consent_for = None
            self.detail.setText(self.tr("<i>Bitte eine Person in der Liste auswählen.</i>"))
            return
        closed = row.status == ClientStatus.CLOSED
        self.close_action.setText(
            self.tr("Wieder öffnen …") if closed else self.tr("Fall abschließen …")
        )
        guide = escape(row.lead_guide) or self.tr("<b>noch niemand</b>")
        others = max(len(row.guide_ids) - (1 if row.lead_guide_id else 0), 0)
        if others:
            guide += " " + self.tr("und {0} weitere").format(others)
        lines = [
            f"<h3>{escape(row.given_name)} {escape(row.family_name)}</h3>",
            self.tr("Nr. {0}").format(row.id),
            self.tr("Status: {0}").format(row.status.label),
            self.tr("Lotse/Lotsin: {0}").format(guide),
            self.tr("Stadtteil: {0}").format(escape(row.district) or "–"),
            self.tr("Telefon: {0}").format(escape(row.phone) or "–"),
            self.tr("Briefe auf: {0}").format(language_name(row.preferred_language)),
        ]
        self._show_details(row.id, lines)

    def _show_details(self, client_id: int, lines: list[str]) -> None:
        """The details at once; the consent line is read in the background and added when it
        arrives (unless another person was selected meanwhile). Until then the line last read
        for this person stays (the list resets while the guide types), else a grey "…"."""
        known = self._consent_line
        if known is not None and known[0] == client_id:
            interim = known[1]
        else:
            interim = f"<span style='color:#777'>{escape(self.tr('Einwilligung: …'))}</span>"
        self.detail.setText("<br>".join([*lines, interim]))
        self._consent_for = client_id
        consent = self.services.consent

        def arrived(current: object) -> None:
            if self._consent_for != client_id:
                return  # another person was selected meanwhile
            assert current is None or isinstance(current, ConsentRow)
            line = consent_status_html(current)
            self._consent_line = (client_id, line)
            self.detail.setText("<br>".join([*lines, line]))

        def failed(_error: Exception) -> None:
            if self._consent_for == client_id:
                text = self.tr("Einwilligung konnte nicht gelesen werden.")
                self.detail.setText("<br>".join([*lines, escape(text)]))

        self.tasks.run(lambda: consent.current(client_id), arrived, failed)

    def record_consent_of_selected(self) -> None:
        row = self.selected_client()
        if row is not None:
            self.record_consent(row.id)

    def record_consent(self, client_id: int) -> None:
        """The signed form; afterwards the list (and the reminder on Heute) is read again."""
        ConsentDialog(self.services, client_id, self).exec()
        self.reload()

    def create_client(self) -> None:
        dialog = ClientDialog(self.services, parent=self)
        dialog.saved.connect(self._saved)
        dialog.open_existing.connect(self.open_client)
        dialog.exec()

    def open_client(self, client_id: int) -> None:
        self.search.clear()
        self.status_filter.setCurrentIndex(self.status_filter.findText(self.tr("alle")))
        self.select_client(client_id)
        dialog = ClientDialog(self.services, client_id, parent=self)
        dialog.saved.connect(self._saved)
        dialog.exec()

    def edit_selected(self) -> None:
        row = self.selected_client()
        if row is None:
            return
        try:
            dialog = ClientDialog(self.services, row.id, parent=self)
        except Exception as error:
            show_error(self, error)
            return
        dialog.saved.connect(self._saved)
        dialog.exec()

    def manage_guides(self) -> None:
        row = self.selected_client()
        if row is None:
            return
        ClientGuidesDialog(self.services, row.id, parent=self).exec()
        self._saved(row.id)

    def open_letters(self) -> None:
        row = self.selected_client()
        if row is None:
            return
        ClientLettersDialog(
            self.services, row.id, f"{row.given_name} {row.family_name}", parent=self
        ).exec()
        self.deadlines_changed.emit()

    def new_deadline(self) -> None:
        row = self.selected_client()
        if row is None:
            return
        dialog = DeadlineDialog(
            self.services, row.id, f"{row.given_name} {row.family_name}", parent=self
        )
        if dialog.exec():
            self.deadlines_changed.emit()

    def new_appointment(self) -> None:
        row = self.selected_client()
        if row is None:
            return
        try:
            dialog = AppointmentDialog(self.services, self, client_ids=[row.id])
        except Exception as error:
            show_error(self, error)
            return
        if dialog.exec():
            self._appointments_saved(dialog.summary)

    def open_appointment(self, appointment_id: int) -> None:
        try:
            dialog = AppointmentDialog(self.services, self, appointment_id=appointment_id)
        except Exception as error:
            show_error(self, error)
            return
        if dialog.exec():
            self._appointments_saved(dialog.summary)

    def _appointments_saved(self, summary: str) -> None:
        self.appointments_changed.emit()
        self._show_appointments_of(self._appointments_for, force=True)
        self.appointment_saved.setText(summary)
        self.appointment_saved.setVisible(bool(summary))

    def _show_appointments_of(self, client_id: int | None, *, force: bool = False) -> None:
        """The selected person's next planned appointments, loaded in the background."""
        if client_id == self._appointments_for and not force:
            return
        if client_id != self._appointments_for:
            self.appointment_saved.hide()  # the confirmation was about another person
        self._appointments_for = client_id
        self._set_appointment_rows([])
        self.appointments_note.setText("")
        for widget in (self.appointments_title, self.appointments_note):
            widget.setVisible(client_id is not None)
        if client_id is None:
            return
        appointments = self.services.appointments

        def load() -> list[AppointmentRow]:
            now = appointments.now()
            rows = [
                a
                for a in appointments.for_client(client_id)
                if a.status == AppointmentStatus.PLANNED and a.ends_at >= now
            ]
            return rows[:NEXT_APPOINTMENTS]

        def arrived(rows: object) -> None:
            if self._appointments_for != client_id:
                return  # another person was selected meanwhile
            assert isinstance(rows, list)
            self._set_appointment_rows(rows)
            self.appointments_note.setText("" if rows else self.tr("keine geplanten Termine"))

        def failed(_error: Exception) -> None:
            if self._appointments_for == client_id:
                self.appointments_note.setText(self.tr("Termine konnten nicht geladen werden."))

        self.tasks.run(load, arrived, failed)

    @property
    def appointment_rows(self) -> list[AppointmentRow]:
        """The next appointments shown for the selected person."""
        return self.appointment_model.rows

    def _set_appointment_rows(self, rows: list[AppointmentRow]) -> None:
        self.appointment_model.set_rows(rows)
        self.appointment_list.setVisible(bool(rows))
        # As high as its entries (up to a limit), not a fixed box with empty space below.
        listing = self.appointment_list
        content = sum(listing.sizeHintForRow(i) + 2 * listing.spacing() for i in range(len(rows)))
        listing.setFixedHeight(min(content + 2 * listing.frameWidth() + 4, 320))

    def export_access(self, folder: Path | None = None) -> None:
        row = self.selected_client()
        if row is not None:
            export_access(self, self.services, self.tasks, row.id, folder)

    def erase_selected(self) -> None:
        row = self.selected_client()
        if row is not None:
            erase_client(self, self.services, self.tasks, row.id, lambda _r: self.erased([row.id]))

    def erased(self, client_ids: list[int]) -> None:
        """After an erasure (here or on Datenschutz): their file windows close, all pages reload."""
        for client_id in client_ids:
            window = self.file_windows.pop(client_id, None)
            if window is not None:
                window.close()
        self.reload()
        self.data_changed.emit()
        self.deadlines_changed.emit()
        self.appointments_changed.emit()

    def close_or_reopen(self) -> None:
        row = self.selected_client()
        if row is None:
            return
        if row.status == ClientStatus.CLOSED:
            answer = QMessageBox.question(
                self,
                self.tr("Fall wieder öffnen"),
                self.tr("Den Fall von {0} {1} wieder öffnen?").format(
                    row.given_name, row.family_name
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            try:
                self.services.clients.reopen_case(row.id)
            except Exception as error:
                show_error(self, error)
                return
        elif not CloseCaseDialog(self.services, row.id, parent=self).exec():
            return
        self._saved(row.id)

    def _saved(self, client_id: int) -> None:
        self.data_changed.emit()
        self.reload(select_id=client_id)
