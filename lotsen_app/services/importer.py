"""Importing clients from the spreadsheets (CSV, XLSX) that programmes keep today.

The file is read completely and every row is checked before anything is written. All rows go
into one transaction: by default nothing is written if any row is rejected (all or nothing);
in partial mode the valid rows are written and the others are reported. Messages are German and
name rows as the user sees them in the spreadsheet (the header is row 1).
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from lotsen_app.domain.clients import ClientInput, validate_client
from lotsen_app.domain.dates import DateFormatError, format_date, parse_date, parse_date_or_year
from lotsen_app.domain.enums import (
    AssignmentRole,
    ClientStatus,
    ClosingReason,
    FormOfAddress,
    Gender,
)
from lotsen_app.domain.errors import DomainError
from lotsen_app.domain.languages import LANGUAGES, parse_language
from lotsen_app.domain.names import fold, person_key
from lotsen_app.persistence.models import Assignment, ClientStatusChange, District, Guide
from lotsen_app.persistence.repositories import (
    ClientRepository,
    DistrictRepository,
    GuideRepository,
    record_audit,
)
from lotsen_app.services.base import Service
from lotsen_app.services.clients import new_client

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 100_000
# An XLSX is a zip archive; refuse archives that would unpack to more than this (zip bombs).
MAX_UNPACKED_BYTES = 600 * 1024 * 1024
_SHOWN_CHARS = 40
_LISTED_COLUMNS = 20
_TITLE_ROWS = 10

Cell = str | date
"""A cell as the importer sees it: stripped text, or a real date from an XLSX date cell."""

FIELD_LABELS: dict[str, str] = {
    "given_name": "Vorname",
    "family_name": "Nachname",
    "form_of_address": "Anrede",
    "birth": "Geburtsdatum",
    "gender": "Geschlecht",
    "phone": "Telefon",
    "email": "E-Mail",
    "street": "Straße",
    "postal_code": "PLZ",
    "city": "Ort",
    "district": "Stadtteil",
    "languages": "Sprachen",
    "preferred_language": "Briefsprache",
    "interpreter_needed": "Dolmetscher",
    "arrival_year": "Jahr der Ankunft",
    "strengths": "Stärken",
    "goals_own_words": "Ziele",
    "opened_on": "Beginn",
    "guide": "Lotse/Lotsin",
    "status": "Status",
}
"""The fields a column can be mapped to, with the German name used in messages."""

T = TypeVar("T")

_FIELD_ALIASES = {
    "birth_date": "birth",
    "birth_year": "birth",
    "district_id": "district",
    "lead_guide": "guide",
}
_IGNORE = ""
_IGNORE_WORDS = ("", "-", "ignorieren", "ignore")


def _compact(text: str) -> str:
    """Case-, accent-, space- and punctuation-insensitive form of a header or a short value."""
    return fold(text).replace(" ", "")


def _headers(field_name: str, *names: str) -> dict[str, str]:
    return {_compact(name): field_name for name in names}


DEFAULT_HEADERS: dict[str, str] = {
    **_headers("given_name", "Vorname", "Vornamen", "Rufname"),
    **_headers("family_name", "Nachname", "Name", "Familienname", "Zuname"),
    **_headers("form_of_address", "Anrede"),
    **_headers(
        "birth", "Geburtsdatum", "Geburtsjahr", "Geb.", "Geb.-Datum", "Geboren", "Geburtstag"
    ),
    **_headers("gender", "Geschlecht"),
    **_headers(
        "phone", "Telefon", "Tel.", "Tel.-Nr.", "Telefonnummer", "Handy", "Mobil", "Handynummer"
    ),
    **_headers("email", "E-Mail", "Mail", "E-Mail-Adresse", "Email"),
    **_headers("street", "Straße", "Strasse", "Adresse", "Anschrift", "Straße und Hausnummer"),
    **_headers("postal_code", "PLZ", "Postleitzahl"),
    **_headers("city", "Ort", "Wohnort", "Stadt"),
    **_headers("district", "Stadtteil", "Ortsteil"),
    **_headers("languages", "Sprachen", "Sprache", "Sprachkenntnisse"),
    **_headers(
        "preferred_language",
        "Briefsprache",
        "Bevorzugte Sprache",
        "Sprache für Briefe",
        "Korrespondenzsprache",
    ),
    **_headers("interpreter_needed", "Dolmetscher", "Dolmetscher nötig", "Dolmetscher:in"),
    **_headers("arrival_year", "Einreisejahr", "Ankunftsjahr", "Jahr der Ankunft", "Einreise"),
    **_headers("strengths", "Stärken", "Ressourcen", "Stärken/Ressourcen", "Fähigkeiten"),
    **_headers("goals_own_words", "Ziele", "Ziele (eigene Worte)"),
    **_headers(
        "guide", "Lotse", "Lotsin", "Lotse:in", "Lotse/Lotsin", "Lotse*in", "LotsIn", "Lotsen"
    ),
    **_headers("status", "Status"),
    **_headers("opened_on", "Beginn", "Aufnahme", "Aufnahmedatum", "Beginn der Begleitung"),
}
"""Headers that programmes use today (compared via :func:`_compact`) -> field."""

_FIELD_WORDS: dict[str, str] = {
    **{name: name for name in FIELD_LABELS},
    **_FIELD_ALIASES,
    **{_compact(label): name for name, label in FIELD_LABELS.items()},
}


def _field_name(text: str) -> str:
    """The field for a mapping target (field name or its German label); '' means ignore."""
    wanted = text.strip()
    if wanted.casefold() in _IGNORE_WORDS:
        return _IGNORE
    found = _FIELD_WORDS.get(wanted) or _FIELD_WORDS.get(_compact(wanted))
    if found is None:
        raise DomainError(
            f"Das Feld „{_shorten(wanted)}“ gibt es nicht. Mögliche Felder: "
            + ", ".join(FIELD_LABELS)
            + " (oder leer lassen, um die Spalte zu ignorieren)."
        )
    return found


def parse_mapping_args(items: list[str]) -> dict[str, str]:
    """``["Name=family_name", "Tel.=phone"]`` -> {spreadsheet column header: field name}.

    The field may also be given by its German label ("Name=Nachname"); an empty field
    ("Bemerkung=") ignores that column.
    """
    mapping: dict[str, str] = {}
    for item in items:
        column, separator, target = item.rpartition("=")
        if not separator or not column.strip():
            raise DomainError(
                f"Die Zuordnung „{_shorten(item)}“ ist unvollständig. "
                "Bitte SPALTE=FELD angeben, z. B. „Name=family_name“."
            )
        mapping[column.strip()] = _field_name(target)
    return mapping


@dataclass(frozen=True)
class RejectedRow:
    row: int
    """Row number as the spreadsheet shows it (the header is row 1)."""
    reason: str

    def line(self) -> str:
        return f"Zeile {self.row}: {self.reason}"


@dataclass
class ImportResult:
    imported: int
    rejected: list[RejectedRow] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    rows_read: int = 0
    all_or_nothing: bool = True

    @property
    def ok(self) -> bool:
        return not self.rejected

    def report_lines(self) -> list[str]:
        lines: list[str] = []
        if self.ignored_columns:
            lines.append(
                "Nicht übernommene Spalten: "
                + ", ".join(f"„{name}“" for name in self.ignored_columns)
                + "."
            )
        lines.extend(rejected.line() for rejected in self.rejected)
        if self.rows_read == 0:
            lines.append("Die Datei enthält keine Datenzeilen. Nichts übernommen.")
        elif self.rejected and self.all_or_nothing:
            lines.append(
                f"Nichts übernommen: {_count(len(self.rejected), 'Zeile', 'Zeilen')} von "
                f"{self.rows_read} abgelehnt. Bitte korrigieren und die Datei erneut importieren "
                "oder nur die gültigen Zeilen übernehmen (Teilimport, Kommandozeile: --partial)."
            )
        elif self.rejected:
            lines.append(
                f"{_count(self.imported, 'Klient:in', 'Klient:innen')} übernommen, "
                f"{_count(len(self.rejected), 'Zeile', 'Zeilen')} abgelehnt."
            )
        else:
            lines.append(f"{_count(self.imported, 'Klient:in', 'Klient:innen')} übernommen.")
        return lines


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…"


def _shown(value: Cell) -> str:
    return format_date(value) if isinstance(value, date) else _shorten(value)


class ImportService(Service):
    def import_file(
        self, path: Path, *, mapping: dict[str, str] | None = None, all_or_nothing: bool = True
    ) -> ImportResult:
        """Read ``path`` (CSV or XLSX), check every row, write the clients in one transaction.

        Raises DomainError (German message) when the file as a whole cannot be used.
        """
        known = set(DEFAULT_HEADERS) | {_compact(column) for column in mapping or {}}
        table = read_table(path).without_title_rows(known)
        columns, ignored = _resolve_columns(table, mapping or {})
        today = self.today()
        now = self.now()
        with self.database.session() as session:
            checker = _RowChecker(session, columns, today)
            plans: list[_Plan] = []
            rejected: list[RejectedRow] = []
            for number, cells in table.rows:
                outcome = checker.check(number, cells)
                if isinstance(outcome, RejectedRow):
                    rejected.append(outcome)
                else:
                    plans.append(outcome)
            imported = 0
            if plans and not (rejected and all_or_nothing):
                _write(session, plans, today, now)
                imported = len(plans)
                record_audit(
                    session,
                    at=now,
                    action="importiert",
                    entity="client",
                    entity_id=None,
                    detail=f"{imported} Klient:innen",
                )
        return ImportResult(
            imported=imported,
            rejected=rejected,
            ignored_columns=ignored,
            rows_read=len(table.rows),
            all_or_nothing=all_or_nothing,
        )


@dataclass(frozen=True)
class _Plan:
    data: ClientInput
    status: ClientStatus
    guide_id: int | None


def _write(session: Session, plans: Sequence[_Plan], today: date, now: datetime) -> None:
    note = "Status beim Import übernommen."
    for plan in plans:
        opened_on = plan.data.opened_on or today
        client = new_client(plan.data, opened_on=opened_on, now=now)
        changed_on = max(today, opened_on)
        if plan.status == ClientStatus.PAUSED:
            client.status = ClientStatus.PAUSED
            client.status_since = changed_on
            client.status_changes.append(
                ClientStatusChange(status=ClientStatus.PAUSED, changed_on=changed_on, note=note)
            )
        elif plan.status == ClientStatus.CLOSED:
            client.status = ClientStatus.CLOSED
            client.status_since = changed_on
            client.closed_on = changed_on
            client.closing_reason = ClosingReason.OTHER
            client.status_changes.append(
                ClientStatusChange(
                    status=ClientStatus.CLOSED,
                    changed_on=changed_on,
                    reason=ClosingReason.OTHER,
                    note=note + " Das Datum des Abschlusses ist nicht bekannt.",
                )
            )
        if plan.guide_id is not None:
            client.assignments.append(
                Assignment(
                    guide_id=plan.guide_id,
                    role=AssignmentRole.LEAD,
                    start_date=opened_on,
                    end_date=client.closed_on,
                    handover_note="",
                )
            )
        session.add(client)
    session.flush()


class _FieldError(Exception):
    """A value that cannot be used; the message is German and does not repeat the value."""


class _RowChecker:
    """Turns one spreadsheet row into a client to create, or a rejected row with reasons."""

    def __init__(self, session: Session, columns: dict[str, list[int]], today: date) -> None:
        self.session = session
        self.columns = columns
        self.today = today
        self.clients = ClientRepository(session)
        self.seen: dict[str, list[tuple[int, int | None]]] = {}
        self._districts: dict[str, District | None] = {}
        self._district_names: list[str] | None = None
        self._guides: dict[str, list[Guide]] = {}

    def value(self, cells: Sequence[Cell], name: str) -> Cell:
        """The first non-empty cell of the columns mapped to ``name``."""
        for index in self.columns.get(name, ()):
            if index < len(cells) and not _blank(cells[index]):
                return cells[index]
        return ""

    def check(self, number: int, cells: Sequence[Cell]) -> _Plan | RejectedRow:
        values = {name: self.value(cells, name) for name in FIELD_LABELS}
        kwargs: dict[str, Any] = {}
        reasons: dict[str, str] = {}
        status = ClientStatus.ACTIVE
        guide_id: int | None = None
        for name, raw in values.items():
            if raw == "":
                continue
            try:
                if name == "status":
                    status = _parse_status(raw)
                elif name == "guide":
                    continue  # needs the status, below
                else:
                    kwargs.update(self.convert(name, raw))
            except _FieldError as error:
                reasons[name] = f"{FIELD_LABELS[name]} „{_shown(raw)}“: {error}"
        if values["guide"] != "" and "status" not in reasons:
            try:
                guide_id = self.guide(_text(values["guide"]), status)
            except _FieldError as error:
                reasons["guide"] = f"{FIELD_LABELS['guide']} „{_shown(values['guide'])}“: {error}"
        data = replace(
            ClientInput(
                given_name=_text(values["given_name"]), family_name=_text(values["family_name"])
            ),
            **kwargs,
        ).normalised()
        for name, message in validate_client(data, self.today).items():
            if name in reasons:
                continue
            raw = values.get(name, "")
            reasons[name] = f"{FIELD_LABELS[name]} „{_shown(raw)}“: {message}" if raw else message
        duplicate = self.duplicate_of(number, data)
        if duplicate:
            reasons["duplicate"] = duplicate
        if reasons:
            return RejectedRow(number, " ".join(_sentence(r) for r in reasons.values()))
        return _Plan(data=data, status=status, guide_id=guide_id)

    def convert(self, name: str, raw: Cell) -> dict[str, Any]:
        if name in ("given_name", "family_name"):
            return {}
        if name == "birth":
            birth_date, birth_year = _parse_birth(raw)
            return {"birth_date": birth_date, "birth_year": birth_year}
        if name == "opened_on":
            return {"opened_on": _parse_day(raw)}
        if name == "arrival_year":
            return {"arrival_year": _parse_year(raw)}
        if name == "form_of_address":
            return {"form_of_address": _lookup(_ADDRESS, raw, "Bitte „Frau“, „Herr“ oder leer.")}
        if name == "gender":
            return {
                "gender": _lookup(
                    _GENDER,
                    raw,
                    "Bitte w, m, d oder k. A. (weiblich, männlich, divers, keine Angabe).",
                )
            }
        if name == "interpreter_needed":
            return {"interpreter_needed": _lookup(_BOOLEAN, raw, "Bitte „ja“ oder „nein“.")}
        if name == "languages":
            return {"languages": _parse_languages(_text(raw))}
        if name == "preferred_language":
            return {"preferred_language": _parse_one_language(_text(raw))}
        if name == "district":
            return {"district_id": self.district(_text(raw))}
        if name == "postal_code":
            text = _text(raw)
            return {"postal_code": text.zfill(5) if text.isdigit() and len(text) == 4 else text}
        text = _text(raw)
        limit = _MAX_LENGTH.get(name)
        if limit is not None and len(text) > limit:
            raise _FieldError(f"Zu lang (höchstens {limit} Zeichen).")
        return {name: text}

    def district(self, name: str) -> int:
        key = fold(name)
        if key not in self._districts:
            self._districts[key] = DistrictRepository(self.session).by_name(name)
        district = self._districts[key]
        if district is not None:
            return district.id
        if self._district_names is None:
            self._district_names = [d.name for d in DistrictRepository(self.session).all()]
        by_fold = {fold(n): n for n in self._district_names}
        close = difflib.get_close_matches(key, list(by_fold), n=1, cutoff=0.75)
        hint = f" Gemeint ist vielleicht „{by_fold[close[0]]}“." if close else ""
        raise _FieldError("Unbekannter Stadtteil (nicht in der Liste der Stadtteile)." + hint)

    def guide(self, name: str, status: ClientStatus) -> int:
        key = fold(name)
        if key not in self._guides:
            self._guides[key] = GuideRepository(self.session).find_by_name(name) if key else []
        found = self._guides[key]
        if not found:
            raise _FieldError("Diese Person ist nicht als Lotse/Lotsin erfasst.")
        if len(found) > 1:
            raise _FieldError(
                f"Der Name passt auf {len(found)} Lotsen/Lotsinnen. "
                "Bitte Vor- und Nachnamen angeben."
            )
        guide = found[0]
        if not guide.active and status != ClientStatus.CLOSED:
            raise _FieldError("Diese Person ist nicht mehr als Lotse/Lotsin aktiv.")
        return guide.id

    def duplicate_of(self, number: int, data: ClientInput) -> str:
        key = person_key(data.given_name, data.family_name)
        if not key:
            return ""
        year = data.birth_year
        earlier = next(
            (
                row
                for row, other in self.seen.get(key, ())
                if year is None or other is None or other == year
            ),
            None,
        )
        self.seen.setdefault(key, []).append((number, year))
        if earlier is not None:
            return f"Doppelt: dieselbe Person steht schon in Zeile {earlier}."
        existing = sorted(
            client.id
            for client in self.clients.by_name_key(key)
            if year is None or client.birth_year in (None, year)
        )
        if existing:
            return f"Diese Person ist bereits in der Datenbank (Nr. {existing[0]})."
        return ""


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", "“")) else text + "."


def _blank(value: Cell) -> bool:
    """Empty, or only dashes and other marks ("-", "?", "/") that stand for "nothing known"."""
    return isinstance(value, str) and not any(char.isalnum() for char in value)


def _text(value: Cell) -> str:
    return format_date(value) if isinstance(value, date) else value


_MAX_LENGTH = {"email": 200, "street": 200, "city": 100, "phone": 40}


def _keyed(pairs: Iterable[tuple[T, Sequence[str]]]) -> dict[str, T]:
    return {_compact(word): value for value, words in pairs for word in words}


_GENDER: dict[str, Gender] = _keyed(
    [
        (Gender.FEMALE, ("w", "weiblich", "weibl.", "f", "female", "frau")),
        (Gender.MALE, ("m", "männlich", "maennlich", "männl.", "male", "mann")),
        (Gender.DIVERSE, ("d", "divers", "diverse")),
        (
            Gender.NOT_STATED,
            ("k.A.", "keine Angabe", "keine Angaben", "ohne Angabe", "keine_angabe"),
        ),
    ]
)
_ADDRESS: dict[str, FormOfAddress] = _keyed(
    [
        (FormOfAddress.FRAU, ("Frau", "Fr.")),
        (FormOfAddress.HERR, ("Herr", "Herrn", "Hr.")),
        (FormOfAddress.NEUTRAL, ("ohne Anrede", "ohne", "keine", "neutral")),
    ]
)
_BOOLEAN: dict[str, bool] = _keyed(
    [
        (True, ("ja", "j", "x", "1", "true", "wahr", "yes", "y")),
        (False, ("nein", "n", "0", "false", "falsch", "no")),
    ]
)
_STATUS: dict[str, ClientStatus] = _keyed(
    [
        (ClientStatus.ACTIVE, ("aktiv", "offen", "laufend", "active")),
        (ClientStatus.PAUSED, ("pausiert", "pause", "ruht", "ruhend", "paused")),
        (ClientStatus.CLOSED, ("abgeschlossen", "beendet", "geschlossen", "closed")),
    ]
)


def _lookup(table: dict[str, T], raw: Cell, hint: str) -> T:
    key = _compact(_text(raw))
    if key in table:
        return table[key]
    raise _FieldError(f"Unbekannter Wert. {hint}")


def _parse_status(raw: Cell) -> ClientStatus:
    found = ClientStatus.from_label(_text(raw))
    if isinstance(found, ClientStatus):
        return found
    return _lookup(_STATUS, raw, "Bitte „aktiv“, „pausiert“ oder „abgeschlossen“.")


_TIME_SUFFIX = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
_DATE_SHAPE = re.compile(r"^\d{1,2}\.\s*\d{1,2}\.\s*\d{4}$|^\d{4}-\d{1,2}-\d{1,2}$")
_MONTH_YEAR = re.compile(r"^\d{1,2}\s*[./]\s*(\d{4})$")
_YEAR = re.compile(r"^\d{4}$")


def _date_text(raw: str) -> str:
    return _TIME_SUFFIX.sub("", raw.strip()).strip()


def _date_problem(text: str, example: str) -> _FieldError:
    if _DATE_SHAPE.match(text):
        return _FieldError("Den Tag gibt es nicht.")
    return _FieldError(f"Das ist kein Datum (Beispiel: {example}).")


def _parse_day(raw: Cell) -> date:
    if isinstance(raw, date):
        return raw
    text = _date_text(raw)
    try:
        return parse_date(text)
    except DateFormatError:
        raise _date_problem(text, "07.03.2024") from None


def _parse_birth(raw: Cell) -> tuple[date | None, int | None]:
    if isinstance(raw, date):
        return raw, raw.year
    text = _date_text(raw)
    try:
        return parse_date_or_year(text)
    except DateFormatError:
        raise _date_problem(text, "07.03.1985 oder nur das Jahr 1985") from None


def _parse_year(raw: Cell) -> int:
    if isinstance(raw, date):
        return raw.year
    text = _date_text(raw)
    if _YEAR.match(text):
        return int(text)
    month_year = _MONTH_YEAR.match(text)
    if month_year:
        return int(month_year.group(1))
    try:
        return parse_date(text).year
    except DateFormatError:
        raise _FieldError("Bitte eine Jahreszahl angeben (Beispiel: 2016).") from None


def _language_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for code, name in LANGUAGES.items():
        for word in (code, name, name.split(" (")[0]):
            table.setdefault(_compact(word), code)
    extra = {
        "fa": ("Farsi", "Dari", "Persisch", "Persian"),
        "ku": ("Kurmandschi", "Kurmanci", "Kurmanji"),
        "ckb": ("Sorani",),
        "ps": ("Paschto", "Pashto"),
        "ti": ("Tigrinja", "Tigrinisch"),
        "de": ("German", "Deutsch"),
        "en": ("English",),
        "tr": ("Turkish", "Türkçe"),
        "ar": ("Arabic",),
        "uk": ("Ukrainian",),
        "ru": ("Russian",),
        "bg": ("Bulgarian",),
        "ro": ("Romanian",),
        "pl": ("Polish",),
        "fr": ("French",),
    }
    for code, words in extra.items():
        for word in words:
            table.setdefault(_compact(word), code)
    return table


_LANGUAGE_TABLE = _language_table()
_PARENTHESES = re.compile(r"\([^)]*\)")
_LANGUAGE_SEPARATORS = frozenset(",;/|+\n")


def _split_languages(text: str) -> list[str]:
    """Split at , ; / | + and "und", but not inside parentheses ("Persisch (Farsi/Dari)")."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        if depth == 0 and char in _LANGUAGE_SEPARATORS:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    words = [word for part in parts for word in re.split(r"\s+und\s+", part)]
    return [word.strip() for word in words if word.strip()]


def _language_code(word: str) -> str | None:
    code = parse_language(word)
    if code is not None:
        return code
    code = _LANGUAGE_TABLE.get(_compact(word))
    if code is not None:
        return code
    without_remark = _PARENTHESES.sub("", word).strip()
    if without_remark and without_remark != word:
        return _language_code(without_remark)
    return None


def _parse_languages(text: str) -> tuple[str, ...]:
    codes: list[str] = []
    unknown: list[str] = []
    for word in _split_languages(text):
        code = _language_code(word)
        if code is None:
            unknown.append(f"„{_shorten(word)}“")
        else:
            codes.append(code)
    if unknown:
        raise _FieldError("Unbekannte Sprache " + ", ".join(unknown[:5]) + ".")
    return tuple(dict.fromkeys(codes))


def _parse_one_language(text: str) -> str:
    code = _language_code(text)
    if code is None:
        raise _FieldError("Unbekannte Sprache (Beispiel: Deutsch, Türkisch, ar).")
    return code


@dataclass
class Table:
    """A sheet as read: the header cells and the non-empty rows with their row numbers."""

    headers: list[str]
    rows: list[tuple[int, list[Cell]]]

    def columns_with_data(self) -> set[int]:
        return {i for _, cells in self.rows for i, cell in enumerate(cells) if not _blank(cell)}

    def without_title_rows(self, known_headers: set[str]) -> Table:
        """Skip title lines above the real header ("Klientenliste 2024"): the header is the
        first of the first rows in which at least two cells are known column names."""

        def known(cells: Sequence[Cell]) -> int:
            return sum(1 for cell in cells if _compact(_text(cell)) in known_headers)

        if known(self.headers) >= 2:
            return self
        for position, (_, cells) in enumerate(self.rows[:_TITLE_ROWS]):
            if known(cells) >= 2:
                return Table([_text(c) for c in cells], self.rows[position + 1 :])
        return self


def _resolve_columns(
    table: Table, mapping: dict[str, str]
) -> tuple[dict[str, list[int]], list[str]]:
    """Field -> column indexes (explicit mapping first), and the names of ignored columns."""
    explicit = {_compact(column): _field_name(target) for column, target in mapping.items()}
    used: set[str] = set()
    chosen: dict[int, tuple[str, bool]] = {}
    for index, header in enumerate(table.headers):
        key = _compact(header)
        if key and key in explicit:
            used.add(key)
            chosen[index] = (explicit[key], True)
        elif key in DEFAULT_HEADERS:
            chosen[index] = (DEFAULT_HEADERS[key], False)
    missing = [column for column in mapping if _compact(column) not in used]
    if missing:
        raise DomainError(
            "Diese Spalten aus der Zuordnung gibt es in der Datei nicht: "
            + ", ".join(f"„{_shorten(column)}“" for column in missing)
            + ". "
            + _found_columns(table.headers)
        )
    explicitly_mapped = {name for name, is_explicit in chosen.values() if is_explicit and name}
    columns: dict[str, list[int]] = {}
    ignored: list[str] = []
    with_data = table.columns_with_data()
    for index, header in enumerate(table.headers):
        name, is_explicit = chosen.get(index, (_IGNORE, False))
        if name and (is_explicit or name not in explicitly_mapped):
            columns.setdefault(name, []).append(index)
        elif header or index in with_data:
            ignored.append(_column_name(table.headers, index))
    columns = {
        name: sorted(indexes, key=lambda i: (not _is_explicit(chosen, i), i))
        for name, indexes in columns.items()
    }
    lacking = [FIELD_LABELS[n] for n in ("given_name", "family_name") if n not in columns]
    if lacking:
        raise DomainError(
            "Die Datei wurde nicht übernommen: Es fehlt eine Spalte für "
            + " und ".join(f"„{label}“" for label in lacking)
            + ". "
            + _found_columns(table.headers)
            + " Eine Spalte lässt sich zuordnen, z. B. „Name=family_name“ "
            "(Kommandozeile: --mapping)."
        )
    return columns, ignored


def _is_explicit(chosen: dict[int, tuple[str, bool]], index: int) -> bool:
    return chosen.get(index, (_IGNORE, False))[1]


def _column_name(headers: Sequence[str], index: int) -> str:
    header = headers[index]
    return _shorten(header) if header else f"Spalte {_column_letter(index)}"


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _found_columns(headers: Sequence[str]) -> str:
    names = [_column_name(headers, i) for i in range(len(headers))][:_LISTED_COLUMNS]
    more = len(headers) - len(names)
    listed = ", ".join(f"„{name}“" for name in names) or "keine"
    return f"Gefundene Spalten: {listed}" + (f" und {more} weitere." if more > 0 else ".")


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"


def read_table(path: Path) -> Table:
    """The first sheet of an XLSX file or a CSV file; DomainError if it cannot be used."""
    name = path.name
    try:
        if not path.exists():
            raise DomainError(f"Die Datei {path} gibt es nicht.")
        if not path.is_file():
            raise DomainError(f"{path} ist keine Datei.")
        size = path.stat().st_size
        if size == 0:
            raise DomainError(f"Die Datei {name} ist leer.")
        if size > MAX_FILE_BYTES:
            raise DomainError(
                f"Die Datei {name} ist zu groß ({size // (1024 * 1024)} MB, höchstens "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MB). Bitte in kleinere Dateien aufteilen."
            )
        with path.open("rb") as handle:
            head = handle.read(8)
        suffix = path.suffix.casefold()
        if suffix == ".ods":
            raise DomainError(
                f"{name} ist eine LibreOffice-Tabelle (.ods). Bitte als .xlsx oder CSV speichern."
            )
        if head.startswith(_OLE2) or suffix == ".xls":
            raise DomainError(
                f"{name} ist im alten Excel-Format (.xls) oder mit einem Passwort geschützt. "
                "Bitte in Excel ohne Passwort als .xlsx oder CSV speichern."
            )
        if suffix in (".xlsx", ".xlsm") or head.startswith(_ZIP):
            return _read_xlsx(path)
        return _read_csv(path.read_bytes(), name)
    except OSError as error:
        raise DomainError(
            f"Die Datei {name} kann nicht gelesen werden ({error.strerror or error})."
        ) from None


def _collect(records: Iterable[Sequence[Cell]], name: str) -> Table:
    """Header = first non-empty record; then the non-empty rows with their numbers."""
    headers: list[str] | None = None
    rows: list[tuple[int, list[Cell]]] = []
    for number, record in enumerate(records, start=1):
        cells = list(record)
        if all(_blank(cell) for cell in cells):
            continue
        if headers is None:
            headers = [_text(cell) for cell in cells]
            continue
        if len(rows) >= MAX_ROWS:
            raise DomainError(
                f"Die Datei {name} hat mehr als {MAX_ROWS:,} Zeilen. ".replace(",", ".")
                + "Bitte in kleinere Dateien aufteilen."
            )
        rows.append((number, cells))
    if headers is None:
        raise DomainError(f"Die Datei {name} enthält keine Tabelle (keine Überschriftenzeile).")
    return Table(headers=headers, rows=rows)


def _read_csv(data: bytes, name: str) -> Table:
    text = _decode(data, name)
    sample = text[:65536]
    controls = sum(
        1 for char in sample if char not in "\t\r\n" and unicodedata.category(char) == "Cc"
    )
    if controls > len(sample) // 100:
        raise DomainError(f"Die Datei {name} ist keine Tabelle im CSV-Format (Binärdaten).")
    lines = sample.splitlines()
    # Excel understands a first line "sep=;" and does not show it as a row.
    explicit = re.fullmatch(r"\s*sep=(.)\s*", lines[0]) if lines else None
    skip_separator_line = explicit is not None
    if explicit:
        delimiter = explicit.group(1)
    else:
        first = next((line for line in lines if line.strip()), "")
        counts = {d: first.count(d) for d in (";", "\t", ",")}
        delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ";"
    stream = io.StringIO(text, newline="")
    if skip_separator_line:
        stream.readline()
    reader = csv.reader(stream, delimiter=delimiter)
    consumed = 0

    def records() -> Iterator[list[Cell]]:
        nonlocal consumed
        for record in reader:
            consumed += 1
            yield [cell.strip() for cell in record]

    try:
        return _collect(records(), name)
    except csv.Error as error:
        row = consumed + 1
        if "field larger than field limit" in str(error):
            raise DomainError(
                f"Die Datei {name} wurde nicht übernommen: Zeile {row} enthält ein Feld mit mehr "
                f"als {csv.field_size_limit():,} Zeichen. ".replace(",", ".")
                + 'Oft fehlt ein schließendes Anführungszeichen (").'
            ) from None
        raise DomainError(f"Die Datei {name} ist keine gültige CSV-Datei (Zeile {row}).") from None


def _decode(data: bytes, name: str) -> str:
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
    except UnicodeDecodeError:
        raise DomainError(f"Die Datei {name} ist keine lesbare Textdatei.") from None
    if b"\x00" in data:
        raise DomainError(
            f"Die Datei {name} ist keine Tabelle im CSV-Format (sie enthält Binärdaten). "
            "Bitte eine CSV- oder XLSX-Datei wählen."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise DomainError(
            f"Die Datei {name} ist keine lesbare Textdatei (unbekannte Zeichenkodierung). "
            "Bitte als CSV (UTF-8) oder XLSX speichern."
        ) from None


def _xlsx_cell(value: object) -> Cell:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value).strip()


def _read_xlsx(path: Path) -> Table:
    name = path.name
    not_xlsx = DomainError(
        f"Die Datei {name} ist keine gültige Excel-Datei (.xlsx). "
        "Bitte in Excel öffnen und als .xlsx oder CSV neu speichern."
    )
    if not zipfile.is_zipfile(path):
        raise not_xlsx
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            unpacked = sum(entry.file_size for entry in entries)
    except (zipfile.BadZipFile, ValueError):
        raise not_xlsx from None
    if "xl/workbook.xml" not in names:
        raise not_xlsx
    if unpacked > MAX_UNPACKED_BYTES:
        raise DomainError(
            f"Die Datei {name} ist entpackt zu groß. Bitte in kleinere Dateien aufteilen."
        )
    import openpyxl

    try:
        with warnings.catch_warnings(), path.open("rb") as handle:
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
            try:
                sheets = workbook.worksheets
                if not sheets:
                    raise DomainError(f"Die Datei {name} enthält kein Tabellenblatt.")
                sheet = sheets[0]
                sheet.reset_dimensions()
                rows = sheet.iter_rows(min_row=1, min_col=1, values_only=True)
                return _collect(([_xlsx_cell(v) for v in row] for row in rows), name)
            finally:
                workbook.close()
    except DomainError:
        raise
    except MemoryError:
        raise DomainError(f"Die Datei {name} ist zu groß zum Einlesen.") from None
    except Exception:
        # openpyxl raises many kinds of errors for damaged files (zip, XML, KeyError, ...).
        raise not_xlsx from None
