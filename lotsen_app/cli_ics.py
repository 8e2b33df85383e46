"""``lotsen ics``: a guide's appointments as a calendar file for the phone (no Qt).

Example::

    lotsen ics --db lotsen.db --guide "Anna Schmidt" --from 01.12.2026 --out termine.ics

Events show only the initials of the people unless ``--namen`` is given. Bad input exits with
status 2 and "Fehler: ..." on stderr; the output file is written whole or not at all, by
``AppointmentService.export_ics`` like the export from the window (with its audit line).
"""

from __future__ import annotations

import argparse
from datetime import date, datetime, timedelta
from pathlib import Path

from lotsen_app.domain.dates import DateFormatError, format_date, parse_date
from lotsen_app.domain.errors import DomainError, NotFoundError
from lotsen_app.reports.ics import IcsDetail
from lotsen_app.services.appointments import AppointmentService
from lotsen_app.services.guides import GuideService

DEFAULT_WEEKS = 8
EXIT_OK = 0


def _usage_error(message: str) -> Exception:
    """``CommandError`` (exit status 2); imported here because lotsen_app.cli imports this module."""
    from lotsen_app.cli import EXIT_USAGE, CommandError

    return CommandError(message, EXIT_USAGE)


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "ics",
        help="Termine als Kalenderdatei (.ics) für das Handy schreiben",
        description="Schreibt die Termine eines Zeitraums als Kalenderdatei (iCalendar), "
        "Zeiten in Europe/Berlin. Ohne --namen zeigen die Termine nur die Initialen der "
        "Personen. Datumsangaben als TT.MM.JJJJ oder JJJJ-MM-TT.",
    )
    parser.add_argument("--db", type=Path, required=True, help="Datenbankdatei")
    parser.add_argument(
        "--guide",
        metavar="NAME_ODER_NR",
        help="nur die Termine dieser Lotsin / dieses Lotsen (Name oder Nummer)",
    )
    parser.add_argument(
        "--from", dest="date_from", metavar="DATUM", help="erster Tag (Standard: heute)"
    )
    parser.add_argument(
        "--to",
        dest="date_to",
        metavar="DATUM",
        help=f"letzter Tag (Standard: {DEFAULT_WEEKS} Wochen nach dem ersten Tag)",
    )
    parser.add_argument(
        "--out", type=Path, required=True, metavar="DATEI.ics", help="die Kalenderdatei"
    )
    parser.add_argument(
        "--namen",
        action="store_true",
        help="vollständige Namen der Personen statt nur der Initialen",
    )
    parser.add_argument(
        "--mitbringen",
        action="store_true",
        help="die Liste „Mitbringen“ in die Beschreibung aufnehmen",
    )


def run(args: argparse.Namespace) -> int:
    from lotsen_app.cli import open_for_command

    first, last = _period(args.date_from, args.date_to, date.today())
    out: Path = args.out
    _check_target(out)
    detail = IcsDetail.INITIALS
    if args.namen:
        detail |= IcsDetail.NAMES
    if args.mitbringen:
        detail |= IcsDetail.CHECKLIST

    database = open_for_command(args.db)
    try:
        guides = GuideService(database)
        guide_id, guide_name = _guide(guides, args.guide) if args.guide else (None, "")
        try:
            count = AppointmentService(database).export_ics(
                out,
                guide_id=guide_id,
                start=datetime.combine(first, datetime.min.time()),
                end=datetime.combine(last + timedelta(days=1), datetime.min.time()),
                detail=detail,
            )
        except DomainError as error:  # the file could not be written
            raise _usage_error(f"--out: {error}") from None
    finally:
        database.close()
    whose = f" von {guide_name}" if guide_name else ""
    print(
        f"{count} {'Termin' if count == 1 else 'Termine'}{whose} vom {format_date(first)} "
        f"bis {format_date(last)} in {out} geschrieben."
    )
    return EXIT_OK


def _period(date_from: str | None, date_to: str | None, today: date) -> tuple[date, date]:
    def parse(text: str, option: str) -> date:
        try:
            return parse_date(text)
        except DateFormatError as error:
            raise _usage_error(f"{option}: {error}") from None

    first = parse(date_from, "--from") if date_from else today
    last = parse(date_to, "--to") if date_to else first + timedelta(weeks=DEFAULT_WEEKS)
    if last < first:
        raise _usage_error(f"--to ({format_date(last)}) liegt vor --from ({format_date(first)}).")
    return first, last


def _guide(guides: GuideService, wanted: str) -> tuple[int, str]:
    """The guide's id and name, by number or by name; CommandError when none or several fit."""
    text = wanted.strip()
    if text.isdigit():
        try:
            guide = guides.get(int(text))
        except NotFoundError as error:
            raise _usage_error(f"--guide: {error}") from None
        return int(text), f"{guide.given_name} {guide.family_name}"
    found = guides.find(text)
    if not found:
        raise _usage_error(
            f"--guide: Eine Lotsin oder einen Lotsen namens „{text}“ gibt es nicht. "
            "Bitte Vor- und Nachnamen, nur den Nachnamen oder die Nummer angeben."
        )
    if len(found) > 1:
        candidates = ", ".join(f"{row.display_name} (Nr. {row.id})" for row in found)
        raise _usage_error(
            f"--guide: „{text}“ passt auf mehrere: {candidates}. "
            "Bitte mit --guide NR eine Nummer wählen."
        )
    return found[0].id, found[0].display_name


def _check_target(path: Path) -> None:
    """Before any work: the folder exists and the name is not a folder."""
    try:
        if path.is_dir():
            raise _usage_error(f"--out: {path} ist ein Ordner; bitte einen Dateinamen angeben.")
        if not path.parent.is_dir():
            raise _usage_error(f"--out: den Ordner {path.parent} gibt es nicht.")
    except OSError as error:
        raise _usage_error(
            f"--out: {path} kann nicht geschrieben werden ({error.strerror or error})."
        ) from None
