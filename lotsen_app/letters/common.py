"""What every letter shares: the sections per language, the letterhead, the signature."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date

from lotsen_app.letters.model import (
    Block,
    Layout,
    Letter,
    Letterhead,
    Organisation,
    Recipient,
    Section,
    letter_warnings,
    ltr,
    render_body,
    translation_label,
    window_lines,
)
from lotsen_app.letters.texts import LetterTexts, load_texts

SectionBuilder = Callable[[LetterTexts], tuple[Block, ...]]


def joined_names(names: Iterable[str]) -> str:
    """Several people in a salutation, e.g. a family: "Amal Haddad, Omar Haddad"."""
    return ", ".join(name.strip() for name in names if name.strip()) or "–"


def build_sections(lang: str, build: SectionBuilder, document: str) -> list[Section]:
    """German, then ``lang`` (once when it is German); LetterTextError for a bad language."""
    german = load_texts("de")
    sections = [Section(german, build(german))]
    if lang != "de":
        chosen = load_texts(lang)
        sections.append(
            Section(chosen, build(chosen), translation_label=translation_label(chosen, document))
        )
    return sections


def info_block(
    contact_person: str, organisation: Organisation, today: date
) -> tuple[tuple[str, str], ...]:
    """The information block (German, DIN 5008): whom to ask, the phone, the date (07.03.2025)."""
    info: list[tuple[str, str]] = []
    if contact_person.strip():
        info.append(("Ansprechperson", contact_person.strip()))
    if organisation.phone.strip():
        info.append(("Telefon", organisation.phone.strip()))
    info.append(("Datum", today.strftime("%d.%m.%Y")))
    return tuple(info)


def signature(person: str, organisation: Organisation, rtl: bool) -> tuple[str, ...]:
    return tuple(ltr(line, rtl) for line in (person.strip(), organisation.name.strip()) if line)


def build_letter(
    title: str,
    sections: Sequence[Section],
    *,
    organisation: Organisation,
    recipients: Sequence[Recipient],
    info: tuple[tuple[str, str], ...],
    layout: Layout,
    signature_lines: Sequence[Sequence[str]] = (),
    warnings: Sequence[str] = (),
) -> Letter:
    return Letter(
        title=title,
        letterhead=Letterhead(
            organisation=organisation,
            recipient_lines=window_lines(recipients),
            info=info,
        ),
        body_html=render_body(sections, layout=layout, signature_lines=signature_lines),
        lang=sections[-1].texts.code,
        warnings=(*letter_warnings(organisation, recipients), *warnings),
    )
