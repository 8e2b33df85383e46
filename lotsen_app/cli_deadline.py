"""``lotsen deadline``: compute a legal deadline on the command line (no Qt, no database).

Example::

    lotsen deadline --procedure sgb10 --posted 03.03.2025 --period 1m
    lotsen deadline --procedure zustellung --delivered 2024-10-01 --period 1m --json

Bad input exits with status 2 and "Fehler: ..." on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date

from lotsen_app.domain.dates import DateFormatError, format_date_weekday, parse_date
from lotsen_app.domain.deadlines import (
    STATES,
    DeadlineInput,
    DeadlineInputError,
    Period,
    Procedure,
    compute_deadline,
)

EXIT_OK = 0
EXIT_USAGE = 2

_FICTION = ", ".join(p.value for p in Procedure if p.uses_fiction)


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "deadline",
        help="Frist berechnen: Bekanntgabe, letzter Tag und Rechenweg",
        description="Berechnet, wann ein Bescheid als bekannt gegeben gilt und wann die Frist "
        "endet, mit Rechenweg und Paragraphen. Datumsangaben als TT.MM.JJJJ oder JJJJ-MM-TT.",
    )
    add_arguments(parser)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--procedure",
        required=True,
        choices=[p.value for p in Procedure],
        help=f"{_FICTION}: Brief per Post (Datum mit --posted); zustellung: förmliche Zustellung; "
        "persoenlich: persönlich übergeben (Datum mit --delivered)",
    )
    start = parser.add_mutually_exclusive_group(required=True)
    start.add_argument("--posted", metavar="DATUM", help="Tag der Aufgabe zur Post")
    start.add_argument("--delivered", metavar="DATUM", help="Tag der Zustellung oder Übergabe")
    parser.add_argument(
        "--received", metavar="DATUM", help="Tag, an dem der Brief laut Klient:in ankam"
    )
    parser.add_argument(
        "--period", required=True, metavar="N{d,w,m,y}", help="Frist, z. B. 1m, 2w, 14d, 1y"
    )
    parser.add_argument(
        "--no-belehrung",
        action="store_true",
        help="Rechtsbehelfsbelehrung fehlt oder ist falsch (Frist: 1 Jahr)",
    )
    parser.add_argument(
        "--state",
        default="NW",
        metavar="XX",
        help=f"Bundesland, dessen Feiertage zählen (Standard: NW; {', '.join(STATES)})",
    )
    parser.add_argument(
        "--shift-excluded",
        action="store_true",
        help="die Behörde hat einen festen Tag gesetzt und die Verschiebung ausgeschlossen",
    )
    parser.add_argument("--json", action="store_true", help="Ergebnis als JSON ausgeben")


def _date(text: str, option: str) -> date:
    try:
        return parse_date(text)
    except DateFormatError as error:
        raise DeadlineInputError(f"{option}: {error}") from None


def build_input(args: argparse.Namespace) -> DeadlineInput:
    """The engine's input from parsed arguments; raises DeadlineInputError (German message)."""
    procedure = Procedure(args.procedure)
    if procedure.uses_fiction and args.posted is None:
        raise DeadlineInputError(
            f"Bei --procedure {procedure.value} zählt die Aufgabe zur Post: bitte --posted "
            "angeben (den tatsächlichen Eingang mit --received)."
        )
    if not procedure.uses_fiction and args.delivered is None:
        raise DeadlineInputError(
            f"Bei --procedure {procedure.value} bitte --delivered angeben "
            "(Tag der Zustellung oder Übergabe)."
        )
    if procedure.uses_fiction:
        start = _date(args.posted, "--posted")
    else:
        start = _date(args.delivered, "--delivered")
    received = _date(args.received, "--received") if args.received else None
    return DeadlineInput(
        procedure=procedure,
        start=start,
        period=Period.parse(args.period),
        received=received,
        belehrung_missing=args.no_belehrung,
        state=args.state.strip().upper(),
        shift_excluded=args.shift_excluded,
    )


def run(args: argparse.Namespace) -> int:
    try:
        data = build_input(args)
        result = compute_deadline(data)
    except DeadlineInputError as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        payload = {
            "procedure": data.procedure.value,
            "start": data.start.isoformat(),
            "received": data.received.isoformat() if data.received else None,
            "period": f"{data.period.value}{data.period.unit.value}",
            "belehrung_missing": data.belehrung_missing,
            "shift_excluded": data.shift_excluded,
            "state": data.state,
            "delivered": result.delivered.isoformat(),
            "deadline": result.deadline.isoformat(),
            "steps": list(result.steps),
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(f"Letzter Tag: {format_date_weekday(result.deadline)}")
        for step in result.steps:
            print(step)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="lotsen deadline",
        description="Frist berechnen: Bekanntgabe, letzter Tag und Rechenweg.",
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
