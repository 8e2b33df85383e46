"""Letters for clients (issue 5): texts and templates from ``resources/letters``, no Qt.

Each document is built as one section per language (German first) and rendered to the HTML body
of a ``Letter``; the Qt edge (``lotsen_app.ui.letter_printing``, ``lotsen_app.ui.printing``)
supplies the date formatters, paints the DIN 5008 letterhead and writes the PDF or prints.
"""

from lotsen_app.letters.appointment import appointment_letter
from lotsen_app.letters.consent import consent_form, consent_version
from lotsen_app.letters.deadline import deadline_letter
from lotsen_app.letters.model import Formatters, Layout, Letter, Organisation, Recipient
from lotsen_app.letters.texts import (
    LETTER_KEYS,
    LetterTextError,
    LetterTexts,
    letters_dir,
    load_texts,
    text_problems,
)

__all__ = [
    "LETTER_KEYS",
    "Formatters",
    "Layout",
    "Letter",
    "LetterTextError",
    "LetterTexts",
    "Organisation",
    "Recipient",
    "appointment_letter",
    "consent_form",
    "consent_version",
    "deadline_letter",
    "letters_dir",
    "load_texts",
    "text_problems",
]
