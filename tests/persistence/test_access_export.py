"""GIVEN a client with one record of every kind, a family contact and a family appointment shared
with a sibling, a scanned letter, a withdrawn and a current consent and audit lines WHEN the
right of access (Art. 15) is exported THEN the JSON holds every record of the client with its
values, none of the sibling's own records and not the sibling's name, the scans are written
byte for byte, and nothing half-written or temporary is left behind."""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, fields
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import inspect, select

from lotsen_app.domain.appointments import ChecklistItem, NewAppointment, Step
from lotsen_app.domain.casework import NewContact, NewGoal, PersonStep, VolunteerEntry
from lotsen_app.domain.clients import ClientInput
from lotsen_app.domain.consent import NewConsent
from lotsen_app.domain.deadline_tracking import LetterInput, NewDeadline, NewTask
from lotsen_app.domain.deadlines import DeadlineKind
from lotsen_app.domain.enums import (
    AssignmentRole,
    ContactKind,
    FormOfAddress,
    Gender,
    GoalStatus,
    Pillar,
    StepActor,
    Topic,
    VolunteerActivity,
)
from lotsen_app.domain.errors import NotFoundError, ValidationError
from lotsen_app.domain.guides import GuideInput
from lotsen_app.persistence import models
from lotsen_app.persistence.models import AuditEntry
from lotsen_app.services import access as access_module
from lotsen_app.services.access import FORMAT, AccessService, PersonRecord
from lotsen_app.services.container import Services
from tests.conftest import FIXED_NOW, fixed_clock

# A tiny but real PNG (signature, IHDR, IDAT, IEND) and a PDF: the scans must come back byte
# for byte.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e5270de40000000049454e44ae426082"
)
PDF = b"%PDF-1.4\n% Lotsen Testscan\n" + bytes(range(256)) + b"\n%%EOF\n"


@dataclass(frozen=True)
class Family:
    amal: int
    omar: int
    guide: int
    other_guide: int
    ids: dict[str, int]


def build_family(services: Services, *, language: str = "tr", contacts: int = 0) -> Family:
    """Amal with one record of every kind; her brother Omar shares a contact and an
    appointment with her and has records of his own. ``contacts``: extra contacts of Amal."""
    guide = services.guides.create(GuideInput("Anna", "Schmidt"))
    other_guide = services.guides.create(GuideInput("Jonas", "Weber"))
    district = next(d for d, name, _, _ in services.districts.list() if name == "Hochfeld")
    amal = services.clients.create(
        ClientInput(
            "Amal",
            "Haddad",
            form_of_address=FormOfAddress.FRAU,
            birth_date=date(1990, 4, 12),
            gender=Gender.FEMALE,
            phone="0203 555 0101",
            email="amal@example.org",
            street="Parkstraße 3",
            postal_code="47057",
            city="Duisburg",
            district_id=district,
            languages=("ar", "de", language),
            preferred_language=language,
            interpreter_needed=True,
            arrival_year=2023,
            strengths="Kocht gern, spricht drei Sprachen",
            goals_own_words="Eine Ausbildung als Pflegerin",
            opened_on=date(2026, 8, 1),
        ),
        guide_id=guide,
    )
    omar = services.clients.create(
        ClientInput(
            "Omar",
            "Haddad",
            form_of_address=FormOfAddress.HERR,
            street="Parkstraße 3",
            postal_code="47057",
            city="Duisburg",
            phone="0203 555 0202",
        ),
        guide_id=guide,
    )
    services.clients.assign_guide(amal, other_guide, AssignmentRole.SUPPORT, date(2026, 9, 1))
    support = next(
        a.id for a in services.clients.get(amal).open_assignments if a.guide_id == other_guide
    )
    services.clients.end_assignment(support, date(2026, 10, 31))
    services.clients.pause_case(amal, date(2026, 10, 1), "Reise zur Familie")
    services.clients.reopen_case(amal, date(2026, 10, 20), "Wieder da")

    old = services.consent.record(
        NewConsent(amal, date(2026, 8, 1), "2026-11a", "ar", health_allowed=True)
    )
    services.consent.withdraw(old, date(2026, 9, 15))
    current = services.consent.record(
        NewConsent(amal, date(2026, 9, 20), "2026-11b", language, authority_contact_allowed=True)
    )

    family_appointment = services.appointments.create(
        NewAppointment(
            client_ids=(amal, omar),
            starts_at=datetime(2026, 12, 3, 9, 30),
            guide_id=guide,
            place="Jobcenter Duisburg-Mitte",
            room="B 204",
            purpose="Weiterbewilligung Bürgergeld",
            checklist=(ChecklistItem("Kontoauszüge Familienbefund"), ChecklistItem("Pass")),
        )
    )
    omar_appointment = services.appointments.create(
        NewAppointment(
            client_ids=(omar,),
            starts_at=datetime(2026, 12, 4, 11, 0),
            guide_id=guide,
            place="Agentur für Arbeit",
            purpose="Omars Berufsberatung Kfz-Mechatroniker",
        )
    )
    family_contact = services.casework.record_contact(
        NewContact(
            occurred_on=date(2026, 11, 10),
            duration_minutes=90,
            kind=ContactKind.HOME_VISIT,
            client_ids=(amal, omar),
            topics=(Topic.MONEY, Topic.FAMILY),
            steps=(
                Step("Ordner für die Familie angelegt", StepActor.TOGETHER),
                PersonStep("Amals Kindergeldantrag ausgefüllt", StepActor.CLIENT_ALONE, amal),
                PersonStep("Omars Bewerbung Schweißerkurs", StepActor.GUIDE, omar),
            ),
            note="Hausbesuch: Unterlagen sortiert",
            guide_id=guide,
            travel_minutes=20,
            travel_cost_cents=340,
        )
    )
    omar_contact = services.casework.record_contact(
        NewContact(
            occurred_on=date(2026, 11, 12),
            duration_minutes=30,
            kind=ContactKind.PHONE,
            client_ids=(omar,),
            note="Omars Zahnarzttermin Rosenheim",
            guide_id=guide,
        )
    )
    extra_contacts = [
        services.casework.record_contact(
            NewContact(
                occurred_on=date(2026, 1, 1 + i % 28).replace(month=1 + i % 10),
                duration_minutes=15 + i % 60,
                kind=ContactKind.COUNSELLING,
                client_ids=(amal,),
                topics=(Topic.WORK,),
                steps=(Step(f"Schritt {i}", StepActor.CLIENT_ALONE),),
                note=f"Beratung Nummer {i}",
                guide_id=guide,
            )
        )
        for i in range(contacts)
    ]
    scanned = services.letters.add(
        LetterInput(
            amal,
            "Familienkasse NRW-West",
            "Bescheid Kindergeld Haddad",
            letter_date=date(2026, 11, 2),
            received_on=date(2026, 11, 5),
            file_number="FK-123/45",
            scan=PNG,
            scan_mime="image/png",
        )
    )
    scanned_pdf = services.letters.add(
        LetterInput(amal, "Jobcenter", "Anhörung", received_on=date(2026, 11, 6), scan=PDF)
    )
    plain_letter = services.letters.add(
        LetterInput(amal, "Bürgeramt", "Meldebestätigung", received_on=date(2026, 11, 7))
    )
    omar_letter = services.letters.add(
        LetterInput(omar, "Ausländerbehörde", "Omars Fiktionsbescheinigung", scan=PDF)
    )
    deadline = services.deadlines.create(
        NewDeadline(
            amal,
            DeadlineKind.EINSPRUCH,
            "Einspruch Kindergeldbescheid",
            "Familienkasse NRW-West",
            note="Kopie behalten",
            fixed_due=date(2026, 12, 7),
            letter_id=scanned,
        )
    )
    omar_deadline = services.deadlines.create(
        NewDeadline(omar, DeadlineKind.PASS, "Omars Pass läuft ab", fixed_due=date(2027, 2, 1))
    )
    goal = services.casework.add_goal(
        amal,
        NewGoal(
            "Deutsch B1 bestehen", Pillar.LANGUAGE, date(2027, 6, 30), agreed_on=date(2026, 9, 1)
        ),
    )
    services.casework.set_goal_status(goal, GoalStatus.CHANGED, date(2026, 10, 1), "Erst A2")
    omar_goal = services.casework.add_goal(omar, NewGoal("Omars Führerschein", Pillar.WORK))
    task = services.casework.add_task(
        amal,
        NewTask("Lebenslauf schreiben", date(2026, 12, 15), StepActor.CLIENT_ALONE, goal_id=goal),
    )
    omar_task = services.casework.add_task(omar, NewTask("Omars Zeugnisse übersetzen"))
    volunteer = services.casework.add_volunteer_entry(
        VolunteerEntry(
            guide,
            date(2026, 11, 3),
            45,
            VolunteerActivity.TRAVEL,
            "Fahrt mit Amal Haddad zur Familienkasse",
        )
    )
    other_volunteer = services.casework.add_volunteer_entry(
        VolunteerEntry(guide, date(2026, 11, 4), 60, VolunteerActivity.TEAM_MEETING, "Team")
    )
    services.outgoing.record_printed(
        "client", amal, "Information zum Datenschutz und Einwilligung", f"de+{language}"
    )
    services.outgoing.record_printed("appointment", family_appointment, "Terminbestätigung", "de")
    services.outgoing.record_printed("appointment", omar_appointment, "Terminbestätigung", "de")
    return Family(
        amal=amal,
        omar=omar,
        guide=guide,
        other_guide=other_guide,
        ids={
            "old_consent": old,
            "current_consent": current,
            "family_appointment": family_appointment,
            "omar_appointment": omar_appointment,
            "family_contact": family_contact,
            "omar_contact": omar_contact,
            "scanned": scanned,
            "scanned_pdf": scanned_pdf,
            "plain_letter": plain_letter,
            "omar_letter": omar_letter,
            "deadline": deadline,
            "omar_deadline": omar_deadline,
            "goal": goal,
            "omar_goal": omar_goal,
            "task": task,
            "omar_task": omar_task,
            "volunteer": volunteer,
            "other_volunteer": other_volunteer,
            "support": support,
            **{f"extra_{i}": contact for i, contact in enumerate(extra_contacts)},
        },
    )


@pytest.fixture
def family(services: Services) -> Family:
    return build_family(services)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "auskunft"
    folder.mkdir()
    return folder


@pytest.fixture
def access(services: Services) -> AccessService:
    return AccessService(services.database, fixed_clock)


def _ids(items: list[dict[str, object]]) -> set[object]:
    return {item["id"] for item in items}


def test_the_json_holds_every_record_of_the_client_with_its_values(
    access: AccessService, family: Family, out: Path
) -> None:
    result = access.export(family.amal, out)
    assert result.json_path == out / f"auskunft-{family.amal}.json"
    data = json.loads(result.json_path.read_text(encoding="utf-8"))
    ids = family.ids

    assert data["format"] == FORMAT
    assert data["erstellt_am"] == "2026-11-21T10:30:00"
    person = data["person"]
    assert (person["id"], person["given_name"], person["family_name"]) == (
        family.amal,
        "Amal",
        "Haddad",
    )
    assert person["birth_date"] == "1990-04-12"
    assert (person["phone"], person["email"]) == ("0203 555 0101", "amal@example.org")
    assert (person["street"], person["postal_code"], person["city"]) == (
        "Parkstraße 3",
        "47057",
        "Duisburg",
    )
    assert (person["district"], person["preferred_language"]) == ("Hochfeld", "tr")
    assert person["gender"] == "weiblich" and person["interpreter_needed"] is True
    assert person["strengths"] == "Kocht gern, spricht drei Sprachen"
    assert person["goals_own_words"] == "Eine Ausbildung als Pflegerin"

    guides = {g["guide_name"]: g for g in data["guides"]}
    assert guides["Anna Schmidt"]["role"] == "lead" and guides["Anna Schmidt"]["end_date"] is None
    assert guides["Jonas Weber"]["end_date"] == "2026-10-31"
    assert [(s["status"], s["changed_on"], s["note"]) for s in data["status_history"]][-2:] == [
        ("pausiert", "2026-10-01", "Reise zur Familie"),
        ("aktiv", "2026-10-20", "Wieder da"),
    ]

    consents = {c["id"]: c for c in data["consents"]}
    assert set(consents) == {ids["old_consent"], ids["current_consent"]}
    assert consents[ids["old_consent"]]["withdrawn_on"] == "2026-09-15"
    assert consents[ids["old_consent"]]["health_allowed"] is True
    assert consents[ids["current_consent"]]["withdrawn_on"] is None
    assert consents[ids["current_consent"]]["sheet_version"] == "2026-11b"

    (appointment,) = data["appointments"]
    assert appointment["id"] == ids["family_appointment"]
    assert appointment["starts_at"] == "2026-12-03T09:30:00"
    assert (appointment["place"], appointment["room"]) == ("Jobcenter Duisburg-Mitte", "B 204")
    assert appointment["checklist"][0] == {"text": "Kontoauszüge Familienbefund", "done": False}
    assert appointment["other_people"] == 1 and appointment["guide_name"] == "Anna Schmidt"

    (contact,) = data["contacts"]
    assert contact["id"] == ids["family_contact"]
    assert (contact["note"], contact["topics"]) == (
        "Hausbesuch: Unterlagen sortiert",
        ["geld", "familie"],
    )
    assert (contact["travel_minutes"], contact["travel_cost_cents"]) == (20, 340)
    assert contact["other_people"] == 1
    assert [(s["description"], s["whole_contact"]) for s in contact["steps"]] == [
        ("Ordner für die Familie angelegt", True),
        ("Amals Kindergeldantrag ausgefüllt", False),
    ]

    letters = {letter["id"]: letter for letter in data["letters_in"]}
    assert set(letters) == {ids["scanned"], ids["scanned_pdf"], ids["plain_letter"]}
    assert letters[ids["scanned"]]["scan_present"] is True
    assert letters[ids["scanned"]]["scan_size"] == len(PNG)
    assert letters[ids["scanned"]]["file_number"] == "FK-123/45"
    assert letters[ids["scanned"]]["scan_file"] == f"scan-{ids['scanned']}.png"
    assert letters[ids["scanned_pdf"]]["scan_file"] == f"scan-{ids['scanned_pdf']}.pdf"
    assert letters[ids["plain_letter"]]["scan_present"] is False
    assert letters[ids["plain_letter"]]["scan_size"] == 0

    assert {(o["entity"], o["entity_id"]) for o in data["letters_out"]} == {
        ("client", family.amal),
        ("appointment", ids["family_appointment"]),
    }
    (deadline,) = data["deadlines"]
    assert (deadline["id"], deadline["due_date"], deadline["letter_id"]) == (
        ids["deadline"],
        "2026-12-07",
        ids["scanned"],
    )
    assert deadline["note"] == "Kopie behalten"
    (goal,) = data["goals"]
    assert (goal["id"], goal["text"], goal["status"]) == (
        ids["goal"],
        "Deutsch B1 bestehen",
        "geaendert",
    )
    assert [(h["changed_on"], h["note"]) for h in goal["history"]] == [("2026-10-01", "Erst A2")]
    (task,) = data["tasks"]
    assert (task["id"], task["text"], task["goal_id"]) == (
        ids["task"],
        "Lebenslauf schreiben",
        ids["goal"],
    )
    (volunteer,) = data["volunteer_time"]
    assert volunteer["id"] == ids["volunteer"]

    audit = {(line["entity"], line["entity_id"], line["action"]) for line in data["audit"]}
    for expected in [
        ("client", family.amal, "angelegt"),
        ("client", family.amal, "pausiert"),
        ("assignment", family.amal, "zugeordnet"),
        ("assignment", ids["support"], "Zuordnung beendet"),
        ("consent", ids["old_consent"], "widerrufen"),
        ("consent", ids["current_consent"], "erfasst"),
        ("appointment", ids["family_appointment"], "angelegt"),
        ("contact", ids["family_contact"], "angelegt"),
        ("letter", ids["scanned"], "angelegt"),
        ("deadline", ids["deadline"], "angelegt"),
        ("goal", ids["goal"], "angelegt"),
        ("task", ids["task"], "angelegt"),
        ("volunteer_entry", ids["volunteer"], "angelegt"),
        ("client", family.amal, "gedruckt"),
    ]:
        assert expected in audit, expected


def test_the_siblings_own_records_and_name_are_not_in_it(
    access: AccessService, family: Family, out: Path
) -> None:
    text = access.export(family.amal, out).json_path.read_text(encoding="utf-8")
    data = json.loads(text)
    ids = family.ids
    assert "Omar" not in text  # his name, his notes, his step of the family contact
    assert "0203 555 0202" not in text
    assert ids["omar_appointment"] not in _ids(data["appointments"])
    assert ids["omar_contact"] not in _ids(data["contacts"])
    assert ids["omar_letter"] not in _ids(data["letters_in"])
    assert ids["omar_deadline"] not in _ids(data["deadlines"])
    assert ids["omar_goal"] not in _ids(data["goals"])
    assert ids["omar_task"] not in _ids(data["tasks"])
    assert ids["other_volunteer"] not in _ids(data["volunteer_time"])
    about = {(line["entity"], line["entity_id"]) for line in data["audit"]}
    for entity, key in [
        ("appointment", "omar_appointment"),
        ("contact", "omar_contact"),
        ("letter", "omar_letter"),
        ("deadline", "omar_deadline"),
        ("goal", "omar_goal"),
        ("task", "omar_task"),
    ]:
        assert (entity, ids[key]) not in about
    assert ("client", family.omar) not in about
    assert not [o for o in data["letters_out"] if o["entity_id"] == ids["omar_appointment"]]


def test_scans_are_written_byte_for_byte_and_an_audit_line_without_a_name(
    access: AccessService, family: Family, services: Services, out: Path
) -> None:
    result = access.export(family.amal, out)
    png = out / f"scan-{family.ids['scanned']}.png"
    pdf = out / f"scan-{family.ids['scanned_pdf']}.pdf"
    assert set(result.scan_paths) == {png, pdf}
    assert png.read_bytes() == PNG and pdf.read_bytes() == PDF
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"auskunft-{family.amal}.json", png.name, pdf.name]
    )  # nothing temporary left, no scan of Omar's
    with services.database.session() as session:
        line = session.scalars(select(AuditEntry).where(AuditEntry.action == "exportiert")).one()
        assert (line.entity, line.entity_id, line.detail) == (
            "client",
            family.amal,
            "Auskunft (Art. 15)",
        )
    assert "Haddad" not in line.detail and "Amal" not in line.actor
    # The next export lists this one among the lines about the person.
    again = json.loads(access.to_json(access.record(family.amal)))
    assert any(a["action"] == "exportiert" for a in again["audit"])


def test_a_missing_or_read_only_folder_is_refused_in_german_and_nothing_is_written(
    access: AccessService, family: Family, services: Services, tmp_path: Path
) -> None:
    with pytest.raises(ValidationError, match="gibt es nicht"):
        access.export(family.amal, tmp_path / "fehlt")
    a_file = tmp_path / "datei.txt"
    a_file.write_text("x")
    with pytest.raises(ValidationError, match="kein Ordner"):
        access.export(family.amal, a_file)
    with pytest.raises(NotFoundError):
        access.export(9999, tmp_path)
    with services.database.session() as session:
        assert not session.scalars(
            select(AuditEntry).where(AuditEntry.action == "exportiert")
        ).all()


def test_a_read_only_folder_is_refused_in_german(
    access: AccessService, family: Family, services: Services, tmp_path: Path
) -> None:
    locked = tmp_path / "gesperrt"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        # root may write anywhere it has mode bits for; /sys refuses even root.
        target = locked if not os.access(locked, os.W_OK) else Path("/sys")
        if not target.is_dir():
            pytest.skip("no folder here that refuses writing")
        with pytest.raises(ValidationError, match="nicht geschrieben"):
            access.export(family.amal, target)
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)
    with services.database.session() as session:
        assert not session.scalars(
            select(AuditEntry).where(AuditEntry.action == "exportiert")
        ).all()


def test_a_failure_while_writing_leaves_the_old_files_and_no_temporary_file(
    access: AccessService, family: Family, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = out / f"auskunft-{family.amal}.json"
    target.write_text("alte Fassung", encoding="utf-8")
    real_replace = os.replace
    calls: list[str] = []

    def failing_replace(source: str, destination: Path) -> None:
        calls.append(str(destination))
        if len(calls) == 2:  # the JSON is in place, the first scan fails
            raise OSError(28, "No space left on device")
        real_replace(source, destination)

    monkeypatch.setattr(access_module.os, "replace", failing_replace)
    with pytest.raises(OSError):
        access.export(family.amal, out)
    leftovers = [p.name for p in out.iterdir() if p.name.startswith(".")]
    assert leftovers == []
    # The JSON is whole (it was renamed into place before the scan failed), never cut off.
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == FORMAT
    assert not (out / f"scan-{family.ids['scanned']}.png").exists()


def test_the_json_is_stable_and_utf8(access: AccessService, family: Family) -> None:
    record = access.record(family.amal)
    first = access.to_json(record)
    assert first == access.to_json(access.record(family.amal))
    assert "Parkstraße" in first  # not escaped
    keys = list(json.loads(first))
    assert keys == sorted(keys)


def _columns(model: type) -> set[str]:
    return {column.key for column in inspect(model).columns}


# Columns not copied into the record, and why: the owner's id (it is the person), links named
# otherwise (guide_id -> guide_name), the scan itself (written as a file), and the search keys
# derived from the name.
NOT_IN_RECORD = {
    models.Client: {"district_id", "search_text", "name_key"},
    models.Assignment: {"client_id"},
    models.ClientStatusChange: {"client_id"},
    models.Consent: {"client_id"},
    models.Appointment: {"guide_id"},
    models.Contact: {"guide_id"},
    models.IncomingLetter: {"client_id", "scan"},
    models.Deadline: {"client_id"},
    models.Goal: {"client_id"},
    models.GoalEventRecord: {"goal_id"},
    models.Task: {"client_id"},
    models.VolunteerTimeEntry: {"guide_id"},
    models.AuditEntry: set(),
}


@pytest.mark.parametrize(
    ("model", "entry"),
    [
        (models.Client, access_module.PersonData),
        (models.Assignment, access_module.GuideAssignment),
        (models.ClientStatusChange, access_module.StatusChange),
        (models.Consent, access_module.ConsentEntry),
        (models.Appointment, access_module.AppointmentEntry),
        (models.Contact, access_module.ContactEntry),
        (models.IncomingLetter, access_module.IncomingLetterEntry),
        (models.Deadline, access_module.DeadlineEntry),
        (models.Goal, access_module.GoalEntry),
        (models.GoalEventRecord, access_module.GoalHistoryEntry),
        (models.Task, access_module.TaskEntry),
        (models.VolunteerTimeEntry, access_module.VolunteerTimeNote),
        (models.AuditEntry, access_module.AuditLine),
    ],
)
def test_every_stored_column_is_in_the_record(model: type, entry: type) -> None:
    """A column added later must be added to the access record too (or listed above)."""
    missing = _columns(model) - NOT_IN_RECORD[model] - {f.name for f in fields(entry)}
    assert not missing, f"{model.__name__}: {sorted(missing)} fehlen in der Auskunft"


def test_an_unknown_client_is_refused(access: AccessService) -> None:
    with pytest.raises(NotFoundError, match=r"Klient:in Nr\. 42"):
        access.record(42)


def test_a_client_without_any_records_has_empty_lists(
    access: AccessService, services: Services
) -> None:
    lonely = services.clients.create(ClientInput("Olena", "Iwanowa"))
    record: PersonRecord = access.record(lonely)
    assert record.contacts == () and record.appointments == () and record.consents == ()
    assert [line.action for line in record.audit] == ["angelegt"]


def test_export_time_with_two_hundred_contacts(services: Services, out: Path) -> None:
    family = build_family(services, contacts=200)
    access = AccessService(services.database, fixed_clock)
    started = time.perf_counter()
    result = access.export(family.amal, out)
    seconds = time.perf_counter() - started
    data = json.loads(result.json_path.read_text(encoding="utf-8"))
    assert len(data["contacts"]) == 201
    print(f"\nexport of one client with 201 contacts: {seconds:.3f} s")
    assert seconds < 5
    assert FIXED_NOW.year == 2026
