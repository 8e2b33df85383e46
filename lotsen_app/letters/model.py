"""What a letter is made of, before any Qt: the DIN 5008 letterhead and the bilingual body.

A document (appointment letter, deadline reminder, consent form) is built as one ``Section`` per
language, each a list of ``Block``s in the same order, so the two languages can be printed one
after the other or side by side (block next to block). ``render_body`` turns the sections into the
HTML that Qt's text engine lays out; the letterhead (sender line, address window, information
block, logo) is painted at its DIN 5008 place by the printing edge (``lotsen_app.ui.printing``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum
from typing import Any

import jinja2

from lotsen_app.letters.texts import LetterTexts, letters_dir

DateFormatter = Callable[[date, str], str]
TimeFormatter = Callable[[time, str], str]

BODY_POINT_SIZE = 11
# Naskh letters look smaller than Latin ones at the same point size.
RTL_POINT_SIZE = 13
BODY_TEMPLATE = "letter.html.j2"

# German data (names, addresses, phone numbers) inside right-to-left text is embedded left to
# right, so it stays in reading order: "+49 203 123" would otherwise come out as "123 203 +49",
# and "e. V." would lose its full stop to the other end of the line. The classic embedding marks
# are used: with the newer isolates (U+2066..U+2069) the number did not come out right in Qt 6.11.
LEFT_TO_RIGHT_EMBEDDING = "\u202a"
RIGHT_TO_LEFT_EMBEDDING = "\u202b"
POP_DIRECTIONAL_FORMATTING = "\u202c"
NO_BREAK_SPACE = "\u00a0"


class Layout(StrEnum):
    """Where the client's language goes: below the German (from a new page) or beside it."""

    BELOW = "untereinander"
    BESIDE = "nebeneinander"

    @property
    def label(self) -> str:
        return {
            Layout.BELOW: "nacheinander (Übersetzung auf eigener Seite)",
            Layout.BESIDE: "nebeneinander (Deutsch links, Übersetzung rechts)",
        }[self]


@dataclass(frozen=True)
class Formatters:
    """Dates and times in a language (the Qt edge builds them from QLocale)."""

    date: DateFormatter
    time: TimeFormatter


@dataclass(frozen=True)
class Organisation:
    """Sender of the letters, from the settings."""

    name: str
    address: str = ""
    phone: str = ""
    logo: bytes | None = None
    configured: bool = True  # False while the settings still hold placeholders

    @property
    def address_lines(self) -> list[str]:
        return [
            line.strip() for line in self.address.replace(",", "\n").splitlines() if line.strip()
        ]

    @property
    def sender_line(self) -> str:
        """The return address above the window: one short line."""
        return " · ".join([self.name.strip(), *self.address_lines])


@dataclass(frozen=True)
class Recipient:
    """One person in the address window: name and postal address, nothing else."""

    name: str
    street: str = ""
    postal_code: str = ""
    city: str = ""
    family_name: str = ""

    @property
    def town(self) -> str:
        return f"{self.postal_code} {self.city}".strip()

    @property
    def has_address(self) -> bool:
        return bool(self.street.strip() and self.town)


#: Lines of the address zone (27.3 mm) at 10 pt.
WINDOW_LINES = 5


def window_lines(recipients: Sequence[Recipient]) -> tuple[str, ...]:
    """The address window: the names, then the first person's postal address.

    Never the purpose, the authority or anything else sensitive (the window shows through the
    envelope). The letter goes to one household: the first person's address. The address is
    never cut off: when the names do not fit above it, a family is written "Familie Haddad",
    others as the first names and "und N weitere".
    """
    if not recipients:
        return ()
    names = [r.name.strip() for r in recipients if r.name.strip()]
    first = recipients[0]
    address = [line for line in (first.street.strip(), first.town) if line]
    room = WINDOW_LINES - len(address)
    if len(names) > room:
        families = {r.family_name.strip() for r in recipients}
        if len(families) == 1 and "" not in families:
            names = [f"Familie {families.pop()}"]
        else:
            kept = names[: room - 1]
            names = [*kept, f"und {len(names) - len(kept)} weitere"]
    return (*names, *address)


def letter_warnings(organisation: Organisation, recipients: Sequence[Recipient]) -> tuple[str, ...]:
    """What the guide should know before the letter goes out (German)."""
    warnings: list[str] = []
    if not organisation.configured:
        warnings.append(
            "Der Absender ist noch nicht eingetragen: Auf dem Brief stehen Platzhalter "
            "(Einstellungen → Briefe: Absender)."
        )
    missing = [r.name for r in recipients if not r.has_address]
    if missing and (not recipients or not recipients[0].has_address):
        warnings.append(
            f"Für {', '.join(missing)} ist keine Anschrift gespeichert: Im Anschriftfeld steht "
            "nur der Name. Bitte den Brief persönlich übergeben."
        )
    return tuple(warnings)


@dataclass(frozen=True)
class Letterhead:
    """The DIN 5008 form B parts of the first page."""

    organisation: Organisation
    recipient_lines: tuple[str, ...] = ()
    info: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Block:
    """One piece of a section; the same block in the other language sits beside it.

    kind: "heading" (the subject), "title" (a smaller heading), "paragraph", "fields" (label and
    value lines), "checklist" (boxes to tick), "note" (small grey text).
    """

    kind: str
    text: str = ""
    rows: tuple[tuple[str, tuple[str, ...]], ...] = ()
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    texts: LetterTexts
    blocks: tuple[Block, ...]
    translation_label: str = ""

    @property
    def rtl(self) -> bool:
        return self.texts.rtl


@dataclass(frozen=True)
class Letter:
    """One letter: its letterhead (None: a plain document) and the HTML body; ``title`` names
    the PDF and the job; ``lang`` is the language beside German ("de" when German only);
    ``warnings`` are for the guide, not printed."""

    title: str
    letterhead: Letterhead | None
    body_html: str
    lang: str = "de"
    warnings: tuple[str, ...] = ()


def ltr(text: str, rtl: bool) -> str:
    """``text`` kept left to right inside a right-to-left block (unchanged elsewhere)."""
    return f"{LEFT_TO_RIGHT_EMBEDDING}{text}{POP_DIRECTIONAL_FORMATTING}" if rtl and text else text


def embedded(text: str, rtl: bool) -> str:
    """``text`` of a right-to-left language kept together inside a left-to-right block (a
    sentence's full stop and brackets then stay where an Arabic or Farsi reader expects them)."""
    return f"{RIGHT_TO_LEFT_EMBEDDING}{text}{POP_DIRECTIONAL_FORMATTING}" if rtl and text else text


def unbreakable(number: str) -> str:
    """A phone number that does not break across lines (other text is left as it is)."""
    if number and all(c.isdigit() or c in " +-/()" for c in number):
        return number.replace(" ", NO_BREAK_SPACE)
    return number


def translation_label(texts: LetterTexts, document: str) -> str:
    """The small German note above a translated part, e.g. "Übersetzung der
    Terminbestätigung: العربية". (Whether it was reviewed is shown to the guide, not printed.)"""
    return f"Übersetzung {document}: {texts.language}"


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(letters_dir())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def _section_view(section: Section) -> dict[str, Any]:
    rtl = section.rtl
    return {
        "lang": section.texts.code,
        "dir": "rtl" if rtl else "ltr",
        "rtl": rtl,
        "point_size": RTL_POINT_SIZE if rtl else BODY_POINT_SIZE,
        "blocks": section.blocks,
        "translation_label": section.translation_label,
        "translation_note": section.texts.get("common", "translation_note")
        if section.translation_label
        else "",
    }


def render_body(
    sections: Sequence[Section],
    *,
    layout: Layout = Layout.BELOW,
    signature_lines: Sequence[Sequence[str]] = (),
) -> str:
    """The body of a letter as HTML for QTextDocument.

    ``signature_lines``: label groups for lines to sign at the very end (once for all languages).
    Sections must have the same number of blocks (they are built by the same function).
    """
    views = [_section_view(section) for section in sections]
    if len({len(section.blocks) for section in sections}) > 1:
        raise ValueError("Die Abschnitte eines Briefs müssen gleich aufgebaut sein.")
    rows = list(zip(*(section.blocks for section in sections), strict=True))
    return (
        _environment()
        .get_template(BODY_TEMPLATE)
        .render(
            sections=views,
            beside=layout == Layout.BESIDE and len(views) == 2,
            rows=rows,
            signature_lines=[list(group) for group in signature_lines],
            body_point_size=BODY_POINT_SIZE,
        )
    )
