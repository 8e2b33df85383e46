"""The command line. Headless subcommands never import Qt; the window is started lazily."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from lotsen_app import (
    __version__,
    cli_access,
    cli_deadline,
    cli_ics,
    cli_letter,
    cli_privacy,
    cli_safety,
    cli_summary,
)
from lotsen_app.domain.errors import DomainError
from lotsen_app.persistence.database import (
    Database,
    DatabaseOpenError,
    check_database,
    create_database,
    is_plain_sqlite,
    open_database,
)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

SUBCOMMANDS = (
    "demo",
    "check",
    "import",
    "deadline",
    "ics",
    "letter",
    "summary",
    "report-export",
    "export-person",
    "erase",
    "backup",
    "restore",
    "passwd",
)


class CommandError(Exception):
    """A clear message for the command line; exits with ``code``."""

    def __init__(self, message: str, code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.code = code


def _password_from_env_or_prompt(path: Path, *, required: bool) -> str | None:
    password = os.environ.get("LOTSEN_PASSWORD")
    if password:
        return password
    if not required:
        return None
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(f"Passwort für {path.name}: ")
    raise CommandError(
        f"{path} ist verschlüsselt: Passwort in LOTSEN_PASSWORD angeben.", EXIT_FAILED
    )


def open_for_command(path: Path) -> Database:
    if not path.exists():
        raise CommandError(f"Die Datei {path} gibt es nicht.")
    needs_password = path.stat().st_size > 0 and not is_plain_sqlite(path)
    password = _password_from_env_or_prompt(path, required=needs_password)
    try:
        return open_database(path, password)
    except DatabaseOpenError as error:
        raise CommandError(str(error)) from None


def _gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lotsen",
        description="Lotsen: Klient:innen, Termine und Fristen für Integrationslotsen. "
        f"Weitere Befehle: {', '.join(SUBCOMMANDS)} (lotsen BEFEHL --help).",
    )
    parser.add_argument("--version", action="version", version=f"lotsen {__version__}")
    parser.add_argument("--db", type=Path, help="Datenbankdatei (Standard: im Benutzerordner)")
    parser.add_argument(
        "--demo", action="store_true", help="mit einer frischen Demo-Datenbank (wird verworfen)"
    )
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="DATEI.png",
        help="Fenster unsichtbar öffnen, Bild speichern, beenden",
    )
    return parser


def _command_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lotsen")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="Demo-Daten in eine neue Datei schreiben")
    demo.add_argument("--db", type=Path, required=True)
    demo.add_argument("--clients", type=int, default=120)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument(
        "--encrypt", action="store_true", help="verschlüsseln (Passwort aus LOTSEN_PASSWORD)"
    )

    check = sub.add_parser("check", help="Datei prüfen (Integrität, Schema); ändert nichts")
    check.add_argument("--db", type=Path, required=True)

    importer = sub.add_parser("import", help="Klient:innen aus CSV oder XLSX übernehmen")
    importer.add_argument("--db", type=Path, required=True)
    importer.add_argument("file", type=Path, metavar="DATEI.csv|DATEI.xlsx")
    importer.add_argument(
        "--mapping",
        action="append",
        default=[],
        metavar="SPALTE=FELD",
        help="Spalte der Datei einem Feld zuordnen, z. B. 'Name=family_name' (mehrfach möglich)",
    )
    importer.add_argument(
        "--partial",
        action="store_true",
        help="gültige Zeilen übernehmen, auch wenn andere abgelehnt werden",
    )
    cli_deadline.add_parser(sub)
    cli_ics.add_parser(sub)
    cli_letter.add_parser(sub)
    cli_summary.add_parsers(sub)
    cli_access.add_parser(sub)
    cli_privacy.add_parser(sub)
    cli_safety.add_parsers(sub)
    return parser


def cmd_check(args: argparse.Namespace) -> int:
    path: Path = args.db
    if not path.exists():
        raise CommandError(f"Die Datei {path} gibt es nicht.")
    needs_password = path.stat().st_size > 0 and not is_plain_sqlite(path)
    password = _password_from_env_or_prompt(path, required=needs_password)
    report = check_database(path, password)
    for message in report.messages:
        print(message)
    print("Ergebnis: in Ordnung" if report.ok else "Ergebnis: NICHT in Ordnung")
    return EXIT_OK if report.ok else EXIT_FAILED


def cmd_demo(args: argparse.Namespace) -> int:
    from lotsen_app.services.demo import DemoOptions, write_demo_data

    if args.clients < 0 or args.clients > 500_000:
        raise CommandError("--clients muss zwischen 0 und 500000 liegen.", EXIT_USAGE)
    password = None
    if args.encrypt:
        password = os.environ.get("LOTSEN_PASSWORD")
        if not password:
            raise CommandError("--encrypt braucht ein Passwort in LOTSEN_PASSWORD.", EXIT_USAGE)
    try:
        database = create_database(args.db, password)
    except DatabaseOpenError as error:
        raise CommandError(str(error)) from None
    try:
        summary = write_demo_data(database, DemoOptions(clients=args.clients, seed=args.seed))
    finally:
        database.close()
    print(f"{args.db}: {summary}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from lotsen_app.services.importer import ImportService, parse_mapping_args

    try:
        mapping = parse_mapping_args(args.mapping)
    except DomainError as error:
        raise CommandError(str(error), EXIT_USAGE) from None
    database = open_for_command(args.db)
    try:
        result = ImportService(database).import_file(
            args.file, mapping=mapping, all_or_nothing=not args.partial
        )
    except DomainError as error:
        raise CommandError(str(error)) from None
    finally:
        database.close()
    for line in result.report_lines():
        print(line)
    return EXIT_OK if result.ok else EXIT_FAILED


COMMANDS = {
    "demo": cmd_demo,
    "check": cmd_check,
    "import": cmd_import,
    "deadline": cli_deadline.run,
    "ics": cli_ics.run,
    "letter": cli_letter.run,
    "summary": cli_summary.run_summary,
    "report-export": cli_summary.run_report_export,
    "export-person": cli_access.run,
    "erase": cli_privacy.run,
    "backup": cli_safety.run_backup,
    "restore": cli_safety.run_restore,
    "passwd": cli_safety.run_passwd,
}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in SUBCOMMANDS:
            args = _command_parser().parse_args(argv)
            return COMMANDS[args.command](args)
        args = _gui_parser().parse_args(argv)
        from lotsen_app.app import run_gui

        return run_gui(db=args.db, demo=args.demo, screenshot=args.screenshot)
    except CommandError as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return error.code
    except KeyboardInterrupt:
        return 130
