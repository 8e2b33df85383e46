"""Einstellungen: the database in use, the sender of letters, the retention period, the letter
translations and the district list."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFontMetrics, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lotsen_app.domain.deadlines import STATES
from lotsen_app.domain.errors import ValidationError
from lotsen_app.domain.languages import LETTER_LANGUAGES, language_name
from lotsen_app.letters.texts import text_problems, texts_path
from lotsen_app.services.container import Services
from lotsen_app.services.settings import (
    MAX_LOGO_BYTES,
    MAX_RETENTION_YEARS,
    MIN_RETENTION_YEARS,
    default_user_name,
    validate_logo,
)
from lotsen_app.ui.models.row_table_model import ColumnSpec, RowTableModel
from lotsen_app.ui.widgets.common import (
    ErrorLabel,
    dialog_buttons,
    field_with_error,
    show_error,
    show_field_errors,
)
from lotsen_app.ui.widgets.procedure_templates_widget import ProcedureTemplatesWidget

DistrictRow = tuple[int, str, str, bool, int]

DISTRICT_COLUMNS: list[ColumnSpec[DistrictRow]] = [
    ColumnSpec("Stadtteil", lambda d: d[1]),
    ColumnSpec("Bezirk", lambda d: d[2]),
    ColumnSpec("in Auswahl", lambda d: "ja" if d[3] else "nein"),
    ColumnSpec("Klient:innen", lambda d: str(d[4]), lambda d: d[4], align_right=True),
]

WARNING_STYLE = (
    "QLabel { background: #fff3cd; color: #5c4400; border: 1px solid #e6c85c;"
    " border-radius: 4px; padding: 6px; }"
)
HINT_STYLE = "color: #555;"
SAVED_STYLE = "color: #1b5e20; font-weight: bold;"
UNREVIEWED_COLOUR = "#fff3cd"
BROKEN_COLOUR = "#f8d7da"
LOGO_PREVIEW_SIZE = (180, 72)
FIELD_WIDTH = 560


@dataclass(frozen=True)
class TranslationStatus:
    """One letter language as the settings show it."""

    code: str
    own_name: str = ""
    reviewed: bool = False
    reviewer: str = ""
    problems: tuple[str, ...] = ()

    @property
    def german_name(self) -> str:
        return language_name(self.code)

    @property
    def broken(self) -> bool:
        return bool(self.problems)

    def status_text(self) -> str:
        if self.problems:
            more = len(self.problems) - 1
            extra = f" (und {more} weitere Fehler)" if more else ""
            return f"fehlerhaft: {self.problems[0]}{extra}"
        if self.reviewed:
            return f"geprüft ({self.reviewer})" if self.reviewer else "geprüft"
        return "nicht geprüft"

    def tooltip(self) -> str:
        if self.problems:
            return "\n".join(self.problems)
        if self.reviewed:
            return "Von einer Muttersprachlerin oder einem Muttersprachler geprüft."
        return (
            "Noch nicht von einer Muttersprachlerin oder einem Muttersprachler geprüft. "
            "Die Briefe werden trotzdem gedruckt; der deutsche Text gilt."
        )


def _without_code(code: str, problem: str) -> str:
    prefix = f"{code}: "
    return problem[len(prefix) :] if problem.startswith(prefix) else problem


def translation_status(code: str, path: Path | None = None) -> TranslationStatus:
    """The status of one language file (the shipped one unless ``path`` is given), checked
    with the same rules as the letters; problems are reported, never raised."""
    path = texts_path(code) if path is None else path
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        return TranslationStatus(code, problems=(f"Die Datei {path.name} fehlt.",))
    except (OSError, UnicodeDecodeError) as error:
        return TranslationStatus(code, problems=(f"Die Datei ist nicht lesbar ({error}).",))
    except tomllib.TOMLDecodeError as error:
        return TranslationStatus(code, problems=(f"Schreibfehler in der Datei ({error}).",))
    meta = data.get("meta")
    meta = meta if isinstance(meta, dict) else {}
    own_name = meta.get("language")
    reviewer = meta.get("reviewer")
    problems = tuple(_without_code(code, problem) for problem in text_problems(code, data))
    return TranslationStatus(
        code,
        own_name.strip() if isinstance(own_name, str) else "",
        meta.get("reviewed") is True,
        reviewer.strip() if isinstance(reviewer, str) else "",
        problems,
    )


def _row_colour(status: TranslationStatus) -> str | None:
    if status.broken:
        return BROKEN_COLOUR
    return None if status.reviewed else UNREVIEWED_COLOUR


TRANSLATION_COLUMNS: list[ColumnSpec[TranslationStatus]] = [
    ColumnSpec("Code", lambda t: t.code, background=_row_colour),
    ColumnSpec("Sprache", lambda t: t.german_name, background=_row_colour),
    ColumnSpec("Name in der Sprache", lambda t: t.own_name or "–", background=_row_colour),
    ColumnSpec(
        "Status",
        TranslationStatus.status_text,
        lambda t: (not t.broken, t.reviewed, t.code),
        background=_row_colour,
        tooltip=TranslationStatus.tooltip,
    ),
]


class DistrictDialog(QDialog):
    def __init__(
        self, services: Services, row: DistrictRow | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.row = row
        self.setWindowTitle(self.tr("Stadtteil"))
        self.name = QLineEdit(row[1] if row else "")
        self.borough = QLineEdit(row[2] if row else "")
        self.active = QCheckBox(self.tr("in der Auswahl anzeigen"))
        self.active.setChecked(row[3] if row else True)
        self.error = ErrorLabel()
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Bezirk"), self.borough)
        form.addRow("", self.active)
        buttons = dialog_buttons(self, self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        try:
            if self.row is None:
                self.services.districts.add(self.name.text(), self.borough.text())
            else:
                self.services.districts.update(
                    self.row[0], self.name.text(), self.borough.text(), self.active.isChecked()
                )
        except ValidationError as error:
            self.error.show_message(str(error))
            return
        except Exception as error:
            show_error(self, error)
            return
        self.accept()


class SettingsPage(QWidget):
    def __init__(
        self,
        services: Services,
        parent: QWidget | None = None,
        load_status: Callable[[str], TranslationStatus] = translation_status,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.load_status = load_status
        self._logo: bytes | None = None
        self._dirty = False

        content = QWidget()
        content_layout = QVBoxLayout(content)
        self.content_layout = content_layout
        content_layout.addWidget(self._database_group())
        content_layout.addWidget(self._sender_group())
        content_layout.addWidget(self._translations_group())
        self.templates = ProcedureTemplatesWidget(services)
        content_layout.addWidget(self.templates)
        content_layout.addWidget(self._districts_group())
        content_layout.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.load_sender()

    def _database_group(self) -> QGroupBox:
        database = self.services.database
        info = QGroupBox(self.tr("Datenbank"))
        info_form = QFormLayout(info)
        info_form.addRow(self.tr("Datei"), QLabel(str(database.path)))
        self.encrypted_label = QLabel()
        self.show_encrypted(database.encrypted)
        info_form.addRow(self.tr("Verschlüsselt"), self.encrypted_label)
        self.state = QComboBox()
        for code, name in STATES.items():
            self.state.addItem(name, code)
        self.state.currentIndexChanged.connect(self._state_chosen)
        info_form.addRow(self.tr("Bundesland (Feiertage für Fristen)"), self.state)
        self.user_name = QLineEdit()
        self.user_name.setPlaceholderText(default_user_name())
        self.user_name.setToolTip(
            self.tr("Steht im Protokoll unter „Wer“ bei allem, was Sie anlegen oder ändern.")
        )
        self.user_name.editingFinished.connect(self.save_user_name)
        user_box, self.user_name_error = field_with_error(self.user_name)
        info_form.addRow(self.tr("Ihr Name (für das Protokoll)"), user_box)
        return info

    def show_encrypted(self, encrypted: bool) -> None:
        self.encrypted_label.setText(
            self.tr("ja, mit Passwort")
            if encrypted
            else self.tr("<b style='color:#b00020'>nein</b> – ohne Passwort lesbar")
        )

    def add_safety_groups(self, *groups: QWidget) -> None:
        """Sicherheit and Sicherungen, right under Datenbank (built by the main window, which
        owns the idle lock and the backups)."""
        for offset, group in enumerate(groups, start=1):
            self.content_layout.insertWidget(offset, group)

    def save_user_name(self) -> bool:
        name = self.user_name.text().strip()
        stored = self.services.settings.user_name()
        if name == stored or (not name and stored == default_user_name()):
            self.user_name_error.show_message(None)
            return True
        try:
            self.services.settings.set_user_name(name)
        except ValidationError as error:
            self.user_name_error.show_message(" ".join(error.errors.values()))
            return False
        self.user_name_error.show_message(None)
        return True

    def _sender_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Briefe: Absender"))
        self.sender_hint = QLabel(
            self.tr("Bitte tragen Sie den Absender ein; er steht auf jedem Brief.")
        )
        self.sender_hint.setWordWrap(True)
        self.sender_hint.setStyleSheet(WARNING_STYLE)

        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("z. B. Integrationslotsen Duisburg e. V."))
        self.address = QPlainTextEdit()
        self.address.setTabChangesFocus(True)
        self.address.setPlaceholderText(self.tr("Straße und Hausnummer\nPostleitzahl und Ort"))
        lines = QFontMetrics(self.address.font()).lineSpacing() * 3
        self.address.setFixedHeight(lines + 2 * int(self.address.frameWidth()) + 12)
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(self.tr("z. B. 0203 123456"))
        for field in (self.name, self.address, self.phone):
            field.setMaximumWidth(FIELD_WIDTH)

        self.logo_preview = QLabel()
        self.logo_preview.setFixedSize(*LOGO_PREVIEW_SIZE)
        self.logo_preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setStyleSheet("background: white; color: #777;")
        choose = QPushButton(self.tr("Logo wählen …"))
        choose.clicked.connect(self.choose_logo)
        self.remove_logo_button = QPushButton(self.tr("Logo entfernen"))
        self.remove_logo_button.clicked.connect(self.remove_logo)
        self.logo_note = QLabel()
        self.logo_note.setWordWrap(True)
        self.logo_note.setStyleSheet(HINT_STYLE)
        logo_buttons = QVBoxLayout()
        logo_buttons.addWidget(choose)
        logo_buttons.addWidget(self.remove_logo_button)
        logo_buttons.addStretch()
        logo_row = QWidget()
        logo_layout = QHBoxLayout(logo_row)
        logo_layout.setContentsMargins(0, 0, 0, 0)
        logo_layout.addWidget(self.logo_preview)
        logo_layout.addLayout(logo_buttons)
        logo_layout.addWidget(self.logo_note, 1)

        self.retention = QSpinBox()
        self.retention.setRange(MIN_RETENTION_YEARS, MAX_RETENTION_YEARS)
        self.retention.setSuffix(self.tr(" Jahre"))
        self.retention.valueChanged.connect(self._retention_changed)
        retention_hint = QLabel(
            self.tr(
                "Zeit nach dem letzten Kontakt, nach der die persönlichen Daten einer Person "
                "gelöscht werden, wenn die Begleitung beendet ist. Die Einwilligungserklärung "
                "nennt diese Frist."
            )
        )
        retention_hint.setWordWrap(True)
        retention_hint.setStyleSheet(HINT_STYLE)
        retention_row = QWidget()
        retention_layout = QHBoxLayout(retention_row)
        retention_layout.setContentsMargins(0, 0, 0, 0)
        retention_layout.addWidget(self.retention)
        retention_layout.addWidget(retention_hint, 1)

        self.field_errors: dict[str, ErrorLabel] = {}
        form = QFormLayout()
        for key, label, widget in (
            ("name", self.tr("Name der Organisation"), self.name),
            ("address", self.tr("Anschrift"), self.address),
            ("phone", self.tr("Telefon (für Absagen)"), self.phone),
            ("logo", self.tr("Logo (PNG oder JPEG, höchstens 1 MB)"), logo_row),
            ("retention_years", self.tr("Aufbewahrung nach dem letzten Kontakt"), retention_row),
        ):
            box, self.field_errors[key] = field_with_error(widget)
            form.addRow(label, box)

        self.save_button = QPushButton(self.tr("Speichern"))
        self.save_button.clicked.connect(self.save_sender)
        self.saved = QLabel(self.tr("Gespeichert."))
        self.saved.setStyleSheet(SAVED_STYLE)
        self.saved.hide()
        self.error = ErrorLabel()
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.saved)
        save_row.addStretch()

        layout = QVBoxLayout(group)
        layout.addWidget(self.sender_hint)
        layout.addLayout(form)
        layout.addLayout(save_row)
        layout.addWidget(self.error)
        for edit in (self.name, self.phone):
            edit.textChanged.connect(self._edited)
        self.address.textChanged.connect(self._edited)
        self.retention.valueChanged.connect(self._edited)
        return group

    def _translations_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Briefe: Übersetzungen"))
        self.translation_model: RowTableModel[TranslationStatus] = RowTableModel(
            TRANSLATION_COLUMNS, self
        )
        self.translation_table = QTableView()
        self.translation_table.setModel(self.translation_model)
        self.translation_table.setSelectionMode(QTableView.SelectionMode.NoSelection)
        self.translation_table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.translation_table.verticalHeader().hide()
        self.translation_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.translation_table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        legend = QLabel(
            self.tr(
                "Gelb: noch nicht von einer Muttersprachlerin oder einem Muttersprachler "
                "geprüft. Rot: die Datei hat Fehler; Briefe in dieser Sprache sind erst nach "
                "der Korrektur möglich."
            )
        )
        legend.setWordWrap(True)
        legend.setStyleSheet(HINT_STYLE)
        self.texts_folder = texts_path("de").parent
        folder = QLabel(str(self.texts_folder))
        folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        folder.setStyleSheet("font-family: monospace;")
        open_folder = QPushButton(self.tr("Ordner öffnen"))
        open_folder.clicked.connect(self.open_texts_folder)
        check_again = QPushButton(self.tr("Neu prüfen"))
        check_again.clicked.connect(self.reload_translations)
        folder_row = QHBoxLayout()
        folder_row.addWidget(QLabel(self.tr("Ordner:")))
        folder_row.addWidget(folder, 1)
        folder_row.addWidget(open_folder)
        folder_row.addWidget(check_again)
        how = QLabel(
            self.tr(
                "Jede Sprache ist eine Datei (z. B. tr.toml). Die Koordination kann Sätze dort "
                "mit einem Texteditor korrigieren. Platzhalter in geschweiften Klammern wie "
                "{name}, {date} oder {phone} bitte unverändert lassen; sie werden beim Drucken "
                "ersetzt. Nach einer Prüfung durch eine Muttersprachlerin oder einen "
                'Muttersprachler unter [meta] reviewed = true und reviewer = "Name" eintragen.'
            )
        )
        how.setWordWrap(True)
        layout = QVBoxLayout(group)
        layout.addWidget(self.translation_table)
        layout.addWidget(legend)
        layout.addLayout(folder_row)
        layout.addWidget(how)
        return group

    def _districts_group(self) -> QGroupBox:
        districts = QGroupBox(self.tr("Stadtteile (Auswahlliste)"))
        self.model: RowTableModel[DistrictRow] = RowTableModel(DISTRICT_COLUMNS, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(300)
        self.table.doubleClicked.connect(lambda _index: self.edit_district())
        add = QPushButton(self.tr("Stadtteil hinzufügen …"))
        add.clicked.connect(self.add_district)
        edit = QPushButton(self.tr("Bearbeiten …"))
        edit.clicked.connect(self.edit_district)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(edit)
        buttons.addStretch()
        district_layout = QVBoxLayout(districts)
        district_layout.addLayout(buttons)
        district_layout.addWidget(self.table)
        return districts

    def _state_chosen(self, _index: int) -> None:
        code = self.state.currentData()
        if code and code != self.services.settings.state():
            try:
                self.services.settings.set_state(code)
            except Exception as error:
                show_error(self, error)

    def reload(self) -> None:
        self.state.blockSignals(True)
        self.state.setCurrentIndex(self.state.findData(self.services.settings.state()))
        self.state.blockSignals(False)
        if not self.user_name.hasFocus():
            stored = self.services.settings.user_name()
            self.user_name.setText("" if stored == default_user_name() else stored)
        usage = self.services.districts.usage()
        self.model.set_rows(
            [
                (i, name, borough, active, usage.get(i, 0))
                for i, name, borough, active in self.services.districts.list()
            ]
        )
        if not self._dirty:  # other pages reload this one; never overwrite unsaved input
            self.load_sender()
        self.reload_translations()

    # Sender and retention

    def load_sender(self) -> None:
        """Show what is saved (fields, logo, retention) and forget unsaved input."""
        settings = self.services.settings
        fields = settings.organisation_fields()
        self.name.setText(fields.name)
        self.address.setPlainText(fields.address)
        self.phone.setText(fields.phone)
        self.retention.setValue(settings.retention_years())
        self._show_logo(settings.organisation_logo())
        self.logo_note.clear()
        self.sender_hint.setVisible(not settings.organisation_configured())
        self._dirty = False

    def _edited(self) -> None:
        self._dirty = True
        self.saved.hide()

    def _retention_changed(self, years: int) -> None:
        self.retention.setSuffix(self.tr(" Jahr") if years == 1 else self.tr(" Jahre"))

    def _show_logo(self, data: bytes | None) -> bool:
        """Preview ``data``; False (preview unchanged) when Qt cannot read the image."""
        if data is None:
            self._logo = None
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText(self.tr("kein Logo"))
            self.remove_logo_button.setEnabled(False)
            return True
        pixmap = QPixmap()
        if not pixmap.loadFromData(data):
            return False
        width, height = LOGO_PREVIEW_SIZE
        self.logo_preview.setPixmap(
            pixmap.scaled(
                width - 8,
                height - 8,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        self._logo = data
        self.remove_logo_button.setEnabled(True)
        return True

    def choose_logo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Logo wählen"),
            "",
            self.tr("Bilder (*.png *.jpg *.jpeg *.PNG *.JPG *.JPEG)"),
        )
        if path:
            self.load_logo_file(Path(path))

    def load_logo_file(self, path: Path) -> bool:
        """Take the logo from ``path`` for the next "Speichern"; the reason in German if not."""
        logo_error = self.field_errors["logo"]
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_LOGO_BYTES + 1)
        except OSError:
            logo_error.show_message(self.tr("Die Datei lässt sich nicht öffnen."))
            return False
        problem = validate_logo(data).get("logo")
        if problem is None and not self._show_logo(data):
            problem = self.tr("Das Bild lässt sich nicht lesen. Bitte ein anderes wählen.")
        logo_error.show_message(problem)
        if problem is not None:
            return False
        self.logo_note.setText(self.tr("Neues Logo – wird mit „Speichern“ übernommen."))
        self._edited()
        return True

    def remove_logo(self) -> None:
        self._show_logo(None)
        self.field_errors["logo"].show_message(None)
        self.logo_note.setText(self.tr("Das Logo wird mit „Speichern“ entfernt."))
        self._edited()

    def save_sender(self) -> bool:
        self.saved.hide()
        try:
            self.services.settings.save_letter_settings(
                self.name.text(),
                self.address.toPlainText(),
                self.phone.text(),
                self._logo,
                self.retention.value(),
            )
        except ValidationError as error:
            show_field_errors(error.errors, self.field_errors, self.error)
            return False
        except Exception as error:
            show_error(self, error)
            return False
        show_field_errors({}, self.field_errors, self.error)
        self.load_sender()
        self.saved.show()
        return True

    # Translations

    def reload_translations(self) -> None:
        statuses = []
        for code in LETTER_LANGUAGES:
            try:
                statuses.append(self.load_status(code))
            except Exception:  # a half-edited file must never take the page down
                statuses.append(
                    TranslationStatus(code, problems=("Die Datei lässt sich nicht prüfen.",))
                )
        self.translation_model.set_rows(statuses)
        table = self.translation_table
        height = (
            table.horizontalHeader().sizeHint().height()
            + table.verticalHeader().length()
            + 2 * table.frameWidth()
            + 2
        )
        table.setFixedHeight(height)

    def open_texts_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.texts_folder)))

    # Districts

    def add_district(self) -> None:
        if DistrictDialog(self.services, parent=self).exec():
            self.reload()

    def edit_district(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        if DistrictDialog(self.services, self.model.row_at(rows[0].row()), parent=self).exec():
            self.reload()
