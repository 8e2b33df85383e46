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
from lotsen_app.domain.enums import AppointmentMode, StepActor
from lotsen_app.domain.errors import DomainError
from lotsen_app.domain.guides import GuideInput
from lotsen_app.domain.languages import LETTER_LANGUAGES
from lotsen_app.letters import Layout, load_texts
from lotsen_app.persistence.models import AuditEntry
from lotsen_app.services.container import Services
from lotsen_app.ui.letter_printing import (
    build_one,
    build_week_letters,
    format_date,
    format_time,
    save_letters,
    week_title,
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


def _write(
    services: Services,
    kind: str,
    record_id: int,
    lang: str | None,
    path: Path,
    layout: Layout = Layout.BELOW,
) -> int:
    printed = build_one(services, kind, record_id, lang, layout)
    return save_letters(services, [printed], path, title=printed.letter.title)


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
    pages = _write(services, "appointment", records["appointment"], lang, path)
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
    pages = _write(services, "deadline", records["deadline"], lang, path)
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
    pages = _write(services, "consent", records["client"], lang, path)
    assert pages == (2 if lang == "de" else 4)  # German on two pages, then the translation
    _assert_a4_with_embedded_fonts(path)
    text = _text(path)
    assert "Amal Haddad" in text and "21.11.2026" in text
    assert "Fassung 2026-11b" in text and "Bis 3 Jahre nach dem letzten Kontakt" in text
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
    _write(services, "appointment", records["appointment"], "de", path)
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
    _write(services, "appointment", records["appointment"], "de", path)
    assert len(_run("pdfimages", "-list", str(path)).splitlines()) == 2  # header only
    from PySide6.QtGui import QColor, QImage

    image = QImage(60, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("#c00000"))
    png = tmp_path / "logo.png"
    assert image.save(str(png))
    services.settings.set_organisation_logo(png.read_bytes())
    _write(services, "appointment", records["appointment"], "de", path)
    listing = _run("pdfimages", "-list", str(path)).splitlines()[2:]
    assert len(listing) == 1 and listing[0].split()[0] == "1"  # one image, on page 1


def test_side_by_side_keeps_both_languages_on_the_same_pages(
    qapp: QApplication, services: Services, records: dict[str, int], tmp_path: Path
) -> None:
    path = tmp_path / "nebeneinander.pdf"
    pages = _write(services, "appointment", records["appointment"], "uk", path, Layout.BESIDE)
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
    assert [item.letter.lang for item in letters] == ["uk", "ar"]  # in time order
    path = tmp_path / "woche.pdf"
    assert save_letters(services, letters, path, title=week_title(monday)) == 4
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
    _write(services, "appointment", records["appointment"], "ar", tmp_path / "a.pdf")
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


def test_no_confirmation_for_moved_cancelled_or_past_appointments(
    qapp: QApplication, services: Services, records: dict[str, int], tmp_path: Path, capsys
) -> None:
    appointment = records["appointment"]
    later = services.appointments.move(appointment, datetime(2026, 12, 12, 9, 30))
    with pytest.raises(DomainError, match=f"verschoben; bitte .* Nr. {later} drucken"):
        build_one(services, "appointment", appointment, "de", Layout.BELOW)
    services.appointments.cancel(later, "Klientin krank")
    with pytest.raises(DomainError, match="ist abgesagt"):
        build_one(services, "appointment", later, "de", Layout.BELOW)
    guide = services.guides.create(GuideInput("Bernd", "Koch"))
    past = services.appointments.create(
        NewAppointment(
            client_ids=(records["client"],),
            starts_at=datetime(2026, 11, 20, 9, 0),
            guide_id=guide,
            place="Schule",
        )
    )
    with pytest.raises(DomainError, match="schon begonnen oder ist vorbei"):
        build_one(services, "appointment", past, "de", Layout.BELOW)
    out = tmp_path / "brief.pdf"
    database = str(services.database.path)
    assert main(["letter", "--db", database, "--appointment", str(past), "--out", str(out)]) == 2
    assert "--appointment: Termin Nr." in capsys.readouterr().err
    assert not out.exists()


def test_no_reminder_for_a_deadline_that_is_over_and_a_warning_when_it_is_close(
    qapp: QApplication, services: Services, records: dict[str, int]
) -> None:
    soon = services.deadlines.create(
        NewDeadline(
            client_id=records["client"], kind=DeadlineKind.VORLAGE, fixed_due=date(2026, 11, 23)
        )
    )
    letter = build_one(services, "deadline", soon, "de", Layout.BELOW).letter
    assert any("endet in 2 Tagen" in warning for warning in letter.warnings)
    assert not build_one(
        services, "deadline", records["deadline"], "de", Layout.BELOW
    ).letter.warnings
    over = services.deadlines.create(
        NewDeadline(
            client_id=records["client"], kind=DeadlineKind.VORLAGE, fixed_due=date(2026, 11, 20)
        )
    )
    with pytest.raises(DomainError, match=r"am 20\.11\.2026 abgelaufen"):
        build_one(services, "deadline", over, "de", Layout.BELOW)
    services.deadlines.mark_done(soon, date(2026, 11, 21), StepActor.CLIENT_ALONE)
    with pytest.raises(DomainError, match="ist erledigt"):
        build_one(services, "deadline", soon, "de", Layout.BELOW)


def test_a_large_family_and_a_long_street_keep_the_whole_address_in_the_window(
    qapp: QApplication, services: Services, records: dict[str, int], tmp_path: Path
) -> None:
    street = "Friedrich-Wilhelm-von-Steuben-Straße 123a, Hinterhaus"
    family = [
        services.clients.create(
            ClientInput(given, "Al-Khatib", street=street, postal_code="47051", city="Duisburg")
        )
        for given in ("Ali", "Rana", "Samir", "Lina", "Omar")
    ]
    guide = services.guides.create(GuideInput("Bernd", "Koch"))
    appointment = services.appointments.create(
        NewAppointment(
            client_ids=tuple(family),
            starts_at=datetime(2026, 12, 2, 8, 0),
            guide_id=guide,
            place="Grundschule am Park",
        )
    )
    path = tmp_path / "familie.pdf"
    _write(services, "appointment", appointment, "de", path)
    window = " ".join(w for x, y, w in _words(path) if 20 <= x < 105 and 62 <= y < 90)
    assert window == f"Familie Al-Khatib {street} 47051 Duisburg"
    assert max(y for x, y, w in _words(path) if 20 <= x < 105 and 62 <= y < 95) < 86


def test_week_leaves_out_what_is_already_over(
    qapp: QApplication, services: Services, records: dict[str, int]
) -> None:
    guide = services.guides.create(GuideInput("Bernd", "Koch"))
    for starts_at in (datetime(2026, 11, 20, 9, 0), datetime(2026, 11, 22, 11, 0)):
        services.appointments.create(
            NewAppointment(
                client_ids=(records["client"],), starts_at=starts_at, guide_id=guide, place="X"
            )
        )
    week = build_week_letters(services, date(2026, 11, 16))  # Saturday 21.11., 10:30
    assert [item.starts_at for item in week] == [datetime(2026, 11, 22, 11, 0)]


def test_side_by_side_arabic_keeps_the_german_note_readable(
    qapp: QApplication, services: Services, records: dict[str, int], tmp_path: Path
) -> None:
    path = tmp_path / "ar.pdf"
    _write(services, "appointment", records["appointment"], "ar", path, Layout.BESIDE)
    assert "Übersetzung der Terminbestätigung:" in _text(path)
    words = _words(path)
    note = [x for x, y, w in words if w == "Übersetzung"]
    arabic = [x for x, y, w in words if re.search("[\u0600-\u06ff]", w) and y > 97]
    assert note and note[0] > 105  # in the right column, starting on its left edge
    assert arabic and min(arabic) > 105


def test_a_long_letter_numbers_its_pages(
    qapp: QApplication, services: Services, records: dict[str, int], tmp_path: Path
) -> None:
    guide = services.guides.create(GuideInput("Bernd", "Koch"))
    long_list = tuple(ChecklistItem(f"Nachweis Nummer {n} im Original") for n in range(40))
    appointment = services.appointments.create(
        NewAppointment(
            client_ids=(records["client"],),
            starts_at=datetime(2026, 12, 3, 10, 0),
            guide_id=guide,
            place="Ausländerbehörde",
            checklist=long_list,
        )
    )
    path = tmp_path / "lang.pdf"
    assert _write(services, "appointment", appointment, "de", path) == 2
    assert "Seite 1 von 2" in _text(path) and "Seite 2 von 2" in _text(path)
    assert "Nachweis Nummer 39 im Original" in _text(path)


def test_command_line_warns_about_a_missing_address(
    qapp: QApplication, services: Services, records: dict[str, int], tmp_path: Path, capsys
) -> None:
    guide = services.guides.create(GuideInput("Bernd", "Koch"))
    client = services.clients.create(ClientInput("Mehdi", "Sultani"), guide_id=guide)
    out = tmp_path / "einwilligung.pdf"
    code = main(["letter", "--db", str(services.database.path), "--consent", str(client),
                 "--out", str(out)])  # fmt: skip
    assert code == 0
    err = capsys.readouterr().err
    assert "Hinweis: Für Mehdi Sultani ist keine Anschrift gespeichert" in err
