"""Termine: the agenda by day, week or month, for all guides or one, with the details of one."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from html import escape
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from lotsen_app.domain.appointments import AppointmentRow, ChecklistItem
from lotsen_app.domain.dates import MONTHS_LONG, WEEKDAYS_SHORT
from lotsen_app.domain.enums import AppointmentMode, AppointmentStatus
from lotsen_app.domain.languages import language_name
from lotsen_app.services.container import Services
from lotsen_app.ui.dialogs.ics_dialog import IcsExportDialog
from lotsen_app.ui.dialogs.print_letter_dialog import APPOINTMENT, LetterJob, PrintLetterDialog
from lotsen_app.ui.dialogs.print_letter_dialog import WEEK as WEEK_LETTERS
from lotsen_app.ui.models.appointment_agenda_model import (
    INACTIVE_STATUSES,
    MODE_SHORT,
    OUTCOME_MISSING,
    STATUS_LEGEND,
    TODAY_BACKGROUND,
    AgendaModel,
    day_start,
    group_by_day,
    long_date,
    needs_outcome,
    place_text,
    status_colour,
    status_text,
    time_text,
    touches_day,
)
from lotsen_app.ui.tasks import TaskRunner
from lotsen_app.ui.widgets.common import show_error

DAY, WEEK, MONTH = "day", "week", "month"
MONTH_CELL_LINES = 3
SAVED_STYLE = "color: #2e7d32;"
FEEDBACK_MS = 2500
TIME_COLUMN_WIDTH = 95
FLEXIBLE_COLUMNS = {1: (0.38, 120), 2: (0.36, 100), 3: (0.26, 90)}  # share, least width
OPTIONAL_COLUMNS = (4, 5)  # Lotse/Lotsin, then Art: hidden first when the width runs out
GUIDE_COLUMN = 4

SEGMENT_STYLE = """
QPushButton { padding: 4px 10px; min-width: 48px; border: 1px solid #8aa4c0;
    background: #f4f7fa; }
QPushButton:checked { background: #1f4e79; color: white; font-weight: bold; }
"""


def add_months(day: date, months: int) -> date:
    """The first of the month ``months`` after (or before) the month of ``day``."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def visible_range(view: str, anchor: date) -> tuple[date, int]:
    """First day and number of days the view shows (a month as a 6×7 grid from Monday)."""
    if view == DAY:
        return anchor, 1
    if view == WEEK:
        return anchor - timedelta(days=anchor.weekday()), 7
    first = anchor.replace(day=1)
    return first - timedelta(days=first.weekday()), 42


def range_label(view: str, anchor: date) -> str:
    """``Samstag, 21.11.2026``, ``Woche 48 · 23.–29.11.2026`` or ``November 2026``."""
    if view == DAY:
        return long_date(anchor)
    if view == MONTH:
        return f"{MONTHS_LONG[anchor.month - 1]} {anchor.year}"
    first, _days = visible_range(WEEK, anchor)
    last = first + timedelta(days=6)
    if first.year != last.year:
        span = f"{first:%d.%m.%Y}–{last:%d.%m.%Y}"
    elif first.month != last.month:
        span = f"{first:%d.%m.}–{last:%d.%m.%Y}"
    else:
        span = f"{first:%d.}–{last:%d.%m.%Y}"
    return f"Woche {first.isocalendar().week} · {span}"


def short_date(day: date) -> str:
    """``Mo 23.11.2026``"""
    return f"{WEEKDAYS_SHORT[day.weekday()]} {day:%d.%m.%Y}"


def _unbroken(text: str) -> str:
    """No line break inside: spaces become non-breaking, a slash gets a word joiner."""
    return text.replace(" ", "&nbsp;").replace("/", "/\u2060")


def legend_html() -> str:
    """One line: the colour of every status, as the agenda, the month and Heute use them."""
    entries = [
        f"<span style='color:{colour}'>■&nbsp;{_unbroken(escape(text))}</span>"
        for text, colour in STATUS_LEGEND
    ]
    return "&nbsp; ".join(entries)


def save_checklist(parent: QWidget, services: Services, appointment_id: int, items: object) -> bool:
    """Save a ticked what-to-bring list at once (a short write); False after a German refusal.

    Shared by Termine and Heute, which each update their own rows afterwards.
    """
    assert isinstance(items, tuple)
    try:
        services.appointments.set_checklist(appointment_id, items)
    except Exception as error:
        show_error(parent, error)
        return False
    return True


class _ItemLabel(QLabel):
    """The text of a checklist item: a click on it ticks the box like a click on the box."""

    clicked = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()


class ChecklistEditor(QWidget):
    """What to bring: a heading, then one box per item; a long item wraps beside its box.

    ``changed`` carries the new tuple of ChecklistItem; after saving, the owner calls
    ``show_saved`` and a short "gespeichert" appears beside the heading.
    """

    changed = Signal(object)

    def __init__(self, heading: str, columns: int = 1, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.checks: list[QCheckBox] = []
        self.labels: list[QLabel] = []
        self.heading = QLabel(heading)
        self.heading.setWordWrap(True)
        self.feedback = QLabel()
        self.feedback.setStyleSheet(SAVED_STYLE + " font-weight: bold;")
        self.feedback.hide()
        self._feedback_timer = QTimer(self)
        self._feedback_timer.setSingleShot(True)
        self._feedback_timer.setInterval(FEEDBACK_MS)
        self._feedback_timer.timeout.connect(self.feedback.hide)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.heading, 1)
        top.addWidget(self.feedback, 0, Qt.AlignmentFlag.AlignTop)
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(4)
        self.grid.setVerticalSpacing(3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addLayout(self.grid)

    def set_items(self, items: tuple[ChecklistItem, ...]) -> None:
        """Show ``items``; the same texts keep their boxes (only the ticks change)."""
        if [label.text() for label in self.labels] != [item.text for item in items]:
            self._rebuild(items)
        for check, item in zip(self.checks, items, strict=True):
            check.blockSignals(True)
            check.setChecked(item.done)
            check.blockSignals(False)

    def _rebuild(self, items: tuple[ChecklistItem, ...]) -> None:
        while self.grid.count():
            taken = self.grid.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        self.checks, self.labels = [], []
        for position, item in enumerate(items):
            row, column = divmod(position, self.columns)
            check = QCheckBox()
            check.setAccessibleName(item.text)
            check.setToolTip(item.text)
            if column:
                check.setContentsMargins(16, 0, 0, 0)  # room between the two columns
            check.toggled.connect(lambda _on: self.changed.emit(self.items()))
            label = _ItemLabel(item.text)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            label.clicked.connect(check.toggle)
            # Box and text side by side in the grid itself, so a wrapping text gets its height.
            self.grid.addWidget(check, row, 2 * column, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(label, row, 2 * column + 1)
            self.checks.append(check)
            self.labels.append(label)
        for column in range(self.columns):
            self.grid.setColumnStretch(2 * column + 1, 1)

    def items(self) -> tuple[ChecklistItem, ...]:
        return tuple(
            ChecklistItem(label.text(), check.isChecked())
            for check, label in zip(self.checks, self.labels, strict=True)
        )

    def show_saved(self) -> None:
        self.feedback.setText(self.tr("✓ gespeichert"))
        self.feedback.show()
        self._feedback_timer.start()


class AgendaTree(QTreeView):
    """The agenda list. Zeit, Art and Status get the width of their usual texts, the rest goes
    to Stelle, Anlass and Personen; when even that is too narrow, Lotse/Lotsin and then Art step
    aside (the details pane and the tooltips still name them)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.one_guide = False  # a guide filter is set: the guide column says nothing new

    def fixed_widths(self) -> dict[int, int]:
        metrics = self.fontMetrics()

        def fit(*texts: str) -> int:
            return max(metrics.horizontalAdvance(text) for text in texts) + 22

        return {
            0: max(TIME_COLUMN_WIDTH, fit("00:00–00:00") + self.indentation()),
            4: max(110, fit("Lotse/Lotsin")),
            5: fit(*MODE_SHORT.values()),
            6: fit(OUTCOME_MISSING, "stattgefunden", "verschoben"),
        }

    def fit_columns(self) -> None:
        model = self.model()
        if model is None:
            return
        available = self.viewport().width()
        fixed = self.fixed_widths()
        hidden = {GUIDE_COLUMN} if self.one_guide else set()
        minimum = sum(width for _share, width in FLEXIBLE_COLUMNS.values())
        for column in OPTIONAL_COLUMNS:
            shown_fixed = sum(w for c, w in fixed.items() if c not in hidden)
            if available - shown_fixed >= minimum:
                break
            hidden.add(column)
        # Each flexible column gets its least width, and a share of what is left over.
        extra = max(0, available - sum(w for c, w in fixed.items() if c not in hidden) - minimum)
        for column in range(model.columnCount()):
            self.setColumnHidden(column, column in hidden)
        for column, width in fixed.items():
            self.setColumnWidth(column, width)
        for column, (share, least) in FLEXIBLE_COLUMNS.items():
            self.setColumnWidth(column, least + int(extra * share))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()


def month_line(row: AppointmentRow, day: date) -> str:
    """``09:00 Wohnsitz anmelden · O. I.``: time, purpose (or Stelle), the persons' initials."""
    when = f"{row.starts_at:%H:%M}" if row.starts_at.date() == day else f"bis {row.ends_at:%H:%M}"
    what = row.purpose or place_text(row)
    return f"{when} {what} · {row.client_initials}" if row.client_initials else f"{when} {what}"


def month_tooltip_line(row: AppointmentRow, day: date, now: datetime | None) -> str:
    """The full line: time, Stelle, purpose, persons and the status."""
    parts = [time_text(row, day), place_text(row)]
    if row.purpose:
        parts.append(row.purpose)
    if row.clients:
        parts.append(row.client_names)
    return f"{' – '.join(parts)} ({status_text(row, now)})"


class DayCell(QFrame):
    """One day of the month grid: its number, up to three appointments and "+n weitere"."""

    clicked = Signal(object)  # the date

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.day = date.min
        self.rows: tuple[AppointmentRow, ...] = ()
        self.setObjectName("dayCell")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.label.setWordWrap(False)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.label)
        self.setMinimumSize(64, 70)

    @property
    def count(self) -> int:
        return len(self.rows)

    def set_day(
        self,
        day: date,
        rows: tuple[AppointmentRow, ...],
        *,
        in_month: bool,
        today: date,
        now: datetime | None = None,
    ) -> None:
        self.day = day
        self.rows = rows
        number_colour = "#222" if in_month else "#999"
        lines = [f"<b style='color:{number_colour}'>{day.day}</b>"]
        for row in rows[:MONTH_CELL_LINES]:
            colour = status_colour(row, now) or ("#222" if in_month else "#888")
            text = escape(month_line(row, day))
            if row.status in INACTIVE_STATUSES:
                text = f"<s>{text}</s>"
            lines.append(f"<span style='color:{colour}'>{text}</span>")
        if len(rows) > MONTH_CELL_LINES:
            lines.append(f"<i>+{len(rows) - MONTH_CELL_LINES} weitere</i>")
        self.label.setText("<br>".join(lines))
        self.label.setToolTip(
            "\n".join([long_date(day)] + [month_tooltip_line(row, day, now) for row in rows])
        )
        background = TODAY_BACKGROUND if day == today else ("#ffffff" if in_month else "#f1f1f1")
        border = "2px solid #1f4e79" if day == today else "1px solid #c9d3de"
        self.setStyleSheet(f"QFrame#dayCell {{ background: {background}; border: {border}; }}")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit(self.day)


class MonthGrid(QWidget):
    """Six weeks from the Monday before the first; a click on a day opens that day."""

    day_clicked = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setSpacing(2)
        grid.setContentsMargins(0, 0, 0, 0)
        for column, name in enumerate(WEEKDAYS_SHORT):
            heading = QLabel(f"<b>{name}</b>")
            heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(heading, 0, column)
        self.cells: list[DayCell] = []
        for position in range(42):
            cell = DayCell()
            cell.clicked.connect(self.day_clicked)
            grid.addWidget(cell, 1 + position // 7, position % 7)
            self.cells.append(cell)
        for row in range(1, 7):
            grid.setRowStretch(row, 1)
        for column in range(7):
            grid.setColumnStretch(column, 1)

    def show_month(
        self,
        month_first: date,
        rows: list[AppointmentRow],
        today: date,
        now: datetime | None = None,
    ) -> None:
        first, days = visible_range(MONTH, month_first)
        for agenda_day, cell in zip(group_by_day(rows, first, days), self.cells, strict=True):
            cell.set_day(
                agenda_day.day,
                agenda_day.rows,
                in_month=agenda_day.day.month == month_first.month,
                today=today,
                now=now,
            )

    def cell_for(self, day: date) -> DayCell | None:
        return next((cell for cell in self.cells if cell.day == day), None)

    def count_for(self, day: date) -> int:
        cell = self.cell_for(day)
        return cell.count if cell is not None else 0


class AppointmentDetails(QWidget):
    """The selected appointment: when, where, who, what to bring (tickable) and the outcome."""

    checklist_changed = Signal(int, object)  # appointment id, tuple of ChecklistItem
    outcome_requested = Signal(int)  # appointment id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row: AppointmentRow | None = None
        self.now: datetime | None = None
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outcome_button = QPushButton(self.tr("Ergebnis eintragen …"))
        self.outcome_button.setToolTip(
            self.tr("Der Termin ist vorbei: festhalten, was herausgekommen ist und wer was tat.")
        )
        self.outcome_button.clicked.connect(self._outcome_clicked)
        self.checklist = ChecklistEditor(
            self.tr("<b>Mitbringen</b> (ein Haken wird sofort gespeichert)")
        )
        self.checklist.changed.connect(self._items_changed)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setTextFormat(Qt.TextFormat.RichText)
        self.outcome.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.text)
        layout.addWidget(self.outcome_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addSpacing(4)
        layout.addWidget(self.checklist)
        layout.addWidget(self.outcome)
        layout.addStretch()
        self.show_row(None)

    def show_row(self, row: AppointmentRow | None, now: datetime | None = None) -> None:
        same = row is not None and self.row is not None and row.id == self.row.id
        self.row = row
        self.now = now
        if not same:
            self.checklist.feedback.hide()
        self.checklist.setVisible(row is not None and bool(row.checklist))
        self.outcome_button.setVisible(row is not None and needs_outcome(row, now))
        if row is None:
            self.text.setText(
                self.tr(
                    "<i>Einen Termin auswählen, um Ort, Personen und Mitbringliste zu sehen.</i>"
                )
            )
            self.checklist.set_items(())
            self.outcome.clear()
            return
        self.text.setText(self._describe(row))
        self.checklist.set_items(row.checklist)
        self.outcome.setText(
            self.tr("<b>Ergebnis:</b> {0}").format(escape(row.outcome)) if row.outcome else ""
        )

    def _describe(self, row: AppointmentRow) -> str:
        starts = row.starts_at
        # Non-breaking spaces: "(30 Min.)" and "Uhr" stay on the line of the time.
        when = (
            f"{escape(long_date(starts.date()))}, "
            + f"{starts:%H:%M}–{row.ends_at:%H:%M} Uhr ({row.duration_minutes} Min.)".replace(
                " ", "&nbsp;"
            )
        )
        lines = [f"<h3 style='margin:0'>{escape(row.title)}</h3>", when]
        status = status_text(row, self.now)
        colour = status_colour(row, self.now) or "#222"
        lines.append(
            self.tr("Status: <span style='color:{0}'><b>{1}</b></span>").format(
                colour, escape(status)
            )
        )
        authority = row.authority
        where = [f"<b>{escape(place_text(row))}</b>"]
        if authority is not None and authority.department:
            where.append(escape(authority.department))
        address = (
            row.place
            if authority is not None and row.place
            else (authority.address if authority is not None else "")
        )
        if address and address != place_text(row):
            where.append(escape(address))
        room = row.room or (authority.room if authority is not None else "")
        if room:
            where.append(self.tr("Raum {0}").format(escape(room)))
        lines.append(self.tr("<b>Wo:</b> {0}").format("<br>".join(where)))
        if authority is not None and authority.opening_hours.known:
            weekday = starts.weekday()
            lines.append(
                self.tr("Geöffnet am {0}: {1}").format(
                    WEEKDAYS_SHORT[weekday], authority.opening_hours.day_text(weekday)
                )
            )
        if authority is not None and authority.phone:
            lines.append(self.tr("Telefon: {0}").format(escape(authority.phone)))
        persons = ", ".join(escape(c.full_name) for c in row.clients) or "–"
        lines.append(self.tr("<b>Personen:</b> {0}").format(persons))
        lines.append(self.tr("<b>Lotse/Lotsin:</b> {0}").format(escape(row.guide_name or "–")))
        lines.append(self.tr("<b>Art:</b> {0}").format(escape(row.mode.label)))
        if (
            row.mode == AppointmentMode.INTERPRETER
            or row.interpreter_name
            or row.interpreter_language
        ):
            language = language_name(row.interpreter_language) if row.interpreter_language else ""
            interpreter = ", ".join(p for p in (row.interpreter_name, language) if p)
            lines.append(self.tr("<b>Dolmetscher:in:</b> {0}").format(escape(interpreter or "–")))
        return "<br>".join(lines)

    def items(self) -> tuple[ChecklistItem, ...]:
        return self.checklist.items()

    def _items_changed(self, items: object) -> None:
        if self.row is None:
            return
        assert isinstance(items, tuple)
        self.row = replace(self.row, checklist=items)
        self.checklist_changed.emit(self.row.id, items)

    def _outcome_clicked(self) -> None:
        if self.row is not None:
            self.outcome_requested.emit(self.row.id)


class AppointmentsPage(QWidget):
    """The agenda. Loads through the TaskRunner; ``rows_loaded`` carries the shown rows."""

    open_client = Signal(int)
    rows_loaded = Signal(object)
    data_changed = Signal()

    def __init__(
        self, services: Services, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.tasks = tasks
        self.view = WEEK
        self.anchor = services.clock().date()
        self.all_rows: list[AppointmentRow] = []
        self.loaded_range: tuple[str, date, int | None] | None = None
        self._request = 0
        self._select_after_load: tuple[int, date] | None = None

        self.view_buttons: dict[str, QPushButton] = {}
        self.view_group = QButtonGroup(self)
        self.view_group.setExclusive(True)
        segments = QHBoxLayout()
        segments.setSpacing(0)
        for view, text in (
            (DAY, self.tr("Tag")),
            (WEEK, self.tr("Woche")),
            (MONTH, self.tr("Monat")),
        ):
            button = QPushButton(text)
            button.setCheckable(True)
            button.setStyleSheet(SEGMENT_STYLE)
            button.clicked.connect(lambda _checked=False, v=view: self.set_view(v))
            self.view_group.addButton(button)
            self.view_buttons[view] = button
            segments.addWidget(button)
        self.view_buttons[WEEK].setChecked(True)

        self.previous_button = QPushButton("◀")
        self.previous_button.setToolTip(self.tr("Zurück"))
        self.previous_button.setFixedWidth(36)
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.today_button = QPushButton(self.tr("Heute"))
        self.today_button.clicked.connect(self.go_today)
        self.next_button = QPushButton("▶")
        self.next_button.setToolTip(self.tr("Weiter"))
        self.next_button.setFixedWidth(36)
        self.next_button.clicked.connect(lambda: self.step(1))
        self.range_label = QLabel()
        self.range_label.setStyleSheet("font-size: 13pt; font-weight: bold; padding: 0 8px;")
        self.guide_filter = QComboBox()
        self.guide_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.guide_filter.setMinimumContentsLength(12)
        self.guide_filter.addItem(self.tr("Alle Lotsen"), None)
        self.guide_filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.hide_inactive = QCheckBox(self.tr("Abgesagte ausblenden"))
        self.hide_inactive.setToolTip(
            self.tr("Abgesagte und verschobene Termine (durchgestrichen) nicht zeigen")
        )
        self.hide_inactive.toggled.connect(lambda _on: self.apply_filters())

        self.new_button = QPushButton(self.tr("Neuer Termin …"))
        self.new_button.clicked.connect(self.new_appointment)
        self.edit_button = QPushButton(self.tr("Bearbeiten …"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.client_button = QPushButton(self.tr("Klient:in öffnen"))
        self.client_button.clicked.connect(self.open_selected_client)
        self.ics_button = QPushButton(self.tr("Als Kalenderdatei (ICS) …"))
        self.ics_button.clicked.connect(self.export_ics)
        self.print_button = QPushButton(self.tr("Brief drucken …"))
        self.print_button.setToolTip(
            self.tr("Terminbestätigung für die Klient:innen, auf Deutsch und in ihrer Sprache")
        )
        self.print_button.clicked.connect(self.print_letter)
        self.week_print_button = QPushButton(self.tr("Briefe der Woche …"))
        self.week_print_button.setToolTip(
            self.tr("Alle Terminbestätigungen der gezeigten Woche in einem Dokument")
        )
        self.week_print_button.clicked.connect(self.print_week)
        self.count_label = QLabel()
        self.message = QLabel()
        self.message.setStyleSheet(SAVED_STYLE + " font-weight: bold;")
        self.message.setWordWrap(True)
        self.message.hide()

        self.model = AgendaModel(self)
        self.tree = AgendaTree()
        self.tree.setModel(self.model)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(12)
        self.tree.setItemsExpandable(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionBehavior(QTreeView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QTreeView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.doubleClicked.connect(self._double_clicked)
        self.tree.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.tree.setStyleSheet("QTreeView::item { padding: 3px 2px; }")
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(60)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.tree.fit_columns()
        self.legend = QLabel(legend_html())
        self.legend.setWordWrap(True)  # one line where there is room, two on a small screen
        self.legend.setToolTip(
            self.tr("Die Farbe zeigt den Stand des Termins; durchgestrichen: fällt aus.")
        )
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setStyleSheet("color: #444; font-size: 9pt;")

        self.month_grid = MonthGrid()
        self.month_grid.day_clicked.connect(self.show_day)
        self.body = QStackedWidget()
        self.body.addWidget(self.tree)
        self.body.addWidget(self.month_grid)

        self.details = AppointmentDetails()
        self.details.checklist_changed.connect(self._save_checklist)
        self.details.outcome_requested.connect(self.record_outcome)
        self.details_scroll = QScrollArea()
        self.details_scroll.setWidgetResizable(True)
        self.details_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.details_scroll.setWidget(self.details)
        self.details_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.details_scroll.setMinimumWidth(260)
        self.details_scroll.setMaximumWidth(310)

        navigation = QHBoxLayout()
        navigation.addLayout(segments)
        navigation.addSpacing(12)
        navigation.addWidget(self.previous_button)
        navigation.addWidget(self.today_button)
        navigation.addWidget(self.next_button)
        navigation.addWidget(self.range_label, 1)
        navigation.addWidget(self.count_label)
        actions = QHBoxLayout()
        for button in (
            self.new_button,
            self.edit_button,
            self.client_button,
            self.print_button,
            self.week_print_button,
            self.ics_button,
        ):
            actions.addWidget(button)
        actions.addStretch()
        actions.addWidget(QLabel(self.tr("Lotse/Lotsin:")))
        actions.addWidget(self.guide_filter)
        below = QHBoxLayout()
        below.addWidget(self.legend, 1)
        below.addWidget(self.hide_inactive, 0, Qt.AlignmentFlag.AlignTop)
        agenda = QVBoxLayout()
        agenda.setSpacing(2)
        agenda.addWidget(self.body, 1)
        agenda.addLayout(below)
        body = QHBoxLayout()
        body.addLayout(agenda, 3)
        body.addWidget(self.details_scroll, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(navigation)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addLayout(body, 1)
        self._update_range_label()
        self._selection_changed()

    # --- what is shown ---------------------------------------------------------------------

    def visible_days(self) -> tuple[date, int]:
        return visible_range(self.view, self.anchor)

    def guide_id(self) -> int | None:
        value = self.guide_filter.currentData()
        return None if value is None else int(value)

    def set_view(self, view: str) -> None:
        self.view = view
        self.view_buttons[view].setChecked(True)
        self.reload()

    def show_day(self, day: object) -> None:
        """Switch to the day view of ``day`` (a click in the month grid or on a day header)."""
        assert isinstance(day, date)
        self.anchor = day
        self.set_view(DAY)

    def go_to(self, day: date) -> None:
        self.anchor = day
        self.reload()

    def go_today(self) -> None:
        self.go_to(self.services.clock().date())

    def step(self, direction: int) -> None:
        if self.view == DAY:
            self.anchor += timedelta(days=direction)
        elif self.view == WEEK:
            self.anchor += timedelta(days=7 * direction)
        else:
            first = add_months(self.anchor, direction)
            self.anchor = first
        self.reload()

    def _update_range_label(self) -> None:
        self.range_label.setText(range_label(self.view, self.anchor))
        self.body.setCurrentWidget(self.month_grid if self.view == MONTH else self.tree)
        self.details_scroll.setVisible(self.view != MONTH)

    # --- loading ---------------------------------------------------------------------------

    def reload(self) -> None:
        self._update_range_label()
        first, days = self.visible_days()
        start = day_start(first)
        end = start + timedelta(days=days)
        guide_id = self.guide_id()
        services = self.services
        self._request += 1
        request = self._request
        wanted = (self.view, first, guide_id)
        self.tasks.run(
            lambda: (
                services.appointments.rows(start, end, guide_id=guide_id),
                services.guides.list_rows(only_active=True),
            ),
            lambda result: self._arrived(request, wanted, result),
            lambda error: show_error(self, error),
        )

    def _arrived(self, request: int, wanted: object, result: object) -> None:
        if request != self._request:
            return  # a newer request is on its way; this answer is for a range no longer shown
        assert isinstance(result, tuple)
        rows, guides = result
        self.all_rows = rows
        current = self.guide_id()
        self.guide_filter.blockSignals(True)
        self.guide_filter.clear()
        self.guide_filter.addItem(self.tr("Alle Lotsen"), None)
        for guide in guides:
            self.guide_filter.addItem(guide.display_name, guide.id)
        position = self.guide_filter.findData(current) if current is not None else 0
        self.guide_filter.setCurrentIndex(max(position, 0))
        self.guide_filter.blockSignals(False)
        self.tree.one_guide = self.guide_id() is not None
        self.tree.fit_columns()
        if current is not None and position < 0:
            self.reload()  # the chosen guide is no longer active: show everyone
            return
        self.apply_filters()
        self.rows_loaded.emit(rows)

    def shown_rows(self) -> list[AppointmentRow]:
        if self.hide_inactive.isChecked():
            return [row for row in self.all_rows if row.status not in INACTIVE_STATUSES]
        return list(self.all_rows)

    def apply_filters(self) -> None:
        selected = self.selected()
        selected_day = self.selected_day() if selected is not None else None
        wanted, self._select_after_load = self._select_after_load, None
        rows = self.shown_rows()
        first, days = self.visible_days()
        now = self.services.clock()
        today = now.date()
        if self.view == MONTH:
            self.model.set_days([], today, now)
            self.month_grid.show_month(self.anchor.replace(day=1), rows, today, now)
            month = self.anchor.month
            in_month = {
                row.id
                for row in rows
                for offset in range(days)
                if (day := first + timedelta(days=offset)).month == month and touches_day(row, day)
            }
            count = len(in_month)
        else:
            self.model.set_days(group_by_day(rows, first, days), today, now)
            for position in range(self.model.rowCount()):
                self.tree.setFirstColumnSpanned(position, QModelIndex(), True)
            self.tree.expandAll()
            count = len(self.model.all_rows())
            if wanted is not None:
                self.select_appointment(*wanted)
            elif selected is not None:
                self.select_appointment(selected.id, selected_day)
        self.count_label.setText(
            self.tr("1 Termin") if count == 1 else self.tr("{0} Termine").format(count)
        )
        self._selection_changed()

    # --- selection -------------------------------------------------------------------------

    def _current_index(self) -> QModelIndex:
        indexes = self.tree.selectionModel().selectedRows()
        return indexes[0] if indexes else QModelIndex()

    def selected(self) -> AppointmentRow | None:
        if self.view == MONTH:
            return None
        return self.model.row_for(self._current_index())

    def selected_day(self) -> date:
        """The day a new appointment goes to: the selected one, today if shown, else the first."""
        if self.view != MONTH:
            day = self.model.day_for(self._current_index())
            if day is not None:
                return day
        if self.view == MONTH:
            return self.anchor
        first, days = self.visible_days()
        today = self.services.clock().date()
        return today if first <= today < first + timedelta(days=days) else first

    def select_appointment(self, appointment_id: int, day: date | None = None) -> bool:
        indexes = self.model.appointment_indexes(appointment_id)
        if day is not None:
            indexes = [i for i in indexes if self.model.day_for(i) == day] or indexes
        if not indexes:
            return False
        self.tree.setCurrentIndex(indexes[0])
        self.tree.scrollTo(indexes[0])
        return True

    def _selection_changed(self) -> None:
        row = self.selected()
        self.edit_button.setEnabled(row is not None)
        self.client_button.setEnabled(row is not None and bool(row.clients))
        self.print_button.setEnabled(
            row is not None
            and bool(row.clients)
            and row.status == AppointmentStatus.PLANNED
            and row.starts_at >= self.services.clock()
        )
        self.details.show_row(row, self.services.clock())

    def _double_clicked(self, index: QModelIndex) -> None:
        row = self.model.row_for(index)
        if row is not None:
            self.edit_appointment(row.id)
            return
        day = self.model.day_for(index)
        if day is not None and self.view != DAY:
            self.show_day(day)

    def _context_menu(self, position: QPoint) -> None:
        index = self.tree.indexAt(position)
        if index.isValid():
            self.tree.setCurrentIndex(index)
        row = self.selected()
        menu = QMenu(self)
        if row is not None:
            menu.addAction(self.tr("Bearbeiten …"), self.edit_selected)
            if needs_outcome(row, self.services.clock()):
                menu.addAction(self.tr("Ergebnis eintragen …"), lambda: self.record_outcome(row.id))
            if row.clients:
                menu.addAction(self.tr("Klient:in öffnen"), self.open_selected_client)
            menu.addSeparator()
        menu.addAction(self.tr("Neuer Termin …"), self.new_appointment)
        menu.exec(self.tree.viewport().mapToGlobal(position))

    # --- actions ---------------------------------------------------------------------------

    def open_selected_client(self) -> None:
        row = self.selected()
        if row is not None and row.clients:
            self.open_client.emit(row.clients[0].id)

    def edit_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.edit_appointment(row.id)

    def edit_appointment(self, appointment_id: int) -> None:
        from lotsen_app.ui.dialogs.appointment_dialog import AppointmentDialog

        try:
            dialog = AppointmentDialog(self.services, self, appointment_id=appointment_id)
        except Exception as error:
            show_error(self, error)
            return
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._saved(dialog.saved_id)

    def new_appointment(self) -> None:
        from lotsen_app.ui.dialogs.appointment_dialog import AppointmentDialog

        starts_at = datetime.combine(self.selected_day(), time(9, 0))
        try:
            dialog = AppointmentDialog(self.services, self, starts_at=starts_at)
        except Exception as error:
            show_error(self, error)
            return
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._saved(dialog.saved_id)

    def record_outcome(self, appointment_id: int) -> None:
        """Enter what came of an appointment that is over; then say what was saved."""
        from lotsen_app.ui.dialogs.outcome_dialog import OutcomeDialog

        try:
            dialog = OutcomeDialog(self.services, appointment_id, self)
        except Exception as error:
            show_error(self, error)
            return
        if dialog.exec() == QDialog.DialogCode.Accepted:
            summary = getattr(dialog, "summary", "")
            self._select_after_load = (appointment_id, self.selected_day())
            self._changed()
            self.show_message(
                summary
                if isinstance(summary, str) and summary
                else self.tr("Ergebnis gespeichert.")
            )

    def show_message(self, text: str) -> None:
        """A short confirmation (green) under the buttons; hidden while there is none."""
        self.message.setText(text)
        self.message.setToolTip(text)
        self.message.setVisible(bool(text))

    def show_appointment(self, appointment_id: int, day: date, message: str = "") -> None:
        """Go to ``day``, select the appointment once it is loaded and say ``message``."""
        if self.view == MONTH:
            self.view = WEEK
            self.view_buttons[WEEK].setChecked(True)
        self.anchor = day
        self._select_after_load = (appointment_id, day)
        self.show_message(message)
        self.reload()

    def _saved(self, saved_id: int | None) -> None:
        """After the dialog saved: the agenda goes to the appointment's day and selects it."""
        self.data_changed.emit()
        if saved_id is None:
            self.reload()
            return
        appointments = self.services.appointments

        def failed(error: Exception) -> None:
            show_error(self, error)
            self.reload()

        self.tasks.run(lambda: appointments.get(saved_id), self._show_saved, failed)

    def _show_saved(self, row: object) -> None:
        assert isinstance(row, AppointmentRow)
        when = (short_date(row.starts_at.date()), f"{row.starts_at:%H:%M}")
        if row.status == AppointmentStatus.CANCELLED:
            text = self.tr("Termin am {0} um {1} abgesagt.").format(*when)
        else:
            text = self.tr("Termin am {0} um {1} gespeichert.").format(*when)
        self.show_appointment(row.id, row.starts_at.date(), text)

    def _changed(self) -> None:
        self.data_changed.emit()
        self.reload()

    def _save_checklist(self, appointment_id: int, items: object) -> None:
        """Ticking saves at once; the row is updated in place so the list keeps its place."""
        if not save_checklist(self, self.services, appointment_id, items):
            self.reload()
            return
        assert isinstance(items, tuple)
        self.all_rows = [
            replace(row, checklist=items) if row.id == appointment_id else row
            for row in self.all_rows
        ]
        self.model.replace_checklist(appointment_id, items)
        self.details.checklist.show_saved()
        self.data_changed.emit()

    def print_letter(self) -> None:
        """The selected appointment's letter (Terminbestätigung)."""
        row = self.selected()
        if row is None or not row.clients:
            return
        description = f"{row.starts_at:%d.%m.%Y %H:%M}, {row.title}"
        job = LetterJob(APPOINTMENT, row.id, description=description)
        PrintLetterDialog(self.services, job, self).exec()

    def print_week(self) -> None:
        """Every letter of the week shown (the selected day's week in the day and month view;
        the coming week on a Saturday or Sunday); the dialog can choose another week."""
        day = self.selected_day() if self.view != WEEK else self.visible_days()[0]
        monday = day - timedelta(days=day.weekday())
        today = self.services.clock().date()
        if today.weekday() >= 5 and monday <= today:  # at the weekend: the coming week
            monday = today + timedelta(days=7 - today.weekday())
        guide_id = self.guide_id()
        sunday = monday + timedelta(days=6)
        whose = f" ({self.guide_filter.currentText()})" if guide_id is not None else ""
        description = f"Alle geplanten Termine vom {monday:%d.%m.%Y} bis {sunday:%d.%m.%Y}{whose}"
        job = LetterJob(WEEK_LETTERS, monday=monday, guide_id=guide_id, description=description)
        PrintLetterDialog(self.services, job, self).exec()

    def export_ics(self) -> None:
        """The selected appointment, the shown range or the next weeks as an .ics file."""
        first, days = self.visible_days()
        if self.view == MONTH:
            first = self.anchor.replace(day=1)
            days = (add_months(first, 1) - first).days
        start = day_start(first)
        selected = self.selected()
        guide_id = self.guide_id()
        choose = IcsExportDialog(
            self,
            now=self.services.clock().replace(second=0, microsecond=0),
            shown=(start, start + timedelta(days=days), range_label(self.view, self.anchor)),
            appointment=(
                (selected.id, f"{selected.starts_at:%d.%m.%Y %H:%M}, {selected.title}")
                if selected
                else None
            ),
            whose=self.guide_filter.currentText() if guide_id is not None else "",
        )
        if choose.exec() != QDialog.DialogCode.Accepted:
            return
        choice = choose.choice()
        suggested = Path.home() / f"termine-{first:%Y-%m-%d}.ics"
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Als Kalenderdatei speichern"),
            str(suggested),
            self.tr("Kalenderdatei (*.ics)"),
        )
        if not path:
            return
        target = Path(path if path.lower().endswith(".ics") else f"{path}.ics")
        appointments = self.services.appointments

        def work() -> int:
            return appointments.export_ics(
                target,
                choice.appointment_ids,
                guide_id=guide_id,
                start=choice.start,
                end=choice.end,
                detail=choice.detail,
            )

        self.tasks.run(
            work,
            lambda count: self.show_message(
                self.tr("{0} Termin(e) gespeichert: {1}").format(count, target.name)
            ),
            lambda error: show_error(self, error),
        )
