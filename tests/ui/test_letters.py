"""GIVEN an appointment, a deadline and a client WHEN the appointment letter, the deadline
reminder and the consent form are written as PDF in each of the 12 languages THEN each PDF is A4
with embedded fonts and its text holds the date, the time where there is one, the authority, the
client's name and words of the language itself; the first page follows DIN 5008 form B (sender
line and address window with nothing sensitive, information block, subject below the window);
a week's letters come in one PDF; the command line writes each document and refuses bad input.

Checked on the real PDF with poppler's command line tools, as in test_printing.py.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from datetime import date, datetime
from html import unescape
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from lotsen_app.cli import main
from lotsen_app.domain.appointments import AuthorityData, ChecklistItem, NewAppointment
from lotsen_app.domain.clients import ClientInput
from lotsen_app.domain.deadline_tracking import NewDeadline
from lotsen_app.domain.deadlines import DeadlineKind
from lotsen_app.domain.enums import AppointmentMode
from lotsen_app.domain.guides import GuideInput
from lotsen_app.domain.languages import LETTER_LANGUAGES
from lotsen_app.letters import Layout, load_texts
from lotsen_app.persistence.models import AuditEntry
from lotsen_app.services.container import Services
from lotsen_app.ui.letter_printing import (
    build_appointment_letter,
    build_consent_form,
    build_deadline_letter,
    build_week_letters,
    format_date,
    format_time,
    save_letter,
    save_week,
    write_appointment_letter,
)

A4_WIDTH_PT, A4_HEIGHT_PT = 595.276, 841.89
MM = 72 / 25.4
STARTS_AT = datetime(2026, 12, 5, 9, 30)  # a Saturday
DUE = date(2026, 12, 14)  # a Monday
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
# Letters of each script, to find text "in the language's script" in any document.
SCRIPTS = {
    "ar": "[\u0600-\u06ff]",
    "fa": "[\u0600-\u06ff]",
    "uk": "[іїєґ]",
    "ru": "[ыэъё]|[а-я]{4}",
    "bg": "[а-я]{4}",
}


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def _plain(text: str) -> str:
    """Presentation forms back to base letters, bidi marks gone, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text)
    return re.sub(r"\s+", " ", text)


def _text(path: Path) -> str:
    return _plain(_run("pdftotext", "-enc", "UTF-8", str(path), "-"))


def _words(path: Path, page: int = 1) -> list[tuple[float, float, str]]:
    """(x, y) in mm from the paper's top left corner and the word, for every word on ``page``."""
    found = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>',
        _run("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"),
    )
    return [(float(x) / MM, float(y) / MM, _plain(unescape(w))) for x, y, w in found]


def _assert_a4_with_embedded_fonts(path: Path) -> None:
    info = _run("pdfinfo", str(path))
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert size is not None, info
    assert float(size.group(1)) == pytest.approx(A4_WIDTH_PT, abs=1)
    assert float(size.group(2)) == pytest.approx(A4_HEIGHT_PT, abs=1)
    rows = _run("pdffonts", str(path)).splitlines()[2:]
    assert rows
    for row in rows:
        assert row.split()[-5] == "yes", row  # embedded


@pytest.fixture
def records(services: Services) -> dict[str, int]:
    services.settings.set_organisation(
        "Integrationslotsen Duisburg e. V.", "Musterweg 5\n47051 Duisburg", "+49 203 123456"
    )
    guide = services.guides.create(GuideInput("Anna", "Schmidt"))
    client = services.clients.create(
        ClientInput(
            "Amal",
            "Haddad",
            street="Parkstraße 3",
            postal_code="47057",
            city="Duisburg",
            preferred_language="ar",
        ),
        guide_id=guide,
    )
    authority = services.authorities.save(
        AuthorityData(
            name="Jobcenter Duisburg",
            street="Königstraße 1",
            postal_code="47051",
            city="Duisburg",
            room="B 2.14",
        )
    )
    appointment = services.appointments.create(
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
    deadline = services.deadlines.create(
        NewDeadline(
            client_id=client,
            kind=DeadlineKind.MITWIRKUNG,
            title="Mietbescheinigung nachreichen",
            authority_name="Jobcenter Duisburg",
            fixed_due=DUE,
        )
    )
    return {"appointment": appointment, "deadline": deadline, "client": client}


def test_dates_and_times_in_each_language_with_latin_digits(qapp: QApplication) -> None:
    day = date(2026, 12, 5)
    assert format_date(day, "de") == "Samstag, 5. Dezember 2026"
    assert format_date(day, "en") == "Saturday, 5 December 2026"
    assert format_date(day, "ar") == "السبت، 5 ديسمبر 2026"
    assert "2026" in format_date(day, "fa") and "شنبه" in format_date(day, "fa")
    assert format_time(STARTS_AT.time(), "en") == "09:30"
    assert format_time(STARTS_AT.time(), "fa") == "09:30"


def _in_script(text: str, lang: str, own: str) -> bool:
    """Text of the language itself: its script's letters, or (Latin script) its own words."""
    if lang in SCRIPTS:
        return re.search(SCRIPTS[lang], text.split("Übersetzung", 1)[-1]) is not None
    return own in text


@pytest.mark.parametrize("lang", LETTER_LANGUAGES)
def test_appointment_letter_pdf_in_every_language(
    qapp: QApplication, services: Services, records: dict[str, int], tmp_path: Path, lang: str
) -> None:
    path = tmp_path / f"termin-{lang}.pdf"
    pages = write_appointment_letter(services, records["appointment"], lang, path)
    assert pages == (1 if lang == "de" else 2)
    _assert_a4_with_embedded_fonts(path)
    text = _text(path)
    assert "Samstag, 5. Dezember 2026, 09:30 Uhr" in text
    assert "21.11.2026" in text  # date of the letter (information block)
    for expected in ("Jobcenter Duisburg", "Amal Haddad", "B 2.14", "+49 203 123456"):
        assert expected in text, expected
    assert "Betreff" not in text
    if lang not in ("ar", "fa"):  # the same date in the client's language
        assert _plain(format_date(STARTS_AT.date(), lang)) in text
    for word in OWN_WORDS[lang]:
        assert word in text, word
    assert text.count("09:30") == (1 if lang == "de" else 2)


@pytest.mark.parametrize("lang", LETTER_LANGUAGES)
def test_deadline_reminder_pdf_in_every_language(
    qapp: QApplication, services: Services, records: dict[str, int], tmp_path: Path, lang: str
) -> None:
    path = tmp_path / f"frist-{lang}.pdf"
    letter = build_deadline_letter(services, records["deadline"], lang)
    pages = save_letter(
        services, letter, path, entity="deadline", entity_id=records["deadline"], lang=lang
    )
    assert pages == (1 if lang == "de" else 2)
    _assert_a4_with_embedded_fonts(path)
    text = _text(path)
    assert "spätestens am Montag, 14. Dezember 2026" in text
    for expected in ("Jobcenter Duisburg", "Amal Haddad", "Mietbescheinigung nachreichen"):
        assert expected in text, expected
    assert "Erinnerung an eine Frist" in text and "Betreff" not in text
    if lang not in ("ar", "fa"):
        assert _plain(format_date(DUE, lang)) in text
        assert _plain(load_texts(lang).get("deadline", "subject")) in text
    assert _in_script(text, lang, _plain(load_texts(lang).get("deadline", "subject")))


@pytest.mark.parametrize("lang", LETTER_LANGUAGES)
def test_consent_form_pdf_in_every_language(
    qapp: QApplication, services: Services, records: dict[str, int], tmp_path: Path, lang: str
) -> None:
    path = tmp_path / f"einwilligung-{lang}.pdf"
    letter = build_consent_form(services, records["client"], lang)
    pages = save_letter(
        services, letter, path, entity="client", entity_id=records["client"], lang=lang
    )
    assert pages >= 1
    _assert_a4_with_embedded_fonts(path)
    text = _text(path)
    assert "Amal Haddad" in text and "21.11.2026" in text
    assert "Fassung 2026-11" in text and "Bis 3 Jahre nach dem letzten Kontakt" in text
    assert "Integrationslotsen Duisburg e. V." in text
    assert text.count("Unterschrift") >= 2
    title = _plain(load_texts(lang).get("consent", "title"))
    if lang not in ("ar", "fa"):
        assert title in text
    assert _in_script(text, lang, title)


def test_first_page_follows_din_5008_form_b(
    qapp: QApplication, services: Services, records: dict[str, int], tmp_path: Path
) -> None:
    path = tmp_path / "termin.pdf"
    write_appointment_letter(services, records["appointment"], "de", path)
    words = _words(path)
    window = [w for x, y, w in words if 20 <= x < 105 and 45 <= y < 90]
    # Only the sender line and the client's name and address show through the envelope.
    assert " ".join(window) == (
        "Integrationslotsen Duisburg e. V. · Musterweg 5 · 47051 Duisburg "
        "Amal Haddad Parkstraße 3 47057 Duisburg"
    )
    sender = [y for x, y, w in words if w == "Musterweg" and 45 <= y < 90]
    name = next((x, y) for x, y, w in words if w == "Amal")
    assert sender and 50 <= sender[0] < 62.7
    assert name[0] == pytest.approx(25, abs=1) and 62.6 <= name[1] < 70
    info = {w: (x, y) for x, y, w in words if x >= 124.5 and 49.5 <= y < 90}
    assert {"Ansprechperson", "Anna", "Telefon", "Datum", "21.11.2026"} <= set(info)
    subject = next((x, y) for x, y, w in words if w == "Terminbestätigung")
    assert subject[0] == pytest.approx(25, abs=1) and 97 <= subject[1] < 105
    # Nothing else of the body above the subject line, and the body keeps the 25 mm margin.
    assert all(y >= subject[1] - 1 for x, y, w in words if x < 124.5 and y >= 90)
    assert min(x for x, y, w in words if y >= 97) == pytest.approx(25, abs=1)


def test_logo_from_the_settings_is_on_the_first_page(
    qapp: QApplication, services: Services, records: dict[str, int], tmp_path: Path
) -> None:
    path = tmp_path / "termin.pdf"
    write_appointment_letter(services, records["appointment"], "de", path)
    assert len(_run("pdfimages", "-list", str(path)).splitlines()) == 2  # header only
    from PySide6.QtGui import QColor, QImage

    image = QImage(60, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("#c00000"))
    png = tmp_path / "logo.png"
    assert image.save(str(png))
    services.settings.set_organisation_logo(png.read_bytes())
    write_appointment_letter(services, records["appointment"], "de", path)
    listing = _run("pdfimages", "-list", str(path)).splitlines()[2:]
    assert len(listing) == 1 and listing[0].split()[0] == "1"  # one image, on page 1


def test_side_by_side_keeps_both_languages_on_the_same_pages(
    qapp: QApplication, services: Services, records: dict[str, int], tmp_path: Path
) -> None:
    path = tmp_path / "nebeneinander.pdf"
    letter = build_appointment_letter(services, records["appointment"], "uk", Layout.BESIDE)
    pages = save_letter(
        services, letter, path, entity="appointment", entity_id=records["appointment"], lang="uk"
    )
    assert pages == 1
    words = _words(path)
    german = [x for x, y, w in words if w == "Terminbestätigung" and y > 90]
    ukrainian = [x for x, y, w in words if w == "Підтвердження"]
    assert german and ukrainian and german[0] < 105 < ukrainian[0]


def test_week_of_letters_in_one_pdf_each_in_its_clients_language(
    qapp: QApplication, services: Services, records: dict[str, int], tmp_path: Path
) -> None:
    guide = services.guides.create(GuideInput("Bernd", "Koch"))
    other = services.clients.create(
        ClientInput("Olena", "Kovalenko", preferred_language="uk"), guide_id=guide
    )
    services.appointments.create(
        NewAppointment(
            client_ids=(other,),
            starts_at=datetime(2026, 12, 1, 14, 0),
            guide_id=guide,
            place="Bürgeramt Mitte",
            purpose="Wohnsitz anmelden",
        )
    )
    services.appointments.create(  # the next week: not in the batch
        NewAppointment(
            client_ids=(other,),
            starts_at=datetime(2026, 12, 8, 9, 0),
            guide_id=guide,
            place="Schule",
        )
    )
    monday = date(2026, 11, 30)
    letters = build_week_letters(services, monday)
    assert [letter.lang for _, letter in letters] == ["uk", "ar"]  # in time order
    path = tmp_path / "woche.pdf"
    assert save_week(services, letters, monday, path) == 4
    text = _text(path)
    assert "Dienstag, 1. Dezember 2026, 14:00 Uhr" in text and "Olena Kovalenko" in text
    assert "Samstag, 5. Dezember 2026, 09:30 Uhr" in text and "Amal Haddad" in text
    assert "Schule" not in text
    assert "Terminbestätigungen KW 49/2026" in _run("pdfinfo", str(path))
    # Each letter starts on its own page with its own address window.
    assert "Olena" in [w for _, _, w in _words(path, 1)]
    assert "Amal" in [w for _, _, w in _words(path, 3)]
    assert len(build_week_letters(services, monday, guide_id=guide)) == 1


def test_printing_is_audited_without_personal_data(
    qapp: QApplication, services: Services, records: dict[str, int], tmp_path: Path
) -> None:
    write_appointment_letter(services, records["appointment"], "ar", tmp_path / "a.pdf")
    with services.database.session() as session:
        entries = session.query(AuditEntry).filter(AuditEntry.action == "gedruckt").all()
        lines = [(e.entity, e.entity_id, e.detail) for e in entries]
    assert lines == [("appointment", records["appointment"], "Terminbestätigung (de+ar)")]


def test_command_line_writes_each_document(
    qapp: QApplication, services: Services, records: dict[str, int], tmp_path: Path, capsys
) -> None:
    database = str(services.database.path)
    out = tmp_path / "brief.pdf"
    assert main(["letter", "--db", database, "--appointment", str(records["appointment"]),
                 "--lang", "uk", "--out", str(out)]) == 0  # fmt: skip
    assert "2 Seiten" in capsys.readouterr().out
    text = _text(out)
    assert "Підтвердження запису на прийом" in text and "Jobcenter Duisburg" in text

    assert main(["letter", "--db", database, "--deadline", str(records["deadline"]),
                 "--out", str(out)]) == 0  # fmt: skip
    assert "(Deutsch und Arabisch)" in capsys.readouterr().out  # the client's own language
    assert "Mietbescheinigung nachreichen" in _text(out)

    assert main(["letter", "--db", database, "--consent", str(records["client"]),
                 "--lang", "tr", "--nebeneinander", "--out", str(out)]) == 0  # fmt: skip
    assert "Deutsch und Türkisch" in capsys.readouterr().out
    assert "Veri koruma" in _text(out)

    assert main(["letter", "--db", database, "--week", "03.12.2026", "--out", str(out)]) == 0
    assert "1 Terminbestätigung vom 30.11.2026 bis 06.12.2026" in capsys.readouterr().out


def test_command_line_refuses_bad_input_in_german(
    qapp: QApplication, services: Services, records: dict[str, int], tmp_path: Path, capsys
) -> None:
    out = tmp_path / "brief.pdf"
    database = str(services.database.path)
    assert main(["letter", "--db", database, "--appointment", "1", "--lang", "xx",
                 "--out", str(out)]) == 2  # fmt: skip
    assert "de, en, tr, ar, uk, ru, bg, ro, fa, ku, pl, fr" in capsys.readouterr().err
    assert main(["letter", "--db", database, "--appointment", "999", "--lang", "tr",
                 "--out", str(out)]) == 2  # fmt: skip
    assert "Termin Nr. 999 gibt es nicht" in capsys.readouterr().err
    assert main(["letter", "--db", database, "--deadline", "999", "--out", str(out)]) == 2
    assert "--deadline: Frist Nr. 999 gibt es nicht" in capsys.readouterr().err
    assert main(["letter", "--db", database, "--consent", "999", "--out", str(out)]) == 2
    assert "--consent:" in capsys.readouterr().err
    assert main(["letter", "--db", database, "--week", "12.01.2026", "--out", str(out)]) == 2
    assert "keine geplanten Termine" in capsys.readouterr().err
    assert main(["letter", "--db", database, "--week", "morgen", "--out", str(out)]) == 2
    assert "--week:" in capsys.readouterr().err
    assert main(["letter", "--db", database, "--week", "03.12.2026", "--lang", "tr",
                 "--out", str(out)]) == 2  # fmt: skip
    assert "Sprache seiner Person" in capsys.readouterr().err
    assert main(["letter", "--db", database, "--appointment", str(records["appointment"]),
                 "--lang", "tr", "--out", str(tmp_path / "fehlt" / "b.pdf")]) == 2  # fmt: skip
    assert "gibt es nicht" in capsys.readouterr().err
    assert list(tmp_path.glob("*.pdf")) == []
