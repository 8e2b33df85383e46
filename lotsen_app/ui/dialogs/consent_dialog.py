"""Record the consent a client signed: the date, the boxes ticked on the form, and which form
(version and language) they were given. Earlier consents are listed below, and the current one
can be withdrawn."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QStringListModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lotsen_app.domain.consent import CONSENT_MISSING, ConsentRow, NewConsent
from lotsen_app.domain.errors import ValidationError
from lotsen_app.domain.languages import LETTER_LANGUAGES, language_name
from lotsen_app.letters import consent_version
from lotsen_app.services.container import Services
from lotsen_app.ui.widgets.common import (
    ErrorLabel,
    add_field,
    date_edit,
    dialog_buttons,
    from_qdate,
    show_error,
    show_field_errors,
)


def consent_status_html(consent: ConsentRow | None) -> str:
    """One line for the client's details: the consent in force, or the reminder in red."""
    if consent is None:
        return f"<span style='color:#b00020'><b>{escape(CONSENT_MISSING)}</b></span>"
    return escape(consent.summary)


class ConsentDialog(QDialog):
    def __init__(
        self,
        services: Services,
        client_id: int,
        parent: QWidget | None = None,
        *,
        language: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.client_id = client_id
        self.saved_id: int | None = None
        name = services.clients.names_for([client_id]).get(client_id, "")
        self.setWindowTitle(self.tr("Einwilligung erfassen: {0}").format(name))

        self.version = consent_version()
        self.given_on = date_edit(services.clock().date())
        self.language = QComboBox()
        for code in LETTER_LANGUAGES:
            label = "Deutsch" if code == "de" else f"Deutsch und {language_name(code)}"
            self.language.addItem(label, code)
        chosen = language or services.outgoing.consent(client_id).language
        self.language.setCurrentIndex(max(0, self.language.findData(chosen)))
        self.storage = QCheckBox(self.tr("Daten dürfen wie beschrieben gespeichert werden"))
        self.storage.setChecked(True)
        self.health = QCheckBox(self.tr("Das Thema Gesundheit darf notiert werden"))
        self.authorities = QCheckBox(self.tr("Die Lotsin/der Lotse darf mit Ämtern sprechen"))

        self.general_error = ErrorLabel()
        form = QFormLayout()
        date_error = add_field(form, self.tr("Unterschrieben am:"), self.given_on)
        form.addRow(self.tr("Formular:"), QLabel(self.tr("Fassung {0}").format(self.version)))
        language_error = add_field(form, self.tr("Sprache des Formulars:"), self.language)
        self.field_errors = {
            "given_on": date_error,
            "sheet_language": language_error,
            "sheet_version": language_error,
            "storage": add_field(form, self.tr("Angekreuzt:"), self.storage),
        }
        form.addRow("", self.health)
        form.addRow("", self.authorities)

        self.history_model = QStringListModel(self)
        self.history = QListView()
        self.history.setModel(self.history_model)
        self.history.setMaximumHeight(90)
        self.withdraw_button = QPushButton(self.tr("Einwilligung widerrufen …"))
        self.withdraw_button.clicked.connect(self.withdraw)
        history_row = QHBoxLayout()
        history_row.addWidget(self.history, 1)
        history_row.addWidget(self.withdraw_button)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(QLabel(self.tr("<b>Bisher</b>")))
        layout.addLayout(history_row)
        layout.addWidget(dialog_buttons(self, self.save))
        self.setMinimumWidth(520)
        self._load_history()

    def _load_history(self) -> None:
        rows = self.services.consent.history(self.client_id)
        self.history_model.setStringList(
            [row.summary for row in rows] or [self.tr("noch keine Einwilligung erfasst")]
        )
        self.current = next((row for row in rows if row.active), None)
        self.withdraw_button.setEnabled(self.current is not None)

    def data(self) -> NewConsent:
        return NewConsent(
            client_id=self.client_id,
            given_on=from_qdate(self.given_on.date()),
            sheet_version=self.version,
            sheet_language=str(self.language.currentData()),
            storage_allowed=self.storage.isChecked(),
            health_allowed=self.health.isChecked(),
            authority_contact_allowed=self.authorities.isChecked(),
        )

    def save(self) -> None:
        try:
            self.saved_id = self.services.consent.record(self.data())
        except ValidationError as error:
            show_field_errors(error.errors, self.field_errors, self.general_error)
            return
        except Exception as error:
            show_error(self, error)
            return
        self.accept()

    def withdraw(self) -> None:
        if self.current is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Einwilligung widerrufen"),
            self.tr(
                "Die Einwilligung vom {0} als heute widerrufen eintragen? Danach dürfen keine "
                "neuen Daten über die Person gespeichert werden."
            ).format(f"{self.current.given_on:%d.%m.%Y}"),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.services.consent.withdraw(self.current.id)
        except Exception as error:
            show_error(self, error)
            return
        self._load_history()
