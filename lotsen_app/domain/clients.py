"""What a client record holds, and the rules for saving one."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from lotsen_app.domain.enums import ClientStatus, ClosingReason, FormOfAddress, Gender
from lotsen_app.domain.errors import ValidationError
from lotsen_app.domain.languages import LANGUAGES

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_PATTERN = re.compile(r"^[+0-9][0-9 /()\-]{4,30}$")
_POSTAL_CODE = re.compile(r"^\d{5}$")
EARLIEST_BIRTH_YEAR = 1900
EARLIEST_ARRIVAL_YEAR = 1950
MAX_NAME = 100
MAX_TEXT = 4000


@dataclass(frozen=True)
class ClientInput:
    """The fields a guide fills in; validated by :func:`validate_client`."""

    given_name: str
    family_name: str
    form_of_address: FormOfAddress = FormOfAddress.NEUTRAL
    birth_date: date | None = None
    birth_year: int | None = None
    gender: Gender | None = None
    phone: str = ""
    email: str = ""
    street: str = ""
    postal_code: str = ""
    city: str = ""
    district_id: int | None = None
    languages: tuple[str, ...] = ()
    preferred_language: str = "de"
    interpreter_needed: bool = False
    arrival_year: int | None = None
    strengths: str = ""
    goals_own_words: str = ""
    opened_on: date | None = None

    def normalised(self) -> ClientInput:
        """Trimmed text; the birth year follows from a full birth date."""
        from dataclasses import replace

        birth_year = self.birth_date.year if self.birth_date else self.birth_year
        return replace(
            self,
            given_name=" ".join(self.given_name.split()),
            family_name=" ".join(self.family_name.split()),
            phone=self.phone.strip(),
            email=self.email.strip(),
            street=self.street.strip(),
            postal_code=self.postal_code.strip(),
            city=self.city.strip(),
            strengths=self.strengths.strip(),
            goals_own_words=self.goals_own_words.strip(),
            birth_year=birth_year,
            languages=tuple(dict.fromkeys(code for code in self.languages if code)),
        )


def validate_name_and_contact(
    given_name: str, family_name: str, phone: str, email: str
) -> dict[str, str]:
    """The checks that clients and guides share."""
    errors: dict[str, str] = {}
    for key, value, label in (
        ("given_name", given_name, "Vornamen"),
        ("family_name", family_name, "Familiennamen"),
    ):
        if not value.strip():
            errors[key] = f"Bitte einen {label} eingeben."
        elif len(value) > MAX_NAME:
            errors[key] = f"Der Name ist länger als {MAX_NAME} Zeichen."
    if phone.strip() and not PHONE_PATTERN.match(phone.strip()):
        errors["phone"] = (
            "Die Telefonnummer darf nur Ziffern, Leerzeichen, +, /, ( ) und - enthalten."
        )
    if email.strip() and not EMAIL_PATTERN.match(email.strip()):
        errors["email"] = "Die E-Mail-Adresse ist unvollständig (Beispiel: name@beispiel.de)."
    return errors


def validate_client(data: ClientInput, today: date) -> dict[str, str]:
    """Field name -> German message for every field that cannot be saved as it is."""
    errors = validate_name_and_contact(data.given_name, data.family_name, data.phone, data.email)
    if data.birth_date is not None:
        if data.birth_date > today:
            errors["birth"] = "Das Geburtsdatum liegt in der Zukunft."
        elif data.birth_date.year < EARLIEST_BIRTH_YEAR:
            errors["birth"] = f"Das Geburtsdatum liegt vor {EARLIEST_BIRTH_YEAR}."
    elif data.birth_year is not None and not EARLIEST_BIRTH_YEAR <= data.birth_year <= today.year:
        errors["birth"] = (
            f"Das Geburtsjahr muss zwischen {EARLIEST_BIRTH_YEAR} und {today.year} liegen."
        )
    if data.postal_code.strip() and not _POSTAL_CODE.match(data.postal_code.strip()):
        errors["postal_code"] = "Die Postleitzahl hat fünf Ziffern."
    unknown = [code for code in data.languages if code not in LANGUAGES]
    if unknown:
        errors["languages"] = "Unbekannte Sprache: " + ", ".join(unknown)
    if data.preferred_language not in LANGUAGES:
        errors["preferred_language"] = "Bitte eine Sprache für Briefe wählen."
    if data.arrival_year is not None:
        if not EARLIEST_ARRIVAL_YEAR <= data.arrival_year <= today.year:
            errors["arrival_year"] = (
                f"Das Jahr der Ankunft muss zwischen {EARLIEST_ARRIVAL_YEAR} und {today.year} liegen."
            )
        else:
            born = data.birth_date.year if data.birth_date else data.birth_year
            if born is not None and data.arrival_year < born:
                errors["arrival_year"] = "Das Jahr der Ankunft liegt vor dem Geburtsjahr."
    if len(data.strengths) > MAX_TEXT:
        errors["strengths"] = f"Bitte höchstens {MAX_TEXT} Zeichen."
    if len(data.goals_own_words) > MAX_TEXT:
        errors["goals_own_words"] = f"Bitte höchstens {MAX_TEXT} Zeichen."
    if data.opened_on is not None and data.opened_on > today:
        errors["opened_on"] = "Der Beginn der Begleitung liegt in der Zukunft."
    return errors


def require_valid_client(data: ClientInput, today: date) -> ClientInput:
    normalised = data.normalised()
    errors = validate_client(normalised, today)
    if errors:
        raise ValidationError(errors)
    return normalised


@dataclass(frozen=True)
class CaseClosing:
    closed_on: date
    reason: ClosingReason
    note: str = ""


def validate_closing(closing: CaseClosing, opened_on: date | None, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if closing.closed_on > today:
        errors["closed_on"] = "Ein Fall kann nicht in der Zukunft abgeschlossen werden."
    elif opened_on is not None and closing.closed_on < opened_on:
        errors["closed_on"] = "Der Abschluss liegt vor dem Beginn der Begleitung."
    return errors


@dataclass(slots=True)
class ClientRow:
    """One line of the client list: everything the table shows, and the folded search text."""

    id: int
    given_name: str
    family_name: str
    birth_year: int | None
    phone: str
    district: str
    district_id: int | None
    status: ClientStatus
    lead_guide: str
    lead_guide_id: int | None
    guide_ids: frozenset[int] = field(default_factory=frozenset)
    preferred_language: str = "de"
    search_text: str = ""
    phone_digits: str = ""
    has_consent: bool = False  # a signed consent in force (the reminder when not)

    @property
    def full_name(self) -> str:
        return f"{self.family_name}, {self.given_name}"
