"""The self-help measure as a small chart: per quarter, the share of steps the client did alone,
together with the guide, or the guide did for the client; and the plain sentence under it."""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from lotsen_app.domain.casework import QuarterShares, SelfHelpReport
from lotsen_app.domain.enums import StepActor

ACTOR_ORDER = (StepActor.CLIENT_ALONE, StepActor.TOGETHER, StepActor.GUIDE)
ACTOR_COLOURS = {
    StepActor.CLIENT_ALONE: "#4caf50",
    StepActor.TOGETHER: "#f2c94c",
    StepActor.GUIDE: "#a6a6a6",
}
LEGEND_TEXT = {
    StepActor.CLIENT_ALONE: "allein",
    StepActor.TOGETHER: "gemeinsam",
    StepActor.GUIDE: "durch Lotse/Lotsin",
}


def quarter_category(shares: QuarterShares) -> str:
    """ "Q3/2026 · 9 Schritte"; an empty quarter says so instead of showing a 0 % bar."""
    total = shares.counts.total
    if not total:
        return f"{shares.quarter.short_label} · keine Schritte"
    return f"{shares.quarter.short_label} · {total} {'Schritt' if total == 1 else 'Schritte'}"


def quarter_values(shares: QuarterShares) -> dict[StepActor, int]:
    """Whole percent per actor (adding up to 100); all 0 for a quarter without steps, which
    leaves its bar empty."""
    alone, together, guide = shares.counts.percentages()
    return {StepActor.CLIENT_ALONE: alone, StepActor.TOGETHER: together, StepActor.GUIDE: guide}


class SelfHelpChart(QWidget):
    """Stacked percent bars per quarter (green alone, yellow together, grey the guide) and the
    sentence for the last months. ``set_report`` shows a report from the service."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: SelfHelpReport | None = None
        self.sets: dict[StepActor, QBarSet] = {}
        self.series = QStackedBarSeries()
        for actor in ACTOR_ORDER:
            bar_set = QBarSet(self.tr(LEGEND_TEXT[actor]))
            bar_set.setColor(QColor(ACTOR_COLOURS[actor]))
            bar_set.setBorderColor(QColor("#ffffff"))
            bar_set.setLabelColor(QColor("#202020"))
            self.sets[actor] = bar_set
            self.series.append(bar_set)
        self.series.setBarWidth(0.55)
        self.series.setLabelsVisible(True)
        self.series.setLabelsFormat("@value %")
        self.series.setLabelsPosition(QStackedBarSeries.LabelsPosition.LabelsCenter)

        self.chart = QChart()
        self.chart.addSeries(self.series)
        self.chart.setTitle(self.tr("Wer hat die Schritte erledigt? (Anteil je Quartal)"))
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.axis_x = QBarCategoryAxis()
        self.axis_y = QValueAxis()
        self.axis_y.setRange(0, 100)
        self.axis_y.setTickCount(5)
        self.axis_y.setLabelFormat("%d %%")
        self.chart.addAxis(self.axis_x, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(self.axis_y, Qt.AlignmentFlag.AlignLeft)
        self.series.attachAxis(self.axis_x)
        self.series.attachAxis(self.axis_y)

        self.view = QChartView(self.chart)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(260)

        self.sentence = QLabel()
        self.sentence.setWordWrap(True)
        font = QFont(self.sentence.font())
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.sentence.setFont(font)
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.counts.setStyleSheet("color: #555555;")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.sentence)
        layout.addWidget(self.counts)
        layout.addWidget(self.view, 1)

    def set_report(self, report: SelfHelpReport) -> None:
        self.report = report
        for bar_set in self.sets.values():
            bar_set.remove(0, bar_set.count())
        categories = [quarter_category(shares) for shares in report.quarters]
        for shares in report.quarters:
            values = quarter_values(shares)
            for actor, bar_set in self.sets.items():
                bar_set.append(values[actor])
        self.axis_x.clear()
        self.axis_x.append(categories)
        self.sentence.setText(report.sentence)
        recent = report.recent
        if recent.total:
            self.counts.setText(
                self.tr(
                    "Davon allein: {alone} · gemeinsam: {together} · durch Lotse/Lotsin: {guide}"
                )
                .replace("{alone}", str(recent.alone))
                .replace("{together}", str(recent.together))
                .replace("{guide}", str(recent.guide))
            )
        else:
            self.counts.setText("")
        self.counts.setVisible(bool(recent.total))

    def values(self, actor: StepActor) -> list[float]:
        """The percentages shown for ``actor``, one per quarter (oldest first)."""
        bar_set = self.sets[actor]
        return [bar_set.at(index) for index in range(bar_set.count())]

    def categories(self) -> list[str]:
        return list(self.axis_x.categories())
