"""The right of access (DSGVO Art. 15): everything stored about one client, as data and as files.

``record`` gathers, in one read, the person and every record linked to them: guides and the
history of assignments, the case's status history, consents (withdrawn ones too), appointments
(family appointments included), contacts (family contacts included, with the steps of this person
and of the whole contact), letters in (the scan: present or not and its size), letters out (the
audit log's "gedruckt" lines), deadlines, goals with their history, tasks, volunteer-time entries
whose note names the person, and the audit entries about the person and each of their records.

Other people are protected (Art. 15(4)): a shared appointment or contact says how many other
people it covers, never who; their own steps of a family contact are left out.

``export`` writes the JSON and the scans into a folder, each file whole or not at all (a hidden
file next to the target, then renamed), and notes the export in the audit log without a name.

The queries live in ``lotsen_app.persistence.access_repository``, the record's dataclasses in
``lotsen_app.domain.access`` (re-exported here, so ``from lotsen_app.services.access import
PersonRecord`` keeps working).
"""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields, is_dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from lotsen_app.domain.access import (
    SCAN_EXTENSIONS,
    AppointmentEntry,
    AuditLine,
    ChecklistLine,
    ConsentEntry,
    ContactEntry,
    DeadlineEntry,
    GoalEntry,
    GoalHistoryEntry,
    GuideAssignment,
    IncomingLetterEntry,
    LetterOut,
    PersonData,
    PersonRecord,
    StatusChange,
    StepEntry,
    TaskEntry,
    VolunteerTimeNote,
    scan_file_name,
)
from lotsen_app.domain.errors import ValidationError
from lotsen_app.persistence.access_repository import AccessRepository, LinkedIds
from lotsen_app.persistence.repositories import ClientRepository, record_audit
from lotsen_app.services.base import Service
from lotsen_app.services.files import write_all_atomically

__all__ = [
    "EXPORT_DETAIL",
    "FORMAT",
    "SCAN_EXTENSIONS",
    "AccessExport",
    "AccessService",
    "AppointmentEntry",
    "AuditLine",
    "ChecklistLine",
    "ConsentEntry",
    "ContactEntry",
    "DeadlineEntry",
    "GoalEntry",
    "GoalHistoryEntry",
    "GuideAssignment",
    "IncomingLetterEntry",
    "LetterOut",
    "PersonData",
    "PersonRecord",
    "StatusChange",
    "StepEntry",
    "TaskEntry",
    "VolunteerTimeNote",
    "field_names",
    "record_as_dict",
    "scan_file_name",
]

#: The JSON's "format": a reader can tell what it holds and which version of the layout.
FORMAT = "lotsen-auskunft/1"
EXPORT_DETAIL = "Auskunft (Art. 15)"


# --- the record --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccessExport:
    """What ``export`` wrote: the JSON and one file per scan."""

    record: PersonRecord
    json_path: Path
    scan_paths: tuple[Path, ...]

    @property
    def paths(self) -> tuple[Path, ...]:
        return (self.json_path, *self.scan_paths)


# --- JSON --------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def record_as_dict(record: PersonRecord) -> dict[str, Any]:
    """The record as plain JSON values (ISO dates), with "format" and "erstellt_am"."""
    data: dict[str, Any] = _plain(asdict(record))
    created = data.pop("as_of")
    return {"format": FORMAT, "erstellt_am": created, **data}


def field_names(cls: type) -> set[str]:
    """The fields of one of the record's dataclasses (for the completeness test)."""
    assert is_dataclass(cls)
    return {f.name for f in fields(cls)}


def _letters_out(audit: Sequence[AuditLine]) -> tuple[LetterOut, ...]:
    """The printed letters among the audit lines about the person: consent forms (client),
    appointment confirmations and deadline reminders."""
    return tuple(
        LetterOut(line.id, line.at, line.entity, line.entity_id, line.detail)
        for line in audit
        if line.action == "gedruckt" and line.entity in ("client", "appointment", "deadline")
    )


# --- writing files -------------------------------------------------------------------------------


def _check_folder(folder: Path) -> Path:
    folder = Path(folder)
    if not folder.exists():
        raise ValidationError({"folder": f"Den Ordner {folder} gibt es nicht."})
    if not folder.is_dir():
        raise ValidationError({"folder": f"{folder} ist kein Ordner."})
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ValidationError({"folder": f"In den Ordner {folder} kann nicht geschrieben werden."})
    return folder


# --- the service ---------------------------------------------------------------------------------


class AccessService(Service):
    def record(self, client_id: int) -> PersonRecord:
        """Everything stored about the client; NotFoundError (German) for an unknown id."""
        with self.database.session() as session:
            return self._record(session, client_id)

    def _record(self, session: Session, client_id: int) -> PersonRecord:
        client = ClientRepository(session).get(client_id)
        queries = AccessRepository(session)
        person = queries.person(client)
        guides = queries.guides(client_id)
        consents = queries.consents(client_id)
        appointments = queries.appointments(client_id)
        contacts = queries.contacts(client_id)
        letters_in = queries.letters_in(client_id)
        deadlines = queries.deadlines(client_id)
        goals = queries.goals(client_id)
        tasks = queries.tasks(client_id)
        volunteer = queries.volunteer_time(person)
        audit = queries.audit(
            client_id,
            LinkedIds(
                consent_ids=[c.id for c in consents],
                appointment_ids=[a.id for a in appointments],
                contact_ids=[c.id for c in contacts],
                letter_ids=[letter.id for letter in letters_in],
                deadline_ids=[d.id for d in deadlines],
                goal_ids=[g.id for g in goals],
                task_ids=[t.id for t in tasks],
                volunteer_ids=[v.id for v in volunteer],
                assignment_ids=[g.id for g in guides],
            ),
        )
        return PersonRecord(
            as_of=self.now(),
            person=person,
            guides=guides,
            status_history=queries.status_history(client_id),
            consents=consents,
            appointments=appointments,
            contacts=contacts,
            letters_in=letters_in,
            letters_out=_letters_out(audit),
            deadlines=deadlines,
            goals=goals,
            tasks=tasks,
            volunteer_time=volunteer,
            audit=audit,
        )

    @staticmethod
    def to_json(record: PersonRecord) -> str:
        """UTF-8 JSON with ISO dates and sorted keys; "format" and "erstellt_am" on top."""
        return json.dumps(record_as_dict(record), ensure_ascii=False, indent=2, sort_keys=True)

    def export(self, client_id: int, folder: Path) -> AccessExport:
        """``auskunft-<id>.json`` and ``scan-<letter id>.<ext>`` into ``folder`` (each whole or
        not at all), and an audit line without a name. ValidationError (German) for a missing
        or read-only folder, NotFoundError for an unknown client."""
        folder = _check_folder(folder)
        with self.database.session() as session:
            record = self._record(session, client_id)
            scans = AccessRepository(session).scans(client_id)
        json_path = folder / f"auskunft-{client_id}.json"
        scan_files = [(folder / scan_file_name(i, mime), content) for i, mime, content in scans]
        try:
            write_all_atomically([(json_path, self.to_json(record).encode("utf-8")), *scan_files])
        except OSError as error:
            if error.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise
            raise ValidationError(
                {"folder": f"In den Ordner {folder} kann nicht geschrieben werden."}
            ) from None
        with self.database.session() as session:
            record_audit(
                session,
                at=self.now(),
                action="exportiert",
                entity="client",
                entity_id=client_id,
                detail=EXPORT_DETAIL,
            )
        return AccessExport(
            record=record,
            json_path=json_path,
            scan_paths=tuple(path for path, _ in scan_files),
        )
