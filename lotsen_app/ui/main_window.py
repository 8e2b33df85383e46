"""The main window: navigation on the left, one page per section."""

from __future__ import annotations

from datetime import timedelta
from html import escape
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from lotsen_app import __version__
from lotsen_app.domain.appointments import AppointmentRow
from lotsen_app.domain.deadline_tracking import start_alert_counts
from lotsen_app.domain.errors import DomainError
from lotsen_app.persistence.database import change_password, password_matches
from lotsen_app.services.container import Services
from lotsen_app.ui.lock import IdleLock, SecurityGroup
from lotsen_app.ui.models.appointment_agenda_model import day_start
from lotsen_app.ui.reminders import AppointmentReminder, reminder_text
from lotsen_app.ui.tasks import TaskRunner
from lotsen_app.ui.widgets.appointments_page import AppointmentsPage
from lotsen_app.ui.widgets.authorities_page import AuthoritiesPage
from lotsen_app.ui.widgets.backup_group import BackupGroup
from lotsen_app.ui.widgets.clients_page import ClientsPage
from lotsen_app.ui.widgets.common import UNEXPECTED_ERROR
from lotsen_app.ui.widgets.deadlines_page import DeadlinesPage
from lotsen_app.ui.widgets.guides_page import GuidesPage
from lotsen_app.ui.widgets.privacy_page import PrivacyPage
from lotsen_app.ui.widgets.reports_page import ReportsPage
from lotsen_app.ui.widgets.settings_page import SettingsPage
from lotsen_app.ui.widgets.today_page import TodayPage

NAV_STYLE = """
QFrame#nav { background: #1f4e79; }
QFrame#nav QPushButton { color: white; background: transparent; border: none;
    text-align: left; padding: 10px 16px; font-size: 11pt; }
QFrame#nav QPushButton:checked { background: #2e75b6; font-weight: bold; }
QFrame#nav QPushButton:hover { background: #285f94; }
QFrame#nav QLabel { color: white; padding: 12px 16px; font-size: 14pt; font-weight: bold; }
"""


def deadline_alert_text(overdue: int, tomorrow: int) -> str:
    """``1 Frist überfällig, 3 Fristen enden morgen``; empty when there is nothing to say."""

    def tr(text: str) -> str:
        return QCoreApplication.translate("MainWindow", text)

    parts = []
    if overdue == 1:
        parts.append(tr("1 Frist überfällig"))
    elif overdue:
        parts.append(tr("{0} Fristen überfällig").format(overdue))
    if tomorrow == 1:
        parts.append(tr("1 Frist endet morgen"))
    elif tomorrow:
        parts.append(tr("{0} Fristen enden morgen").format(tomorrow))
    return ", ".join(parts)


BACKUP_CHECK_MS = 60 * 60 * 1000  # is today's backup there? (the daily one while open)


class MainWindow(QMainWindow):
    """``data_shown`` fires once the client list has arrived (used by --screenshot and tests)."""

    data_shown = Signal()

    def __init__(self, services: Services, tasks: TaskRunner | None = None) -> None:
        super().__init__()
        self.services = services
        self.tasks = tasks or TaskRunner(self)
        self.setWindowTitle(self.tr("Lotsen – {0}").format(services.database.path.name))
        self.resize(1280, 800)

        self.today_page = TodayPage(services, self.tasks)
        self.clients_page = ClientsPage(services, self.tasks)
        self.guides_page = GuidesPage(services, self.tasks)
        self.settings_page = SettingsPage(services)
        self.appointments_page = AppointmentsPage(services, self.tasks)
        self.deadlines_page = DeadlinesPage(services, self.tasks)
        self.authorities_page = AuthoritiesPage(services, self.tasks)
        self.reports_page = ReportsPage(services, self.tasks)
        self.privacy_page = PrivacyPage(
            services.privacy, services.settings.retention_years, tasks=self.tasks
        )
        # Safety: the idle lock (always on, from the settings), backups (start_safety).
        self.restore_requested_from: Path | None = None
        self.idle_lock = IdleLock(
            lambda password: password_matches(services.database.path, password),
            services.settings.lock_minutes(),
            encrypted=services.database.encrypted,
            parent=self,
            tasks=self.tasks,
        )
        self.security_group = SecurityGroup(
            services.settings,
            self.idle_lock,
            self._change_password,
            services.database.encrypted,
        )
        self.security_group.password_changed.connect(self._password_changed)
        self.backup_group = BackupGroup(services.backups, self.tasks)
        self.backup_group.restore_chosen.connect(self.restore_backup)
        self.backup_group.backed_up.connect(self._backed_up)
        self.settings_page.add_safety_groups(self.security_group, self.backup_group)
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(BACKUP_CHECK_MS)
        self.backup_timer.timeout.connect(lambda: self.backup(only_if_due=True))
        self.backup_status = QLabel()
        self.pages: list[tuple[str, QWidget]] = [
            (self.tr("Heute"), self.today_page),
            (self.tr("Klient:innen"), self.clients_page),
            (self.tr("Termine"), self.appointments_page),
            (self.tr("Fristen"), self.deadlines_page),
            (self.tr("Stellen"), self.authorities_page),
            (self.tr("Lotsen"), self.guides_page),
            (self.tr("Berichte"), self.reports_page),
            (self.tr("Datenschutz"), self.privacy_page),
            (self.tr("Einstellungen"), self.settings_page),
        ]
        self.stack = QStackedWidget()
        nav = QFrame()
        nav.setObjectName("nav")
        nav.setStyleSheet(NAV_STYLE)
        nav.setFixedWidth(190)
        nav_layout = QVBoxLayout(nav)
        nav_layout.setContentsMargins(0, 0, 0, 0)
        nav_layout.setSpacing(0)
        nav_layout.addWidget(QLabel("Lotsen"))
        self.nav_buttons = QButtonGroup(self)
        self.nav_buttons.setExclusive(True)
        for position, (title, page) in enumerate(self.pages):
            button = QPushButton(title)
            button.setCheckable(True)
            self.nav_buttons.addButton(button, position)
            nav_layout.addWidget(button)
            self.stack.addWidget(page)
        nav_layout.addStretch()
        version = QLabel(f"v{__version__}")
        version.setStyleSheet("font-size: 8pt; font-weight: normal; color: #c8d6e5;")
        nav_layout.addWidget(version)
        self.nav_buttons.idClicked.connect(self.show_page)

        # Said at once when the program starts: overdue deadlines and those ending tomorrow.
        self.alert = QLabel()
        self.alert.setStyleSheet(
            "background: #f4b6bd; color: #5a0010; padding: 8px; font-weight: bold;"
        )
        self.alert.setTextFormat(Qt.TextFormat.RichText)
        self.alert.linkActivated.connect(
            lambda _link: self.show_page(self.page_index(self.deadlines_page))
        )
        self.alert.hide()
        # Reminders before an appointment when the platform has no system tray.
        self.notice_bar = QFrame()
        self.notice_bar.setObjectName("noticeBar")
        self.notice_bar.setStyleSheet(
            "QFrame#noticeBar { background: #fff3b0; border-bottom: 1px solid #e0c000; }"
        )
        self.notice_text = QLabel()
        self.notice_text.setStyleSheet("color: #4a3b00; padding: 8px; font-weight: bold;")
        self.notice_text.setWordWrap(True)
        self.notice_text.setTextFormat(Qt.TextFormat.RichText)
        self.notice_text.setToolTip(self.tr("Klick auf einen Hinweis öffnet den Termin"))
        self.notice_text.linkActivated.connect(lambda link: self.open_notice(int(link)))
        self.notice_close = QToolButton()
        self.notice_close.setText("✕")
        self.notice_close.setToolTip(self.tr("Hinweis schließen"))
        self.notice_close.setAutoRaise(True)
        self.notice_close.clicked.connect(self.close_notices)
        notice_layout = QHBoxLayout(self.notice_bar)
        notice_layout.setContentsMargins(0, 0, 4, 0)
        notice_layout.addWidget(self.notice_text, 1)
        notice_layout.addWidget(self.notice_close)
        self.notice_bar.hide()
        self.notices: list[str] = []
        self.reminder: AppointmentReminder | None = None
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(0)
        right_layout.addWidget(self.alert)
        right_layout.addWidget(self.notice_bar)
        right_layout.addWidget(self.stack, 1)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(nav)
        layout.addWidget(right, 1)
        self.setCentralWidget(central)

        self.statusBar().addPermanentWidget(self.backup_status)
        if not services.database.encrypted:
            self.statusBar().showMessage(
                self.tr("Achtung: Diese Datenbank ist nicht mit einem Passwort geschützt.")
            )
        self.clients_page.rows_loaded.connect(self.today_page.show_rows)
        self.clients_page.rows_loaded.connect(self._first_rows)
        self.clients_page.data_changed.connect(self._refresh_others)
        self.guides_page.data_changed.connect(self._refresh_others)
        self.today_page.open_client.connect(self.open_client)
        self.today_page.open_deadline.connect(self.open_deadline)
        self.today_page.open_without_consent.connect(self.show_clients_without_consent)
        self.today_page.appointments_changed.connect(self.appointments_page.reload)
        self.appointments_page.open_client.connect(self.open_client)
        self.appointments_page.data_changed.connect(self.today_page.reload_appointments)
        self.clients_page.appointments_changed.connect(self.appointments_page.reload)
        # An outcome may have created follow-up deadlines.
        self.clients_page.appointments_changed.connect(self.deadlines_page.reload)
        self.appointments_page.data_changed.connect(self.deadlines_page.reload)
        self.clients_page.appointments_changed.connect(self.today_page.reload_appointments)
        self.authorities_page.data_changed.connect(self.appointments_page.reload)
        self.authorities_page.data_changed.connect(self.today_page.reload_appointments)
        self.deadlines_page.rows_loaded.connect(self.today_page.show_deadlines)
        self.deadlines_page.rows_loaded.connect(self._deadline_alert)
        self.clients_page.deadlines_changed.connect(self.deadlines_page.reload)
        self.privacy_page.clients_erased.connect(self._after_erasure)
        self.stack.currentChanged.connect(self._page_shown)
        self._shown_once = False
        self.show_page(0)
        self.reload_all()

    def show_page(self, position: int) -> None:
        self.stack.setCurrentIndex(position)
        button = self.nav_buttons.button(position)
        if button is not None:
            button.setChecked(True)

    def page_index(self, page: QWidget) -> int:
        return self.stack.indexOf(page)

    def reload_all(self) -> None:
        self.today_page.reload()
        self.clients_page.reload()
        self.deadlines_page.reload()
        self.appointments_page.reload()
        self.authorities_page.reload()
        self.guides_page.reload()
        self.settings_page.reload()

    # --- safety: backups, restore, password -------------------------------------------------

    def start_safety(self) -> None:
        """The day's backup at the start (unless there is one from an earlier start today: the
        first of the day is kept, so a later mistake never replaces the morning's state by
        itself) and, while open, once a day (checked every hour)."""
        self.backup(only_if_due=True)
        self.backup_timer.start()

    def backup(self, *, only_if_due: bool = False) -> None:
        backups = self.services.backups
        work = backups.backup_if_due if only_if_due else backups.backup_now
        self.tasks.run(work, self._backed_up, self._backup_failed)

    def _backed_up(self, target: object) -> None:
        if target is None:
            if not self.backup_status.text():
                self.backup_status.setText(self.tr("Sicherung von heute vorhanden"))
            return
        assert isinstance(target, Path)
        self.backup_status.setStyleSheet("color: #1b5e20;")
        self.backup_status.setText(
            self.tr("Gesichert um {0}").format(self.services.clock().strftime("%H:%M"))
        )
        self.backup_status.setToolTip(str(target))
        self.backup_group.refresh()

    def _backup_failed(self, error: Exception) -> None:
        message = str(error) if isinstance(error, DomainError) else UNEXPECTED_ERROR
        self.backup_status.setStyleSheet("color: #b00020; font-weight: bold;")
        self.backup_status.setText(
            self.tr("⚠ Sicherung fehlgeschlagen (Einstellungen → Sicherungen)")
        )
        self.backup_status.setToolTip(message)

    def restore_backup(self, backup: Path) -> None:
        """Close every window; app.py then restores the file and opens it again."""
        self.restore_requested_from = backup
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.closeAllWindows()

    def _change_password(self, old: str | None, new: str) -> None:
        """Re-key the file (on the worker); the services keep working on the same Database."""
        had_password = self.services.database.encrypted
        change_password(self.services.database, old, new)
        self.services.settings.record_database_event(
            "geändert", "Passwort" if had_password else "Passwort festgelegt"
        )

    def _password_changed(self) -> None:
        """A new backup with the new password at once; backups from before any password (readable
        by anyone) go. Older encrypted ones keep the old password until they rotate out."""
        self.statusBar().clearMessage()
        self.settings_page.show_encrypted(self.services.database.encrypted)
        backups = self.services.backups

        def work() -> Path:
            target = backups.backup_now()
            backups.drop_unencrypted()
            return target

        self.tasks.run(work, self._backed_up, self._backup_failed)

    def _page_shown(self, position: int) -> None:
        # The log grows with every action elsewhere: read it again whenever the page is opened.
        if self.stack.widget(position) is self.privacy_page:
            self.privacy_page.reload()

    def _after_erasure(self) -> None:
        """People erased on Datenschutz: close their open files, reload every page."""
        gone = [
            client_id
            for client_id in self.clients_page.file_windows
            if not self.services.clients.exists(client_id)
        ]
        self.clients_page.erased(gone)

    def _refresh_others(self) -> None:
        """After a change on one page: reload what the others show (in the background)."""
        self.guides_page.reload()
        self.settings_page.reload()
        self.appointments_page.reload()  # names of persons and guides
        self.today_page.reload_appointments()
        if self.sender() is self.guides_page:
            self.clients_page.reload()

    def _first_rows(self, _rows: object) -> None:
        if not self._shown_once:
            self._shown_once = True
            self.data_shown.emit()
            self.start_reminders()

    def start_reminders(self) -> None:
        """Announce appointments shortly before they start (once the first data is shown)."""
        if self.reminder is None:
            self.reminder = AppointmentReminder(self.services, self.tasks, self)
            self.reminder.notice.connect(self.show_notice)
            self.reminder.start()

    def show_notice(self, text: str) -> None:
        """The yellow bar under the title: newest reminder first, closable; a click on one
        opens its appointment on the Termine page."""
        self.notices.insert(0, text)
        del self.notices[5:]
        self.notice_text.setText(
            "<br>".join(
                f"<a href='{position}' style='color:#4a3b00'>{escape(notice)}</a>"
                for position, notice in enumerate(self.notices)
            )
        )
        self.notice_bar.show()

    def open_notice(self, position: int) -> None:
        """Find the appointment a reminder speaks of (today or tomorrow) and show it."""
        if not 0 <= position < len(self.notices):
            return
        _title, _sep, message = self.notices[position].partition(": ")
        start = day_start(self.services.clock().date())
        appointments = self.services.appointments

        def arrived(rows: object) -> None:
            assert isinstance(rows, list)
            row = next((r for r in rows if reminder_text(r) == message), None)
            self.show_page(self.page_index(self.appointments_page))
            if isinstance(row, AppointmentRow):
                self.appointments_page.show_appointment(row.id, row.starts_at.date())

        self.tasks.run(
            lambda: appointments.rows(start, start + timedelta(days=2)),
            arrived,
            lambda _error: self.show_page(self.page_index(self.appointments_page)),
        )

    def close_notices(self) -> None:
        self.notices.clear()
        self.notice_bar.hide()

    def _deadline_alert(self, rows: object) -> None:
        assert isinstance(rows, list)
        overdue, tomorrow = start_alert_counts(rows, self.services.clock().date())
        text = deadline_alert_text(overdue, tomorrow)
        self.alert.setVisible(bool(text))
        if text:
            self.alert.setText(
                "⚠ " + text + " – <a href='fristen'>" + self.tr("Fristen ansehen") + "</a>"
            )

    def open_deadline(self, deadline_id: int) -> None:
        self.show_page(self.page_index(self.deadlines_page))
        if not self.deadlines_page.select_deadline(deadline_id):
            self.deadlines_page.status_filter.setCurrentIndex(1)
            self.deadlines_page.search.clear()
            self.deadlines_page.select_deadline(deadline_id)

    def open_client(self, client_id: int) -> None:
        self.show_page(self.page_index(self.clients_page))
        self.clients_page.open_client(client_id)

    def show_clients_without_consent(self) -> None:
        """From the red count on Heute: the open cases without a signed consent."""
        self.show_page(self.page_index(self.clients_page))
        self.clients_page.show_without_consent()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.idle_lock.stop()
        self.backup_timer.stop()
        if self.reminder is not None:
            self.reminder.stop()
        self.tasks.wait(10000)
        super().closeEvent(event)
