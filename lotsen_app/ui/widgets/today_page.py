"""Heute: what needs attention today."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from lotsen_app.domain.deadline_tracking import DeadlineRow, needs_attention
from lotsen_app.domain.enums import ClientStatus, DeadlineStatus
from lotsen_app.services.container import Services
from lotsen_app.ui.models.client_table_model import ClientProxyModel, ClientTableModel
from lotsen_app.ui.models.row_table_model import RowTableModel
from lotsen_app.ui.tasks import TaskRunner
from lotsen_app.ui.widgets.clients_page import client_table
from lotsen_app.ui.widgets.common import to_qdate
from lotsen_app.ui.widgets.deadlines_page import deadline_columns, deadline_table


def _card(title: str) -> tuple[QFrame, QLabel]:
    frame = QFrame()
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    layout = QVBoxLayout(frame)
    heading = QLabel(title)
    heading.setStyleSheet("color: #555;")
    value = QLabel("…")
    value.setStyleSheet("font-size: 22pt; font-weight: bold;")
    layout.addWidget(heading)
    layout.addWidget(value)
    return frame, value


class TodayPage(QWidget):
    open_client = Signal(int)
    open_deadline = Signal(int)

    def __init__(
        self, services: Services, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.tasks = tasks
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        cards = QGridLayout()
        active_card, self.active_count = _card(self.tr("Aktive Klient:innen"))
        paused_card, self.paused_count = _card(self.tr("Pausiert"))
        unassigned_card, self.unassigned_count = _card(self.tr("Ohne Lotse/Lotsin"))
        for column, card in enumerate((active_card, paused_card, unassigned_card)):
            cards.addWidget(card, 0, column)

        self.unassigned_model = ClientTableModel(self)
        self.unassigned_proxy = ClientProxyModel(self)
        self.unassigned_proxy.setSourceModel(self.unassigned_model)
        self.unassigned_table = client_table(self.unassigned_proxy)
        self.unassigned_table.setMaximumHeight(200)
        self.unassigned_table.doubleClicked.connect(self._open)

        self.deadline_model: RowTableModel[DeadlineRow] = RowTableModel(
            deadline_columns(lambda: services.clock().date())[:7], self
        )
        self.deadline_table = deadline_table(self.deadline_model)
        self.deadline_table.setMaximumHeight(240)
        self.deadline_table.doubleClicked.connect(self._open_deadline)
        self.deadline_heading = QLabel()
        upcoming = QLabel(
            self.tr(
                "<b>Termine heute und morgen</b> erscheinen hier, sobald Termine erfasst werden "
                "können."
            )
        )
        upcoming.setWordWrap(True)
        upcoming.setStyleSheet("color: #555; padding: 8px; border: 1px dashed #aaa;")

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(cards)
        layout.addWidget(self.deadline_heading)
        layout.addWidget(self.deadline_table)
        layout.addWidget(
            QLabel(self.tr("<b>Klient:innen ohne Lotse/Lotsin</b> (Doppelklick öffnet)"))
        )
        layout.addWidget(self.unassigned_table)
        layout.addWidget(upcoming)
        layout.addStretch()

    def reload(self) -> None:
        today = self.services.clock().date()
        german = QLocale(QLocale.Language.German, QLocale.Country.Germany)
        self.heading.setText(
            self.tr("Heute, {0}").format(german.toString(to_qdate(today), "dddd, d. MMMM yyyy"))
        )

    def show_rows(self, rows: object) -> None:
        """Counts and the clients without a guide, from the client list already loaded."""
        assert isinstance(rows, list)
        counts = Counter(row.status for row in rows)
        unassigned = [
            row for row in rows if not row.guide_ids and row.status != ClientStatus.CLOSED
        ]
        self.active_count.setText(str(counts[ClientStatus.ACTIVE]))
        self.paused_count.setText(str(counts[ClientStatus.PAUSED]))
        self.unassigned_count.setText(str(len(unassigned)))
        self.unassigned_proxy.set_rows(unassigned)

    def show_deadlines(self, rows: object) -> None:
        """Overdue deadlines, those ending in the next 7 days, and expiries in their warning time."""
        assert isinstance(rows, list)
        today = self.services.clock().date()
        due = [
            row
            for row in rows
            if row.status == DeadlineStatus.OPEN and needs_attention(row.kind, row.due_date, today)
        ]
        overdue = sum(1 for row in due if row.due_date < today)
        self.deadline_model.set_rows(sorted(due, key=lambda row: (row.due_date, row.id)))
        self.deadline_heading.setText(
            self.tr(
                "<b>Fristen: überfällig und die nächsten 7 Tage</b> ({0}, davon {1} überfällig)"
            ).format(len(due), overdue)
        )

    def _open_deadline(self, *_args: object) -> None:
        rows = self.deadline_table.selectionModel().selectedRows()
        if rows:
            self.open_deadline.emit(self.deadline_model.row_at(rows[0].row()).id)

    def _open(self, index: object) -> None:
        rows = self.unassigned_table.selectionModel().selectedRows()
        if rows:
            self.open_client.emit(self.unassigned_proxy.client_at(rows[0].row()).id)
