"""A notice shortly before an appointment, while the program runs.

The tray popup may be read by others in the room, so it names the time, the Stelle and the
persons' initials only, never a full name: a name typed into the place ("Hausbesuch bei Layla
Haddad") is shortened to its initials too. The purpose is not shown at all.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon

from lotsen_app.domain.appointments import AppointmentRow, mask_names
from lotsen_app.services.container import Services
from lotsen_app.ui.tasks import TaskRunner

DEFAULT_LEAD_MINUTES = 60
CHECK_INTERVAL_MS = 60_000


def reminder_text(row: AppointmentRow) -> str:
    """``10:30 Jobcenter (Beispiel): A. H.``; names in a typed place become initials."""
    where = row.authority_name or mask_names(row.place, row.clients) or "Termin"
    initials = row.client_initials
    return (
        f"{row.starts_at:%H:%M} {where}: {initials}"
        if initials
        else f"{row.starts_at:%H:%M} {where}"
    )


def minutes_until(row: AppointmentRow, now: datetime) -> int:
    return max(0, round((row.starts_at - now).total_seconds() / 60))


class AppointmentReminder(QObject):
    """Every minute: planned appointments starting within ``lead_minutes``, each announced once.

    Shows a tray message where the platform has a system tray; otherwise emits ``notice`` for
    the window's in-window bar. The query runs through the TaskRunner.
    """

    notice = Signal(str)
    announced = Signal(str)  # every announcement, tray or not (title: message)

    def __init__(
        self,
        services: Services,
        tasks: TaskRunner,
        parent: QObject | None = None,
        *,
        lead_minutes: int = DEFAULT_LEAD_MINUTES,
        tray_available: Callable[[], bool] = QSystemTrayIcon.isSystemTrayAvailable,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.tasks = tasks
        self.lead = timedelta(minutes=lead_minutes)
        self._announced: set[tuple[int, datetime]] = set()
        self._checking = False
        self.tray: QSystemTrayIcon | None = None
        if tray_available():
            self.tray = QSystemTrayIcon(self._icon(), self)
            self.tray.setToolTip(self.tr("Lotsen"))
            self.tray.show()
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.check_now)

    @staticmethod
    def _icon() -> QIcon:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            if not app.windowIcon().isNull():
                return app.windowIcon()
            return app.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
        return QIcon()

    def start(self) -> None:
        """Check at once, then every minute."""
        self.timer.start()
        self.check_now()

    def stop(self) -> None:
        self.timer.stop()
        if self.tray is not None:
            self.tray.hide()

    def check_now(self) -> None:
        if self._checking:
            return  # the last query has not answered yet
        self._checking = True
        appointments, lead = self.services.appointments, self.lead
        self.tasks.run(
            lambda: appointments.upcoming(within=lead),
            self._arrived,
            self._failed,
        )

    def _failed(self, _error: Exception) -> None:
        self._checking = False  # the TaskRunner has logged it (without details); try next minute

    def _arrived(self, rows: object) -> None:
        self._checking = False
        assert isinstance(rows, list)
        now = self.services.clock()
        for row in rows:
            key = (row.id, row.starts_at)
            if key in self._announced:
                continue
            self._announced.add(key)
            self._announce(row, now)

    def _announce(self, row: AppointmentRow, now: datetime) -> None:
        minutes = minutes_until(row, now)
        if minutes == 0:
            title = self.tr("Termin jetzt")
        elif minutes == 1:
            title = self.tr("Termin in 1 Minute")
        else:
            title = self.tr("Termin in {0} Minuten").format(minutes)
        message = reminder_text(row)
        self.announced.emit(f"{title}: {message}")
        if self.tray is not None and self.tray.isVisible():
            self.tray.showMessage(title, message, QSystemTrayIcon.MessageIcon.Information, 60_000)
        else:
            self.notice.emit(f"{title}: {message}")
