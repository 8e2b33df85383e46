"""Client and guide validation, and date parsing, as a guide types them."""

from datetime import date

import pytest

from lotsen_app.domain.clients import CaseClosing, ClientInput, validate_client, validate_closing
from lotsen_app.domain.dates import DateFormatError, parse_date, parse_date_or_year
from lotsen_app.domain.enums import ClosingReason
from lotsen_app.domain.guides import GuideInput, validate_guide
from lotsen_app.domain.passwords import validate_new_password

TODAY = date(2026, 11, 21)


def test_a_minimal_client_is_valid() -> None:
    assert validate_client(ClientInput("Ayşe", "Yılmaz"), TODAY) == {}


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"given_name": "  "}, "given_name", "Vornamen"),
        ({"family_name": ""}, "family_name", "Familiennamen"),
        ({"birth_date": date(2027, 1, 1)}, "birth", "Zukunft"),
        ({"birth_year": 1850}, "birth", "zwischen 1900"),
        ({"phone": "abc"}, "phone", "Ziffern"),
        ({"email": "name@"}, "email", "unvollständig"),
        ({"postal_code": "4711"}, "postal_code", "fünf Ziffern"),
        ({"languages": ("xx",)}, "languages", "Unbekannte Sprache"),
        ({"arrival_year": 2030}, "arrival_year", "zwischen 1950"),
        ({"arrival_year": 1990, "birth_year": 1995}, "arrival_year", "vor dem Geburtsjahr"),
        ({"given_name": "A" * 101}, "given_name", "länger"),
    ],
)
def test_invalid_fields_get_a_german_message(changes: dict, field: str, fragment: str) -> None:
    data = ClientInput(**{"given_name": "Ayşe", "family_name": "Yılmaz", **changes})
    errors = validate_client(data, TODAY)
    assert field in errors
    assert fragment in errors[field]


def test_normalised_trims_and_derives_birth_year() -> None:
    data = ClientInput(
        "  Olena ", " Iwanowa  ", birth_date=date(1990, 5, 4), languages=("uk", "uk", "de")
    )
    normalised = data.normalised()
    assert (normalised.given_name, normalised.family_name) == ("Olena", "Iwanowa")
    assert normalised.birth_year == 1990
    assert normalised.languages == ("uk", "de")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07.03.1985", date(1985, 3, 7)),
        ("7.3.1985", date(1985, 3, 7)),
        ("1985-03-07", date(1985, 3, 7)),
    ],
)
def test_parse_date_accepts_german_and_iso(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"), [("31.02.1980", "gibt es nicht"), ("gestern", "kein Datum")]
)
def test_parse_date_explains_bad_input(text: str, fragment: str) -> None:
    with pytest.raises(DateFormatError, match=fragment):
        parse_date(text)


def test_birth_may_be_a_year_only() -> None:
    assert parse_date_or_year("1985") == (None, 1985)
    assert parse_date_or_year("") == (None, None)
    assert parse_date_or_year("29.02.2000") == (date(2000, 2, 29), 2000)


def test_closing_cannot_precede_opening_or_lie_in_future() -> None:
    opened = date(2026, 3, 1)
    assert validate_closing(CaseClosing(date(2026, 2, 1), ClosingReason.MOVED_AWAY), opened, TODAY)
    assert validate_closing(CaseClosing(date(2026, 12, 1), ClosingReason.MOVED_AWAY), opened, TODAY)
    assert not validate_closing(
        CaseClosing(date(2026, 3, 1), ClosingReason.MOVED_AWAY), opened, TODAY
    )


def test_guide_validation() -> None:
    assert validate_guide(GuideInput("Anna", "Schmidt")) == {}
    assert set(validate_guide(GuideInput("", "Schmidt", email="x"))) == {"given_name", "email"}


def test_password_rules() -> None:
    assert validate_new_password("kurz", "kurz") is not None
    assert "überein" in (validate_new_password("langes-passwort", "anderes-passwort") or "")
    assert validate_new_password("langes-passwort", "langes-passwort") is None
