"""Heute: what needs attention today."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, datetime, timedelta
from html import escape

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lotsen_app.domain.appointments import AppointmentRow, ChecklistItem
from lotsen_app.domain.clients import ClientRow
from lotsen_app.domain.deadline_tracking import DeadlineRow, needs_attention
from lotsen_app.domain.enums import AppointmentMode, AppointmentStatus, ClientStatus, DeadlineStatus
from lotsen_app.domain.names import fold
from lotsen_app.services.container import Services
from lotsen_app.ui.models.appointment_agenda_model import (
    INACTIVE_STATUSES,
    day_start,
    long_date,
    needs_outcome,
    place_text,
    status_colour,
    status_text,
    time_text,
    touches_day,
)
from lotsen_app.ui.models.row_table_model import ColumnSpec, RowTableModel
from lotsen_app.ui.tasks import TaskRunner
from lotsen_app.ui.widgets.appointments_page import ChecklistEditor, save_checklist
from lotsen_app.ui.widgets.common import show_error, to_qdate
from lotsen_app.ui.widgets.deadlines_page import deadline_columns, deadline_table

DEADLINE_ROWS_SHOWN = 5
WITHOUT_CONSENT_LINK = "ohne-einwilligung"
SIDE_WIDTH = 250

# Clients without a guide on the start page: name and district only (no phone, no birth year,
# the screen may be seen by others).
UNASSIGNED_COLUMNS: list[ColumnSpec[ClientRow]] = [
    ColumnSpec("Name", lambda r: r.full_name, lambda r: (fold(r.full_name), r.id)),
    ColumnSpec("Stadtteil", lambda r: r.district or "–", lambda r: (fold(r.district), r.id)),
]


class AppointmentCard(QFrame):
    """One appointment on Heute: time, Stelle with address and room, persons, guide, what to bring.

    Double-click opens the first person; each name is a link to that person.
    """

    open_client = Signal(int)
    checklist_changed = Signal(int, object)  # appointment id, tuple of ChecklistItem

    def __init__(
        self,
        row: AppointmentRow,
        day: date,
        parent: QWidget | None = None,
        *,
        now: datetime | None = None,
    ) -> None:
        super().__init__(parent)
        self.row = row
        self.setObjectName("appointmentCard")
        inactive = row.status in INACTIVE_STATUSES
        self.setStyleSheet(
            "QFrame#appointmentCard { border: 1px solid #c9d3de; border-radius: 4px; "
            f"background: {'#f1f1f1' if inactive else '#ffffff'}; }}"
        )
        colour = status_colour(row, now) or "#222"
        when = escape(time_text(row, day))
        title = f"{when} · {escape(place_text(row))}"
        if inactive:
            title = f"<s>{title}</s>"
        status = ""
        if row.status != AppointmentStatus.PLANNED or needs_outcome(row, now):
            status = f" <span style='color:{colour}'>({escape(status_text(row, now))})</span>"
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
        self.checklist = ChecklistEditor(self.tr("<b>Mitbringen:</b>"), columns=2)
        self.checklist.changed.connect(self._ticked)
        if row.checklist and not inactive:
            self.checklist.set_items(row.checklist)
            layout.addWidget(self.checklist)
        else:
            self.checklist.hide()

    @property
    def checks(self) -> list[QCheckBox]:
        return self.checklist.checks

    def items(self) -> tuple[ChecklistItem, ...]:
        return self.checklist.items() if self.checklist.checks else self.row.checklist

    def set_items(self, items: tuple[ChecklistItem, ...]) -> None:
        self.row = replace(self.row, checklist=items)
        if self.checklist.checks:
            self.checklist.set_items(items)

    def _ticked(self, items: object) -> None:
        assert isinstance(items, tuple)
        self.row = replace(self.row, checklist=items)
        self.checklist_changed.emit(self.row.id, items)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self.row.clients:
            self.open_client.emit(self.row.clients[0].id)
        super().mouseDoubleClickEvent(event)


class TodayPage(QWidget):
    """Heute: a line of counts, the appointments of today and tomorrow (the main space), the
    clients still without a guide beside them, and the deadlines that need attention."""

    open_client = Signal(int)
    open_deadline = Signal(int)
    open_without_consent = Signal()  # the red count: show those people on Klient:innen
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
        self.summary = QLabel("…")
        self.summary.setStyleSheet("color: #333;")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.linkActivated.connect(self._summary_link)

        self.unassigned_model: RowTableModel[ClientRow] = RowTableModel(UNASSIGNED_COLUMNS, self)
        self.unassigned_table = QTableView()
        self.unassigned_table.setModel(self.unassigned_model)
        self.unassigned_table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.unassigned_table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.unassigned_table.setSortingEnabled(True)
        self.unassigned_table.setAlternatingRowColors(True)
        self.unassigned_table.verticalHeader().hide()
        self.unassigned_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch
        )
        self.unassigned_table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents
        )
        self.unassigned_table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.unassigned_table.setToolTip(self.tr("Doppelklick öffnet die Person"))
        self.unassigned_table.doubleClicked.connect(self._open)
        self.unassigned_heading = QLabel()
        self.unassigned_heading.setWordWrap(True)

        self.deadline_model: RowTableModel[DeadlineRow] = RowTableModel(
            deadline_columns(lambda: services.clock().date())[:7], self
        )
        self.deadline_table = deadline_table(self.deadline_model)
        self.deadline_table.setMinimumHeight(self._deadline_height(DEADLINE_ROWS_SHOWN))
        self.deadline_table.setMaximumHeight(self._deadline_height(8))
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
        self.appointments_scroll.setMinimumHeight(180)

        appointments = QVBoxLayout()
        appointments.addWidget(self.appointments_heading)
        appointments.addWidget(self.appointments_scroll, 1)
        side = QWidget()
        side.setFixedWidth(SIDE_WIDTH)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.unassigned_heading)
        side_layout.addWidget(self.unassigned_table, 1)
        middle = QHBoxLayout()
        middle.addLayout(appointments, 1)
        middle.addWidget(side)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addLayout(middle, 1)
        layout.addWidget(self.deadline_heading)
        layout.addWidget(self.deadline_table)
        self.show_rows([])
        self.show_appointments([])

    def _deadline_height(self, rows: int) -> int:
        """Height of the deadline table with ``rows`` rows, its header and a scroll bar."""
        table = self.deadline_table
        return (
            table.horizontalHeader().sizeHint().height()
            + rows * table.verticalHeader().defaultSectionSize()
            + table.horizontalScrollBar().sizeHint().height()
            + 2 * table.frameWidth()
        )

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
        now = self.services.clock()
        today = now.date()
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
                card = AppointmentCard(row, day, now=now)
                card.open_client.connect(self.open_client)
                card.checklist_changed.connect(self._save_checklist)
                self.appointments_layout.addWidget(card)
                self.appointment_cards.append(card)
        if total == 0 and self.next_appointments:
            # A quiet weekend: say what comes next instead of two empty days.
            lines = [
                f"{escape(long_date(row.starts_at.date()))}, {row.starts_at:%H:%M} – "
                f"{escape(row.title)} – {escape(row.client_names)}"
                + (
                    f"<br><span style='color:#555'>&nbsp;&nbsp;&nbsp;{escape(row.where)}</span>"
                    if row.where
                    else ""
                )
                for row in self.next_appointments
            ]
            later = QLabel(self.tr("<b>Danach:</b><br>") + "<br>".join(lines))
            later.setWordWrap(True)
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
        if not save_checklist(self, self.services, appointment_id, items):
            self.reload_appointments()
            return
        assert isinstance(items, tuple)
        for card in self.appointment_cards:
            if card.row.id == appointment_id:
                if card.items() != items:
                    card.set_items(items)  # the same appointment on both days (past midnight)
                card.checklist.show_saved()
        self.appointments_changed.emit()

    def show_rows(self, rows: object) -> None:
        """Counts and the clients without a guide, from the client list already loaded."""
        assert isinstance(rows, list)
        counts = Counter(row.status for row in rows)
        unassigned = [
            row for row in rows if not row.guide_ids and row.status != ClientStatus.CLOSED
        ]
        without_consent = sum(
            1 for row in rows if not row.has_consent and row.status != ClientStatus.CLOSED
        )
        consent = (
            self.tr(
                " &nbsp;·&nbsp; <a href='{1}' style='color:#b00020'>ohne Einwilligung: "
                "<b>{0}</b></a>"
            ).format(without_consent, WITHOUT_CONSENT_LINK)
            if without_consent
            else ""
        )
        self.summary.setToolTip(
            self.tr("Klick auf „ohne Einwilligung“ zeigt diese Personen") if without_consent else ""
        )
        self.summary.setText(
            self.tr(
                "Aktive Klient:innen: <b>{0}</b> &nbsp;·&nbsp; pausiert: <b>{1}</b> "
                "&nbsp;·&nbsp; ohne Lotse/Lotsin: <b>{2}</b>"
            ).format(counts[ClientStatus.ACTIVE], counts[ClientStatus.PAUSED], len(unassigned))
            + consent
        )
        self.unassigned_model.set_rows(unassigned)
        header = self.unassigned_table.horizontalHeader()
        self.unassigned_model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.unassigned_heading.setText(
            self.tr("<b>Ohne Lotse/Lotsin</b> ({0})<br>Doppelklick öffnet die Person").format(
                len(unassigned)
            )
        )

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

    def _summary_link(self, link: str) -> None:
        if link == WITHOUT_CONSENT_LINK:
            self.open_without_consent.emit()

    def _open_deadline(self, *_args: object) -> None:
        rows = self.deadline_table.selectionModel().selectedRows()
        if rows:
            self.open_deadline.emit(self.deadline_model.row_at(rows[0].row()).id)

    def _open(self, _index: object) -> None:
        rows = self.unassigned_table.selectionModel().selectedRows()
        if rows:
            self.open_client.emit(self.unassigned_model.row_at(rows[0].row()).id)
