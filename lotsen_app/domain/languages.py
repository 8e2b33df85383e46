"""Languages that guides and clients speak, by ISO 639 code, with their German names."""

from __future__ import annotations

LANGUAGES: dict[str, str] = {
    "de": "Deutsch",
    "tr": "Türkisch",
    "ar": "Arabisch",
    "uk": "Ukrainisch",
    "ru": "Russisch",
    "bg": "Bulgarisch",
    "ro": "Rumänisch",
    "fa": "Persisch (Farsi/Dari)",
    "ku": "Kurdisch (Kurmandschi)",
    "ckb": "Kurdisch (Sorani)",
    "pl": "Polnisch",
    "en": "Englisch",
    "fr": "Französisch",
    "ps": "Paschtu",
    "ti": "Tigrinya",
    "so": "Somali",
    "sq": "Albanisch",
    "sr": "Serbisch",
    "hr": "Kroatisch",
    "bs": "Bosnisch",
    "el": "Griechisch",
    "it": "Italienisch",
    "es": "Spanisch",
    "pt": "Portugiesisch",
    "ur": "Urdu",
    "hi": "Hindi",
    "vi": "Vietnamesisch",
    "zh": "Chinesisch",
}

# Languages the letters (issue 5) are written in.
LETTER_LANGUAGES: tuple[str, ...] = (
    "de",
    "en",
    "tr",
    "ar",
    "uk",
    "ru",
    "bg",
    "ro",
    "fa",
    "ku",
    "pl",
    "fr",
)


def language_name(code: str) -> str:
    return LANGUAGES.get(code, code)


def parse_language(text: str) -> str | None:
    """A code from a code or a German name ("Türkisch", "tr", "TR"); None when unknown."""
    wanted = text.strip().casefold()
    if not wanted:
        return None
    if wanted in LANGUAGES:
        return wanted
    for code, name in LANGUAGES.items():
        if name.casefold() == wanted or name.split(" (")[0].casefold() == wanted:
            return code
    return None
