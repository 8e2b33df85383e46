"""Legal deadlines (Fristen): when a letter counts as delivered and when the deadline ends.

No Qt, no database: pure functions on dates, explained step by step in plain German.

The rules (see docs DOMAIN.md, "Deadlines (Fristen)"):

* **Delivery by simple post** (``vwvfg``, ``sgb10``, ``ao``): the letter counts as delivered on
  the 3rd day after posting (posted up to 2024-12-31) or the 4th day (posted from 2025-01-01,
  Postrechtsmodernisierungsgesetz): § 41 Abs. 2 VwVfG, § 37 Abs. 2 SGB X, § 122 Abs. 2 Nr. 1 AO.
  Only in ``ao`` does that day move off a Saturday, Sunday or holiday (§ 108 Abs. 3 AO as the BFH
  applies it, Urteil vom 14.10.2003 – IX R 68/98); in SGB X and VwVfG matters it does not
  (BSG, Urteil vom 06.05.2010 – B 14 AS 12/09 R). If the letter arrived later than that day, the
  later day counts (the authority has to prove receipt); an earlier arrival changes nothing.
* **Formal service** (``zustellung``): the date of service counts. A different "received" date
  (e.g. the day a deposited letter was fetched from the post office) is ignored, with a step
  saying so (§§ 180, 181 ZPO), unless it is *before* the service, which is an input error.
* **Handed over in person** (``persoenlich``): the day of hand-over counts; "received" is ignored.
* **Counting**: §§ 187 Abs. 1, 188 BGB (the day of delivery is not counted; weeks, months and years
  end on the day with the same weekday or number, or the last day of a shorter month).
* **End shift**: an end on a Saturday, Sunday or public holiday of the given state moves to the
  next working day (§ 31 Abs. 3 VwVfG, § 26 Abs. 3 SGB X, § 108 Abs. 3 AO, § 193 BGB), unless the
  authority fixed the day and expressly excluded the shift (``shift_excluded``).
* **Missing or wrong Rechtsbehelfsbelehrung**: one year from delivery instead of the period
  (§ 58 Abs. 2 VwGO, § 66 Abs. 2 SGG, § 356 Abs. 2 AO).

Holidays come from the ``holidays`` package (public holidays of the 16 states; 24 and 31 December
are working days). Holidays that only some municipalities of a state have (Mariä Himmelfahrt in
parts of Bayern, the Augsburger Friedensfest, Fronleichnam in parts of Sachsen and Thüringen)
are *not* treated as holidays: the deadline then ends one day earlier rather than one day too
late, and a step points this out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

import holidays

from lotsen_app.domain.dates import MONTHS_LONG, WEEKDAYS_LONG, format_date_weekday
from lotsen_app.domain.errors import DomainError

EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2100, 12, 31)
# The holidays package knows German holidays for these years; nothing is computed outside them.
_HOLIDAY_YEARS = range(1991, 2101)
FOUR_DAY_FICTION_FROM = date(2025, 1, 1)
EXPIRY_WARNING = timedelta(weeks=8)

STATES: dict[str, str] = {
    "BW": "Baden-Württemberg",
    "BY": "Bayern",
    "BE": "Berlin",
    "BB": "Brandenburg",
    "HB": "Bremen",
    "HH": "Hamburg",
    "HE": "Hessen",
    "MV": "Mecklenburg-Vorpommern",
    "NI": "Niedersachsen",
    "NW": "Nordrhein-Westfalen",
    "RP": "Rheinland-Pfalz",
    "SL": "Saarland",
    "SN": "Sachsen",
    "ST": "Sachsen-Anhalt",
    "SH": "Schleswig-Holstein",
    "TH": "Thüringen",
}


class DeadlineInputError(DomainError):
    """Input the deadline engine cannot compute with; the message is German."""


# --- value types ------------------------------------------------------------------------------


class Procedure(StrEnum):
    """How the letter reached the client, and which procedural code applies."""

    VWVFG = "vwvfg"
    SGB10 = "sgb10"
    AO = "ao"
    ZUSTELLUNG = "zustellung"
    PERSOENLICH = "persoenlich"

    @property
    def label(self) -> str:
        return _PROCEDURE_LABELS[self]

    @property
    def uses_fiction(self) -> bool:
        """True when ``start`` is the posting date and delivery is deemed (Bekanntgabefiktion)."""
        return self in (Procedure.VWVFG, Procedure.SGB10, Procedure.AO)


_PROCEDURE_LABELS = {
    Procedure.VWVFG: "Brief per Post: Verwaltung allgemein (VwVfG), z. B. Ausländerbehörde",
    Procedure.SGB10: "Brief per Post: Sozialleistungen (SGB X), z. B. Jobcenter, Sozialamt",
    Procedure.AO: "Brief per Post: Steuern und Kindergeld (AO), z. B. Familienkasse, Finanzamt",
    Procedure.ZUSTELLUNG: "Förmliche Zustellung (z. B. gelber Umschlag), Datum bekannt",
    Procedure.PERSOENLICH: "Persönlich übergeben",
}


class PeriodUnit(StrEnum):
    DAYS = "d"
    WEEKS = "w"
    MONTHS = "m"
    YEARS = "y"


_UNIT_WORDS = {
    PeriodUnit.DAYS: ("Tag", "Tage"),
    PeriodUnit.WEEKS: ("Woche", "Wochen"),
    PeriodUnit.MONTHS: ("Monat", "Monate"),
    PeriodUnit.YEARS: ("Jahr", "Jahre"),
}
# Ten years at most: anything longer is a typing error, not a deadline.
_MAX_PERIOD = {
    PeriodUnit.DAYS: 3650,
    PeriodUnit.WEEKS: 520,
    PeriodUnit.MONTHS: 120,
    PeriodUnit.YEARS: 10,
}
_UNIT_ALIASES = {
    "d": PeriodUnit.DAYS,
    "t": PeriodUnit.DAYS,
    "tag": PeriodUnit.DAYS,
    "tage": PeriodUnit.DAYS,
    "w": PeriodUnit.WEEKS,
    "woche": PeriodUnit.WEEKS,
    "wochen": PeriodUnit.WEEKS,
    "m": PeriodUnit.MONTHS,
    "monat": PeriodUnit.MONTHS,
    "monate": PeriodUnit.MONTHS,
    "y": PeriodUnit.YEARS,
    "j": PeriodUnit.YEARS,
    "jahr": PeriodUnit.YEARS,
    "jahre": PeriodUnit.YEARS,
}
_PERIOD_TEXT = re.compile(r"^\s*([+-]?\d+)\s*([^\d\s]+)\s*$")


@dataclass(frozen=True)
class Period:
    value: int
    unit: PeriodUnit

    @classmethod
    def parse(cls, text: str) -> Period:
        """``"1m"``, ``"2w"``, ``"14d"``, ``"1y"`` (also ``"14 Tage"``, ``"1 Jahr"``)."""
        match = _PERIOD_TEXT.match(text)
        unit = _UNIT_ALIASES.get(match.group(2).casefold()) if match else None
        if match is None or unit is None:
            raise DeadlineInputError(
                f"„{text.strip()}“ ist keine Frist. Beispiele: 1m (1 Monat), 2w (2 Wochen), "
                "14d (14 Tage), 1y (1 Jahr)."
            )
        return _checked_period(cls(int(match.group(1)), unit))

    @property
    def label(self) -> str:
        singular, plural = _UNIT_WORDS[PeriodUnit(self.unit)]
        return f"{self.value} {singular if self.value == 1 else plural}"


def _checked_period(period: Period) -> Period:
    try:
        unit = PeriodUnit(period.unit)
    except ValueError:
        raise DeadlineInputError(f"Unbekannte Einheit der Frist: {period.unit!r}.") from None
    value = period.value
    if isinstance(value, bool) or not isinstance(value, int):
        raise DeadlineInputError("Die Länge der Frist muss eine ganze Zahl sein.")
    if value <= 0:
        raise DeadlineInputError(
            "Die Frist muss mindestens 1 Tag, 1 Woche, 1 Monat oder 1 Jahr lang sein."
        )
    if value > _MAX_PERIOD[unit]:
        raise DeadlineInputError(
            f"Die Frist „{Period(value, unit).label}“ ist zu lang: höchstens 10 Jahre."
        )
    return Period(value, unit)


@dataclass(frozen=True)
class DeadlineInput:
    procedure: Procedure
    start: date  # posting date for vwvfg/sgb10/ao, delivery or hand-over date otherwise
    period: Period
    received: date | None = None
    belehrung_missing: bool = False
    state: str = "NW"
    shift_excluded: bool = False


@dataclass(frozen=True)
class DeadlineResult:
    delivered: date
    deadline: date
    steps: tuple[str, ...]


class DeadlineKind(StrEnum):
    WIDERSPRUCH = "widerspruch"
    EINSPRUCH = "einspruch"
    KLAGE = "klage"
    ABGABE = "abgabe"
    VORLAGE = "vorlage"
    MITWIRKUNG = "mitwirkung"
    WEITERBEWILLIGUNG = "weiterbewilligung"
    AUFENTHALTSTITEL = "aufenthaltstitel"
    PASS = "pass"
    SONSTIGE = "sonstige"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def computed(self) -> bool:
        """True when the law sets the period (counted from delivery); otherwise the letter's date."""
        return self in (DeadlineKind.WIDERSPRUCH, DeadlineKind.EINSPRUCH, DeadlineKind.KLAGE)


_KIND_LABELS = {
    DeadlineKind.WIDERSPRUCH: "Widerspruch",
    DeadlineKind.EINSPRUCH: "Einspruch",
    DeadlineKind.KLAGE: "Klage",
    DeadlineKind.ABGABE: "Unterlagen einreichen",
    DeadlineKind.VORLAGE: "Unterlagen vorlegen",
    DeadlineKind.MITWIRKUNG: "Mitwirkung",
    DeadlineKind.WEITERBEWILLIGUNG: "Weiterbewilligungsantrag",
    DeadlineKind.AUFENTHALTSTITEL: "Aufenthaltstitel läuft ab",
    DeadlineKind.PASS: "Pass läuft ab",
    DeadlineKind.SONSTIGE: "Sonstige Frist",
}


def suggested_period(kind: DeadlineKind, procedure: Procedure) -> Period | None:
    """The usual period, to prefill; the letter's Rechtsbehelfsbelehrung always wins.

    Widerspruch 1 month (§ 84 SGG, § 70 VwGO), Einspruch 1 month (§ 355 AO), Klage 1 month
    (§ 87 SGG, § 74 VwGO, § 47 FGO). Asylum decisions of the BAMF are 2 weeks, or 1 week when
    rejected as "offensichtlich unbegründet" (§ 74 AsylG): that cannot be told from the kind, so
    the user enters it from the letter. Other kinds have no legal period (None).
    """
    if DeadlineKind(kind).computed:
        return Period(1, PeriodUnit.MONTHS)
    return None


def expiry_warning_start(expiry: date) -> date:
    """From when to warn about an expiring residence permit or passport: 8 weeks before."""
    return expiry - EXPIRY_WARNING


# --- holidays and working days ------------------------------------------------------------------


def _state_code(state: str) -> str:
    code = str(state).strip().upper()
    if code not in STATES:
        raise DeadlineInputError(
            f"Unbekanntes Bundesland „{state}“. Möglich sind: {', '.join(STATES)}."
        )
    return code


@lru_cache(maxsize=4096)
def _holidays(state: str, year: int) -> dict[date, str]:
    if year not in _HOLIDAY_YEARS:
        raise DeadlineInputError(
            f"Für das Jahr {year} kennt das Programm die Feiertage nicht "
            f"({_HOLIDAY_YEARS[0]} bis {_HOLIDAY_YEARS[-1]})."
        )
    table = holidays.country_holidays("DE", subdiv=state, years=year, language="de")
    # 24 and 31 December are working days (the package does not list them; make sure of it).
    return {
        day: name for day, name in table.items() if not (day.month == 12 and day.day in (24, 31))
    }


def holiday_name(day: date, state: str) -> str | None:
    """The German name of the public holiday of ``state`` on ``day``, or None."""
    return _holidays(_state_code(state), day.year).get(day)


def is_working_day(day: date, state: str) -> bool:
    """Monday to Friday and not a public holiday of ``state`` (24 and 31 December are)."""
    code = _state_code(state)
    return day.weekday() < 5 and day not in _holidays(code, day.year)


def next_working_day(day: date, state: str) -> date:
    """``day`` itself if it is a working day, else the next one."""
    code = _state_code(state)
    while not is_working_day(day, code):
        day += timedelta(days=1)
    return day


def _working_days_between(after: date, upto: date, state: str) -> int:
    """Working days d with ``after < d <= upto``."""
    days = (upto - after).days
    full_weeks, rest = divmod(days, 7)
    count = full_weeks * 5
    for offset in range(1, rest + 1):
        if (after + timedelta(days=offset)).weekday() < 5:
            count += 1
    for year in range(after.year, upto.year + 1):
        count -= sum(
            1 for day in _holidays(state, year) if after < day <= upto and day.weekday() < 5
        )
    return count


def working_days_until(today: date, due: date, state: str) -> int:
    """Working days from ``today`` (exclusive) to ``due`` (inclusive).

    * ``due`` after ``today``: how many working days are left, counting ``due`` itself if it is
      one. 1 means "tomorrow is the last working day" (or due is the next working day).
    * 0: due today, or no working day lies between today and due (e.g. today Friday, due Sunday).
    * ``due`` before ``today``: minus the working days since then, i.e. -(working days d with
      ``due < d <= today``); -1 means one working day overdue. It may be 0 when only
      weekend days or holidays have passed since, so check ``due < today`` for "overdue".
    """
    code = _state_code(state)
    if due >= today:
        return _working_days_between(today, due, code)
    return -_working_days_between(due, today, code)


# --- the computation --------------------------------------------------------------------------


_FICTION_LAW = {
    Procedure.VWVFG: "§ 41 Abs. 2 VwVfG",
    Procedure.SGB10: "§ 37 Abs. 2 SGB X",
    Procedure.AO: "§ 122 Abs. 2 Nr. 1 AO",
}
_SHIFT_LAW = {
    Procedure.VWVFG: "§ 31 Abs. 3 VwVfG",
    Procedure.SGB10: "§ 26 Abs. 3 SGB X",
    Procedure.AO: "§ 108 Abs. 3 AO",
    Procedure.ZUSTELLUNG: "§ 193 BGB",
    Procedure.PERSOENLICH: "§ 193 BGB",
}
_SHIFT_EXCLUSION_LAW = {
    Procedure.VWVFG: "§ 31 Abs. 3 Satz 2 VwVfG",
    Procedure.SGB10: "§ 26 Abs. 3 Satz 2 SGB X",
    Procedure.ZUSTELLUNG: "§ 31 Abs. 3 Satz 2 VwVfG, § 26 Abs. 3 Satz 2 SGB X",
    Procedure.PERSOENLICH: "§ 31 Abs. 3 Satz 2 VwVfG, § 26 Abs. 3 Satz 2 SGB X",
}
_ONE_YEAR_LAW = {
    Procedure.VWVFG: "§ 58 Abs. 2 VwGO",
    Procedure.SGB10: "§ 66 Abs. 2 SGG",
    Procedure.AO: "§ 356 Abs. 2 AO",
    Procedure.ZUSTELLUNG: "§ 58 Abs. 2 VwGO",
    Procedure.PERSOENLICH: "§ 58 Abs. 2 VwGO",
}
_NO_FICTION_SHIFT_REASON = {
    Procedure.SGB10: "§ 37 Abs. 2 SGB X regelt einen Tag, keine Frist im Sinne von "
    "§ 26 Abs. 3 SGB X; BSG, Urteil vom 06.05.2010 – B 14 AS 12/09 R",
    Procedure.VWVFG: "§ 41 Abs. 2 VwVfG regelt einen Tag, keine Frist; § 31 Abs. 3 VwVfG "
    "gilt nur für das Fristende",
}


def _d(day: date) -> str:
    return format_date_weekday(day)


def _check_date(day: date, what: str) -> None:
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise DeadlineInputError(
            f"{what} ({day.strftime('%d.%m.%Y')}) liegt außerhalb von "
            f"{EARLIEST_DATE.strftime('%d.%m.%Y')} bis {LATEST_DATE.strftime('%d.%m.%Y')}."
        )


def _last_day_of_month(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


def add_period(delivered: date, period: Period) -> tuple[date, bool]:
    """The last day of ``period`` counted from ``delivered`` (§§ 187 Abs. 1, 188 BGB), unshifted.

    Returns the day and whether § 188 Abs. 3 BGB applied (the month had no day with that number).
    """
    unit = PeriodUnit(period.unit)
    if unit is PeriodUnit.DAYS:
        return delivered + timedelta(days=period.value), False
    if unit is PeriodUnit.WEEKS:
        return delivered + timedelta(weeks=period.value), False
    months = period.value * (12 if unit is PeriodUnit.YEARS else 1)
    index = delivered.year * 12 + (delivered.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = _last_day_of_month(year, month)
    if delivered.day > last:
        return date(year, month, last), True
    return date(year, month, delivered.day), False


def _day_reason(day: date, state: str, *, place: bool = True) -> str:
    """Why ``day`` is no working day: "ein Samstag", "ein Feiertag in Bayern (Ostermontag)"."""
    name = holiday_name(day, state)
    if name is None:
        return f"ein {WEEKDAYS_LONG[day.weekday()]}"
    place_text = f" in {STATES[state]}" if place else ""
    if day.weekday() >= 5:
        return f"ein {WEEKDAYS_LONG[day.weekday()]} und Feiertag{place_text} ({name})"
    return f"ein Feiertag{place_text} ({name})"


def _skipped_days(day: date, state: str) -> list[date]:
    skipped = []
    while not is_working_day(day, state):
        skipped.append(day)
        day += timedelta(days=1)
    return skipped


def _describe_skipped(skipped: list[date], state: str) -> str:
    first = f"{_d(skipped[0])} ist {_day_reason(skipped[0], state)}"
    named = holiday_name(skipped[0], state) is not None
    rest = []
    for day in skipped[1:]:
        rest.append(f"{_d(day)} {_day_reason(day, state, place=not named)}")
        named = named or holiday_name(day, state) is not None
    if not rest:
        return first
    if len(rest) == 1:
        return f"{first} und {rest[0]}"
    return f"{first}, {', '.join(rest[:-1])} und {rest[-1]}"


def _easter(year: int) -> date:
    """Easter Sunday (Gregorian calendar; Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


def _local_holiday_note(day: date, state: str) -> str | None:
    """A hint when ``day`` is a holiday only in part of ``state`` (not counted as one)."""
    if state == "BY" and (day.month, day.day) == (8, 15):
        return (
            "Hinweis: Mariä Himmelfahrt (15.08.) ist in Bayern nur in Gemeinden mit überwiegend "
            "katholischer Bevölkerung Feiertag. Das Programm rechnet den Tag als Werktag; so "
            "endet die Frist nie zu spät (§ 193 BGB)."
        )
    if state == "BY" and (day.month, day.day) == (8, 8):
        return (
            "Hinweis: Das Augsburger Friedensfest (08.08.) ist nur in der Stadt Augsburg "
            "Feiertag. Das Programm rechnet den Tag als Werktag; so endet die Frist nie zu spät "
            "(§ 193 BGB)."
        )
    if state in ("SN", "TH") and day == _easter(day.year) + timedelta(days=60):
        return (
            f"Hinweis: Fronleichnam ist in {STATES[state]} nur in einzelnen Gemeinden Feiertag. "
            "Das Programm rechnet den Tag als Werktag; so endet die Frist nie zu spät "
            "(§ 193 BGB)."
        )
    return None


def _delivery(data: DeadlineInput, procedure: Procedure, state: str, steps: list[str]) -> date:
    start, received = data.start, data.received
    if procedure is Procedure.ZUSTELLUNG:
        steps.append(
            f"Förmlich zugestellt am {_d(start)} (z. B. mit Postzustellungsurkunde): "
            "An diesem Tag ist der Bescheid bekannt gegeben (§ 3 VwZG mit §§ 177 bis 182 ZPO)."
        )
        if received is not None and received != start:
            steps.append(
                f"Das Eingangs- oder Abholdatum {_d(received)} ändert daran nichts: Bei förmlicher "
                "Zustellung zählt der Tag der Zustellung, auch beim Einwurf in den Briefkasten "
                "oder bei Niederlegung bei der Post (§§ 180, 181 ZPO)."
            )
        return start
    if procedure is Procedure.PERSOENLICH:
        steps.append(
            f"Persönlich übergeben am {_d(start)}: Mit der Übergabe ist der Bescheid bekannt "
            "gegeben (§ 41 Abs. 1 VwVfG, § 37 Abs. 1 SGB X, § 122 Abs. 1 AO)."
        )
        if received is not None and received != start:
            steps.append(
                f"Das angegebene Eingangsdatum {_d(received)} ändert daran nichts: Bekannt "
                "gegeben wurde mit der Übergabe (§ 41 Abs. 1 VwVfG, § 37 Abs. 1 SGB X)."
            )
        return start

    law = _FICTION_LAW[procedure]
    days = 4 if start >= FOUR_DAY_FICTION_FROM else 3
    fiction = start + timedelta(days=days)
    steps.append(f"Zur Post gegeben am {_d(start)}.")
    if days == 4:
        fiction_text = f"{days}-Tage-Fiktion, {law}"
    else:
        fiction_text = (
            f"{days}-Tage-Fiktion für Briefe, die bis 31.12.2024 zur Post gegeben wurden, "
            f"{law} in der damals geltenden Fassung"
        )
    if is_working_day(fiction, state):
        steps.append(f"Gilt am {_d(fiction)} als bekannt gegeben ({fiction_text}).")
    elif procedure is Procedure.AO:
        moved = next_working_day(fiction, state)
        steps.append(
            f"Der {days}. Tag nach der Aufgabe zur Post ist {_d(fiction)} ({fiction_text})."
        )
        steps.append(
            f"{_describe_skipped(_skipped_days(fiction, state), state)}: In Steuer- und "
            f"Kindergeldsachen gilt der Bescheid dann erst am nächsten Werktag, {_d(moved)}, als "
            "bekannt gegeben (§ 108 Abs. 3 AO; BFH, Urteil vom 14.10.2003 – IX R 68/98)."
        )
        fiction = moved
    else:
        steps.append(f"Gilt am {_d(fiction)} als bekannt gegeben ({fiction_text}).")
        steps.append(
            f"{_d(fiction)} ist {_day_reason(fiction, state)}. Das verschiebt die Bekanntgabe "
            f"nicht; verschoben wird nur ein Fristende ({_NO_FICTION_SHIFT_REASON[procedure]})."
        )

    if received is None:
        return fiction
    if received > fiction:
        steps.append(
            f"Laut Klient:in kam der Brief erst am {_d(received)} an. Dann zählt dieser spätere "
            f"Tag als Bekanntgabe; im Zweifel muss die Behörde den Zugang nachweisen ({law}). "
            "Umschlag und Eingangsnotiz aufbewahren."
        )
        return received
    if received == fiction:
        steps.append(
            f"Angekommen am {_d(received)}, dem Tag der Fiktion: Es bleibt bei der Bekanntgabe "
            f"am {_d(fiction)} ({law})."
        )
    else:
        steps.append(
            f"Angekommen am {_d(received)}: Ein früherer Eingang verkürzt die Frist nicht; es "
            f"bleibt bei der Bekanntgabe am {_d(fiction)} ({law})."
        )
    return fiction


def compute_deadline(data: DeadlineInput) -> DeadlineResult:
    """The (deemed) delivery, the last day of the deadline and the steps in plain German.

    Raises DeadlineInputError (German message) for an unknown state, a period that is zero,
    negative or longer than 10 years, dates before 2000 or after 2100, or an arrival before the
    posting (or before the formal service / hand-over).
    """
    try:
        procedure = Procedure(data.procedure)
    except ValueError:
        raise DeadlineInputError(f"Unbekanntes Verfahren: {data.procedure!r}.") from None
    state = _state_code(data.state)
    period = _checked_period(data.period)
    start_what = {
        Procedure.ZUSTELLUNG: "Das Datum der Zustellung",
        Procedure.PERSOENLICH: "Das Datum der Übergabe",
    }.get(procedure, "Das Datum der Aufgabe zur Post")
    _check_date(data.start, start_what)
    if data.received is not None:
        _check_date(data.received, "Das Eingangsdatum")
        if data.received < data.start:
            if procedure.uses_fiction:
                message = (
                    f"Der Brief kann nicht am {_d(data.received)} angekommen sein, wenn er erst "
                    f"am {_d(data.start)} zur Post gegeben wurde."
                )
            else:
                message = (
                    f"Das Eingangsdatum {_d(data.received)} liegt vor dem Tag der Zustellung "
                    f"oder Übergabe ({_d(data.start)})."
                )
            raise DeadlineInputError(message)

    steps: list[str] = []
    delivered = _delivery(data, procedure, state, steps)
    if data.belehrung_missing:
        one_year = Period(1, PeriodUnit.YEARS)
        instead = f"Statt {period.label} gilt" if period != one_year else "Es gilt"
        steps.append(
            f"Die Rechtsbehelfsbelehrung fehlt oder ist falsch: {instead} eine Frist von 1 Jahr "
            f"ab Bekanntgabe ({_ONE_YEAR_LAW[procedure]})."
        )
        period = one_year

    steps.append(
        f"Der Tag der Bekanntgabe wird nicht mitgezählt; die Frist beginnt am "
        f"{_d(delivered + timedelta(days=1))} (§ 187 Abs. 1 BGB)."
    )

    end, clipped = add_period(delivered, period)
    if end > LATEST_DATE:
        raise DeadlineInputError(
            f"Die Frist würde nach dem {LATEST_DATE.strftime('%d.%m.%Y')} enden; so weit kennt "
            "das Programm die Feiertage nicht."
        )
    if period.unit is PeriodUnit.DAYS:
        steps.append(f"Frist {period.label}: endet mit Ablauf des {_d(end)} (§ 188 Abs. 1 BGB).")
    elif clipped:
        steps.append(
            f"Frist {period.label}: Einen {delivered.day}. gibt es im "
            f"{MONTHS_LONG[end.month - 1]} {end.year} nicht; die Frist endet mit Ablauf des "
            f"letzten Tages dieses Monats, {_d(end)} (§ 188 Abs. 3 BGB)."
        )
    else:
        steps.append(f"Frist {period.label}: endet mit Ablauf des {_d(end)} (§ 188 Abs. 2 BGB).")

    deadline = end
    if not is_working_day(end, state):
        skipped = _skipped_days(end, state)
        shifted = next_working_day(end, state)
        if data.shift_excluded:
            law = _SHIFT_EXCLUSION_LAW.get(procedure)
            if law is None:  # AO: § 108 Abs. 3 AO has no such exception; stay on the safe side
                steps.append(
                    f"{_describe_skipped(skipped[:1], state)}. Die Behörde hat diesen Tag als "
                    f"festes Fristende gesetzt und eine Verschiebung ausgeschlossen: Zur Sicherheit "
                    f"gilt {_d(end)}. Die AO kennt diese Ausnahme nicht ausdrücklich; bei einem "
                    f"Einspruch endet die Frist nach § 108 Abs. 3 AO erst am {_d(shifted)}."
                )
            else:
                steps.append(
                    f"{_describe_skipped(skipped[:1], state)}. Die Behörde hat diesen Tag aber "
                    f"unter Hinweis auf die Vorschrift als festes Fristende mitgeteilt und die "
                    f"Verschiebung ausgeschlossen: Es bleibt bei {_d(end)} ({law}). Das geht nur "
                    f"bei Fristen, die die Behörde selbst setzt; bei Widerspruch, Einspruch oder "
                    f"Klage wäre es {_d(shifted)}."
                )
        else:
            deadline = shifted
            steps.append(
                f"{_describe_skipped(skipped, state)}: Das Fristende verschiebt sich auf den "
                f"nächsten Werktag, {_d(deadline)} ({_SHIFT_LAW[procedure]})."
            )
    elif data.shift_excluded:
        steps.append(
            f"Die Behörde hat eine Verschiebung des Fristendes ausgeschlossen; {_d(end)} ist "
            f"ohnehin ein Werktag ({_SHIFT_LAW[procedure]})."
        )

    note = _local_holiday_note(deadline, state)
    if note is not None:
        steps.append(note)
    steps.append(
        f"Letzter Tag der Frist: {_d(deadline)}. Bis zum Ende dieses Tages muss das Schreiben bei "
        "der Behörde oder beim Gericht eingegangen sein; das Absenden allein genügt nicht "
        "(§ 188 BGB, § 130 Abs. 1 und 3 BGB entsprechend)."
    )
    return DeadlineResult(delivered=delivered, deadline=deadline, steps=tuple(steps))
