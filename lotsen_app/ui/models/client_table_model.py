"""The client list: a table model holding ClientRow objects and a proxy that filters them.

Search has to stay fast with tens of thousands of clients, so the proxy decides the visible rows
in one pass over precomputed folded text (see domain/names.py) and sorting is done on the source
model with plain Python keys, not by per-comparison calls through Qt.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QAbstractProxyModel, QModelIndex, Qt

from lotsen_app.domain.clients import ClientRow
from lotsen_app.domain.enums import ClientStatus
from lotsen_app.domain.languages import language_name
from lotsen_app.domain.names import digits, fold
from lotsen_app.ui.models.row_table_model import (
    DISPLAY_ROLE,
    AnyIndex,
    ColumnSpec,
    RowTableModel,
    cell_data,
)

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


class ClientProxyModel(QAbstractProxyModel):
    """Shows the rows of a ClientTableModel that pass the search and the filters.

    A QSortFilterProxyModel would ask Python once per row on every keystroke; here the visible
    rows are decided in one Python pass and the view only asks for the rows it paints. Sorting
    is delegated to the source model, which sorts once on plain keys.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._text_terms: list[str] = []
        self._digit_term = ""
        self._guide_id: int | None = None
        self._statuses: frozenset[ClientStatus] | None = None
        self._without_consent = False
        self._district_id: int | None = None
        self._visible: list[int] = []  # source rows, in source order
        self._texts: list[str] = []
        self._phones: list[str] = []
        self._proxy_row_of: dict[int, int] | None = None
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._source_resetting = False

    def setSourceModel(self, source: QAbstractItemModel) -> None:
        assert isinstance(source, ClientTableModel)
        super().setSourceModel(source)
        # Reset before the source changes, so that views and selections still see the old rows.
        source.modelAboutToBeReset.connect(self._source_about_to_change)
        source.layoutAboutToBeChanged.connect(self._source_about_to_change)
        source.modelReset.connect(self._source_changed)
        source.layoutChanged.connect(self._source_changed)
        source.dataChanged.connect(lambda *_args: self.refilter())
        self.refilter()

    def source(self) -> ClientTableModel:
        model = self.sourceModel()
        assert isinstance(model, ClientTableModel)
        return model

    def set_search_text(self, text: str) -> None:
        terms = fold(text).split()
        digit_term = digits(text) if any(ch.isdigit() for ch in text) else ""
        if terms == self._text_terms and digit_term == self._digit_term:
            return
        # Typing one more letter can only narrow the result: search within what is shown.
        narrows = (
            bool(self._text_terms)
            and len(terms) == len(self._text_terms)
            and all(new.startswith(old) for new, old in zip(terms, self._text_terms, strict=True))
            and digit_term.startswith(self._digit_term)
            and (not self._digit_term or digit_term == self._digit_term)
        )
        self._text_terms = terms
        self._digit_term = digit_term
        self.refilter(within=self._visible if narrows else None)

    def set_guide(self, guide_id: int | None) -> None:
        self._guide_id = guide_id
        self.refilter()

    def set_statuses(
        self, statuses: Iterable[ClientStatus] | None, *, without_consent: bool = False
    ) -> None:
        """Only these statuses (None: all); ``without_consent``: only people without a signed
        consent in force (the reminder on Heute)."""
        self._statuses = frozenset(statuses) if statuses is not None else None
        self._without_consent = without_consent
        self.refilter()

    def set_district(self, district_id: int | None) -> None:
        self._district_id = district_id
        self.refilter()

    def set_rows(self, rows: list[ClientRow]) -> None:
        """New rows from the database, sorted as the user last chose."""
        source = self.source()
        source.set_rows(rows)
        if self._sort is not None:
            source.sort(*self._sort)

    def refilter(self, within: list[int] | None = None) -> None:
        """Decide the visible rows; ``within`` narrows an earlier result (a longer search)."""
        self.beginResetModel()
        self._compute_visible(within)
        self.endResetModel()

    def _compute_visible(self, within: list[int] | None) -> None:
        rows = self.source().rows if self.sourceModel() is not None else []
        if within is None:
            self._texts = [row.search_text for row in rows]
            self._phones = [row.phone_digits for row in rows]
        candidates: list[int] | range = within if within is not None else range(len(rows))
        terms, digit_term = self._text_terms, self._digit_term
        texts, phones = self._texts, self._phones
        if len(terms) == 1 and not digit_term:
            term = terms[0]
            candidates = [i for i in candidates if term in texts[i]]
        elif terms:
            candidates = [
                i
                for i in candidates
                if all(term in texts[i] for term in terms)
                # A number typed with spaces or slashes still finds the phone number.
                or (digit_term and digit_term in phones[i])
            ]
        if self._statuses is not None:
            statuses = self._statuses
            candidates = [i for i in candidates if rows[i].status in statuses]
        if self._without_consent:
            candidates = [i for i in candidates if not rows[i].has_consent]
        if self._district_id is not None:
            district_id = self._district_id
            candidates = [i for i in candidates if rows[i].district_id == district_id]
        if self._guide_id == NO_GUIDE:
            candidates = [i for i in candidates if not rows[i].guide_ids]
        elif self._guide_id is not None:
            guide_id = self._guide_id
            candidates = [i for i in candidates if guide_id in rows[i].guide_ids]
        self._visible = list(candidates)
        self._proxy_row_of = None

    def _source_about_to_change(self, *_args: object) -> None:
        self.beginResetModel()
        self._source_resetting = True

    def _source_changed(self, *_args: object) -> None:
        if not self._source_resetting:
            self.refilter()
            return
        self._source_resetting = False
        self._compute_visible(None)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(CLIENT_COLUMNS)

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if (
            parent.isValid()
            or not (0 <= row < len(self._visible))
            or not (0 <= column < len(CLIENT_COLUMNS))
        ):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        return QModelIndex()

    def mapToSource(self, proxy_index: AnyIndex) -> QModelIndex:
        if not proxy_index.isValid() or proxy_index.row() >= len(self._visible):
            return QModelIndex()
        return self.source().index(self._visible[proxy_index.row()], proxy_index.column())

    def mapFromSource(self, source_index: AnyIndex) -> QModelIndex:
        if not source_index.isValid():
            return QModelIndex()
        if self._proxy_row_of is None:
            self._proxy_row_of = {source: proxy for proxy, source in enumerate(self._visible)}
        proxy_row = self._proxy_row_of.get(source_index.row())
        if proxy_row is None:
            return QModelIndex()
        return self.createIndex(proxy_row, source_index.column())

    def data(self, index: AnyIndex, role: int = DISPLAY_ROLE) -> Any:
        rows = self.source().rows
        return cell_data(rows[self._visible[index.row()]], CLIENT_COLUMNS[index.column()], role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            return self.source().headerData(section, orientation, role)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        self.source().sort(column, order)

    def client_at(self, proxy_row: int) -> ClientRow:
        return self.source().row_at(self._visible[proxy_row])
