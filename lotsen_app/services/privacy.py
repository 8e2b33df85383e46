"""Retention review, erasure (DSGVO Art. 17) and the audit log for the coordinator.

Erasure is one transaction for all the people chosen: all erased or none. Afterwards the file is
cleaned so that the names cannot be read from it any more: deleted content is overwritten
(secure_delete), the free space of the file is rebuilt (VACUUM: earlier edits, made before
secure_delete was on, leave old copies of a row in the free space of its page) and the write-ahead
log is emptied (checkpoint TRUNCATE). The audit keeps one line per person: kind, id and the number
of linked records, never a name. When another program keeps reading the file, the log cannot be
emptied: the erasure stands and ErasedButNotCleanedError says so.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from lotsen_app.config import erased_ids_for, remember_erased
from lotsen_app.domain.enums import ClientStatus
from lotsen_app.domain.errors import DomainError, ValidationError
from lotsen_app.domain.privacy import (
    ERASED_ACTION,
    distinct_ids,
    entity_label,
    erasure_detail,
    is_due_for_erasure,
    last_contact,
    retention_due_since,
    validate_erasure,
)
from lotsen_app.persistence.database import Database, FileNotCleanedError, wipe_free_space
from lotsen_app.persistence.models import AuditEntry
from lotsen_app.persistence.privacy_repository import AuditQuery, PrivacyRepository
from lotsen_app.persistence.repositories import record_audit
from lotsen_app.services.base import Clock, Service
from lotsen_app.services.settings import SettingsService


@dataclass(frozen=True)
class RetentionCandidate:
    client_id: int
    display_name: str  # "Familienname, Vorname"
    closed_on: date | None
    last_contact: date | None  # newest of: contact occurred_on, appointment date, closed_on
    due_since: date  # the day the retention period ended (last contact + retention years)


@dataclass(frozen=True)
class ErasureResult:
    erased: int  # people erased
    records: int  # linked records deleted (contacts, appointments, letters, ...)


class ErasedButNotCleanedError(DomainError):
    """The people are erased (committed, in the log, remembered for restores), but the file
    could not be cleaned yet because another connection kept reading. ``result`` says what was
    erased; the German message says that the erasure is done and what to do."""

    def __init__(self, result: ErasureResult, message: str) -> None:
        super().__init__(message)
        self.result = result


@dataclass(frozen=True)
class AuditFilter:
    since: date | None = None
    until: date | None = None  # inclusive
    action: str | None = None
    entity: str | None = None
    entity_id: int | None = None
    actor: str | None = None
    limit: int = 1000


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_label: str  # German: "Klient:in", "Kontakt", "Termin", "Brief", "Frist", "Ziel", ...
    entity_id: int | None
    detail: str


@dataclass(frozen=True)
class AuditChoices:
    actions: list[str]
    entities: list[tuple[str, str]]  # (entity, German label)
    actors: list[str]


@dataclass(frozen=True)
class ErasurePreview:
    """What an erasure of one person would delete (for the command line's question)."""

    client_id: int
    display_name: str
    status: ClientStatus
    closed_on: date | None
    records: int


class PrivacyService(Service):
    def __init__(self, database: Database, clock: Clock = datetime.now, *, vacuum: bool = True):
        super().__init__(database, clock)
        self.vacuum = vacuum

    # --- retention -------------------------------------------------------------------------

    def retention_review(self) -> list[RetentionCandidate]:
        """Closed cases whose retention period has passed, oldest due first."""
        years = SettingsService(self.database, self.clock).retention_years()
        today = self.today()
        with self.database.session() as session:
            cases = PrivacyRepository(session).closed_cases()
        candidates: list[RetentionCandidate] = []
        for case in cases:
            last = last_contact(case.closed_on, case.last_contact_on, case.last_appointment_on)
            if last is None or not is_due_for_erasure(
                case.status, case.closed_on, last, years, today
            ):
                continue
            candidates.append(
                RetentionCandidate(
                    client_id=case.client_id,
                    display_name=_display_name(case.given_name, case.family_name),
                    closed_on=case.closed_on,
                    last_contact=last,
                    due_since=retention_due_since(last, years),
                )
            )
        candidates.sort(key=lambda c: (c.due_since, c.display_name.casefold(), c.client_id))
        return candidates

    # --- erasure ---------------------------------------------------------------------------

    def preview(self, client_id: int) -> ErasurePreview:
        """Name and number of linked records of one person (NotFoundError if unknown)."""
        with self.database.session() as session:
            repository = PrivacyRepository(session)
            client = repository.get_client(client_id)
            return ErasurePreview(
                client_id=client_id,
                display_name=_display_name(client.given_name, client.family_name),
                status=client.status,
                closed_on=client.closed_on,
                records=repository.linked_count(client_id),
            )

    def erase(self, client_ids: Sequence[int], *, confirmed_count: int) -> ErasureResult:
        """Erase these people and everything linked to them, in one transaction.

        ``confirmed_count`` is the number the user confirmed ("3 Personen löschen?"); it must be
        the number of distinct ids (ValidationError naming both). An unknown id raises
        NotFoundError and nothing is erased. When the file cannot be cleaned afterwards (another
        program reads it), ErasedButNotCleanedError is raised: the erasure is not undone.
        """
        ids = distinct_ids(client_ids)
        errors = validate_erasure(ids, confirmed_count)
        if errors:
            raise ValidationError(errors)
        records = 0
        with self.database.session() as session:
            repository = PrivacyRepository(session)
            for client_id, counts in repository.erase_all(ids).items():
                records += counts.deleted
                record_audit(
                    session,
                    at=self.now(),
                    action=ERASED_ACTION,
                    entity="client",
                    entity_id=client_id,
                    detail=erasure_detail(counts.deleted),
                )
        result = ErasureResult(erased=len(ids), records=records)
        # The erasure itself is done; without this note only a later restore would not repeat it.
        with contextlib.suppress(OSError):
            remember_erased(self.database.path, set(ids))
        try:
            wipe_free_space(self.database, vacuum=self.vacuum)
        except FileNotCleanedError as error:
            raise ErasedButNotCleanedError(result, str(error)) from None
        return result

    def reapply_erasures(self) -> ErasureResult:
        """After a backup was restored: the people erased since that backup are in it again;
        erase them again (their numbers are kept outside the database, see config)."""
        remembered = erased_ids_for(self.database.path)
        with self.database.session() as session:
            present = PrivacyRepository(session).existing_client_ids(remembered)
        if not present:
            return ErasureResult(erased=0, records=0)
        return self.erase(sorted(present), confirmed_count=len(present))

    # --- audit log -------------------------------------------------------------------------

    def audit_log(self, audit_filter: AuditFilter) -> list[AuditRow]:
        """The audit lines matching every filter given, newest first."""
        query = AuditQuery(
            since=audit_filter.since,
            until=audit_filter.until,
            action=audit_filter.action or None,
            entity=audit_filter.entity or None,
            entity_id=audit_filter.entity_id,
            actor=audit_filter.actor or None,
            limit=audit_filter.limit,
        )
        if query.since and query.until and query.since > query.until:
            raise ValidationError({"until": "Das Ende des Zeitraums liegt vor dem Anfang."})
        with self.database.session() as session:
            entries = PrivacyRepository(session).audit_entries(query)
            return [
                AuditRow(
                    id=entry.id,
                    at=entry.at,
                    actor=entry.actor,
                    action=entry.action,
                    entity=entry.entity,
                    entity_label=entity_label(entry.entity),
                    entity_id=entry.entity_id,
                    detail=entry.detail,
                )
                for entry in entries
            ]

    def audit_choices(self) -> AuditChoices:
        """What the filters offer: the actions, record kinds and actors found in the log."""
        with self.database.session() as session:
            repository = PrivacyRepository(session)
            actions = repository.distinct_values(AuditEntry.action)
            entities = repository.distinct_values(AuditEntry.entity)
            actors = repository.distinct_values(AuditEntry.actor)
        labelled = sorted(
            ((entity, entity_label(entity)) for entity in entities),
            key=lambda pair: pair[1].casefold(),
        )
        return AuditChoices(actions=actions, entities=labelled, actors=actors)


def _display_name(given_name: str, family_name: str) -> str:
    given, family = given_name.strip(), family_name.strip()
    return f"{family}, {given}" if given and family else family or given
