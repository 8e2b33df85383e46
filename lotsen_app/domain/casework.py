"""Casework toward self-help: contacts, goals and tasks, checklists, the self-help measure,
volunteer hours and the client's timeline. Pure rules and data; no Qt, no SQLAlchemy."""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from lotsen_app.domain.appointments import ClientRef, Step
from lotsen_app.domain.dates import MONTHS_LONG
from lotsen_app.domain.deadline_tracking import NewTask
from lotsen_app.domain.deadlines import DeadlineKind
from lotsen_app.domain.enums import (
    AppointmentStatus,
    ContactKind,
    FormOfAddress,
    GoalStatus,
    Pillar,
    StepActor,
    TimelineKind,
    Topic,
    VolunteerActivity,
)

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
MAX_CONTACT_MINUTES = 720
MAX_TRAVEL_MINUTES = 720
MAX_NOTE = 2000
MAX_STEP = 500
MAX_GOAL_TEXT = 1000
MAX_TASK_TEXT = 500
MAX_TEMPLATE_NAME = 200
MAX_ENTRY_MINUTES = 24 * 60
# 1.000 € per contact: a bus or train ticket, even a trip to an embassy in another city;
# more is a typo (cents typed as euros).
MAX_TRAVEL_COST_CENTS = 100_000
MAX_STEPS = 30
CAP_WARNING_SHARE = 0.9

# Which of the four pillars each topic belongs to (a convention of this program: language =
# German courses; work = work, school and education; society = residence, documents and
# everyday life in the city; social = housing, health, money, family).
PILLAR_OF_TOPIC: dict[Topic, Pillar] = {
    Topic.GERMAN_COURSE: Pillar.LANGUAGE,
    Topic.WORK: Pillar.WORK,
    Topic.SCHOOL: Pillar.WORK,
    Topic.RESIDENCE: Pillar.SOCIETY,
    Topic.EVERYDAY: Pillar.SOCIETY,
    Topic.HOUSING: Pillar.SOCIAL,
    Topic.HEALTH: Pillar.SOCIAL,
    Topic.MONEY: Pillar.SOCIAL,
    Topic.FAMILY: Pillar.SOCIAL,
}


# Deadlines carry no topic; these kinds clearly belong to one (for the pillar filter).
DEADLINE_TOPICS: dict[DeadlineKind, Topic] = {
    DeadlineKind.WEITERBEWILLIGUNG: Topic.MONEY,
    DeadlineKind.AUFENTHALTSTITEL: Topic.RESIDENCE,
    DeadlineKind.PASS: Topic.RESIDENCE,
}


def pillars_of(topics: Iterable[Topic]) -> frozenset[Pillar]:
    return frozenset(PILLAR_OF_TOPIC[topic] for topic in topics)


def _in_range(value: date) -> bool:
    return EARLIEST <= value <= LATEST


# --- contacts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonStep(Step):
    """A step of a contact and whose step it was.

    ``client_id`` None: the step belongs to the whole contact and counts in the self-help
    measure of every person the contact covers (every step stored before schema 0004 is such
    a step). With a ``client_id`` it counts for that person only.
    """

    client_id: int | None = None


def step_client_id(step: Step) -> int | None:
    """The person a step belongs to; None for a plain ``Step`` (the whole contact)."""
    return step.client_id if isinstance(step, PersonStep) else None


@dataclass(frozen=True)
class NewContact:
    """A contact as the guide records it; one entry may cover several members of a family.

    A step may be a ``PersonStep`` naming one of ``client_ids`` as the person who took it.
    """

    occurred_on: date
    duration_minutes: int
    kind: ContactKind
    client_ids: tuple[int, ...]
    topics: tuple[Topic, ...] = ()
    steps: tuple[Step, ...] = ()
    authority_id: int | None = None
    note: str = ""
    guide_id: int | None = None
    travel_minutes: int = 0
    travel_cost_cents: int = 0


def validate_contact(data: NewContact, today: date) -> dict[str, str]:
    """German messages per field; empty when the contact can be saved."""
    errors: dict[str, str] = {}
    if data.occurred_on > today:
        errors["occurred_on"] = "Der Kontakt liegt in der Zukunft. Bitte erst danach eintragen."
    elif data.occurred_on < EARLIEST:
        errors["occurred_on"] = "Das Datum liegt vor dem Jahr 2000."
    if not 1 <= data.duration_minutes <= MAX_CONTACT_MINUTES:
        errors["duration"] = "Die Dauer muss zwischen 1 Minute und 12 Stunden liegen."
    if not isinstance(data.kind, ContactKind):
        errors["kind"] = "Bitte die Art des Kontakts wählen."
    if not data.client_ids:
        errors["clients"] = "Bitte mindestens eine Person auswählen."
    if any(not isinstance(topic, Topic) for topic in data.topics):
        errors["topics"] = "Bitte nur Themen aus der Liste wählen."
    if not 0 <= data.travel_minutes <= MAX_TRAVEL_MINUTES:
        errors["travel_minutes"] = "Die Fahrzeit muss zwischen 0 Minuten und 12 Stunden liegen."
    if data.travel_cost_cents < 0:
        errors["travel_cost"] = "Die Fahrtkosten dürfen nicht negativ sein."
    elif data.travel_cost_cents > MAX_TRAVEL_COST_CENTS:
        errors["travel_cost"] = (
            "Die Fahrtkosten dürfen höchstens 1.000 € je Kontakt betragen. Bitte den Betrag prüfen."
        )
    if len(data.note) > MAX_NOTE:
        errors["note"] = f"Die Notiz ist länger als {MAX_NOTE} Zeichen. Bitte kürzer fassen."
    if len(data.steps) > MAX_STEPS:
        errors["steps"] = (
            f"Höchstens {MAX_STEPS} Schritte je Kontakt. Bitte zusammenfassen oder einen "
            "weiteren Kontakt eintragen."
        )
    for step in () if "steps" in errors else data.steps:
        if not step.description.strip():
            errors["steps"] = "Ein Schritt hat keinen Text. Bitte beschreiben oder entfernen."
            break
        if len(step.description) > MAX_STEP:
            errors["steps"] = f"Ein Schritt ist länger als {MAX_STEP} Zeichen."
            break
        if not isinstance(step.actor, StepActor):
            errors["steps"] = "Bitte bei jedem Schritt angeben, wer ihn erledigt hat."
            break
        person = step_client_id(step)
        if person is not None and person not in data.client_ids:
            errors["steps"] = (
                "Ein Schritt gehört zu einer Person, die bei diesem Kontakt nicht angehakt ist."
            )
            break
    return errors


@dataclass(frozen=True)
class ContactRow:
    """A contact in a client's journal."""

    id: int
    occurred_on: date
    duration_minutes: int
    kind: ContactKind
    topics: tuple[Topic, ...]
    clients: tuple[ClientRef, ...]
    steps: tuple[Step, ...] = ()
    authority_id: int | None = None
    authority_name: str = ""
    note: str = ""
    guide_id: int | None = None
    guide_name: str = ""
    travel_minutes: int = 0
    travel_cost_cents: int = 0
    appointment_id: int | None = None

    @property
    def client_ids(self) -> tuple[int, ...]:
        return tuple(client.id for client in self.clients)

    @property
    def is_family_contact(self) -> bool:
        return len(self.clients) > 1

    @property
    def title(self) -> str:
        return (
            f"{self.kind.label}: {self.authority_name}" if self.authority_name else self.kind.label
        )

    def as_input(self) -> NewContact:
        """The stored contact as the dialog edits it."""
        return NewContact(
            occurred_on=self.occurred_on,
            duration_minutes=self.duration_minutes,
            kind=self.kind,
            client_ids=self.client_ids,
            topics=self.topics,
            steps=self.steps,
            authority_id=self.authority_id,
            note=self.note,
            guide_id=self.guide_id,
            travel_minutes=self.travel_minutes,
            travel_cost_cents=self.travel_cost_cents,
        )


# Health details do not belong in a note (Art. 9 DSGVO): the topic "Gesundheit" is enough.
# Words are compared case-insensitively; a word matches when it is listed, starts with a
# listed stem, or (for typical compounds such as "Brustkrebs") contains a listed part.
_HEALTH_WORDS = frozenset(
    {"hiv", "aids", "tbc", "ptbs", "ptsd", "adhs", "befund", "befunde", "mutterpass", "covid"}
)
_HEALTH_STEMS = (
    "diagnos",
    "krank",
    "erkrank",
    "medikament",
    "medikation",
    "tablette",
    "arznei",
    "insulin",
    "antibiotik",
    "antidepress",
    "therapie",
    "therapeut",
    "psych",
    "depress",
    "trauma",
    "schizophren",
    "bipolar",
    "borderline",
    "suizid",
    "selbstmord",
    "suchtkrank",
    "suchtberat",
    "suchtproblem",
    "süchtig",
    "drogenabhängig",
    "alkoholabhängig",
    "alkoholiker",
    "schwanger",
    "entbindung",
    "fehlgeburt",
    "abtreibung",
    "demenz",
    "dement",
    "alzheimer",
    "epilep",
    "diabet",
    "tumor",
    "krebs",
    "chemo",
    "hepatitis",
    "tuberkulos",
    "asthma",
    "herzinfarkt",
    "schlaganfall",
    "operiert",
    "behinderung",
    "behindert",
    "schwerbehindert",
    "schwerbehinderung",
    "schmerz",
    "blutdruck",
    "allergi",
    "arbeitsunfähig",
    "pflegegrad",
    "pflegebedürftig",
    "panikattack",
    "angststörung",
    "autis",
    "bulimi",
    "anorex",
    "magersucht",
)
_HEALTH_PARTS = (
    "krankheit",
    "erkrank",
    "krebs",
    "diagnos",
    "therapie",
    "medikament",
    "schwangerschaft",
    "infarkt",
    "depression",
    "schmerz",
    "angststörung",
    "essstörung",
    "persönlichkeitsstörung",
    "belastungsstörung",
    "alkoholsucht",
    "drogensucht",
    "spielsucht",
    "tablettensucht",
)
# Administrative words that contain a stem above but say nothing about anyone's health.
_NOT_HEALTH_STEMS = ("krankenkass", "krankenversich")
_WORD = re.compile(r"\w+")


def health_words(note: str) -> list[str]:
    """The words of the note that look like health details, as written, each once."""
    found: dict[str, str] = {}
    for match in _WORD.finditer(note):
        word = match.group(0)
        folded = word.casefold()
        if folded in found or folded.startswith(_NOT_HEALTH_STEMS):
            continue
        if (
            folded in _HEALTH_WORDS
            or folded.startswith(_HEALTH_STEMS)
            or any(part in folded for part in _HEALTH_PARTS)
        ):
            found[folded] = word
    return list(found.values())


def note_warnings(note: str) -> list[str]:
    """A German warning when the note looks like it names health details; does not block."""
    words = health_words(note)
    if not words:
        return []
    shown = ", ".join(f"„{word}“" for word in words[:5])
    return [
        f"Die Notiz enthält vielleicht Angaben zur Gesundheit ({shown}). Bitte keine "
        "Diagnosen, Krankheiten, Medikamente, Schwangerschaften oder psychischen Belastungen "
        "notieren: Es genügt, das Thema „Gesundheit“ zu wählen."
    ]


# --- goals and tasks -----------------------------------------------------------------------


@dataclass(frozen=True)
class NewGoal:
    """A goal agreed with the client, under one of the four pillars."""

    text: str
    pillar: Pillar
    target_date: date | None = None
    agreed_on: date | None = None  # today when None


def validate_goal(data: NewGoal, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not data.text.strip():
        errors["text"] = "Bitte das Ziel in eigenen Worten beschreiben."
    elif len(data.text) > MAX_GOAL_TEXT:
        errors["text"] = f"Bitte höchstens {MAX_GOAL_TEXT} Zeichen."
    if not isinstance(data.pillar, Pillar):
        errors["pillar"] = (
            "Bitte einen Bereich wählen: Sprache, Gesellschaft, Arbeit oder Soziales."
        )
    agreed = data.agreed_on or today
    if agreed > today:
        errors["agreed_on"] = "Das Datum der Vereinbarung liegt in der Zukunft."
    elif not _in_range(agreed):
        errors["agreed_on"] = "Das Datum liegt außerhalb von 2000 bis 2100."
    if data.target_date is not None:
        if not _in_range(data.target_date):
            errors["target_date"] = "Das Zieldatum liegt außerhalb von 2000 bis 2100."
        elif data.target_date < agreed:
            errors["target_date"] = "Das Zieldatum liegt vor dem Tag der Vereinbarung."
    return errors


def validate_goal_status(status: GoalStatus, on: date, today: date, note: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not isinstance(status, GoalStatus):
        errors["status"] = "Bitte einen Stand wählen: offen, erreicht, geändert oder aufgegeben."
    if on > today:
        errors["status_on"] = "Das Datum liegt in der Zukunft."
    elif not _in_range(on):
        errors["status_on"] = "Das Datum liegt außerhalb von 2000 bis 2100."
    if len(note) > MAX_NOTE:
        errors["status_note"] = f"Bitte höchstens {MAX_NOTE} Zeichen."
    return errors


@dataclass(frozen=True)
class GoalRow:
    id: int
    client_id: int
    text: str
    pillar: Pillar | None
    agreed_on: date
    target_date: date | None
    status: GoalStatus
    status_changed_on: date | None
    status_note: str = ""
    open_tasks: int = 0
    done_tasks: int = 0


@dataclass(frozen=True)
class GoalEvent:
    """One change in a goal's history: its status from ``on`` (with the note), or a new text
    (``previous_text`` is then what it said before)."""

    goal_id: int
    on: date
    status: GoalStatus
    note: str = ""
    previous_text: str = ""
    id: int = 0

    @property
    def is_text_change(self) -> bool:
        return bool(self.previous_text)

    @property
    def summary(self) -> str:
        """German, one line: "geändert am 03.11.2026: Erst A2, dann B1"."""
        day = f"{self.on.day:02d}.{self.on.month:02d}.{self.on.year}"
        if self.is_text_change:
            return f"Text geändert am {day}, vorher: „{self.previous_text}“"
        text = f"{self.status.label} am {day}"
        return f"{text}: {self.note}" if self.note else text


def validate_task(data: NewTask) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not data.text.strip():
        errors["text"] = "Bitte beschreiben, was zu tun ist."
    elif len(data.text) > MAX_TASK_TEXT:
        errors["text"] = f"Bitte höchstens {MAX_TASK_TEXT} Zeichen."
    if data.due is not None and not _in_range(data.due):
        errors["due"] = "Das Fälligkeitsdatum liegt außerhalb von 2000 bis 2100."
    if data.intended_actor is not None and not isinstance(data.intended_actor, StepActor):
        errors["intended_actor"] = "Bitte wählen, wer die Aufgabe erledigen soll."
    return errors


def validate_completion(
    done_by: StepActor, done_on: date, today: date, created_on: date | None = None
) -> dict[str, str]:
    """``created_on``: the day the task was written down (None for tasks from before 0003)."""
    errors: dict[str, str] = {}
    if not isinstance(done_by, StepActor):
        errors["done_by"] = "Bitte angeben, wer die Aufgabe erledigt hat."
    if done_on > today:
        errors["done_on"] = "Das Datum liegt in der Zukunft."
    elif not _in_range(done_on):
        errors["done_on"] = "Das Datum liegt außerhalb von 2000 bis 2100."
    elif created_on is not None and done_on < created_on:
        errors["done_on"] = (
            "Das Datum liegt vor dem Tag, an dem die Aufgabe eingetragen wurde "
            f"({created_on.day:02d}.{created_on.month:02d}.{created_on.year})."
        )
    return errors


@dataclass(frozen=True)
class TaskRow:
    id: int
    client_id: int
    text: str
    due_date: date | None
    intended_actor: StepActor | None
    done_by: StepActor | None
    done_on: date | None
    goal_id: int | None = None
    goal_text: str = ""
    goal_pillar: Pillar | None = None
    deadline_id: int | None = None
    created_on: date | None = None

    @property
    def done(self) -> bool:
        return self.done_on is not None


def task_order(task: TaskRow) -> tuple[int, int, int]:
    """Open tasks first (soonest due first, undated last), then done ones (latest first)."""
    if task.done_on is None:
        return (0, (task.due_date or LATEST).toordinal(), task.id)
    return (1, -task.done_on.toordinal(), -task.id)


# --- procedure checklists ------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateItem:
    text: str
    actor: StepActor | None = None  # who is meant to do it


@dataclass(frozen=True)
class ProcedureTemplate:
    """A ready task list for a common procedure; applied to a client, then adjusted."""

    name: str
    items: tuple[TemplateItem, ...]
    id: int | None = None
    position: int = 0


def validate_template(template: ProcedureTemplate) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not template.name.strip():
        errors["name"] = "Bitte einen Namen für die Checkliste eingeben."
    elif len(template.name) > MAX_TEMPLATE_NAME:
        errors["name"] = f"Bitte höchstens {MAX_TEMPLATE_NAME} Zeichen."
    if not template.items:
        errors["items"] = "Die Checkliste braucht mindestens einen Punkt."
    elif any(not item.text.strip() for item in template.items):
        errors["items"] = "Ein Punkt der Checkliste ist leer."
    elif any(len(item.text) > MAX_TASK_TEXT for item in template.items):
        errors["items"] = f"Ein Punkt ist länger als {MAX_TASK_TEXT} Zeichen."
    return errors


def items_to_json(items: Iterable[TemplateItem]) -> str:
    return json.dumps(
        [
            {"text": item.text.strip(), "actor": item.actor.value if item.actor else None}
            for item in items
        ],
        ensure_ascii=False,
    )


def items_from_json(stored: str) -> tuple[TemplateItem, ...]:
    """Tolerant: a damaged value gives an empty list, plain strings are items without actor."""
    try:
        raw = json.loads(stored or "[]")
    except ValueError:
        return ()
    if not isinstance(raw, list):
        return ()
    items: list[TemplateItem] = []
    for entry in raw:
        if isinstance(entry, str):
            items.append(TemplateItem(entry))
        elif isinstance(entry, dict) and isinstance(entry.get("text"), str):
            actor = entry.get("actor")
            items.append(
                TemplateItem(
                    entry["text"],
                    StepActor(actor) if actor in {a.value for a in StepActor} else None,
                )
            )
    return tuple(items)


def template_tasks(
    template: ProcedureTemplate, *, due: date | None = None, goal_id: int | None = None
) -> list[NewTask]:
    """The tasks a template gives, in its order."""
    return [
        NewTask(text=item.text.strip(), due=due, intended_actor=item.actor, goal_id=goal_id)
        for item in template.items
        if item.text.strip()
    ]


_A = StepActor.CLIENT_ALONE
_T = StepActor.TOGETHER

DEFAULT_TEMPLATES: tuple[ProcedureTemplate, ...] = (
    ProcedureTemplate(
        "Kindergeld-Antrag",
        (
            TemplateItem("Antrag auf Kindergeld (KG 1) und Anlage Kind besorgen", _T),
            TemplateItem("Steuer-Identifikationsnummern von Eltern und Kind heraussuchen", _A),
            TemplateItem("Pass und Aufenthaltstitel der Eltern kopieren", _A),
            TemplateItem("Meldebescheinigung oder Geburtsurkunde des Kindes bereitlegen", _A),
            TemplateItem("Antrag und Anlage Kind gemeinsam ausfüllen und unterschreiben", _T),
            TemplateItem("Antrag an die Familienkasse schicken, Kopie behalten", _A),
            TemplateItem("Bescheid prüfen und Einspruchsfrist eintragen", _T),
        ),
    ),
    ProcedureTemplate(
        "Bürgergeld-Weiterbewilligung",
        (
            TemplateItem("Ende des Bewilligungszeitraums im letzten Bescheid nachsehen", _T),
            TemplateItem("Weiterbewilligungsantrag besorgen (Jobcenter oder online)", _T),
            TemplateItem("Kontoauszüge der letzten drei Monate bereitlegen", _A),
            TemplateItem("Nachweise zu Einkommen, Miete und Nebenkosten sammeln", _A),
            TemplateItem("Änderungen im Haushalt notieren (Einzug, Auszug, Geburt)", _A),
            TemplateItem("Antrag ausfüllen und unterschreiben", _T),
            TemplateItem("Antrag vor Ablauf beim Jobcenter abgeben, Eingang bestätigen lassen", _A),
            TemplateItem("Neuen Bescheid prüfen und Widerspruchsfrist eintragen", _T),
        ),
    ),
    ProcedureTemplate(
        "Verlängerung Aufenthaltstitel",
        (
            TemplateItem("Ablaufdatum von Aufenthaltstitel und Pass prüfen", _T),
            TemplateItem("Termin bei der Ausländerbehörde rechtzeitig vor Ablauf buchen", _T),
            TemplateItem("Gültigen Pass und aktuelles biometrisches Passfoto besorgen", _A),
            TemplateItem(
                "Nachweise sammeln: Einkommen oder Leistungsbescheid, Mietvertrag, "
                "Krankenversicherung",
                _A,
            ),
            TemplateItem("Antragsformular ausfüllen", _T),
            TemplateItem("Termin wahrnehmen, ggf. Fiktionsbescheinigung mitnehmen", _A),
            TemplateItem("Neuen Aufenthaltstitel abholen, PIN-Brief sicher aufbewahren", _A),
        ),
    ),
    ProcedureTemplate(
        "Wohnsitz anmelden",
        (
            TemplateItem("Termin beim Bürgeramt buchen (Anmeldung binnen 2 Wochen)", _T),
            TemplateItem("Wohnungsgeberbestätigung vom Vermieter holen", _A),
            TemplateItem("Anmeldeformular ausfüllen", _T),
            TemplateItem("Pässe und Aufenthaltstitel aller Familienmitglieder bereitlegen", _A),
            TemplateItem("Termin wahrnehmen, Meldebescheinigung mitnehmen", _A),
            TemplateItem(
                "Neue Anschrift Jobcenter, Familienkasse, Krankenkasse und Bank mitteilen", _T
            ),
        ),
    ),
    ProcedureTemplate(
        "Schulanmeldung",
        (
            TemplateItem(
                "Zuständige Schule oder Schulamt/Kommunales Integrationszentrum fragen", _T
            ),
            TemplateItem("Anmeldetermin vereinbaren", _T),
            TemplateItem(
                "Geburtsurkunde, Meldebescheinigung und Nachweis Masernschutz bereitlegen", _A
            ),
            TemplateItem("Bisherige Zeugnisse sammeln, wenn nötig übersetzen lassen", _A),
            TemplateItem("Anmeldeformular ausfüllen und unterschreiben", _T),
            TemplateItem("Leistungen für Bildung und Teilhabe (Schulbedarf) beantragen", _T),
            TemplateItem("Ersten Schultag und Ansprechperson notieren", _A),
        ),
    ),
    ProcedureTemplate(
        "Anmeldung Integrationskurs",
        (
            TemplateItem("Berechtigung oder Verpflichtung prüfen (Bescheid)", _T),
            TemplateItem("Wenn nötig: Antrag auf Zulassung beim BAMF stellen", _T),
            TemplateItem("Kursträger in der Nähe auswählen (BAMF-Kurssuche)", _T),
            TemplateItem("Einstufungstest beim Kursträger machen", _A),
            TemplateItem("Anmeldung mit Berechtigungsschein beim Kursträger abgeben", _A),
            TemplateItem("Kinderbetreuung während der Kurszeiten klären", _T),
            TemplateItem("Kursbeginn notieren und Fahrtkostenzuschuss beantragen", _A),
        ),
    ),
)


# --- the self-help measure -----------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1..4

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> date:
        month = 3 * self.number
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    @property
    def label(self) -> str:
        return f"{self.number}. Quartal {self.year}"

    @property
    def short_label(self) -> str:
        return f"Q{self.number}/{self.year}"


def quarters_until(today: date, count: int = 4) -> tuple[Quarter, ...]:
    """The last ``count`` quarters up to and including today's, oldest first."""
    quarters = [Quarter.of(today)]
    while len(quarters) < count:
        quarters.append(quarters[-1].previous())
    return tuple(reversed(quarters))


@dataclass(frozen=True)
class SelfHelpCounts:
    """Steps by who did them: the client alone, together with the guide, the guide for them."""

    alone: int = 0
    together: int = 0
    guide: int = 0

    @property
    def total(self) -> int:
        return self.alone + self.together + self.guide

    def share(self, actor: StepActor) -> float:
        """0.0 .. 1.0; 0.0 when there are no steps."""
        if not self.total:
            return 0.0
        count = {
            StepActor.CLIENT_ALONE: self.alone,
            StepActor.TOGETHER: self.together,
            StepActor.GUIDE: self.guide,
        }[actor]
        return count / self.total

    def percentages(self) -> tuple[int, int, int]:
        """Whole percent (alone, together, guide) that add up to 100 (0s when empty)."""
        if not self.total:
            return (0, 0, 0)
        raw = [self.alone * 100 / self.total, self.together * 100 / self.total]
        raw.append(self.guide * 100 / self.total)
        floors = [int(value) for value in raw]
        remainders = sorted(range(3), key=lambda i: (floors[i] - raw[i], i))
        for index in remainders[: 100 - sum(floors)]:
            floors[index] += 1
        return (floors[0], floors[1], floors[2])


def count_steps(
    steps: Iterable[tuple[date, StepActor]], start: date | None = None, end: date | None = None
) -> SelfHelpCounts:
    """Count the steps done between start and end (both included; open ends allowed)."""
    alone = together = guide = 0
    for day, actor in steps:
        if (start is not None and day < start) or (end is not None and day > end):
            continue
        if actor == StepActor.CLIENT_ALONE:
            alone += 1
        elif actor == StepActor.TOGETHER:
            together += 1
        elif actor == StepActor.GUIDE:
            guide += 1
    return SelfHelpCounts(alone, together, guide)


@dataclass(frozen=True)
class QuarterShares:
    quarter: Quarter
    counts: SelfHelpCounts


def self_help_shares(
    steps: Iterable[tuple[date, StepActor]], quarters: Sequence[Quarter] | None = None
) -> list[QuarterShares]:
    """Counts and shares per quarter, oldest first.

    With ``quarters`` exactly those (empty ones included, steps outside ignored); without,
    every quarter from the first to the last step, gaps included.
    """
    steps = list(steps)
    if quarters is None:
        if not steps:
            return []
        first = Quarter.of(min(day for day, _ in steps))
        last = Quarter.of(max(day for day, _ in steps))
        wanted = [first]
        while wanted[-1] < last:
            wanted.append(wanted[-1].next())
    else:
        wanted = sorted(set(quarters))
    return [
        QuarterShares(quarter, count_steps(steps, quarter.first_day, quarter.last_day))
        for quarter in wanted
    ]


def months_before(day: date, months: int) -> date:
    """The same day ``months`` months earlier (the month's last day where it does not exist)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def last_months(today: date, months: int = 3) -> tuple[date, date]:
    """(first day, today) of the last ``months`` months, e.g. 22.08. to 21.11. for 3 months."""
    return months_before(today, months) + timedelta(days=1), today


def short_name(form_of_address: FormOfAddress | None, given_name: str, family_name: str) -> str:
    """ "Frau Y." / "Herr Y."; without a form of address the initials ("A. Y.")."""
    family_initial = f"{family_name.strip()[:1].upper()}." if family_name.strip() else ""
    if form_of_address in (FormOfAddress.FRAU, FormOfAddress.HERR) and family_initial:
        return f"{form_of_address.label} {family_initial}"
    parts = [f"{part.strip()[:1].upper()}." for part in (given_name, family_name) if part.strip()]
    return " ".join(parts) or "die Person"


def self_help_sentence(display_name: str, counts: SelfHelpCounts, months: int = 3) -> str:
    """ "In den letzten 3 Monaten hat Frau A. 6 von 9 Schritten selbst erledigt." """
    period = "Im letzten Monat" if months == 1 else f"In den letzten {months} Monaten"
    if not counts.total:
        return f"{period} wurde für {display_name} kein Schritt eingetragen."
    steps = "Schritt" if counts.total == 1 else "Schritten"
    return f"{period} hat {display_name} {counts.alone} von {counts.total} {steps} selbst erledigt."


@dataclass(frozen=True)
class SelfHelpReport:
    quarters: tuple[QuarterShares, ...]
    recent: SelfHelpCounts
    months: int
    sentence: str


# --- volunteer hours -----------------------------------------------------------------------


@dataclass(frozen=True)
class VolunteerEntry:
    """Volunteer time entered by hand: training, team meetings, travel, other."""

    guide_id: int
    occurred_on: date
    minutes: int
    kind: VolunteerActivity
    note: str = ""
    id: int | None = None


def validate_volunteer_entry(entry: VolunteerEntry, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if entry.occurred_on > today:
        errors["occurred_on"] = "Das Datum liegt in der Zukunft."
    elif entry.occurred_on < EARLIEST:
        errors["occurred_on"] = "Das Datum liegt vor dem Jahr 2000."
    if not 1 <= entry.minutes <= MAX_ENTRY_MINUTES:
        errors["minutes"] = "Die Zeit muss zwischen 1 Minute und 24 Stunden liegen."
    if not isinstance(entry.kind, VolunteerActivity):
        errors["kind"] = "Bitte wählen: Schulung, Teamtreffen, Fahrt oder Sonstiges."
    if len(entry.note) > 500:
        errors["note"] = "Bitte höchstens 500 Zeichen."
    return errors


@dataclass(frozen=True)
class ContactTime:
    """A guide's contact as the hours count it: one per contact, however many people it covered."""

    contact_id: int
    occurred_on: date
    duration_minutes: int
    travel_minutes: int = 0
    appointment_id: int | None = None


@dataclass(frozen=True)
class AppointmentTime:
    appointment_id: int
    on: date
    duration_minutes: int
    status: AppointmentStatus
    has_contact: bool = False


@dataclass(frozen=True)
class MonthHours:
    month: int
    contact_minutes: int = 0
    travel_minutes: int = 0
    appointment_minutes: int = 0
    manual_minutes: int = 0

    @property
    def total_minutes(self) -> int:
        return (
            self.contact_minutes
            + self.travel_minutes
            + self.appointment_minutes
            + self.manual_minutes
        )

    @property
    def hours(self) -> float:
        return self.total_minutes / 60

    @property
    def label(self) -> str:
        return MONTHS_LONG[self.month - 1]


@dataclass(frozen=True)
class YearHours:
    year: int
    months: tuple[MonthHours, ...]  # January .. December

    @property
    def total_minutes(self) -> int:
        return sum(month.total_minutes for month in self.months)

    @property
    def hours(self) -> float:
        return self.total_minutes / 60


def volunteer_hours(
    year: int,
    contacts: Iterable[ContactTime],
    appointments: Iterable[AppointmentTime],
    entries: Iterable[VolunteerEntry],
) -> YearHours:
    """One guide's minutes per month of ``year``.

    Contacts count duration plus travel, each contact once (a family contact is one entry,
    however many people it covered). Held appointments count their duration only when no
    contact was recorded for them: the contact already holds that time. Manual entries count
    their minutes.
    """
    minutes = {month: [0, 0, 0, 0] for month in range(1, 13)}
    seen: set[int] = set()
    covered: set[int] = set()
    for contact in contacts:
        if contact.contact_id in seen:
            continue
        seen.add(contact.contact_id)
        if contact.appointment_id is not None:
            covered.add(contact.appointment_id)
        if contact.occurred_on.year == year:
            month = minutes[contact.occurred_on.month]
            month[0] += contact.duration_minutes
            month[1] += contact.travel_minutes
    counted: set[int] = set()
    for appointment in appointments:
        if (
            appointment.status != AppointmentStatus.DONE
            or appointment.has_contact
            or appointment.appointment_id in covered
            or appointment.appointment_id in counted
            or appointment.on.year != year
        ):
            continue
        counted.add(appointment.appointment_id)
        minutes[appointment.on.month][2] += appointment.duration_minutes
    for entry in entries:
        if entry.occurred_on.year == year:
            minutes[entry.occurred_on.month][3] += entry.minutes
    return YearHours(
        year,
        tuple(
            MonthHours(month, values[0], values[1], values[2], values[3])
            for month, values in minutes.items()
        ),
    )


def format_hours(hours: float) -> str:
    """German style: "12", "12,5", "0,3"."""
    text = f"{round(hours, 1):.1f}".replace(".", ",")
    return text.removesuffix(",0")


def hours_cap_warning(
    used_hours: float,
    cap_hours: float | None,
    *,
    year: int | None = None,
    share: float = CAP_WARNING_SHARE,
) -> str | None:
    """A German warning when ``share`` (90 %) of the yearly cap of paid hours is used."""
    if cap_hours is None or cap_hours <= 0:
        return None
    if used_hours < cap_hours * share - 1e-9:
        return None
    when = f"im Jahr {year}" if year is not None else "in diesem Jahr"
    used, cap = format_hours(used_hours), format_hours(cap_hours)
    if used_hours > cap_hours + 1e-9:
        return (
            f"Die Obergrenze von {cap} bezahlten Stunden {when} ist überschritten: {used} "
            "Stunden sind erfasst. Stunden über der Obergrenze werden nicht vergütet."
        )
    if used_hours >= cap_hours - 1e-9:
        return (
            f"Die Obergrenze von {cap} bezahlten Stunden {when} ist erreicht. Weitere Stunden "
            "werden nicht vergütet."
        )
    percent = int(used_hours * 100 / cap_hours)
    rest = format_hours(cap_hours - used_hours)
    return (
        f"Achtung: {used} von {cap} bezahlten Stunden {when} sind erfasst ({percent} %). "
        f"Bis zur Obergrenze bleiben {rest} Stunden."
    )


# --- the client's timeline -----------------------------------------------------------------

_KIND_ORDER = {kind: index for index, kind in enumerate(TimelineKind)}


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the client's timeline; ``ref_id`` is the id of the record it shows."""

    kind: TimelineKind
    on: date | datetime
    title: str
    detail: str = ""
    topics: tuple[Topic, ...] = ()
    pillar: Pillar | None = None
    ref_id: int = 0

    @property
    def day(self) -> date:
        return self.on.date() if isinstance(self.on, datetime) else self.on

    @property
    def pillars(self) -> frozenset[Pillar]:
        own = {self.pillar} if self.pillar is not None else set()
        return frozenset(own) | pillars_of(self.topics)

    def sort_key(self) -> tuple[date, time, int, int]:
        """Ascending key; a date without time sorts as the end of its day."""
        moment = self.on.time() if isinstance(self.on, datetime) else time.max
        return (self.day, moment, -_KIND_ORDER[self.kind], self.ref_id)


def newest_first(entries: Iterable[TimelineEntry]) -> list[TimelineEntry]:
    return sorted(entries, key=TimelineEntry.sort_key, reverse=True)


def filter_timeline(
    entries: Iterable[TimelineEntry],
    kinds: Iterable[TimelineKind] | None = None,
    pillar: Pillar | None = None,
    topic: Topic | None = None,
) -> list[TimelineEntry]:
    """Keep the entries of these kinds, this pillar, this topic (None = no filter); order kept."""
    wanted = frozenset(kinds) if kinds is not None else None
    return [
        entry
        for entry in entries
        if (wanted is None or entry.kind in wanted)
        and (pillar is None or pillar in entry.pillars)
        and (topic is None or topic in entry.topics)
    ]
