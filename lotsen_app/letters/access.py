"""The copy of everything stored about a person (DSGVO Art. 15), as a letter to print.

German first; where the person's preferred language has letters, every heading and label also in
that language ("Kontakte / Contacts") and the explanation (purposes, recipients, retention,
rights, where to complain, where the data come from) as a German paragraph followed by the same
paragraph in the language. The values (names, notes, dates) are printed as stored.

The sentences are the ``[access]`` table of ``resources/letters/texts/<lang>.toml``, one of the
documents ``texts.py`` knows and checks (every key, its placeholders, no unknown key); the
explanation reuses the consent form's sentences, so both say the same. The body is
``resources/letters/access.html.j2``; the printing edge adds the letterhead (address window,
information block) and lays it out with Qt, which shapes Arabic and Farsi.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import jinja2

from lotsen_app.domain.consent import SCOPE_ACCOMPANIMENT, SCOPE_AUTHORITIES, SCOPE_HEALTH
from lotsen_app.domain.deadlines import DeadlineKind
from lotsen_app.domain.enums import (
    AppointmentMode,
    AppointmentStatus,
    AssignmentRole,
    ClientStatus,
    ClosingReason,
    ContactKind,
    DeadlineStatus,
    FormOfAddress,
    Gender,
    GoalStatus,
    Pillar,
    StepActor,
    Topic,
    VolunteerActivity,
)
from lotsen_app.domain.languages import LETTER_LANGUAGES, language_name
from lotsen_app.letters.common import info_block
from lotsen_app.letters.model import (
    BODY_POINT_SIZE,
    RTL_POINT_SIZE,
    Letter,
    Letterhead,
    Organisation,
    Recipient,
    embedded,
    letter_warnings,
    ltr,
    window_lines,
)
from lotsen_app.letters.texts import (
    LETTER_KEYS,
    LetterTexts,
    document_problems,
    letters_dir,
    load_texts,
)

if TYPE_CHECKING:
    from lotsen_app.domain.access import PersonRecord

DOCUMENT = "access"
TITLE = "Auskunft über gespeicherte Daten (Art. 15 DSGVO)"
TEMPLATE = "access.html.j2"
#: Point size of the data; a little smaller than a letter, the record is long.
POINT_SIZE = BODY_POINT_SIZE - 1

#: Every key of the ``[access]`` table, with the placeholders its sentence must contain.
ACCESS_KEYS: dict[str, frozenset[str]] = LETTER_KEYS[DOCUMENT]

#: German names of the record kinds in the audit log.
ENTITY_NAMES = {
    "client": "Klient:in",
    "assignment": "Zuordnung",
    "consent": "Einwilligung",
    "appointment": "Termin",
    "contact": "Kontakt",
    "letter": "Brief",
    "deadline": "Frist",
    "goal": "Ziel",
    "task": "Aufgabe",
    "volunteer_entry": "Ehrenamtszeit",
}
SCOPE_NAMES = {
    SCOPE_ACCOMPANIMENT: "Begleitung",
    SCOPE_HEALTH: "Gesundheit",
    SCOPE_AUTHORITIES: "Ämter",
}


# --- the texts ---------------------------------------------------------------------------------


def access_text_problems(code: str, data: dict[str, object]) -> list[str]:
    """Everything wrong with a language file's ``[access]`` table, as German sentences."""
    return document_problems(code, DOCUMENT, data)


@dataclass(frozen=True)
class AccessTexts:
    """One language's letter texts plus its ``[access]`` table."""

    texts: LetterTexts
    access: dict[str, str] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.texts.code

    @property
    def rtl(self) -> bool:
        return self.texts.rtl

    def say(self, key: str, **values: str) -> str:
        return self.access[key].format(**values)


def load_access_texts(code: str) -> AccessTexts:
    """The checked texts; LetterTextError (German) when the language or a sentence is wrong."""
    texts = load_texts(code)
    return AccessTexts(texts, texts.documents[DOCUMENT])


def access_language(preferred: str) -> str:
    """The language beside German: the preferred one where letters exist, else German alone."""
    return preferred if preferred in LETTER_LANGUAGES else "de"


# --- the parts of the document -----------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    """A heading or label in German and the person's language (kept together, "embedded",
    when that language is written right to left)."""

    german: str
    translation: str = ""


@dataclass(frozen=True)
class Entry:
    """One record: its head line and label/value rows (values as lines)."""

    head: str
    rows: tuple[tuple[Label, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Part:
    """kind: heading, title, subtitle, paragraph, note (German and translation), records (a
    table of entries with rows), list (one line per entry)."""

    kind: str
    german: str = ""
    translation: str = ""
    records: tuple[Entry, ...] = ()
    empty: Label = Label("")


def _day(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def _moment(value: datetime | None) -> str:
    return value.strftime("%d.%m.%Y %H:%M") if value else ""


def _enum_label(enum_class: type[StrEnum], value: str | None) -> str:
    """The German label of a stored value; the stored value itself when it is unknown."""
    if not value:
        return ""
    try:
        member = enum_class(value)
    except ValueError:
        return value
    label = getattr(member, "label", None)
    return label if isinstance(label, str) else value


def _minutes(value: int) -> str:
    return f"{value} min" if value else ""


def _euros(cents: int) -> str:
    return f"{cents // 100},{cents % 100:02d} €" if cents else ""


def _period(start: date | None, end: date | None) -> str:
    return f"{_day(start)} – {_day(end)}" if end else f"{_day(start)} –"


class _Builder:
    """Turns a PersonRecord into parts, with labels in German and the person's language."""

    def __init__(self, german: AccessTexts, other: AccessTexts | None) -> None:
        self.german = german
        self.other = other

    def label(self, key: str) -> Label:
        """ "Kontakte / Contacts": the translation kept together in a German line."""
        other = self.other
        translation = embedded(other.say(key), other.rtl) if other is not None else ""
        return Label(self.german.say(key), translation)

    def pair(self, kind: str, say: Callable[[AccessTexts], str], **extra: Any) -> Part:
        return Part(
            kind,
            german=say(self.german),
            translation=say(self.other) if self.other else "",
            **extra,
        )

    def title(self, key: str) -> Part:
        label = self.label(key)
        return Part("title", german=label.german, translation=label.translation)

    def yes_no(self, value: bool) -> str:
        return self.german.say("yes") if value else self.german.say("no")

    def rows(
        self, *pairs: tuple[str, str | Sequence[str]]
    ) -> tuple[tuple[Label, tuple[str, ...]], ...]:
        """Label and value rows, leaving out what is empty."""
        result = []
        for key, value in pairs:
            values = (value,) if isinstance(value, str) else tuple(value)
            values = tuple(v for v in values if v.strip())
            if values:
                result.append((self.label(key), values))
        return tuple(result)

    def head(self, number: int, *details: str) -> str:
        return " · ".join([f"Nr. {number}", *(d for d in details if d)])

    def records(self, entries: Iterable[Entry], *, as_list: bool = False) -> Part:
        return Part(
            "list" if as_list else "records",
            records=tuple(entries),
            empty=self.label("none"),
        )


def _explanation(
    b: _Builder, organisation: Organisation, retention_years: int, today: date
) -> list[Part]:
    org = organisation.name.strip()

    def consent(key: str, **values: str) -> Callable[[AccessTexts], str]:
        """German data inside a right-to-left sentence is kept left to right."""
        return lambda t: t.texts.get(
            "consent", key, **{name: ltr(value, t.rtl) for name, value in values.items()}
        )

    def access(key: str, **values: str) -> Callable[[AccessTexts], str]:
        return lambda t: t.say(key, **{name: ltr(value, t.rtl) for name, value in values.items()})

    def heading(get: Callable[[AccessTexts], str]) -> Part:
        other = embedded(get(b.other), b.other.rtl) if b.other else ""
        return Part("subtitle", german=get(b.german), translation=other)

    parts = [
        b.pair("heading", access("title")),
        b.pair("paragraph", access("intro", organisation=org, date=_day(today))),
    ]
    if b.other is not None:
        parts.append(
            Part(
                "note",
                german="",
                translation=b.other.texts.get("common", "translation_note"),
            )
        )
    topics = [
        (consent("why_heading"), consent("why")),
        (consent("basis_heading"), consent("basis")),
        (consent("recipients_heading"), access("recipients")),
        (consent("duration_heading"), consent("duration", years=str(retention_years))),
        (access("source_heading"), access("source")),
        (consent("rights_heading"), consent("rights", organisation=org)),
    ]
    for title, text in topics:
        parts += [heading(title), b.pair("paragraph", text)]
    return parts


def _person(b: _Builder, record: PersonRecord) -> list[Part]:
    p = record.person
    birth = _day(p.birth_date) or (str(p.birth_year) if p.birth_year else "")
    address = [p.street, f"{p.postal_code} {p.city}".strip()]
    languages = ", ".join(language_name(code) for code in p.languages)
    closed = " · ".join(
        v for v in (_day(p.closed_on), _enum_label(ClosingReason, p.closing_reason)) if v
    )
    rows = b.rows(
        ("name", f"{p.given_name} {p.family_name}".strip()),
        ("form_of_address", _enum_label(FormOfAddress, p.form_of_address)),
        ("birth_date", birth),
        ("gender", _enum_label(Gender, p.gender)),
        ("phone", p.phone),
        ("email", p.email),
        ("address", address),
        ("district", p.district),
        ("languages", languages),
        ("preferred_language", language_name(p.preferred_language)),
        ("interpreter", b.yes_no(p.interpreter_needed)),
        ("arrival_year", str(p.arrival_year) if p.arrival_year else ""),
        ("strengths", p.strengths.splitlines()),
        ("goals_own_words", p.goals_own_words.splitlines()),
        ("status", f"{_enum_label(ClientStatus, p.status)} ({_day(p.status_since)})"),
        ("opened_on", _day(p.opened_on)),
        ("closed_on", closed),
        ("created", _moment(p.created_at)),
        ("changed", _moment(p.updated_at)),
    )
    return [b.title("person"), b.records([Entry(b.head(p.id), rows)])]


def _guides(b: _Builder, record: PersonRecord) -> list[Part]:
    entries = [
        Entry(
            b.head(a.id, a.guide_name),
            b.rows(
                ("role", _enum_label(AssignmentRole, a.role)),
                ("period", _period(a.start_date, a.end_date)),
                ("note", a.handover_note.splitlines()),
            ),
        )
        for a in record.guides
    ]
    status = [
        Entry(
            " · ".join(
                v
                for v in (
                    _day(c.changed_on),
                    _enum_label(ClientStatus, c.status),
                    _enum_label(ClosingReason, c.reason),
                    c.note,
                )
                if v
            )
        )
        for c in record.status_history
    ]
    return [
        b.title("guides"),
        b.records(entries),
        b.title("status_history"),
        b.records(status, as_list=True),
    ]


def _consents(b: _Builder, record: PersonRecord) -> list[Part]:
    entries = [
        Entry(
            b.head(c.id, _day(c.given_on)),
            b.rows(
                ("scope", ", ".join(SCOPE_NAMES.get(s, s) for s in c.scope)),
                ("health", b.yes_no(c.health_allowed)),
                ("authorities", b.yes_no(c.authority_contact_allowed)),
                ("sheet", f"{c.sheet_version}, {language_name(c.sheet_language)}"),
                ("withdrawn", _day(c.withdrawn_on)),
            ),
        )
        for c in record.consents
    ]
    return [b.title("consents"), b.records(entries)]


def _appointments(b: _Builder, record: PersonRecord) -> list[Part]:
    entries = []
    for a in record.appointments:
        checklist = [f"{'☑' if item.done else '☐'} {item.text}" for item in a.checklist]
        interpreter = " · ".join(
            v
            for v in (
                a.interpreter_name,
                language_name(a.interpreter_language) if a.interpreter_language else "",
            )
            if v
        )
        entries.append(
            Entry(
                b.head(a.id, _moment(a.starts_at), _enum_label(AppointmentStatus, a.status)),
                b.rows(
                    ("authority", a.authority_name),
                    ("place", " · ".join(v for v in (a.place, a.room) if v)),
                    ("duration", _minutes(a.duration_minutes)),
                    ("purpose", a.purpose.splitlines()),
                    ("kind", _enum_label(AppointmentMode, a.mode)),
                    ("guide", a.guide_name),
                    ("interpreter", interpreter),
                    ("checklist", checklist),
                    ("result", a.outcome.splitlines()),
                    ("others", str(a.other_people) if a.other_people else ""),
                    ("created", _moment(a.created_at)),
                    ("changed", _moment(a.updated_at)),
                ),
            )
        )
    return [b.title("appointments"), b.records(entries)]


def _contacts(b: _Builder, record: PersonRecord) -> list[Part]:
    entries = []
    for c in record.contacts:
        steps = [f"{s.description} ({_enum_label(StepActor, s.actor)})" for s in c.steps]
        travel = ", ".join(
            v for v in (_minutes(c.travel_minutes), _euros(c.travel_cost_cents)) if v
        )
        entries.append(
            Entry(
                b.head(c.id, _day(c.occurred_on), _enum_label(ContactKind, c.kind)),
                b.rows(
                    ("duration", _minutes(c.duration_minutes)),
                    ("topics", ", ".join(_enum_label(Topic, t) for t in c.topics)),
                    ("guide", c.guide_name),
                    ("authority", c.authority_name),
                    ("appointments", f"Nr. {c.appointment_id}" if c.appointment_id else ""),
                    ("note", c.note.splitlines()),
                    ("steps", steps),
                    ("travel", travel),
                    ("others", str(c.other_people) if c.other_people else ""),
                ),
            )
        )
    return [b.title("contacts"), b.records(entries)]


def _letters(b: _Builder, record: PersonRecord) -> list[Part]:
    incoming = []
    for letter in record.letters_in:
        scan = (
            f"{b.german.say('yes')} ({letter.scan_mime or '?'}, {letter.scan_size} Bytes, "
            f"Datei {letter.scan_file})"
            if letter.scan_present
            else b.german.say("no")
        )
        incoming.append(
            Entry(
                b.head(letter.id, letter.authority_name),
                b.rows(
                    ("subject", letter.subject.splitlines()),
                    ("date", _day(letter.letter_date)),
                    ("received", _day(letter.received_on)),
                    ("kind", letter.delivery_kind),
                    ("file_number", letter.file_number),
                    ("scan", scan),
                    ("created", _moment(letter.created_at)),
                ),
            )
        )
    outgoing = [
        Entry(
            f"{_moment(line.at)} · {line.detail} · "
            f"{ENTITY_NAMES.get(line.entity, line.entity)} Nr. {line.entity_id}"
        )
        for line in record.letters_out
    ]
    return [
        b.title("letters_in"),
        b.records(incoming),
        b.title("letters_out"),
        b.records(outgoing, as_list=True),
    ]


def _deadlines(b: _Builder, record: PersonRecord) -> list[Part]:
    entries = []
    for d in record.deadlines:
        done = " · ".join(v for v in (_day(d.done_on), _enum_label(StepActor, d.done_by)) if v)
        entries.append(
            Entry(
                b.head(d.id, _day(d.due_date), _enum_label(DeadlineStatus, d.status)),
                b.rows(
                    ("kind", _enum_label(DeadlineKind, d.kind)),
                    ("subject", d.title),
                    ("authority", d.authority_name),
                    ("letters_in", f"Nr. {d.letter_id}" if d.letter_id else ""),
                    ("received", _day(d.received_on or d.delivered_on)),
                    ("done", done),
                    ("note", d.note.splitlines()),
                    ("explanation", d.explanation.splitlines()),
                    ("created", _moment(d.created_at)),
                ),
            )
        )
    return [b.title("deadlines"), b.records(entries)]


def _goals(b: _Builder, record: PersonRecord) -> list[Part]:
    goals = []
    for g in record.goals:
        history = [
            " · ".join(
                v
                for v in (
                    _day(e.changed_on),
                    _enum_label(GoalStatus, e.status),
                    e.note,
                    f"„{e.previous_text}“" if e.previous_text else "",
                )
                if v
            )
            for e in g.history
        ]
        goals.append(
            Entry(
                b.head(g.id, _day(g.agreed_on), _enum_label(GoalStatus, g.status)),
                b.rows(
                    ("text", g.text.splitlines()),
                    ("area", _enum_label(Pillar, g.pillar)),
                    ("target_date", _day(g.target_date)),
                    ("changed", _day(g.status_changed_on)),
                    ("note", g.status_note.splitlines()),
                    ("history", history),
                ),
            )
        )
    tasks = []
    for t in record.tasks:
        done = " · ".join(v for v in (_day(t.done_on), _enum_label(StepActor, t.done_by)) if v)
        tasks.append(
            Entry(
                b.head(t.id, t.text),
                b.rows(
                    ("due", _day(t.due_date)),
                    ("actor", _enum_label(StepActor, t.intended_actor)),
                    ("done", done),
                    ("goals", f"Nr. {t.goal_id}" if t.goal_id else ""),
                    ("deadlines", f"Nr. {t.deadline_id}" if t.deadline_id else ""),
                    ("created", _day(t.created_on)),
                ),
            )
        )
    return [b.title("goals"), b.records(goals), b.title("tasks"), b.records(tasks)]


def _volunteer_and_audit(b: _Builder, record: PersonRecord) -> list[Part]:
    volunteer = [
        Entry(
            b.head(v.id, _day(v.occurred_on), v.guide_name),
            b.rows(
                ("kind", _enum_label(VolunteerActivity, v.kind)),
                ("duration", _minutes(v.minutes)),
                ("note", v.note.splitlines()),
            ),
        )
        for v in record.volunteer_time
    ]
    audit = [
        Entry(
            " · ".join(
                v
                for v in (
                    _moment(line.at),
                    line.action,
                    f"{ENTITY_NAMES.get(line.entity, line.entity)} Nr. {line.entity_id}"
                    if line.entity_id is not None
                    else ENTITY_NAMES.get(line.entity, line.entity),
                    line.detail,
                    line.actor,
                )
                if v
            )
        )
        for line in record.audit
    ]
    return [
        b.title("volunteer_time"),
        b.records(volunteer),
        b.title("audit"),
        b.records(audit, as_list=True),
    ]


def access_parts(
    record: PersonRecord,
    german: AccessTexts,
    other: AccessTexts | None,
    *,
    organisation: Organisation,
    retention_years: int,
    today: date,
) -> list[Part]:
    b = _Builder(german, other)
    parts = _explanation(b, organisation, retention_years, today)
    parts += [
        b.title("data_heading"),
        b.pair("note", lambda t: t.say("values_note")),
    ]
    for build in (
        _person,
        _guides,
        _consents,
        _appointments,
        _contacts,
        _letters,
        _deadlines,
        _goals,
        _volunteer_and_audit,
    ):
        parts += build(b, record)
    return parts


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(letters_dir())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_access_body(parts: Sequence[Part], other: AccessTexts | None) -> str:
    rtl = other is not None and other.rtl
    return (
        _environment()
        .get_template(TEMPLATE)
        .render(
            parts=parts,
            lang=other.code if other else "de",
            dir="rtl" if rtl else "ltr",
            point_size=POINT_SIZE,
            translated_size=RTL_POINT_SIZE - 1 if rtl else POINT_SIZE,
            label_size=POINT_SIZE if rtl else POINT_SIZE - 1,
            # One fixed line height in both cells of a row: a row that meets the end of a page
            # then breaks at the same line in both (Naskh's lines are taller than Latin ones,
            # and the label could otherwise move to the next page without its value).
            row_line_mm=5.2 if rtl else 4.4,
        )
    )


def access_letter(
    record: PersonRecord,
    *,
    lang: str,
    organisation: Organisation,
    retention_years: int,
    today: date,
    guide_name: str = "",
) -> Letter:
    """The whole record as a letter to the person, in German and ``lang`` ("de": German
    only). LetterTextError (German) when the texts of ``lang`` are missing or faulty."""
    german = load_access_texts("de")
    other = load_access_texts(lang) if lang != "de" else None
    p = record.person
    recipient = Recipient(
        name=f"{p.given_name} {p.family_name}".strip(),
        street=p.street,
        postal_code=p.postal_code,
        city=p.city,
        family_name=p.family_name,
    )
    parts = access_parts(
        record,
        german,
        other,
        organisation=organisation,
        retention_years=retention_years,
        today=today,
    )
    return Letter(
        title=TITLE,
        letterhead=Letterhead(
            organisation=organisation,
            recipient_lines=window_lines([recipient]),
            info=info_block(guide_name, organisation, today),
        ),
        body_html=render_access_body(parts, other),
        lang=lang,
        warnings=letter_warnings(organisation, [recipient]),
    )


def lead_guide_name(record: PersonRecord) -> str:
    """The current lead guide (for the information block), else the newest open guide."""
    open_guides = [g for g in record.guides if g.end_date is None]
    lead = [g for g in open_guides if g.role == AssignmentRole.LEAD.value]
    chosen = (lead or open_guides)[-1:] if (lead or open_guides) else []
    return chosen[0].guide_name if chosen else ""
