"""Folding of names for search and for spotting a client who is already recorded.

``fold`` makes search accent- and case-insensitive and turns any script into Latin letters
(anyascii), so that "Müller" is found by "muller" and "Иванов" by "ivanov".
``match_key`` goes further and removes the differences that transliteration makes
(Müller/Mueller, Iwanow/Ivanov, Yılmaz/Yilmaz), for the duplicate warning only.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_NON_ALPHA = re.compile(r"[^a-z]+")
_NON_DIGIT = re.compile(r"\D+")
_GERMAN_UMLAUT_SPELLING = (("ae", "a"), ("oe", "o"), ("ue", "u"))
# German and English transliterations of the same sound meet on one placeholder (upper case,
# so that later rules leave it alone): Schewtschenko/Shevchenko, Schukow/Zhukov, Iwanow/Ivanov.
_TRANSLITERATION = (
    ("tsch", "C"),
    ("sch", "S"),
    ("ch", "C"),
    ("kh", "h"),
    ("sh", "S"),
    ("zh", "S"),
    ("ph", "f"),
    ("th", "t"),
    ("w", "v"),
    ("y", "i"),
    ("j", "i"),
    ("ou", "u"),
    ("ck", "k"),
    ("c", "k"),
    ("q", "k"),
    ("x", "ks"),
    ("dz", "z"),
    ("ts", "z"),
    ("tz", "z"),
    ("ss", "s"),
)
_REPEATS = re.compile(r"(.)\1+")


def fold(text: str) -> str:
    """Lower-case Latin letters and digits, single spaces: for search."""
    if not text:
        return ""
    normalised = unicodedata.normalize("NFKC", text).replace("ß", "ss")
    ascii_text = anyascii(normalised).lower()
    return " ".join(_NON_ALNUM.sub(" ", ascii_text).split())


def digits(text: str) -> str:
    return _NON_DIGIT.sub("", text)


def match_key(name: str) -> str:
    """A key under which spellings of the same name meet (for the duplicate warning)."""
    text = unicodedata.normalize("NFKC", name).replace("ß", "ss")
    # German umlauts written out (Mueller) must meet the folded umlaut (Müller -> muller).
    text = anyascii(text).lower()
    for written, folded in _GERMAN_UMLAUT_SPELLING:
        text = text.replace(written, folded)
    text = _NON_ALPHA.sub("", text)
    for source, target in _TRANSLITERATION:
        text = text.replace(source, target)
    return _REPEATS.sub(r"\1", text).lower()


def person_key(given_name: str, family_name: str) -> str:
    """Order-independent key of a full name (given and family name are often swapped)."""
    parts = sorted(match_key(part) for part in (given_name + " " + family_name).split())
    return " ".join(part for part in parts if part)
