"""GIVEN an appointment with authority, room, checklist and interpreter WHEN its letter is
written as PDF in each of the 12 languages THEN the PDF is A4 with embedded fonts and its text
holds the date and time (German and the client's language), the authority, the client's name and
words of the language itself; the command line writes it too and refuses bad input in German.

Checked on the real PDF with poppler's command line tools, as in test_printing.py.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from lotsen_app.cli import main
from lotsen_app.domain.appointments import AuthorityData, ChecklistItem, NewAppointment
from lotsen_app.domain.clients import ClientInput
from lotsen_app.domain.enums import AppointmentMode
from lotsen_app.domain.guides import GuideInput
from lotsen_app.domain.languages import LETTER_LANGUAGES
from lotsen_app.persistence.repositories import SettingRepository
from lotsen_app.services.container import Services
from lotsen_app.ui.letter_printing import format_date, format_time, write_appointment_letter

A4_WIDTH_PT, A4_HEIGHT_PT = 595.276, 841.89
STARTS_AT = datetime(2026, 12, 5, 9, 30)  # a Saturday
# Words of each language's own text (Arabic and Farsi ones without lam-alef ligatures).
OWN_WORDS = {
    "de": ("Terminbestätigung", "Mit freundlichen Grüßen"),
    "en": ("Appointment confirmation", "Saturday"),
    "tr": ("Randevu onayı", "Cumartesi"),
    "ar": ("يرجى", "الغرفة", "السبت", "ديسمبر"),
    "uk": ("Підтвердження", "субота"),
    "ru": ("Подтверждение", "суббота"),
    "bg": ("Потвърждение", "събота"),
    "ro": ("Confirmarea", "sâmbătă"),
    "fa": ("همراه", "اتاق", "شنبه", "دسامبر"),
    "ku": ("Pejirandina", "şemî"),
    "pl": ("Potwierdzenie", "sobota"),
    "fr": ("Confirmation", "samedi"),
}


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def _plain(text: str) -> str:
    """Presentation forms back to base letters, bidi marks gone, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text)
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def appointment_id(services: Services) -> int:
    with services.database.session() as session:
        settings = SettingRepository(session)
        settings.set("organisation_name", "Integrationslotsen Duisburg e. V.")
        settings.set("organisation_address", "Musterweg 5, 47051 Duisburg")
        settings.set("organisation_phone", "+49 203 123456")
    guide = services.guides.create(GuideInput("Anna", "Schmidt"))
    client = services.clients.create(ClientInput("Amal", "Haddad"), guide_id=guide)
    authority = services.authorities.save(
        AuthorityData(
            name="Jobcenter Duisburg",
            street="Königstraße 1",
            postal_code="47051",
            city="Duisburg",
            room="B 2.14",
        )
    )
    return services.appointments.create(
        NewAppointment(
            client_ids=(client,),
            starts_at=STARTS_AT,
            authority_id=authority,
            guide_id=guide,
            purpose="Weiterbewilligungsantrag Bürgergeld",
            checklist=(
                ChecklistItem("Reisepass oder Ausweis"),
                ChecklistItem("Kontoauszüge der letzten 3 Monate"),
            ),
            mode=AppointmentMode.INTERPRETER,
            interpreter_name="Samir Aziz",
        )
    )


def test_dates_and_times_in_each_language_with_latin_digits(qapp: QApplication) -> None:
    day = date(2026, 12, 5)
    assert format_date(day, "de") == "Samstag, 5. Dezember 2026"
    assert format_date(day, "en") == "Saturday, 5 December 2026"
    assert format_date(day, "ar") == "السبت، 5 ديسمبر 2026"
    assert "2026" in format_date(day, "fa") and "شنبه" in format_date(day, "fa")
    assert format_time(STARTS_AT.time(), "en") == "09:30"
    assert format_time(STARTS_AT.time(), "fa") == "09:30"


@pytest.mark.parametrize("lang", LETTER_LANGUAGES)
def test_letter_pdf_in_every_language(
    qapp: QApplication, services: Services, appointment_id: int, tmp_path: Path, lang: str
) -> None:
    path = tmp_path / f"brief-{lang}.pdf"
    pages = write_appointment_letter(services, appointment_id, lang, path)
    assert pages == (1 if lang == "de" else 2)

    info = _run("pdfinfo", str(path))
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert size is not None, info
    assert float(size.group(1)) == pytest.approx(A4_WIDTH_PT, abs=1)
    assert float(size.group(2)) == pytest.approx(A4_HEIGHT_PT, abs=1)

    rows = _run("pdffonts", str(path)).splitlines()[2:]
    assert rows
    for row in rows:
        assert row.split()[-5] == "yes", row  # embedded

    text = _plain(_run("pdftotext", "-enc", "UTF-8", str(path), "-"))
    assert "Samstag, 5. Dezember 2026, 09:30 Uhr" in text
    assert "Samstag, 21. November 2026" in text  # date of the letter
    for expected in ("Jobcenter Duisburg", "Amal Haddad", "B 2.14", "+49 203 123456"):
        assert expected in text, expected
    assert "Betreff" not in text
    if lang not in ("ar", "fa"):  # the same date in the client's language
        assert _plain(format_date(STARTS_AT.date(), lang)) in text
    for word in OWN_WORDS[lang]:
        assert word in text, word
    assert text.count("09:30") == (1 if lang == "de" else 2)


def test_command_line_writes_the_letter(
    qapp: QApplication, services: Services, appointment_id: int, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "brief.pdf"
    database = services.database.path
    code = main(
        ["letter", "--db", str(database), "--appointment", str(appointment_id),
         "--lang", "uk", "--out", str(out)]
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err
    assert "2 Seiten" in capsys.readouterr().out
    text = _plain(_run("pdftotext", "-enc", "UTF-8", str(out), "-"))
    assert "Підтвердження запису на прийом" in text and "Jobcenter Duisburg" in text


def test_command_line_refuses_unknown_language_and_appointment(
    qapp: QApplication, services: Services, appointment_id: int, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "brief.pdf"
    database = str(services.database.path)
    assert main(["letter", "--db", database, "--appointment", "1", "--lang", "xx",
                 "--out", str(out)]) == 2  # fmt: skip
    assert "de, en, tr, ar, uk, ru, bg, ro, fa, ku, pl, fr" in capsys.readouterr().err
    assert main(["letter", "--db", database, "--appointment", "999", "--lang", "tr",
                 "--out", str(out)]) == 2  # fmt: skip
    assert "Termin Nr. 999 gibt es nicht" in capsys.readouterr().err
    assert main(["letter", "--db", database, "--appointment", str(appointment_id),
                 "--lang", "tr", "--out", str(tmp_path / "fehlt" / "b.pdf")]) == 2  # fmt: skip
    assert "gibt es nicht" in capsys.readouterr().err
    assert list(tmp_path.glob("*.pdf")) == []
