"""The client list: a table model holding ClientRow objects and a proxy that filters them.

Search has to stay fast with tens of thousands of clients, so the proxy decides the visible rows
in one pass over precomputed folded text (see domain/names.py) and sorting is done on the source
model with plain Python keys, not by per-comparison calls through Qt.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from lotsen_app.domain.clients import ClientRow
from lotsen_app.domain.enums import ClientStatus
from lotsen_app.domain.languages import language_name
from lotsen_app.domain.names import digits, fold
from lotsen_app.ui.models.row_table_model import ColumnSpec, RowTableModel

NO_GUIDE = -1


CLIENT_COLUMNS: list[ColumnSpec[ClientRow]] = [
    ColumnSpec("Familienname", lambda r: r.family_name, lambda r: (fold(r.family_name), r.id)),
    ColumnSpec("Vorname", lambda r: r.given_name, lambda r: (fold(r.given_name), r.id)),
    ColumnSpec(
        "Geb.-Jahr",
        lambda r: str(r.birth_year) if r.birth_year else "",
        lambda r: (r.birth_year or 0, r.id),
        align_right=True,
    ),
    ColumnSpec("Stadtteil", lambda r: r.district, lambda r: (r.district, r.id)),
    ColumnSpec("Telefon", lambda r: r.phone, lambda r: (r.phone_digits, r.id)),
    ColumnSpec("Lotse/Lotsin", lambda r: r.lead_guide, lambda r: (r.lead_guide or "\uffff", r.id)),
    ColumnSpec("Status", lambda r: r.status.label, lambda r: (r.status.label, r.id)),
    ColumnSpec(
        "Briefsprache",
        lambda r: language_name(r.preferred_language),
        lambda r: (language_name(r.preferred_language), r.id),
    ),
]


class ClientTableModel(RowTableModel[ClientRow]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(CLIENT_COLUMNS, parent)

    def row_for_id(self, client_id: int) -> int | None:
        for position, row in enumerate(self.rows):
            if row.id == client_id:
                return position
        return None


class ClientProxyModel(QSortFilterProxyModel):
    """Filters by search text (names, phone, district), guide, status and district."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._text_terms: list[str] = []
        self._digit_term = ""
        self._guide_id: int | None = None
        self._statuses: frozenset[ClientStatus] | None = None
        self._district_id: int | None = None
        self._accepted: set[int] | None = None  # client ids; None means all
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def source(self) -> ClientTableModel:
        model = self.sourceModel()
        assert isinstance(model, ClientTableModel)
        return model

    def set_search_text(self, text: str) -> None:
        terms = fold(text).split()
        digit_term = digits(text) if any(ch.isdigit() for ch in text) else ""
        if terms == self._text_terms and digit_term == self._digit_term:
            return
        self._text_terms = terms
        self._digit_term = digit_term
        self.refilter()

    def set_guide(self, guide_id: int | None) -> None:
        self._guide_id = guide_id
        self.refilter()

    def set_statuses(self, statuses: Iterable[ClientStatus] | None) -> None:
        self._statuses = frozenset(statuses) if statuses is not None else None
        self.refilter()

    def set_district(self, district_id: int | None) -> None:
        self._district_id = district_id
        self.refilter()

    def _matches(self, row: ClientRow) -> bool:
        if self._statuses is not None and row.status not in self._statuses:
            return False
        if self._district_id is not None and row.district_id != self._district_id:
            return False
        if self._guide_id == NO_GUIDE:
            if row.guide_ids:
                return False
        elif self._guide_id is not None and self._guide_id not in row.guide_ids:
            return False
        if self._text_terms:
            text = row.search_text
            if not all(term in text for term in self._text_terms):
                # A number typed with spaces or slashes still finds the phone number.
                return bool(self._digit_term) and self._digit_term in row.phone_digits
        return True

    def set_rows(self, rows: list[ClientRow]) -> None:
        """New rows from the database; the filter is decided before the view sees them."""
        self._accepted = self._accepted_ids(rows)
        self.source().set_rows(rows)
        if self._sort is not None:
            self.source().sort(*self._sort)

    def refilter(self) -> None:
        self._accepted = self._accepted_ids(self.source().rows)
        self.invalidateRowsFilter()

    def _accepted_ids(self, rows: list[ClientRow]) -> set[int] | None:
        unfiltered = (
            not self._text_terms
            and self._guide_id is None
            and self._statuses is None
            and self._district_id is None
        )
        return None if unfiltered else {row.id for row in rows if self._matches(row)}

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        accepted = self._accepted
        return accepted is None or self.source().rows[source_row].id in accepted

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the source rows once (fast) instead of comparing through Qt."""
        self._sort = (column, order)
        self.source().sort(column, order)

    def client_at(self, proxy_row: int) -> ClientRow:
        source_index = self.mapToSource(self.index(proxy_row, 0))
        return self.source().row_at(source_index.row())
