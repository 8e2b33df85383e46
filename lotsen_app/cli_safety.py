"""``lotsen backup``, ``lotsen restore`` and ``lotsen passwd``: keeping the database safe.

Examples::

    lotsen backup --db lotsen.db --out /media/usb/lotsen-sicherung.db
    lotsen restore --backup /media/usb/lotsen-3f9a0c1e-sicherung-2026-11-21.db --db lotsen.db
    LOTSEN_PASSWORD=alt LOTSEN_NEW_PASSWORD=neu lotsen passwd --db lotsen.db

Passwords come from LOTSEN_PASSWORD (the current one, also that of a backup) and
LOTSEN_NEW_PASSWORD, or are asked for on a terminal. ``restore`` and ``passwd`` refuse while the
database is open in a Lotsen window. Errors: "Fehler: ..." on stderr, exit 1; wrong usage exit 2.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import date
from pathlib import Path

from lotsen_app.domain.errors import DomainError
from lotsen_app.domain.passwords import validate_new_password
from lotsen_app.persistence.backup import BackupError, backup_name, restore_backup, verify_backup
from lotsen_app.persistence.database import (
    DatabaseOpenError,
    change_password,
    is_plain_sqlite,
    open_database,
)
from lotsen_app.persistence.instance_lock import lock_database_file
from lotsen_app.services.backups import BackupService
from lotsen_app.services.privacy import PrivacyService
from lotsen_app.services.settings import SettingsService

EXIT_OK = 0


def add_parsers(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = subparsers.add_parser(
        "backup",
        help="Sicherung der Datenbank schreiben (verschlüsselt wie die Datenbank)",
        description="Schreibt eine geprüfte Sicherung der Datenbank. Die Sicherung ist "
        "verschlüsselt wie die Datenbank; eine vorhandene Datei wird erst ersetzt, wenn die "
        "neue vollständig geschrieben und geprüft ist. Geht auch, während Lotsen geöffnet ist.",
    )
    backup.add_argument("--db", type=Path, required=True, help="Datenbankdatei")
    backup.add_argument(
        "--out",
        type=str,  # as typed: a trailing "/" means a folder
        required=True,
        metavar="DATEI",
        help="die Sicherungsdatei (bei einem Ordner: darin lotsen-KENNUNG-sicherung-JJJJ-MM-TT.db, "
        "wie die Sicherungen aus dem Programm)",
    )

    restore = subparsers.add_parser(
        "restore",
        help="Sicherung zurückspielen (die bisherige Datei bleibt daneben erhalten)",
        description="Prüft die Sicherung und spielt sie zurück. Die bisherige Datenbank bleibt "
        "als DATEI.vor-wiederherstellung-DATUM.bak daneben liegen. Das Passwort der Sicherung "
        "kommt aus LOTSEN_PASSWORD oder wird gefragt. Lotsen muss dazu geschlossen sein.",
    )
    restore.add_argument(
        "--backup", type=Path, required=True, metavar="DATEI", help="die Sicherungsdatei"
    )
    restore.add_argument("--db", type=Path, required=True, help="Datenbankdatei")

    passwd = subparsers.add_parser(
        "passwd",
        help="Passwort der Datenbank ändern (oder eine unverschlüsselte verschlüsseln)",
        description="Verschlüsselt die Datenbank mit einem neuen Passwort. Das alte Passwort "
        "kommt aus LOTSEN_PASSWORD, das neue aus LOTSEN_NEW_PASSWORD; fehlen sie, wird im "
        "Terminal gefragt. Lotsen muss dazu geschlossen sein.",
    )
    passwd.add_argument("--db", type=Path, required=True, help="Datenbankdatei")


def _usage_error(message: str) -> Exception:
    from lotsen_app.cli import EXIT_USAGE, CommandError

    return CommandError(message, EXIT_USAGE)


def _failure(message: str) -> Exception:
    from lotsen_app.cli import CommandError

    return CommandError(message)


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1024))} KB"


def run_backup(args: argparse.Namespace) -> int:
    from lotsen_app.cli import open_for_command
    from lotsen_app.persistence.backup import database_id, write_backup

    out = Path(args.out)
    into_folder = out.is_dir()  # then named below, with the database's id
    if not into_folder and args.out.endswith(("/", os.sep)):
        raise _usage_error(f"--out: den Ordner {out} gibt es nicht.")
    if not into_folder and not out.parent.is_dir():
        raise _usage_error(f"--out: den Ordner {out.parent} gibt es nicht.")
    database = open_for_command(args.db)
    try:
        if into_folder:
            out = out / backup_name(args.db, date.today(), database_id(database))
        written = write_backup(database, out)
    except BackupError as error:
        raise _failure(str(error)) from None
    finally:
        database.close()
    kind = "verschlüsselt" if database.encrypted else "unverschlüsselt wie die Datenbank"
    print(
        f"Sicherung von {args.db} nach {written} geschrieben und geprüft "
        f"({_size(written.stat().st_size)}, {kind})."
    )
    return EXIT_OK


def _backup_password(backup: Path) -> str | None:
    if not backup.is_file() or backup.stat().st_size == 0 or is_plain_sqlite(backup):
        return None
    password = os.environ.get("LOTSEN_PASSWORD")
    if password:
        return password
    if _interactive():
        return getpass.getpass(f"Passwort der Sicherung {backup.name}: ")
    raise _failure(
        f"Die Sicherung {backup.name} ist verschlüsselt: Passwort in LOTSEN_PASSWORD angeben."
    )


def run_restore(args: argparse.Namespace) -> int:
    backup: Path = args.backup
    target: Path = args.db
    password = _backup_password(backup)
    try:
        revision = verify_backup(backup, password)
        with lock_database_file(target):
            kept = restore_backup(backup, target, password)
            database = open_database(target, password)
            try:
                SettingsService(database).record_database_event("zurückgespielt", backup.name)
                again = PrivacyService(database).reapply_erasures()
            finally:
                database.close()
    except (BackupError, DatabaseOpenError) as error:
        raise _failure(str(error)) from None
    print(f"Sicherung {backup} geprüft (Schema {revision}) und nach {target} zurückgespielt.")
    if again.erased:
        print(
            f"{again.erased} seit der Sicherung gelöschte Personen wurden wieder gelöscht "
            "(Art. 17)."
        )
    if kept is not None:
        print(f"Die bisherige Datei liegt jetzt als {kept}.")
    if database.backup_made is not None:
        print(
            f"Die Datenbank wurde auf den neuen Stand gebracht; die Fassung davor liegt als "
            f"{database.backup_made}."
        )
    return EXIT_OK


def _new_password() -> str:
    new = os.environ.get("LOTSEN_NEW_PASSWORD")
    if new:
        problem = validate_new_password(new, new)
    elif _interactive():
        new = getpass.getpass("Neues Passwort: ")
        problem = validate_new_password(new, getpass.getpass("Neues Passwort wiederholen: "))
    else:
        raise _usage_error("Das neue Passwort in LOTSEN_NEW_PASSWORD angeben.")
    if problem is not None:
        raise _failure(problem)
    return new


def run_passwd(args: argparse.Namespace) -> int:
    path: Path = args.db
    if not path.is_file():
        raise _failure(f"Die Datei {path} gibt es nicht.")
    encrypted = path.stat().st_size > 0 and not is_plain_sqlite(path)
    old: str | None = None
    if encrypted:
        old = os.environ.get("LOTSEN_PASSWORD") or None
        if old is None:
            if not _interactive():
                raise _failure(
                    f"{path} ist verschlüsselt: das bisherige Passwort in LOTSEN_PASSWORD angeben."
                )
            old = getpass.getpass(f"Bisheriges Passwort für {path.name}: ")
    try:
        with lock_database_file(path):
            database = open_database(path, old)
            try:
                new = _new_password()
                reopened = change_password(database, old, new)
                SettingsService(reopened).record_database_event(
                    "geändert", "Passwort" if encrypted else "Passwort festgelegt"
                )
                removed: list[Path] = []
                if not encrypted:  # the backups from before the password: readable by anyone
                    backups = BackupService(reopened)
                    if backups.backups():
                        backups.backup_now()
                        removed = backups.drop_unencrypted()
            except BaseException:
                database.close()
                raise
            reopened.close()
    except DomainError as error:
        raise _failure(str(error)) from None
    if encrypted:
        print(f"Das Passwort für {path} wurde geändert. Ab jetzt öffnet nur das neue Passwort.")
    else:
        print(f"{path} ist jetzt mit dem neuen Passwort verschlüsselt.")
        if removed:
            print(
                f"{len(removed)} unverschlüsselte Sicherungen gelöscht; eine neue, "
                "verschlüsselte ist geschrieben."
            )
    print("Hinweis: Ältere Sicherungen behalten ihr bisheriges Passwort.")
    return EXIT_OK
