"""Information on data protection and consent (DSGVO Art. 13, Art. 6/9): the form a client signs.

What is stored, why, on which legal basis, who gets it, for how long, the client's rights and how
to withdraw; then three consents to tick (storing the data, the topic health, talking to
authorities) and the lines to sign, once for both languages. The German text governs.

The form has a version (``[consent] version`` in de.toml). Each translation names the version it
translates; a translation of an older version is refused until it is brought up to date, so the
version recorded with the client's consent is the version of every language printed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import partial

from lotsen_app.letters.common import build_letter, build_sections, info_block
from lotsen_app.letters.model import (
    Block,
    Layout,
    Letter,
    Organisation,
    Recipient,
    Section,
    embedded,
    ltr,
    unbreakable,
)
from lotsen_app.letters.texts import LetterTextError, LetterTexts, load_texts

DOCUMENT = "consent"
TITLE = "Information zum Datenschutz und Einwilligung"
TOPICS = ("controller", "what", "why", "basis", "recipients", "duration", "rights")


def consent_version() -> str:
    """The version of the German form, recorded with a client's consent."""
    return load_texts("de").get(DOCUMENT, "version")


def check_version(texts: LetterTexts, version: str) -> None:
    translated = texts.get(DOCUMENT, "version")
    if translated != version:
        raise LetterTextError(
            f"Die Übersetzung der Einwilligung ({texts.language}) gehört zur Fassung {translated}, "
            f"die deutsche Fassung ist {version}. Bitte die Datei {texts.code}.toml anpassen "
            "(Text übersetzen und version angleichen)."
        )


def _section(
    texts: LetterTexts,
    *,
    client_name: str,
    organisation: Organisation,
    retention_years: int,
    version: str,
    encrypted: bool,
) -> tuple[Block, ...]:
    rtl = texts.rtl

    say = partial(texts.get, DOCUMENT)

    org = ltr(organisation.name.strip(), rtl)
    address = ltr(", ".join(organisation.address_lines), rtl)
    phone = ltr(unbreakable(organisation.phone.strip() or "–"), rtl)
    sentences = {
        "controller": say("controller", organisation=org, address=address),
        "what": say("what"),
        "why": say("why"),
        "basis": say("basis"),
        "recipients": say("recipients") + (f" {say('encrypted')}" if encrypted else ""),
        "duration": say("duration", years=str(retention_years)),
        "rights": say("rights", organisation=org),
    }
    blocks = [
        Block("heading", say("title")),
        Block("note", say("version_line", version=ltr(version, rtl))),
        Block("fields", rows=((say("name"), (ltr(client_name, rtl),)),)),
        Block("paragraph", say("intro", organisation=org)),
    ]
    for topic in TOPICS:
        blocks.append(Block("title", say(f"{topic}_heading")))
        blocks.append(Block("paragraph", sentences[topic]))
        if topic == "what":
            blocks.append(Block("paragraph", say("health")))
    blocks += [
        Block("paragraph", say("withdraw", phone=phone)),
        Block("title", say("consent_heading")),
        Block(
            "checklist",
            say("consent_intro"),
            items=(say("consent_store"), say("consent_health"), say("consent_authorities")),
        ),
    ]
    return tuple(blocks)


def consent_form(
    *,
    client_name: str,
    lang: str,
    organisation: Organisation,
    recipients: list[Recipient],
    guide_name: str,
    retention_years: int,
    today: date,
    encrypted: bool,
    layout: Layout = Layout.BELOW,
) -> Letter:
    """The form in German and ``lang``; LetterTextError when a translation is missing or old.

    ``encrypted``: whether the database is encrypted; only then does the form say so."""
    version = consent_version()

    def build(texts: LetterTexts) -> tuple[Block, ...]:
        check_version(texts, version)
        return _section(
            texts,
            client_name=client_name,
            organisation=organisation,
            retention_years=retention_years,
            version=version,
            encrypted=encrypted,
        )

    sections = _tick_once(build_sections(lang, build, "der Einwilligung"))
    signatures: list[list[str]] = [
        [embedded(s.texts.get(DOCUMENT, key), s.rtl) for s in sections]
        for key in ("place_date", "signature_client", "signature_guide")
    ]
    return build_letter(
        TITLE,
        sections,
        organisation=organisation,
        recipients=recipients or [Recipient(client_name)],
        info=(*info_block(guide_name, organisation, today), ("Fassung", version)),
        layout=layout,
        signature_lines=[_unique(group) for group in signatures],
    )


CONSENT_ITEMS = ("consent_store", "consent_health", "consent_authorities")


def _tick_once(sections: list[Section]) -> list[Section]:
    """One set of boxes, on the German page: each box with the German sentence and, below it,
    the translation; the translated part asks to tick and sign there. (Two sets of boxes left
    the client unsure which one counts; the German text governs.)"""
    if len(sections) < 2:
        return sections
    german, translated = sections
    own = translated.texts
    german_blocks = tuple(
        replace(
            block,
            items=tuple(
                f"{text}\n{embedded(own.get(DOCUMENT, key), own.rtl)}"
                for text, key in zip(block.items, CONSENT_ITEMS, strict=True)
            ),
        )
        if block.kind == "checklist"
        else block
        for block in german.blocks
    )
    translated_blocks = tuple(
        Block(
            "paragraph",
            f"{own.get(DOCUMENT, 'consent_intro')} {own.get(DOCUMENT, 'tick_german')}",
        )
        if block.kind == "checklist"
        else block
        for block in translated.blocks
    )
    return [replace(german, blocks=german_blocks), replace(translated, blocks=translated_blocks)]


def _unique(labels: list[str]) -> list[str]:
    return list(dict.fromkeys(labels))
