"""A guide's volunteer hours per month, the hand-entered time, and the yearly cap of paid hours."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from lotsen_app.domain.casework import VolunteerEntry, YearHours
from lotsen_app.domain.dates import format_date
from lotsen_app.domain.enums import VolunteerActivity
from lotsen_app.domain.errors import ValidationError
from lotsen_app.services.container import Services
from lotsen_app.ui.models.row_table_model import ColumnSpec, RowTableModel, selected_row
from lotsen_app.ui.widgets.common import (
    ErrorLabel,
    add_field,
    data_table,
    date_edit,
    dialog_buttons,
    enum_data,
    fit_to_screen,
    from_qdate,
    save_and_accept,
    show_error,
    show_field_errors,
)

WARNING_STYLE = (
    "background: #fff3cd; color: #664d03; border: 1px solid #e0b000; padding: 8px; "
    "font-weight: bold;"
)
_MINUTES = re.compile(r"^\s*(\d{1,5})\s*$")
_HOURS_MINUTES = re.compile(r"^\s*(\d{1,3})\s*:\s*(\d{1,2})\s*$")


def parse_minutes(text: str) -> int:
    """ "90" (minutes) or "1:30" (hours:minutes); raises ValueError with a German message.

    Only the form is checked here; whether the time is allowed is the domain's rule.
    """
    match = _MINUTES.match(text)
    if match:
        return int(match.group(1))
    match = _HOURS_MINUTES.match(text)
    if match and int(match.group(2)) < 60:
        return int(match.group(1)) * 60 + int(match.group(2))
    raise ValueError(
        QCoreApplication.translate(
            "VolunteerHours",
            "Bitte die Zeit in Minuten (z. B. 90) oder als Stunden:Minuten (z. B. 1:30) eingeben.",
        )
    )


def hours_minutes(minutes: int) -> str:
    """ "1:05"; empty for nothing, so that a month's table stays readable."""
    return f"{minutes // 60}:{minutes % 60:02d}" if minutes else ""


@dataclass(frozen=True)
class HoursLine:
    """A line of the month table (a month, or the year's sum)."""

    label: str
    contacts: int
    travel: int
    appointments: int
    manual: int
    total: int
    is_sum: bool = False


def hours_lines(hours: YearHours) -> list[HoursLine]:
    lines = [
        HoursLine(
            month.label,
            month.contact_minutes,
            month.travel_minutes,
            month.appointment_minutes,
            month.manual_minutes,
            month.total_minutes,
        )
        for month in hours.months
    ]
    lines.append(
        HoursLine(
            f"Summe {hours.year}",
            sum(line.contacts for line in lines),
            sum(line.travel for line in lines),
            sum(line.appointments for line in lines),
            sum(line.manual for line in lines),
            hours.total_minutes,
            is_sum=True,
        )
    )
    return lines


def _sum_colour(line: HoursLine) -> str | None:
    return "#e9ecef" if line.is_sum else None


HOURS_COLUMNS: list[ColumnSpec[HoursLine]] = [
    ColumnSpec("Monat", lambda line: line.label, background=_sum_colour),
    ColumnSpec(
        "Kontakte",
        lambda line: hours_minutes(line.contacts),
        align_right=True,
        background=_sum_colour,
        tooltip=lambda _line: "Dauer der Kontakte; ein Kontakt mit einer Familie zählt einmal",
    ),
    ColumnSpec(
        "Fahrzeit",
        lambda line: hours_minutes(line.travel),
        align_right=True,
        background=_sum_colour,
    ),
    ColumnSpec(
        "Termine",
        lambda line: hours_minutes(line.appointments),
        align_right=True,
        background=_sum_colour,
        tooltip=lambda _line: "Wahrgenommene Termine, zu denen kein Kontakt erfasst ist",
    ),
    ColumnSpec(
        "Eigene Einträge",
        lambda line: hours_minutes(line.manual),
        align_right=True,
        background=_sum_colour,
    ),
    ColumnSpec(
        "Summe",
        lambda line: hours_minutes(line.total) or "0:00",
        align_right=True,
        background=_sum_colour,
    ),
]

ENTRY_COLUMNS: list[ColumnSpec[VolunteerEntry]] = [
    ColumnSpec("Datum", lambda entry: format_date(entry.occurred_on)),
    ColumnSpec("Dauer", lambda entry: hours_minutes(entry.minutes), align_right=True),
    ColumnSpec("Art", lambda entry: entry.kind.label),
    ColumnSpec("Notiz", lambda entry: entry.note, tooltip=lambda entry: entry.note),
]


class VolunteerEntryDialog(QDialog):
    """Time entered by hand: training, team meeting, travel or other."""

    def __init__(self, services: Services, guide_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.guide_id = guide_id
        self.saved_id: int | None = None
        self.setWindowTitle(self.tr("Zeit eintragen"))
        self.resize(440, 260)
        self.occurred_on = date_edit(services.clock().date())
        self.duration = QLineEdit()
        self.duration.setPlaceholderText(self.tr("Minuten (90) oder Std.:Min. (1:30)"))
        self.kind = QComboBox()
        for kind in VolunteerActivity:
            self.kind.addItem(kind.label, kind)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("z. B. Schulung „Fristen im Sozialrecht“"))
        form = QFormLayout()
        self.field_errors = {
            "occurred_on": add_field(form, self.tr("Datum"), self.occurred_on),
            "minutes": add_field(form, self.tr("Dauer"), self.duration),
            "kind": add_field(form, self.tr("Art"), self.kind),
            "note": add_field(form, self.tr("Notiz"), self.note),
        }
        self.error = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(dialog_buttons(self, self.save))

    def save(self) -> None:
        try:
            minutes = parse_minutes(self.duration.text())
        except ValueError as error:
            show_field_errors({"minutes": str(error)}, self.field_errors, self.error)
            return
        kind = enum_data(self.kind, VolunteerActivity)
        assert kind is not None
        entry = VolunteerEntry(
            guide_id=self.guide_id,
            occurred_on=from_qdate(self.occurred_on.date()),
            minutes=minutes,
            kind=kind,
            note=self.note.text(),
        )

        def store() -> None:
            self.saved_id = self.services.casework.add_volunteer_entry(entry)

        save_and_accept(self, store, self.field_errors, self.error)


class VolunteerHoursDialog(QDialog):
    """Hours per month of one year, from contacts, appointments and entries by hand."""

    def __init__(self, services: Services, guide_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.guide_id = guide_id
        guide = services.guides.get(guide_id)
        self.setWindowTitle(
            self.tr("Ehrenamtliche Stunden: {0} {1}").format(guide.given_name, guide.family_name)
        )
        fit_to_screen(self, 760, 820)
        today = services.clock().date()

        self.year = QSpinBox()
        self.year.setRange(2000, today.year + 1)
        self.year.setValue(today.year)
        self.year.valueChanged.connect(lambda _v: self.reload())
        self.total = QLabel()
        self.total.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        self.warning.setStyleSheet(WARNING_STYLE)
        self.warning.hide()

        self.hours_model: RowTableModel[HoursLine] = RowTableModel(HOURS_COLUMNS, self)
        self.hours_table = data_table(self.hours_model)
        self.hours_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.hours_table.verticalHeader().setDefaultSectionSize(24)
        self.hours_table.setMinimumHeight(13 * 24 + 30)  # the twelve months and the sum
        self.entry_model: RowTableModel[VolunteerEntry] = RowTableModel(ENTRY_COLUMNS, self)
        self.entry_table = data_table(self.entry_model, fit_contents=True)
        self.entry_table.verticalHeader().setDefaultSectionSize(24)
        self.entry_table.setMinimumHeight(4 * 24 + 30)
        self.entry_table.selectionModel().selectionChanged.connect(
            lambda *_: self._entry_selected()
        )
        self.add_button = QPushButton(self.tr("Zeit eintragen …"))
        self.add_button.clicked.connect(self.add_entry)
        self.delete_button = QPushButton(self.tr("Löschen …"))
        self.delete_button.clicked.connect(self.delete_entry)

        self.cap = QLineEdit()
        self.cap.setPlaceholderText(self.tr("keine"))
        self.cap.setMaximumWidth(90)
        self.cap_button = QPushButton(self.tr("Übernehmen"))
        self.cap_button.clicked.connect(self.save_cap)
        self.cap.returnPressed.connect(self.save_cap)
        self.cap_error = ErrorLabel()
        self.cap_saved = QLabel()

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Jahr")))
        top.addWidget(self.year)
        top.addStretch()
        top.addWidget(self.total)

        months = QGroupBox(self.tr("Stunden je Monat (Stunden:Minuten)"))
        months_layout = QVBoxLayout(months)
        months_layout.addWidget(self.hours_table)
        explain = QLabel(
            self.tr(
                "Kontakte zählen mit ihrer Dauer, einmal je Kontakt, auch wenn er mehrere "
                "Familienmitglieder betraf. Wahrgenommene Termine zählen nur, wenn zu ihnen "
                "kein Kontakt erfasst ist."
            )
        )
        explain.setWordWrap(True)
        explain.setStyleSheet("color: #555;")
        months_layout.addWidget(explain)

        entries = QGroupBox(self.tr("Eigene Einträge (Schulung, Teamtreffen, Fahrt …)"))
        entries_layout = QVBoxLayout(entries)
        entry_buttons = QHBoxLayout()
        entry_buttons.addWidget(self.add_button)
        entry_buttons.addWidget(self.delete_button)
        entry_buttons.addStretch()
        entries_layout.addLayout(entry_buttons)
        entries_layout.addWidget(self.entry_table)

        cap_box = QGroupBox(self.tr("Obergrenze bezahlter Stunden"))
        cap_form = QFormLayout(cap_box)
        cap_row = QHBoxLayout()
        cap_row.addWidget(self.cap)
        cap_row.addWidget(QLabel(self.tr("Stunden pro Jahr")))
        cap_row.addWidget(self.cap_button)
        cap_row.addWidget(self.cap_saved)
        cap_row.addStretch()
        cap_form.addRow(self.tr("Obergrenze"), cap_row)
        cap_form.addRow("", self.cap_error)
        cap_hint = QLabel(
            self.tr(
                "Gilt für alle Lotsinnen und Lotsen. Leer lassen, wenn es keine Obergrenze gibt. "
                "Ab 90 % erscheint oben ein Hinweis."
            )
        )
        cap_hint.setWordWrap(True)
        cap_hint.setStyleSheet("color: #555;")
        cap_form.addRow(cap_hint)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Schließen"))
        close.rejected.connect(self.reject)

        # On a small screen the year scrolls; the year, the total and "Schließen" stay in view.
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(self.warning)
        content_layout.addWidget(months, 3)
        content_layout.addWidget(entries, 2)
        content_layout.addWidget(cap_box)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(content)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(close)

        cap = services.casework.hours_cap()
        self.cap.setText("" if cap is None else str(cap))
        self.reload()

    def selected_year(self) -> int:
        return self.year.value()

    def reload(self) -> None:
        year = self.selected_year()
        casework = self.services.casework
        try:
            hours = casework.volunteer_hours(self.guide_id, year)
            entries = casework.volunteer_entries(self.guide_id, year)
            warning = casework.hours_cap_warning(self.guide_id, year)
        except Exception as error:
            show_error(self, error)
            return
        self.hours_model.set_rows(hours_lines(hours))
        self.entry_model.set_rows(entries)
        self.total.setText(
            self.tr("{0}: {1} Std.").format(year, hours_minutes(hours.total_minutes) or "0:00")
        )
        self.warning.setText(f"⚠ {warning}" if warning else "")
        self.warning.setVisible(bool(warning))
        self._entry_selected()

    def _entry_selected(self) -> None:
        self.delete_button.setEnabled(self.selected_entry() is not None)

    def selected_entry(self) -> VolunteerEntry | None:
        return selected_row(self.entry_table, self.entry_model)

    def add_entry(self) -> None:
        dialog = VolunteerEntryDialog(self.services, self.guide_id, self)
        if dialog.exec():
            saved = dialog.saved_id
            entries = self.services.casework.volunteer_entries(self.guide_id, self.selected_year())
            if saved is not None and not any(entry.id == saved for entry in entries):
                # Entered for another year: show that year.
                self.year.setValue(from_qdate(dialog.occurred_on.date()).year)
            self.reload()

    def delete_entry(self) -> None:
        entry = self.selected_entry()
        if entry is None or entry.id is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Eintrag löschen"),
            self.tr("Den Eintrag vom {0} ({1}, {2} Std.) löschen?").format(
                format_date(entry.occurred_on), entry.kind.label, hours_minutes(entry.minutes)
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.services.casework.delete_volunteer_entry(entry.id)
        except Exception as error:
            show_error(self, error)
            return
        self.reload()

    def save_cap(self) -> None:
        text = self.cap.text().strip()
        self.cap_saved.setText("")
        if text and not text.isdigit():
            self.cap_error.show_message(
                self.tr("Bitte eine ganze Zahl von Stunden eingeben oder das Feld leer lassen.")
            )
            return
        try:
            self.services.casework.set_hours_cap(int(text) if text else None)
        except ValidationError as error:
            self.cap_error.show_message(" ".join(error.errors.values()))
            return
        except Exception as error:
            show_error(self, error)
            return
        self.cap_error.show_message(None)
        self.cap_saved.setText(self.tr("gespeichert"))
        self.reload()
