"""Create or edit one entry of the authority directory (Behörden und Stellen)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from lotsen_app.domain.appointments import AuthorityData, validate_authority
from lotsen_app.domain.dates import WEEKDAYS_LONG
from lotsen_app.domain.deadlines import STATES
from lotsen_app.domain.enums import AuthorityKind
from lotsen_app.domain.errors import ValidationError
from lotsen_app.services.authority_directory import day_cell, parse_week
from lotsen_app.services.container import Services
from lotsen_app.ui.widgets.common import (
    ErrorLabel,
    dialog_buttons,
    enum_data,
    field_with_error,
    show_error,
)


class AuthorityDialog(QDialog):
    saved = Signal(int)

    def __init__(
        self, services: Services, authority_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.authority_id = authority_id
        self.external_key = ""
        self.setWindowTitle(
            self.tr("Neue Stelle") if authority_id is None else self.tr("Stelle bearbeiten")
        )
        self.resize(800, 640)
        self.errors: dict[str, ErrorLabel] = {}

        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("z. B. Jobcenter Duisburg-Mitte"))
        self.kind = QComboBox()
        for kind in AuthorityKind:
            self.kind.addItem(kind.label, kind)
        self.department = QLineEdit()
        self.room = QLineEdit()
        self.street = QLineEdit()
        self.street.setPlaceholderText(self.tr("Straße und Hausnummer"))
        self.postal_code = QLineEdit()
        self.postal_code.setMaxLength(5)
        self.postal_code.setFixedWidth(80)
        self.city = QLineEdit()
        self.state = QComboBox()
        for code, state_name in STATES.items():
            self.state.addItem(state_name, code)
        self.state.setCurrentIndex(self.state.findData(services.settings.state()))
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.booking_info = QPlainTextEdit()
        self.booking_info.setPlaceholderText(
            self.tr("z. B. nur mit Termin, online über das Terminportal oder telefonisch")
        )
        self.booking_info.setMaximumHeight(60)
        self.documents = QPlainTextEdit()
        self.documents.setPlaceholderText(self.tr("Ein Dokument pro Zeile, z. B. Reisepass"))
        self.documents.setMaximumHeight(100)
        self.fictitious = QCheckBox(self.tr("fiktiver Eintrag (Beispiel, keine echte Stelle)"))
        self.key_label = QLabel()
        self.key_label.setStyleSheet("color: #666;")

        form = QFormLayout()
        for label, widget, key in (
            (self.tr("Name *"), self.name, "name"),
            (self.tr("Art"), self.kind, "kind"),
            (self.tr("Abteilung"), self.department, "department"),
            (self.tr("Raum"), self.room, "room"),
            (self.tr("Straße"), self.street, "street"),
        ):
            box, error = field_with_error(widget)
            self.errors[key] = error
            form.addRow(label, box)
        town = QWidget()
        town_layout = QHBoxLayout(town)
        town_layout.setContentsMargins(0, 0, 0, 0)
        town_layout.addWidget(self.postal_code)
        town_layout.addWidget(self.city, 1)
        town_box = QWidget()
        town_box_layout = QVBoxLayout(town_box)
        town_box_layout.setContentsMargins(0, 0, 0, 0)
        town_box_layout.setSpacing(2)
        town_box_layout.addWidget(town)
        for key in ("postal_code", "city"):
            self.errors[key] = ErrorLabel(town_box)
            town_box_layout.addWidget(self.errors[key])
        form.addRow(self.tr("PLZ und Ort"), town_box)
        for label, widget, key in (
            (self.tr("Bundesland (Feiertage)"), self.state, "state"),
            (self.tr("Telefon"), self.phone, "phone"),
            (self.tr("E-Mail"), self.email, "email"),
        ):
            box, error = field_with_error(widget)
            self.errors[key] = error
            form.addRow(label, box)

        hours_box = QGroupBox(self.tr("Öffnungszeiten"))
        grid = QGridLayout(hours_box)
        grid.setVerticalSpacing(2)
        self.day_edits: list[QLineEdit] = []
        self.day_errors: list[ErrorLabel] = []
        for day, long_name in enumerate(WEEKDAYS_LONG):
            edit = QLineEdit()
            edit.setAccessibleName(long_name)
            edit.textChanged.connect(lambda _text: self._update_placeholders())
            error = ErrorLabel()
            grid.addWidget(QLabel(long_name), 2 * day, 0)
            grid.addWidget(edit, 2 * day, 1)
            grid.addWidget(error, 2 * day + 1, 1)
            self.day_edits.append(edit)
            self.day_errors.append(error)
        hint = QLabel(
            self.tr(
                "Zeiten wie 8-12 oder 08:00-12:00; mehrere mit Komma; leer = geschlossen; "
                "alles leer = unbekannt"
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #777;")
        self.hours_hint = hint
        grid.addWidget(hint, 14, 0, 1, 2)
        grid.setRowStretch(15, 1)

        more = QFormLayout()
        more.addRow(self.tr("Terminvergabe"), self.booking_info)
        more.addRow(self.tr("Übliche Unterlagen"), self.documents)
        more.addRow("", self.fictitious)
        more.addRow("", self.key_label)
        self.error = ErrorLabel()

        columns = QHBoxLayout()
        columns.addLayout(form, 3)
        columns.addWidget(hours_box, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addLayout(more)
        layout.addStretch()
        layout.addWidget(self.error)
        layout.addWidget(dialog_buttons(self, self.save))
        if authority_id is not None:
            self.set_data(services.authorities.get(authority_id))
        self._update_placeholders()

    def _update_placeholders(self) -> None:
        """An empty day is "geschlossen" only once some day has hours; before, all is unknown."""
        known = any(edit.text().strip() for edit in self.day_edits)
        for edit in self.day_edits:
            edit.setPlaceholderText(self.tr("geschlossen") if known else self.tr("unbekannt"))

    def set_data(self, data: AuthorityData) -> None:
        self.external_key = data.external_key
        self.name.setText(data.name)
        self.kind.setCurrentIndex(self.kind.findData(data.kind))
        self.department.setText(data.department)
        self.room.setText(data.room)
        self.street.setText(data.street)
        self.postal_code.setText(data.postal_code)
        self.city.setText(data.city)
        self.state.setCurrentIndex(max(self.state.findData(data.state), 0))
        self.phone.setText(data.phone)
        self.email.setText(data.email)
        for day, edit in enumerate(self.day_edits):
            edit.setText(day_cell(data.opening_hours, day))
        self.booking_info.setPlainText(data.booking_info)
        self.documents.setPlainText("\n".join(data.documents))
        self.fictitious.setChecked(data.is_fictitious)
        if data.external_key:
            self.key_label.setText(
                self.tr("Schlüssel im Verzeichnis: {0}").format(data.external_key)
            )

    def current_data(self) -> tuple[AuthorityData, dict[int, str]]:
        """The entry as entered, and the German error per weekday whose hours are unreadable."""
        typed = [edit.text() for edit in self.day_edits]
        hours, hour_errors = parse_week(typed)
        if hour_errors:  # the message quotes what was typed, not the completed hours
            _hours, typed_errors = parse_week(typed)
            hour_errors = {day: typed_errors.get(day, text) for day, text in hour_errors.items()}
        data = AuthorityData(
            id=self.authority_id,
            external_key=self.external_key,
            name=self.name.text(),
            kind=enum_data(self.kind, AuthorityKind) or AuthorityKind.SONSTIGE,
            department=self.department.text(),
            room=self.room.text(),
            street=self.street.text(),
            postal_code=self.postal_code.text(),
            city=self.city.text(),
            state=self.state.currentData(),
            phone=self.phone.text(),
            email=self.email.text(),
            opening_hours=hours,
            booking_info=self.booking_info.toPlainText(),
            usual_documents=self.documents.toPlainText(),
            is_fictitious=self.fictitious.isChecked(),
        )
        return data, hour_errors

    def save(self) -> None:
        data, hour_errors = self.current_data()
        errors = validate_authority(data)
        if not errors and not hour_errors:
            try:
                self.authority_id = self.services.authorities.save(data)
            except ValidationError as error:
                errors = error.errors
            except Exception as error:
                show_error(self, error)
                return
        for key, label in self.errors.items():
            label.show_message(errors.get(key))
        for day, label in enumerate(self.day_errors):
            label.show_message(hour_errors.get(day))
        if errors or hour_errors:
            unplaced = [message for key, message in errors.items() if key not in self.errors]
            self.error.show_message(
                "\n".join([*unplaced, self.tr("Bitte die rot markierten Angaben prüfen.")])
            )
            return
        assert self.authority_id is not None
        self.saved.emit(self.authority_id)
        self.accept()
