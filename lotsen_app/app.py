"""Composition root: paths, database, services and the main window. Nothing else wires."""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from lotsen_app.config import AppPaths, shipped_dir
from lotsen_app.persistence.database import (
    Database,
    DatabaseOpenError,
    PasswordRequiredError,
    WrongPasswordError,
    create_database,
    is_plain_sqlite,
    open_database,
)
from lotsen_app.services.base import Clock
from lotsen_app.services.container import Services

DEMO_CLIENTS = 150


def _qt_application(offscreen: bool) -> object:
    if offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Lotsen")
    app.setOrganizationName("Lotsen")
    if isinstance(app, QApplication):
        app.setWindowIcon(QIcon(str(shipped_dir("resources") / "icons" / "lotsen.svg")))
        # The letters' fonts, known from the start: registered later (at the first letter), they
        # changed the fonts of the open windows halfway through.
        from lotsen_app.ui.printing import register_fonts

        register_fonts()
    return app


def open_interactively(path: Path, *, ask: bool) -> Database | None:
    """Open or create ``path``, asking for a password as needed. None when the user gives up."""
    from PySide6.QtWidgets import QMessageBox

    from lotsen_app.ui.dialogs.password_dialogs import FirstStartDialog, PasswordDialog

    env_password = os.environ.get("LOTSEN_PASSWORD") or None
    if not path.exists():
        password = env_password
        if ask:
            first = FirstStartDialog(str(path))
            if not first.exec():
                return None
            password = first.chosen_password
        try:
            return create_database(path, password)
        except (DatabaseOpenError, OSError) as error:
            QMessageBox.critical(None, "Lotsen", str(error))
            return None

    encrypted = path.stat().st_size > 0 and not is_plain_sqlite(path)
    password = env_password if encrypted else None
    dialog = None
    while True:
        if encrypted and password is None:
            if not ask:
                print("Fehler: Passwort in LOTSEN_PASSWORD angeben.", file=sys.stderr)
                return None
            dialog = dialog or PasswordDialog(path.name)
            if not dialog.exec():
                return None
            password = dialog.password.text()
        try:
            return open_database(path, password)
        except (PasswordRequiredError, WrongPasswordError) as error:
            if not ask:
                print(f"Fehler: {error}", file=sys.stderr)
                return None
            dialog = dialog or PasswordDialog(path.name)
            dialog.show_failure(str(error))
            password = None
        except (DatabaseOpenError, OSError) as error:
            if ask:
                QMessageBox.critical(None, "Lotsen", str(error))
            else:
                print(f"Fehler: {error}", file=sys.stderr)
            return None


def build_window(database: Database, clock: Clock = datetime.now) -> object:
    from lotsen_app.ui.main_window import MainWindow

    return MainWindow(Services.build(database, clock))


def run_gui(db: Path | None, demo: bool, screenshot: Path | None) -> int:
    app = _qt_application(offscreen=screenshot is not None)
    temporary: tempfile.TemporaryDirectory[str] | None = None
    if demo:
        from lotsen_app.services.demo import DemoOptions, write_demo_data

        temporary = tempfile.TemporaryDirectory(prefix="lotsen-demo-")
        path = Path(temporary.name) / "demo.db"
        database: Database | None = create_database(path)
        assert database is not None
        write_demo_data(database, DemoOptions(clients=DEMO_CLIENTS))
    else:
        path = db or AppPaths.for_user().default_db
        database = open_interactively(path, ask=screenshot is None)
        if database is None:
            return 1
    try:
        from lotsen_app.ui.main_window import MainWindow

        window = build_window(database)
        assert isinstance(window, MainWindow)
        if demo:
            window.setWindowTitle(window.windowTitle() + " (Demo)")
        if screenshot is not None:
            return _screenshot(app, window, screenshot)
        window.show()
        return int(app.exec())  # type: ignore[attr-defined]
    finally:
        database.close()
        if temporary is not None:
            temporary.cleanup()


def _screenshot(app: object, window: object, target: Path) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from lotsen_app.ui.main_window import MainWindow

    assert isinstance(window, MainWindow) and isinstance(app, QApplication)
    result = {"code": 1}

    def capture() -> None:
        window.tasks.wait()
        app.processEvents()
        saved = window.grab().save(str(target))
        result["code"] = 0 if saved else 1
        if not saved:
            print(f"Fehler: {target} konnte nicht gespeichert werden.", file=sys.stderr)
        app.quit()

    def timed_out() -> None:
        print("Fehler: Die Daten wurden nicht rechtzeitig angezeigt.", file=sys.stderr)
        app.quit()

    window.data_shown.connect(lambda: QTimer.singleShot(200, capture))
    QTimer.singleShot(60000, timed_out)
    window.show()
    app.exec()
    return result["code"]
