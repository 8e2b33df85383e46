"""The appointment letter (Terminbestätigung) as HTML for Qt's text engine: German first, then
the client's language.

Pure: dates and times are written by the injected ``format_date(day, lang)`` and
``format_time(time, lang)`` (the Qt edge builds them from QLocale), so this module needs no Qt.
The layout is ``resources/letters/appointment.html.j2`` (Jinja2, autoescaped), the sentences are
``resources/letters/texts/<lang>.toml``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from typing import Any

import jinja2

from lotsen_app.domain.appointments import AppointmentRow
from lotsen_app.domain.enums import AppointmentMode
from lotsen_app.letters.texts import LetterTexts, letters_dir, load_texts

DateFormatter = Callable[[date, str], str]
TimeFormatter = Callable[[time, str], str]

TEMPLATE = "appointment.html.j2"
DOCUMENT = "appointment"
BODY_POINT_SIZE = 11
# Naskh letters look smaller than Latin ones at the same point size.
RTL_POINT_SIZE = 14

# German data (names, addresses, phone numbers) inside right-to-left text is embedded left to
# right, so it stays in reading order: "+49 203 123" would otherwise come out as "123 203 +49",
# and "e. V." would lose its full stop to the other end of the line. The classic embedding marks
# are used: with the newer isolates (U+2066..U+2069) the number did not come out right in Qt 6.11.
LEFT_TO_RIGHT_EMBEDDING = "\u202a"
POP_DIRECTIONAL_FORMATTING = "\u202c"
NO_BREAK_SPACE = "\u00a0"


@dataclass(frozen=True)
class Organisation:
    """Sender of the letters, from the settings."""

    name: str
    address: str = ""
    phone: str = ""

    @property
    def address_lines(self) -> list[str]:
        return [
            line.strip() for line in self.address.replace(",", "\n").splitlines() if line.strip()
        ]


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(letters_dir())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def _ltr(text: str, rtl: bool) -> str:
    """``text`` kept left to right inside a right-to-left block (unchanged elsewhere)."""
    return f"{LEFT_TO_RIGHT_EMBEDDING}{text}{POP_DIRECTIONAL_FORMATTING}" if rtl and text else text


def _phone(number: str) -> str:
    """A phone number that does not break across lines."""
    return number.replace(" ", NO_BREAK_SPACE)


def _where_lines(row: AppointmentRow) -> list[str]:
    lines: list[str] = []
    if row.authority is not None:
        lines.append(row.authority.display_name)
        if row.authority.department.strip():
            lines.append(row.authority.department.strip())
        if row.authority.address:
            lines.append(row.authority.address)
    if row.place.strip():
        lines.append(row.place.strip())
    return lines


def _room(row: AppointmentRow) -> str:
    if row.room.strip():
        return row.room.strip()
    return row.authority.room.strip() if row.authority is not None else ""


def _section(
    row: AppointmentRow,
    texts: LetterTexts,
    *,
    organisation: Organisation,
    format_date: DateFormatter,
    format_time: TimeFormatter,
    name: str,
) -> dict[str, Any]:
    rtl = texts.rtl

    def say(key: str, **values: str) -> str:
        return texts.get(DOCUMENT, key, **values)

    rows: list[dict[str, Any]] = [
        {
            "label": say("when"),
            "lines": [
                say(
                    "when_value",
                    date=format_date(row.starts_at.date(), texts.code),
                    time=format_time(row.starts_at.time(), texts.code),
                )
            ],
        },
    ]
    where = _where_lines(row)
    if where:
        rows.append({"label": say("where"), "lines": [_ltr(line, rtl) for line in where]})
    room = _room(row)
    if room:
        rows.append({"label": say("room"), "lines": [_ltr(room, rtl)]})
    if row.purpose.strip():
        rows.append({"label": say("purpose"), "lines": [_ltr(row.purpose.strip(), rtl)]})
    interpreter = row.mode == AppointmentMode.INTERPRETER or bool(
        row.interpreter_name.strip() or row.interpreter_language.strip()
    )
    if interpreter and row.interpreter_name.strip():
        rows.append(
            {"label": say("interpreter"), "lines": [_ltr(row.interpreter_name.strip(), rtl)]}
        )
    signature = [line for line in (row.guide_name.strip(), organisation.name.strip()) if line]
    phone = organisation.phone.strip() or "–"
    return {
        "lang": texts.code,
        "dir": "rtl" if rtl else "ltr",
        "rtl": rtl,
        "point_size": RTL_POINT_SIZE if rtl else BODY_POINT_SIZE,
        "language": texts.language,
        "reviewed": texts.reviewed,
        "subject": say("subject"),
        "salutation": say("salutation", name=_ltr(name, rtl)),
        "intro": say("intro"),
        "rows": rows,
        "bring": say("bring"),
        "checklist": [_ltr(item.text.strip(), rtl) for item in row.checklist if item.text.strip()],
        "interpreter_note": say("interpreter_note") if interpreter else "",
        "cancel": say("cancel", phone=_ltr(_phone(phone), rtl)),
        "closing": say("closing"),
        "signature": [_ltr(line, rtl) for line in signature],
    }


def appointment_letter_html(
    row: AppointmentRow,
    *,
    lang: str,
    organisation: Organisation,
    today: date,
    format_date: DateFormatter,
    format_time: TimeFormatter,
) -> str:
    """The letter as HTML: German, then (unless ``lang`` is German) the same in ``lang``.

    The address window holds only the clients' names; purpose and authority appear in the body.
    LetterTextError when ``lang`` has no (complete) language file.
    """
    german = load_texts("de")
    chosen = german if lang == "de" else load_texts(lang)
    name = row.client_names or "–"
    options: dict[str, Any] = {
        "organisation": organisation,
        "format_date": format_date,
        "format_time": format_time,
        "name": name,
    }
    sections = [_section(row, german, **options)]
    if chosen is not german:
        sections.append(_section(row, chosen, **options))
    return (
        _environment()
        .get_template(TEMPLATE)
        .render(
            organisation=organisation,
            clients=[client.full_name for client in row.clients] or [name],
            guide=row.guide_name.strip(),
            today=format_date(today, "de"),
            subject=german.get(DOCUMENT, "subject"),
            sections=sections,
            body_point_size=BODY_POINT_SIZE,
        )
    )
