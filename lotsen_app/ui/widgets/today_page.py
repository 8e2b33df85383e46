"""Heute: what needs attention today."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from html import escape

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from lotsen_app.domain.appointments import AppointmentRow, ChecklistItem
from lotsen_app.domain.deadline_tracking import DeadlineRow, needs_attention
from lotsen_app.domain.enums import AppointmentMode, AppointmentStatus, ClientStatus, DeadlineStatus
from lotsen_app.services.container import Services
from lotsen_app.ui.models.appointment_agenda_model import (
    INACTIVE_STATUSES,
    STATUS_COLOURS,
    day_start,
    long_date,
    place_text,
    status_text,
    time_text,
    touches_day,
)
from lotsen_app.ui.models.client_table_model import ClientProxyModel, ClientTableModel
from lotsen_app.ui.models.row_table_model import RowTableModel
from lotsen_app.ui.tasks import TaskRunner
from lotsen_app.ui.widgets.clients_page import client_table
from lotsen_app.ui.widgets.common import show_error, to_qdate
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


class AppointmentCard(QFrame):
    """One appointment on Heute: time, Stelle with address and room, persons, guide, what to bring.

    Double-click opens the first person; each name is a link to that person.
    """

    open_client = Signal(int)
    checklist_changed = Signal(int, object)  # appointment id, tuple of ChecklistItem

    def __init__(self, row: AppointmentRow, day: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = row
        self.setObjectName("appointmentCard")
        inactive = row.status in INACTIVE_STATUSES
        self.setStyleSheet(
            "QFrame#appointmentCard { border: 1px solid #c9d3de; border-radius: 4px; "
            f"background: {'#f1f1f1' if inactive else '#ffffff'}; }}"
        )
        colour = STATUS_COLOURS[row.status] or "#222"
        when = escape(time_text(row, day))
        title = f"{when} · {escape(place_text(row))}"
        if inactive:
            title = f"<s>{title}</s>"
        status = ""
        if row.status != AppointmentStatus.PLANNED:
            status = f" <span style='color:{colour}'>({escape(status_text(row))})</span>"
        self.title = QLabel(
            f"<span style='font-size:12pt; color:{colour}'><b>{title}</b></span>{status}"
        )
        self.title.setTextFormat(Qt.TextFormat.RichText)
        authority = row.authority
        address = row.place or (authority.address if authority is not None else "")
        room = row.room or (authority.room if authority is not None else "")
        where = [part for part in (address if address != place_text(row) else "",) if part]
        if room:
            where.append(self.tr("Raum {0}").format(room))
        self.where = QLabel(escape(", ".join(where)) or self.tr("<i>ohne Adresse</i>"))
        self.where.setTextFormat(Qt.TextFormat.RichText)
        self.where.setWordWrap(True)
        persons = ", ".join(
            f"<a href='{client.id}'>{escape(client.full_name)}</a>" for client in row.clients
        )
        guide = row.guide_name or self.tr("ohne Lotse/Lotsin")
        if row.mode == AppointmentMode.ACCOMPANIED:
            who = self.tr("begleitet von {0}").format(escape(guide))
        else:
            who = f"{escape(row.mode.label)} · {escape(self.tr('Lotse/Lotsin: {0}').format(guide))}"
        purpose = f" · {escape(row.purpose)}" if row.purpose else ""
        self.people = QLabel(f"{persons}{purpose}<br><span style='color:#555'>{who}</span>")
        self.people.setTextFormat(Qt.TextFormat.RichText)
        self.people.setWordWrap(True)
        self.people.linkActivated.connect(lambda link: self.open_client.emit(int(link)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.where)
        layout.addWidget(self.people)
        self.checks: list[QCheckBox] = []
        if row.checklist and not inactive:
            layout.addWidget(QLabel(self.tr("<b>Mitbringen:</b>")))
            grid = QGridLayout()
            grid.setContentsMargins(12, 0, 0, 0)
            grid.setHorizontalSpacing(24)
            grid.setVerticalSpacing(0)
            for position, item in enumerate(row.checklist):
                check = QCheckBox(item.text)
                check.setChecked(item.done)
                check.toggled.connect(lambda _on: self._ticked())
                grid.addWidget(check, position // 2, position % 2)
                self.checks.append(check)
            layout.addLayout(grid)

    def items(self) -> tuple[ChecklistItem, ...]:
        return tuple(ChecklistItem(check.text(), check.isChecked()) for check in self.checks)

    def set_items(self, items: tuple[ChecklistItem, ...]) -> None:
        self.row = replace(self.row, checklist=items)
        for check, item in zip(self.checks, items, strict=False):
            check.blockSignals(True)
            check.setChecked(item.done)
            check.blockSignals(False)

    def _ticked(self) -> None:
        items = self.items()
        self.row = replace(self.row, checklist=items)
        self.checklist_changed.emit(self.row.id, items)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self.row.clients:
            self.open_client.emit(self.row.clients[0].id)
        super().mouseDoubleClickEvent(event)


class TodayPage(QWidget):
    open_client = Signal(int)
    open_deadline = Signal(int)
    appointments_changed = Signal()  # a tick in a what-to-bring list was saved
    appointments_shown = Signal()

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
        self.unassigned_table.setMinimumHeight(90)
        self.unassigned_table.setSizePolicy(
            QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding
        )
        self.unassigned_table.doubleClicked.connect(self._open)

        self.deadline_model: RowTableModel[DeadlineRow] = RowTableModel(
            deadline_columns(lambda: services.clock().date())[:7], self
        )
        self.deadline_table = deadline_table(self.deadline_model)
        self.deadline_table.setMaximumHeight(240)
        self.deadline_table.setMinimumHeight(110)
        self.deadline_table.setSizePolicy(
            QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding
        )
        self.deadline_table.doubleClicked.connect(self._open_deadline)
        self.deadline_heading = QLabel()

        self.appointment_cards: list[AppointmentCard] = []
        self.next_appointments: list[AppointmentRow] = []
        self.appointments_heading = QLabel(self.tr("<b>Termine heute und morgen</b>"))
        self.appointments_scroll = QScrollArea()
        self.appointments_scroll.setWidgetResizable(True)
        self.appointments_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.appointments_scroll.setMinimumHeight(200)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(cards)
        layout.addWidget(self.appointments_heading)
        layout.addWidget(self.appointments_scroll, 3)
        layout.addWidget(self.deadline_heading)
        layout.addWidget(self.deadline_table, 1)
        layout.addWidget(
            QLabel(self.tr("<b>Klient:innen ohne Lotse/Lotsin</b> (Doppelklick öffnet)"))
        )
        layout.addWidget(self.unassigned_table, 1)
        self.show_appointments([])

    def reload(self) -> None:
        today = self.services.clock().date()
        german = QLocale(QLocale.Language.German, QLocale.Country.Germany)
        self.heading.setText(
            self.tr("Heute, {0}").format(german.toString(to_qdate(today), "dddd, d. MMMM yyyy"))
        )
        self.reload_appointments()

    def reload_appointments(self) -> None:
        """Today's and tomorrow's appointments of every guide, read in the background."""
        start = day_start(self.services.clock().date())
        appointments = self.services.appointments

        def load() -> tuple[list[AppointmentRow], list[AppointmentRow]]:
            rows = appointments.rows(start, start + timedelta(days=2))
            later = appointments.upcoming(within=timedelta(days=14), now=start + timedelta(days=2))
            return rows, later[:3]

        def arrived(result: object) -> None:
            assert isinstance(result, tuple)
            rows, self.next_appointments = result
            self.show_appointments(rows)

        self.tasks.run(load, arrived, lambda error: show_error(self, error))

    def show_appointments(self, rows: object) -> None:
        """Cards for today and tomorrow (a list of AppointmentRow; other days are left out)."""
        assert isinstance(rows, list)
        today = self.services.clock().date()
        # A fresh box each time; the scroll area deletes the old one with its cards.
        self.appointments_box = QWidget()
        self.appointments_layout = QVBoxLayout(self.appointments_box)
        self.appointments_layout.setContentsMargins(0, 0, 4, 0)
        self.appointments_layout.setSpacing(4)
        self.appointment_cards = []
        shown = [row for row in rows if row.status != AppointmentStatus.MOVED]
        total = 0
        for offset, name in ((0, self.tr("Heute")), (1, self.tr("Morgen"))):
            day = today + timedelta(days=offset)
            day_rows = sorted(
                (row for row in shown if touches_day(row, day)),
                key=lambda row: (row.starts_at, row.id),
            )
            total += len(day_rows)
            heading = QLabel(f"<b>{escape(name)}</b> – {escape(long_date(day))}")
            heading.setStyleSheet("color: #1f4e79; padding-top: 4px;")
            self.appointments_layout.addWidget(heading)
            if not day_rows:
                empty = QLabel(self.tr("keine Termine"))
                empty.setStyleSheet("color: #777; padding-left: 12px;")
                self.appointments_layout.addWidget(empty)
            for row in day_rows:
                card = AppointmentCard(row, day)
                card.open_client.connect(self.open_client)
                card.checklist_changed.connect(self._save_checklist)
                self.appointments_layout.addWidget(card)
                self.appointment_cards.append(card)
        if total == 0 and self.next_appointments:
            # A quiet weekend: say what comes next instead of two empty days.
            lines = [
                f"{escape(long_date(row.starts_at.date()))}, {row.starts_at:%H:%M} – "
                f"{escape(row.title)} – {escape(row.client_names)}"
                for row in self.next_appointments
            ]
            later = QLabel(self.tr("<b>Danach:</b><br>") + "<br>".join(lines))
            later.setStyleSheet("color: #333; padding: 6px 0 0 12px;")
            self.appointments_layout.addWidget(later)
        self.appointments_layout.addStretch()
        self.appointments_scroll.setWidget(self.appointments_box)
        self.appointments_shown.emit()
        self.appointments_heading.setText(
            self.tr("<b>Termine heute und morgen</b> ({0}) – Doppelklick öffnet die Person").format(
                total
            )
        )

    def _save_checklist(self, appointment_id: int, items: object) -> None:
        assert isinstance(items, tuple)
        try:
            self.services.appointments.set_checklist(appointment_id, items)
        except Exception as error:
            show_error(self, error)
            self.reload_appointments()
            return
        for card in self.appointment_cards:
            if card.row.id == appointment_id and card.items() != items:
                card.set_items(items)  # the same appointment on both days (past midnight)
        self.appointments_changed.emit()

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
