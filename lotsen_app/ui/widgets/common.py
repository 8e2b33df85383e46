"""Small shared widgets and helpers for German forms."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import StrEnum
from typing import TypeVar

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListView,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from lotsen_app.domain.errors import DomainError
from lotsen_app.domain.languages import LANGUAGES

ERROR_STYLE = "color: #b00020;"


EnumT = TypeVar("EnumT", bound=StrEnum)


def enum_data(combo: QComboBox, enum_type: type[EnumT]) -> EnumT | None:
    """The combo's current item data as the enum it was stored as.

    Qt stores a StrEnum member as a plain string, so it has to be turned back.
    """
    value = combo.currentData()
    return None if value is None else enum_type(value)


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(value: date, parent: QWidget | None = None) -> QDateEdit:
    edit = QDateEdit(to_qdate(value), parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd.MM.yyyy")
    return edit


def dialog_buttons(
    dialog: QDialog, on_accept: Callable[[], None], ok_text: str | None = None
) -> QDialogButtonBox:
    """German buttons: "Speichern" (or ``ok_text`` on an OK button) and "Abbrechen"."""
    Button = QDialogButtonBox.StandardButton
    ok = Button.Save if ok_text is None else Button.Ok
    buttons = QDialogButtonBox(ok | Button.Cancel)
    buttons.button(ok).setText(ok_text or dialog.tr("Speichern"))
    buttons.button(Button.Cancel).setText(dialog.tr("Abbrechen"))
    buttons.accepted.connect(on_accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class ErrorLabel(QLabel):
    """The German message under a field; hidden while the field is fine."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.hide()

    def show_message(self, message: str | None) -> None:
        self.setText(message or "")
        self.setVisible(bool(message))


def field_with_error(field: QWidget) -> tuple[QWidget, ErrorLabel]:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    error = ErrorLabel(box)
    layout.addWidget(error)
    return box, error


class LanguagePicker(QListView):
    """Checkable list of languages (a model, not an item widget)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language_model = QStandardItemModel(self)
        for code, name in LANGUAGES.items():
            item = QStandardItem(name)
            item.setData(code, Qt.ItemDataRole.UserRole)
            item.setCheckable(True)
            item.setEditable(False)
            self.language_model.appendRow(item)
        self.setModel(self.language_model)
        self.setMaximumHeight(130)

    def set_codes(self, codes: tuple[str, ...]) -> None:
        wanted = set(codes)
        for row in range(self.language_model.rowCount()):
            item = self.language_model.item(row)
            checked = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def codes(self) -> tuple[str, ...]:
        return tuple(
            self.language_model.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.language_model.rowCount())
            if self.language_model.item(row).checkState() == Qt.CheckState.Checked
        )


UNEXPECTED_ERROR = (
    "Das hat nicht geklappt. Ihre Eingaben wurden nicht gespeichert; bitte noch einmal versuchen."
)


def show_error(parent: QWidget | None, error: Exception) -> None:
    """A German message for the user. Errors meant for the user (DomainError) are shown as they
    are; anything unexpected gets one plain sentence, without technical names or details."""
    if isinstance(error, DomainError):
        QMessageBox.warning(parent, "Lotsen", str(error))
    else:
        QMessageBox.critical(parent, "Lotsen", UNEXPECTED_ERROR)


def show_field_errors(
    errors: dict[str, str], field_errors: dict[str, ErrorLabel], general: ErrorLabel
) -> None:
    """Each message under its field; messages without a field (or an unknown one) under the form.

    Several names may share one label; their messages are joined. Labels without a message hide.
    """
    shown: dict[ErrorLabel, list[str]] = {label: [] for label in field_errors.values()}
    rest = []
    for name, message in errors.items():
        label = field_errors.get(name)
        if label is None:
            rest.append(message)
        else:
            shown[label].append(message)
    for label, messages in shown.items():
        label.show_message(" ".join(messages) or None)
    general.show_message(" ".join(rest) or None)
