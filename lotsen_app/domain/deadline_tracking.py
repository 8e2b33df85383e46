"""Deadlines as the guide tracks them: what is due, for whom, how soon; and incoming letters."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from lotsen_app.domain.deadlines import (
    STATES,
    DeadlineInput,
    DeadlineKind,
    expiry_warning_start,
    working_days_until,
)
from lotsen_app.domain.enums import DeadlineStatus, StepActor, Urgency

SOON_WORKING_DAYS = 3
NEAR_DAYS = 10
MAX_SCAN_BYTES = 20 * 1024 * 1024
EXPIRY_KINDS = frozenset({DeadlineKind.AUFENTHALTSTITEL, DeadlineKind.PASS})


def urgency(today: date, due: date, state: str) -> Urgency:
    """Overdue; 3 working days or less; 10 days or less; later."""
    if due < today:
        return Urgency.OVERDUE
    if working_days_until(today, due, state) <= SOON_WORKING_DAYS:
        return Urgency.SOON
    if (due - today).days <= NEAR_DAYS:
        return Urgency.NEAR
    return Urgency.LATER


def start_alert_counts(rows: Iterable[DeadlineRow], today: date) -> tuple[int, int]:
    """(overdue, ending tomorrow) among the open deadlines: what the program says at start."""
    open_rows = [row for row in rows if row.status == DeadlineStatus.OPEN]
    overdue = sum(1 for row in open_rows if row.due_date < today)
    tomorrow = sum(1 for row in open_rows if row.due_date == today + timedelta(days=1))
    return overdue, tomorrow


def needs_attention(kind: DeadlineKind, due: date, today: date, horizon_days: int = 7) -> bool:
    """Shown on Heute: overdue, ending within the horizon, or an expiry inside its warning time."""
    if due < today or due <= today + timedelta(days=horizon_days):
        return True
    return kind in EXPIRY_KINDS and today >= expiry_warning_start(due)


@dataclass(frozen=True)
class NewDeadline:
    """A deadline to record: computed from ``rule`` or, for a date the letter sets, ``fixed_due``."""

    client_id: int
    kind: DeadlineKind
    title: str = ""
    authority_name: str = ""
    note: str = ""
    rule: DeadlineInput | None = None
    fixed_due: date | None = None
    letter_id: int | None = None


def validate_new_deadline(data: NewDeadline) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.rule is None and data.fixed_due is None:
        errors["due"] = "Bitte das Fristende eingeben oder die Frist berechnen lassen."
    if data.fixed_due is not None and not date(2000, 1, 1) <= data.fixed_due <= date(2100, 12, 31):
        errors["due"] = "Das Fristende liegt außerhalb von 2000 bis 2100."
    if data.rule is not None and data.rule.state not in STATES:
        errors["state"] = f"Unbekanntes Bundesland: {data.rule.state}"
    if len(data.title) > 500:
        errors["title"] = "Bitte höchstens 500 Zeichen."
    return errors


@dataclass(frozen=True)
class NewTask:
    text: str
    due: date | None = None
    intended_actor: StepActor | None = None
    # Whose task, for a follow-up of an appointment with several people (letters ignore it).
    client_id: int | None = None
    # The goal the task serves (casework); None for a task on its own.
    goal_id: int | None = None


@dataclass(frozen=True)
class DeadlineRow:
    id: int
    client_id: int
    client_name: str
    guide_ids: frozenset[int]
    lead_guide: str
    kind: DeadlineKind
    title: str
    authority_name: str
    due_date: date
    status: DeadlineStatus
    state: str
    delivered_on: date | None
    explanation: str
    done_on: date | None
    done_by: StepActor | None
    letter_id: int | None = None
    note: str = ""

    @property
    def description(self) -> str:
        return self.title or self.kind.label


@dataclass(frozen=True)
class LetterInput:
    client_id: int
    authority_name: str
    subject: str
    letter_date: date | None = None
    posted_on: date | None = None
    received_on: date | None = None
    delivery_kind: str = ""
    file_number: str = ""
    scan: bytes | None = None
    scan_mime: str = ""


@dataclass(frozen=True)
class LetterRow:
    id: int
    client_id: int
    authority_name: str
    subject: str
    letter_date: date | None
    posted_on: date | None
    received_on: date | None
    delivery_kind: str
    file_number: str
    has_scan: bool
    deadline_ids: tuple[int, ...] = field(default_factory=tuple)


_SCAN_SIGNATURES = (
    (b"%PDF", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


def scan_mime_type(content: bytes) -> str | None:
    """The type of a scan or photo by its first bytes; None when it is none of PDF, PNG, JPEG."""
    for signature, mime in _SCAN_SIGNATURES:
        if content.startswith(signature):
            return mime
    return None


_FILE_NUMBER = re.compile(r"^[\w ./\-:()]*$")


def validate_letter(data: LetterInput, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not data.authority_name.strip():
        errors["authority_name"] = "Bitte angeben, von welchem Amt der Brief kommt."
    if not data.subject.strip():
        errors["subject"] = "Bitte kurz notieren, was der Brief verlangt."
    for key, value, label in (
        ("letter_date", data.letter_date, "Das Briefdatum"),
        ("posted_on", data.posted_on, "Der Tag der Aufgabe zur Post"),
        ("received_on", data.received_on, "Der Eingang"),
    ):
        if value is not None and value > today + timedelta(days=1):
            errors[key] = f"{label} liegt in der Zukunft."
    if data.posted_on and data.received_on and data.received_on < data.posted_on:
        errors["received_on"] = "Der Brief kann nicht vor der Aufgabe zur Post angekommen sein."
    if data.letter_date and data.received_on and data.received_on < data.letter_date:
        errors["received_on"] = "Der Eingang liegt vor dem Briefdatum."
    if not _FILE_NUMBER.match(data.file_number):
        errors["file_number"] = "Das Aktenzeichen enthält ungewöhnliche Zeichen."
    if data.scan is not None:
        if len(data.scan) > MAX_SCAN_BYTES:
            errors["scan"] = "Der Scan ist größer als 20 MB. Bitte kleiner speichern."
        elif scan_mime_type(data.scan) is None:
            errors["scan"] = "Der Scan muss ein PDF, PNG oder JPEG sein."
    return errors
