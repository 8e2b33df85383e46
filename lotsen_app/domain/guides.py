"""Guides (Lotsinnen und Lotsen)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from lotsen_app.domain.clients import validate_name_and_contact
from lotsen_app.domain.errors import ValidationError
from lotsen_app.domain.languages import LANGUAGES


@dataclass(frozen=True)
class GuideInput:
    given_name: str
    family_name: str
    phone: str = ""
    email: str = ""
    languages: tuple[str, ...] = ("de",)
    active: bool = True
    is_coordinator: bool = False


@dataclass(frozen=True)
class GuideRow:
    id: int
    given_name: str
    family_name: str
    phone: str
    email: str
    languages: tuple[str, ...]
    active: bool
    is_coordinator: bool
    caseload: int

    @property
    def display_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


def validate_guide(data: GuideInput) -> dict[str, str]:
    errors = validate_name_and_contact(data.given_name, data.family_name, data.phone, data.email)
    unknown = [code for code in data.languages if code not in LANGUAGES]
    if unknown:
        errors["languages"] = "Unbekannte Sprache: " + ", ".join(unknown)
    return errors


def require_valid_guide(data: GuideInput) -> GuideInput:
    normalised = replace(
        data,
        given_name=" ".join(data.given_name.split()),
        family_name=" ".join(data.family_name.split()),
        phone=data.phone.strip(),
        email=data.email.strip(),
        languages=tuple(dict.fromkeys(data.languages)),
    )
    errors = validate_guide(normalised)
    if errors:
        raise ValidationError(errors)
    return normalised
