"""Letters to PDF: QLocale writes weekdays, dates and times in each language; the pure
``lotsen_app.letters`` builds the HTML; ``printing.render_pdf`` lays it out on A4.

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

from lotsen_app.letters import Organisation, appointment_letter_html
from lotsen_app.services.container import Services
from lotsen_app.ui.printing import render_pdf

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


def ensure_gui_application() -> QGuiApplication:
    """The running application, or a new offscreen one (command line: no window needed)."""
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QGuiApplication([])


def organisation(services: Services) -> Organisation:
    settings = services.settings
    return Organisation(
        name=settings.organisation_name(),
        address=settings.organisation_address(),
        phone=settings.organisation_phone(),
    )


def appointment_letter(services: Services, appointment_id: int, lang: str) -> str:
    """The letter's HTML; NotFoundError / LetterTextError (German) for a bad id or language."""
    row = services.appointments.get(appointment_id)
    return appointment_letter_html(
        row,
        lang=lang,
        organisation=organisation(services),
        today=services.clock().date(),
        format_date=format_date,
        format_time=format_time,
    )


def write_appointment_letter(services: Services, appointment_id: int, lang: str, path: Path) -> int:
    """Write the bilingual appointment letter as PDF to ``path``; returns the number of pages."""
    html = appointment_letter(services, appointment_id, lang)
    return render_pdf(html, Path(path), title="Terminbestätigung")
