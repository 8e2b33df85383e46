"""A client's consent (DSGVO Art. 6/9): what was agreed, on which form (version, language).

The printed form (``lotsen_app.letters.consent``) has three boxes: storing the data for the
accompaniment, the topic health, talking to authorities for the client. A consent is recorded
only when the first box was ticked: without it nothing may be stored. The record names the
version and language of the form the client signed, so it is always clear what they read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lotsen_app.domain.languages import LETTER_LANGUAGES, language_name

#: The scope every recorded consent has: the data of the accompaniment (the form's first box).
SCOPE_ACCOMPANIMENT = "begleitung"
SCOPE_HEALTH = "gesundheit"
SCOPE_AUTHORITIES = "aemter"


@dataclass(frozen=True)
class NewConsent:
    client_id: int
    given_on: date
    sheet_version: str
    sheet_language: str
    storage_allowed: bool = True
    health_allowed: bool = False
    authority_contact_allowed: bool = False

    @property
    def scope(self) -> tuple[str, ...]:
        scope = [SCOPE_ACCOMPANIMENT]
        if self.health_allowed:
            scope.append(SCOPE_HEALTH)
        if self.authority_contact_allowed:
            scope.append(SCOPE_AUTHORITIES)
        return tuple(scope)


@dataclass(frozen=True)
class ConsentRow:
    id: int
    client_id: int
    given_on: date
    scope: tuple[str, ...]
    health_allowed: bool
    authority_contact_allowed: bool
    sheet_version: str
    sheet_language: str
    withdrawn_on: date | None

    @property
    def active(self) -> bool:
        return self.withdrawn_on is None

    @property
    def summary(self) -> str:
        """German, e.g. "Einwilligung vom 21.11.2026 (Fassung 2026-11, Deutsch und Arabisch)"."""
        language = "Deutsch"
        if self.sheet_language != "de":
            language += f" und {language_name(self.sheet_language)}"
        text = (
            f"Einwilligung vom {self.given_on:%d.%m.%Y} (Fassung {self.sheet_version}, {language})"
        )
        agreed = [
            label
            for allowed, label in (
                (self.health_allowed, "Thema Gesundheit"),
                (self.authority_contact_allowed, "Gespräche mit Ämtern"),
            )
            if allowed
        ]
        if agreed:
            text += "; auch: " + ", ".join(agreed)
        if self.withdrawn_on is not None:
            text += f"; widerrufen am {self.withdrawn_on:%d.%m.%Y}"
        return text


def validate_consent(data: NewConsent, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not data.storage_allowed:
        errors["storage"] = (
            "Ohne Zustimmung zur Speicherung (erstes Kästchen) wird keine Einwilligung "
            "erfasst. Dann dürfen über die Person keine Daten gespeichert werden."
        )
    if data.given_on > today:
        errors["given_on"] = "Das Datum der Unterschrift liegt in der Zukunft."
    elif data.given_on < date(2000, 1, 1):
        errors["given_on"] = "Das Datum der Unterschrift liegt vor 2000."
    if not data.sheet_version.strip() or len(data.sheet_version) > 20:
        errors["sheet_version"] = "Bitte die Fassung des Formulars angeben (höchstens 20 Zeichen)."
    if data.sheet_language not in LETTER_LANGUAGES:
        errors["sheet_language"] = (
            f"Das Formular gibt es nicht in der Sprache „{data.sheet_language}“."
        )
    return errors


def validate_withdrawal(row: ConsentRow, on: date, today: date) -> dict[str, str]:
    if row.withdrawn_on is not None:
        return {"withdrawn_on": "Diese Einwilligung ist schon widerrufen."}
    if on > today:
        return {"withdrawn_on": "Das Datum des Widerrufs liegt in der Zukunft."}
    if on < row.given_on:
        return {"withdrawn_on": "Der Widerruf liegt vor dem Tag der Einwilligung."}
    return {}


CONSENT_MISSING = (
    "Keine Einwilligung erfasst: Bitte das Formular drucken (Brief drucken → Einwilligung) und "
    "die Unterschrift erfassen (Weitere → Unterschriebene Einwilligung erfassen). Bis dahin "
    "kein Thema Gesundheit."
)


def health_topic_error(missing: list[str]) -> dict[str, str]:
    """Art. 9: the topic health only for people whose current consent allows it.

    ``missing`` are the names of the people covered without such a consent (shown in the GUI
    only, never logged). Empty when everyone covered has consented.
    """
    if not missing:
        return {}
    who = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " und " + missing[-1]
    return {
        "topics": (
            f"Das Thema Gesundheit darf nur mit Einwilligung erfasst werden; für {who} ist keine "
            "erfasst, die es erlaubt. Bitte das Thema abwählen oder zuerst die unterschriebene "
            "Einwilligung erfassen (Klient:innen → Brief drucken → Unterschrift erfassen)."
        )
    }
