"""Letters for clients (issue 5): texts and templates from ``resources/letters``, no Qt.

The Qt edge (``lotsen_app.ui.letter_printing``) supplies date and time formatters and turns the
HTML built here into a PDF.
"""

from lotsen_app.letters.appointment import Organisation, appointment_letter_html
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
    "LetterTextError",
    "LetterTexts",
    "Organisation",
    "appointment_letter_html",
    "letters_dir",
    "load_texts",
    "text_problems",
]
