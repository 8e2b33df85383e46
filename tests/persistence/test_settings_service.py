"""The settings service on a real SQLite file: sender of letters, logo, retention period."""

from __future__ import annotations

import sqlite3

import pytest

from lotsen_app.domain.errors import ValidationError
from lotsen_app.services.container import Services
from lotsen_app.services.settings import (
    DEFAULT_ORGANISATION_ADDRESS,
    DEFAULT_ORGANISATION_NAME,
    DEFAULT_ORGANISATION_PHONE,
    MAX_LOGO_BYTES,
    OrganisationFields,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 100
GIF = b"GIF89a" + b"\x00" * 100


def _settings_rows(services: Services) -> dict[str, str]:
    connection = sqlite3.connect(services.database.path)
    try:
        return dict(connection.execute("SELECT key, value FROM setting").fetchall())
    finally:
        connection.close()


def _audit_rows(services: Services) -> list[tuple[str, str, object, str]]:
    connection = sqlite3.connect(services.database.path)
    try:
        return connection.execute(
            "SELECT action, entity, entity_id, detail FROM audit_entry ORDER BY id"
        ).fetchall()
    finally:
        connection.close()


def test_placeholders_until_a_sender_is_entered(services: Services) -> None:
    settings = services.settings
    assert not settings.organisation_configured()
    assert settings.organisation_name() == DEFAULT_ORGANISATION_NAME
    assert settings.organisation_address() == DEFAULT_ORGANISATION_ADDRESS
    assert settings.organisation_phone() == DEFAULT_ORGANISATION_PHONE
    assert settings.organisation_fields() == OrganisationFields("", "", "")
    assert settings.organisation_logo() is None
    assert settings.retention_years() == 3


def test_sender_round_trip_with_normalised_address(services: Services) -> None:
    settings = services.settings
    settings.set_organisation(
        "  Integrationslotsen Duisburg e. V. ",
        "Musterweg 5\r\n\r\n  47051 Duisburg  \n",
        " +49 (203) 123-456/7 ",
    )
    assert settings.organisation_configured()
    assert settings.organisation_name() == "Integrationslotsen Duisburg e. V."
    assert settings.organisation_address() == "Musterweg 5\n47051 Duisburg"
    assert settings.organisation_phone() == "+49 (203) 123-456/7"
    assert settings.organisation_fields() == OrganisationFields(
        "Integrationslotsen Duisburg e. V.", "Musterweg 5\n47051 Duisburg", "+49 (203) 123-456/7"
    )
    # Address and phone may be left empty; the letters then show the placeholders.
    settings.set_organisation("Caritas Duisburg", "", "")
    assert settings.organisation_configured()
    assert settings.organisation_address() == DEFAULT_ORGANISATION_ADDRESS
    assert settings.organisation_phone() == DEFAULT_ORGANISATION_PHONE
    assert settings.organisation_fields().address == ""


@pytest.mark.parametrize(
    ("name", "address", "phone", "field", "message"),
    [
        ("", "", "", "name", "Bitte den Namen der Organisation eintragen"),
        ("   ", "Musterweg 5", "0203 1", "name", "Bitte den Namen der Organisation eintragen"),
        ("x" * 201, "", "", "name", "höchstens 200 Zeichen"),
        ("Erste\nZweite", "", "", "name", "in eine Zeile"),
        ("Lotsen", "a" * 301, "", "address", "höchstens 300 Zeichen"),
        ("Lotsen", "", "0203 12345 ext. 7", "phone", "nur Ziffern, Leerzeichen und + - / ( )"),
        ("Lotsen", "", "0203#12", "phone", "nur Ziffern"),
        ("Lotsen", "", "1" * 41, "phone", "höchstens 40 Zeichen"),
        ("Lotsen", "", "+ / -", "phone", "keine Ziffer"),
    ],
)
def test_each_invalid_field_has_a_german_message_and_nothing_is_written(
    services: Services, name: str, address: str, phone: str, field: str, message: str
) -> None:
    settings = services.settings
    settings.set_organisation("Alter Name", "Altstraße 1", "0203 1")
    before = _settings_rows(services)
    with pytest.raises(ValidationError) as raised:
        settings.set_organisation(name, address, phone)
    assert list(raised.value.errors) == [field]
    assert message in raised.value.errors[field]
    assert _settings_rows(services) == before
    assert settings.organisation_name() == "Alter Name"


def test_limits_are_inclusive(services: Services) -> None:
    services.settings.set_organisation("n" * 200, "a" * 300, "1" * 40)
    assert services.settings.organisation_name() == "n" * 200


def test_several_errors_at_once(services: Services) -> None:
    with pytest.raises(ValidationError) as raised:
        services.settings.set_organisation("", "a" * 400, "abc")
    assert set(raised.value.errors) == {"name", "address", "phone"}
    assert not services.settings.organisation_configured()


def test_logo_round_trip_removal_and_base64_storage(services: Services) -> None:
    settings = services.settings
    settings.set_organisation_logo(PNG)
    assert settings.organisation_logo() == PNG
    stored = _settings_rows(services)["organisation_logo"]
    assert stored.isascii() and not stored.startswith("\x89")
    settings.set_organisation_logo(JPEG)
    assert settings.organisation_logo() == JPEG
    settings.set_organisation_logo(None)
    assert settings.organisation_logo() is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (GIF, "PNG- oder JPEG-Bild"),
        (b"", "PNG- oder JPEG-Bild"),
        (b"%PDF-1.7" + b"\x00" * 10, "PNG- oder JPEG-Bild"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * MAX_LOGO_BYTES, "höchstens 1 MB"),
    ],
)
def test_logo_must_be_png_or_jpeg_up_to_one_megabyte(
    services: Services, data: bytes, message: str
) -> None:
    settings = services.settings
    settings.set_organisation_logo(PNG)
    with pytest.raises(ValidationError) as raised:
        settings.set_organisation_logo(data)
    assert list(raised.value.errors) == ["logo"]
    assert message in raised.value.errors["logo"]
    assert settings.organisation_logo() == PNG


def test_logo_of_exactly_one_megabyte_is_accepted(services: Services) -> None:
    data = JPEG[:4] + b"\x00" * (MAX_LOGO_BYTES - 4)
    services.settings.set_organisation_logo(data)
    assert services.settings.organisation_logo() == data


def test_retention_years(services: Services) -> None:
    settings = services.settings
    settings.set_retention_years(1)
    assert settings.retention_years() == 1
    settings.set_retention_years(10)
    assert settings.retention_years() == 10
    for wrong in (0, 11, -3, True):
        with pytest.raises(ValidationError) as raised:
            settings.set_retention_years(wrong)
        assert "zwischen 1 und 10 Jahren" in raised.value.errors["retention_years"]
    assert settings.retention_years() == 10


def test_save_letter_settings_is_all_or_nothing(services: Services) -> None:
    settings = services.settings
    settings.save_letter_settings("Lotsen e. V.", "Weg 1\n47051 Duisburg", "0203 1", PNG, 5)
    before = _settings_rows(services)
    with pytest.raises(ValidationError) as raised:
        settings.save_letter_settings("Neuer Name", "Neuer Weg 2", "0203 2", GIF, 0)
    assert set(raised.value.errors) == {"logo", "retention_years"}
    with pytest.raises(ValidationError) as raised:
        settings.save_letter_settings("Neuer Name", "Neuer Weg 2", "Telefon", None, 4)
    assert set(raised.value.errors) == {"phone"}
    assert _settings_rows(services) == before
    assert settings.organisation_logo() == PNG
    assert settings.retention_years() == 5
    settings.save_letter_settings("Neuer Name", "Neuer Weg 2", "0203 2", None, 4)
    assert settings.organisation_name() == "Neuer Name"
    assert settings.organisation_logo() is None
    assert settings.retention_years() == 4


def test_changes_are_audited_without_their_values(services: Services) -> None:
    settings = services.settings
    settings.set_organisation("Lotsen e. V.", "Weg 1", "0203 1")
    settings.set_organisation("Lotsen e. V.", "Weg 1", "0203 1")  # unchanged: no entry
    settings.set_organisation_logo(PNG)
    settings.set_organisation_logo(None)
    settings.set_retention_years(4)
    settings.set_state("BY")
    rows = _audit_rows(services)
    assert rows == [
        ("geändert", "setting", None, "Absender"),
        ("geändert", "setting", None, "Logo"),
        ("geändert", "setting", None, "Logo entfernt"),
        ("geändert", "setting", None, "Aufbewahrungsfrist"),
        ("geändert", "setting", None, "Bundesland"),
    ]
    assert all("Lotsen" not in str(row) and "0203" not in str(row) for row in rows)


def test_the_old_import_path_still_works() -> None:
    from lotsen_app.services import deadlines, settings

    assert deadlines.SettingsService is settings.SettingsService
