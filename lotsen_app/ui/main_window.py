"""The main window: navigation on the left, one page per section."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from lotsen_app import __version__
from lotsen_app.services.container import Services
from lotsen_app.ui.tasks import TaskRunner
from lotsen_app.ui.widgets.clients_page import ClientsPage
from lotsen_app.ui.widgets.guides_page import GuidesPage
from lotsen_app.ui.widgets.placeholder_page import PlaceholderPage
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
        appointments = PlaceholderPage(
            self.tr("Termine"),
            self.tr(
                "Hier entsteht die Terminübersicht: Termine bei Ämtern und Beratungsstellen nach "
                "Tag, Woche und Monat, mit Mitbringliste, Warnungen bei Doppelbuchungen und "
                "Feiertagen, Erinnerungen und Kalenderexport (ICS)."
            ),
        )
        deadlines = PlaceholderPage(
            self.tr("Fristen"),
            self.tr(
                "Hier entsteht die Fristenübersicht: Widerspruchs-, Einspruchs-, Abgabe- und "
                "Vorlagefristen, rechtlich genau berechnet und erklärt, mit Posteingang für "
                "Briefe von Ämtern."
            ),
        )
        reports = PlaceholderPage(
            self.tr("Berichte"),
            self.tr(
                "Hier entsteht die Monatsstatistik für die Koordination: nur Zahlen, keine Namen; "
                "als Excel, CSV, PDF und JSON."
            ),
        )
        self.pages: list[tuple[str, QWidget]] = [
            (self.tr("Heute"), self.today_page),
            (self.tr("Klient:innen"), self.clients_page),
            (self.tr("Termine"), appointments),
            (self.tr("Fristen"), deadlines),
            (self.tr("Lotsen"), self.guides_page),
            (self.tr("Berichte"), reports),
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

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        if not services.database.encrypted:
            self.statusBar().showMessage(
                self.tr("Achtung: Diese Datenbank ist nicht mit einem Passwort geschützt.")
            )
        self.clients_page.rows_loaded.connect(self.today_page.show_rows)
        self.clients_page.rows_loaded.connect(self._first_rows)
        self.clients_page.data_changed.connect(self._refresh_others)
        self.guides_page.data_changed.connect(self._refresh_others)
        self.today_page.open_client.connect(self.open_client)
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
        self.guides_page.reload()
        self.settings_page.reload()

    def _refresh_others(self) -> None:
        """After a change on one page: reload what the others show (in the background)."""
        self.guides_page.reload()
        self.settings_page.reload()
        if self.sender() is self.guides_page:
            self.clients_page.reload()

    def _first_rows(self, _rows: object) -> None:
        if not self._shown_once:
            self._shown_once = True
            self.data_shown.emit()

    def open_client(self, client_id: int) -> None:
        self.show_page(self.page_index(self.clients_page))
        self.clients_page.open_client(client_id)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.tasks.wait(10000)
        super().closeEvent(event)
