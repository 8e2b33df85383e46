"""A table model over a list of plain row objects. Holds rows; never queries."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTableView

RowT = TypeVar("RowT")
ROW_ROLE = int(Qt.ItemDataRole.UserRole) + 1
# Plain ints: data() runs for every painted cell and role, and enum lookups cost time there.
DISPLAY_ROLE = int(Qt.ItemDataRole.DisplayRole)
ALIGNMENT_ROLE = int(Qt.ItemDataRole.TextAlignmentRole)
BACKGROUND_ROLE = int(Qt.ItemDataRole.BackgroundRole)
TOOLTIP_ROLE = int(Qt.ItemDataRole.ToolTipRole)
RIGHT_ALIGNED = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class ColumnSpec(Generic[RowT]):
    header: str
    text: Callable[[RowT], str]
    sort_key: Callable[[RowT], Any] | None = None
    align_right: bool = False
    background: Callable[[RowT], str | None] | None = None  # a colour name, e.g. "#f8d7da"
    tooltip: Callable[[RowT], str] | None = None


def cell_data(row: RowT, column: ColumnSpec[RowT], role: int) -> Any:
    if role == DISPLAY_ROLE:
        return column.text(row)
    if role == ALIGNMENT_ROLE and column.align_right:
        return RIGHT_ALIGNED
    if role == ROW_ROLE:
        return row
    if role == BACKGROUND_ROLE and column.background is not None:
        colour = column.background(row)
        return QColor(colour) if colour else None
    if role == TOOLTIP_ROLE and column.tooltip is not None:
        return column.tooltip(row)
    return None


class RowTableModel(QAbstractTableModel, Generic[RowT]):
    """Shows ``rows`` through ``columns``; sorts in Python on precomputable keys."""

    def __init__(self, columns: Sequence[ColumnSpec[RowT]], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[RowT] = []

    def set_rows(self, rows: Sequence[RowT]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> RowT:
        return self.rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: AnyIndex, role: int = DISPLAY_ROLE) -> Any:
        return cell_data(self.rows[index.row()], self.columns[index.column()], role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        spec = self.columns[column]
        key = spec.sort_key or spec.text
        self.layoutAboutToBeChanged.emit()
        old_rows = self.rows
        self.rows = sorted(old_rows, key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        # Keep selections and the current index on the same rows.
        position = {id(row): new for new, row in enumerate(self.rows)}
        old_indexes = self.persistentIndexList()
        new_indexes = [
            self.index(position[id(old_rows[index.row()])], index.column()) for index in old_indexes
        ]
        self.changePersistentIndexList(old_indexes, new_indexes)
        self.layoutChanged.emit()


def selected_row(view: QTableView, model: RowTableModel[RowT]) -> RowT | None:
    """The row selected in a single-selection view on ``model`` (directly, no proxy)."""
    rows = view.selectionModel().selectedRows()
    return model.row_at(rows[0].row()) if rows else None


def select_row(
    view: QTableView, model: RowTableModel[RowT], wanted: Callable[[RowT], bool]
) -> bool:
    """Select the first row for which ``wanted`` is true; False when there is none."""
    for position, row in enumerate(model.rows):
        if wanted(row):
            view.selectRow(position)
            return True
    return False
