"""The authority directory as a table: fictitious (demo) entries are shown in italics."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from lotsen_app.domain.appointments import AuthorityData
from lotsen_app.domain.names import fold
from lotsen_app.ui.models.row_table_model import (
    DISPLAY_ROLE,
    AnyIndex,
    ColumnSpec,
    RowTableModel,
)

FONT_ROLE = int(Qt.ItemDataRole.FontRole)


def hours_today(row: AuthorityData, today: date) -> str:
    if not row.opening_hours.known:
        return "unbekannt"
    return row.opening_hours.day_text(today.weekday())


def authority_columns(
    today: Callable[[], date], usage: Callable[[], Mapping[int, int]]
) -> list[ColumnSpec[AuthorityData]]:
    def appointments(row: AuthorityData) -> int:
        return usage().get(row.id, 0) if row.id is not None else 0

    def week(row: AuthorityData) -> str:
        hours = row.opening_hours.text().replace("; ", "\n") or "unbekannt"
        return f"Heute: {hours_today(row, today())}\n\nÖffnungszeiten:\n{hours}"

    # Every cell has its full text as a tooltip: narrow columns elide, the tooltip does not.
    # Today's hours come right after the kind, where they are seen without scrolling.
    return [
        ColumnSpec(
            "Name",
            lambda r: r.display_name,
            lambda r: (fold(r.name), r.id or 0),
            tooltip=lambda r: "\n".join(p for p in (r.display_name, r.department) if p),
        ),
        ColumnSpec(
            "Art",
            lambda r: r.kind.label,
            lambda r: (fold(r.kind.label), fold(r.name)),
            tooltip=lambda r: r.kind.label,
        ),
        ColumnSpec("Heute geöffnet", lambda r: hours_today(r, today()), tooltip=week),
        ColumnSpec(
            "Adresse",
            lambda r: r.address,
            lambda r: fold(r.address),
            tooltip=lambda r: ", ".join(p for p in (r.address, r.room and f"Raum {r.room}") if p),
        ),
        ColumnSpec("Telefon", lambda r: r.phone, tooltip=lambda r: r.phone),
        ColumnSpec(
            "Termine",
            lambda r: str(appointments(r)),
            appointments,
            align_right=True,
            tooltip=lambda r: (
                "1 Termin bei dieser Stelle"
                if appointments(r) == 1
                else f"{appointments(r)} Termine bei dieser Stelle"
            ),
        ),
    ]


class AuthorityTableModel(RowTableModel[AuthorityData]):
    def __init__(
        self,
        today: Callable[[], date],
        usage: Callable[[], Mapping[int, int]],
        parent: Any = None,
    ) -> None:
        super().__init__(authority_columns(today, usage), parent)
        self._italic = QFont()
        self._italic.setItalic(True)

    def data(self, index: AnyIndex, role: int = DISPLAY_ROLE) -> Any:
        if role == FONT_ROLE:
            return self._italic if self.rows[index.row()].is_fictitious else None
        return super().data(index, role)
