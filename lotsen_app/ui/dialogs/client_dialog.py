"""Create or edit a client. Validation comes from the domain layer and is shown at the field."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from lotsen_app.domain.clients import ClientInput, validate_client
from lotsen_app.domain.dates import DateFormatError, format_date, parse_date_or_year
from lotsen_app.domain.enums import FormOfAddress, Gender
from lotsen_app.domain.errors import ValidationError
from lotsen_app.domain.languages import LANGUAGES
from lotsen_app.services.clients import SimilarClient
from lotsen_app.services.container import Services
from lotsen_app.ui.widgets.common import (
    ErrorLabel,
    LanguagePicker,
    date_edit,
    dialog_buttons,
    enum_data,
    field_with_error,
    from_qdate,
    show_error,
)


class DuplicateWarningDialog(QDialog):
    """A new client looks like one already recorded: open it, save anyway, or go back."""

    OPEN_EXISTING = 2
    SAVE_ANYWAY = 3

    def __init__(self, matches: list[SimilarClient], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Ähnliche Person gefunden"))
        self.chosen_id: int | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr(
                    "Diese Person ist vielleicht schon erfasst. Bitte prüfen Sie, ob es "
                    "dieselbe Person ist:"
                )
            )
        )
        for match in matches:
            row = QHBoxLayout()
            row.addWidget(QLabel(match.description))
            button = QPushButton(self.tr("Öffnen"))
            button.clicked.connect(lambda _=False, m=match.id: self._open(m))
            row.addWidget(button)
            layout.addLayout(row)
        buttons = QDialogButtonBox()
        anyway = buttons.addButton(
            self.tr("Trotzdem neu anlegen"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        back = buttons.addButton(self.tr("Zurück"), QDialogButtonBox.ButtonRole.RejectRole)
        anyway.clicked.connect(lambda: self.done(self.SAVE_ANYWAY))
        back.clicked.connect(self.reject)
        layout.addWidget(buttons)

    def _open(self, client_id: int) -> None:
        self.chosen_id = client_id
        self.done(self.OPEN_EXISTING)


class ClientDialog(QDialog):
    """``saved(client_id)`` after a save; ``open_existing(client_id)`` when the user picks a match."""

    saved = Signal(int)
    open_existing = Signal(int)

    def __init__(
        self, services: Services, client_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.client_id = client_id
        self.setWindowTitle(
            self.tr("Neue Klientin / neuer Klient")
            if client_id is None
            else self.tr("Klient:in bearbeiten")
        )
        self.resize(620, 720)
        self.errors: dict[str, ErrorLabel] = {}

        self.form_of_address = QComboBox()
        for address in FormOfAddress:
            self.form_of_address.addItem(address.label, address)
        self.form_of_address.setCurrentIndex(self.form_of_address.findData(FormOfAddress.NEUTRAL))
        self.given_name = QLineEdit()
        self.family_name = QLineEdit()
        self.birth = QLineEdit()
        self.birth.setPlaceholderText(self.tr("TT.MM.JJJJ oder nur das Jahr"))
        self.gender = QComboBox()
        self.gender.addItem(self.tr("(nicht erfasst)"), None)
        for gender in Gender:
            self.gender.addItem(gender.label, gender)
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.street = QLineEdit()
        self.postal_code = QLineEdit()
        self.postal_code.setMaxLength(5)
        self.city = QLineEdit("Duisburg")
        self.district = QComboBox()
        self.district.addItem(self.tr("(kein Stadtteil)"), None)
        for district_id, name, borough, active in services.districts.list():
            if active:
                self.district.addItem(f"{name} ({borough})" if borough else name, district_id)
        self.languages = LanguagePicker()
        self.preferred_language = QComboBox()
        for code, name in LANGUAGES.items():
            self.preferred_language.addItem(name, code)
        self.interpreter_needed = QCheckBox(self.tr("Dolmetscher:in nötig"))
        self.arrival_year = QLineEdit()
        self.arrival_year.setPlaceholderText(self.tr("z. B. 2023 (freiwillig)"))
        self.strengths = QPlainTextEdit()
        self.strengths.setPlaceholderText(
            self.tr("Was kann die Person gut? Sprachen, Erfahrung, Menschen, die helfen …")
        )
        self.goals = QPlainTextEdit()
        self.goals.setPlaceholderText(self.tr("Ziele in den eigenen Worten der Person"))
        self.opened_on = date_edit(services.clock().date())
        for text_edit in (self.strengths, self.goals):
            text_edit.setMaximumHeight(80)

        content = QWidget()
        layout = QVBoxLayout(content)
        person = QGroupBox(self.tr("Person"))
        form = QFormLayout(person)
        form.addRow(self.tr("Anrede"), self.form_of_address)
        self._add(form, self.tr("Vorname *"), self.given_name, "given_name")
        self._add(form, self.tr("Familienname *"), self.family_name, "family_name")
        self._add(form, self.tr("Geburtsdatum"), self.birth, "birth")
        form.addRow(self.tr("Geschlecht"), self.gender)
        self._add(form, self.tr("Angekommen (Jahr)"), self.arrival_year, "arrival_year")
        layout.addWidget(person)

        contact = QGroupBox(self.tr("Kontakt und Wohnort"))
        form = QFormLayout(contact)
        self._add(form, self.tr("Telefon"), self.phone, "phone")
        self._add(form, self.tr("E-Mail"), self.email, "email")
        form.addRow(self.tr("Straße und Nr."), self.street)
        self._add(form, self.tr("PLZ"), self.postal_code, "postal_code")
        form.addRow(self.tr("Ort"), self.city)
        form.addRow(self.tr("Stadtteil"), self.district)
        layout.addWidget(contact)

        language = QGroupBox(self.tr("Sprachen"))
        form = QFormLayout(language)
        self._add(form, self.tr("Spricht"), self.languages, "languages")
        self._add(
            form, self.tr("Sprache für Briefe"), self.preferred_language, "preferred_language"
        )
        form.addRow("", self.interpreter_needed)
        layout.addWidget(language)

        resources = QGroupBox(self.tr("Stärken und Ziele"))
        form = QFormLayout(resources)
        self._add(form, self.tr("Stärken und Ressourcen"), self.strengths, "strengths")
        self._add(form, self.tr("Ziele (eigene Worte)"), self.goals, "goals_own_words")
        if client_id is None:
            self._add(form, self.tr("Begleitung seit"), self.opened_on, "opened_on")
        layout.addWidget(resources)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll)
        hint = QLabel(
            self.tr(
                "* Pflichtfeld. Bitte nur aufschreiben, was die Person selbst lesen dürfte; "
                "keine Diagnosen, keine Staatsangehörigkeit oder Religion."
            )
        )
        hint.setWordWrap(True)
        outer.addWidget(hint)
        self.buttons = dialog_buttons(self, self.save)
        outer.addWidget(self.buttons)

        self._touched: set[str] = set()
        for key, edit in (
            ("given_name", self.given_name),
            ("family_name", self.family_name),
            ("birth", self.birth),
            ("phone", self.phone),
            ("email", self.email),
            ("postal_code", self.postal_code),
            ("arrival_year", self.arrival_year),
        ):
            edit.editingFinished.connect(lambda k=key: self._field_left(k))
        self.languages.language_model.itemChanged.connect(self._language_checked)
        if client_id is not None:
            self._load(client_id)
        else:
            self.languages.set_codes(("de",))

    def _field_left(self, key: str) -> None:
        self._touched.add(key)
        self.validate_fields()

    def _add(self, form: QFormLayout, label: str, field: QWidget, key: str) -> None:
        box, error = field_with_error(field)
        self.errors[key] = error
        form.addRow(label, box)

    def _language_checked(self) -> None:
        codes = self.languages.codes()
        current = self.preferred_language.currentData()
        if codes and current == "de" and codes[0] != "de" and self.client_id is None:
            non_german = [code for code in codes if code != "de"]
            if non_german:
                self.preferred_language.setCurrentIndex(
                    self.preferred_language.findData(non_german[0])
                )

    def _load(self, client_id: int) -> None:
        details = self.services.clients.get(client_id)
        data = details.data
        self.form_of_address.setCurrentIndex(self.form_of_address.findData(data.form_of_address))
        self.given_name.setText(data.given_name)
        self.family_name.setText(data.family_name)
        if data.birth_date:
            self.birth.setText(format_date(data.birth_date))
        elif data.birth_year:
            self.birth.setText(str(data.birth_year))
        self.gender.setCurrentIndex(self.gender.findData(data.gender))
        self.phone.setText(data.phone)
        self.email.setText(data.email)
        self.street.setText(data.street)
        self.postal_code.setText(data.postal_code)
        self.city.setText(data.city)
        index = self.district.findData(data.district_id)
        self.district.setCurrentIndex(max(index, 0))
        self.languages.set_codes(data.languages)
        self.preferred_language.setCurrentIndex(
            max(self.preferred_language.findData(data.preferred_language), 0)
        )
        self.interpreter_needed.setChecked(data.interpreter_needed)
        self.arrival_year.setText(str(data.arrival_year) if data.arrival_year else "")
        self.strengths.setPlainText(data.strengths)
        self.goals.setPlainText(data.goals_own_words)

    def current_input(self) -> tuple[ClientInput, dict[str, str]]:
        """The typed values, plus format errors that stop them from being read at all."""
        errors: dict[str, str] = {}
        birth_date = birth_year = None
        try:
            birth_date, birth_year = parse_date_or_year(self.birth.text())
        except DateFormatError as error:
            errors["birth"] = str(error)
        arrival_year = None
        arrival_text = self.arrival_year.text().strip()
        if arrival_text:
            if arrival_text.isdigit() and len(arrival_text) == 4:
                arrival_year = int(arrival_text)
            else:
                errors["arrival_year"] = self.tr("Bitte das Jahr mit vier Ziffern eingeben.")
        data = ClientInput(
            given_name=self.given_name.text(),
            family_name=self.family_name.text(),
            form_of_address=enum_data(self.form_of_address, FormOfAddress) or FormOfAddress.NEUTRAL,
            birth_date=birth_date,
            birth_year=birth_year,
            gender=enum_data(self.gender, Gender),
            phone=self.phone.text(),
            email=self.email.text(),
            street=self.street.text(),
            postal_code=self.postal_code.text(),
            city=self.city.text(),
            district_id=self.district.currentData(),
            languages=self.languages.codes(),
            preferred_language=self.preferred_language.currentData(),
            interpreter_needed=self.interpreter_needed.isChecked(),
            arrival_year=arrival_year,
            strengths=self.strengths.toPlainText(),
            goals_own_words=self.goals.toPlainText(),
            opened_on=from_qdate(self.opened_on.date()) if self.client_id is None else None,
        )
        return data, errors

    def _show_errors(self, errors: dict[str, str], keys: set[str] | None = None) -> None:
        for key, label in self.errors.items():
            if keys is None or key in keys:
                label.show_message(errors.get(key))

    def validate_fields(self) -> dict[str, str]:
        """Check as the user leaves a field; only fields already visited show a message."""
        data, errors = self.current_input()
        all_errors = {**validate_client(data.normalised(), self.services.clock().date()), **errors}
        self._show_errors(all_errors, self._touched)
        return all_errors

    def save(self) -> None:
        data, errors = self.current_input()
        errors = {**validate_client(data.normalised(), self.services.clock().date()), **errors}
        if errors:
            self._show_errors(errors)
            return
        if self.client_id is None:
            matches = self.services.clients.find_similar(data)
            if matches:
                warning = DuplicateWarningDialog(matches, self)
                choice = warning.exec()
                if choice == DuplicateWarningDialog.OPEN_EXISTING and warning.chosen_id:
                    self.open_existing.emit(warning.chosen_id)
                    self.reject()
                    return
                if choice != DuplicateWarningDialog.SAVE_ANYWAY:
                    return
        try:
            if self.client_id is None:
                self.client_id = self.services.clients.create(data)
            else:
                self.services.clients.update(self.client_id, data)
        except ValidationError as error:
            self._show_errors(error.errors)
            return
        except Exception as error:
            show_error(self, error)
            return
        self.saved.emit(self.client_id)
        self.accept()
