"""Procedure checklists in the settings: ready task lists a guide applies to a client."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lotsen_app.domain.casework import ProcedureTemplate, TemplateItem
from lotsen_app.domain.enums import StepActor
from lotsen_app.domain.errors import DomainError, ValidationError
from lotsen_app.services.container import Services
from lotsen_app.ui.models.row_table_model import ColumnSpec, RowTableModel, selected_row
from lotsen_app.ui.widgets.common import (
    ErrorLabel,
    enum_data,
    field_with_error,
    show_error,
    show_field_errors,
)

# One line of the item list: its number and the item (numbers keep equal texts apart).
ItemLine = tuple[int, TemplateItem]


class ProcedureTemplatesWidget(QGroupBox):
    """List of checklists on the left; the chosen one's name and items, editable, on the right.

    Changes are kept in the form until "Speichern"; switching to another checklist asks first.
    """

    changed = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Checklisten für Verfahren"))
        self.services = services
        self.current: ProcedureTemplate | None = None  # what the form started from
        self.items: list[TemplateItem] = []
        self.dirty = False
        self._loading = False

        self.list_model: RowTableModel[ProcedureTemplate] = RowTableModel(
            [ColumnSpec(self.tr("Checkliste"), lambda t: t.name)], self
        )
        self.list = QTableView()
        self.list.setModel(self.list_model)
        self.list.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.list.verticalHeader().hide()
        self.list.horizontalHeader().setStretchLastSection(True)
        self.list.setMinimumWidth(220)
        self.list.selectionModel().selectionChanged.connect(lambda *_: self._template_chosen())

        self.new_button = QPushButton(self.tr("Neue Checkliste"))
        self.new_button.clicked.connect(self.new_template)
        self.delete_button = QPushButton(self.tr("Löschen …"))
        self.delete_button.clicked.connect(self.delete_template)

        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("z. B. Kindergeld-Antrag"))
        self.name.textEdited.connect(lambda _t: self._edited())
        self.item_model: RowTableModel[ItemLine] = RowTableModel(
            [
                ColumnSpec("Nr.", lambda line: str(line[0] + 1), align_right=True),
                ColumnSpec(self.tr("Punkt"), lambda line: line[1].text),
                ColumnSpec(
                    self.tr("Wer soll es tun?"),
                    lambda line: line[1].actor.label if line[1].actor else "",
                ),
            ],
            self,
        )
        self.item_table = QTableView()
        self.item_table.setModel(self.item_model)
        self.item_table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.item_table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.item_table.verticalHeader().hide()
        self.item_table.setWordWrap(False)
        header = self.item_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.item_table.selectionModel().selectionChanged.connect(lambda *_: self._item_chosen())

        self.item_text = QLineEdit()
        self.item_text.setPlaceholderText(self.tr("Text des gewählten Punkts"))
        self.item_text.textEdited.connect(lambda _t: self._item_edited())
        self.item_actor = QComboBox()
        self.item_actor.addItem(self.tr("offen lassen"), None)
        for actor in StepActor:
            self.item_actor.addItem(actor.label, actor)
        self.item_actor.currentIndexChanged.connect(lambda _i: self._item_edited())
        self.add_item_button = QPushButton(self.tr("Punkt hinzufügen"))
        self.add_item_button.clicked.connect(self.add_item)
        self.remove_item_button = QPushButton(self.tr("Punkt entfernen"))
        self.remove_item_button.clicked.connect(self.remove_item)
        self.up_button = QPushButton(self.tr("Nach oben"))
        self.up_button.clicked.connect(lambda: self.move_item(-1))
        self.down_button = QPushButton(self.tr("Nach unten"))
        self.down_button.clicked.connect(lambda: self.move_item(1))
        self.save_button = QPushButton(self.tr("Speichern"))
        self.save_button.clicked.connect(self.save)
        self.discard_button = QPushButton(self.tr("Verwerfen"))
        self.discard_button.clicked.connect(self.discard)

        name_box, name_error = field_with_error(self.name)
        items_box, items_error = field_with_error(self.item_table)
        self.field_errors = {"name": name_error, "items": items_error}
        self.error = ErrorLabel()
        self.state = QLabel()

        left = QVBoxLayout()
        left.addWidget(self.list)
        left_buttons = QHBoxLayout()
        left_buttons.addWidget(self.new_button)
        left_buttons.addWidget(self.delete_button)
        left.addLayout(left_buttons)

        item_edit = QHBoxLayout()
        item_edit.addWidget(self.item_text, 3)
        item_edit.addWidget(self.item_actor, 1)
        item_buttons = QHBoxLayout()
        for button in (
            self.add_item_button,
            self.remove_item_button,
            self.up_button,
            self.down_button,
        ):
            item_buttons.addWidget(button)
        item_buttons.addStretch()
        save_row = QHBoxLayout()
        save_row.addWidget(self.state, 1)
        save_row.addWidget(self.discard_button)
        save_row.addWidget(self.save_button)

        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("Name")))
        right.addWidget(name_box)
        right.addWidget(QLabel(self.tr("Punkte (werden beim Anwenden zu Aufgaben)")))
        right.addWidget(items_box, 1)
        right.addLayout(item_edit)
        right.addLayout(item_buttons)
        right.addWidget(self.error)
        right.addLayout(save_row)

        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 2)
        self.reload()

    # --- loading ---------------------------------------------------------------------------

    def reload(self, select_id: int | None = None) -> None:
        try:
            templates = self.services.casework.templates()
        except Exception as error:
            show_error(self, error)
            return
        wanted = select_id if select_id is not None else (self.current.id if self.current else None)
        self._loading = True
        self.list_model.set_rows(templates)
        self._loading = False
        row = next((i for i, t in enumerate(templates) if t.id == wanted), 0 if templates else -1)
        if row >= 0:
            self.list.selectRow(row)
        self._show(self.selected_template())

    def selected_template(self) -> ProcedureTemplate | None:
        return selected_row(self.list, self.list_model)

    def select_template(self, name: str) -> bool:
        for row, template in enumerate(self.list_model.rows):
            if template.name == name:
                self.list.selectRow(row)
                return True
        return False

    def _template_chosen(self) -> None:
        if self._loading:
            return
        chosen = self.selected_template()
        if chosen is not None and self.current is not None and chosen.id == self.current.id:
            return
        if not self.dirty:
            self._show(chosen)
            return
        if self._leave_changes():
            self.dirty = False
            self.reload(chosen.id if chosen is not None else None)
            return
        # Not saved (the form shows why): keep the list on what the form shows.
        self._loading = True
        if self.current is None:
            self.list.clearSelection()
        else:
            self.select_template(self.current.name)
        self._loading = False

    def _leave_changes(self) -> bool:
        """Ask what to do with unsaved changes; True when the form may show something else."""
        Button = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self,
            self.tr("Checkliste geändert"),
            self.tr("Die Änderungen an der Checkliste „{0}“ speichern?").format(
                self.name.text() or self.tr("(ohne Namen)")
            ),
            Button.Save | Button.Discard,
            Button.Save,
        )
        if answer == Button.Save:
            return self._save()
        return True

    def _show(self, template: ProcedureTemplate | None) -> None:
        self.current = template
        self.items = list(template.items) if template else []
        self.name.setText(template.name if template else "")
        self.dirty = False
        show_field_errors({}, self.field_errors, self.error)
        self._show_items(0 if self.items else None)
        self._update_state()

    def _show_items(self, select: int | None) -> None:
        self.item_model.set_rows(list(enumerate(self.items)))
        if select is not None and 0 <= select < len(self.items):
            self.item_table.selectRow(select)
        self._item_chosen()

    def _update_state(self) -> None:
        self.delete_button.setEnabled(self.current is not None and self.current.id is not None)
        self.save_button.setEnabled(self.dirty)
        self.discard_button.setEnabled(self.dirty)
        if self.current is None:
            self.state.setText(self.tr("Neue Checkliste (noch nicht gespeichert)"))
        elif self.dirty:
            self.state.setText(self.tr("Geändert, noch nicht gespeichert"))
        else:
            self.state.setText("")

    # --- items -----------------------------------------------------------------------------

    def selected_item(self) -> int | None:
        line = selected_row(self.item_table, self.item_model)
        return line[0] if line is not None else None

    def _item_chosen(self) -> None:
        index = self.selected_item()
        has = index is not None
        self.item_text.setEnabled(has)
        self.item_actor.setEnabled(has)
        self.remove_item_button.setEnabled(has)
        self.up_button.setEnabled(index is not None and index > 0)
        self.down_button.setEnabled(index is not None and index < len(self.items) - 1)
        item = self.items[index] if index is not None else None
        self.item_actor.blockSignals(True)
        self.item_text.setText(item.text if item else "")
        self.item_actor.setCurrentIndex(
            max(self.item_actor.findData(item.actor), 0) if item and item.actor else 0
        )
        self.item_actor.blockSignals(False)

    def _item_edited(self) -> None:
        index = self.selected_item()
        if index is None:
            return
        self.items[index] = TemplateItem(
            self.item_text.text(), enum_data(self.item_actor, StepActor)
        )
        model = self.item_model
        model.rows[index] = (index, self.items[index])
        model.dataChanged.emit(model.index(index, 0), model.index(index, model.columnCount() - 1))
        self._edited()

    def add_item(self) -> None:
        index = self.selected_item()
        position = len(self.items) if index is None else index + 1
        self.items.insert(position, TemplateItem("", StepActor.TOGETHER))
        self._show_items(position)
        self._edited()
        self.item_text.setFocus()

    def remove_item(self) -> None:
        index = self.selected_item()
        if index is None:
            return
        del self.items[index]
        self._show_items(min(index, len(self.items) - 1) if self.items else None)
        self._edited()

    def move_item(self, step: int) -> None:
        index = self.selected_item()
        if index is None or not 0 <= index + step < len(self.items):
            return
        items = self.items
        items[index], items[index + step] = items[index + step], items[index]
        self._show_items(index + step)
        self._edited()

    def _edited(self) -> None:
        self.dirty = True
        self._update_state()

    # --- templates -------------------------------------------------------------------------

    def new_template(self) -> None:
        if self.dirty and not self._leave_changes():
            return
        self._loading = True
        self.list.clearSelection()
        self._loading = False
        self._show(None)
        self.items = [TemplateItem("", StepActor.TOGETHER)]
        self._show_items(0)
        self.dirty = True
        self._update_state()
        self.name.setFocus()

    def edited_template(self) -> ProcedureTemplate:
        base = self.current
        template = ProcedureTemplate(name=self.name.text(), items=tuple(self.items))
        return replace(template, id=base.id, position=base.position) if base else template

    def save(self) -> None:
        self._save()

    def _save(self) -> bool:
        try:
            saved_id = self.services.casework.save_template(self.edited_template())
        except ValidationError as error:
            show_field_errors(error.errors, self.field_errors, self.error)
            return False
        except DomainError as error:
            self.error.show_message(str(error))
            return False
        except Exception as error:
            show_error(self, error)
            return False
        self.dirty = False
        self.reload(saved_id)
        self.changed.emit()
        return True

    def discard(self) -> None:
        self.dirty = False
        self.reload()

    def delete_template(self) -> None:
        template = self.current
        if template is None or template.id is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Checkliste löschen"),
            self.tr(
                "Die Checkliste „{0}“ löschen? Aufgaben, die schon daraus angelegt wurden, "
                "bleiben erhalten."
            ).format(template.name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.services.casework.delete_template(template.id)
        except Exception as error:
            show_error(self, error)
            return
        self.current = None
        self.dirty = False
        self.reload()
        self.changed.emit()
