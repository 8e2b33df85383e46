"""One appointment: who, where, when, what to bring and how; warnings before saving; move, cancel."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, time, timedelta
from html import escape

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from lotsen_app.domain.appointments import (
    MAX_DURATION,
    MIN_DURATION,
    PURPOSE_SUGGESTIONS,
    AppointmentRow,
    AuthorityData,
    ChecklistItem,
    NewAppointment,
    validate_appointment,
)
from lotsen_app.domain.clients import ClientRow
from lotsen_app.domain.dates import WEEKDAYS_SHORT, format_date_weekday
from lotsen_app.domain.enums import AppointmentMode, AppointmentStatus
from lotsen_app.domain.errors import DomainError, ValidationError
from lotsen_app.domain.languages import LANGUAGES, language_name
from lotsen_app.domain.names import fold
from lotsen_app.services.container import Services
from lotsen_app.ui.dialogs.case_dialogs import PickClientDialog
from lotsen_app.ui.dialogs.outcome_dialog import OutcomeDialog
from lotsen_app.ui.models.checklist_model import ChecklistModel
from lotsen_app.ui.models.row_table_model import ColumnSpec, RowTableModel
from lotsen_app.ui.tasks import TaskRunner
from lotsen_app.ui.widgets.common import (
    ErrorLabel,
    date_edit,
    dialog_buttons,
    enum_data,
    field_with_error,
    from_qdate,
    show_error,
    show_field_errors,
    to_qdate,
)

WARNING_STYLE = (
    "QLabel { background: #fff3cd; color: #5c4400; border: 1px solid #e6c85c;"
    " border-radius: 4px; padding: 6px; }"
)
HINT_STYLE = "color: #666666;"


def default_start(now: datetime) -> datetime:
    """The first suggestion for a new appointment: the next working day at 09:00."""
    day = now.date() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime.combine(day, time(9, 0))


def to_qtime(value: time) -> QTime:
    return QTime(value.hour, value.minute)


def from_qtime(value: QTime) -> time:
    return time(value.hour(), value.minute())


def time_edit(value: time) -> QTimeEdit:
    edit = QTimeEdit(to_qtime(value))
    edit.setDisplayFormat("HH:mm")
    return edit


def duration_spin(minutes: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(MIN_DURATION, MAX_DURATION)
    spin.setSingleStep(15)
    spin.setSuffix(" Min.")
    spin.setValue(minutes)
    return spin


def warnings_html(warnings: Sequence[str]) -> str:
    items = "".join(f"<li>{escape(w)}</li>" for w in warnings)
    return f"<b>Bitte beachten:</b><ul style='margin: 0 0 0 -20px;'>{items}</ul>"


def confirm_warnings(parent: QWidget, warnings: Sequence[str]) -> bool:
    """One question listing every warning; True when the user saves anyway (or nothing to warn)."""
    if not warnings:
        return True
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(parent.tr("Hinweise zum Termin"))
    box.setText(
        parent.tr("Zu diesem Termin gibt es Hinweise:")
        + "\n\n"
        + "\n".join(f"• {w}" for w in warnings)
        + "\n\n"
        + parent.tr("Trotzdem speichern?")
    )
    Button = QMessageBox.StandardButton
    box.setStandardButtons(Button.Yes | Button.No)
    box.button(Button.Yes).setText(parent.tr("Trotzdem speichern"))
    box.button(Button.No).setText(parent.tr("Zurück"))
    box.setDefaultButton(Button.No)
    return box.exec() == Button.Yes


def day_and_time(starts_at: datetime) -> tuple[str, str]:
    """("Mo 23.11.2026", "09:00"): for confirmations such as "Termin am … um … gespeichert."."""
    return format_date_weekday(starts_at.date()), f"{starts_at:%H:%M}"


def candidates_for(rows: Sequence[ClientRow], chosen: Sequence[int]) -> list[ClientRow]:
    """Everyone not yet in the appointment, members of the same family first.

    An appointment is often for several members of one family, so they come first.
    """
    chosen_ids = set(chosen)
    families = {fold(r.family_name) for r in rows if r.id in chosen_ids}
    candidates = [r for r in rows if r.id not in chosen_ids]
    candidates.sort(key=lambda r: (fold(r.family_name) not in families, r.full_name.casefold()))
    return candidates


class WarningPanel(QLabel):
    """The yellow box with what to consider before saving: double bookings, opening hours,
    holidays, the past. ``refresh`` asks the service again; the box hides when all is fine."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.warnings: list[str] = []
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setStyleSheet(WARNING_STYLE)
        self.hide()

    def refresh(self, data: NewAppointment | None, appointment_id: int | None) -> list[str]:
        """Warnings for ``data`` (None: nothing to warn about, e.g. a read-only appointment)."""
        warnings: list[str] = []
        if data is not None:
            try:
                warnings = self.services.appointments.warnings(data, appointment_id)
            except DomainError:
                warnings = []  # the data is not complete yet; saving names what is missing
        self.warnings = warnings
        self.setText(warnings_html(warnings))
        self.setVisible(bool(warnings))
        return warnings


def history_html(rows: Sequence[AppointmentRow], current_id: int) -> str:
    lines = []
    for row in rows:
        text = escape(
            f"{format_date_weekday(row.starts_at.date())}, {row.starts_at:%H:%M} Uhr "
            f"({row.duration_minutes} Min.) – {row.status.label}"
        )
        lines.append(f"<b>{text}</b>" if row.id == current_id else text)
    return "<br>".join(lines)


class AppointmentDialog(QDialog):
    """Plan or edit an appointment for one client or several members of a family.

    After ``exec()`` returns Accepted, ``saved_id`` holds the id of the saved appointment (the
    new one after a move) and ``summary`` one German sentence on what was saved, for the caller
    to show.
    """

    def __init__(
        self,
        services: Services,
        parent: QWidget | None = None,
        *,
        appointment_id: int | None = None,
        client_ids: Sequence[int] = (),
        starts_at: datetime | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.appointment_id = appointment_id
        self.saved_id: int | None = None
        self.summary = ""
        self._checklist_edited = False
        self._guide_chosen = False
        self._loading = True
        # Narrow reads only: the whole client list is loaded (in the background) only when
        # "Person hinzufügen …" is clicked.
        self.tasks = TaskRunner(self)
        self._lead_guides: dict[int, int | None] = {}  # client id -> lead guide, once read

        self.authorities = {a.id: a for a in services.authorities.rows() if a.id is not None}
        self.row: AppointmentRow | None = None
        data: NewAppointment | None = None
        if appointment_id is not None:
            self.row = services.appointments.get(appointment_id)
            data = services.appointments.data_for(appointment_id)
        self.read_only = self.row is not None and self.row.status != AppointmentStatus.PLANNED
        self.setWindowTitle(self.tr("Termin") if self.row else self.tr("Neuer Termin"))
        self.resize(940, 720)
        start = (data.starts_at if data else None) or starts_at or default_start(services.clock())

        self._build_fields(start)
        self._build_layout()
        if data is not None and self.row is not None:
            self._show_stored(self.row, data)
        else:
            names = services.clients.names_for(client_ids)
            for client_id in client_ids:
                self._add_person(client_id, names.get(client_id))
            self._default_guide()
            self._prefill_interpreter_language()
            self._prefill_checklist()
        self._loading = False
        self._connect()
        self._authority_changed()
        self._mode_changed()
        self.refresh_warnings()
        if self.read_only:
            self._make_read_only()
        # What is stored, as this dialog shows it: anything else is an unsaved change.
        self._stored_data: NewAppointment | None = self.current_data() if self.row else None
        self._update_outcome_button()

    # --- building ------------------------------------------------------------------------

    def _build_fields(self, start: datetime) -> None:
        # (client id, name) of everyone the appointment is for.
        self.persons_model: RowTableModel[tuple[int, str]] = RowTableModel(
            [ColumnSpec("Person", lambda person: person[1])], self
        )
        self.persons = QListView()
        self.persons.setModel(self.persons_model)
        self.persons.setMaximumHeight(72)
        self.add_person_button = QPushButton(self.tr("Person hinzufügen …"))
        self.add_person_button.clicked.connect(self.pick_person)
        self.remove_person_button = QPushButton(self.tr("Entfernen"))
        self.remove_person_button.clicked.connect(self.remove_person)

        self.authority = QComboBox()
        self.authority.addItem(self.tr("– keine / Ort frei eingeben –"), None)
        for authority in sorted(self.authorities.values(), key=lambda a: fold(a.name)):
            self.authority.addItem(authority.display_name, authority.id)
        self.authority_info = QLabel()
        self.authority_info.setWordWrap(True)
        self.authority_info.setStyleSheet(HINT_STYLE)

        self.guide = QComboBox()
        self.guide.addItem(self.tr("– niemand –"), None)
        for guide in self.services.guides.list_rows(only_active=True):
            self.guide.addItem(guide.display_name, guide.id)

        self.date = date_edit(start.date())
        self.time = time_edit(start.time())
        self.duration = duration_spin(60)
        self.place = QLineEdit()
        self.place.setPlaceholderText(self.tr("Adresse, wenn die Stelle nicht im Verzeichnis ist"))
        self.room = QLineEdit()
        self.purpose = QComboBox()
        self.purpose.setEditable(True)
        self.purpose.addItems(list(PURPOSE_SUGGESTIONS))
        self.purpose.setCurrentIndex(-1)
        self.purpose.setEditText("")
        line_edit = self.purpose.lineEdit()
        if line_edit is not None:
            line_edit.setPlaceholderText(self.tr("z. B. Aufenthaltstitel verlängern"))

        self.checklist_model = ChecklistModel(self)
        self.checklist_model.edited.connect(self._checklist_text_edited)
        self.checklist = QListView()
        self.checklist.setModel(self.checklist_model)
        self.checklist.setMinimumHeight(160)
        self.checklist.setEditTriggers(
            QListView.EditTrigger.DoubleClicked | QListView.EditTrigger.EditKeyPressed
        )
        self.add_item_button = QPushButton(self.tr("Hinzufügen"))
        self.add_item_button.clicked.connect(self.add_checklist_item)
        self.edit_item_button = QPushButton(self.tr("Bearbeiten"))
        self.edit_item_button.clicked.connect(self.edit_checklist_item)
        self.remove_item_button = QPushButton(self.tr("Entfernen"))
        self.remove_item_button.clicked.connect(self.remove_checklist_item)
        self.suggest_button = QPushButton(self.tr("Vorschlag neu laden"))
        self.suggest_button.setToolTip(
            self.tr("Liste aus der Stelle und dem Anliegen neu vorschlagen (Häkchen bleiben)")
        )
        self.suggest_button.clicked.connect(self.reload_suggestion)

        self.mode = QComboBox()
        for mode in AppointmentMode:
            self.mode.addItem(mode.label, mode)
        self.interpreter_name = QLineEdit()
        self.interpreter_name.setPlaceholderText(self.tr("Name der Dolmetscher:in"))
        self.interpreter_language = QComboBox()
        self.interpreter_language.addItem(self.tr("– Sprache –"), "")
        for code, name in LANGUAGES.items():
            if code != "de":
                self.interpreter_language.addItem(name, code)

        self.warning_panel = WarningPanel(self.services)
        self.read_only_note = QLabel(
            self.tr(
                "Abgesagte, verschobene, versäumte und stattgefundene Termine können nicht "
                "mehr geändert werden."
            )
        )
        self.read_only_note.setWordWrap(True)
        self.read_only_note.setStyleSheet(HINT_STYLE)
        self.read_only_note.hide()
        self.error = ErrorLabel()

    @property
    def warnings(self) -> list[str]:
        return self.warning_panel.warnings

    def _build_layout(self) -> None:
        persons_box = QWidget()
        persons_layout = QHBoxLayout(persons_box)
        persons_layout.setContentsMargins(0, 0, 0, 0)
        persons_layout.addWidget(self.persons, 1)
        person_buttons = QVBoxLayout()
        person_buttons.addWidget(self.add_person_button)
        person_buttons.addWidget(self.remove_person_button)
        person_buttons.addStretch()
        persons_layout.addLayout(person_buttons)

        when = QWidget()
        when_layout = QHBoxLayout(when)
        when_layout.setContentsMargins(0, 0, 0, 0)
        when_layout.addWidget(self.date)
        when_layout.addWidget(QLabel(self.tr("um")))
        when_layout.addWidget(self.time)
        when_layout.addWidget(QLabel(self.tr("Uhr, Dauer")))
        when_layout.addWidget(self.duration)
        when_layout.addStretch()

        interpreter = QWidget()
        interpreter_layout = QHBoxLayout(interpreter)
        interpreter_layout.setContentsMargins(0, 0, 0, 0)
        interpreter_layout.addWidget(self.interpreter_name, 2)
        interpreter_layout.addWidget(self.interpreter_language, 1)

        authority_box = QWidget()
        authority_layout = QVBoxLayout(authority_box)
        authority_layout.setContentsMargins(0, 0, 0, 0)
        authority_layout.setSpacing(2)
        authority_layout.addWidget(self.authority)
        authority_layout.addWidget(self.authority_info)

        self.field_errors: dict[str, ErrorLabel] = {}
        form = QFormLayout()
        for label, name, widget in (
            (self.tr("Person(en)"), "clients", persons_box),
            (self.tr("Stelle"), "authority", authority_box),
            (self.tr("Lotse/Lotsin"), "guide", self.guide),
            (self.tr("Wann"), "starts_at", when),
            (self.tr("Ort"), "place", self.place),
            (self.tr("Raum"), "room", self.room),
            (self.tr("Anliegen"), "purpose", self.purpose),
            (self.tr("Art"), "mode", self.mode),
            (self.tr("Dolmetscher:in"), "interpreter", interpreter),
        ):
            box, error = field_with_error(widget)
            self.field_errors[name] = error
            form.addRow(label, box)
        self.field_errors["duration"] = self.field_errors["starts_at"]
        self.field_errors["interpreter_name"] = self.field_errors["interpreter"]

        bring = QGroupBox(self.tr("Mitbringen"))
        bring_layout = QVBoxLayout(bring)
        hint = QLabel(self.tr("Abhaken, was schon bereitliegt. Doppelklick zum Ändern."))
        hint.setStyleSheet(HINT_STYLE)
        bring_layout.addWidget(hint)
        checklist_box, self.field_errors["checklist"] = field_with_error(self.checklist)
        bring_layout.addWidget(checklist_box)
        item_buttons = QHBoxLayout()
        for button in (
            self.add_item_button,
            self.edit_item_button,
            self.remove_item_button,
            self.suggest_button,
        ):
            item_buttons.addWidget(button)
        item_buttons.addStretch()
        bring_layout.addLayout(item_buttons)

        right = QVBoxLayout()
        right.addWidget(bring, 1)
        right.addWidget(self.warning_panel)

        self.status_box = QGroupBox(self.tr("Status und Verlauf"))
        status_layout = QVBoxLayout(self.status_box)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.RichText)
        self.outcome_button = QPushButton(self.tr("Ergebnis eintragen …"))
        self.outcome_button.clicked.connect(self.record_outcome)
        self.move_button = QPushButton(self.tr("Verschieben …"))
        self.move_button.clicked.connect(self.move_appointment)
        self.cancel_button = QPushButton(self.tr("Absagen …"))
        self.cancel_button.clicked.connect(self.cancel_appointment)
        actions = QHBoxLayout()
        actions.addWidget(self.outcome_button)
        actions.addWidget(self.move_button)
        actions.addWidget(self.cancel_button)
        actions.addStretch()
        status_layout.addWidget(self.status_label)
        status_layout.addLayout(actions)
        self.history = QLabel()
        self.history.setTextFormat(Qt.TextFormat.RichText)
        self.history.setWordWrap(True)
        status_layout.addWidget(self.history)
        self.status_box.setVisible(self.row is not None)
        right.addWidget(self.status_box)

        left = QVBoxLayout()
        left.addWidget(self.read_only_note)
        left.addLayout(form)
        left.addStretch()
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.error)
        self.buttons = dialog_buttons(self, self.save)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        self.authority.currentIndexChanged.connect(self._authority_changed)
        self.guide.activated.connect(self._guide_activated)
        self.guide.currentIndexChanged.connect(self.refresh_warnings)
        self.date.dateChanged.connect(self._date_changed)
        self.time.timeChanged.connect(self.refresh_warnings)
        self.time.timeChanged.connect(self._update_outcome_button)
        self.duration.valueChanged.connect(self.refresh_warnings)
        self.purpose.editTextChanged.connect(self._prefill_checklist)
        self.mode.currentIndexChanged.connect(self._mode_changed)

    def _show_stored(self, row: AppointmentRow, data: NewAppointment) -> None:
        for client in row.clients:
            self._add_person(client.id, client.full_name)
        self.authority.setCurrentIndex(max(self.authority.findData(data.authority_id), 0))
        if data.guide_id is not None and self.guide.findData(data.guide_id) < 0:
            self.guide.addItem(row.guide_name or self.tr("(nicht mehr aktiv)"), data.guide_id)
        self.guide.setCurrentIndex(max(self.guide.findData(data.guide_id), 0))
        self._guide_chosen = True
        self.duration.setValue(data.duration_minutes)
        self.place.setText(data.place)
        self.room.setText(data.room)
        self.purpose.setEditText(data.purpose)
        self.set_checklist(data.checklist, keep_ticks=False)
        self._checklist_edited = True
        self.mode.setCurrentIndex(self.mode.findData(data.mode))
        self.interpreter_name.setText(data.interpreter_name)
        self._set_interpreter_language(data.interpreter_language)
        self._show_status(row)

    def _set_interpreter_language(self, code: str) -> None:
        language = self.interpreter_language.findData(code)
        if language < 0 and code:
            self.interpreter_language.addItem(language_name(code), code)
            language = self.interpreter_language.count() - 1
        self.interpreter_language.setCurrentIndex(max(language, 0))

    def _show_status(self, row: AppointmentRow) -> None:
        text = self.tr("Status: <b>{0}</b>").format(escape(row.status.label))
        if row.outcome:
            label = (
                self.tr("Grund der Absage: {0}")
                if row.status == AppointmentStatus.CANCELLED
                else self.tr("Ergebnis: {0}")
            )
            text += "<br>" + label.format(escape(row.outcome))
        if row.status == AppointmentStatus.MOVED:
            text += "<br>" + self.tr("Verschoben – bitte den neuen Termin bearbeiten.")
        self.status_label.setText(text)
        planned = row.status == AppointmentStatus.PLANNED
        self.move_button.setEnabled(planned)
        self.cancel_button.setEnabled(planned)
        history = self.services.appointments.history(row.id)
        if len(history) > 1:
            self.history.setText(self.tr("<b>Verlauf</b>") + "<br>" + history_html(history, row.id))
        self.history.setVisible(len(history) > 1)

    def outcome_possible(self) -> bool:
        """An outcome for a planned appointment once it has begun, and for a missed one.

        A held appointment already has its contact (recording again would count it twice);
        a cancelled or moved one has nothing to record.
        """
        if self.row is None:
            return False
        if self.row.status == AppointmentStatus.MISSED:
            return True
        if self.row.status != AppointmentStatus.PLANNED:
            return False
        return self.starts_at() <= self.services.clock()

    def _update_outcome_button(self, *_args: object) -> None:
        if self._loading or self.row is None:
            return
        possible = self.outcome_possible()
        self.outcome_button.setEnabled(possible)
        if possible:
            self.outcome_button.setToolTip("")
        elif self.row.status == AppointmentStatus.PLANNED:
            self.outcome_button.setToolTip(self.tr("Erst möglich, wenn der Termin begonnen hat."))
        else:
            self.outcome_button.setToolTip(
                self.tr("Für diesen Termin ist das Ergebnis schon eingetragen.")
                if self.row.status == AppointmentStatus.DONE
                else self.tr("Für diesen Termin gibt es kein Ergebnis einzutragen.")
            )

    def _make_read_only(self) -> None:
        for widget in (
            self.add_person_button,
            self.remove_person_button,
            self.authority,
            self.guide,
            self.date,
            self.time,
            self.duration,
            self.place,
            self.room,
            self.purpose,
            self.mode,
            self.interpreter_name,
            self.interpreter_language,
            self.checklist,
            self.add_item_button,
            self.edit_item_button,
            self.remove_item_button,
            self.suggest_button,
        ):
            widget.setEnabled(False)
        for line in (self.place, self.room, self.interpreter_name):
            line.setPlaceholderText("")
        purpose_line = self.purpose.lineEdit()
        if purpose_line is not None:
            purpose_line.setPlaceholderText("")
        self.read_only_note.show()
        self.save_button.hide()
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Schließen"))
        self.warning_panel.hide()

    # --- persons and guide -----------------------------------------------------------------

    def person_ids(self) -> list[int]:
        return [client_id for client_id, _name in self.persons_model.rows]

    def _add_person(self, client_id: int, name: str | None = None) -> None:
        if client_id in self.person_ids():
            return
        if name is None:
            name = self.services.clients.names_for([client_id]).get(client_id)
        self.persons_model.set_rows(
            [*self.persons_model.rows, (client_id, name or f"#{client_id}")]
        )
        self._persons_changed()

    def pick_person(self) -> None:
        """Load the client list in the background, then offer it (the family first)."""
        chosen = self.person_ids()
        clients = self.services.clients
        self.add_person_button.setEnabled(False)
        self.add_person_button.setText(self.tr("Wird geladen …"))

        def load() -> list[ClientRow]:
            return candidates_for(clients.list_rows(), chosen)

        def done() -> None:
            self.add_person_button.setText(self.tr("Person hinzufügen …"))
            self.add_person_button.setEnabled(not self.read_only)

        def arrived(candidates: object) -> None:
            done()
            if not self.isVisible():
                return
            assert isinstance(candidates, list)
            self._offer_persons(candidates)

        def failed(error: Exception) -> None:
            done()
            show_error(self, error)

        self.tasks.run(load, arrived, failed)

    def _offer_persons(self, candidates: list[ClientRow]) -> None:
        dialog = PickClientDialog(candidates, self, with_role=False)
        dialog.setWindowTitle(self.tr("Person hinzufügen"))
        if dialog.exec():
            row = dialog.chosen()
            if row is not None:
                self._lead_guides[row.id] = row.lead_guide_id
                self._add_person(row.id, f"{row.given_name} {row.family_name}")

    def remove_person(self) -> None:
        rows = self.persons_model.rows
        row = self.persons.currentIndex().row()
        if row < 0 and len(rows) == 1:
            row = 0
        if row >= 0:
            self.persons_model.set_rows(rows[:row] + rows[row + 1 :])
            self._persons_changed()

    def _persons_changed(self) -> None:
        if self._loading:
            return
        self._default_guide()
        self._prefill_interpreter_language()
        self.refresh_warnings()

    def _prefill_interpreter_language(self) -> None:
        """For a new appointment: the language of the first person whose record says an
        interpreter is needed, until a language is chosen. The mode stays as it is."""
        if self.row is not None or self.interpreter_language.currentData():
            return
        languages = self.services.clients.interpreter_languages(self.person_ids())
        for client_id in self.person_ids():
            if client_id in languages:
                self._set_interpreter_language(languages[client_id])
                return

    def _guide_activated(self, _index: int) -> None:
        self._guide_chosen = True

    def _default_guide(self) -> None:
        """The first person's lead guide, until the user picks someone else."""
        if self._guide_chosen:
            return
        unknown = [i for i in self.person_ids() if i not in self._lead_guides]
        if unknown:
            self._lead_guides.update(dict.fromkeys(unknown))
            self._lead_guides.update(self.services.clients.lead_guide_ids(unknown))
        for client_id in self.person_ids():
            lead_guide_id = self._lead_guides.get(client_id)
            if lead_guide_id is not None:
                index = self.guide.findData(lead_guide_id)
                if index >= 0:
                    self.guide.setCurrentIndex(index)
                    return

    # --- authority, date, mode -------------------------------------------------------------

    def current_authority(self) -> AuthorityData | None:
        authority_id = self.authority.currentData()
        return None if authority_id is None else self.authorities.get(int(authority_id))

    def _authority_changed(self, *_args: object) -> None:
        authority = self.current_authority()
        if authority is not None and not self.room.text().strip() and not self.read_only:
            self.room.setText(authority.room)
        if self.read_only:
            self.place.setPlaceholderText("")
        else:
            self.place.setPlaceholderText(
                self.tr("Adresse, wenn die Stelle nicht im Verzeichnis ist")
                if authority is None
                else self.tr("leer lassen: {0}").format(authority.address or authority.name)
            )
        self._show_authority_info()
        self._prefill_checklist()
        self.refresh_warnings()

    def _date_changed(self, *_args: object) -> None:
        self._show_authority_info()
        self.refresh_warnings()
        self._update_outcome_button()

    def _show_authority_info(self) -> None:
        authority = self.current_authority()
        if authority is None:
            self.authority_info.hide()
            return
        weekday = from_qdate(self.date.date()).weekday()
        lines = []
        if authority.address:
            lines.append(authority.address)
        if authority.phone:
            lines.append(self.tr("Telefon: {0}").format(authority.phone))
        if authority.opening_hours.known:
            lines.append(
                self.tr("Geöffnet am {0}: {1}").format(
                    WEEKDAYS_SHORT[weekday], authority.opening_hours.day_text(weekday)
                )
            )
        else:
            lines.append(self.tr("Öffnungszeiten nicht hinterlegt"))
        if authority.booking_info:
            lines.append(authority.booking_info)
        self.authority_info.setText("\n".join(lines))
        self.authority_info.show()

    def _mode_changed(self, *_args: object) -> None:
        """An interpreter can come along in every mode (e.g. accompanied and interpreted);
        only the mode "mit Dolmetscher:in" requires a name or language."""
        editable = not self.read_only
        self.interpreter_name.setEnabled(editable)
        self.interpreter_language.setEnabled(editable)

    # --- checklist ---------------------------------------------------------------------------

    def checklist_items(self) -> tuple[ChecklistItem, ...]:
        return self.checklist_model.items()

    def set_checklist(self, items: Sequence[ChecklistItem], *, keep_ticks: bool = True) -> None:
        ticked = {fold(i.text) for i in self.checklist_items() if i.done} if keep_ticks else set()
        self.checklist_model.set_items(
            ChecklistItem(entry.text, entry.done or fold(entry.text) in ticked) for entry in items
        )

    def _checklist_text_edited(self) -> None:
        """Ticking is not editing; changing a text is, and stops the automatic suggestion."""
        self._checklist_edited = True

    def _prefill_checklist(self, *_args: object) -> None:
        if self._checklist_edited or self.read_only:
            return
        authority_id = self.authority.currentData()
        try:
            items = self.services.appointments.prefill_checklist(
                None if authority_id is None else int(authority_id), self.purpose.currentText()
            )
        except DomainError:
            return
        self.set_checklist(items)

    def reload_suggestion(self) -> None:
        self._checklist_edited = False
        self._prefill_checklist()

    def add_checklist_item(self) -> None:
        index = self.checklist_model.append(self.tr("Neuer Punkt"))
        self.checklist.setCurrentIndex(index)
        self.checklist.edit(index)

    def edit_checklist_item(self) -> None:
        index = self.checklist.currentIndex()
        if index.isValid():
            self.checklist.edit(index)

    def remove_checklist_item(self) -> None:
        self.checklist_model.remove(self.checklist.currentIndex().row())

    # --- data, warnings, saving ------------------------------------------------------------

    def starts_at(self) -> datetime:
        return datetime.combine(from_qdate(self.date.date()), from_qtime(self.time.time()))

    def current_data(self) -> NewAppointment:
        mode = enum_data(self.mode, AppointmentMode) or AppointmentMode.ACCOMPANIED
        authority_id = self.authority.currentData()
        guide_id = self.guide.currentData()
        return NewAppointment(
            client_ids=tuple(self.person_ids()),
            starts_at=self.starts_at(),
            duration_minutes=self.duration.value(),
            authority_id=None if authority_id is None else int(authority_id),
            guide_id=None if guide_id is None else int(guide_id),
            place=self.place.text(),
            room=self.room.text(),
            purpose=self.purpose.currentText(),
            checklist=self.checklist_items(),
            mode=mode,
            interpreter_name=self.interpreter_name.text(),
            interpreter_language=str(self.interpreter_language.currentData() or ""),
        )

    def refresh_warnings(self, *_args: object) -> None:
        """Double bookings, opening hours, holidays, the past: updated while the user changes."""
        if self._loading:
            return
        self.warning_panel.refresh(
            None if self.read_only else self.current_data(), self.appointment_id
        )

    def has_unsaved_changes(self) -> bool:
        """True when an existing appointment was changed here and not yet saved."""
        return (
            not self.read_only
            and self._stored_data is not None
            and self.current_data() != self._stored_data
        )

    def store(self) -> bool:
        """Check, ask about warnings, save. True when saved; otherwise the reason is shown."""
        data = self.current_data()
        errors = validate_appointment(data)
        show_field_errors(errors, self.field_errors, self.error)
        if errors:
            return False
        self.refresh_warnings()
        if not confirm_warnings(self, self.warnings):
            return False
        try:
            if self.appointment_id is None:
                self.saved_id = self.services.appointments.create(data)
            else:
                self.services.appointments.update(self.appointment_id, data)
                self.saved_id = self.appointment_id
                self.row = self.services.appointments.get(self.appointment_id)
                self._stored_data = data
        except ValidationError as error:
            show_field_errors(error.errors, self.field_errors, self.error)
            return False
        except DomainError as error:
            self.error.show_message(str(error))
            return False
        except Exception as error:
            show_error(self, error)
            return False
        self.summary = self.tr("Termin am {0} um {1} gespeichert.").format(
            *day_and_time(data.starts_at)
        )
        return True

    def save(self) -> None:
        if self.read_only:
            self.reject()
            return
        if self.store():
            self.accept()

    # --- after the appointment: outcome, move, cancel -------------------------------------

    def resolve_unsaved_changes(self) -> bool:
        """Before moving, cancelling or recording the outcome (which act on the stored
        appointment): save or discard what was changed here. False when the user stops."""
        if not self.has_unsaved_changes():
            return True
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Nicht gespeicherte Änderungen"))
        box.setText(self.tr("Änderungen zuerst speichern?"))
        box.setInformativeText(
            self.tr(
                "Sie haben diesen Termin geändert. Verschieben, Absagen und das Ergebnis gelten "
                "für den gespeicherten Termin; nicht gespeicherte Änderungen gehen sonst verloren."
            )
        )
        Button = QMessageBox.StandardButton
        box.setStandardButtons(Button.Save | Button.Discard | Button.Cancel)
        box.button(Button.Save).setText(self.tr("Speichern"))
        box.button(Button.Discard).setText(self.tr("Verwerfen"))
        box.button(Button.Cancel).setText(self.tr("Abbrechen"))
        box.setDefaultButton(Button.Save)
        answer = box.exec()
        if answer == Button.Save:
            return self.store()
        return answer == Button.Discard

    def _finish(self, saved_id: int, summary: str) -> None:
        self.saved_id = saved_id
        self.summary = summary
        self.accept()

    def record_outcome(self) -> None:
        assert self.appointment_id is not None and self.row is not None
        if not self.resolve_unsaved_changes():
            return
        if (
            self.row.status == AppointmentStatus.PLANNED
            and self.row.starts_at > self.services.clock()
        ):
            self.error.show_message(
                self.tr("Das Ergebnis kann erst eingetragen werden, wenn der Termin begonnen hat.")
            )
            return
        try:
            dialog = OutcomeDialog(self.services, self.appointment_id, self)
        except Exception as error:
            show_error(self, error)
            return
        if dialog.exec():
            self._finish(self.appointment_id, dialog.summary)

    def move_appointment(self) -> None:
        assert self.appointment_id is not None
        if not self.resolve_unsaved_changes():
            return
        dialog = MoveAppointmentDialog(self.services, self.appointment_id, self)
        if dialog.exec() and dialog.new_id is not None:
            self._finish(
                dialog.new_id,
                self.tr("Termin verschoben auf {0} um {1}.").format(
                    *day_and_time(dialog.new_data().starts_at)
                ),
            )

    def cancel_appointment(self) -> None:
        assert self.appointment_id is not None and self.row is not None
        if not self.resolve_unsaved_changes():
            return
        dialog = CancelAppointmentDialog(self.row, self)
        if not dialog.exec():
            return
        try:
            self.services.appointments.cancel(self.appointment_id, dialog.reason.text())
        except ValidationError as error:
            show_field_errors(error.errors, self.field_errors, self.error)
            return
        except DomainError as error:
            self.error.show_message(str(error))
            return
        except Exception as error:
            show_error(self, error)
            return
        self._finish(
            self.appointment_id,
            self.tr("Termin am {0} um {1} abgesagt.").format(*day_and_time(self.row.starts_at)),
        )


class MoveAppointmentDialog(QDialog):
    """A new date for a planned appointment; the old one stays in the history as "verschoben"."""

    def __init__(
        self, services: Services, appointment_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.appointment_id = appointment_id
        self.data = services.appointments.data_for(appointment_id)
        self.new_id: int | None = None
        self.setWindowTitle(self.tr("Termin verschieben"))
        self.resize(460, 260)
        old = self.data.starts_at
        self.date = date_edit(old.date())
        self.time = time_edit(old.time())
        self.duration = duration_spin(self.data.duration_minutes)
        self.warning_panel = WarningPanel(services)
        self.error = ErrorLabel()
        form = QFormLayout()
        form.addRow(self.tr("Neues Datum"), self.date)
        form.addRow(self.tr("Uhrzeit"), self.time)
        form.addRow(self.tr("Dauer"), self.duration)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr("Bisher: {0}, {1} Uhr. Der alte Termin bleibt im Verlauf.").format(
                    format_date_weekday(old.date()), f"{old:%H:%M}"
                )
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.warning_panel)
        layout.addWidget(self.error)
        layout.addStretch()
        self.buttons = dialog_buttons(self, self.save, self.tr("Verschieben"))
        layout.addWidget(self.buttons)
        self.date.dateChanged.connect(self.refresh_warnings)
        self.time.timeChanged.connect(self.refresh_warnings)
        self.duration.valueChanged.connect(self.refresh_warnings)
        self.refresh_warnings()

    @property
    def warnings(self) -> list[str]:
        return self.warning_panel.warnings

    def set_start(self, value: datetime) -> None:
        self.date.setDate(to_qdate(value.date()))
        self.time.setTime(to_qtime(value.time()))

    def new_data(self) -> NewAppointment:
        start = datetime.combine(from_qdate(self.date.date()), from_qtime(self.time.time()))
        return replace(self.data, starts_at=start, duration_minutes=self.duration.value())

    def refresh_warnings(self, *_args: object) -> None:
        self.warning_panel.refresh(self.new_data(), self.appointment_id)

    def save(self) -> None:
        data = self.new_data()
        errors = validate_appointment(data)
        if errors:
            self.error.show_message(" ".join(errors.values()))
            return
        self.refresh_warnings()
        if not confirm_warnings(self, self.warnings):
            return
        try:
            self.new_id = self.services.appointments.move(
                self.appointment_id, data.starts_at, data.duration_minutes
            )
        except DomainError as error:
            self.error.show_message(str(error))
            return
        except Exception as error:
            show_error(self, error)
            return
        self.accept()


class CancelAppointmentDialog(QDialog):
    """Asks before cancelling; the reason is optional and stays with the appointment.

    Reminds the guide that the authority has to be told too (with its phone number when known):
    cancelling here changes only the guide's own calendar.
    """

    def __init__(self, row: AppointmentRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Termin absagen"))
        self.resize(480, 200)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("z. B. Klient:in krank, Amt hat abgesagt"))
        layout = QVBoxLayout(self)
        question = QLabel(
            self.tr("Den Termin „{0}“ am {1} um {2} Uhr absagen?").format(
                row.title, format_date_weekday(row.starts_at.date()), f"{row.starts_at:%H:%M}"
            )
        )
        question.setWordWrap(True)
        layout.addWidget(question)
        self.reminder = QLabel(self.reminder_text(row))
        self.reminder.setWordWrap(True)
        self.reminder.setTextFormat(Qt.TextFormat.RichText)
        self.reminder.setStyleSheet(WARNING_STYLE)
        layout.addWidget(self.reminder)
        form = QFormLayout()
        form.addRow(self.tr("Grund (freiwillig)"), self.reason)
        layout.addLayout(form)
        layout.addStretch()
        self.buttons = dialog_buttons(self, self.accept, self.tr("Termin absagen"))
        layout.addWidget(self.buttons)

    def reminder_text(self, row: AppointmentRow) -> str:
        authority = row.authority
        if authority is None:
            where = escape(row.place) if row.place else self.tr("der Stelle")
            return self.tr(
                "Bitte auch {0} Bescheid sagen, dass der Termin ausfällt – "
                "hier wird er nur in Ihrem Kalender abgesagt."
            ).format(where)
        name = escape(authority.display_name)
        if authority.phone:
            return self.tr(
                "Bitte auch <b>{0}</b> absagen, z. B. telefonisch unter <b>{1}</b> – "
                "hier wird der Termin nur in Ihrem Kalender abgesagt."
            ).format(name, escape(authority.phone))
        return self.tr(
            "Bitte auch <b>{0}</b> absagen (keine Telefonnummer hinterlegt) – "
            "hier wird der Termin nur in Ihrem Kalender abgesagt."
        ).format(name)
