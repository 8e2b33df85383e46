"""Authorities and appointments: opening hours, checklists, warnings, the data a screen shows."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import pairwise

from lotsen_app.domain.dates import WEEKDAYS_SHORT, format_date
from lotsen_app.domain.deadline_tracking import NewDeadline, NewTask
from lotsen_app.domain.deadlines import STATES, holiday_name
from lotsen_app.domain.enums import (
    AppointmentMode,
    AppointmentStatus,
    AuthorityKind,
    ContactKind,
    StepActor,
    Topic,
)
from lotsen_app.domain.names import fold

MIN_DURATION = 5
MAX_DURATION = 12 * 60
EARLIEST = datetime(2000, 1, 1)
LATEST = datetime(2100, 12, 31, 23, 59)

# --- opening hours -------------------------------------------------------------------------

TimeRange = tuple[time, time]
_DAY_PART = re.compile(r"^\s*([A-Za-zäÄ]{2})(?:\s*[-–]\s*([A-Za-zäÄ]{2}))?\s*[:]?\s*(.*)$")
# "08:00-12:00", "8.30-12 Uhr", "8-12": minutes are optional on either side.
_RANGE = re.compile(
    r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*[-–]\s*(\d{1,2})(?:[:.](\d{2}))?\s*(?:Uhr)?\s*$",
    re.IGNORECASE,
)


class OpeningHoursError(ValueError):
    """Raised with a German message."""


@dataclass(frozen=True)
class OpeningHours:
    """Per weekday (0 = Monday) the ranges an authority is open; all empty means unknown."""

    days: tuple[tuple[TimeRange, ...], ...] = ((),) * 7

    @property
    def known(self) -> bool:
        return any(self.days)

    def covers(self, start: datetime, minutes: int) -> bool:
        """True when the appointment lies inside one opening range (or the hours are unknown)."""
        if not self.known:
            return True
        end = start + timedelta(minutes=minutes)
        if end.date() != start.date() and end.time() != time(0):
            return False
        end_time = end.time() if end.date() == start.date() else time(23, 59, 59)
        return any(
            begin <= start.time() and end_time <= finish
            for begin, finish in self.days[start.weekday()]
        )

    def text(self) -> str:
        """The canonical German text, e.g. ``Mo 08:00-12:00, 14:00-16:00; Fr 08:00-12:00``."""
        parts = []
        for index, ranges in enumerate(self.days):
            if ranges:
                hours = ", ".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in ranges)
                parts.append(f"{WEEKDAYS_SHORT[index]} {hours}")
        return "; ".join(parts)

    def day_text(self, weekday: int) -> str:
        ranges = self.days[weekday]
        return ", ".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in ranges) if ranges else "geschlossen"

    def to_json(self) -> str:
        if not self.known:
            return ""
        return json.dumps(
            {
                str(i): [[f"{a:%H:%M}", f"{b:%H:%M}"] for a, b in ranges]
                for i, ranges in enumerate(self.days)
                if ranges
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, stored: str) -> OpeningHours:
        if not stored.strip():
            return cls()
        data = json.loads(stored)
        days: list[tuple[TimeRange, ...]] = [() for _ in range(7)]
        for key, ranges in data.items():
            days[int(key)] = tuple(
                (time.fromisoformat(a), time.fromisoformat(b)) for a, b in ranges
            )
        return cls(tuple(days))

    @classmethod
    def parse(cls, text: str) -> OpeningHours:
        """Read ``Mo-Do 08:00-12:00; Di 14:00-18:00`` (days repeated add ranges).

        Times may also be written ``8-12``, ``8:30-12 Uhr`` or ``08.00-12.00 Uhr``.
        """
        days: list[list[TimeRange]] = [[] for _ in range(7)]
        for part in re.split(r"[;\n]", text):
            if not part.strip():
                continue
            match = _DAY_PART.match(part)
            if not match:
                raise OpeningHoursError(f"„{part.strip()}“: bitte z. B. „Mo 08:00-12:00“.")
            first, last, ranges_text = match.groups()
            start_day = _weekday(first)
            end_day = _weekday(last) if last else start_day
            if end_day < start_day:
                raise OpeningHoursError(f"„{part.strip()}“: der Bereich der Tage ist verdreht.")
            ranges = [_time_range(piece, part) for piece in ranges_text.split(",")]
            for day in range(start_day, end_day + 1):
                days[day].extend(ranges)
        for ranges in days:
            ranges.sort()
            for (_, first_end), (second_start, _) in pairwise(ranges):
                if second_start < first_end:
                    raise OpeningHoursError("Zwei Öffnungszeiten am selben Tag überschneiden sich.")
        return cls(tuple(tuple(ranges) for ranges in days))


def _weekday(text: str) -> int:
    wanted = text.strip().casefold()
    for index, short in enumerate(WEEKDAYS_SHORT):
        if short.casefold() == wanted:
            return index
    raise OpeningHoursError(f"„{text}“ ist kein Wochentag (Mo, Di, Mi, Do, Fr, Sa, So).")


def _time_range(text: str, part: str) -> TimeRange:
    match = _RANGE.match(text)
    if not match:
        raise OpeningHoursError(f"„{part.strip()}“: bitte Zeiten wie „08:00-12:00“ angeben.")
    h1, m1, h2, m2 = (int(g or 0) for g in match.groups())
    try:
        begin, finish = time(h1, m1), time(h2, m2) if (h2, m2) != (24, 0) else time(23, 59)
    except ValueError:
        raise OpeningHoursError(f"„{text.strip()}“ ist keine gültige Uhrzeit.") from None
    if finish <= begin:
        raise OpeningHoursError(f"„{text.strip()}“: das Ende liegt vor dem Anfang.")
    return begin, finish


# --- authorities ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AuthorityData:
    """One entry of the directory, as shown, edited, imported and exported."""

    name: str
    kind: AuthorityKind = AuthorityKind.SONSTIGE
    street: str = ""
    postal_code: str = ""
    city: str = ""
    department: str = ""
    room: str = ""
    phone: str = ""
    email: str = ""
    opening_hours: OpeningHours = field(default_factory=OpeningHours)
    booking_info: str = ""
    usual_documents: str = ""  # one document per line
    state: str = "NW"
    is_fictitious: bool = False
    external_key: str = ""
    id: int | None = None

    @property
    def address(self) -> str:
        town = " ".join(p for p in (self.postal_code, self.city) if p)
        return ", ".join(p for p in (self.street, town) if p)

    @property
    def documents(self) -> list[str]:
        return [line.strip() for line in self.usual_documents.splitlines() if line.strip()]

    @property
    def display_name(self) -> str:
        """The name, marked when the entry is invented (demo data) and does not already say so."""
        marked = any(word in self.name.casefold() for word in ("fiktiv", "beispiel"))
        return f"{self.name} (fiktiv)" if self.is_fictitious and not marked else self.name


@dataclass(frozen=True)
class AuthorityUsage:
    """How many appointments and contacts are linked to one directory entry."""

    appointments: int = 0
    contacts: int = 0

    @property
    def used(self) -> bool:
        return bool(self.appointments or self.contacts)

    def text(self) -> str:
        """``2 Terminen und 1 Kontakt`` (dative, after "von")."""
        parts = []
        if self.appointments:
            ending = "" if self.appointments == 1 else "en"
            parts.append(f"{self.appointments} Termin{ending}")
        if self.contacts:
            ending = "" if self.contacts == 1 else "en"
            parts.append(f"{self.contacts} Kontakt{ending}")
        return " und ".join(parts)


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def validate_authority(data: AuthorityData) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not data.name.strip():
        errors["name"] = "Bitte den Namen der Stelle eingeben."
    elif len(data.name) > 200:
        errors["name"] = "Bitte höchstens 200 Zeichen."
    if data.postal_code.strip() and not re.fullmatch(r"\d{5}", data.postal_code.strip()):
        errors["postal_code"] = "Die Postleitzahl hat fünf Ziffern."
    if data.email.strip() and not _EMAIL.match(data.email.strip()):
        errors["email"] = "Das ist keine E-Mail-Adresse."
    if data.state not in STATES:
        errors["state"] = f"Unbekanntes Bundesland: {data.state}"
    limits = {"street": 200, "city": 100, "department": 200, "room": 80, "phone": 40}
    for name, limit in limits.items():
        if len(getattr(data, name)) > limit:
            errors[name] = f"Bitte höchstens {limit} Zeichen."
    return errors


# --- checklists ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistItem:
    text: str
    done: bool = False


def checklist_to_json(items: Iterable[ChecklistItem]) -> str:
    return json.dumps([{"text": i.text, "done": i.done} for i in items], ensure_ascii=False)


def checklist_from_json(stored: str) -> tuple[ChecklistItem, ...]:
    if not stored.strip():
        return ()
    return tuple(ChecklistItem(str(i["text"]), bool(i.get("done"))) for i in json.loads(stored))


ALWAYS_BRING = ("Reisepass oder Ausweis", "Einladung bzw. Terminschreiben")

# Documents usually needed for common purposes; matched by a word in the purpose.
PURPOSE_DOCUMENTS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (
        ("aufenthalt", "verlangerung", "titel", "niederlassung"),
        (
            "Aktuelles biometrisches Passfoto",
            "Bisheriger Aufenthaltstitel (Karte)",
            "Mietvertrag oder Wohnungsgeberbestätigung",
            "Einkommensnachweise der letzten 3 Monate",
            "Nachweis der Krankenversicherung",
        ),
    ),
    (("anmeld", "ummeld", "wohnsitz"), ("Wohnungsgeberbestätigung",)),
    (
        ("kindergeld", "kinderzuschlag"),
        ("Geburtsurkunden der Kinder", "Steuer-ID der Eltern und Kinder", "Kontoverbindung (IBAN)"),
    ),
    (
        ("burgergeld", "weiterbewilligung", "leistung"),
        (
            "Kontoauszüge der letzten 3 Monate",
            "Mietvertrag und letzte Nebenkostenabrechnung",
            "Einkommensnachweise",
            "Letzter Bescheid",
        ),
    ),
    (
        ("schul", "kita", "anmeldung kind"),
        ("Geburtsurkunde des Kindes", "Nachweis Masernschutz (Impfpass)", "Letztes Zeugnis"),
    ),
    (
        ("integrationskurs", "deutschkurs", "sprachkurs"),
        ("Berechtigungs- oder Verpflichtungsschein",),
    ),
    (("arbeit", "bewerbung", "vermittlung"), ("Lebenslauf", "Zeugnisse und Abschlüsse")),
    (("wohnung", "miete"), ("Mietvertrag", "Letzte Nebenkostenabrechnung")),
    (("arzt", "untersuchung", "klinik"), ("Versichertenkarte der Krankenkasse",)),
)

PURPOSE_SUGGESTIONS = (
    "Aufenthaltstitel verlängern",
    "Wohnsitz anmelden",
    "Kindergeld beantragen",
    "Bürgergeld Weiterbewilligung",
    "Schulanmeldung",
    "Integrationskurs anmelden",
    "Beratung zur Arbeitssuche",
    "Wohnungsbesichtigung",
    "Arzttermin",
)


def prefill_checklist(usual_documents: Iterable[str], purpose: str) -> tuple[ChecklistItem, ...]:
    """What to bring: always ID and invitation, the authority's usual documents, the purpose's.

    Without duplicates: the same text (ignoring case and accents) only once; only one entry
    that names nothing but an ID or passport (see ``names_only_id``); and of two entries where
    one begins with the other ("Letztes Zeugnis", "Letztes Zeugnis (bei Schulwechsel)") the
    longer one, in the place of the first.
    """
    folded_purpose = fold(purpose)
    wanted: list[str] = list(ALWAYS_BRING) + [d.strip() for d in usual_documents if d.strip()]
    for keywords, documents in PURPOSE_DOCUMENTS:
        if any(word in folded_purpose for word in keywords):
            wanted.extend(documents)
    texts: list[str] = []
    has_id = False
    for text in wanted:
        key = fold(text)
        if not key:
            continue
        if names_only_id(text):
            if has_id:
                continue
            has_id = True
        for index, earlier in enumerate(texts):
            earlier_key = fold(earlier)
            if earlier_key == key or earlier_key.startswith(key + " "):
                break  # the same or a longer entry is already there
            if key.startswith(earlier_key + " "):
                texts[index] = text  # the longer text says more: keep it, in the first place
                break
        else:
            texts.append(text)
    return tuple(ChecklistItem(text) for text in texts)


# Words of an entry that asks for nothing but an identity document ("Reisepass",
# "Personalausweis oder Reisepass", "Gültiger Pass"): such entries are one entry.
_ID_WORDS = frozenset({"reisepass", "pass", "ausweis", "personalausweis", "identitatsausweis"})
_ID_FILLER = frozenset({"oder", "bzw", "und", "gultiger", "gultigen", "gultig"})


def names_only_id(text: str) -> bool:
    """True when every word of the entry names an ID or passport (or is "oder", "gültiger")."""
    words = set(fold(text).split())
    return bool(words & _ID_WORDS) and words <= _ID_WORDS | _ID_FILLER


# --- appointments --------------------------------------------------------------------------


@dataclass(frozen=True)
class NewAppointment:
    client_ids: tuple[int, ...]
    starts_at: datetime
    duration_minutes: int = 60
    authority_id: int | None = None
    guide_id: int | None = None
    place: str = ""
    room: str = ""
    purpose: str = ""
    checklist: tuple[ChecklistItem, ...] = ()
    mode: AppointmentMode = AppointmentMode.ACCOMPANIED
    interpreter_name: str = ""
    interpreter_language: str = ""


def validate_appointment(data: NewAppointment) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not data.client_ids:
        errors["clients"] = "Bitte mindestens eine Person auswählen."
    if not EARLIEST <= data.starts_at <= LATEST:
        errors["starts_at"] = "Das Datum liegt außerhalb von 2000 bis 2100."
    if not MIN_DURATION <= data.duration_minutes <= MAX_DURATION:
        errors["duration"] = (
            f"Die Dauer muss zwischen {MIN_DURATION} Minuten und 12 Stunden liegen."
        )
    if data.authority_id is None and not data.place.strip():
        errors["place"] = "Bitte eine Stelle aus dem Verzeichnis wählen oder den Ort eingeben."
    if data.mode == AppointmentMode.INTERPRETER and not (
        data.interpreter_name.strip() or data.interpreter_language.strip()
    ):
        errors["interpreter"] = "Bitte Name oder Sprache der Dolmetscher:in angeben."
    if data.mode == AppointmentMode.ACCOMPANIED and data.guide_id is None:
        errors["guide"] = "Wer begleitet? Bitte einen Lotsen oder eine Lotsin wählen."
    for name, limit in (("place", 200), ("room", 80), ("interpreter_name", 200)):
        if len(getattr(data, name)) > limit:
            errors[name] = f"Bitte höchstens {limit} Zeichen."
    if any(not item.text.strip() for item in data.checklist):
        errors["checklist"] = "Ein Punkt der Liste „Mitbringen“ ist leer."
    return errors


@dataclass(frozen=True)
class ClientRef:
    id: int
    given_name: str
    family_name: str

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def initials(self) -> str:
        return " ".join(f"{part[0]}." for part in (self.given_name, self.family_name) if part)


def mask_names(text: str, clients: Iterable[ClientRef]) -> str:
    """A client's name typed into free text becomes its initial, for what others may see.

    "Hausbesuch bei Layla Haddad" → "Hausbesuch bei L. H."; case does not matter, a name of
    several parts is masked as a whole and in its parts ("García-López", "López"), and the
    possessive goes with it ("Haddads Wohnung" → "H. Wohnung").
    """
    if not text:
        return text
    for client in clients:
        for name in (client.family_name, client.given_name):
            for word in _name_words(name):
                possessive = r"(?:s|['’]s?)?" if len(word) >= 3 else ""
                text = re.sub(
                    rf"(?<!\w){re.escape(word)}{possessive}(?!\w)",
                    f"{word[0]}.",
                    text,
                    flags=re.IGNORECASE,
                )
    return text


def _name_words(name: str) -> list[str]:
    """The whole name first, then its longer parts ("Al-Haddad" → Al-Haddad, Haddad)."""
    whole = " ".join(name.split())
    parts = [p for p in re.split(r"[\s\-]+", whole) if len(p) >= 3 and p != whole]
    return [whole, *parts] if whole else []


@dataclass(frozen=True)
class AppointmentRow:
    """An appointment as lists, the agenda, Heute, reminders and the calendar export show it."""

    id: int
    starts_at: datetime
    duration_minutes: int
    status: AppointmentStatus
    mode: AppointmentMode
    clients: tuple[ClientRef, ...]
    guide_id: int | None = None
    guide_name: str = ""
    authority: AuthorityData | None = None
    place: str = ""
    room: str = ""
    purpose: str = ""
    checklist: tuple[ChecklistItem, ...] = ()
    interpreter_name: str = ""
    interpreter_language: str = ""
    moved_from_id: int | None = None
    outcome: str = ""
    # The first appointment of the chain of moves this one belongs to (0: this one itself),
    # and how many moves lie before it: a calendar event keeps its UID when moved.
    series_id: int = 0
    moves_before: int = 0

    def __post_init__(self) -> None:
        if not self.series_id:
            object.__setattr__(self, "series_id", self.id)

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def client_ids(self) -> tuple[int, ...]:
        return tuple(c.id for c in self.clients)

    @property
    def client_names(self) -> str:
        return ", ".join(c.full_name for c in self.clients)

    @property
    def client_initials(self) -> str:
        return ", ".join(c.initials for c in self.clients)

    @property
    def authority_name(self) -> str:
        return self.authority.display_name if self.authority else ""

    @property
    def where(self) -> str:
        """Name, address and room in one line: what a guide needs to find the place."""
        room = self.room or (self.authority.room if self.authority else "")
        parts = [
            self.authority_name,
            self.place or (self.authority.address if self.authority else ""),
            f"Raum {room}" if room else "",
        ]
        return ", ".join(p for p in parts if p)

    @property
    def title(self) -> str:
        return self.purpose or self.authority_name or "Termin"


@dataclass(frozen=True)
class BusySlot:
    """Another appointment that may clash: who is in it and what to call it in a warning."""

    appointment_id: int
    starts_at: datetime
    duration_minutes: int
    guide_id: int | None
    client_ids: frozenset[int]
    label: str

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)


def appointment_warnings(
    data: NewAppointment,
    *,
    others: Iterable[BusySlot],
    opening_hours: OpeningHours | None,
    authority_name: str,
    state: str,
    now: datetime,
    guide_name: str = "",
    client_names: Mapping[int, str] | None = None,
    appointment_id: int | None = None,
) -> list[str]:
    """Everything a guide should know before saving; the guide may save anyway."""
    warnings: list[str] = []
    names = client_names or {}
    end = data.starts_at + timedelta(minutes=data.duration_minutes)
    if data.starts_at < now:
        warnings.append("Der Termin liegt in der Vergangenheit.")
    for other in others:
        if other.appointment_id == appointment_id:
            continue
        if not (other.starts_at < end and data.starts_at < other.ends_at):
            continue
        when = f"{other.starts_at:%H:%M}–{other.ends_at:%H:%M} Uhr"
        if data.guide_id is not None and other.guide_id == data.guide_id:
            who = guide_name or "Der Lotse / die Lotsin"
            warnings.append(
                f"Doppelt gebucht: {who} hat {when} schon einen Termin ({other.label})."
            )
        for client_id in sorted(other.client_ids & set(data.client_ids)):
            who = names.get(client_id, "Eine der Personen")
            warnings.append(
                f"Doppelt gebucht: {who} hat {when} schon einen Termin ({other.label})."
            )
    holiday = holiday_name(data.starts_at.date(), state)
    if holiday:
        warnings.append(
            f"Der {format_date(data.starts_at.date())} ist ein Feiertag in "
            f"{STATES.get(state, state)} ({holiday})."
        )
    if opening_hours is not None and opening_hours.known:
        if not opening_hours.covers(data.starts_at, data.duration_minutes):
            weekday = data.starts_at.weekday()
            warnings.append(
                f"Außerhalb der Öffnungszeiten von {authority_name or 'der Stelle'}: "
                f"{WEEKDAYS_SHORT[weekday]} {opening_hours.day_text(weekday)}."
            )
    elif data.starts_at.weekday() == 6:
        warnings.append("Der Termin liegt an einem Sonntag.")
    return warnings


# --- after the appointment -----------------------------------------------------------------

OUTCOME_STATUSES = (AppointmentStatus.DONE, AppointmentStatus.MISSED, AppointmentStatus.CANCELLED)

CONTACT_KIND_FOR_MODE = {
    AppointmentMode.ACCOMPANIED: ContactKind.ACCOMPANIMENT,
    AppointmentMode.INTERPRETER: ContactKind.ACCOMPANIMENT,
    AppointmentMode.ALONE_PREPARED: ContactKind.COUNSELLING,
    AppointmentMode.PHONE: ContactKind.PHONE,
    AppointmentMode.VIDEO: ContactKind.ONLINE,
}


@dataclass(frozen=True)
class Step:
    description: str
    actor: StepActor


@dataclass(frozen=True)
class AppointmentOutcome:
    """What happened: status, outcome text, the contact with its steps, and the follow-ups."""

    appointment_id: int
    status: AppointmentStatus
    outcome: str = ""
    contact_kind: ContactKind = ContactKind.ACCOMPANIMENT
    topics: tuple[Topic, ...] = ()
    duration_minutes: int = 0
    steps: tuple[Step, ...] = ()
    tasks: tuple[NewTask, ...] = ()
    deadlines: tuple[NewDeadline, ...] = ()
    occurred_on: date | None = None
    task_client_id: int | None = None  # whose tasks; the first person of the appointment if None


def validate_outcome(data: AppointmentOutcome) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.status not in OUTCOME_STATUSES:
        errors["status"] = "Bitte wählen: stattgefunden, versäumt oder abgesagt."
    steps = [s for s in data.steps if s.description.strip()]
    if data.status == AppointmentStatus.DONE and not steps:
        errors["steps"] = "Bitte mindestens einen Schritt eintragen und wer ihn erledigt hat."
    if not 0 <= data.duration_minutes <= MAX_DURATION:
        errors["duration"] = "Die Dauer muss zwischen 0 Minuten und 12 Stunden liegen."
    if any(not t.text.strip() for t in data.tasks):
        errors["tasks"] = "Eine Folgeaufgabe hat keinen Text."
    return errors
