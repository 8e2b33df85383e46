"""The monthly summary for the coordinator: periods, age bands, "keine Angabe" buckets, small-count
suppression and the figures as plain dataclasses. No Qt, no SQLAlchemy.

Decisions (see issue 7):

- **Age** is the age on the last day of the period. With a birth date it is exact; with only a
  birth year the person counts as born on 1 July of that year (the middle of the year, so that
  the error is at most half a year either way).
- **Age bands** follow the city's phases 0-3, 3-6, 6-10, 10-16, 17-25, over 25. Where one band
  ends the next begins ("unter 3", "3 bis unter 6", "6 bis unter 10"); the city's list skips 16,
  so "10-16" is read with its upper end included, as "17-25" is: 10 to 16 years, then 17 to 25
  years, then 26 and older ("über 25"). Every age has exactly one band.
- **27+** for funders is a second breakdown (under 27 / 27 and older / keine Angabe), so that it
  too sums to the number of active clients.
- **Arrived within 3 years**: only the year of arrival is recorded; like the birth year it counts
  as 1 July of that year, and "within 3 years" means less than 3 years before the period's last
  day.
- **Suppression**: counts from 1 to 4 show as "<5" in everything that leaves the laptop; 0 stays
  0. Hours and percentages are not counts of people; a share of steps is only shown when at least
  5 steps were counted.
"""

from __future__ import annotations

import base64
import binascii
import calendar
import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from typing import TypeVar

from lotsen_app.domain.casework import SelfHelpCounts
from lotsen_app.domain.dates import MONTHS_LONG
from lotsen_app.domain.enums import (
    AppointmentStatus,
    AuthorityKind,
    ClosingReason,
    ContactKind,
    DeadlineStatus,
    Gender,
    Topic,
)
from lotsen_app.domain.errors import ValidationError
from lotsen_app.domain.languages import language_name

NOT_STATED = "keine_angabe"
NOT_STATED_LABEL = "keine Angabe"
SUPPRESSED = "<5"
SUPPRESS_BELOW = 5
FUNDER_AGE = 27
ARRIVAL_YEARS = 3
NO_TOPIC = "ohne_thema"
NO_AUTHORITY = "ohne_behoerde"


# --- periods -------------------------------------------------------------------------------


class PeriodKind(StrEnum):
    MONTH = "monat"
    QUARTER = "quartal"
    YEAR = "jahr"


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


def _months_before(day: date, months: int) -> date:
    """The first day of the month ``months`` months before ``day``'s month."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, 1)


@dataclass(frozen=True, order=True)
class Period:
    """A month (``2026-11``), a quarter (``2026-Q4``) or a year (``2026``)."""

    year: int
    kind: PeriodKind
    number: int = 0  # month 1..12, quarter 1..4, 0 for a year

    @classmethod
    def parse(cls, text: str) -> Period:
        """``YYYY-MM``, ``YYYY-Qn`` or ``YYYY``; ValidationError with a German message otherwise."""
        value = text.strip()
        if match := _MONTH.match(value):
            year, number = int(match.group(1)), int(match.group(2))
            if 1 <= number <= 12:
                return cls._checked(year, PeriodKind.MONTH, number)
        elif match := _QUARTER.match(value):
            return cls._checked(int(match.group(1)), PeriodKind.QUARTER, int(match.group(2)))
        elif match := _YEAR.match(value):
            return cls._checked(int(match.group(1)), PeriodKind.YEAR, 0)
        raise ValidationError(
            {
                "period": f"„{value}“ ist kein Zeitraum. Bitte als JJJJ-MM (Monat, z. B. "
                "2026-11), JJJJ-Qn (Quartal, z. B. 2026-Q4) oder JJJJ (Jahr) angeben."
            }
        )

    @classmethod
    def _checked(cls, year: int, kind: PeriodKind, number: int) -> Period:
        if not 2000 <= year <= 2100:
            raise ValidationError({"period": "Das Jahr muss zwischen 2000 und 2100 liegen."})
        return cls(year, kind, number)

    @classmethod
    def month_of(cls, day: date) -> Period:
        return cls(day.year, PeriodKind.MONTH, day.month)

    @property
    def key(self) -> str:
        if self.kind == PeriodKind.MONTH:
            return f"{self.year:04d}-{self.number:02d}"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.year:04d}-Q{self.number}"
        return f"{self.year:04d}"

    @property
    def first_day(self) -> date:
        if self.kind == PeriodKind.MONTH:
            return date(self.year, self.number, 1)
        if self.kind == PeriodKind.QUARTER:
            return date(self.year, 3 * self.number - 2, 1)
        return date(self.year, 1, 1)

    @property
    def last_day(self) -> date:
        if self.kind == PeriodKind.YEAR:
            return date(self.year, 12, 31)
        month = self.number if self.kind == PeriodKind.MONTH else 3 * self.number
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.MONTH:
            return f"{MONTHS_LONG[self.number - 1]} {self.year}"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.number}. Quartal {self.year}"
        return f"Jahr {self.year}"

    def comparison(self) -> tuple[date, date]:
        """The days the self-help share is compared with: the 3 months before a month or a
        quarter, the year before a year."""
        if self.kind == PeriodKind.YEAR:
            return date(self.year - 1, 1, 1), date(self.year - 1, 12, 31)
        start = _months_before(self.first_day, 3)
        return start, date.fromordinal(self.first_day.toordinal() - 1)

    @property
    def comparison_label(self) -> str:
        if self.kind == PeriodKind.YEAR:
            return f"Vorjahr {self.year - 1}"
        start, end = self.comparison()
        return f"{MONTHS_LONG[start.month - 1]} bis {MONTHS_LONG[end.month - 1]} {end.year}"


# --- age bands, arrival --------------------------------------------------------------------


class AgeBand(StrEnum):
    """The city's age phases; every age has exactly one band."""

    UNDER_3 = "0-3"
    FROM_3 = "3-6"
    FROM_6 = "6-10"
    FROM_10 = "10-16"
    FROM_17 = "17-25"
    OVER_25 = "ueber_25"
    NOT_STATED = NOT_STATED

    @property
    def label(self) -> str:
        return _AGE_LABELS[self]


_AGE_LABELS = {
    AgeBand.UNDER_3: "0 bis unter 3 Jahre",
    AgeBand.FROM_3: "3 bis unter 6 Jahre",
    AgeBand.FROM_6: "6 bis unter 10 Jahre",
    AgeBand.FROM_10: "10 bis 16 Jahre",
    AgeBand.FROM_17: "17 bis 25 Jahre",
    AgeBand.OVER_25: "über 25 Jahre",
    AgeBand.NOT_STATED: NOT_STATED_LABEL,
}

# Lowest age of each band, oldest first; younger than the last is "0-3".
BAND_STARTS = (
    (26, AgeBand.OVER_25),
    (17, AgeBand.FROM_17),
    (10, AgeBand.FROM_10),
    (6, AgeBand.FROM_6),
    (3, AgeBand.FROM_3),
)


class FunderAgeBand(StrEnum):
    """The funders' extra question: how many are 27 or older."""

    UNDER_27 = "unter_27"
    FROM_27 = "27_plus"
    NOT_STATED = NOT_STATED

    @property
    def label(self) -> str:
        return {
            FunderAgeBand.UNDER_27: "unter 27 Jahre",
            FunderAgeBand.FROM_27: "27 Jahre und älter",
            FunderAgeBand.NOT_STATED: NOT_STATED_LABEL,
        }[self]


def age_on(day: date, birth_date: date | None, birth_year: int | None) -> int | None:
    """Whole years on ``day``; with only a year the birthday counts as 1 July. Never negative."""
    if birth_date is not None:
        before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
        return max(0, day.year - birth_date.year - int(before_birthday))
    if birth_year is not None:
        return max(0, day.year - birth_year - int(day.month < 7))
    return None


def age_band(age: int | None) -> AgeBand:
    if age is None:
        return AgeBand.NOT_STATED
    for start, band in BAND_STARTS:
        if age >= start:
            return band
    return AgeBand.UNDER_3


def birth_date_limit(day: date, age: int) -> date:
    """The latest birth date of someone at least ``age`` years old on ``day`` (so that the
    database can compare dates instead of computing ages; same result as ``age_on``)."""
    year = day.year - age
    if (day.month, day.day) == (2, 29) and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, day.month, day.day)


def birth_year_limit(day: date, age: int) -> int:
    """The latest birth year (only the year known) of someone ``age`` or older on ``day``."""
    return day.year - age - int(day.month < 7)


def funder_age_band(age: int | None) -> FunderAgeBand:
    if age is None:
        return FunderAgeBand.NOT_STATED
    return FunderAgeBand.FROM_27 if age >= FUNDER_AGE else FunderAgeBand.UNDER_27


def arrived_recently(arrival_year: int | None, day: date) -> bool | None:
    """Less than 3 years between arrival (1 July of its year) and ``day``; None when unknown."""
    if arrival_year is None:
        return None
    return arrival_year >= earliest_recent_arrival(day)


def earliest_recent_arrival(day: date) -> int:
    """The first year of arrival that counts as within 3 years on ``day``: arrival on 1 July
    of that year is less than 3 years before ``day``."""
    return day.year - ARRIVAL_YEARS + int(day.month >= 7)


ARRIVAL_KEYS = {True: "ja", False: "nein", None: NOT_STATED}
ARRIVAL_LABELS = {
    "ja": "in den letzten 3 Jahren eingereist",
    "nein": "vor mehr als 3 Jahren eingereist",
    NOT_STATED: NOT_STATED_LABEL,
}


# --- suppression ---------------------------------------------------------------------------


def shown(count: int, exact: bool) -> int | str:
    """The count as it may leave the laptop: 1..4 become "<5" unless ``exact``; 0 stays 0."""
    if not exact and 0 < count < SUPPRESS_BELOW:
        return SUPPRESSED
    return count


def share_shown(part: int, total: int, exact: bool) -> int | None:
    """Whole percent, or None when there is nothing to show (no steps, or fewer than 5)."""
    if total == 0 or (not exact and total < SUPPRESS_BELOW):
        return None
    return round(part * 100 / total)


# --- the figures ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Count:
    key: str  # stable code for other tools ("weiblich", "17-25", "tr", "keine_angabe")
    label: str  # German, for people
    count: int


@dataclass(frozen=True)
class Breakdown:
    rows: tuple[Count, ...] = ()

    @property
    def total(self) -> int:
        return sum(row.count for row in self.rows)

    def get(self, key: str) -> int:
        return next((row.count for row in self.rows if row.key == key), 0)

    def as_dict(self) -> dict[str, int]:
        return {row.key: row.count for row in self.rows}


def fixed_breakdown(
    counts: Mapping[str, int], order: Iterable[tuple[str, str]], rest_key: str | None = None
) -> Breakdown:
    """Rows in a fixed order (zeros included). Keys outside ``order`` go to ``rest_key`` when
    given (the "keine Angabe" bucket), else are kept after the fixed rows with their key as
    label."""
    known = dict(order)
    merged: dict[str, int] = dict.fromkeys(known, 0)
    extra: dict[str, int] = {}
    for key, count in counts.items():
        if key in known:
            merged[key] += count
        elif rest_key is not None:
            merged[rest_key] = merged.get(rest_key, 0) + count
        else:
            extra[key] = extra.get(key, 0) + count
    rows = [Count(key, known[key], merged[key]) for key in known]
    rows += [Count(key, key, count) for key, count in sorted(extra.items())]
    return Breakdown(tuple(rows))


def open_breakdown(counts: Mapping[str, int], label_of: Mapping[str, str]) -> Breakdown:
    """Rows for an open list (languages, districts): largest first, "keine Angabe" last."""
    rows = sorted(
        ((key, count) for key, count in counts.items() if key != NOT_STATED and count),
        key=lambda item: (-item[1], label_of.get(item[0], item[0]).casefold()),
    )
    result = [Count(key, label_of.get(key, key), count) for key, count in rows]
    result.append(Count(NOT_STATED, NOT_STATED_LABEL, counts.get(NOT_STATED, 0)))
    return Breakdown(tuple(result))


GENDER_ORDER = tuple((gender.value, gender.label) for gender in Gender)
AGE_ORDER = tuple((band.value, band.label) for band in AgeBand)
FUNDER_AGE_ORDER = tuple((band.value, band.label) for band in FunderAgeBand)
ARRIVAL_ORDER = tuple(ARRIVAL_LABELS.items())
CLOSING_ORDER = (
    *((reason.value, reason.label) for reason in ClosingReason),
    (NOT_STATED, NOT_STATED_LABEL),
)
CONTACT_KIND_ORDER = tuple((kind.value, kind.label) for kind in ContactKind)
TOPIC_ORDER = (*((topic.value, topic.label) for topic in Topic), (NO_TOPIC, "ohne Thema"))
AUTHORITY_ORDER = (
    *((kind.value, kind.label) for kind in AuthorityKind),
    (NO_AUTHORITY, "ohne Behörde/Stelle"),
)
APPOINTMENT_ORDER = tuple((status.value, status.label) for status in AppointmentStatus)


def language_labels(codes: Iterable[str]) -> dict[str, str]:
    return {code: language_name(code) for code in codes}


@dataclass(frozen=True)
class ClientFigures:
    """Active: the case was open on at least one day of the period (paused cases included).
    New: opened in the period. Closed: closed in the period (and not reopened)."""

    active: int = 0
    new: int = 0
    closed: int = 0
    closed_by_reason: Breakdown = Breakdown()


@dataclass(frozen=True)
class ContactFigures:
    """Contacts dated in the period, each once however many people it covered. A contact with
    several topics counts under each of them, so the topics do not add up to the total."""

    total: int = 0
    by_kind: Breakdown = Breakdown()
    by_topic: Breakdown = Breakdown()
    by_authority_kind: Breakdown = Breakdown()
    accompaniments_by_authority_kind: Breakdown = Breakdown()

    @property
    def accompaniments(self) -> int:
        return self.by_kind.get(ContactKind.ACCOMPANIMENT.value)


@dataclass(frozen=True)
class DeadlineFigures:
    """Deadlines ending in the period: kept (done), missed, still open."""

    kept: int = 0
    missed: int = 0
    open: int = 0

    @property
    def due(self) -> int:
        return self.kept + self.missed + self.open


@dataclass(frozen=True)
class SelfHelpFigures:
    current: SelfHelpCounts = field(default_factory=SelfHelpCounts)
    previous: SelfHelpCounts = field(default_factory=SelfHelpCounts)
    previous_label: str = ""

    def change_alone_points(self, exact: bool) -> int | None:
        """Percentage points of steps done alone, against the comparison period."""
        now = share_shown(self.current.alone, self.current.total, exact)
        before = share_shown(self.previous.alone, self.previous.total, exact)
        if now is None or before is None:
            return None
        return now - before


@dataclass(frozen=True)
class GuideHours:
    """One guide's hours under a pseudonym ("Lotse 1"); ``guide_id`` only for the local view."""

    label: str
    minutes: int
    guide_id: int | None = None

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)


@dataclass(frozen=True)
class HoursFigures:
    per_guide: tuple[GuideHours, ...] = ()

    @property
    def total_minutes(self) -> int:
        return sum(guide.minutes for guide in self.per_guide)

    @property
    def total_hours(self) -> float:
        return round(self.total_minutes / 60, 1)


@dataclass(frozen=True)
class Summary:
    period: Period
    clients: ClientFigures = ClientFigures()
    by_gender: Breakdown = Breakdown()
    by_age_band: Breakdown = Breakdown()
    by_funder_age: Breakdown = Breakdown()
    by_language: Breakdown = Breakdown()
    languages_spoken: Breakdown = Breakdown()
    by_district: Breakdown = Breakdown()
    by_arrival: Breakdown = Breakdown()
    contacts: ContactFigures = ContactFigures()
    appointments: Breakdown = Breakdown()
    deadlines: DeadlineFigures = DeadlineFigures()
    self_help: SelfHelpFigures = SelfHelpFigures()
    volunteer_hours: HoursFigures = HoursFigures()
    report_files: int = 0  # merged from this many guides' files (0: from the database)
    # From this database: the counts it was assembled from (to keep them once reported) and,
    # when it shows the figures stored at a report, when that report was made.
    figures: SummaryFigures | None = field(default=None, compare=False, repr=False)
    reported_at: datetime | None = None

    def client_breakdowns(self) -> dict[str, Breakdown]:
        """The breakdowns of active clients; each sums to ``clients.active``."""
        return {
            "by_gender": self.by_gender,
            "by_age_band": self.by_age_band,
            "by_funder_age": self.by_funder_age,
            "by_language": self.by_language,
            "by_district": self.by_district,
            "by_arrival": self.by_arrival,
        }


# --- one client as a guide's report file describes it --------------------------------------


@dataclass(frozen=True)
class ClientRecord:
    """An active client in a report file: a pseudonym and the attributes the summary counts.

    ``None`` means not stated. Never a name, birth date, address or phone."""

    pseudonym: str
    gender: str | None = None
    age_band: AgeBand = AgeBand.NOT_STATED
    funder_age: FunderAgeBand = FunderAgeBand.NOT_STATED
    language: str | None = None
    languages: tuple[str, ...] = ()
    district: str | None = None
    arrived_recently: bool | None = None
    new: bool = False
    closed: bool = False
    closing_reason: str | None = None


def merge_records(records: Iterable[ClientRecord]) -> list[ClientRecord]:
    """One record per pseudonym. Attributes: the first stated value in the order given. New
    or closed only when every report says so (a case still open with another guide is not
    closed for the programme, a client known before is not new)."""
    merged: dict[str, ClientRecord] = {}
    for record in records:
        seen = merged.get(record.pseudonym)
        if seen is None:
            merged[record.pseudonym] = record
            continue
        merged[record.pseudonym] = ClientRecord(
            pseudonym=seen.pseudonym,
            gender=seen.gender or record.gender,
            age_band=seen.age_band if seen.age_band != AgeBand.NOT_STATED else record.age_band,
            funder_age=(
                seen.funder_age
                if seen.funder_age != FunderAgeBand.NOT_STATED
                else record.funder_age
            ),
            language=seen.language or record.language,
            languages=tuple(dict.fromkeys(seen.languages + record.languages)),
            district=seen.district or record.district,
            arrived_recently=(
                seen.arrived_recently
                if seen.arrived_recently is not None
                else record.arrived_recently
            ),
            new=seen.new and record.new,
            closed=seen.closed and record.closed,
            closing_reason=(seen.closing_reason or record.closing_reason)
            if seen.closed and record.closed
            else None,
        )
    return list(merged.values())


@dataclass
class ClientTally:
    """Counts active clients record by record (for merged report files)."""

    active: int = 0
    new: int = 0
    closed: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    gender: dict[str, int] = field(default_factory=dict)
    age: dict[str, int] = field(default_factory=dict)
    funder_age: dict[str, int] = field(default_factory=dict)
    language: dict[str, int] = field(default_factory=dict)
    spoken: dict[str, int] = field(default_factory=dict)
    district: dict[str, int] = field(default_factory=dict)
    arrival: dict[str, int] = field(default_factory=dict)

    def add(self, record: ClientRecord) -> None:
        def bump(counts: dict[str, int], key: str) -> None:
            counts[key] = counts.get(key, 0) + 1

        self.active += 1
        self.new += int(record.new)
        if record.closed:
            self.closed += 1
            bump(self.reasons, record.closing_reason or NOT_STATED)
        bump(self.gender, record.gender or NOT_STATED)
        bump(self.age, record.age_band.value)
        bump(self.funder_age, record.funder_age.value)
        bump(self.language, record.language or NOT_STATED)
        for code in record.languages or (NOT_STATED,):
            bump(self.spoken, code)
        bump(self.district, record.district or NOT_STATED)
        bump(self.arrival, ARRIVAL_KEYS[record.arrived_recently])


def client_breakdowns(
    tally: ClientTally,
) -> tuple[ClientFigures, dict[str, Breakdown]]:
    """Figures and breakdowns from counted records or from grouped database rows alike."""
    figures = ClientFigures(
        active=tally.active,
        new=tally.new,
        closed=tally.closed,
        closed_by_reason=fixed_breakdown(tally.reasons, CLOSING_ORDER, NOT_STATED),
    )
    codes = set(tally.language) | set(tally.spoken)
    return figures, {
        "by_gender": fixed_breakdown(tally.gender, GENDER_ORDER, NOT_STATED),
        "by_age_band": fixed_breakdown(tally.age, AGE_ORDER, NOT_STATED),
        "by_funder_age": fixed_breakdown(tally.funder_age, FUNDER_AGE_ORDER, NOT_STATED),
        "by_language": open_breakdown(tally.language, language_labels(codes)),
        "languages_spoken": open_breakdown(tally.spoken, language_labels(codes)),
        "by_district": open_breakdown(tally.district, {}),
        "by_arrival": fixed_breakdown(tally.arrival, ARRIVAL_ORDER, NOT_STATED),
    }


def guide_labels(count: int) -> list[str]:
    return [f"Lotse {number}" for number in range(1, count + 1)]


# --- the programme key and pseudonyms ------------------------------------------------------

PROGRAMME_KEY_BYTES = 32
_KEY_CHECK_CHARS = 4
_KEY_DOMAIN = b"lotsen-programmschluessel"
_TYPO_FIXES = str.maketrans({"0": "O", "1": "I", "8": "B"})


def new_programme_key() -> bytes:
    return secrets.token_bytes(PROGRAMME_KEY_BYTES)


def _key_check(key: bytes) -> str:
    digest = hashlib.sha256(_KEY_DOMAIN + key).digest()
    return base64.b32encode(digest).decode("ascii")[:_KEY_CHECK_CHARS]


def key_to_text(key: bytes) -> str:
    """The key to write down or send: base32 in groups of four, the last group a check."""
    body = base64.b32encode(key).decode("ascii").rstrip("=") + _key_check(key)
    return "-".join(body[index : index + 4] for index in range(0, len(body), 4))


def key_from_text(text: str) -> bytes:
    """The key from its printed form (spaces, dashes and case do not matter); ValidationError
    with a German message when it is incomplete or mistyped."""
    body = "".join(text.split()).replace("-", "").upper().translate(_TYPO_FIXES)
    wanted = len(key_to_text(bytes(PROGRAMME_KEY_BYTES)).replace("-", ""))
    if len(body) != wanted:
        raise ValidationError(
            {
                "programme_key": f"Der Programmschlüssel hat {wanted} Zeichen (ohne "
                f"Bindestriche), hier sind es {len(body)}. Bitte vollständig abschreiben."
            }
        )
    encoded, check = body[:-_KEY_CHECK_CHARS], body[-_KEY_CHECK_CHARS:]
    try:
        key = base64.b32decode(encoded + "=" * (-len(encoded) % 8))
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != PROGRAMME_KEY_BYTES or _key_check(key) != check:
        raise ValidationError(
            {
                "programme_key": "Der Programmschlüssel ist nicht richtig abgeschrieben. "
                "Bitte jedes Zeichen prüfen (nur Buchstaben A–Z und Ziffern 2–7)."
            }
        )
    return key


def key_fingerprint(key: bytes) -> str:
    """Tells two keys apart without revealing either (in report files)."""
    return hmac.new(key, b"lotsen-schluesselpruefung", hashlib.sha256).hexdigest()[:16]


def client_pseudonym(key: bytes, name_key: str, birth_year: int | None) -> str:
    """The same person gives the same pseudonym on every laptop with the same programme key;
    without the key it cannot be reversed. Name key (``names.person_key``: order, accents and
    transliteration do not matter) and birth year (the year of the birth date when one is
    known, so that a guide who knows only the year matches one who knows the date)."""
    message = f"klient|{name_key}|{birth_year or ''}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def guide_pseudonym(key: bytes, name_key: str) -> str:
    return hmac.new(key, f"lotse|{name_key}".encode(), hashlib.sha256).hexdigest()


# --- a guide's report file, as read -------------------------------------------------------


@dataclass(frozen=True)
class GuideReport:
    """A verified report file: exact counts for one period, clients as pseudonymous records."""

    file_id: str
    period: Period
    clients: tuple[ClientRecord, ...]
    contacts_by_kind: Mapping[str, int]
    contacts_by_topic: Mapping[str, int]
    contacts_by_authority_kind: Mapping[str, int]
    accompaniments_by_authority_kind: Mapping[str, int]
    appointments: Mapping[str, int]
    deadlines: Mapping[str, int]
    steps: SelfHelpCounts
    steps_before: SelfHelpCounts
    guide_minutes: Mapping[str, int]  # guide pseudonym -> minutes


def _add(target: dict[str, int], source: Mapping[str, int]) -> None:
    for key, count in source.items():
        target[key] = target.get(key, 0) + count


def _steps(counts: Iterable[SelfHelpCounts]) -> SelfHelpCounts:
    alone = together = guide = 0
    for count in counts:
        alone, together, guide = (
            alone + count.alone,
            together + count.together,
            guide + count.guide,
        )
    return SelfHelpCounts(alone, together, guide)


def contact_figures(
    by_kind: Mapping[str, int],
    by_topic: Mapping[str, int],
    by_authority_kind: Mapping[str, int],
    accompaniments: Mapping[str, int],
) -> ContactFigures:
    kinds = fixed_breakdown(by_kind, CONTACT_KIND_ORDER)
    return ContactFigures(
        total=kinds.total,
        by_kind=kinds,
        by_topic=fixed_breakdown(by_topic, TOPIC_ORDER),
        by_authority_kind=fixed_breakdown(by_authority_kind, AUTHORITY_ORDER),
        accompaniments_by_authority_kind=fixed_breakdown(accompaniments, AUTHORITY_ORDER),
    )


def deadline_figures(by_status: Mapping[str, int]) -> DeadlineFigures:
    return DeadlineFigures(
        kept=by_status.get(DeadlineStatus.DONE.value, 0),
        missed=by_status.get(DeadlineStatus.MISSED.value, 0),
        open=sum(
            count
            for status, count in by_status.items()
            if status not in (DeadlineStatus.DONE.value, DeadlineStatus.MISSED.value)
        ),
    )


K = TypeVar("K", int, str)


def assemble_summary(
    period: Period,
    tally: ClientTally,
    *,
    contacts: ContactFigures,
    appointments: Mapping[str, int],
    deadlines: Mapping[str, int],
    self_help: SelfHelpFigures,
    minutes: Mapping[K, int],
    report_files: int = 0,
) -> Summary:
    """The summary from its parts, for one database and for merged report files alike.

    ``minutes`` per guide, keyed by guide id (one database: kept for the local view) or by a
    guide pseudonym (merged files); either way the files show "Lotse 1, 2 …" in key order."""
    clients, breakdowns = client_breakdowns(tally)
    guides = sorted(minutes)
    return Summary(
        period=period,
        clients=clients,
        by_gender=breakdowns["by_gender"],
        by_age_band=breakdowns["by_age_band"],
        by_funder_age=breakdowns["by_funder_age"],
        by_language=breakdowns["by_language"],
        languages_spoken=breakdowns["languages_spoken"],
        by_district=breakdowns["by_district"],
        by_arrival=breakdowns["by_arrival"],
        contacts=contacts,
        appointments=fixed_breakdown(appointments, APPOINTMENT_ORDER),
        deadlines=deadline_figures(deadlines),
        self_help=self_help,
        volunteer_hours=HoursFigures(
            tuple(
                GuideHours(label, minutes[key], key if isinstance(key, int) else None)
                for label, key in zip(guide_labels(len(guides)), guides, strict=True)
            )
        ),
        report_files=report_files,
    )


@dataclass(frozen=True)
class SummaryFigures:
    """The counts one database gives for a period, before assembly: what is kept once a
    period has been reported, so that erasing people later does not change reported figures.
    Counts only: no names, no pseudonyms; guides by their id in this database."""

    period: Period
    tally: ClientTally
    contacts_by_kind: Mapping[str, int]
    contacts_by_topic: Mapping[str, int]
    contacts_by_authority_kind: Mapping[str, int]
    accompaniments_by_authority_kind: Mapping[str, int]
    appointments: Mapping[str, int]
    deadlines: Mapping[str, int]
    steps: SelfHelpCounts
    steps_before: SelfHelpCounts
    minutes: Mapping[int, int]

    def summary(self, reported_at: datetime | None = None) -> Summary:
        summary = assemble_summary(
            self.period,
            self.tally,
            contacts=contact_figures(
                self.contacts_by_kind,
                self.contacts_by_topic,
                self.contacts_by_authority_kind,
                self.accompaniments_by_authority_kind,
            ),
            appointments=self.appointments,
            deadlines=self.deadlines,
            self_help=SelfHelpFigures(self.steps, self.steps_before, self.period.comparison_label),
            minutes=self.minutes,
        )
        return replace(summary, figures=self, reported_at=reported_at)

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": FIGURES_FORMAT,
                "period": self.period.key,
                "tally": asdict(self.tally),
                "contacts_by_kind": dict(self.contacts_by_kind),
                "contacts_by_topic": dict(self.contacts_by_topic),
                "contacts_by_authority_kind": dict(self.contacts_by_authority_kind),
                "accompaniments_by_authority_kind": dict(self.accompaniments_by_authority_kind),
                "appointments": dict(self.appointments),
                "deadlines": dict(self.deadlines),
                "steps": asdict(self.steps),
                "steps_before": asdict(self.steps_before),
                "minutes": {str(guide): minutes for guide, minutes in self.minutes.items()},
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> SummaryFigures:
        """The figures as ``to_json`` wrote them; ValueError (with a German message) when
        the text is not such a record."""
        try:
            data = json.loads(text)
            if data.get("format") != FIGURES_FORMAT:
                raise ValueError(data.get("format"))
            return cls(
                period=Period.parse(data["period"]),
                tally=ClientTally(**data["tally"]),
                contacts_by_kind=_counts(data["contacts_by_kind"]),
                contacts_by_topic=_counts(data["contacts_by_topic"]),
                contacts_by_authority_kind=_counts(data["contacts_by_authority_kind"]),
                accompaniments_by_authority_kind=_counts(data["accompaniments_by_authority_kind"]),
                appointments=_counts(data["appointments"]),
                deadlines=_counts(data["deadlines"]),
                steps=SelfHelpCounts(**data["steps"]),
                steps_before=SelfHelpCounts(**data["steps_before"]),
                minutes={int(guide): int(minutes) for guide, minutes in data["minutes"].items()},
            )
        except (ValueError, ValidationError, TypeError, KeyError, AttributeError) as error:
            raise ValueError(
                "Die gespeicherten Zahlen eines gemeldeten Zeitraums sind nicht lesbar."
            ) from error


FIGURES_FORMAT = "lotsen-zahlen-1"


def _counts(data: Mapping[str, object]) -> dict[str, int]:
    return {str(key): int(str(value)) for key, value in data.items()}


def merge_reports(reports: Iterable[GuideReport]) -> Summary:
    """The combined summary of several guides' files for the same period. A file given twice
    (same file id) counts once; a client reported by several guides counts once."""
    unique = list({report.file_id: report for report in reports}.values())
    if not unique:
        raise ValidationError({"files": "Es wurde keine Berichtsdatei angegeben."})
    periods = {report.period for report in unique}
    if len(periods) > 1:
        keys = ", ".join(sorted(period.key for period in periods))
        raise ValidationError(
            {"files": f"Die Berichtsdateien gehören zu verschiedenen Zeiträumen ({keys})."}
        )
    period = unique[0].period
    tally = ClientTally()
    for record in merge_records(record for report in unique for record in report.clients):
        tally.add(record)
    sums: dict[str, dict[str, int]] = {
        name: {}
        for name in (
            "kind",
            "topic",
            "authority",
            "accompaniments",
            "appointments",
            "deadlines",
            "minutes",
        )
    }
    for report in unique:
        _add(sums["kind"], report.contacts_by_kind)
        _add(sums["topic"], report.contacts_by_topic)
        _add(sums["authority"], report.contacts_by_authority_kind)
        _add(sums["accompaniments"], report.accompaniments_by_authority_kind)
        _add(sums["appointments"], report.appointments)
        _add(sums["deadlines"], report.deadlines)
        _add(sums["minutes"], report.guide_minutes)
    return assemble_summary(
        period,
        tally,
        contacts=contact_figures(
            sums["kind"], sums["topic"], sums["authority"], sums["accompaniments"]
        ),
        appointments=sums["appointments"],
        deadlines=sums["deadlines"],
        self_help=SelfHelpFigures(
            current=_steps(report.steps for report in unique),
            previous=_steps(report.steps_before for report in unique),
            previous_label=period.comparison_label,
        ),
        minutes=sums["minutes"],
        report_files=len(unique),
    )
