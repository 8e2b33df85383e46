"""The agenda: appointments grouped by day, as a two-level tree (day header, then appointments).

Holds rows; never queries. An appointment that runs past midnight belongs to every day it
touches, so it appears under each of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from lotsen_app.domain.appointments import AppointmentRow, ChecklistItem
from lotsen_app.domain.dates import WEEKDAYS_LONG, WEEKDAYS_SHORT
from lotsen_app.domain.enums import AppointmentMode, AppointmentStatus

ROW_ROLE = int(Qt.ItemDataRole.UserRole) + 1
DAY_ROLE = int(Qt.ItemDataRole.UserRole) + 2
DISPLAY_ROLE = int(Qt.ItemDataRole.DisplayRole)
FONT_ROLE = int(Qt.ItemDataRole.FontRole)
FOREGROUND_ROLE = int(Qt.ItemDataRole.ForegroundRole)
BACKGROUND_ROLE = int(Qt.ItemDataRole.BackgroundRole)
TOOLTIP_ROLE = int(Qt.ItemDataRole.ToolTipRole)


# Text colour per status: planned normal, held green, missed red, cancelled/moved grey.
STATUS_COLOURS: dict[AppointmentStatus, str | None] = {
    AppointmentStatus.PLANNED: None,
    AppointmentStatus.DONE: "#2e7d32",
    AppointmentStatus.MISSED: "#b00020",
    AppointmentStatus.CANCELLED: "#8a8a8a",
    AppointmentStatus.MOVED: "#8a8a8a",
}
INACTIVE_STATUSES = frozenset({AppointmentStatus.CANCELLED, AppointmentStatus.MOVED})
OUTCOME_MISSING = "Ergebnis fehlt"
OUTCOME_MISSING_COLOUR = "#d35400"
PLANNED_COLOUR = "#222222"
# The legend under the agenda: (text, colour) for every colour a status can have.
STATUS_LEGEND: tuple[tuple[str, str], ...] = (
    ("geplant", PLANNED_COLOUR),
    ("stattgefunden", "#2e7d32"),
    ("versäumt", "#b00020"),
    ("abgesagt/verschoben", "#8a8a8a"),
    (OUTCOME_MISSING, OUTCOME_MISSING_COLOUR),
)
HEADER_BACKGROUND = "#e3ebf4"
TODAY_BACKGROUND = "#fff3b0"


@dataclass(frozen=True)
class AgendaDay:
    day: date
    rows: tuple[AppointmentRow, ...]


def day_start(day: date) -> datetime:
    return datetime.combine(day, time(0))


def touches_day(row: AppointmentRow, day: date) -> bool:
    """True when the appointment overlaps the day [00:00, next 00:00)."""
    start = day_start(day)
    return row.starts_at < start + timedelta(days=1) and row.ends_at > start


def group_by_day(rows: Iterable[AppointmentRow], first: date, days: int) -> list[AgendaDay]:
    """Every day of the range with the appointments it touches, in time order."""
    ordered = sorted(rows, key=lambda row: (row.starts_at, row.id))
    result = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        result.append(AgendaDay(day, tuple(row for row in ordered if touches_day(row, day))))
    return result


def long_date(day: date) -> str:
    """``Montag, 23.11.2026``"""
    return f"{WEEKDAYS_LONG[day.weekday()]}, {day:%d.%m.%Y}"


def time_text(row: AppointmentRow, day: date) -> str:
    """``10:30–11:30``; across midnight the other day is named (``23:30–00:30 (bis Mo)``)."""
    starts, ends = row.starts_at, row.ends_at
    if starts.date() < day:
        return f"bis {ends:%H:%M} (seit {WEEKDAYS_SHORT[starts.weekday()]} {starts:%H:%M})"
    text = f"{starts:%H:%M}–{ends:%H:%M}"
    if ends.date() > day and ends != day_start(day + timedelta(days=1)):
        text += f" (bis {WEEKDAYS_SHORT[ends.weekday()]})"
    return text


def place_text(row: AppointmentRow) -> str:
    """The Stelle: the directory entry's name, or the place typed in."""
    return row.authority_name or row.place or "–"


MODE_SHORT = {
    AppointmentMode.ACCOMPANIED: "begleitet",
    AppointmentMode.ALONE_PREPARED: "allein (vorbereitet)",
    AppointmentMode.INTERPRETER: "mit Dolmetscher:in",
    AppointmentMode.PHONE: "Telefon",
    AppointmentMode.VIDEO: "Video",
}


def needs_outcome(row: AppointmentRow, now: datetime | None) -> bool:
    """Still "geplant" although it is over: the guide has not entered what came of it."""
    return now is not None and row.status == AppointmentStatus.PLANNED and row.ends_at < now


def status_text(row: AppointmentRow, now: datetime | None = None) -> str:
    """The status as the agenda says it; a planned appointment that is over: "Ergebnis fehlt"."""
    if needs_outcome(row, now):
        return OUTCOME_MISSING
    if row.status == AppointmentStatus.MOVED:
        return "verschoben"
    return row.status.label


def status_colour(row: AppointmentRow, now: datetime | None = None) -> str | None:
    """The text colour of the status (None: the normal text colour)."""
    if needs_outcome(row, now):
        return OUTCOME_MISSING_COLOUR
    return STATUS_COLOURS[row.status]


def mode_text(row: AppointmentRow) -> str:
    return MODE_SHORT.get(row.mode, row.mode.label)


def cell_tooltip(row: AppointmentRow, day: date, column: int, now: datetime | None) -> str:
    """The full text of a cell, for columns too narrow to show it."""
    if column == 0:
        return (
            f"{long_date(row.starts_at.date())}, {row.starts_at:%H:%M}–{row.ends_at:%H:%M} Uhr"
            f" ({row.duration_minutes} Min.)"
        )
    if column == 1:
        return row.where or place_text(row)
    if column == 2:
        return row.purpose or row.title
    if column == 3:
        return "\n".join(client.full_name for client in row.clients) or "–"
    if column == 4:
        return row.guide_name or "ohne Lotse/Lotsin"
    if column == 5:
        interpreter = ", ".join(p for p in (row.interpreter_name, row.interpreter_language) if p)
        return f"{row.mode.label}: {interpreter}" if interpreter else row.mode.label
    text = status_text(row, now)
    if needs_outcome(row, now):
        text += " – der Termin ist vorbei; bitte eintragen, was herausgekommen ist."
    elif row.outcome:
        text += f": {row.outcome}"
    return text


AGENDA_HEADERS = ("Zeit", "Stelle", "Anlass", "Personen", "Lotse/Lotsin", "Art", "Status")


def _cell(row: AppointmentRow, day: date, column: int, now: datetime | None) -> str:
    if column == 0:
        return time_text(row, day)
    if column == 1:
        return place_text(row)
    if column == 2:
        return row.purpose
    if column == 3:
        return row.client_names
    if column == 4:
        return row.guide_name or "–"
    if column == 5:
        return mode_text(row)
    return status_text(row, now)


class AgendaModel(QAbstractItemModel):
    """Top level: one item per day (spanning); below it the appointments of that day."""

    def __init__(self, parent: Any = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self.days: list[AgendaDay] = []
        self.today = today
        self.now: datetime | None = None
        self._bold = QFont()
        self._bold.setBold(True)
        self._struck = QFont()
        self._struck.setStrikeOut(True)

    def set_days(
        self, days: Sequence[AgendaDay], today: date | None = None, now: datetime | None = None
    ) -> None:
        """``now`` decides which planned appointments are over and still lack an outcome."""
        self.beginResetModel()
        self.days = list(days)
        self.today = today
        self.now = now
        self.endResetModel()

    @property
    def appointment_count(self) -> int:
        return sum(len(day.rows) for day in self.days)

    def all_rows(self) -> list[AppointmentRow]:
        """Every appointment once, in time order (one across midnight is listed once)."""
        seen: dict[int, AppointmentRow] = {}
        for day in self.days:
            for row in day.rows:
                seen.setdefault(row.id, row)
        return sorted(seen.values(), key=lambda row: (row.starts_at, row.id))

    def replace_checklist(self, appointment_id: int, items: tuple[ChecklistItem, ...]) -> None:
        """After a tick was saved: the rows carry the new list (no column shows it)."""
        self.days = [
            AgendaDay(
                agenda_day.day,
                tuple(
                    replace(row, checklist=items) if row.id == appointment_id else row
                    for row in agenda_day.rows
                ),
            )
            for agenda_day in self.days
        ]

    def day_index(self, day: date) -> QModelIndex:
        for position, agenda_day in enumerate(self.days):
            if agenda_day.day == day:
                return self.index(position, 0)
        return QModelIndex()

    def appointment_indexes(self, appointment_id: int) -> list[QModelIndex]:
        found = []
        for day_position, agenda_day in enumerate(self.days):
            parent = self.index(day_position, 0)
            for position, row in enumerate(agenda_day.rows):
                if row.id == appointment_id:
                    found.append(self.index(position, 0, parent))
        return found

    def row_for(self, index: QModelIndex | QPersistentModelIndex) -> AppointmentRow | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        return self.days[index.internalId() - 1].rows[index.row()]

    def day_for(self, index: QModelIndex | QPersistentModelIndex) -> date | None:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self.days[index.row()].day
        return self.days[index.internalId() - 1].day

    # --- QAbstractItemModel ----------------------------------------------------------------

    def index(
        self,
        row: int,
        column: int,
        parent: QModelIndex | QPersistentModelIndex = QModelIndex(),  # noqa: B008
    ) -> QModelIndex:
        if column < 0 or column >= len(AGENDA_HEADERS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            if row >= len(self.days):
                return QModelIndex()
            return self.createIndex(row, column, 0)
        if parent.internalId() != 0 or row >= len(self.days[parent.row()].rows):
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self.days)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self.days[parent.row()].rows)
        return 0

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(AGENDA_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = DISPLAY_ROLE
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == DISPLAY_ROLE:
            return AGENDA_HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY_ROLE) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self._day_data(self.days[index.row()], index.column(), role)
        agenda_day = self.days[index.internalId() - 1]
        row = agenda_day.rows[index.row()]
        if role == DISPLAY_ROLE:
            return _cell(row, agenda_day.day, index.column(), self.now)
        if role == ROW_ROLE:
            return row
        if role == DAY_ROLE:
            return agenda_day.day
        if role == FOREGROUND_ROLE:
            colour = status_colour(row, self.now)
            return QColor(colour) if colour else None
        if role == FONT_ROLE and row.status in INACTIVE_STATUSES:
            return self._struck
        if role == TOOLTIP_ROLE:
            return cell_tooltip(row, agenda_day.day, index.column(), self.now)
        return None

    def _day_data(self, agenda_day: AgendaDay, column: int, role: int) -> Any:
        if role == DISPLAY_ROLE and column == 0:
            text = long_date(agenda_day.day)
            if agenda_day.day == self.today:
                text += " · heute"
            count = len(agenda_day.rows)
            if count == 0:
                text += " – keine Termine"
            elif count == 1:
                text += " – 1 Termin"
            else:
                text += f" – {count} Termine"
            return text
        if role == DAY_ROLE:
            return agenda_day.day
        if role == FONT_ROLE:
            return self._bold
        if role == BACKGROUND_ROLE:
            today = agenda_day.day == self.today
            return QColor(TODAY_BACKGROUND if today else HEADER_BACKGROUND)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
