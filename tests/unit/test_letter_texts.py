"""GIVEN the letter texts under resources/letters WHEN they are loaded and the template is
rendered THEN every language has every sentence with its placeholders and a [meta] block, only
German is marked as reviewed, and the template needs no variable it is not given."""

from __future__ import annotations

import tomllib
from datetime import date, datetime, time

import jinja2
import pytest

from lotsen_app.domain.appointments import AppointmentRow, AuthorityData, ChecklistItem, ClientRef
from lotsen_app.domain.enums import AppointmentMode, AppointmentStatus
from lotsen_app.domain.languages import LETTER_LANGUAGES
from lotsen_app.letters import (
    LETTER_KEYS,
    LetterTextError,
    Organisation,
    appointment_letter_html,
    letters_dir,
    load_texts,
    text_problems,
)


def _data(code: str) -> dict[str, object]:
    with (letters_dir() / "texts" / f"{code}.toml").open("rb") as handle:
        return tomllib.load(handle)


def test_there_is_one_file_per_letter_language_and_no_other() -> None:
    files = {path.stem for path in (letters_dir() / "texts").glob("*.toml")}
    assert files == set(LETTER_LANGUAGES)
    assert len(files) == 12


@pytest.mark.parametrize("code", LETTER_LANGUAGES)
def test_every_language_has_every_key_and_a_meta_block(code: str) -> None:
    data = _data(code)
    assert text_problems(code, data) == []
    assert set(data["appointment"]) == set(LETTER_KEYS["appointment"])  # type: ignore[arg-type]
    texts = load_texts(code)
    assert texts.language
    assert texts.reviewed is (code == "de")
    assert texts.rtl is (code in ("ar", "fa"))


def test_german_is_reviewed_the_others_are_marked_unreviewed() -> None:
    assert load_texts("de").reviewed
    assert [c for c in LETTER_LANGUAGES if load_texts(c).reviewed] == ["de"]


def test_a_missing_key_a_lost_placeholder_and_a_typo_are_reported_in_german() -> None:
    data = _data("tr")
    table = dict(data["appointment"])  # type: ignore[call-overload]
    del table["closing"]
    table["cancel"] = "Lütfen arayın."
    table["clsoing"] = "x"
    problems = text_problems("tr", {**data, "appointment": table})
    assert "tr: [appointment] closing fehlt." in problems
    assert any("cancel: Platzhalter {phone} erwartet" in p for p in problems)
    assert any("clsoing ist unbekannt" in p for p in problems)
    assert text_problems("tr", {"appointment": {}})[0] == "tr: der Abschnitt [meta] fehlt."


def test_unknown_language_lists_the_twelve_codes() -> None:
    with pytest.raises(LetterTextError, match="Möglich sind: de, en, tr, ar"):
        load_texts("xx")


def _row() -> AppointmentRow:
    return AppointmentRow(
        id=7,
        starts_at=datetime(2026, 12, 5, 9, 30),
        duration_minutes=60,
        status=AppointmentStatus.PLANNED,
        mode=AppointmentMode.INTERPRETER,
        clients=(ClientRef(1, "Amal", "Haddad"),),
        guide_name="Anna Schmidt",
        authority=AuthorityData(name="Jobcenter <Duisburg>", street="Königstraße 1", room="B 2"),
        purpose="Weiterbewilligung & Bürgergeld",
        checklist=(ChecklistItem("Reisepass"),),
        interpreter_name="Samir Aziz",
    )


def _date(day: date, lang: str) -> str:
    return f"{lang}:{day:%d.%m.%Y}"


def _time(moment: time, lang: str) -> str:
    return f"{moment:%H:%M}"


@pytest.mark.parametrize("lang", LETTER_LANGUAGES)
def test_template_renders_without_missing_variables_and_escapes_data(lang: str) -> None:
    html = appointment_letter_html(
        _row(),
        lang=lang,
        organisation=Organisation("Lotsen e. V.", "Weg 1, 47051 Duisburg", "0203 1"),
        today=date(2026, 11, 21),
        format_date=_date,
        format_time=_time,
    )
    assert "Jobcenter &lt;Duisburg&gt;" in html and "<Duisburg>" not in html
    assert "Weiterbewilligung &amp; Bürgergeld" in html
    assert "de:05.12.2026" in html and f"{lang}:05.12.2026" in html
    assert "de:21.11.2026" in html  # the information block's date
    assert "Betreff" not in html
    window = html.split("<td", 2)[1]  # the address window: only the name
    assert "Amal Haddad" in window
    assert "Jobcenter" not in window and "Weiterbewilligung" not in window
    if lang in ("ar", "fa"):  # every block of the translation is right to left
        assert html.count(f'lang="{lang}" dir="rtl"') == html.count(f'lang="{lang}"') > 10
    else:
        assert 'dir="rtl"' not in html
    assert "<div" not in html


def test_strict_undefined_catches_a_missing_variable() -> None:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(letters_dir())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    with pytest.raises(jinja2.UndefinedError):
        environment.get_template("appointment.html.j2").render()
