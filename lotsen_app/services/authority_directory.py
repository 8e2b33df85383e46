"""The authority directory as a CSV file: a coordinator keeps one directory and hands it on.

The file is what German Excel reads and writes: UTF-8 with BOM, semicolons, German headers, one
column per weekday for the opening hours. Commas (and ``sep=`` first lines) are understood too,
and a file saved by Excel as "CSV (Trennzeichen-getrennt)" in Windows-1252 as well.

An import checks every row before anything is written and writes nothing when one row is bad
(all or nothing). Entries are matched by their Schlüssel (``external_key``) first; rows without
one by folded name, street and postal code, so an updated file updates instead of duplicating.
New entries get a key, which the next export carries, so later imports match on it.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from lotsen_app.config import shipped_dir
from lotsen_app.domain.appointments import (
    AuthorityData,
    OpeningHours,
    OpeningHoursError,
    TimeRange,
    validate_authority,
)
from lotsen_app.domain.dates import WEEKDAYS_SHORT
from lotsen_app.domain.deadlines import STATES
from lotsen_app.domain.enums import AuthorityKind
from lotsen_app.domain.errors import DomainError
from lotsen_app.domain.names import fold
from lotsen_app.persistence.appointment_repository import (
    AuthorityRepository,
    authority_data,
    fill_authority,
)
from lotsen_app.persistence.models import Authority
from lotsen_app.persistence.repositories import record_audit
from lotsen_app.services.files import write_atomically

MAX_FILE_BYTES = 5 * 1024 * 1024
DOCUMENT_SEPARATOR = " | "
DEMO_DIRECTORY = "authorities_demo.csv"
MAX_KEY_LENGTH = 80
YES, NO = "ja", "nein"

# field name -> German header, in the order of the export
COLUMNS: dict[str, str] = {
    "external_key": "Schlüssel",
    "name": "Name",
    "kind": "Art",
    "street": "Straße",
    "postal_code": "PLZ",
    "city": "Ort",
    "department": "Abteilung",
    "room": "Raum",
    "phone": "Telefon",
    "email": "E-Mail",
    **{f"day{index}": short for index, short in enumerate(WEEKDAYS_SHORT)},
    "booking_info": "Terminvergabe",
    "usual_documents": "Unterlagen",
    "state": "Bundesland",
    "is_fictitious": "Fiktiv",
}
HEADERS = tuple(COLUMNS.values())
_DAY_NAMES = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
_ALIASES: dict[str, tuple[str, ...]] = {
    "external_key": ("Schluessel", "Key", "ID", "Kennung"),
    "name": ("Stelle", "Behörde", "Bezeichnung"),
    "kind": ("Typ", "Kategorie"),
    "street": ("Strasse", "Straße und Hausnummer", "Anschrift", "Adresse"),
    "postal_code": ("Postleitzahl",),
    "city": ("Stadt",),
    "room": ("Zimmer",),
    "phone": ("Tel.", "Telefonnummer"),
    "email": ("E-Mail-Adresse", "Email", "Mail"),
    "booking_info": ("Termine", "Terminbuchung", "Termin"),
    "usual_documents": ("Dokumente", "Mitbringen"),
    "state": ("Land",),
    "is_fictitious": ("fiktiv (ja/nein)", "Beispiel"),
    **{f"day{index}": (name,) for index, name in enumerate(_DAY_NAMES)},
}
# A list of people must never end up in the directory (it is handed on to every guide).
_PERSON_HEADERS = frozenset({"vorname", "nachname", "familienname", "geburtsdatum", "geschlecht"})
_YES_WORDS = frozenset({"ja", "j", "x", "1", "wahr", "true", "yes", "y"})
_NO_WORDS = frozenset({"", "nein", "n", "0", "falsch", "false", "no", "-"})
_CLOSED_WORDS = frozenset({"", "-", "–", "geschlossen", "zu", "keine"})
# Excel runs a cell that starts with one of these as a formula; the export puts a ' in front.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _compact(text: str) -> str:
    return fold(text).replace(" ", "")


_HEADER_FIELDS: dict[str, str] = {
    _compact(header): name
    for name, headers in (
        *((name, (header,)) for name, header in COLUMNS.items()),
        *_ALIASES.items(),
    )
    for header in headers
}


@dataclass(frozen=True)
class DirectoryImportResult:
    """What an import did; ``errors`` are German lines ("Zeile 7, Spalte „PLZ“: …")."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: tuple[str, ...] = ()
    ignored_columns: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.errors:
            rows = {error.split(",")[0] for error in self.errors}
            return (
                f"Nichts übernommen: {len(self.errors)} Fehler in {len(rows)} "
                f"{'Zeile' if len(rows) == 1 else 'Zeilen'}. "
                "Bitte die Datei korrigieren und erneut importieren."
            )
        text = (
            f"Verzeichnis übernommen: {self.created} neu, {self.updated} aktualisiert, "
            f"{self.unchanged} unverändert."
        )
        if self.ignored_columns:
            text += " Nicht verwendete Spalten: " + ", ".join(
                f"„{name}“" for name in self.ignored_columns
            )
            text += "."
        return text


@dataclass(frozen=True)
class ParsedDirectory:
    """The rows of a directory file (row number as the spreadsheet shows it, entry)."""

    entries: tuple[tuple[int, AuthorityData], ...]
    errors: tuple[str, ...] = ()
    ignored_columns: tuple[str, ...] = ()


# --- opening hours, one weekday per cell ---------------------------------------------------


def day_cell(hours: OpeningHours, weekday: int) -> str:
    """``08:00-12:00, 14:00-16:00``, or empty when closed."""
    return ", ".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in hours.days[weekday])


def parse_day(weekday: int, text: str) -> tuple[TimeRange, ...]:
    """The ranges of one weekday's cell; OpeningHoursError (German) when unreadable."""
    cleaned = re.sub(r"[;\n]+", ",", text.strip()).strip(" ,")
    # "Mo 08:00-12:00" or "Montag: 08:00-12:00" in the Mo column: the day is already known.
    names = f"{WEEKDAYS_SHORT[weekday]}|{_DAY_NAMES[weekday]}"
    cleaned = re.sub(rf"^(?:{names})\b\s*:?\s*", "", cleaned, flags=re.IGNORECASE)
    if cleaned.casefold() in _CLOSED_WORDS:
        return ()
    return OpeningHours.parse(f"{WEEKDAYS_SHORT[weekday]} {cleaned}").days[weekday]


def parse_week(cells: Sequence[str]) -> tuple[OpeningHours, dict[int, str]]:
    """Seven cells (Mo … So) -> opening hours and the German error per weekday."""
    days: list[tuple[TimeRange, ...]] = []
    errors: dict[int, str] = {}
    for weekday, text in enumerate(cells):
        try:
            days.append(parse_day(weekday, text))
        except OpeningHoursError as error:
            errors[weekday] = str(error)
            days.append(())
    return OpeningHours(tuple(days)), errors


# --- export --------------------------------------------------------------------------------


def _safe(text: str) -> str:
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def _unsafe(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_START) else text


def export_record(data: AuthorityData) -> list[str]:
    values = {
        "external_key": data.external_key,
        "name": data.name,
        "kind": data.kind.label,
        "street": data.street,
        "postal_code": data.postal_code,
        "city": data.city,
        "department": data.department,
        "room": data.room,
        "phone": data.phone,
        "email": data.email,
        **{f"day{day}": day_cell(data.opening_hours, day) for day in range(7)},
        "booking_info": data.booking_info,
        "usual_documents": DOCUMENT_SEPARATOR.join(data.documents),
        "state": data.state,
        "is_fictitious": YES if data.is_fictitious else NO,
    }
    return [_safe(values[name]) for name in COLUMNS]


def directory_csv(rows: Iterable[AuthorityData]) -> str:
    """The directory as CSV text (without the BOM, which the file encoding adds)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for data in rows:
        writer.writerow(export_record(data))
    return buffer.getvalue()


def write_directory_csv(path: Path, rows: Iterable[AuthorityData]) -> None:
    """Write the file atomically (UTF-8 with BOM, so that Excel shows the umlauts)."""
    write_atomically(path, directory_csv(rows).encode("utf-8-sig"))


# --- import: reading and checking ----------------------------------------------------------


def read_directory_csv(path: Path) -> ParsedDirectory:
    """Read and check a directory file; DomainError (German) for a file that is no directory."""
    name = path.name
    try:
        if not path.is_file():
            raise DomainError(f"Die Datei {name} gibt es nicht.")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            megabytes = f"{size / (1024 * 1024):.1f}".replace(".", ",")
            raise DomainError(
                f"Die Datei {name} ist zu groß ({megabytes} MB, höchstens "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MB). Ein Verzeichnis der Stellen ist viel "
                "kleiner – ist es die richtige Datei?"
            )
        data = path.read_bytes()
    except OSError as error:
        raise DomainError(
            f"Die Datei {name} kann nicht gelesen werden ({error.strerror or error})."
        ) from None
    return parse_directory(_decode(data, name), name)


def _decode(data: bytes, name: str) -> str:
    if not data.strip():
        raise DomainError(f"Die Datei {name} ist leer.")
    binary = DomainError(
        f"Die Datei {name} ist keine CSV-Datei (sie enthält Binärdaten). "
        "Bitte ein Verzeichnis wählen, das als CSV exportiert wurde."
    )
    if b"\x00" in data[:65536]:
        raise binary
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    sample = text[:65536]
    controls = sum(1 for c in sample if c not in "\t\r\n" and unicodedata.category(c) == "Cc")
    if controls > len(sample) // 200 or sample.count("\ufffd") > len(sample) // 100:
        raise binary
    return text


def parse_directory(text: str, name: str = "Verzeichnis") -> ParsedDirectory:
    """Check every row; the entries are only usable when ``errors`` is empty."""
    lines = text.splitlines()
    explicit = re.fullmatch(r"\s*sep=(.)\s*", lines[0]) if lines else None
    stream = io.StringIO(text, newline="")
    if explicit:
        stream.readline()
        delimiter = explicit.group(1)
    else:
        header_line = next((line for line in lines if line.strip()), "")
        delimiter = max((";", ",", "\t"), key=header_line.count)
    records = csv.reader(stream, delimiter=delimiter)
    try:
        # Numbered as a spreadsheet shows them: a cell with line breaks stays one row.
        table = [
            (number, cells)
            for number, record in enumerate(records, start=1)
            if any(cells := [cell.strip() for cell in record])
        ]
    except csv.Error:
        raise DomainError(f"Die Datei {name} ist keine gültige CSV-Datei.") from None
    if not table:
        raise DomainError(f"Die Datei {name} ist leer.")
    headers = table[0][1]
    columns: dict[str, int] = {}
    ignored: list[str] = []
    for index, header in enumerate(headers):
        field_name = _HEADER_FIELDS.get(_compact(header))
        if field_name is None or field_name in columns:
            if header:
                ignored.append(header)
            continue
        columns[field_name] = index
    personal = [h for h in headers if _compact(h) in _PERSON_HEADERS]
    if personal:
        raise DomainError(
            f"Die Datei {name} sieht wie eine Liste von Personen aus (Spalte „{personal[0]}“), "
            "nicht wie ein Verzeichnis der Stellen. Nichts übernommen."
        )
    if "name" not in columns:
        raise DomainError(
            f"Die Datei {name} ist kein Verzeichnis der Stellen: die Spalte „Name“ fehlt. "
            f"Erwartet werden die Spalten {'; '.join(HEADERS)}."
        )
    entries: list[tuple[int, AuthorityData]] = []
    errors: list[str] = []
    for number, cells in table[1:]:
        entry, row_errors = _check_row(cells, columns)
        errors.extend(f"Zeile {number}, {message}" for message in row_errors)
        if entry is not None:
            entries.append((number, entry))
    errors.extend(_duplicates(entries))
    return ParsedDirectory(tuple(entries), tuple(errors), tuple(ignored))


def _check_row(
    cells: Sequence[str], columns: dict[str, int]
) -> tuple[AuthorityData | None, list[str]]:
    def cell(name: str) -> str:
        index = columns.get(name)
        return _unsafe(cells[index].strip()) if index is not None and index < len(cells) else ""

    problems: list[tuple[str, str]] = []

    def problem(name: str, message: str) -> None:
        problems.append((name, message))

    kind = AuthorityKind.SONSTIGE
    if cell("kind"):
        found = AuthorityKind.from_label(cell("kind"))
        if found is None:
            problem(
                "kind",
                f"„{_short(cell('kind'))}“ ist keine bekannte Art. Möglich sind: "
                + ", ".join(k.label for k in AuthorityKind)
                + ".",
            )
        else:
            kind = AuthorityKind(found.value)
    state = _state(cell("state"))
    if state is None:
        problem("state", f"„{_short(cell('state'))}“ ist kein Bundesland (z. B. NW).")
        state = "NW"
    fictitious = cell("is_fictitious").casefold()
    if fictitious not in _YES_WORDS | _NO_WORDS:
        problem("is_fictitious", f"Bitte „ja“ oder „nein“ statt „{_short(fictitious)}“.")
    hours, hour_errors = parse_week([cell(f"day{day}") for day in range(7)])
    for day, message in hour_errors.items():
        problem(f"day{day}", message)
    key = cell("external_key")
    if len(key) > MAX_KEY_LENGTH:
        problem("external_key", f"Bitte höchstens {MAX_KEY_LENGTH} Zeichen.")
    documents = [part.strip() for part in re.split(r"\s*\|\s*|\n", cell("usual_documents"))]
    data = AuthorityData(
        name=cell("name"),
        kind=kind,
        street=cell("street"),
        postal_code=cell("postal_code"),
        city=cell("city"),
        department=cell("department"),
        room=cell("room"),
        phone=cell("phone"),
        email=cell("email"),
        opening_hours=hours,
        booking_info=cell("booking_info"),
        usual_documents="\n".join(d for d in documents if d),
        state=state,
        is_fictitious=fictitious in _YES_WORDS,
        external_key=key,
    )
    for field_name, message in validate_authority(data).items():
        problem(field_name, message)
    if len(data.email) > 200:
        problem("email", "Bitte höchstens 200 Zeichen.")
    order = list(COLUMNS)
    problems.sort(key=lambda item: order.index(item[0]))
    errors = [f"Spalte „{COLUMNS[name]}“: {message}" for name, message in problems]
    return (None if errors else data), errors


def _state(text: str) -> str | None:
    if not text:
        return "NW"
    wanted = fold(text)
    for code, name in STATES.items():
        if wanted in (fold(code), fold(name)):
            return code
    return "NW" if wanted in ("nrw", "nordrhein westfalen") else None


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:39] + "…"


def _duplicates(entries: Sequence[tuple[int, AuthorityData]]) -> list[str]:
    seen: dict[str, int] = {}
    errors = []
    for number, data in entries:
        if not data.external_key:
            continue
        if data.external_key in seen:
            errors.append(
                f"Zeile {number}, Spalte „Schlüssel“: „{_short(data.external_key)}“ steht schon "
                f"in Zeile {seen[data.external_key]}. Jeder Schlüssel darf nur einmal vorkommen."
            )
        else:
            seen[data.external_key] = number
    return errors


# --- import: writing -----------------------------------------------------------------------


def match_key(data: AuthorityData) -> tuple[str, str, str]:
    """Folded name, street and postal code: how a row without Schlüssel finds its entry."""
    street = re.sub(r"str\b", "strasse", fold(data.street))
    return fold(data.name), street, data.postal_code.strip()


def _comparable(data: AuthorityData) -> tuple[object, ...]:
    """The entry as it would be stored (trimmed, hours as JSON), without id and key."""
    row = Authority()
    fill_authority(row, data)
    return tuple(
        getattr(row, f.name) for f in fields(AuthorityData) if f.name not in ("id", "external_key")
    )


def merge_directory(
    session: Session,
    entries: Sequence[tuple[int, AuthorityData]],
    *,
    now: datetime,
    new_key: Callable[[], str],
) -> DirectoryImportResult:
    """Create or update every entry in one transaction; checked entries only."""
    repository = AuthorityRepository(session)
    existing = list(repository.all())
    by_key = {row.external_key: row for row in existing if row.external_key}
    claimed: set[int] = set()
    targets: dict[int, Authority | None] = {}
    for number, data in entries:
        row = by_key.get(data.external_key) if data.external_key else None
        if row is not None:
            claimed.add(row.id)
        targets[number] = row
    by_match: dict[tuple[str, str, str], list[Authority]] = {}
    for row in existing:
        if row.id not in claimed:
            by_match.setdefault(match_key(authority_data(row)), []).append(row)
    file_keys = {data.external_key for _, data in entries if data.external_key}
    for number, data in entries:
        if targets[number] is not None:
            continue
        candidates = [r for r in by_match.get(match_key(data), []) if r.id not in claimed]
        if data.external_key:
            # A keyed row only takes over an entry that the file does not name by its own key.
            candidates = [r for r in candidates if r.external_key not in file_keys]
        if candidates:
            same_department = [r for r in candidates if fold(r.department) == fold(data.department)]
            row = (same_department or candidates)[0]
            claimed.add(row.id)
            targets[number] = row
    created = updated = unchanged = 0
    for number, data in entries:
        row = targets[number]
        if row is None:
            row = Authority(external_key=data.external_key or new_key())
            fill_authority(row, data)
            session.add(row)
            created += 1
            continue
        key = data.external_key or row.external_key or new_key()
        if key == row.external_key and _comparable(authority_data(row)) == _comparable(data):
            unchanged += 1
            continue
        row.external_key = key
        fill_authority(row, data)
        updated += 1
    session.flush()
    record_audit(
        session,
        at=now,
        action="importiert",
        entity="authority",
        entity_id=None,
        detail=f"{created} neu, {updated} aktualisiert, {unchanged} unverändert",
    )
    return DirectoryImportResult(created=created, updated=updated, unchanged=unchanged)


# --- the shipped demo directory ------------------------------------------------------------


def demo_directory_path() -> Path:
    return shipped_dir("db") / "reference" / DEMO_DIRECTORY


def load_demo_directory() -> list[AuthorityData]:
    """The fictitious demo directory (Duisburg context); every entry is marked as fictitious."""
    parsed = read_directory_csv(demo_directory_path())
    real = [str(number) for number, data in parsed.entries if not data.is_fictitious]
    if parsed.errors or real:
        problems = [*parsed.errors, *(f"Zeile {n} ist nicht als fiktiv markiert" for n in real)]
        raise DomainError("Das Beispiel-Verzeichnis ist fehlerhaft: " + "; ".join(problems))
    return [data for _number, data in parsed.entries]
