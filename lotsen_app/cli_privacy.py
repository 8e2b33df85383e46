"""``lotsen erase``: erase a person and everything linked to them (DSGVO Art. 17).

Example::

    lotsen erase --db lotsen.db --client 12            # says what would be erased, exit 2
    lotsen erase --db lotsen.db --client 12 --yes      # erases
    lotsen erase --db lotsen.db --client 12 --client 13 --yes

Without ``--yes`` nothing changes: the command names the record numbers and how many linked
records would go, and exits with status 2. Names are never printed (a terminal's history or a
script's log must not keep them). With ``--yes`` all the people given are erased in one
transaction, or none (an unknown number changes nothing).
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from lotsen_app.domain.dates import format_date
from lotsen_app.domain.enums import ClientStatus
from lotsen_app.domain.errors import DomainError
from lotsen_app.domain.privacy import distinct_ids
from lotsen_app.services.privacy import ErasedButNotCleanedError, ErasureResult, PrivacyService

EXIT_OK = 0


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "erase",
        help="Person und alles Verknüpfte endgültig löschen (Art. 17 DSGVO)",
        description="Löscht eine Person mit allen Kontakten, Terminen, Briefen (mit Scans), "
        "Fristen, Zielen, Aufgaben und Einwilligungen endgültig. Familienkontakte bleiben für "
        "die anderen erhalten, ohne diese Person. Im Protokoll bleibt eine Zeile ohne Namen.",
    )
    parser.add_argument("--db", type=Path, required=True, help="Datenbankdatei")
    parser.add_argument(
        "--client",
        type=int,
        required=True,
        action="append",
        metavar="NR",
        help="Nummer der Klient:in (mehrmals möglich)",
    )
    parser.add_argument(
        "--yes", action="store_true", help="wirklich löschen (ohne: nur anzeigen, was ginge)"
    )


def _people(count: int) -> str:
    return "1 Person" if count == 1 else f"{count} Personen"


def _records(count: int, *, dative: bool = False) -> str:
    if count == 1:
        return "1 verknüpften Eintrag" if dative else "1 verknüpfter Eintrag"
    return f"{count} verknüpften Einträgen" if dative else f"{count} verknüpfte Einträge"


def _numbers(ids: list[int]) -> str:
    return ", ".join(f"Nr. {client_id}" for client_id in ids)


def _case(status: ClientStatus, closed_on: date | None) -> str:
    if status == ClientStatus.CLOSED and closed_on is not None:
        return f"Fall abgeschlossen am {format_date(closed_on)}"
    return f"Fall {status.label}, NICHT abgeschlossen"


def run(args: argparse.Namespace) -> int:
    from lotsen_app.cli import EXIT_FAILED, EXIT_USAGE, CommandError, open_for_command

    ids = distinct_ids(args.client)
    database = open_for_command(args.db)
    try:
        service = PrivacyService(database)
        try:
            previews = [service.preview(client_id) for client_id in ids]
        except DomainError as error:
            raise CommandError(f"--client: {error} Es wurde nichts gelöscht.", EXIT_USAGE) from None
        if not args.yes:
            lines = [
                f"Klient:in Nr. {p.client_id} ({_case(p.status, p.closed_on)}) mit "
                f"{_records(p.records, dative=True)}"
                for p in previews
            ]
            total = sum(p.records for p in previews)
            raise CommandError(
                f"Gelöscht würden {_people(len(ids))} und {_records(total)}:\n  "
                + "\n  ".join(lines)
                + "\nEs wurde nichts gelöscht. Zum endgültigen Löschen den Befehl mit --yes "
                "wiederholen.",
                EXIT_USAGE,
            )
        try:
            result = service.erase(ids, confirmed_count=len(ids))
        except ErasedButNotCleanedError as error:
            print(_erased(error.result, ids))
            raise CommandError(str(error), EXIT_FAILED) from None
        except DomainError as error:
            raise CommandError(f"{error} Es wurde nichts gelöscht.", EXIT_USAGE) from None
    finally:
        database.close()
    print(_erased(result, ids))
    return EXIT_OK


def _erased(result: ErasureResult, ids: list[int]) -> str:
    return (
        f"Gelöscht: {_people(result.erased)} ({_numbers(ids)}) mit "
        f"{_records(result.records, dative=True)}. Im Protokoll steht je eine Zeile ohne Namen."
    )
