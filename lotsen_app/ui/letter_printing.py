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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from pathlib import Path

from PySide6.QtCore import QDate, QLocale, QTime
from PySide6.QtGui import QGuiApplication

from lotsen_app.domain.languages import language_name
from lotsen_app.letters.appointment import appointment_letter
from lotsen_app.letters.consent import consent_form
from lotsen_app.letters.deadline import deadline_letter
from lotsen_app.letters.model import Formatters, Layout, Letter
from lotsen_app.letters.texts import LetterTextError
from lotsen_app.services.container import Services
from lotsen_app.services.outgoing import AppointmentLetterData
from lotsen_app.ui.printing import write_letters_pdf

#: A reminder handed over later than this many days before the end would come too late by post.
POSTAL_DAYS = 3

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


Builder = Callable[[Services, int, str | None, Layout], Letter]


@dataclass(frozen=True)
class Printed:
    """A letter and the record it is about (audit: kind and number)."""

    entity: str
    entity_id: int
    letter: Letter
    starts_at: datetime | None = None  # an appointment's time, for the week's list


def _appointment_letter(
    services: Services, data: AppointmentLetterData, lang: str, layout: Layout
) -> Letter:
    return appointment_letter(
        data.row,
        lang=lang,
        organisation=services.outgoing.organisation(),
        recipients=data.recipients,
        today=services.clock().date(),
        formatters=FORMATTERS,
        layout=layout,
    )


def build_appointment_letter(
    services: Services, appointment_id: int, lang: str | None = None, layout: Layout = Layout.BELOW
) -> Letter:
    """``lang`` None: the client's preferred language. DomainError (German) when impossible."""
    data = services.outgoing.appointment(appointment_id)
    return _appointment_letter(services, data, lang or data.language, layout)


def build_week_letters(
    services: Services, monday: date, *, guide_id: int | None = None, layout: Layout = Layout.BELOW
) -> list[Printed]:
    """Every planned appointment of the week still ahead that has clients, each letter in its
    (first) client's language; German alone (with a warning) where that translation is faulty,
    so one broken file does not stop the whole week."""
    printed = []
    for data in services.outgoing.week(monday, guide_id=guide_id):
        try:
            letter = _appointment_letter(services, data, data.language, layout)
        except LetterTextError as error:
            letter = _appointment_letter(services, data, "de", layout)
            note = (
                f"Termin Nr. {data.row.id}: nur auf Deutsch, die Übersetzung "
                f"({language_name(data.language)}) ist fehlerhaft – {error}"
            )
            letter = replace(letter, warnings=(*letter.warnings, note))
        printed.append(Printed("appointment", data.row.id, letter, data.row.starts_at))
    return printed


def build_deadline_letter(
    services: Services, deadline_id: int, lang: str | None = None, layout: Layout = Layout.BELOW
) -> Letter:
    data = services.outgoing.deadline(deadline_id)
    letter = deadline_letter(
        data.row,
        lang=lang or data.language,
        organisation=services.outgoing.organisation(),
        recipients=data.recipients,
        today=services.clock().date(),
        formatters=FORMATTERS,
        file_number=data.file_number,
        layout=layout,
    )
    days = (data.row.due_date - services.clock().date()).days
    if days <= POSTAL_DAYS:
        note = (
            f"Die Frist endet in {days} {'Tag' if days == 1 else 'Tagen'}"
            if days
            else "Die Frist endet heute"
        ) + ": per Post käme die Erinnerung zu spät – bitte persönlich übergeben oder anrufen."
        letter = replace(letter, warnings=(*letter.warnings, note))
    return letter


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
        encrypted=data.encrypted,
        layout=layout,
    )


#: What ``lotsen letter`` and the print dialog print for one record: the audit entity and how.
BUILDERS: dict[str, tuple[str, Builder]] = {
    "appointment": ("appointment", build_appointment_letter),
    "deadline": ("deadline", build_deadline_letter),
    "consent": ("client", build_consent_form),
}


def build_one(
    services: Services, kind: str, record_id: int, lang: str | None, layout: Layout
) -> Printed:
    entity, build = BUILDERS[kind]
    return Printed(entity, record_id, build(services, record_id, lang, layout))


def week_title(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"Terminbestätigungen KW {week}/{year}"


def languages_label(lang: str) -> str:
    """For the audit line: "de" or "de+ar" (codes only)."""
    return "de" if lang == "de" else f"de+{lang}"


def record_printed(services: Services, printed: Sequence[Printed]) -> None:
    for item in printed:
        services.outgoing.record_printed(
            item.entity, item.entity_id, item.letter.title, languages_label(item.letter.lang)
        )


def save_letters(services: Services, printed: Sequence[Printed], path: Path, *, title: str) -> int:
    """Write the letters into one PDF (atomically) and note each in the audit log; returns the
    number of pages."""
    pages = write_letters_pdf([item.letter for item in printed], Path(path), title=title)
    record_printed(services, printed)
    return pages
