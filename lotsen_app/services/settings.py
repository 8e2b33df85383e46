"""Installation-wide settings: the federal state for deadlines, the sender of letters (name,
address, phone, logo) and how long personal data is kept after the last contact."""

from __future__ import annotations

import base64
import binascii
import getpass
import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from lotsen_app.domain.deadlines import STATES
from lotsen_app.domain.errors import ValidationError
from lotsen_app.persistence.repositories import SettingRepository, record_audit
from lotsen_app.services.base import Service

STATE_SETTING = "bundesland"
DEFAULT_STATE = "NW"
# Sender of the letters to clients (issue 5); placeholders until entered in the settings.
ORGANISATION_NAME_SETTING = "organisation_name"
ORGANISATION_ADDRESS_SETTING = "organisation_address"
ORGANISATION_PHONE_SETTING = "organisation_phone"
ORGANISATION_LOGO_SETTING = "organisation_logo"
DEFAULT_ORGANISATION_NAME = "Integrationslotsen (bitte in den Einstellungen eintragen)"
DEFAULT_ORGANISATION_ADDRESS = "Anschrift bitte in den Einstellungen eintragen"
DEFAULT_ORGANISATION_PHONE = "Telefon bitte in den Einstellungen eintragen"
MAX_NAME_LENGTH = 200
MAX_ADDRESS_LENGTH = 300
MAX_PHONE_LENGTH = 40
MAX_LOGO_BYTES = 1024 * 1024
# Retention of personal data after the last contact (DSGVO; the consent form prints it).
RETENTION_SETTING = "retention_years"
DEFAULT_RETENTION_YEARS = 3
MIN_RETENTION_YEARS = 1
MAX_RETENTION_YEARS = 10

_PHONE = re.compile(r"^[0-9 +\-/()]*$")
_LOGO_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


@dataclass(frozen=True)
class OrganisationFields:
    """The sender exactly as entered ("" where nothing is entered), for the settings form."""

    name: str = ""
    address: str = ""
    phone: str = ""


def normalise_address(address: str) -> str:
    """One line per address line: trimmed, empty lines dropped, Windows line ends unified."""
    lines = (line.strip() for line in address.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def validate_organisation(name: str, address: str, phone: str) -> dict[str, str]:
    """German messages by field ("name", "address", "phone"); empty when all is fine."""
    errors: dict[str, str] = {}
    name = name.strip()
    if not name:
        errors["name"] = "Bitte den Namen der Organisation eintragen; er steht auf jedem Brief."
    elif "\n" in name or "\r" in name:
        errors["name"] = "Der Name muss in eine Zeile passen."
    elif len(name) > MAX_NAME_LENGTH:
        errors["name"] = f"Der Name ist zu lang (höchstens {MAX_NAME_LENGTH} Zeichen)."
    if len(normalise_address(address)) > MAX_ADDRESS_LENGTH:
        errors["address"] = f"Die Anschrift ist zu lang (höchstens {MAX_ADDRESS_LENGTH} Zeichen)."
    phone = phone.strip()
    if len(phone) > MAX_PHONE_LENGTH:
        errors["phone"] = f"Die Telefonnummer ist zu lang (höchstens {MAX_PHONE_LENGTH} Zeichen)."
    elif not _PHONE.match(phone):
        errors["phone"] = "Die Telefonnummer darf nur Ziffern, Leerzeichen und + - / ( ) enthalten."
    elif phone and not any(character.isdigit() for character in phone):
        errors["phone"] = "Die Telefonnummer enthält keine Ziffer."
    return errors


def logo_mime_type(data: bytes) -> str | None:
    """ "image/png" or "image/jpeg" by the first bytes; None for anything else."""
    for signature, mime in _LOGO_SIGNATURES:
        if data.startswith(signature):
            return mime
    return None


def validate_logo(data: bytes) -> dict[str, str]:
    """{"logo": German message} unless ``data`` is a PNG or JPEG of at most 1 MB."""
    if logo_mime_type(data) is None:
        return {"logo": "Das Logo muss ein PNG- oder JPEG-Bild sein."}
    if len(data) > MAX_LOGO_BYTES:
        return {"logo": "Das Logo ist zu groß (höchstens 1 MB). Bitte ein kleineres Bild wählen."}
    return {}


def validate_retention_years(years: int) -> dict[str, str]:
    if (
        isinstance(years, bool)
        or not isinstance(years, int)
        or not MIN_RETENTION_YEARS <= years <= MAX_RETENTION_YEARS
    ):
        return {
            "retention_years": (
                f"Die Aufbewahrungsfrist muss zwischen {MIN_RETENTION_YEARS} und "
                f"{MAX_RETENTION_YEARS} Jahren liegen."
            )
        }
    return {}


USER_NAME_SETTING = "user_name"
MAX_USER_NAME = 100


def default_user_name() -> str:
    """The login name of the computer account: who works here unless a name is entered."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return ""


def validate_user_name(name: str) -> dict[str, str]:
    if len(name.strip()) > MAX_USER_NAME or any(ch in name for ch in "\r\n\t"):
        return {
            "user_name": f"Der Name darf höchstens {MAX_USER_NAME} Zeichen auf einer Zeile haben."
        }
    return {}


LOCK_MINUTES_SETTING = "lock_minutes"
DEFAULT_LOCK_MINUTES = 10
MAX_LOCK_MINUTES = 240


def validate_lock_minutes(minutes: int) -> dict[str, str]:
    """0 switches the lock off; otherwise 1 to 240 minutes without input."""
    if (
        isinstance(minutes, bool)
        or not isinstance(minutes, int)
        or not 0 <= minutes <= MAX_LOCK_MINUTES
    ):
        return {
            "lock_minutes": (
                f"Die Sperrzeit muss zwischen 1 und {MAX_LOCK_MINUTES} Minuten liegen "
                "(0 schaltet die Sperre aus)."
            )
        }
    return {}


class SettingsService(Service):
    def state(self) -> str:
        """The federal state whose holidays count unless a deadline says otherwise."""
        with self.database.session() as session:
            return SettingRepository(session).get(STATE_SETTING, DEFAULT_STATE)

    def set_state(self, state: str) -> None:
        if state not in STATES:
            raise ValidationError({"state": f"Unbekanntes Bundesland: {state}"})
        with self.database.session() as session:
            SettingRepository(session).set(STATE_SETTING, state)
            self._audit(session, "Bundesland")

    def _text(self, key: str, default: str) -> str:
        with self.database.session() as session:
            return SettingRepository(session).get(key, default).strip() or default

    def organisation_name(self) -> str:
        """The sender of letters to clients."""
        return self._text(ORGANISATION_NAME_SETTING, DEFAULT_ORGANISATION_NAME)

    def organisation_address(self) -> str:
        """Street, postcode and town of the sender; lines separated by newlines or commas."""
        return self._text(ORGANISATION_ADDRESS_SETTING, DEFAULT_ORGANISATION_ADDRESS)

    def organisation_phone(self) -> str:
        """The number clients call to cancel an appointment."""
        return self._text(ORGANISATION_PHONE_SETTING, DEFAULT_ORGANISATION_PHONE)

    def organisation_configured(self) -> bool:
        """True once a sender name has been saved (until then letters show placeholders)."""
        return bool(self.organisation_fields().name)

    def organisation_fields(self) -> OrganisationFields:
        """Name, address and phone as entered, without placeholders ("" when not entered)."""
        with self.database.session() as session:
            settings = SettingRepository(session)
            return OrganisationFields(
                name=settings.get(ORGANISATION_NAME_SETTING).strip(),
                address=settings.get(ORGANISATION_ADDRESS_SETTING).strip(),
                phone=settings.get(ORGANISATION_PHONE_SETTING).strip(),
            )

    def set_organisation(self, name: str, address: str, phone: str) -> None:
        """Save the sender; ValidationError by field ("name", "address", "phone")."""
        errors = validate_organisation(name, address, phone)
        if errors:
            raise ValidationError(errors)
        with self.database.session() as session:
            self._store_organisation(session, name, address, phone)

    def organisation_logo(self) -> bytes | None:
        """The sender's logo (PNG or JPEG bytes), None when there is none."""
        with self.database.session() as session:
            stored = SettingRepository(session).get(ORGANISATION_LOGO_SETTING).strip()
        if not stored:
            return None
        try:
            data = base64.b64decode(stored, validate=True)
        except (binascii.Error, ValueError):
            return None
        return data if logo_mime_type(data) else None

    def set_organisation_logo(self, data: bytes | None) -> None:
        """Save the logo (PNG or JPEG, at most 1 MB); None removes it."""
        if data is not None:
            errors = validate_logo(data)
            if errors:
                raise ValidationError(errors)
        with self.database.session() as session:
            self._store_logo(session, data)

    def retention_years(self) -> int:
        """Years personal data is kept after the last contact (default 3)."""
        with self.database.session() as session:
            stored = SettingRepository(session).get(RETENTION_SETTING).strip()
        try:
            years = int(stored)
        except ValueError:
            return DEFAULT_RETENTION_YEARS
        return years if not validate_retention_years(years) else DEFAULT_RETENTION_YEARS

    def set_retention_years(self, years: int) -> None:
        errors = validate_retention_years(years)
        if errors:
            raise ValidationError(errors)
        with self.database.session() as session:
            self._store_retention(session, years)

    def user_name(self) -> str:
        """Who works with this database: the "Wer" of the audit log (default: the login name)."""
        with self.database.session() as session:
            stored = SettingRepository(session).get(USER_NAME_SETTING).strip()
        return stored or default_user_name()

    def set_user_name(self, name: str) -> None:
        errors = validate_user_name(name)
        if errors:
            raise ValidationError(errors)
        with self.database.session() as session:
            SettingRepository(session).set(USER_NAME_SETTING, name.strip())
            self._audit(session, "Name für das Protokoll")
        self.database.actor = self.user_name()

    def record_database_event(self, action: str, detail: str) -> None:
        """An audit line about the file itself: "Passwort geändert", "zurückgespielt" (with the
        backup's file name, never personal data)."""
        with self.database.session() as session:
            record_audit(
                session,
                at=self.now(),
                action=action,
                entity="database",
                entity_id=None,
                detail=detail,
            )

    def lock_minutes(self) -> int:
        """Minutes without input until the program locks itself (default 10, 0 = never)."""
        with self.database.session() as session:
            stored = SettingRepository(session).get(LOCK_MINUTES_SETTING).strip()
        try:
            minutes = int(stored)
        except ValueError:
            return DEFAULT_LOCK_MINUTES
        return minutes if not validate_lock_minutes(minutes) else DEFAULT_LOCK_MINUTES

    def set_lock_minutes(self, minutes: int) -> None:
        errors = validate_lock_minutes(minutes)
        if errors:
            raise ValidationError(errors)
        with self.database.session() as session:
            SettingRepository(session).set(LOCK_MINUTES_SETTING, str(minutes))
            self._audit(session, "Sperrzeit")

    def save_letter_settings(
        self,
        name: str,
        address: str,
        phone: str,
        logo: bytes | None,
        retention_years: int,
    ) -> None:
        """The settings form in one go: every field checked first, then all saved in one
        transaction, or nothing (ValidationError with every field's message)."""
        errors = validate_organisation(name, address, phone)
        if logo is not None:
            errors.update(validate_logo(logo))
        errors.update(validate_retention_years(retention_years))
        if errors:
            raise ValidationError(errors)
        with self.database.session() as session:
            self._store_organisation(session, name, address, phone)
            if logo != self._stored_logo_bytes(session):
                self._store_logo(session, logo)
            if SettingRepository(session).get(RETENTION_SETTING) != str(retention_years):
                self._store_retention(session, retention_years)

    def _store_organisation(self, session: Session, name: str, address: str, phone: str) -> None:
        settings = SettingRepository(session)
        values = {
            ORGANISATION_NAME_SETTING: name.strip(),
            ORGANISATION_ADDRESS_SETTING: normalise_address(address),
            ORGANISATION_PHONE_SETTING: phone.strip(),
        }
        if all(settings.get(key) == value for key, value in values.items()):
            return
        for key, value in values.items():
            settings.set(key, value)
        self._audit(session, "Absender")

    def _stored_logo_bytes(self, session: Session) -> bytes | None:
        stored = SettingRepository(session).get(ORGANISATION_LOGO_SETTING).strip()
        try:
            return base64.b64decode(stored, validate=True) if stored else None
        except (binascii.Error, ValueError):
            return None

    def _store_logo(self, session: Session, data: bytes | None) -> None:
        encoded = base64.b64encode(data).decode("ascii") if data is not None else ""
        SettingRepository(session).set(ORGANISATION_LOGO_SETTING, encoded)
        self._audit(session, "Logo entfernt" if data is None else "Logo")

    def _store_retention(self, session: Session, years: int) -> None:
        SettingRepository(session).set(RETENTION_SETTING, str(years))
        self._audit(session, "Aufbewahrungsfrist")

    def _audit(self, session: Session, what: str) -> None:
        """Which setting changed, never its value."""
        record_audit(
            session, at=self.now(), action="geändert", entity="setting", entity_id=None, detail=what
        )
