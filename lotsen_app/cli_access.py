"""``lotsen export-person``: everything stored about one client (DSGVO Art. 15) into a folder.

Example::

    lotsen export-person --db lotsen.db --client 31 --out auskunft-31/

Writes ``auskunft-<id>.pdf`` (German and the client's language, for reading), ``auskunft-<id>.json``
(machine-readable) and each scanned letter as ``scan-<letter id>.<ext>``; creates the folder when
it is missing and prints the names of the files. Each file is written whole or not at all. Qt lays
the PDF out (Arabic and Farsi shaping), so this command starts an offscreen QGuiApplication; Qt
is imported only inside ``run``. Bad input exits with status 2 and "Fehler: ..." on stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lotsen_app.cli_ics import _usage_error
from lotsen_app.domain.errors import DomainError, NotFoundError, ValidationError

EXIT_OK = 0


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "export-person",
        help="Auskunft (Art. 15 DSGVO): alle Daten einer Klient:in als PDF und JSON",
        description="Schreibt alles, was über eine Klient:in gespeichert ist, in einen Ordner: "
        "auskunft-<Nr>.pdf (Deutsch und die Sprache der Person), auskunft-<Nr>.json und die "
        "gescannten Briefe als scan-<Nr>.<Endung>.",
    )
    parser.add_argument("--db", type=Path, required=True, help="Datenbankdatei")
    parser.add_argument("--client", type=int, required=True, metavar="NR", help="Klient:in Nr.")
    parser.add_argument(
        "--out", type=Path, required=True, metavar="ORDNER", help="Zielordner (wird angelegt)"
    )


def _prepare_folder(folder: Path) -> None:
    try:
        if folder.exists() and not folder.is_dir():
            raise _usage_error(f"--out: {folder} ist eine Datei, kein Ordner.")
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _usage_error(
            f"--out: Der Ordner {folder} kann nicht angelegt werden ({error.strerror or error})."
        ) from None


def run(args: argparse.Namespace) -> int:
    from lotsen_app.cli import open_for_command

    folder: Path = args.out
    database = open_for_command(args.db)
    try:
        from lotsen_app.services.access import AccessService
        from lotsen_app.services.container import Services
        from lotsen_app.ui import access_printing
        from lotsen_app.ui.letter_printing import ensure_gui_application

        services = Services.build(database)
        access = AccessService(database, services.clock)
        try:
            access.record(args.client)  # an unknown client: no folder, no file
        except NotFoundError as error:
            raise _usage_error(f"--client: {error}") from None
        _prepare_folder(folder)
        ensure_gui_application()
        pdf = folder / f"auskunft-{args.client}.pdf"
        try:
            pages, warnings = access_printing.save_access_pdf(services, args.client, pdf)
            written = access.export(args.client, folder)
        except ValidationError as error:
            raise _usage_error(f"--out: {error}") from None
        except DomainError as error:
            raise _usage_error(str(error)) from None
        except OSError as error:
            raise _usage_error(
                f"--out: In {folder} kann nicht geschrieben werden ({error.strerror or error})."
            ) from None
    finally:
        database.close()
    print(f"Auskunft für Klient:in Nr. {args.client} in {folder} geschrieben:")
    print(f"  {pdf.name} ({pages} {'Seite' if pages == 1 else 'Seiten'})")
    for path in written.paths:
        print(f"  {path.name}")
    for warning in warnings:
        print(f"Hinweis: {warning}", file=sys.stderr)
    return EXIT_OK
