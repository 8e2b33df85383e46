"""``lotsen summary`` and ``lotsen report-export``: the monthly summary without the window.

Examples::

    lotsen summary --db lotsen.db --month 2026-11 --out november.xlsx
    lotsen report-export --db lotsen.db --month 2026-11 --out november.lotsenbericht.json
    lotsen summary --db koordination.db --merge anna.json ben.json --out november.xlsx

Counts from 1 to 4 show as "<5" unless ``--exact``. A PDF (with charts) is laid out by Qt: an
offscreen application is started for it. Merging needs the programme key that signed
the files: from ``--db`` (the coordinator's database) or from ``LOTSEN_PROGRAMMSCHLUESSEL``.
Bad input exits with status 2 and "Fehler: ..." on stderr; files are written whole or not at
all.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from lotsen_app.cli_ics import _check_target, _usage_error
from lotsen_app.domain.errors import DomainError
from lotsen_app.domain.summary import Period, Summary, key_from_text, merge_reports
from lotsen_app.persistence.database import Database
from lotsen_app.reports.summary_files import REPORT_SUFFIX, summary_file
from lotsen_app.services.files import write_atomically
from lotsen_app.services.settings import SettingsService
from lotsen_app.services.summary import SummaryService, read_reports

EXIT_OK = 0
KEY_ENVIRONMENT = "LOTSEN_PROGRAMMSCHLUESSEL"
SUMMARY_SUFFIXES = (".json", ".xlsx", ".csv", ".pdf")


def add_parsers(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    summary = subparsers.add_parser(
        "summary",
        help="Monatsübersicht ohne Namen als .xlsx, .csv, .json oder .pdf schreiben",
        description="Schreibt die Monatsübersicht (nur Zahlen, keine Namen) eines Monats "
        "(JJJJ-MM), Quartals (JJJJ-Qn) oder Jahres (JJJJ) aus der Datenbank, oder mit --merge "
        "die zusammengeführten Berichtsdateien mehrerer Lotsinnen und Lotsen. Zahlen von 1 "
        "bis 4 erscheinen als „<5“, außer mit --exact.",
    )
    summary.add_argument("--db", type=Path, help="Datenbankdatei")
    summary.add_argument("--month", metavar="JJJJ-MM", help="der Monat (oder JJJJ-Qn, JJJJ)")
    summary.add_argument(
        "--merge",
        nargs="+",
        type=Path,
        metavar="DATEI",
        help=f"Berichtsdateien zusammenführen (Programmschlüssel aus --db oder {KEY_ENVIRONMENT})",
    )
    summary.add_argument(
        "--exact", action="store_true", help="genaue Zahlen, auch unter 5 (nur intern)"
    )
    summary.add_argument(
        "--recompute",
        action="store_true",
        help="neu aus den Daten berechnen, auch wenn der Zeitraum schon gemeldet wurde "
        "(sonst gelten die damals gemeldeten Zahlen)",
    )
    summary.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="DATEI.xlsx|.csv|.json|.pdf",
        help="Zieldatei",
    )

    report = subparsers.add_parser(
        "report-export",
        help="Berichtsdatei des Monats für die Koordination schreiben",
        description="Schreibt den Monat als Berichtsdatei für die Koordination: genaue "
        "Zahlen, Klient:innen nur als nicht umkehrbares Pseudonym, signiert mit dem "
        "Programmschlüssel.",
    )
    report.add_argument("--db", type=Path, required=True, help="Datenbankdatei")
    report.add_argument("--month", required=True, metavar="JJJJ-MM", help="der Monat")
    report.add_argument(
        "--out", type=Path, required=True, metavar=f"DATEI{REPORT_SUFFIX}", help="Zieldatei"
    )


def _parse_period(text: str) -> Period:
    try:
        return Period.parse(text)
    except DomainError as error:
        raise _usage_error(f"--month: {error}") from None


def _check_summary_target(path: Path) -> None:
    if path.suffix.lower() not in SUMMARY_SUFFIXES:
        raise _usage_error(
            f"--out: Unbekanntes Dateiformat „{path.suffix or path.name}“. Bitte .xlsx, .csv, "
            ".json oder .pdf wählen."
        )
    _check_target(path)


def _is_pdf(path: Path) -> bool:
    return path.suffix.lower() == ".pdf"


def _write_pdf(summary: Summary, out: Path, exact: bool, organisation: str, today: date) -> None:
    """The summary as a PDF with charts (Qt lays it out; started offscreen here)."""
    from lotsen_app.ui.summary_printing import ensure_application, write_summary_pdf

    ensure_application()
    try:
        write_summary_pdf(summary, out, exact, organisation, created_on=today)
    except OSError as error:
        raise _usage_error(
            f"--out: {out} kann nicht geschrieben werden ({error.strerror or error})."
        ) from None


def _organisation(database: Database) -> str:
    """The programme's name for the PDF's title; empty while the settings hold a placeholder."""
    settings = SettingsService(database)
    return settings.organisation_name() if settings.organisation_configured() else ""


def run_summary(args: argparse.Namespace) -> int:
    from lotsen_app.cli import open_for_command

    out: Path = args.out
    _check_summary_target(out)
    period = _parse_period(args.month) if args.month else None
    if args.merge:
        return _merge(args.merge, args.db, period, out, args.exact)
    if args.db is None or period is None:
        raise _usage_error("Bitte --db und --month angeben (oder --merge mit Berichtsdateien).")
    database = open_for_command(args.db)
    try:
        service = SummaryService(database)
        if _is_pdf(out):
            summary = service.month(period, recompute=args.recompute)
            _write_pdf(summary, out, args.exact, _organisation(database), service.today())
            service.record_export(summary, out.suffix, exact=args.exact)
        else:
            summary = service.export(period, out, exact=args.exact, recompute=args.recompute)
    except DomainError as error:
        raise _usage_error(str(error)) from None
    finally:
        database.close()
    if summary.reported_at is not None:
        print(
            f"Hinweis: {summary.period.label} wurde am {summary.reported_at:%d.%m.%Y} gemeldet; "
            "die Datei enthält die damals gemeldeten Zahlen (neu berechnen mit --recompute).",
            file=sys.stderr,
        )
    print(
        f"Monatsübersicht {summary.period.label} ({summary.clients.active} aktive "
        f"Klient:innen{', genaue Zahlen' if args.exact else ''}) in {out} geschrieben."
    )
    return EXIT_OK


def _merge(
    files: list[Path], db: Path | None, period: Period | None, out: Path, exact: bool
) -> int:
    from lotsen_app.cli import open_for_command

    if db is not None:
        database = open_for_command(db)
        try:
            service = SummaryService(database)
            summary = service.merge(files, period)
            if _is_pdf(out):
                _write_pdf(summary, out, exact, _organisation(database), service.today())
                service.record_export(summary, out.suffix, exact=exact)
            else:
                service.write_summary(summary, out, exact=exact)
        except DomainError as error:
            raise _usage_error(str(error)) from None
        finally:
            database.close()
    else:
        text = os.environ.get(KEY_ENVIRONMENT, "")
        if not text.strip():
            raise _usage_error(
                "--merge braucht den Programmschlüssel: --db DATEI (die Datenbank der "
                f"Koordination) angeben oder {KEY_ENVIRONMENT} setzen."
            )
        try:
            key = key_from_text(text)
            summary = merge_reports(read_reports(files, key, period))
            if _is_pdf(out):
                _write_pdf(summary, out, exact, "", date.today())
            else:
                write_atomically(out, summary_file(summary, out.suffix, exact))
        except DomainError as error:
            raise _usage_error(str(error)) from None
    print(
        f"Monatsübersicht {summary.period.label} aus {summary.report_files} "
        f"{'Berichtsdatei' if summary.report_files == 1 else 'Berichtsdateien'} "
        f"({summary.clients.active} aktive Klient:innen) in {out} geschrieben."
    )
    return EXIT_OK


def run_report_export(args: argparse.Namespace) -> int:
    from lotsen_app.cli import open_for_command

    out: Path = args.out
    _check_target(out)
    period = _parse_period(args.month)
    database = open_for_command(args.db)
    try:
        report = SummaryService(database).export_report(period, out)
    except DomainError as error:
        raise _usage_error(str(error)) from None
    finally:
        database.close()
    count = len(report.clients)
    print(
        f"Berichtsdatei {report.period.label} ({count} aktive "
        f"{'Klient:in' if count == 1 else 'Klient:innen'}, ohne Namen) in {out} geschrieben."
    )
    return EXIT_OK
