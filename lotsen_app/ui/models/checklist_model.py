"""What to bring, as an editable and tickable list model (shown in a QListView)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from lotsen_app.domain.appointments import ChecklistItem

AnyIndex = QModelIndex | QPersistentModelIndex
CHECK_ROLE = int(Qt.ItemDataRole.CheckStateRole)
EDIT_ROLE = int(Qt.ItemDataRole.EditRole)
DISPLAY_ROLE = int(Qt.ItemDataRole.DisplayRole)


class ChecklistModel(QAbstractListModel):
    """Holds the items; ``edited`` fires when a text is changed, added or removed (not on ticks)."""

    edited = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[ChecklistItem] = []

    def items(self) -> tuple[ChecklistItem, ...]:
        return tuple(self._items)

    def set_items(self, items: Iterable[ChecklistItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def append(self, text: str) -> QModelIndex:
        position = len(self._items)
        self.beginInsertRows(QModelIndex(), position, position)
        self._items.append(ChecklistItem(text))
        self.endInsertRows()
        self.edited.emit()
        return self.index(position, 0)

    def remove(self, position: int) -> None:
        if 0 <= position < len(self._items):
            self.beginRemoveRows(QModelIndex(), position, position)
            del self._items[position]
            self.endRemoveRows()
            self.edited.emit()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: AnyIndex, role: int = DISPLAY_ROLE) -> Any:
        if not index.isValid():
            return None
        item = self._items[index.row()]
        if role in (DISPLAY_ROLE, EDIT_ROLE):
            return item.text
        if role == CHECK_ROLE:
            return Qt.CheckState.Checked if item.done else Qt.CheckState.Unchecked
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid():
            return base
        return base | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: AnyIndex, value: Any, role: int = EDIT_ROLE) -> bool:
        if not index.isValid():
            return False
        item = self._items[index.row()]
        if role == CHECK_ROLE:
            done = Qt.CheckState(value) == Qt.CheckState.Checked
            self._items[index.row()] = ChecklistItem(item.text, done)
        elif role == EDIT_ROLE:
            text = str(value)  # an emptied item is caught by the validation when saving
            if text == item.text:
                return False
            self._items[index.row()] = ChecklistItem(text, item.done)
            self.edited.emit()
        else:
            return False
        self.dataChanged.emit(index, index, [role])
        return True
