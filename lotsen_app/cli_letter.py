"""``lotsen letter``: the bilingual appointment letter (Terminbestätigung) as PDF.

Example::

    lotsen letter --db lotsen.db --appointment 12 --lang ar --out brief.pdf

German first, then the client's language. Qt lays the letter out (Arabic and Farsi shaping), so
this command starts an offscreen QGuiApplication; Qt is imported only inside ``run``. Bad input
exits with status 2 and "Fehler: ..." on stderr; the PDF is written whole or not at all.
Deadline reminders and consent forms (--deadline, --consent) are not built yet.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from lotsen_app.cli_ics import _check_target, _usage_error
from lotsen_app.domain.errors import NotFoundError
from lotsen_app.domain.languages import LETTER_LANGUAGES, language_name

EXIT_OK = 0


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "letter",
        help="Terminbestätigung zweisprachig als PDF schreiben",
        description="Schreibt die Terminbestätigung als PDF (A4): zuerst Deutsch, dann die "
        f"gewählte Sprache. Sprachen: {', '.join(LETTER_LANGUAGES)}.",
    )
    parser.add_argument("--db", type=Path, required=True, help="Datenbankdatei")
    parser.add_argument(
        "--appointment", type=int, required=True, metavar="NR", help="Nummer des Termins"
    )
    parser.add_argument(
        "--lang", required=True, metavar="LL", help="zweite Sprache, z. B. ar, tr, uk"
    )
    parser.add_argument(
        "--out", type=Path, required=True, metavar="DATEI.pdf", help="die PDF-Datei"
    )


def run(args: argparse.Namespace) -> int:
    from lotsen_app.cli import open_for_command

    lang = str(args.lang).strip().lower()
    if lang not in LETTER_LANGUAGES:
        raise _usage_error(
            f"--lang: Die Sprache „{args.lang}“ gibt es für Briefe nicht. "
            f"Möglich sind: {', '.join(LETTER_LANGUAGES)}."
        )
    out: Path = args.out
    _check_target(out)

    from lotsen_app.letters import LetterTextError
    from lotsen_app.services.container import Services
    from lotsen_app.ui.letter_printing import ensure_gui_application, write_appointment_letter

    ensure_gui_application()
    database = open_for_command(args.db)
    try:
        services = Services.build(database)
        try:
            pages = write_appointment_letter(services, args.appointment, lang, out)
        except NotFoundError as error:
            raise _usage_error(f"--appointment: {error}") from None
        except LetterTextError as error:
            raise _usage_error(f"--lang: {error}") from None
        except OSError as error:
            raise _usage_error(
                f"--out: {out} kann nicht geschrieben werden ({error.strerror or error})."
            ) from None
    finally:
        database.close()
    print(
        f"Terminbestätigung für Termin Nr. {args.appointment} (Deutsch und {language_name(lang)}) in {out} "
        f"geschrieben, {pages} {'Seite' if pages == 1 else 'Seiten'}."
    )
    return EXIT_OK
