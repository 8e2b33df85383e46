"""The sentences of the letters, one TOML file per language under ``resources/letters/texts``.

Each file has a ``[meta]`` block (``language``: the language's own name, ``reviewed``: whether
a native speaker has checked it, ``reviewer``) and one table per document, e.g.
``[appointment]``. Placeholders such as ``{name}`` are filled in when the letter is built; a
coordinator may reword a sentence but must keep its placeholders.
"""

from __future__ import annotations

import string
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from lotsen_app.config import shipped_dir
from lotsen_app.domain.errors import DomainError
from lotsen_app.domain.languages import LETTER_LANGUAGES

#: The deadline kinds (DeadlineKind values) each with a ``kind_`` and a ``send_`` sentence.
DEADLINE_KIND_KEYS = (
    "widerspruch",
    "einspruch",
    "klage",
    "abgabe",
    "vorlage",
    "mitwirkung",
    "weiterbewilligung",
    "aufenthaltstitel",
    "pass",
    "sonstige",
)
#: The headings and labels of the Art. 15 copy (``[access]``), each without placeholders.
ACCESS_LABEL_KEYS = (
    "none",
    "yes",
    "no",
    "person",
    "guides",
    "status_history",
    "consents",
    "appointments",
    "contacts",
    "letters_in",
    "letters_out",
    "deadlines",
    "goals",
    "tasks",
    "volunteer_time",
    "audit",
    "number",
    "name",
    "form_of_address",
    "birth_date",
    "gender",
    "phone",
    "email",
    "address",
    "district",
    "languages",
    "preferred_language",
    "interpreter",
    "arrival_year",
    "strengths",
    "goals_own_words",
    "status",
    "opened_on",
    "closed_on",
    "reason",
    "created",
    "changed",
    "guide",
    "role",
    "period",
    "note",
    "date",
    "kind",
    "duration",
    "topics",
    "steps",
    "travel",
    "authority",
    "place",
    "purpose",
    "checklist",
    "result",
    "others",
    "subject",
    "file_number",
    "received",
    "scan",
    "due",
    "done",
    "explanation",
    "text",
    "area",
    "target_date",
    "history",
    "scope",
    "health",
    "authorities",
    "sheet",
    "withdrawn",
    "action",
    "record",
    "actor",
)
#: Every key of every document, with the placeholders its sentence must contain.
LETTER_KEYS: dict[str, dict[str, frozenset[str]]] = {
    "appointment": {
        "subject": frozenset(),
        "salutation": frozenset({"name"}),
        "intro": frozenset(),
        "when": frozenset(),
        "when_value": frozenset({"date", "time"}),
        "where": frozenset(),
        "room": frozenset(),
        "purpose": frozenset(),
        "bring": frozenset(),
        "interpreter": frozenset(),
        "interpreter_note": frozenset(),
        "cancel": frozenset({"phone"}),
        "closing": frozenset(),
    },
    "common": {
        "translation_note": frozenset(),
    },
    "deadline": {
        "subject": frozenset(),
        "salutation": frozenset({"name"}),
        "intro": frozenset(),
        "what": frozenset(),
        "to_whom": frozenset(),
        "by_when": frozenset(),
        "by_when_value": frozenset({"date"}),
        "file_number": frozenset(),
        "send": frozenset(),
        "arrival_note": frozenset(),
        "help": frozenset({"phone"}),
        "closing": frozenset(),
        **{f"kind_{kind}": frozenset() for kind in DEADLINE_KIND_KEYS},
        **{f"send_{kind}": frozenset() for kind in DEADLINE_KIND_KEYS},
    },
    "consent": {
        "version": frozenset(),
        "title": frozenset(),
        "version_line": frozenset({"version"}),
        "name": frozenset(),
        "intro": frozenset({"organisation"}),
        "controller_heading": frozenset(),
        "controller": frozenset({"organisation", "address"}),
        "what_heading": frozenset(),
        "what": frozenset(),
        "health": frozenset(),
        "why_heading": frozenset(),
        "why": frozenset(),
        "basis_heading": frozenset(),
        "basis": frozenset(),
        "recipients_heading": frozenset(),
        "recipients": frozenset(),
        "encrypted": frozenset(),
        "duration_heading": frozenset(),
        "duration": frozenset({"years"}),
        "rights_heading": frozenset(),
        "rights": frozenset({"organisation"}),
        "withdraw": frozenset({"phone"}),
        "consent_heading": frozenset(),
        "consent_intro": frozenset(),
        "consent_store": frozenset(),
        "consent_health": frozenset(),
        "consent_authorities": frozenset(),
        "tick_german": frozenset(),
        "place_date": frozenset(),
        "signature_client": frozenset(),
        "signature_guide": frozenset(),
    },
    "access": {
        "title": frozenset(),
        "intro": frozenset({"organisation", "date"}),
        "recipients": frozenset(),
        "source_heading": frozenset(),
        "source": frozenset(),
        "data_heading": frozenset(),
        "values_note": frozenset(),
        **{key: frozenset() for key in ACCESS_LABEL_KEYS},
    },
}
RTL_LANGUAGES = frozenset({"ar", "fa"})


class LetterTextError(DomainError):
    """A language file is missing, unreadable or incomplete (message in German)."""


@dataclass(frozen=True)
class LetterTexts:
    code: str
    language: str
    reviewed: bool
    reviewer: str
    documents: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def rtl(self) -> bool:
        return self.code in RTL_LANGUAGES

    def get(self, document: str, key: str, **values: str) -> str:
        """One sentence with its placeholders filled in (plain text, not HTML)."""
        return self.documents[document][key].format(**values)


def letters_dir() -> Path:
    return shipped_dir("resources") / "letters"


def texts_path(code: str) -> Path:
    return letters_dir() / "texts" / f"{code}.toml"


def _read(code: str) -> dict[str, object]:
    if code not in LETTER_LANGUAGES:
        raise LetterTextError(
            f"Für die Sprache „{code}“ gibt es keine Briefe. Möglich sind: "
            f"{', '.join(LETTER_LANGUAGES)}."
        )
    path = texts_path(code)
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise LetterTextError(f"Die Textdatei {path} fehlt.") from None
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise LetterTextError(f"Die Textdatei {path} ist nicht lesbar: {error}") from None


def _placeholders(text: str) -> set[str] | None:
    """The names in ``{...}``; None when the braces do not match."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return None


def document_problems(code: str, document: str, data: dict[str, object]) -> list[str]:
    """Everything wrong with one document's table of a language file, as German sentences."""
    keys = LETTER_KEYS[document]
    table = data.get(document)
    if not isinstance(table, dict):
        return [f"{code}: der Abschnitt [{document}] fehlt."]
    problems: list[str] = []
    for key, needed in keys.items():
        text = table.get(key)
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{code}: [{document}] {key} fehlt.")
            continue
        found = _placeholders(text)
        if found is None:
            problems.append(f"{code}: [{document}] {key}: geschweifte Klammern passen nicht.")
        elif found != needed:
            expected = ", ".join(f"{{{n}}}" for n in sorted(needed)) or "keine"
            problems.append(
                f"{code}: [{document}] {key}: Platzhalter {expected} erwartet, "
                f"gefunden {', '.join(f'{{{n}}}' for n in sorted(found)) or 'keine'}."
            )
    for key in table:
        if key not in keys:
            problems.append(f"{code}: [{document}] {key} ist unbekannt (Tippfehler?).")
    return problems


def text_problems(code: str, data: dict[str, object]) -> list[str]:
    """Everything wrong with one language file's content, as German sentences."""
    problems: list[str] = []
    meta = data.get("meta")
    if not isinstance(meta, dict):
        problems.append(f"{code}: der Abschnitt [meta] fehlt.")
    else:
        if not isinstance(meta.get("language"), str) or not meta["language"].strip():
            problems.append(f"{code}: [meta] language fehlt.")
        if not isinstance(meta.get("reviewed"), bool):
            problems.append(f"{code}: [meta] reviewed muss true oder false sein.")
        if not isinstance(meta.get("reviewer"), str):
            problems.append(f"{code}: [meta] reviewer fehlt.")
    for document in LETTER_KEYS:
        problems.extend(document_problems(code, document, data))
    return problems


def load_texts(code: str) -> LetterTexts:
    """The checked texts of one language; LetterTextError (German) when anything is wrong."""
    data = _read(code)
    problems = text_problems(code, data)
    if problems:
        raise LetterTextError(" ".join(problems))
    meta = data["meta"]
    assert isinstance(meta, dict)
    documents: dict[str, dict[str, str]] = {}
    for document in LETTER_KEYS:
        table = data[document]
        assert isinstance(table, dict)
        documents[document] = {key: str(table[key]).strip() for key in LETTER_KEYS[document]}
    return LetterTexts(
        code=code,
        language=str(meta["language"]).strip(),
        reviewed=bool(meta["reviewed"]),
        reviewer=str(meta["reviewer"]).strip(),
        documents=documents,
    )
