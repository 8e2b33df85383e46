"""The monthly summary as an A4 PDF with charts: the pure HTML (``reports.summary_html``) laid out
by ``printing``, the charts drawn with QtCharts into images that the document shows by name.

QtCharts draws through a graphics scene, which needs a ``QApplication`` (a bare
``QGuiApplication`` is not enough); ``ensure_application`` starts an offscreen one for the
command line.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QMargins, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QApplication, QGraphicsScene

from lotsen_app.domain.summary import Summary
from lotsen_app.letters.model import Letter
from lotsen_app.reports.summary_html import (
    CHART_HEIGHT_MM,
    CHART_WIDTH_MM,
    ChartData,
    summary_charts,
    summary_html,
    summary_title,
)
from lotsen_app.ui.printing import FONT_FAMILIES, register_fonts, write_letters_pdf

#: A chart is laid out at this many logical pixels across and drawn at twice that.
CHART_LAYOUT_WIDTH = 760
CHART_SCALE = 2


def ensure_application() -> QCoreApplication:
    """The running application, or a new offscreen ``QApplication`` (command line)."""
    existing = QCoreApplication.instance()
    if existing is not None:
        return existing
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QApplication([])


def can_draw_charts() -> bool:
    return isinstance(QCoreApplication.instance(), QApplication)


def chart_font(point_size: float, *, bold: bool = False) -> QFont:
    register_fonts()
    font = QFont()
    font.setFamilies(list(FONT_FAMILIES))
    font.setPointSizeF(point_size)
    font.setBold(bold)
    return font


def _value_axis(maximum: float, percent: bool) -> QValueAxis:
    axis = QValueAxis()
    if percent:
        axis.setRange(0, 100)
        axis.setTickCount(5)
        axis.setLabelFormat("%d %%")
    else:
        axis.setRange(0, max(5.0, maximum * 1.15))
        axis.setLabelFormat("%d")
        axis.applyNiceNumbers()
    axis.setLabelsFont(chart_font(8))
    return axis


def build_chart(data: ChartData) -> QChart:
    """A QChart for ``data`` (the caller owns it: put it in a QChartView or a scene)."""
    chart = QChart()
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setTitle(data.title)
    chart.setTitleFont(chart_font(10, bold=True))
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(0)
    percent = data.kind == "percent"
    horizontal = data.kind in ("hbars", "percent")
    series: QBarSeries | QHorizontalBarSeries | QHorizontalStackedBarSeries
    if percent:
        series = QHorizontalStackedBarSeries()
        series.setLabelsFormat("@value %")
    elif horizontal:
        series = QHorizontalBarSeries()
        series.setLabelsFormat("@value")
    else:
        series = QBarSeries()
        series.setLabelsFormat("@value")
    # Horizontal bars stack upwards: reversed, the first category is on top.
    order = -1 if data.kind == "hbars" else 1
    for item in data.series:
        bar_set = QBarSet(item.label)
        bar_set.setColor(QColor(item.colour))
        bar_set.setBorderColor(QColor("#ffffff"))
        bar_set.setLabelColor(QColor("#202020"))
        bar_set.setLabelFont(chart_font(8))
        bar_set.append(list(item.values)[::order])
        series.append(bar_set)
    series.setBarWidth(0.6)
    series.setLabelsVisible(True)
    if percent:
        series.setLabelsPosition(QHorizontalStackedBarSeries.LabelsPosition.LabelsCenter)
    else:
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
    chart.addSeries(series)
    categories = QBarCategoryAxis()
    # Axis labels are rich text: "<5" would be taken for the start of a tag.
    categories.append([escape(name, quote=False) for name in data.categories][::order])
    categories.setLabelsFont(chart_font(8))
    maximum = max((value for item in data.series for value in item.values), default=0.0)
    values = _value_axis(maximum, percent)
    if horizontal:
        chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
    else:
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(categories)
    series.attachAxis(values)
    legend = chart.legend()
    legend.setVisible(len(data.series) > 1)
    legend.setAlignment(Qt.AlignmentFlag.AlignBottom)
    legend.setFont(chart_font(8))
    return chart


def render_chart(data: ChartData, width: int = CHART_LAYOUT_WIDTH) -> QImage:
    """``data`` drawn into an image in the chart's paper proportions, at twice the layout
    size so that it stays sharp on paper."""
    height = round(width * CHART_HEIGHT_MM / CHART_WIDTH_MM)
    chart = build_chart(data)
    scene = QGraphicsScene()
    scene.addItem(chart)  # the scene owns the chart from here on
    chart.setGeometry(QRectF(0, 0, width, height))
    image = QImage(width * CHART_SCALE, height * CHART_SCALE, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    scene.render(painter, QRectF(image.rect()), QRectF(0, 0, width, height))
    painter.end()
    scene.clear()
    return image


def chart_images(charts: Sequence[ChartData]) -> dict[str, QImage]:
    return {chart.name: render_chart(chart) for chart in charts}


def write_summary_pdf(
    summary: Summary,
    path: Path,
    exact: bool = False,
    organisation: str = "",
    *,
    created_on: date | None = None,
) -> int:
    """The summary as an A4 PDF at ``path`` (whole or not at all); returns the page count.

    Without a ``QApplication`` (charts need one) the PDF has the tables only."""
    ensure_application()
    charts = summary_charts(summary, exact) if can_draw_charts() else []
    html = summary_html(summary, exact, organisation, charts=charts, created_on=created_on)
    title = summary_title(summary)
    return write_letters_pdf(
        [Letter(title, None, html)], path, title=title, resources=chart_images(charts)
    )
