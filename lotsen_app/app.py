"""Composition root: paths, database, services and the main window. Nothing else wires."""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from lotsen_app.config import AppPaths, backup_folder_for, shipped_dir
from lotsen_app.domain.errors import DomainError
from lotsen_app.persistence.backup import newest_good_backup, restore_backup
from lotsen_app.persistence.database import (
    CorruptDatabaseError,
    Database,
    DatabaseOpenError,
    PasswordRequiredError,
    WrongPasswordError,
    create_database,
    is_plain_sqlite,
    open_database,
)
from lotsen_app.persistence.instance_lock import lock_database_file
from lotsen_app.services.base import Clock
from lotsen_app.services.container import Services

if TYPE_CHECKING:
    from lotsen_app.ui.main_window import MainWindow

DEMO_CLIENTS = 150


def _german_qt_texts(app: object) -> None:
    """Qt's own buttons and dialogs (Ja/Nein, Abbrechen, file dialogs) in German."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    translator = QTranslator(app)  # type: ignore[arg-type]
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(QLocale.Language.German), "qtbase", "_", folder):
        app.installTranslator(translator)  # type: ignore[attr-defined]


def _qt_application(offscreen: bool) -> object:
    if offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    _german_qt_texts(app)
    app.setApplicationName("Lotsen")
    app.setOrganizationName("Lotsen")
    if isinstance(app, QApplication):
        app.setWindowIcon(QIcon(str(shipped_dir("resources") / "icons" / "lotsen.svg")))
        # The letters' fonts, known from the start: registered later (at the first letter), they
        # changed the fonts of the open windows halfway through.
        from lotsen_app.ui.printing import register_fonts

        register_fonts()
    return app


def _offer_backup(path: Path, password: str | None, problem: str, ask: bool) -> Database | None:
    """The file cannot be used: offer the newest good backup (the damaged file is kept)."""
    from PySide6.QtWidgets import QMessageBox

    backup = newest_good_backup(backup_folder_for(path), path, password)
    if backup is None or not ask:
        message = problem + (
            "" if backup is None else f" Eine gute Sicherung liegt bereit: {backup.path}"
        )
        if ask:
            QMessageBox.critical(None, "Lotsen", message)
        else:
            print(f"Fehler: {message}", file=sys.stderr)
        return None
    answer = QMessageBox.question(
        None,
        "Lotsen – Sicherung zurückspielen?",
        f"{problem}\n\nDie neueste gute Sicherung ist vom {backup.day:%d.%m.%Y} "
        f"({backup.path}). Was danach eingetragen wurde, fehlt dann.\n\nDiese Sicherung "
        "zurückspielen? Die beschädigte Datei bleibt daneben erhalten.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return None
    try:
        restore_backup(backup.path, path, password)
        return _opened_after_restore(path, password, backup.path)
    except (DomainError, OSError) as error:
        QMessageBox.critical(None, "Lotsen", str(error))
        return None


def _opened_after_restore(path: Path, password: str | None, backup: Path) -> Database:
    """The restored file, opened (migrated if older); people erased since the backup was made
    are erased again at once; the log says which backup came back."""
    from lotsen_app.services.privacy import PrivacyService
    from lotsen_app.services.settings import SettingsService

    database = open_database(path, password)
    try:
        SettingsService(database).record_database_event("zurückgespielt", backup.name)
        PrivacyService(database).reapply_erasures()
    except Exception:
        database.close()
        raise
    return database


def open_interactively(path: Path, *, ask: bool) -> Database | None:
    """Open or create ``path``, asking for a password as needed. None when the user gives up.

    A damaged file is never written to: the newest good backup is offered instead. (A wrong
    password is only ever a wrong password: an older backup that opens with it may simply be
    from before a password change, and must not be offered over a healthy file.)
    """
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
        except CorruptDatabaseError as error:
            return _offer_backup(path, password, str(error), ask)
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
    if demo:
        return _run_demo(app, screenshot)
    path = db or AppPaths.for_user().default_db
    try:
        lock = lock_database_file(path)
    except DatabaseOpenError as error:
        if screenshot is None:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.information(None, "Lotsen", str(error))
        print(f"Fehler: {error}", file=sys.stderr)
        return 1
    try:
        database = open_interactively(path, ask=screenshot is None)
        while database is not None:
            window = _main_window(database, start_backups=screenshot is None)
            if screenshot is not None:
                code = _screenshot(app, window, screenshot)
                database.close()
                return code
            window.show()
            code = int(app.exec())  # type: ignore[attr-defined]
            restore = window.restore_requested_from
            key = database._key
            database.close()
            if restore is None:
                return code
            # "Sicherung zurückspielen" in Einstellungen: the window is closed, the database
            # too; now the file is replaced (the old one kept beside it) and opened again.
            database = _restore_and_reopen(restore, path, key)
        return 1
    finally:
        lock.release()


def _main_window(database: Database, *, start_backups: bool) -> MainWindow:
    from lotsen_app.ui.main_window import MainWindow

    window = build_window(database)
    assert isinstance(window, MainWindow)
    if start_backups:
        window.start_safety()
    return window


def _restore_and_reopen(backup: Path, path: Path, key: str | None) -> Database | None:
    from PySide6.QtWidgets import QMessageBox

    try:
        kept = restore_backup(backup, path, key)
        database = _opened_after_restore(path, key, backup)
    except (DomainError, OSError) as error:
        QMessageBox.critical(None, "Lotsen", f"Die Sicherung wurde nicht zurückgespielt: {error}")
        return open_interactively(path, ask=True)
    QMessageBox.information(
        None,
        "Lotsen",
        f"Die Sicherung {backup.name} ist zurückgespielt."
        + (f" Die bisherige Datei liegt als {kept.name} daneben." if kept else ""),
    )
    return database


def _run_demo(app: object, screenshot: Path | None) -> int:
    from lotsen_app.services.demo import DemoOptions, write_demo_data

    with tempfile.TemporaryDirectory(prefix="lotsen-demo-") as temporary:
        database = create_database(Path(temporary) / "demo.db")
        try:
            write_demo_data(database, DemoOptions(clients=DEMO_CLIENTS))
            window = _main_window(database, start_backups=False)
            window.setWindowTitle(window.windowTitle() + " (Demo)")
            if screenshot is not None:
                return _screenshot(app, window, screenshot)
            window.show()
            return int(app.exec())  # type: ignore[attr-defined]
        finally:
            database.close()


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
