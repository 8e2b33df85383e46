"""``lotsen letter``: a bilingual letter for a client as PDF (A4, DIN 5008).

Examples::

    lotsen letter --db lotsen.db --appointment 12 --lang ar --out termin.pdf
    lotsen letter --db lotsen.db --deadline 7 --out frist.pdf          # client's own language
    lotsen letter --db lotsen.db --consent 31 --lang uk --out einwilligung.pdf
    lotsen letter --db lotsen.db --week 30.11.2026 --out woche.pdf     # every letter of the week

German first, then the chosen language (without --lang: the client's preferred language), below
the German or with --nebeneinander beside it. Qt lays the letter out (Arabic and Farsi shaping),
so this command starts an offscreen QGuiApplication; Qt is imported only inside ``run``. Bad input
exits with status 2 and "Fehler: ..." on stderr; the PDF is written whole or not at all.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from lotsen_app.cli_ics import _check_target, _guide, _usage_error
from lotsen_app.domain.dates import DateFormatError, format_date, parse_date
from lotsen_app.domain.errors import DomainError
from lotsen_app.domain.languages import LETTER_LANGUAGES, language_name

if TYPE_CHECKING:
    from lotsen_app.letters import Layout
    from lotsen_app.services.container import Services

EXIT_OK = 0
#: The options naming one record, and what the record is called in messages.
DOCUMENTS = {
    "appointment": "Termin",
    "deadline": "Frist",
    "consent": "Klient:in",
    "week": "Woche",
}


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "letter",
        help="Brief zweisprachig als PDF: Terminbestätigung, Fristerinnerung, Einwilligung",
        description="Schreibt einen Brief als PDF (A4, DIN 5008): zuerst Deutsch, dann die "
        f"gewählte Sprache. Sprachen: {', '.join(LETTER_LANGUAGES)}.",
    )
    parser.add_argument("--db", type=Path, required=True, help="Datenbankdatei")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--appointment", type=int, metavar="NR", help="Terminbestätigung")
    which.add_argument("--deadline", type=int, metavar="NR", help="Fristerinnerung")
    which.add_argument(
        "--consent", type=int, metavar="KLIENT_NR", help="Einwilligung und Datenschutz-Information"
    )
    which.add_argument(
        "--week",
        metavar="DATUM",
        help="alle Terminbestätigungen der Woche mit diesem Tag (jede in der Sprache der Person)",
    )
    parser.add_argument(
        "--lang",
        metavar="LL",
        help="zweite Sprache, z. B. ar, tr, uk (ohne: die bevorzugte Sprache der Person)",
    )
    parser.add_argument("--guide", help="mit --week: nur die Termine dieser Lotsin/dieses Lotsen")
    parser.add_argument(
        "--nebeneinander",
        action="store_true",
        help="Übersetzung neben dem deutschen Text statt auf eigener Seite",
    )
    parser.add_argument(
        "--out", type=Path, required=True, metavar="DATEI.pdf", help="die PDF-Datei"
    )


def _language(text: str | None) -> str | None:
    if text is None:
        return None
    lang = text.strip().lower()
    if lang not in LETTER_LANGUAGES:
        raise _usage_error(
            f"--lang: Die Sprache „{text}“ gibt es für Briefe nicht. "
            f"Möglich sind: {', '.join(LETTER_LANGUAGES)}."
        )
    return lang


def _monday(text: str) -> date:
    try:
        day = parse_date(text)
    except DateFormatError as error:
        raise _usage_error(f"--week: {error}") from None
    return day - timedelta(days=day.weekday())


def run(args: argparse.Namespace) -> int:
    from lotsen_app.cli import open_for_command

    lang = _language(args.lang)
    monday = _monday(args.week) if args.week else None
    if monday is not None and lang is not None:
        raise _usage_error("--lang: Mit --week steht jeder Brief in der Sprache seiner Person.")
    if args.guide and monday is None:
        raise _usage_error("--guide gilt nur zusammen mit --week.")
    out: Path = args.out
    _check_target(out)

    from lotsen_app.letters import Layout, LetterTextError
    from lotsen_app.services.container import Services
    from lotsen_app.ui import letter_printing as printing

    layout = Layout.BESIDE if args.nebeneinander else Layout.BELOW
    printing.ensure_gui_application()
    database = open_for_command(args.db)
    try:
        services = Services.build(database)
        try:
            if monday is not None:
                guide_id = _guide(services.guides, args.guide)[0] if args.guide else None
                message, warnings = _write_week(services, monday, guide_id, layout, out)
            else:
                message, warnings = _write_one(services, args, lang, layout, out)
        except LetterTextError as error:
            where = "--lang" if lang else "Sprache der Klient:in"
            raise _usage_error(f"{where}: {error}") from None
        except DomainError as error:  # unknown record, or one a letter cannot be about
            option = next(f"--{name}" for name in DOCUMENTS if getattr(args, name) is not None)
            raise _usage_error(f"{option}: {error}") from None
        except OSError as error:
            raise _usage_error(
                f"--out: {out} kann nicht geschrieben werden ({error.strerror or error})."
            ) from None
    finally:
        database.close()
    print(message)
    for warning in warnings:
        print(f"Hinweis: {warning}", file=sys.stderr)
    return EXIT_OK


def _pages(count: int) -> str:
    return f"{count} {'Seite' if count == 1 else 'Seiten'}"


def _write_one(
    services: Services, args: argparse.Namespace, lang: str | None, layout: Layout, out: Path
) -> tuple[str, list[str]]:
    from lotsen_app.ui import letter_printing as printing

    option = next(name for name in DOCUMENTS if getattr(args, name) is not None)
    record_id: int = getattr(args, option)
    printed = printing.build_one(services, option, record_id, lang, layout)
    letter = printed.letter
    pages = printing.save_letters(services, [printed], out, title=letter.title)
    languages = "Deutsch" if letter.lang == "de" else f"Deutsch und {language_name(letter.lang)}"
    message = (
        f"{letter.title} für {DOCUMENTS[option]} Nr. {record_id} ({languages}) in {out} "
        f"geschrieben, {_pages(pages)}."
    )
    return message, list(letter.warnings)


def _write_week(
    services: Services, monday: date, guide_id: int | None, layout: Layout, out: Path
) -> tuple[str, list[str]]:
    from lotsen_app.ui import letter_printing as printing

    sunday = monday + timedelta(days=6)
    printed = printing.build_week_letters(services, monday, guide_id=guide_id, layout=layout)
    if not printed:
        raise _usage_error(
            f"--week: Vom {format_date(monday)} bis {format_date(sunday)} gibt es keine geplanten "
            "Termine mit Klient:innen (mehr)."
        )
    pages = printing.save_letters(services, printed, out, title=printing.week_title(monday))
    count = len(printed)
    message = (
        f"{count} {'Terminbestätigung' if count == 1 else 'Terminbestätigungen'} "
        f"vom {format_date(monday)} bis {format_date(sunday)} in {out} geschrieben, "
        f"{_pages(pages)}."
    )
    warnings = [w for item in printed for w in item.letter.warnings]
    return message, list(dict.fromkeys(warnings))
