"""Retention and erasure rules (DSGVO Art. 5(1)e, Art. 17) and the audit log's German labels.

Pure rules, no database: when a closed case is due for erasure, how a person's name is removed
from the free text of records that stay for other people (a family contact), and what the
audit log calls the kinds of records.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import date

from lotsen_app.domain.enums import ClientStatus
from lotsen_app.domain.names import fold

#: What a removed name is replaced with in the text of records that stay.
REDACTED = "[gelöscht]"
#: The audit action of an erasure.
ERASED_ACTION = "gelöscht"

#: German names of the record kinds in the audit log ("entity" column).
ENTITY_LABELS: dict[str, str] = {
    "client": "Klient:in",
    "contact": "Kontakt",
    "appointment": "Termin",
    "letter": "Brief",
    "deadline": "Frist",
    "goal": "Ziel",
    "task": "Aufgabe",
    "guide": "Lotse/Lotsin",
    "district": "Stadtteil",
    "assignment": "Zuordnung",
    "authority": "Behörde",
    "consent": "Einwilligung",
    "setting": "Einstellung",
    "procedure_template": "Checkliste",
    "volunteer_entry": "Ehrenamtszeit",
    "monatsuebersicht": "Monatsübersicht",
    "lotsenbericht": "Lotsenbericht",
    "database": "Datenbank",
    "backup": "Sicherung",
    "export": "Auskunft",
}

# Name particles that alone say nothing about a person and occur in ordinary words.
_PARTICLES = frozenset(
    {"al", "el", "bin", "ben", "ibn", "da", "de", "del", "der", "den", "di", "du"}
    | {"la", "le", "van", "von", "zu", "y"}
)


def entity_label(entity: str) -> str:
    """German name of a record kind; the stored word itself for a kind not known here."""
    return ENTITY_LABELS.get(entity, entity)


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def last_contact(
    closed_on: date | None, last_contact_on: date | None, last_appointment_on: date | None
) -> date | None:
    """The newest of: the last contact, the last appointment, the day the case was closed."""
    days = [day for day in (closed_on, last_contact_on, last_appointment_on) if day is not None]
    return max(days) if days else None


def retention_due_since(last: date, retention_years: int) -> date:
    """The day the retention period ends: ``retention_years`` after the last contact."""
    return add_years(last, retention_years)


def is_due_for_erasure(
    status: ClientStatus, closed_on: date | None, last: date | None, years: int, today: date
) -> bool:
    """A closed case (with its closing day) whose retention period ended before today.
    Active and paused cases are never due, however old their last contact."""
    if status != ClientStatus.CLOSED or closed_on is None or last is None:
        return False
    return retention_due_since(last, years) < today


def distinct_ids(client_ids: Iterable[int]) -> list[int]:
    """The ids once each, in the order given."""
    return list(dict.fromkeys(client_ids))


def validate_erasure(client_ids: list[int], confirmed_count: int) -> dict[str, str]:
    """The number the user confirmed must be the number of people to erase."""
    if not client_ids:
        return {"clients": "Bitte mindestens eine Person zum Löschen auswählen."}
    if confirmed_count != len(client_ids):
        return {
            "confirmed_count": (
                f"Bestätigt wurde das Löschen von {confirmed_count} "
                f"{_people(confirmed_count)}, ausgewählt sind aber {len(client_ids)}. "
                "Es wurde nichts gelöscht."
            )
        }
    return {}


def _people(count: int) -> str:
    return "Person" if count == 1 else "Personen"


def erasure_detail(records: int) -> str:
    """The audit detail of one erasure: how many linked records went, never a name."""
    return f"Löschung (Art. 17): {records} verknüpfte Einträge"


def name_parts(given_name: str, family_name: str) -> list[str]:
    """The words of a name worth removing: both names whole and each word of them except
    particles ("von", "al") and single letters."""
    parts = [given_name.strip(), family_name.strip()]
    for name in (given_name, family_name):
        words = name.replace("-", " ").split()
        if len(words) > 1:
            parts.extend(words)
    return [part for part in dict.fromkeys(parts) if len(part) > 1 and fold(part) not in _PARTICLES]


def full_names(given_name: str, family_name: str) -> list[str]:
    """The name as a whole, in both orders ("Anna Muster", "Muster, Anna", "Muster Anna")."""
    given, family = given_name.strip(), family_name.strip()
    if not given or not family:
        return [name for name in (given, family) if len(name) > 1]
    return [f"{given} {family}", f"{family}, {given}", f"{family} {given}"]


def name_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern for these names as whole words (any case, flexible spaces, with a genitive
    "s"); None when there is nothing to look for."""
    alternatives = sorted({name for name in names if name.strip()}, key=len, reverse=True)
    if not alternatives:
        return None
    escaped = [r"\s+".join(re.escape(word) for word in name.split()) for name in alternatives]
    return re.compile(r"(?<!\w)(?:" + "|".join(escaped) + r")(?:s|'s|’s)?(?!\w)", re.IGNORECASE)


def scrub(text: str, pattern: re.Pattern[str] | None) -> str:
    """``text`` with every match of ``pattern`` replaced by ``[gelöscht]``."""
    if pattern is None or not text:
        return text
    return pattern.sub(REDACTED, text)


def scrub_json_texts(stored: str, pattern: re.Pattern[str] | None) -> str:
    """A checklist stored as JSON: the names removed from its texts, the JSON kept valid."""
    if pattern is None or not stored.strip():
        return stored
    try:
        items = json.loads(stored)
    except ValueError:
        return scrub(stored, pattern)
    if not isinstance(items, list):
        return scrub(stored, pattern)
    changed = False
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("text"), str):
            cleaned = scrub(item["text"], pattern)
            if cleaned != item["text"]:
                item["text"] = cleaned
                changed = True
    if not changed:
        return stored
    return json.dumps(items, ensure_ascii=False)


def kept_record_pattern(
    given_name: str, family_name: str, other_names: Iterable[tuple[str, str]]
) -> re.Pattern[str] | None:
    """What to remove from a record that stays for other people (a family contact): the
    erased person's full name and each of their names, except a name one of the others
    shares (the sibling's family name stays: it is the sibling's name too)."""
    kept = {fold(word) for given, family in other_names for word in name_parts(given, family)}
    names = full_names(given_name, family_name)
    names.extend(part for part in name_parts(given_name, family_name) if fold(part) not in kept)
    return name_pattern(names)
