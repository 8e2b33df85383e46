"""GIVEN the letter texts under resources/letters WHEN they are loaded and the letters are built
THEN every language has every sentence with its placeholders and a [meta] block, only German is
marked as reviewed, the template needs no variable it is not given, the address window holds
names and postal address only, and a consent translation of an older version is refused."""

from __future__ import annotations

import tomllib
from datetime import date, datetime

import jinja2
import pytest
from markupsafe import escape

from lotsen_app.domain.appointments import AppointmentRow, AuthorityData, ChecklistItem, ClientRef
from lotsen_app.domain.deadline_tracking import DeadlineRow
from lotsen_app.domain.deadlines import DeadlineKind
from lotsen_app.domain.enums import AppointmentMode, AppointmentStatus, DeadlineStatus
from lotsen_app.domain.languages import LETTER_LANGUAGES
from lotsen_app.letters import (
    LETTER_KEYS,
    Formatters,
    Layout,
    LetterTextError,
    Organisation,
    Recipient,
    appointment_letter,
    consent_form,
    consent_version,
    deadline_letter,
    letters_dir,
    load_texts,
    text_problems,
)
from lotsen_app.letters.model import Block, Section, render_body
from lotsen_app.letters.texts import LetterTexts


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
    for document, keys in LETTER_KEYS.items():
        assert set(data[document]) == set(keys)  # type: ignore[call-overload]
    assert data["consent"]["version"] == consent_version()  # type: ignore[index]
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


FORMATTERS = Formatters(
    date=lambda day, lang: f"{lang}:{day:%d.%m.%Y}",
    time=lambda moment, lang: f"{moment:%H:%M}",
)
ORGANISATION = Organisation("Lotsen e. V.", "Weg 1, 47051 Duisburg", "0203 1")
FAMILY = (
    Recipient("Amal Haddad", "Parkstraße 3", "47057", "Duisburg"),
    Recipient("Omar Haddad", "Parkstraße 3", "47057", "Duisburg"),
)
TODAY = date(2026, 11, 21)


def _deadline() -> DeadlineRow:
    return DeadlineRow(
        id=3,
        client_id=1,
        client_name="Haddad, Amal",
        guide_ids=frozenset({1}),
        lead_guide="Anna Schmidt",
        kind=DeadlineKind.WIDERSPRUCH,
        title="Bescheid <Kosten der Unterkunft>",
        authority_name="Jobcenter Duisburg",
        due_date=date(2026, 12, 14),
        status=DeadlineStatus.OPEN,
        state="NW",
        delivered_on=date(2026, 11, 14),
        explanation="",
        done_on=None,
        done_by=None,
    )


@pytest.mark.parametrize("lang", LETTER_LANGUAGES)
def test_appointment_letter_needs_no_missing_variable_and_escapes_data(lang: str) -> None:
    letter = appointment_letter(
        _row(),
        lang=lang,
        organisation=ORGANISATION,
        recipients=FAMILY[:1],
        today=TODAY,
        formatters=FORMATTERS,
    )
    html = letter.body_html
    assert letter.lang == lang and letter.title == "Terminbestätigung"
    assert "Jobcenter &lt;Duisburg&gt;" in html and "<Duisburg>" not in html
    assert "Weiterbewilligung &amp; Bürgergeld" in html
    assert "de:05.12.2026" in html and f"{lang}:05.12.2026" in html
    assert "Betreff" not in html
    assert ("Datum", "21.11.2026") in letter.letterhead.info
    if lang in ("ar", "fa"):  # every block of the translation is right to left
        assert html.count(f'lang="{lang}" dir="rtl"') == html.count(f'lang="{lang}"') > 10
    else:
        assert 'dir="rtl"' not in html
    assert "<div" not in html
    if lang != "de":  # the translated part starts on a new page and says it is a translation
        assert html.count("page-break-before: always") == 1
        assert load_texts(lang).get("common", "translation_note") in html


def test_address_window_holds_names_and_one_postal_address_nothing_else() -> None:
    letter = appointment_letter(
        _row(),
        lang="ar",
        organisation=ORGANISATION,
        recipients=FAMILY,
        today=TODAY,
        formatters=FORMATTERS,
    )
    assert letter.letterhead.recipient_lines == (
        "Amal Haddad",
        "Omar Haddad",
        "Parkstraße 3",
        "47057 Duisburg",
    )
    assert letter.letterhead.organisation.sender_line == "Lotsen e. V. · Weg 1 · 47051 Duisburg"


@pytest.mark.parametrize("lang", LETTER_LANGUAGES)
def test_deadline_reminder_says_what_to_whom_by_when_in_each_language(lang: str) -> None:
    letter = deadline_letter(
        _deadline(),
        lang=lang,
        organisation=ORGANISATION,
        recipients=FAMILY[:1],
        today=TODAY,
        formatters=FORMATTERS,
        file_number="123-AZ-45",
    )
    html = letter.body_html
    texts = load_texts(lang)
    assert f"{lang}:14.12.2026" in html and "de:14.12.2026" in html
    assert "Jobcenter Duisburg" in html and "123-AZ-45" in html
    assert "Bescheid &lt;Kosten der Unterkunft&gt;" in html
    assert texts.get("deadline", "kind_widerspruch") in html
    assert texts.get("deadline", "send_widerspruch") in html
    assert "Amal Haddad" in html and "Haddad, Amal" not in html  # the salutation's order
    assert letter.letterhead.recipient_lines == ("Amal Haddad", "Parkstraße 3", "47057 Duisburg")


def _consent(lang: str, layout: Layout = Layout.BELOW, *, encrypted: bool = True) -> str:
    return consent_form(
        client_name="Amal Haddad",
        lang=lang,
        organisation=ORGANISATION,
        recipients=list(FAMILY[:1]),
        guide_name="Anna Schmidt",
        retention_years=3,
        today=TODAY,
        encrypted=encrypted,
        layout=layout,
    ).body_html


@pytest.mark.parametrize("lang", LETTER_LANGUAGES)
def test_consent_form_names_version_retention_and_rights_in_each_language(lang: str) -> None:
    html = _consent(lang)
    texts = load_texts(lang)
    version = consent_version()
    for key in ("title", "rights_heading", "consent_health", "signature_client"):
        assert escape(texts.get("consent", key)) in html, key
    assert escape(texts.get("consent", "duration", years="3")) in html
    assert version in html
    assert html.count("<br>______") == 0 and html.count(">______") == 3  # signed once


def test_consent_translation_of_an_older_version_is_refused(monkeypatch) -> None:
    original = LetterTexts.get

    def older(self: LetterTexts, document: str, key: str, **values: str) -> str:
        if self.code == "uk" and document == "consent" and key == "version":
            return "2020-01"
        return original(self, document, key, **values)

    monkeypatch.setattr(LetterTexts, "get", older)
    with pytest.raises(LetterTextError, match=r"Fassung 2020-01.*deutsche Fassung ist"):
        _consent("uk")
    assert "Fassung" in _consent("tr")  # other languages still print


def test_side_by_side_pairs_each_german_block_with_its_translation() -> None:
    html = _consent("tr", Layout.BESIDE)
    assert "page-break-before" not in html
    german, turkish = load_texts("de"), load_texts("tr")
    rights_de = html.index(german.get("consent", "rights_heading"))
    rights_tr = html.index(turkish.get("consent", "rights_heading"))
    withdraw_de = html.index(german.get("consent", "withdraw", phone="0203 1").split(":")[0])
    assert rights_de < rights_tr < withdraw_de  # the same row holds both languages


def test_sections_of_different_shape_are_refused() -> None:
    german = load_texts("de")
    with pytest.raises(ValueError):
        render_body(
            [
                Section(german, (Block("paragraph", "a"),)),
                Section(german, (Block("paragraph", "a"), Block("paragraph", "b"))),
            ],
            layout=Layout.BESIDE,
        )


def test_strict_undefined_catches_a_missing_variable() -> None:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(letters_dir())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    with pytest.raises(jinja2.UndefinedError):
        environment.get_template("letter.html.j2").render()


def test_consent_form_says_encrypted_only_for_an_encrypted_database() -> None:
    german = load_texts("de").get("consent", "encrypted")
    assert (
        german == "Die Daten liegen verschlüsselt auf dem Computer Ihrer Lotsin oder Ihres Lotsen."
    )
    assert german in _consent("de", encrypted=True)
    plain = _consent("uk", encrypted=False)
    assert german not in plain
    assert load_texts("uk").get("consent", "encrypted") not in plain


def test_consent_boxes_once_on_the_german_page_with_the_translation() -> None:
    html = _consent("tr")
    turkish = load_texts("tr")
    assert html.count('style="border: 1px solid #000000;"') == 3  # three boxes, not six
    german_part, translated_part = html.split("page-break-before: always", 1)
    assert escape(turkish.get("consent", "consent_health")) in german_part  # beside the German
    assert escape(turkish.get("consent", "tick_german")) in translated_part
    assert german_part.count(">______") == 3  # signed on the German page


def test_arabic_under_a_german_box_is_kept_right_to_left() -> None:
    html = _consent("ar")
    german_part = html.split("page-break-before: always", 1)[0]
    sentence = escape(load_texts("ar").get("consent", "consent_store"))
    assert f"\u202b{sentence}\u202c" in german_part  # its full stop stays at its end
