"""The deadline reminder (Fristerinnerung): what is due, to whom, by which day, what to send.

The kind of deadline is said in the client's language (with the German term in brackets where
the translation gives it); the guide's own title, the authority and the file number stay German,
as on the authority's letter.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import partial

from lotsen_app.domain.deadline_tracking import DeadlineRow
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

DOCUMENT = "deadline"
TITLE = "Fristerinnerung"


def _section(
    row: DeadlineRow,
    texts: LetterTexts,
    *,
    name: str,
    file_number: str,
    organisation: Organisation,
    formatters: Formatters,
) -> tuple[Block, ...]:
    rtl = texts.rtl

    say = partial(texts.get, DOCUMENT)

    kind = row.kind.value
    what = [say(f"kind_{kind}")]
    title = row.title.strip()
    if title and title.casefold() not in (row.kind.label.casefold(), what[0].casefold()):
        what.append(ltr(title, rtl))
    fields: list[tuple[str, tuple[str, ...]]] = [(say("what"), tuple(what))]
    if row.authority_name.strip():
        fields.append((say("to_whom"), (ltr(row.authority_name.strip(), rtl),)))
    fields.append(
        (say("by_when"), (say("by_when_value", date=formatters.date(row.due_date, texts.code)),))
    )
    if file_number.strip():
        fields.append((say("file_number"), (ltr(file_number.strip(), rtl),)))
    fields.append((say("send"), (say(f"send_{kind}"),)))
    phone = organisation.phone.strip() or "–"
    return (
        Block("heading", say("subject")),
        Block("paragraph", say("salutation", name=ltr(name, rtl))),
        Block("paragraph", say("intro")),
        Block("fields", rows=tuple(fields)),
        Block("paragraph", say("arrival_note")),
        Block("paragraph", say("help", phone=ltr(unbreakable(phone), rtl))),
        Block("paragraph", say("closing")),
        Block("lines", items=signature(row.lead_guide, organisation, rtl)),
    )


def deadline_letter(
    row: DeadlineRow,
    *,
    lang: str,
    organisation: Organisation,
    recipients: Sequence[Recipient],
    today: date,
    formatters: Formatters,
    file_number: str = "",
    layout: Layout = Layout.BELOW,
) -> Letter:
    """The reminder in German and (unless ``lang`` is German) in ``lang``."""
    name = joined_names(r.name for r in recipients) if recipients else row.client_name

    def build(texts: LetterTexts) -> tuple[Block, ...]:
        return _section(
            row,
            texts,
            name=name,
            file_number=file_number,
            organisation=organisation,
            formatters=formatters,
        )

    return build_letter(
        TITLE,
        build_sections(lang, build, "der Fristerinnerung"),
        organisation=organisation,
        recipients=recipients or [Recipient(row.client_name)],
        info=info_block(row.lead_guide, organisation, today),
        layout=layout,
    )
