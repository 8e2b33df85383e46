"""GIVEN a person with contacts, appointments, letters (with a scan), deadlines, goals, tasks,
consent and a family contact shared with a sibling WHEN the person is erased (Art. 17) THEN the
name is nowhere in the raw database file or its write-ahead log, the sibling keeps the shared
records without the name, other people's records are untouched, and one audit line without a
name remains. Real SQLite files, read byte for byte."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import DBAPIError

from lotsen_app.config import erased_ids_for
from lotsen_app.domain.appointments import ChecklistItem, NewAppointment, Step
from lotsen_app.domain.casework import NewContact, NewGoal, PersonStep
from lotsen_app.domain.clients import CaseClosing, ClientInput
from lotsen_app.domain.consent import NewConsent
from lotsen_app.domain.deadline_tracking import LetterInput, NewDeadline, NewTask
from lotsen_app.domain.deadlines import DeadlineKind
from lotsen_app.domain.enums import ClosingReason, ContactKind, GoalStatus, Pillar, StepActor
from lotsen_app.domain.errors import DomainError, NotFoundError, ValidationError
from lotsen_app.domain.guides import GuideInput
from lotsen_app.domain.privacy import REDACTED
from lotsen_app.persistence.database import (
    Database,
    create_database,
    is_plain_sqlite,
    open_database,
    wipe_free_space,
)
from lotsen_app.persistence.models import (
    Appointment,
    AppointmentClient,
    Assignment,
    AuditEntry,
    Client,
    ClientStatusChange,
    Consent,
    Contact,
    ContactClient,
    ContactStep,
    Deadline,
    Goal,
    GoalEventRecord,
    IncomingLetter,
    Task,
)
from lotsen_app.services.container import Services
from lotsen_app.services.privacy import ErasedButNotCleanedError, PrivacyService
from tests.conftest import fixed_clock

GIVEN = "Quirinella"
FAMILY = "Zyxwäbrodt"  # an umlaut: UTF-8 and UTF-16 differ, the folded form is "zyxwabrodt"
SIBLING_GIVEN, SIBLING_FAMILY = "Bartholomea", "Ozymandrek"
ALONE, TOGETHER, GUIDE = StepActor.CLIENT_ALONE, StepActor.TOGETHER, StepActor.GUIDE
PER_CLIENT_TABLES = (
    Assignment,
    ClientStatusChange,
    Consent,
    IncomingLetter,
    Deadline,
    Goal,
    Task,
)


def name_needles(given: str = GIVEN, family: str = FAMILY) -> dict[str, bytes]:
    """Every spelling of the name whose bytes must not be in the file."""
    needles: dict[str, bytes] = {}
    for name in (given, family, f"{given} {family}"):
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            needles[f"{name} ({encoding})"] = name.encode(encoding)
    needles["klein (gefaltet)"] = b"zyxwabrodt"
    needles["klein"] = given.lower().encode()
    return needles


def raw_bytes(path: Path) -> bytes:
    """The database file and its write-ahead log (if any), lower-cased for ASCII letters."""
    data = path.read_bytes()
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        data += wal.read_bytes()
    return data


def leaks(path: Path, given: str = GIVEN, family: str = FAMILY) -> list[str]:
    data = raw_bytes(path)
    lowered = data.lower()
    found = [label for label, needle in name_needles(given, family).items() if needle in data]
    found += [f"{label} (any case)" for label in ("zyxw",) if b"zyxw" in lowered]
    found += ["given name (any case)"] if given.lower().encode() in lowered else []
    return found


@dataclass(frozen=True)
class Family:
    guide: int
    person: int  # the one to erase
    sibling: int
    neighbour: int
    shared_contact: int
    own_contact: int
    shared_appointment: int
    own_appointment: int
    letter: int
    sibling_goal: int


def build_family(services: Services, *, sibling_family: str = SIBLING_FAMILY) -> Family:
    guide = services.guides.create(GuideInput("Anna", "Schmidt"))
    opened = date(2026, 1, 5)
    person = services.clients.create(
        ClientInput(
            GIVEN,
            FAMILY,
            street="Musterweg 1",
            postal_code="47051",
            city="Duisburg",
            strengths=f"{GIVEN} spricht drei Sprachen",
            opened_on=opened,
        ),
        guide_id=guide,
    )
    # An edit without secure_delete: the old row stays in the page's free space.
    services.clients.update(
        person,
        ClientInput(
            GIVEN,
            FAMILY,
            street="Musterweg 1",
            postal_code="47051",
            city="Duisburg",
            strengths=f"{GIVEN} {FAMILY} spricht vier Sprachen",
            opened_on=opened,
        ),
    )
    sibling = services.clients.create(
        ClientInput(SIBLING_GIVEN, sibling_family, opened_on=opened), guide_id=guide
    )
    neighbour = services.clients.create(
        ClientInput("Olena", "Iwanowa", opened_on=opened), guide_id=guide
    )
    services.consent.record(NewConsent(person, date(2026, 1, 5), "2026-1", "de"))
    own_contact = services.casework.record_contact(
        NewContact(
            occurred_on=date(2026, 3, 2),
            duration_minutes=45,
            kind=ContactKind.COUNSELLING,
            client_ids=(person,),
            note=f"{GIVEN} {FAMILY} kam allein; {FAMILY}s Pass läuft ab.",
            steps=(Step(f"{GIVEN} las den Bescheid", ALONE),),
            guide_id=guide,
        )
    )
    shared_contact = services.casework.record_contact(
        NewContact(
            occurred_on=date(2026, 3, 9),
            duration_minutes=60,
            kind=ContactKind.ACCOMPANIMENT,
            client_ids=(person, sibling),
            note=f"{GIVEN} und {SIBLING_GIVEN} beim Jobcenter; Frau {FAMILY} unterschrieb.",
            steps=(
                PersonStep(f"{GIVEN} füllte den Antrag aus", ALONE, client_id=person),
                PersonStep(f"{SIBLING_GIVEN} fragte nach", TOGETHER, client_id=sibling),
                Step(f"{FAMILY} und {SIBLING_GIVEN} warteten", GUIDE),
            ),
            guide_id=guide,
        )
    )
    shared_appointment = services.appointments.create(
        NewAppointment(
            client_ids=(person, sibling),
            starts_at=datetime(2026, 4, 14, 9, 30),
            guide_id=guide,
            place="Familienkasse Duisburg",
            purpose=f"Familienkasse: {GIVEN} {FAMILY} und {SIBLING_GIVEN}",
            checklist=(ChecklistItem(f"Ausweis von {GIVEN}"), ChecklistItem("Kontoauszüge")),
        )
    )
    own_appointment = services.appointments.create(
        NewAppointment(
            client_ids=(person,),
            starts_at=datetime(2026, 5, 4, 11, 0),
            guide_id=guide,
            place="Ausländerbehörde Duisburg",
            purpose=f"Ausländerbehörde für {GIVEN}",
        )
    )
    scan = (
        b"%PDF-1.4\n"
        + f"Sehr geehrte Frau {GIVEN} {FAMILY},".encode()
        + b"\x00" * 3000
        + f"{GIVEN} {FAMILY}".encode("utf-16-le")
        + b"\n%%EOF"
    )
    letter = services.letters.add(
        LetterInput(
            person,
            "Jobcenter Duisburg",
            f"Bescheid für {GIVEN} {FAMILY}",
            received_on=date(2026, 6, 1),
            file_number="123-ABC",
            scan=scan,
            scan_mime="application/pdf",
        )
    )
    services.deadlines.create(
        NewDeadline(
            person,
            DeadlineKind.WIDERSPRUCH,
            title=f"Widerspruch {FAMILY}",
            note=f"{GIVEN} anrufen",
            fixed_due=date(2026, 7, 1),
            letter_id=letter,
        )
    )
    goal = services.casework.add_goal(
        person, NewGoal(f"{GIVEN} möchte B1 schaffen", Pillar.LANGUAGE, agreed_on=opened)
    )
    services.casework.set_goal_status(goal, GoalStatus.CHANGED, note=f"{GIVEN} will erst A2")
    services.casework.add_task(person, NewTask(f"{FAMILY}: Unterlagen kopieren", goal_id=goal))
    sibling_goal = services.casework.add_goal(
        sibling,
        NewGoal(f"Schwester {GIVEN} {FAMILY} zum Amt begleiten", Pillar.SOCIETY, agreed_on=opened),
    )
    services.casework.add_task(sibling, NewTask("Anmeldung ausfüllen"))
    services.casework.record_contact(
        NewContact(
            occurred_on=date(2026, 3, 10),
            duration_minutes=30,
            kind=ContactKind.PHONE,
            client_ids=(neighbour,),
            note="Telefonat wegen Kita",
            guide_id=guide,
        )
    )
    services.clients.close_case(
        person,
        CaseClosing(date(2026, 11, 2), ClosingReason.GOALS_REACHED, note=f"{GIVEN} zieht weg"),
    )
    return Family(
        guide=guide,
        person=person,
        sibling=sibling,
        neighbour=neighbour,
        shared_contact=shared_contact,
        own_contact=own_contact,
        shared_appointment=shared_appointment,
        own_appointment=own_appointment,
        letter=letter,
        sibling_goal=sibling_goal,
    )


def per_client_counts(database: Database, client_id: int) -> dict[str, int]:
    """How many records of each kind this person has (tables with a client column and links)."""
    with database.session() as session:
        counts = {
            model.__tablename__: session.scalar(
                select(func.count()).select_from(model).where(model.client_id == client_id)
            )
            or 0
            for model in (*PER_CLIENT_TABLES, ContactClient, AppointmentClient)
        }
        counts["goal_event"] = (
            session.scalar(
                select(func.count())
                .select_from(GoalEventRecord)
                .join(Goal, Goal.id == GoalEventRecord.goal_id)
                .where(Goal.client_id == client_id)
            )
            or 0
        )
    return counts


@pytest.fixture
def family(services: Services) -> Family:
    return build_family(services)


def test_the_name_is_gone_from_the_closed_file(
    services: Services, database: Database, family: Family
) -> None:
    path = database.path
    privacy = PrivacyService(database, fixed_clock)
    assert leaks(path), "the test must see the name before erasure"
    sibling_before = per_client_counts(database, family.sibling)
    neighbour_before = per_client_counts(database, family.neighbour)
    with database.session() as session:
        audit_before = session.scalar(select(func.count()).select_from(AuditEntry))
        clients_before = session.scalar(select(func.count()).select_from(Client))
    announced = privacy.preview(family.person).records

    result = privacy.erase([family.person], confirmed_count=1)
    database.close()

    assert result.erased == 1
    # Own contact + its step, own appointment, the person's step in the family contact, letter,
    # deadline, goal + its event, task, consent, assignment, 2 status changes (opened, closed).
    assert result.records == announced == 13
    assert leaks(path) == []
    reopened = open_database(path)
    try:
        with reopened.session() as session:
            assert session.get(Client, family.person) is None
            assert session.scalar(select(func.count()).select_from(Client)) == clients_before - 1
            assert session.get(Contact, family.own_contact) is None
            assert session.get(Appointment, family.own_appointment) is None
            assert session.get(IncomingLetter, family.letter) is None
            # The family contact stays for the sibling, without the person.
            shared = session.get(Contact, family.shared_contact)
            assert shared is not None
            assert shared.note == (
                f"{REDACTED} und {SIBLING_GIVEN} beim Jobcenter; Frau {REDACTED} unterschrieb."
            )
            people = session.scalars(
                select(ContactClient.client_id).where(
                    ContactClient.contact_id == family.shared_contact
                )
            ).all()
            assert people == [family.sibling]
            steps = session.execute(
                select(ContactStep.description, ContactStep.client_id)
                .where(ContactStep.contact_id == family.shared_contact)
                .order_by(ContactStep.id)
            ).all()
            assert [tuple(step) for step in steps] == [
                (f"{SIBLING_GIVEN} fragte nach", family.sibling),
                (f"{REDACTED} und {SIBLING_GIVEN} warteten", None),
            ]
            appointment = session.get(Appointment, family.shared_appointment)
            assert appointment is not None
            assert appointment.purpose == f"Familienkasse: {REDACTED} und {SIBLING_GIVEN}"
            assert f"Ausweis von {REDACTED}" in appointment.checklist
            sibling_goal = session.get(Goal, family.sibling_goal)
            assert sibling_goal is not None
            assert sibling_goal.text == f"Schwester {REDACTED} zum Amt begleiten"
            # One new audit line, without the name; the old lines (kind + id) stay.
            assert session.scalar(select(func.count()).select_from(AuditEntry)) == (
                (audit_before or 0) + 1
            )
            line = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).one()
            assert (line.action, line.entity, line.entity_id) == (
                "gelöscht",
                "client",
                family.person,
            )
            assert line.detail == f"Löschung (Art. 17): {result.records} verknüpfte Einträge"
            assert GIVEN not in line.detail and FAMILY not in line.detail
            assert session.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.entity == "letter", AuditEntry.entity_id == family.letter)
            )
        assert per_client_counts(reopened, family.person) == dict.fromkeys(
            per_client_counts(reopened, family.person), 0
        )
        # Everybody else keeps every record.
        assert per_client_counts(reopened, family.sibling) == sibling_before
        assert per_client_counts(reopened, family.neighbour) == neighbour_before
    finally:
        reopened.close()


def test_the_name_is_gone_while_the_database_is_still_open(
    database: Database, family: Family
) -> None:
    """The GUI keeps the file open: the file and the -wal beside it are clean already."""
    privacy = PrivacyService(database, fixed_clock)
    with database.session() as session:  # the pool holds an open connection
        session.execute(select(func.count()).select_from(Client)).scalar_one()
    wal = database.path.with_name(database.path.name + "-wal")
    assert wal.exists() and leaks(database.path)

    privacy.erase([family.person], confirmed_count=1)

    assert wal.exists(), "WAL mode: the log stays beside the open file"
    assert wal.stat().st_size == 0
    assert leaks(database.path) == []
    # The program goes on working on the open file.
    with database.session() as session:
        assert session.get(Client, family.sibling) is not None


def test_a_shared_family_name_stays_for_the_sibling(services: Services, database: Database) -> None:
    """Sister and brother share the family name: the kept contact loses the erased person's
    given name and full name, the family name stays there (it is the brother's name too)."""
    family = build_family(services, sibling_family=FAMILY)

    PrivacyService(database, fixed_clock).erase([family.person], confirmed_count=1)

    with database.session() as session:
        shared = session.get(Contact, family.shared_contact)
        assert shared is not None
        assert shared.note == (
            f"{REDACTED} und {SIBLING_GIVEN} beim Jobcenter; Frau {FAMILY} unterschrieb."
        )
        appointment = session.get(Appointment, family.shared_appointment)
        assert appointment is not None
        assert appointment.purpose == f"Familienkasse: {REDACTED} und {SIBLING_GIVEN}"
    data = raw_bytes(database.path)
    assert GIVEN.encode() not in data and GIVEN.encode("utf-16-le") not in data
    assert f"{GIVEN} {FAMILY}".encode() not in data


def test_erasing_the_whole_family_deletes_the_shared_records(
    database: Database, family: Family
) -> None:
    result = PrivacyService(database, fixed_clock).erase(
        [family.person, family.sibling, family.person], confirmed_count=2
    )

    assert result.erased == 2
    with database.session() as session:
        assert session.get(Contact, family.shared_contact) is None
        assert session.get(Appointment, family.shared_appointment) is None
        assert session.get(Client, family.neighbour) is not None
        lines = session.scalars(
            select(AuditEntry.entity_id).where(
                AuditEntry.action == "gelöscht", AuditEntry.entity == "client"
            )
        ).all()
    assert sorted(lines) == sorted([family.person, family.sibling])
    assert leaks(database.path, SIBLING_GIVEN, SIBLING_FAMILY) == []


def test_a_wrong_confirmed_count_erases_nobody(database: Database, family: Family) -> None:
    privacy = PrivacyService(database, fixed_clock)
    before = per_client_counts(database, family.person)

    with pytest.raises(ValidationError) as raised:
        privacy.erase([family.person, family.sibling], confirmed_count=1)

    message = str(raised.value)
    assert "1 Person" in message and "2" in message and "nichts gelöscht" in message
    with pytest.raises(ValidationError, match="mindestens eine Person"):
        privacy.erase([], confirmed_count=0)
    assert per_client_counts(database, family.person) == before


def test_an_unknown_id_erases_nobody(database: Database, family: Family) -> None:
    privacy = PrivacyService(database, fixed_clock)
    before = per_client_counts(database, family.person)

    with pytest.raises(NotFoundError, match="9999"):
        privacy.erase([family.person, 9999], confirmed_count=2)

    assert per_client_counts(database, family.person) == before
    with database.session() as session:
        assert session.get(Client, family.person) is not None
        assert not session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "gelöscht")
        )


def test_a_failure_in_the_middle_rolls_everything_back(database: Database, family: Family) -> None:
    """The second person cannot be deleted (a trigger refuses) after the first was erased in
    the same transaction: both stay, with everything linked."""
    with database.engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TRIGGER refuse BEFORE DELETE ON client "
            f"WHEN old.id = {family.sibling} BEGIN SELECT RAISE(ABORT, 'nein'); END"
        )

    with pytest.raises(DBAPIError):
        PrivacyService(database, fixed_clock).erase(
            [family.person, family.sibling], confirmed_count=2
        )

    with database.session() as session:
        assert session.get(Client, family.person) is not None
        assert session.get(Contact, family.own_contact) is not None
        assert session.get(IncomingLetter, family.letter) is not None
        shared = session.get(Contact, family.shared_contact)
        assert shared is not None and GIVEN in shared.note
        assert not session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "gelöscht")
        )


@pytest.fixture
def database_like_sqlcipher(tmp_path: Path) -> Iterator[Database]:
    """A plain file whose connections write without secure_delete, as SQLCipher and the SQLite
    of python.org's Windows builds do by default (this system's SQLite has it on)."""
    database = create_database(tmp_path / "wie-sqlcipher.db")
    database.engine.dispose()

    @event.listens_for(database.engine, "connect")
    def _secure_delete_off(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA secure_delete = OFF")

    yield database
    database.close()


@pytest.mark.parametrize("vacuum", [True, False], ids=["vacuum", "ohne-vacuum"])
def test_old_copies_in_free_space_need_the_vacuum(
    database_like_sqlcipher: Database, vacuum: bool
) -> None:
    """Rows written and edited before without secure_delete leave old copies in the free space
    of their pages; deleting the row with secure_delete does not reach those. VACUUM does:
    without it the name would still be in the file (this is why erase() runs it)."""
    database = database_like_sqlcipher
    services = Services.build(database, fixed_clock)
    family = build_family(services)

    PrivacyService(database, fixed_clock, vacuum=vacuum).erase([family.person], confirmed_count=1)
    database.close()

    if vacuum:
        assert leaks(database.path) == []
    else:
        assert f"{GIVEN} (utf-8)" in leaks(database.path)


def test_an_encrypted_database_is_erased_too(tmp_path: Path) -> None:
    """SQLCipher: the same erasure, VACUUM and checkpoint work on the encrypted file."""
    database = create_database(tmp_path / "verschluesselt.db", password="geheim-123")
    try:
        family = build_family(Services.build(database, fixed_clock))
        result = PrivacyService(database, fixed_clock).erase([family.person], confirmed_count=1)
        assert result.records == 13
        with database.session() as session:
            assert session.get(Client, family.person) is None
            assert session.get(Contact, family.shared_contact) is not None
        wal = database.path.with_name(database.path.name + "-wal")
        assert not wal.exists() or wal.stat().st_size == 0
    finally:
        database.close()
    assert not is_plain_sqlite(database.path)


def test_a_namesake_keeps_the_name_in_their_own_records(services: Services) -> None:
    """Another person with the very same name stays: their notes are not touched."""
    family = build_family(services)
    namesake = services.clients.create(ClientInput(GIVEN, FAMILY, opened_on=date(2026, 1, 5)))
    goal = services.casework.add_goal(
        namesake,
        NewGoal(
            f"{GIVEN} {FAMILY} möchte Deutsch lernen", Pillar.LANGUAGE, agreed_on=date(2026, 1, 5)
        ),
    )

    PrivacyService(services.database, fixed_clock).erase([family.person], confirmed_count=1)

    with services.database.session() as session:
        kept = session.get(Goal, goal)
        assert kept is not None and kept.text == f"{GIVEN} {FAMILY} möchte Deutsch lernen"
        assert session.get(Client, namesake) is not None


def test_a_reader_blocking_the_cleanup_is_reported_and_the_erasure_stands(
    database: Database, family: Family
) -> None:
    """Another program (say `lotsen backup`) holds a read transaction open: the write-ahead log
    cannot be emptied. The erasure is done all the same, and a German message says that the
    file is not yet clean; once the reader is gone, the next wipe cleans it."""
    privacy = PrivacyService(database, fixed_clock)
    # The program's own SQLite library (plain files): two libraries in one process would not
    # see each other's file locks; another program is another process and does.
    reader = sqlite3.connect(database.path, isolation_level=None)
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM client").fetchone()[0] > 0  # holds a snapshot

    started = time.monotonic()
    try:
        with pytest.raises(ErasedButNotCleanedError) as caught:
            privacy.erase([family.person], confirmed_count=1)
        assert time.monotonic() - started < 4  # a few brief tries, not the 5 s busy timeout
    finally:
        reader.execute("ROLLBACK")
        reader.close()

    error = caught.value
    assert isinstance(error, DomainError)
    assert "Löschung ist erfolgt" in str(error) and "nicht bereinigt" in str(error)
    assert error.result.erased == 1 and error.result.records == 13
    with database.session() as session:  # not undone: gone, in the log, remembered
        assert session.get(Client, family.person) is None
        audit = session.scalars(select(AuditEntry).where(AuditEntry.entity_id == family.person))
        assert [entry.action for entry in audit][-1] == "gelöscht"
    assert family.person in erased_ids_for(database.path)

    wipe_free_space(database)  # nobody reads any more: the file is cleaned now
    wal = database.path.with_name(database.path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    assert leaks(database.path) == []
