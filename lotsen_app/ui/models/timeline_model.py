"""The client's timeline as a table: date, kind, what, details and pillar. Holds rows; never queries."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from lotsen_app.domain.casework import TimelineEntry
from lotsen_app.domain.dates import format_date_weekday
from lotsen_app.domain.enums import Pillar, TimelineKind
from lotsen_app.ui.models.row_table_model import ColumnSpec, RowTableModel

# Pale colours per kind, so that contacts, deadlines and goals stand apart at a glance.
KIND_COLOURS = {
    TimelineKind.CONTACT: "#e3f1e3",
    TimelineKind.DEADLINE: "#fde7d4",
    TimelineKind.GOAL: "#e3ecf8",
}


def when_text(entry: TimelineEntry) -> str:
    """ "Sa 21.11.2026", with the time for appointments ("Sa 21.11.2026, 10:30")."""
    text = format_date_weekday(entry.day)
    if isinstance(entry.on, datetime):
        text += f", {entry.on:%H:%M}"
    return text


def detail_line(entry: TimelineEntry) -> str:
    """The details on one line; the full text is the tooltip."""
    return " · ".join(line.strip() for line in entry.detail.splitlines() if line.strip())


def pillar_text(entry: TimelineEntry) -> str:
    """The pillars the entry belongs to, in the fixed order of the four pillars."""
    return ", ".join(pillar.label for pillar in Pillar if pillar in entry.pillars)


def timeline_columns() -> list[ColumnSpec[TimelineEntry]]:
    def order(entry: TimelineEntry) -> Any:
        return entry.sort_key()

    def colour(entry: TimelineEntry) -> str | None:
        return KIND_COLOURS.get(entry.kind)

    return [
        ColumnSpec("Datum", when_text, order),
        ColumnSpec(
            "Art",
            lambda e: e.kind.label,
            lambda e: (e.kind.label, e.sort_key()),
            background=colour,
        ),
        ColumnSpec("Was", lambda e: e.title, tooltip=lambda e: e.title),
        ColumnSpec("Einzelheiten", detail_line, tooltip=lambda e: e.detail),
        ColumnSpec("Bereich", pillar_text, tooltip=pillar_text),
    ]


class TimelineModel(RowTableModel[TimelineEntry]):
    """Timeline entries as the service gives them (newest first)."""

    DATE, KIND, TITLE, DETAIL, PILLAR = range(5)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(timeline_columns(), parent)
