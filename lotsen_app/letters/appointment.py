"""The appointment letter (Terminbestätigung): German first, then the client's language.

Weekday, date and 24-hour time, the authority's name, address and room, the purpose, what to bring
as boxes to tick, the interpreter, and whom to call to cancel. The address window holds only names
and the postal address; purpose and authority appear in the body.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import partial

from lotsen_app.domain.appointments import AppointmentRow
from lotsen_app.domain.enums import AppointmentMode
from lotsen_app.letters.common import (
    build_letter,
    build_sections,
    info_block,
    joined_names,
    signature,
)
from lotsen_app.letters.model import (
    Block,
    Formatters,
    Layout,
    Letter,
    Organisation,
    Recipient,
    ltr,
    unbreakable,
)
from lotsen_app.letters.texts import LetterTexts

DOCUMENT = "appointment"
TITLE = "Terminbestätigung"


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


def _has_interpreter(row: AppointmentRow) -> bool:
    return row.mode == AppointmentMode.INTERPRETER or bool(
        row.interpreter_name.strip() or row.interpreter_language.strip()
    )


def _section(
    row: AppointmentRow,
    texts: LetterTexts,
    *,
    organisation: Organisation,
    formatters: Formatters,
    name: str,
) -> tuple[Block, ...]:
    rtl = texts.rtl

    say = partial(texts.get, DOCUMENT)

    when = say(
        "when_value",
        date=formatters.date(row.starts_at.date(), texts.code),
        time=formatters.time(row.starts_at.time(), texts.code),
    )
    fields: list[tuple[str, tuple[str, ...]]] = [(say("when"), (when,))]
    where = _where_lines(row)
    if where:
        fields.append((say("where"), tuple(ltr(line, rtl) for line in where)))
    room = _room(row)
    if room:
        fields.append((say("room"), (ltr(room, rtl),)))
    if row.purpose.strip():
        fields.append((say("purpose"), (ltr(row.purpose.strip(), rtl),)))
    interpreter = _has_interpreter(row)
    if interpreter and row.interpreter_name.strip():
        fields.append((say("interpreter"), (ltr(row.interpreter_name.strip(), rtl),)))

    blocks = [
        Block("heading", say("subject")),
        Block("paragraph", say("salutation", name=ltr(name, rtl))),
        Block("paragraph", say("intro")),
        Block("fields", rows=tuple(fields)),
    ]
    checklist = tuple(ltr(item.text.strip(), rtl) for item in row.checklist if item.text.strip())
    if checklist:
        blocks.append(Block("checklist", f"{say('bring')}:", items=checklist))
    if interpreter:
        blocks.append(Block("paragraph", say("interpreter_note")))
    phone = organisation.phone.strip() or "–"
    blocks += [
        Block("paragraph", say("cancel", phone=ltr(unbreakable(phone), rtl))),
        Block("paragraph", say("closing")),
        Block("lines", items=signature(row.guide_name, organisation, rtl)),
    ]
    return tuple(blocks)


def appointment_letter(
    row: AppointmentRow,
    *,
    lang: str,
    organisation: Organisation,
    recipients: Sequence[Recipient],
    today: date,
    formatters: Formatters,
    layout: Layout = Layout.BELOW,
) -> Letter:
    """The letter in German and (unless ``lang`` is German) in ``lang``.

    LetterTextError (German message) when ``lang`` has no complete language file.
    """
    name = joined_names(client.full_name for client in row.clients)

    def build(texts: LetterTexts) -> tuple[Block, ...]:
        return _section(row, texts, organisation=organisation, formatters=formatters, name=name)

    sections = build_sections(lang, build, "der Terminbestätigung")
    return build_letter(
        TITLE,
        sections,
        organisation=organisation,
        recipients=recipients or [Recipient(client.full_name) for client in row.clients],
        info=info_block(row.guide_name, organisation, today),
        layout=layout,
    )
