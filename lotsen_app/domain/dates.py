"""Parsing of dates as people type them in Germany."""

from __future__ import annotations

import re
from datetime import date

_GERMAN = re.compile(r"^\s*(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")

WEEKDAYS_SHORT = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
WEEKDAYS_LONG = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
MONTHS_LONG = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)


class DateFormatError(ValueError):
    """Raised with a German message."""


def parse_date(text: str) -> date:
    """``TT.MM.JJJJ`` or ``JJJJ-MM-TT``; raises DateFormatError with a German message."""
    match = _GERMAN.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _ISO.match(text)
        if not match:
            raise DateFormatError(f"„{text.strip()}“ ist kein Datum (Beispiel: 07.03.1985).")
        year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise DateFormatError(f"Den Tag „{text.strip()}“ gibt es nicht.") from None


def parse_date_or_year(text: str) -> tuple[date | None, int | None]:
    """A full date, or only a year ("1985"); empty text gives (None, None)."""
    if not text.strip():
        return None, None
    match = _YEAR.match(text)
    if match:
        return None, int(match.group(1))
    parsed = parse_date(text)
    return parsed, parsed.year


def format_date(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def format_date_weekday(value: date) -> str:
    return f"{WEEKDAYS_SHORT[value.weekday()]} {value.strftime('%d.%m.%Y')}"
