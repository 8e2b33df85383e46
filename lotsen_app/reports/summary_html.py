"""The monthly summary as HTML for Qt's text engine (the PDF) and the data of its charts.

Pure: no Qt. The tables are ``summary_tables`` (the same cells as XLSX and CSV, "<5" unless
``exact``). Charts appear as ``<img src="chart-….png">``; the printing edge
(``lotsen_app.ui.summary_printing``) draws each ``ChartData`` and hands the image to the
document under that name.

Charts never show more than the tables: a suppressed count ("<5") is drawn as an empty bar
with "<5" beside its label, and self-help shares only appear from 5 steps on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import jinja2

from lotsen_app.config import shipped_dir
from lotsen_app.domain.casework import SelfHelpCounts, format_hours
from lotsen_app.domain.dates import format_date
from lotsen_app.domain.summary import (
    SUPPRESSED,
    AgeBand,
    Breakdown,
    PeriodKind,
    Summary,
    share_shown,
    shown,
)
from lotsen_app.reports.summary_files import Cell, Table, summary_tables

TEMPLATE = "summary.html.j2"

CHART_AGE = "chart-age-bands.png"
CHART_CONTACTS = "chart-contacts.png"
CHART_SELF_HELP = "chart-self-help.png"

#: Short category names for the age chart (the table has the long ones).
AGE_SHORT = {
    AgeBand.UNDER_3.value: "0–2",
    AgeBand.FROM_3.value: "3–5",
    AgeBand.FROM_6.value: "6–9",
    AgeBand.FROM_10.value: "10–16",
    AgeBand.FROM_17.value: "17–25",
    AgeBand.OVER_25.value: "über 25",
    AgeBand.NOT_STATED.value: "k. A.",
}
SELF_HELP_SERIES = ("Klient:in allein", "gemeinsam", "Lotse/Lotsin für Klient:in")
SELF_HELP_COLOURS = ("#4caf50", "#f2c94c", "#a6a6a6")
BAR_COLOUR = "#2e75b6"
#: A chart's size on paper; the printing edge draws the image in this aspect ratio.
CHART_WIDTH_MM, CHART_HEIGHT_MM = 150.0, 70.0
CSS_DPI = 96


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[float, ...]  # one per category; 0 where suppressed or empty
    colour: str = BAR_COLOUR


@dataclass(frozen=True)
class ChartData:
    """One chart: ``kind`` "bars" (counts, upright), "hbars" (counts, lying, the first
    category on top) or "percent" (lying bars of shares adding up to 100, the first category
    at the bottom)."""

    name: str  # the image's name in the HTML, e.g. "chart-self-help.png"
    title: str
    kind: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    note: str = ""  # under the chart: what it leaves out

    @property
    def empty(self) -> bool:
        return not any(value for series in self.series for value in series.values)


def _count_bars(
    name: str, title: str, kind: str, breakdown: Breakdown, exact: bool, short: dict[str, str]
) -> ChartData:
    categories: list[str] = []
    values: list[float] = []
    suppressed = False
    for row in breakdown.rows:
        value = shown(row.count, exact)
        label = short.get(row.key, row.label)
        if value == SUPPRESSED:
            suppressed = True
            categories.append(f"{label} ({SUPPRESSED})")
            values.append(0)
        else:
            categories.append(label)
            values.append(float(value))
    note = (
        "Werte von 1 bis 4 sind nicht gezeichnet; sie stehen als „<5“ bei ihrer Gruppe."
        if suppressed
        else ""
    )
    return ChartData(name, title, kind, tuple(categories), (Series("Anzahl", tuple(values)),), note)


def _shares(counts: SelfHelpCounts, exact: bool) -> tuple[float, float, float] | None:
    if share_shown(counts.alone, counts.total, exact) is None:
        return None
    alone, together, guide = counts.percentages()
    return float(alone), float(together), float(guide)


def self_help_chart(summary: Summary, exact: bool) -> ChartData:
    """Shares of steps (alone, together, guide): the comparison months, then this period."""
    figures = summary.self_help
    columns = (
        (figures.previous_label or "Vergleich", figures.previous),
        (summary.period.label, figures.current),
    )
    categories: list[str] = []
    values: list[tuple[float, float, float]] = []
    missing = False
    for label, counts in columns:
        shares = _shares(counts, exact)
        if shares is None:
            missing = True
            categories.append(f"{label} (unter 5 Schritte)")
            values.append((0.0, 0.0, 0.0))
        else:
            categories.append(f"{label} ({counts.total} Schritte)")
            values.append(shares)
    series = tuple(
        Series(label, tuple(column[index] for column in values), colour)
        for index, (label, colour) in enumerate(
            zip(SELF_HELP_SERIES, SELF_HELP_COLOURS, strict=True)
        )
    )
    return ChartData(
        CHART_SELF_HELP,
        "Wer hat die Schritte erledigt? (Anteil in %)",
        "percent",
        tuple(categories),
        series,
        "Anteile erst ab 5 Schritten." if missing else "",
    )


def summary_charts(summary: Summary, exact: bool = False) -> list[ChartData]:
    """The charts of the summary, with the same suppression as its tables."""
    return [
        _count_bars(
            CHART_AGE,
            "Aktive Klient:innen nach Alter (Jahre)",
            "bars",
            summary.by_age_band,
            exact,
            AGE_SHORT,
        ),
        _count_bars(
            CHART_CONTACTS,
            "Kontakte nach Art",
            "hbars",
            summary.contacts.by_kind,
            exact,
            {},
        ),
        self_help_chart(summary, exact),
    ]


#: After which table each chart stands.
CHART_AFTER = {
    "Altersgruppen": CHART_AGE,
    "Kontakte nach Art": CHART_CONTACTS,
    "Selbsthilfe": CHART_SELF_HELP,
}


def cell_text(value: Cell) -> str:
    """A cell as people read it: hours with a German comma, "<5" and numbers as they are."""
    if isinstance(value, float):
        return format_hours(value)
    return str(value)


def summary_title(summary: Summary) -> str:
    if summary.period.kind == PeriodKind.MONTH:
        return f"Monatsübersicht {summary.period.label}"
    return f"Übersicht {summary.period.label}"


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(shipped_dir("resources") / "reports")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _table_view(table: Table) -> dict[str, Any]:
    return {
        "title": table.title,
        "header": table.header,
        "rows": [
            {"cells": [cell_text(value) for value in row], "total": bool(row) and row[0] == "Summe"}
            for row in table.rows
        ],
        "explanation": table.explanation,
        "chart": CHART_AFTER.get(table.title),
        "width": "100%" if len(table.header) > 2 else "70%",
    }


def summary_html(
    summary: Summary,
    exact: bool = False,
    organisation: str = "",
    *,
    charts: Sequence[ChartData] | None = None,
    created_on: date | None = None,
) -> str:
    """The whole summary as one HTML document; ``charts`` (default: ``summary_charts``) are
    the images it refers to, by name."""
    charts = summary_charts(summary, exact) if charts is None else charts
    by_name = {chart.name: chart for chart in charts}
    tables = [_table_view(table) for table in summary_tables(summary, exact)]
    for table in tables:
        chart = by_name.get(table["chart"] or "")
        table["chart"] = None if chart is None else {"name": chart.name, "note": chart.note}
    period = summary.period
    return (
        _environment()
        .get_template(TEMPLATE)
        .render(
            title=summary_title(summary),
            organisation=organisation.strip(),
            first_day=format_date(period.first_day),
            last_day=format_date(period.last_day),
            created_on=format_date(created_on) if created_on else "",
            exact=exact,
            report_files=summary.report_files,
            tables=tables,
            chart_width=round(CHART_WIDTH_MM * CSS_DPI / 25.4),
            chart_height=round(CHART_HEIGHT_MM * CSS_DPI / 25.4),
        )
    )
