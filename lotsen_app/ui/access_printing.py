"""The copy of a person's record (DSGVO Art. 15) as PDF: gathered by ``AccessService``, built by
``lotsen_app.letters.access``, laid out on A4 by ``printing`` (Qt shapes Arabic and Farsi)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from lotsen_app.domain.languages import language_name
from lotsen_app.letters.access import TITLE, access_language, access_letter, lead_guide_name
from lotsen_app.letters.model import Letter
from lotsen_app.letters.texts import LetterTextError
from lotsen_app.services.access import EXPORT_DETAIL, AccessService, PersonRecord
from lotsen_app.services.container import Services
from lotsen_app.ui.letter_printing import languages_label
from lotsen_app.ui.printing import write_letters_pdf


def build_access_letter(services: Services, record: PersonRecord) -> Letter:
    """German and the person's language; German alone (with a warning for the guide) when
    that language's texts are faulty, so the copy can always be handed over."""
    lang = access_language(record.person.preferred_language)
    settings = services.settings

    def build(language: str) -> Letter:
        return access_letter(
            record,
            lang=language,
            organisation=services.outgoing.organisation(),
            retention_years=settings.retention_years(),
            today=services.clock().date(),
            guide_name=lead_guide_name(record),
        )

    try:
        return build(lang)
    except LetterTextError as error:
        if lang == "de":
            raise
        letter = build("de")
        note = f"Nur auf Deutsch: die Texte für {language_name(lang)} sind fehlerhaft – {error}"
        return replace(letter, warnings=(*letter.warnings, note))


def save_access_pdf(services: Services, client_id: int, path: Path) -> tuple[int, tuple[str, ...]]:
    """The PDF and the audit line; returns the pages and the warnings for the guide."""
    record = AccessService(services.database, services.clock).record(client_id)
    letter = build_access_letter(services, record)
    pages = write_letters_pdf([letter], Path(path), title=TITLE)
    services.outgoing.record_printed(
        "client", client_id, EXPORT_DETAIL, languages_label(letter.lang)
    )
    return pages, letter.warnings


def write_access_pdf(services: Services, client_id: int, path: Path) -> int:
    """The whole record of client ``client_id`` as one A4 PDF at ``path`` (atomically, nothing
    in the system's temp folder); notes it in the audit log (kind, id, languages). Returns the
    number of pages. NotFoundError (German) for an unknown client."""
    return save_access_pdf(services, client_id, path)[0]
