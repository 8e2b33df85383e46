"""Create or edit a guide (Lotsin / Lotse)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from lotsen_app.domain.errors import ValidationError
from lotsen_app.domain.guides import GuideInput, validate_guide
from lotsen_app.services.container import Services
from lotsen_app.ui.widgets.common import (
    ErrorLabel,
    LanguagePicker,
    dialog_buttons,
    field_with_error,
    show_error,
)


class GuideDialog(QDialog):
    saved = Signal(int)

    def __init__(
        self, services: Services, guide_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.guide_id = guide_id
        self.setWindowTitle(
            self.tr("Neue Lotsin / neuer Lotse")
            if guide_id is None
            else self.tr("Lotse/Lotsin bearbeiten")
        )
        self.errors: dict[str, ErrorLabel] = {}
        self.given_name = QLineEdit()
        self.family_name = QLineEdit()
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.languages = LanguagePicker()
        self.active = QCheckBox(self.tr("aktiv (kann Klient:innen übernehmen)"))
        self.active.setChecked(True)
        self.coordinator = QCheckBox(self.tr("koordiniert das Programm"))
        form = QFormLayout()
        for label, field, key in (
            (self.tr("Vorname *"), self.given_name, "given_name"),
            (self.tr("Familienname *"), self.family_name, "family_name"),
            (self.tr("Telefon"), self.phone, "phone"),
            (self.tr("E-Mail"), self.email, "email"),
            (self.tr("Sprachen"), self.languages, "languages"),
        ):
            box, error = field_with_error(field)
            self.errors[key] = error
            form.addRow(label, box)
        form.addRow("", self.active)
        form.addRow("", self.coordinator)
        buttons = dialog_buttons(self, self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        if guide_id is not None:
            data = services.guides.get(guide_id)
            self.given_name.setText(data.given_name)
            self.family_name.setText(data.family_name)
            self.phone.setText(data.phone)
            self.email.setText(data.email)
            self.languages.set_codes(data.languages)
            self.active.setChecked(data.active)
            self.coordinator.setChecked(data.is_coordinator)
        else:
            self.languages.set_codes(("de",))

    def current_input(self) -> GuideInput:
        return GuideInput(
            given_name=self.given_name.text(),
            family_name=self.family_name.text(),
            phone=self.phone.text(),
            email=self.email.text(),
            languages=self.languages.codes(),
            active=self.active.isChecked(),
            is_coordinator=self.coordinator.isChecked(),
        )

    def save(self) -> None:
        data = self.current_input()
        errors = validate_guide(data)
        if not errors:
            try:
                if self.guide_id is None:
                    self.guide_id = self.services.guides.create(data)
                else:
                    self.services.guides.update(self.guide_id, data)
            except ValidationError as error:
                errors = error.errors
            except Exception as error:
                show_error(self, error)
                return
        for key, label in self.errors.items():
            label.show_message(errors.get(key))
        if errors:
            return
        assert self.guide_id is not None
        self.saved.emit(self.guide_id)
        self.accept()
