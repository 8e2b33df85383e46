"""Letters to PDF or printer: QLocale writes weekdays, dates and times in each language; the pure
``lotsen_app.letters`` builds the letters; ``printing`` lays them out on A4.

Digits: QLocale writes Arabic (ar_EG) and Farsi (fa_IR) dates and times with Arabic-Indic or
Persian digits. The letters keep the locale's words and order (weekday, month name) but use
Latin digits: the same date, time, room and phone number then read identically in the German
and the translated part, on the invitation from the authority and on the signs in the building,
and the PDF's text can be searched and checked (pdftotext) with the same numbers.
"""

from __future__ import annotations

import os
from datetime import date, time
from pathlib import Path

from PySide6.QtCore import QDate, QLocale, QTime
from PySide6.QtGui import QGuiApplication

from lotsen_app.letters.appointment import appointment_letter
from lotsen_app.letters.consent import consent_form
from lotsen_app.letters.deadline import deadline_letter
from lotsen_app.letters.model import Formatters, Layout, Letter
from lotsen_app.services.container import Services
from lotsen_app.ui.printing import write_letters_pdf

# British English writes "Saturday, 5 December 2026" (day before month, as in German).
LOCALE_NAMES = {"en": "en_GB"}
_NATIVE_DIGITS = str.maketrans(
    "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹",
    "01234567890123456789",
)


def locale_for(lang: str) -> QLocale:
    return QLocale(LOCALE_NAMES.get(lang, lang))


def latin_digits(text: str) -> str:
    return text.translate(_NATIVE_DIGITS)


def format_date(day: date, lang: str) -> str:
    """Weekday and date in the language's long form, e.g. "Samstag, 5. Dezember 2026"."""
    locale = locale_for(lang)
    written = locale.toString(QDate(day.year, day.month, day.day), QLocale.FormatType.LongFormat)
    return latin_digits(written)


def format_time(moment: time, lang: str) -> str:
    """24-hour time, e.g. "09:30", whatever the locale's habit (en, ar write 12-hour)."""
    return latin_digits(locale_for(lang).toString(QTime(moment.hour, moment.minute), "HH:mm"))


FORMATTERS = Formatters(date=format_date, time=format_time)


def ensure_gui_application() -> QGuiApplication:
    """The running application, or a new offscreen one (command line: no window needed)."""
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QGuiApplication([])


def build_appointment_letter(
    services: Services, appointment_id: int, lang: str | None = None, layout: Layout = Layout.BELOW
) -> Letter:
    """``lang`` None: the client's preferred language. NotFoundError / LetterTextError (German)."""
    data = services.outgoing.appointment(appointment_id)
    return appointment_letter(
        data.row,
        lang=lang or data.language,
        organisation=services.outgoing.organisation(),
        recipients=data.recipients,
        today=services.clock().date(),
        formatters=FORMATTERS,
        layout=layout,
    )


def build_week_letters(
    services: Services, monday: date, *, guide_id: int | None = None, layout: Layout = Layout.BELOW
) -> list[tuple[int, Letter]]:
    """(appointment id, letter) for every planned appointment of the week with clients, each
    letter in its (first) client's language."""
    organisation = services.outgoing.organisation()
    today = services.clock().date()
    return [
        (
            data.row.id,
            appointment_letter(
                data.row,
                lang=data.language,
                organisation=organisation,
                recipients=data.recipients,
                today=today,
                formatters=FORMATTERS,
                layout=layout,
            ),
        )
        for data in services.outgoing.week(monday, guide_id=guide_id)
    ]


def build_deadline_letter(
    services: Services, deadline_id: int, lang: str | None = None, layout: Layout = Layout.BELOW
) -> Letter:
    data = services.outgoing.deadline(deadline_id)
    return deadline_letter(
        data.row,
        lang=lang or data.language,
        organisation=services.outgoing.organisation(),
        recipients=data.recipients,
        today=services.clock().date(),
        formatters=FORMATTERS,
        file_number=data.file_number,
        layout=layout,
    )


def build_consent_form(
    services: Services, client_id: int, lang: str | None = None, layout: Layout = Layout.BELOW
) -> Letter:
    data = services.outgoing.consent(client_id)
    return consent_form(
        client_name=data.client_name,
        lang=lang or data.language,
        organisation=services.outgoing.organisation(),
        recipients=list(data.recipients),
        guide_name=data.guide_name,
        retention_years=data.retention_years,
        today=services.clock().date(),
        layout=layout,
    )


def week_title(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"Terminbestätigungen KW {week}/{year}"


def languages_label(lang: str) -> str:
    """For the audit line: "de" or "de+ar" (codes only)."""
    return "de" if lang == "de" else f"de+{lang}"


def save_letter(
    services: Services, letter: Letter, path: Path, *, entity: str, entity_id: int, lang: str
) -> int:
    """Write one letter as PDF (atomically) and note it in the audit log; returns the pages."""
    pages = write_letters_pdf([letter], Path(path), title=letter.title)
    services.outgoing.record_printed(entity, entity_id, letter.title, languages_label(lang))
    return pages


def write_appointment_letter(
    services: Services, appointment_id: int, lang: str, path: Path, layout: Layout = Layout.BELOW
) -> int:
    """Write the bilingual appointment letter as PDF to ``path``; returns the number of pages."""
    letter = build_appointment_letter(services, appointment_id, lang, layout)
    return save_letter(
        services, letter, path, entity="appointment", entity_id=appointment_id, lang=lang
    )


def save_week(
    services: Services, letters: list[tuple[int, Letter]], monday: date, path: Path
) -> int:
    """The week's appointment letters in one PDF; each printed letter noted in the audit log."""
    pages = write_letters_pdf(
        [letter for _, letter in letters], Path(path), title=week_title(monday)
    )
    for appointment_id, letter in letters:
        services.outgoing.record_printed(
            "appointment", appointment_id, letter.title, languages_label(letter.lang)
        )
    return pages
