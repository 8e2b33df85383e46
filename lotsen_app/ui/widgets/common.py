"""Small shared widgets and helpers for German forms."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from enum import StrEnum
from typing import TypeVar

from PySide6.QtCore import QAbstractItemModel, QDate, Qt
from PySide6.QtGui import QGuiApplication, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QListView,
    QMessageBox,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lotsen_app.domain.errors import DomainError, ValidationError
from lotsen_app.domain.languages import LANGUAGES

ERROR_STYLE = "color: #b00020;"
# Room for the title bar and frame, which the screen's free area includes but resize() does not.
WINDOW_FRAME_ALLOWANCE = 40


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


def scrolling_form(
    dialog: QDialog, content: QWidget, on_save: Callable[[], None]
) -> tuple[ErrorLabel, QDialogButtonBox]:
    """A long dialog: ``content`` scrolls, the message under the form and the German buttons
    stay in view. Returns the general error label and the buttons."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setWidget(content)
    error = ErrorLabel()
    buttons = dialog_buttons(dialog, on_save)
    layout = QVBoxLayout(dialog)
    layout.addWidget(scroll, 1)
    layout.addWidget(error)
    layout.addWidget(buttons)
    return error, buttons


def add_field(form: QFormLayout, label: str, field: QWidget) -> ErrorLabel:
    """A form row with its German error message underneath; returns the message label."""
    box, error = field_with_error(field)
    form.addRow(label, box)
    return error


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


def confirm_delete(parent: QWidget, title: str, text: str) -> bool:
    """Ask before deleting: "Löschen" or "Abbrechen", the safe answer as the default."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    Button = QMessageBox.StandardButton
    box.setStandardButtons(Button.Yes | Button.No)
    box.button(Button.Yes).setText(parent.tr("Löschen"))
    box.button(Button.No).setText(parent.tr("Abbrechen"))
    box.setDefaultButton(Button.No)
    return box.exec() == Button.Yes


def confirm_discard(parent: QWidget) -> bool:
    """Ask before closing a form whose input would be lost: True to discard it; "Nein" (keep
    editing) is the default, so that Enter or Escape in the question keeps the input."""
    Button = QMessageBox.StandardButton
    answer = QMessageBox.question(
        parent,
        parent.tr("Eingaben verwerfen?"),
        parent.tr(
            "Sie haben hier etwas eingegeben oder geändert, das noch nicht gespeichert ist. "
            "Eingaben verwerfen und das Fenster schließen?"
        ),
        Button.Yes | Button.No,
        Button.No,
    )
    return answer == Button.Yes


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


def save_and_accept(
    dialog: QDialog,
    save: Callable[[], object],
    field_errors: dict[str, ErrorLabel],
    general: ErrorLabel,
) -> bool:
    """Run ``save`` and close the dialog as accepted; True if it was saved.

    A ValidationError puts each message under its field, another DomainError its message under
    the form (old field messages go), anything unexpected gets the plain message box.
    """
    try:
        save()
    except ValidationError as error:
        show_field_errors(error.errors, field_errors, general)
        return False
    except DomainError as error:
        show_field_errors({}, field_errors, general)
        general.show_message(str(error))
        return False
    except Exception as error:
        show_error(dialog, error)
        return False
    dialog.accept()
    return True


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize ``window`` to width × height, but never beyond the free area of its screen
    (without the taskbar), so that a small laptop screen still shows the buttons at the bottom."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        free = screen.availableGeometry()
        width = min(width, free.width())
        height = min(height, free.height() - WINDOW_FRAME_ALLOWANCE)
    window.resize(width, height)


def data_table(
    model: QAbstractItemModel,
    widths: Sequence[int] = (),
    *,
    sortable: bool = False,
    stretch_column: int | None = None,
    fit_contents: bool = False,
) -> QTableView:
    """A read-only table of rows: one whole row selected at a time, no row numbers, one line
    per cell. ``widths`` are the starting widths from the left (the user may change them), or
    with ``fit_contents`` each column is as wide as its contents. ``stretch_column`` takes the
    spare room (its entry in ``widths`` does not count); without it the last column does."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    table.setSortingEnabled(sortable)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setMinimumSectionSize(60)
    header.setSectionResizeMode(
        QHeaderView.ResizeMode.ResizeToContents
        if fit_contents
        else QHeaderView.ResizeMode.Interactive
    )
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width)
    if stretch_column is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    return table
