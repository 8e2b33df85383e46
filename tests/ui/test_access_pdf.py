"""GIVEN a client with one record of every kind WHEN the copy of the record (Art. 15) is written
as PDF THEN the real PDF (read with pdftotext) holds the German headings, the client's name and
values, every heading also in the client's language (Turkish, Arabic), the explanation in both
languages with the retention period from the settings, nothing of the sibling, and the print
is noted in the audit log without a name."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from lotsen_app.domain.clients import ClientInput
from lotsen_app.letters.access import (
    ACCESS_KEYS,
    access_letter,
    access_text_problems,
    load_access_texts,
)
from lotsen_app.letters.model import Organisation
from lotsen_app.letters.texts import LetterTextError, letters_dir
from lotsen_app.persistence.models import AuditEntry
from lotsen_app.services.access import AccessService
from lotsen_app.services.container import Services
from lotsen_app.ui.access_printing import write_access_pdf
from tests.conftest import fixed_clock
from tests.persistence.test_access_export import build_family

GERMAN_HEADINGS = (
    "Auskunft über Ihre gespeicherten Daten",
    "Angaben zur Person",
    "Lotsinnen und Lotsen",
    "Einwilligungen",
    "Termine",
    "Kontakte",
    "Briefe von Ämtern",
    "Briefe an Sie",
    "Fristen",
    "Ziele",
    "Aufgaben",
    "Protokoll",
)


def _pdftotext(pdf: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    text = unicodedata.normalize("NFKC", out)
    text = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text)
    return re.sub(r"\s+", " ", text)


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    found = re.search(r"Pages:\s+(\d+)", info.stdout)
    assert found is not None
    return int(found.group(1))


def _write(services: Services, lang: str, tmp_path: Path, contacts: int = 0) -> tuple[str, int]:
    services.settings.set_organisation(
        "Integrationslotsen Duisburg e. V.", "Musterweg 1, 47051 Duisburg", "0203 123456"
    )
    services.settings.set_retention_years(5)
    family = build_family(services, language=lang, contacts=contacts)
    pdf = tmp_path / f"auskunft-{family.amal}.pdf"
    pages = write_access_pdf(services, family.amal, pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert pages == _pages(pdf)
    return _pdftotext(pdf), family.amal


def test_german_and_turkish_headings_name_and_values(
    qapp: QApplication, services: Services, tmp_path: Path
) -> None:
    text, amal = _write(services, "tr", tmp_path)
    for heading in GERMAN_HEADINGS:
        assert heading in text, heading
    turkish = load_access_texts("tr")
    for key in ("title", "contacts", "appointments", "consents", "letters_in", "audit"):
        assert turkish.say(key) in text, key
    assert "Kontakte / Görüşmeler" in text
    assert "Name / Ad" in text
    assert "Amal Haddad" in text and "Parkstraße 3" in text and "0203 555 0101" in text
    assert "Hausbesuch: Unterlagen sortiert" in text  # the family contact, as stored
    assert "Amals Kindergeldantrag ausgefüllt" in text
    assert "FK-123/45" in text and "scan-" in text
    assert "Widerrufen am" in text and "15.09.2026" in text  # the withdrawn consent
    assert "Bis 5 Jahre nach dem letzten Kontakt" in text  # retention from the settings
    assert "Son görüşmeden sonra en fazla 5 yıl" in text
    assert "Omar" not in text and "0203 555 0202" not in text
    with services.database.session() as session:
        line = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "gedruckt", AuditEntry.entity_id == amal)
        ).all()[-1]
        assert (line.entity, line.detail) == ("client", "Auskunft (Art. 15) (de+tr)")


def test_german_and_arabic_headings_come_out_as_arabic_text(
    qapp: QApplication, services: Services, tmp_path: Path
) -> None:
    text, _ = _write(services, "ar", tmp_path)
    for heading in GERMAN_HEADINGS:
        assert heading in text, heading
    arabic = load_access_texts("ar")
    # Words without the lam-alef ligature: pdftotext drops that glyph's letters (the PDF
    # shows it shaped; looked at with pdftoppm).
    for key in ("contacts", "appointments", "consents", "deadlines", "tasks"):
        assert arabic.say(key) in text, key
    for word in ("البيانات", "الشخصية", "الهاتف", "المواعيد"):
        assert word in text, word
    assert "Integrationslotsen Duisburg e. V." in text
    assert "Amal Haddad" in text


def test_german_alone_for_a_language_without_letters(
    qapp: QApplication, services: Services, tmp_path: Path
) -> None:
    client = services.clients.create(
        ClientInput("Thanh", "Nguyen", preferred_language="vi", street="Weg 2", city="Duisburg")
    )
    pdf = tmp_path / "vi.pdf"
    write_access_pdf(services, client, pdf)
    text = _pdftotext(pdf)
    assert "Angaben zur Person" in text and "Thanh Nguyen" in text
    assert " / " not in text.split("Angaben zur Person", 1)[1][:5]
    assert "keine Einträge" in text


def test_every_language_file_has_the_access_texts() -> None:
    import tomllib

    from lotsen_app.domain.languages import LETTER_LANGUAGES

    for code in LETTER_LANGUAGES:
        with (letters_dir() / "texts" / f"{code}.toml").open("rb") as handle:
            data = tomllib.load(handle)
        assert access_text_problems(code, data) == [], code
        assert set(data["access"]) == set(ACCESS_KEYS)
        assert load_access_texts(code).say("intro", organisation="X", date="1.1.2026")


def test_a_lost_placeholder_or_a_typo_in_the_access_texts_is_reported_in_german() -> None:
    import tomllib

    with (letters_dir() / "texts" / "tr.toml").open("rb") as handle:
        data = tomllib.load(handle)
    table = dict(data["access"])
    table["intro"] = "Merhaba."
    table["kontakte"] = "x"
    del table["none"]
    problems = access_text_problems("tr", {**data, "access": table})
    assert "tr: [access] none fehlt." in problems
    assert any("intro: Platzhalter {date}, {organisation} erwartet" in p for p in problems)
    assert any("kontakte ist unbekannt" in p for p in problems)
    assert access_text_problems("tr", {}) == ["tr: der Abschnitt [access] fehlt."]


def test_the_body_escapes_stored_values_and_keeps_arabic_labels_together(
    services: Services,
) -> None:
    client = services.clients.create(
        ClientInput("Amal", "<b>Haddad</b> & Co", preferred_language="ar")
    )
    record = AccessService(services.database, fixed_clock).record(client)
    letter = access_letter(
        record,
        lang="ar",
        organisation=Organisation("Lotsen e. V.", "Weg 1, 47051 Duisburg", "0203 1"),
        retention_years=3,
        today=fixed_clock().date(),
    )
    html = letter.body_html
    assert "&lt;b&gt;Haddad&lt;/b&gt; &amp; Co" in html and "<b>Haddad" not in html
    contacts = load_access_texts("ar").say("contacts")
    assert "Kontakte / <span" in html
    assert f"\u202b{contacts}\u202c" in html  # embedded right to left in the German line
    assert 'lang="ar" dir="rtl"' in html  # the explanation's own paragraphs
    assert "<div" not in html
    assert letter.letterhead is not None
    assert letter.letterhead.recipient_lines[0] == "Amal <b>Haddad</b> & Co"
    with pytest.raises(LetterTextError):
        access_letter(
            record,
            lang="xx",
            organisation=Organisation("Lotsen e. V."),
            retention_years=3,
            today=fixed_clock().date(),
        )


def test_two_hundred_contacts_are_all_printed(
    qapp: QApplication, services: Services, tmp_path: Path
) -> None:
    text, _ = _write(services, "tr", tmp_path, contacts=200)
    assert "Beratung Nummer 199" in text
