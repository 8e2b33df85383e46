"""GIVEN a known data set on a real SQLite file WHEN the monthly summary is computed, written and
merged THEN each figure equals a count made here by hand, every breakdown sums to its total, no
personal data reaches a file, and report files are verified, merged once and refused when
damaged, altered, made with another key or of another month."""

from __future__ import annotations

import io
import json
import random
import zipfile
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from lotsen_app import cli
from lotsen_app.domain.appointments import AuthorityData, Step
from lotsen_app.domain.casework import NewContact, PersonStep, VolunteerEntry
from lotsen_app.domain.clients import CaseClosing, ClientInput
from lotsen_app.domain.consent import NewConsent
from lotsen_app.domain.enums import (
    AuthorityKind,
    ClosingReason,
    ContactKind,
    Gender,
    StepActor,
    Topic,
    VolunteerActivity,
)
from lotsen_app.domain.errors import DomainError, ValidationError
from lotsen_app.domain.guides import GuideInput
from lotsen_app.domain.summary import SUPPRESSED, Summary, key_to_text, new_programme_key
from lotsen_app.persistence.database import Database, create_database
from lotsen_app.persistence.models import (
    Appointment,
    AppointmentClient,
    AuditEntry,
    Contact,
    Deadline,
    District,
    Task,
)
from lotsen_app.reports.summary_files import summary_tables
from lotsen_app.services.container import Services
from lotsen_app.services.summary import SummaryService
from tests.conftest import fixed_clock

OCTOBER = "2026-10"
FIRST, LAST = date(2026, 10, 1), date(2026, 10, 31)
ALONE, TOGETHER, GUIDE = StepActor.CLIENT_ALONE, StepActor.TOGETHER, StepActor.GUIDE
DISTRICTS = ("Hochfeld", "Marxloh", "Neudorf-Nord")
LANGUAGES = ("tr", "ar", "uk", "bg", "de")
REASONS = (ClosingReason.MOVED_AWAY, ClosingReason.GOALS_REACHED, ClosingReason.REFERRED)


@dataclass(frozen=True)
class Person:
    given: str
    family: str
    phone: str
    birth_date: date | None
    birth_year: int | None
    gender: Gender | None
    district: str | None
    preferred: str
    spoken: tuple[str, ...]
    arrival: int | None
    opened: date
    closed: date | None
    reason: ClosingReason | None


def _letters(number: int) -> str:
    """Names must differ in letters: the name key ignores digits."""
    syllables = ("ka", "lo", "mi", "ne", "ru", "sa", "te", "vo")
    return "".join(syllables[int(digit)] for digit in oct(number + 8)[2:])


def _people() -> list[Person]:
    """About 60 people with every kind of gap; fixed seed, plus the edges by hand."""
    rng = random.Random(20261031)
    people: list[Person] = []
    for number in range(56):
        opened = date(2025, 1, 1) + (date(2026, 11, 15) - date(2025, 1, 1)) * rng.random()
        closed = None
        if rng.random() < 0.35:
            closed = opened + (date(2026, 11, 20) - opened) * rng.random()
        birth = date(1950, 1, 1) + (date(2025, 12, 31) - date(1950, 1, 1)) * rng.random()
        what = rng.random()
        preferred = rng.choice(LANGUAGES)
        arrival = rng.choice([None, 2015, 2022, 2023, 2024, 2025])
        if arrival is not None and arrival < birth.year:
            arrival = None
        people.append(
            Person(
                given=f"Vor{_letters(number)}",
                family=f"Zu{_letters(number * 7 + 3)}mann",
                phone=f"0203 7{number:05d}",
                birth_date=birth if what < 0.6 else None,
                birth_year=birth.year if 0.6 <= what < 0.85 else None,
                gender=rng.choice([*Gender, None]),
                district=rng.choice([*DISTRICTS, None]),
                preferred=preferred,
                spoken=()
                if rng.random() < 0.15
                else tuple(dict.fromkeys((preferred, rng.choice(LANGUAGES)))),
                arrival=arrival,
                opened=opened,
                closed=closed,
                reason=rng.choice(REASONS) if closed else None,
            )
        )
    edges = [
        ("Sechzehn", date(2010, 10, 31), None, 2024),  # 16 on the last day: "10-16"
        ("Siebzehn", date(2009, 10, 31), None, 2023),  # 17 on the last day
        ("Fastsiebzehn", date(2009, 11, 1), None, None),  # still 16
        ("Jahrgang", None, 2000, 2024),  # 1 July 2000: 26 on 31 October 2026
        ("Jahrgang99", None, 1999, None),  # 27
    ]
    for given, birth_date, birth_year, arrival in edges:
        people.append(
            Person(
                given,
                "Kante",
                "0171 5550000",
                birth_date,
                birth_year,
                Gender.FEMALE,
                "Hochfeld",
                "ar",
                ("ar",),
                arrival,
                date(2026, 10, 15),
                None,
                None,
            )
        )
    return people


def _age(person: Person) -> int | None:
    """Age on 31 October 2026, counted here without the program's rules."""
    if person.birth_date is not None:
        born = person.birth_date
        return 2026 - born.year - (1 if (born.month, born.day) > (10, 31) else 0)
    if person.birth_year is not None:
        return 2026 - person.birth_year  # October is after 1 July
    return None


def _band(age: int | None) -> str:
    if age is None:
        return "keine_angabe"
    if age < 3:
        return "0-3"
    if age < 6:
        return "3-6"
    if age < 10:
        return "6-10"
    if age <= 16:
        return "10-16"
    if age <= 25:
        return "17-25"
    return "ueber_25"


def _is_active(person: Person) -> bool:
    return person.opened <= LAST and (person.closed is None or person.closed >= FIRST)


@dataclass(frozen=True)
class ContactSpec:
    day: date
    kind: ContactKind
    topics: tuple[Topic, ...]
    authority: AuthorityKind | None
    clients: tuple[int, ...]  # indexes into the people
    steps: tuple[StepActor, ...]
    guide: int  # 0 or 1
    minutes: int
    travel: int


def _contacts() -> list[ContactSpec]:
    rng = random.Random(7)
    specs = []
    for _ in range(40):
        day = date(2026, rng.choice((7, 8, 9, 10, 10, 10, 11)), rng.randrange(1, 21))
        first = rng.randrange(0, 56)
        clients = (first, (first + 1) % 56) if rng.random() < 0.2 else (first,)
        specs.append(
            ContactSpec(
                day=day,
                kind=rng.choice(list(ContactKind)),
                topics=tuple(rng.sample(list(Topic), rng.randrange(0, 3))),
                authority=rng.choice([None, AuthorityKind.JOBCENTER, AuthorityKind.FAMILIENKASSE]),
                clients=clients,
                steps=tuple(rng.choice((ALONE, TOGETHER, GUIDE)) for _ in range(rng.randrange(4))),
                guide=rng.randrange(2),
                minutes=rng.choice((30, 45, 60)),
                travel=rng.choice((0, 20)),
            )
        )
    return specs


APPOINTMENTS = [  # (day, status, guide index, minutes, linked to contact number)
    (date(2026, 10, 2), "stattgefunden", 0, 60, None),
    (date(2026, 10, 5), "stattgefunden", 1, 90, None),
    (date(2026, 10, 6), "stattgefunden", 0, 45, 0),  # a contact records it: not counted twice
    (date(2026, 10, 7), "versaeumt", 0, 30, None),
    (date(2026, 10, 8), "abgesagt", 1, 30, None),
    (date(2026, 10, 31), "geplant", 1, 30, None),
    (date(2026, 11, 2), "geplant", 0, 30, None),  # November
    (date(2026, 9, 30), "stattgefunden", 0, 30, None),  # September
]
DEADLINES = [  # (due, status)
    (date(2026, 10, 1), "erledigt"),
    (date(2026, 10, 12), "erledigt"),
    (date(2026, 10, 20), "versaeumt"),
    (date(2026, 10, 31), "offen"),
    (date(2026, 11, 1), "offen"),
    (date(2026, 9, 30), "versaeumt"),
]
TASKS = [  # (done on, by)
    (date(2026, 10, 3), ALONE),
    (date(2026, 10, 9), ALONE),
    (date(2026, 8, 9), GUIDE),
    (date(2026, 11, 9), TOGETHER),
]
ENTRIES = [(0, date(2026, 10, 14), 120), (1, date(2026, 10, 20), 90), (1, date(2026, 9, 1), 60)]


@dataclass
class DataSet:
    services: Services
    summary_service: SummaryService
    people: list[Person]
    client_ids: list[int]
    guides: list[int]
    contacts: list[ContactSpec]


def _build(database: Database, people: list[Person] | None = None) -> DataSet:
    services = Services.build(database, fixed_clock)
    guides = [
        services.guides.create(GuideInput("Greta", "Lotsenfrau")),
        services.guides.create(GuideInput("Hakan", "Lotsenmann")),
    ]
    with database.session() as session:
        district_ids = {
            name: district_id
            for district_id, name in session.execute(select(District.id, District.name))
        }
    people = people if people is not None else _people()
    client_ids = []
    for person in people:
        client_id = services.clients.create(
            ClientInput(
                person.given,
                person.family,
                birth_date=person.birth_date,
                birth_year=person.birth_year,
                gender=person.gender,
                phone=person.phone,
                street="Geheimweg 12",
                postal_code="47053",
                city="Duisburg",
                district_id=district_ids[person.district] if person.district else None,
                languages=person.spoken,
                preferred_language=person.preferred,
                arrival_year=person.arrival,
                opened_on=person.opened,
            ),
            guide_id=guides[0],
        )
        # Signed consent incl. the topic health: the contacts below record it (Art. 9).
        services.consent.record(
            NewConsent(
                client_id=client_id,
                given_on=person.opened,
                sheet_version="2026-11b",
                sheet_language="de",
                health_allowed=True,
            )
        )
        if person.closed is not None and person.reason is not None:
            services.clients.close_case(client_id, CaseClosing(person.closed, person.reason))
        client_ids.append(client_id)
    authorities = {
        kind: services.authorities.save(AuthorityData(f"Testbehörde {kind.value}", kind=kind))
        for kind in (AuthorityKind.JOBCENTER, AuthorityKind.FAMILIENKASSE)
    }
    specs = _contacts()
    contact_ids = []
    for spec in specs:
        contact_ids.append(
            services.casework.record_contact(
                NewContact(
                    occurred_on=spec.day,
                    duration_minutes=spec.minutes,
                    kind=spec.kind,
                    client_ids=tuple(client_ids[index] for index in spec.clients),
                    topics=spec.topics,
                    steps=tuple(Step("Formular ausgefüllt", actor) for actor in spec.steps),
                    authority_id=authorities[spec.authority] if spec.authority else None,
                    note="Geheime Notiz über Diabetes",
                    guide_id=guides[spec.guide],
                    travel_minutes=spec.travel,
                )
            )
        )
    now = datetime(2026, 11, 21, 10, 0)
    with database.session() as session:
        for day, status, guide, minutes, contact in APPOINTMENTS:
            appointment = Appointment(
                guide_id=guides[guide],
                starts_at=datetime(day.year, day.month, day.day, 9, 0),
                duration_minutes=minutes,
                status=status,
                created_at=now,
                updated_at=now,
            )
            session.add(appointment)
            session.flush()
            session.add(AppointmentClient(appointment_id=appointment.id, client_id=client_ids[0]))
            if contact is not None:
                session.get_one(Contact, contact_ids[contact]).appointment_id = appointment.id
        for due, status in DEADLINES:
            session.add(
                Deadline(
                    client_id=client_ids[1],
                    kind="widerspruch",
                    due_date=due,
                    status=status,
                    created_at=now,
                )
            )
        for done_on, actor in TASKS:
            session.add(
                Task(client_id=client_ids[2], text="Antrag", done_on=done_on, done_by=actor)
            )
    for guide, day, minutes in ENTRIES:
        services.casework.add_volunteer_entry(
            VolunteerEntry(guides[guide], day, minutes, VolunteerActivity.TRAINING, "Kurs")
        )
    return DataSet(
        services, SummaryService(database, fixed_clock), people, client_ids, guides, specs
    )


@pytest.fixture
def data(database: Database) -> DataSet:
    return _build(database)


def _in_october(day: date) -> bool:
    return FIRST <= day <= LAST


def test_client_figures_equal_counts_made_by_hand(data: DataSet) -> None:
    summary = data.summary_service.month(OCTOBER)
    active = [person for person in data.people if _is_active(person)]
    assert summary.clients.active == len(active) > 20
    assert summary.clients.new == sum(_in_october(p.opened) for p in active)
    closed = [p for p in active if p.closed is not None and _in_october(p.closed)]
    assert summary.clients.closed == len(closed) > 0
    for reason in ClosingReason:
        assert summary.clients.closed_by_reason.get(reason.value) == sum(
            p.reason == reason for p in closed
        )
    for gender in Gender:
        expected = sum((p.gender or Gender.NOT_STATED) == gender for p in active)
        assert summary.by_gender.get(gender.value) == expected
    for band in ("0-3", "3-6", "6-10", "10-16", "17-25", "ueber_25", "keine_angabe"):
        assert summary.by_age_band.get(band) == sum(_band(_age(p)) == band for p in active), band
    ages = [_age(p) for p in active]
    assert summary.by_funder_age.get("27_plus") == sum(a is not None and a >= 27 for a in ages)
    assert summary.by_funder_age.get("keine_angabe") == sum(a is None for a in ages)
    for code in ("tr", "ar", "uk", "bg"):
        assert summary.by_language.get(code) == sum(p.preferred == code for p in active)
        assert summary.languages_spoken.get(code) == sum(code in p.spoken for p in active)
    assert summary.by_language.get("keine_angabe") == 0  # the program asks for one
    assert summary.languages_spoken.get("keine_angabe") == sum(not p.spoken for p in active)
    for name in DISTRICTS:
        assert summary.by_district.get(name) == sum(p.district == name for p in active)
    assert summary.by_district.get("keine_angabe") == sum(p.district is None for p in active)
    recent = [p.arrival is not None and p.arrival >= 2024 for p in active]
    assert summary.by_arrival.get("ja") == sum(recent)
    assert summary.by_arrival.get("keine_angabe") == sum(p.arrival is None for p in active)


def test_the_edges_of_the_age_bands_in_the_data(data: DataSet) -> None:
    bands = data.summary_service.month(OCTOBER).by_age_band
    # Sechzehn (16), Fastsiebzehn (16) are "10-16"; Siebzehn is "17-25"; the year-only
    # people are 26 and 27: "über 25".
    edges = {p.given: _band(_age(p)) for p in data.people if p.family == "Kante"}
    assert edges == {
        "Sechzehn": "10-16",
        "Siebzehn": "17-25",
        "Fastsiebzehn": "10-16",
        "Jahrgang": "ueber_25",
        "Jahrgang99": "ueber_25",
    }
    assert bands.get("10-16") >= 2 and bands.get("17-25") >= 1


def test_every_breakdown_of_active_clients_sums_to_the_total(data: DataSet) -> None:
    for period in (OCTOBER, "2026-Q4", "2026", "2025-03"):
        summary = data.summary_service.month(period)
        for name, breakdown in summary.client_breakdowns().items():
            assert breakdown.total == summary.clients.active, (period, name)
        assert summary.clients.closed_by_reason.total == summary.clients.closed
        assert summary.contacts.by_kind.total == summary.contacts.total
        assert summary.contacts.by_authority_kind.total == summary.contacts.total
        assert summary.contacts.by_topic.total >= summary.contacts.total


def test_contacts_appointments_deadlines_equal_counts_made_by_hand(data: DataSet) -> None:
    summary = data.summary_service.month(OCTOBER)
    october = [spec for spec in data.contacts if _in_october(spec.day)]
    assert summary.contacts.total == len(october) > 5
    for kind in ContactKind:
        assert summary.contacts.by_kind.get(kind.value) == sum(s.kind == kind for s in october)
    assert summary.contacts.accompaniments == sum(
        s.kind == ContactKind.ACCOMPANIMENT for s in october
    )
    for topic in Topic:
        assert summary.contacts.by_topic.get(topic.value) == sum(topic in s.topics for s in october)
    assert summary.contacts.by_topic.get("ohne_thema") == sum(not s.topics for s in october)
    for kind in (AuthorityKind.JOBCENTER, AuthorityKind.FAMILIENKASSE):
        assert summary.contacts.by_authority_kind.get(kind.value) == sum(
            s.authority == kind for s in october
        )
        assert summary.contacts.accompaniments_by_authority_kind.get(kind.value) == sum(
            s.authority == kind and s.kind == ContactKind.ACCOMPANIMENT for s in october
        )
    assert summary.contacts.by_authority_kind.get("ohne_behoerde") == sum(
        s.authority is None for s in october
    )
    assert summary.appointments.as_dict() == {
        "geplant": 1,
        "stattgefunden": 3,
        "abgesagt": 1,
        "versaeumt": 1,
        "verschoben": 0,
    }
    assert (summary.deadlines.due, summary.deadlines.kept) == (4, 2)
    assert (summary.deadlines.missed, summary.deadlines.open) == (1, 1)


def _steps(specs: list[ContactSpec], first: date, last: date) -> dict[StepActor, int]:
    counts = dict.fromkeys((ALONE, TOGETHER, GUIDE), 0)
    for spec in specs:
        if first <= spec.day <= last:
            for actor in spec.steps:
                counts[actor] += len(spec.clients)  # a family contact: for each person
    for done_on, actor in TASKS:
        if first <= done_on <= last:
            counts[actor] += 1
    return counts


def test_self_help_and_its_change_against_the_three_months_before(data: DataSet) -> None:
    summary = data.summary_service.month(OCTOBER)
    now = _steps(data.contacts, FIRST, LAST)
    before = _steps(data.contacts, date(2026, 7, 1), date(2026, 9, 30))
    current, previous = summary.self_help.current, summary.self_help.previous
    assert (current.alone, current.together, current.guide) == (
        now[ALONE],
        now[TOGETHER],
        now[GUIDE],
    )
    assert (previous.alone, previous.together, previous.guide) == (
        before[ALONE],
        before[TOGETHER],
        before[GUIDE],
    )
    share_now = round(now[ALONE] * 100 / sum(now.values()))
    share_before = round(before[ALONE] * 100 / sum(before.values()))
    assert summary.self_help.change_alone_points(exact=True) == share_now - share_before
    # the same rule as the client's own measure: the clients' measures add up
    per_client = sum(
        data.services.casework.self_help(client_id, date(2026, 10, 31), months=1).recent.total
        for client_id in data.client_ids
    )
    assert per_client == current.total


def test_volunteer_hours_follow_the_rule_of_the_guides_own_hours(data: DataSet) -> None:
    summary = data.summary_service.month(OCTOBER)
    hours = summary.volunteer_hours
    assert [guide.label for guide in hours.per_guide] == ["Lotse 1", "Lotse 2"]
    for guide in hours.per_guide:
        assert guide.guide_id is not None
        own = data.services.casework.volunteer_hours(guide.guide_id, 2026).months[9]
        assert guide.minutes == own.total_minutes
    by_hand = {0: 0, 1: 0}
    for spec in data.contacts:
        if _in_october(spec.day):
            by_hand[spec.guide] += spec.minutes + spec.travel
    for day, status, guide, minutes, contact in APPOINTMENTS:
        if _in_october(day) and status == "stattgefunden" and contact is None:
            by_hand[guide] += minutes
    for guide, day, minutes in ENTRIES:
        if _in_october(day):
            by_hand[guide] += minutes
    assert hours.total_minutes == by_hand[0] + by_hand[1]
    assert {g.guide_id: g.minutes for g in hours.per_guide} == {
        data.guides[0]: by_hand[0],
        data.guides[1]: by_hand[1],
    }


# --- files ---------------------------------------------------------------------------------


def _text_of(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    return data.decode("utf-8-sig")


def _secrets(data: DataSet) -> list[str]:
    found = ["Geheimweg", "Diabetes", "Geheime Notiz", "Lotsenfrau", "Lotsenmann", "Greta"]
    for person in data.people:
        found += [person.given, person.family, person.phone]
        if person.birth_date is not None:
            found += [person.birth_date.isoformat(), person.birth_date.strftime("%d.%m.%Y")]
    return found


def test_no_personal_data_in_any_output_file(data: DataSet, tmp_path: Path) -> None:
    outputs = []
    for exact in (False, True):
        for suffix in (".json", ".csv", ".xlsx"):
            path = tmp_path / f"uebersicht-{exact}{suffix}"
            data.summary_service.export(OCTOBER, path, exact=exact)
            outputs.append(path)
    report = tmp_path / "bericht.lotsenbericht.json"
    data.summary_service.export_report(OCTOBER, report)
    outputs.append(report)
    secrets_ = _secrets(data)
    for path in outputs:
        text = _text_of(path)
        leaked = [secret for secret in secrets_ if secret in text]
        assert leaked == [], path.name


def test_suppression_in_the_files_and_exact_numbers_with_exact(
    data: DataSet, tmp_path: Path
) -> None:
    summary = data.summary_service.month(OCTOBER)
    data.summary_service.export(OCTOBER, tmp_path / "s.json")
    data.summary_service.export(OCTOBER, tmp_path / "e.json", exact=True)
    suppressed = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    exact = json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))
    assert exact["clients"]["active"] == summary.clients.active
    assert exact["deadlines"] == {"due": 4, "kept": 2, "missed": 1, "open": 1}
    assert suppressed["deadlines"] == {
        "due": SUPPRESSED,
        "kept": SUPPRESSED,
        "missed": SUPPRESSED,
        "open": SUPPRESSED,
    }
    assert suppressed["appointments"]["verschoben"] == 0
    for key in (
        "month",
        "clients",
        "by_gender",
        "by_age_band",
        "by_language",
        "by_district",
        "contacts",
        "appointments",
        "deadlines",
        "self_help",
        "volunteer_hours",
    ):
        assert key in suppressed
    assert suppressed["month"] == OCTOBER
    assert set(suppressed["clients"]) >= {"active", "new", "closed"}
    assert set(suppressed["contacts"]) >= {"by_kind", "by_topic", "by_authority_kind"}
    assert set(suppressed["self_help"]) >= {"alone", "together", "guide"}
    assert "total" in suppressed["volunteer_hours"]
    numbers = [v for v in _leaves(suppressed) if isinstance(v, int) and not isinstance(v, bool)]
    assert all(not 0 < number < 5 for number in numbers if number != 1)  # version is 1


def _leaves(value: object) -> list[object]:
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [value]


def test_xlsx_has_real_numbers_bold_headers_and_an_explanation(
    data: DataSet, tmp_path: Path
) -> None:
    path = tmp_path / "uebersicht.xlsx"
    summary = data.summary_service.export(OCTOBER, path)
    workbook = load_workbook(path)
    assert workbook.sheetnames[0] == "Erläuterung"
    tables = summary_tables(summary)
    assert len(workbook.sheetnames) == len(tables) + 1
    overview = workbook["Überblick"]
    assert overview["A1"].value == "Kennzahl" and overview["A1"].font.bold
    assert overview["B2"].value == summary.clients.active
    assert isinstance(overview["B2"].value, int)
    deadlines = workbook["Fristen"]
    assert [row[1].value for row in deadlines.iter_rows(min_row=2)] == [SUPPRESSED] * 4
    explained = [row[0].value for row in workbook["Erläuterung"].iter_rows()]
    assert all(table.title in explained for table in tables)
    assert overview.column_dimensions["A"].width > 10


def test_csv_is_one_file_for_excel(data: DataSet, tmp_path: Path) -> None:
    path = tmp_path / "uebersicht.csv"
    data.summary_service.export(OCTOBER, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "Geschlecht;Aktive Klient:innen" in text
    assert "Kontakte nach Art\r\nArt;Kontakte" in text


def test_the_service_leaves_the_pdf_to_the_qt_edge(data: DataSet, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="lotsen summary"):
        data.summary_service.export(OCTOBER, tmp_path / "u.pdf")
    assert not (tmp_path / "u.pdf").exists()


def test_an_export_is_audited_with_kind_and_period_only(data: DataSet, tmp_path: Path) -> None:
    data.summary_service.export(OCTOBER, tmp_path / "u.xlsx")
    data.summary_service.export_report(OCTOBER, tmp_path / "b.json")
    with data.services.database.session() as session:
        entries = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity.in_(["monatsuebersicht", "lotsenbericht"]))
            .order_by(AuditEntry.id)
        ).all()
        lines = [(e.action, e.entity, e.entity_id, e.detail) for e in entries]
    assert lines == [
        ("exportiert", "monatsuebersicht", None, "xlsx 2026-10"),
        ("exportiert", "lotsenbericht", None, "2026-10"),
    ]


# --- report files and merging --------------------------------------------------------------


def test_the_programme_key_is_made_once_and_can_be_taken_over(data: DataSet) -> None:
    service = data.summary_service
    key = service.programme_key()
    assert service.programme_key() == key
    other = key_to_text(new_programme_key())
    service.set_programme_key(other.lower())
    assert service.programme_key() == other
    with pytest.raises(ValidationError):
        service.set_programme_key("ABCD-EFGH")
    assert service.programme_key() == other


def _summary_dict(summary: Summary) -> dict[str, object]:
    from lotsen_app.reports.summary_files import summary_dict

    result = summary_dict(summary, exact=True)
    result.pop("report_files")
    result.pop("volunteer_hours")
    return result


def test_merging_one_guides_file_gives_the_same_figures(data: DataSet, tmp_path: Path) -> None:
    path = tmp_path / "greta.lotsenbericht.json"
    data.summary_service.export_report(OCTOBER, path)
    merged = data.summary_service.merge([path])
    direct = data.summary_service.month(OCTOBER)
    assert _summary_dict(merged) == _summary_dict(direct)
    assert merged.volunteer_hours.total_minutes == direct.volunteer_hours.total_minutes
    assert sorted(g.minutes for g in merged.volunteer_hours.per_guide) == sorted(
        g.minutes for g in direct.volunteer_hours.per_guide
    )
    assert merged.report_files == 1


def test_the_same_file_twice_counts_once(data: DataSet, tmp_path: Path) -> None:
    path = tmp_path / "greta.json"
    data.summary_service.export_report(OCTOBER, path)
    copy = tmp_path / "kopie.json"
    copy.write_bytes(path.read_bytes())
    once = data.summary_service.merge([path])
    twice = data.summary_service.merge([path, copy, path])
    assert _summary_dict(once) == _summary_dict(twice)
    assert twice.report_files == 1


def _second_guide(tmp_path: Path, key: str, people: list[Person]) -> SummaryService:
    database = create_database(tmp_path / "zweiter.db")
    service = SummaryService(database, fixed_clock)
    service.set_programme_key(key)
    services = Services.build(database, fixed_clock)
    guide = services.guides.create(GuideInput("Ida", "Zweitlotsin"))
    for person in people:
        services.clients.create(
            ClientInput(
                person.given,
                person.family,
                birth_date=person.birth_date,
                birth_year=person.birth_year,
                opened_on=date(2026, 10, 20),
            ),
            guide_id=guide,
        )
    return service


def test_a_client_reported_by_two_guides_counts_once(data: DataSet, tmp_path: Path) -> None:
    key = data.summary_service.programme_key()
    known = next(p for p in data.people if _is_active(p) and p.opened < FIRST)
    stranger = replace(known, given="Ganz", family="Neue", birth_date=None, birth_year=1990)
    second = _second_guide(tmp_path, key, [known, stranger])
    mine, theirs = tmp_path / "greta.json", tmp_path / "ida.json"
    data.summary_service.export_report(OCTOBER, mine)
    second.export_report(OCTOBER, theirs)
    second.database.close()
    own = data.summary_service.month(OCTOBER)
    merged = data.summary_service.merge([mine, theirs])
    assert merged.report_files == 2
    assert merged.clients.active == own.clients.active + 1  # only the stranger is added
    # new for the second guide, but the first guide knew the client before October
    assert merged.clients.new == own.clients.new + 1
    for breakdown in merged.client_breakdowns().values():
        assert breakdown.total == merged.clients.active
    # the second guide did not state a gender: the first guide's value counts
    assert merged.by_gender.as_dict() == {
        **own.by_gender.as_dict(),
        "keine_angabe": own.by_gender.get("keine_angabe") + 1,
    }


def _refused(service: SummaryService, paths: list[Path], message: str, **kwargs: str) -> None:
    with pytest.raises(DomainError) as caught:
        service.merge(paths, **kwargs)
    assert message in str(caught.value)


def test_damaged_altered_foreign_and_other_month_files_are_refused(
    data: DataSet, tmp_path: Path
) -> None:
    service = data.summary_service
    good = tmp_path / "gut.json"
    service.export_report(OCTOBER, good)
    content = json.loads(good.read_text(encoding="utf-8"))

    damaged = tmp_path / "kaputt.json"
    damaged.write_bytes(good.read_bytes()[:200])
    _refused(service, [good, damaged], "kaputt.json ist beschädigt")

    altered = tmp_path / "geaendert.json"
    changed = dict(content, deadlines={**content["deadlines"], "versaeumt": 0})
    altered.write_text(json.dumps(changed), encoding="utf-8")
    _refused(service, [altered], "geaendert.json wurde nach dem Erstellen verändert")

    september = tmp_path / "september.json"
    service.export_report("2026-09", september)
    _refused(service, [good, september], "September 2026, erwartet wird Oktober 2026")
    _refused(service, [september], "erwartet wird Oktober 2026", period=OCTOBER)

    service.set_programme_key(key_to_text(new_programme_key()))
    _refused(service, [good], "mit einem anderen Programmschlüssel erstellt")
    _refused(service, [tmp_path / "fehlt.json"], "gibt es nicht")


# --- the command line ----------------------------------------------------------------------


def test_cli_summary_report_export_and_merge(
    data: DataSet, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(data.services.database.path)
    out = tmp_path / "oktober.xlsx"
    assert cli.main(["summary", "--db", db, "--month", OCTOBER, "--out", str(out)]) == 0
    assert "Monatsübersicht Oktober 2026" in capsys.readouterr().out
    assert (
        load_workbook(out)["Überblick"]["B2"].value
        == data.summary_service.month(OCTOBER).clients.active
    )

    report = tmp_path / "greta.lotsenbericht.json"
    assert cli.main(["report-export", "--db", db, "--month", OCTOBER, "--out", str(report)]) == 0
    assert "ohne Namen" in capsys.readouterr().out

    merged = tmp_path / "gesamt.json"
    args = ["summary", "--db", db, "--merge", str(report), str(report), "--exact"]
    assert cli.main([*args, "--out", str(merged)]) == 0
    assert "aus 1 Berichtsdatei" in capsys.readouterr().out
    content = json.loads(merged.read_text(encoding="utf-8"))
    assert content["exact"] is True and content["report_files"] == 1


def test_cli_merge_with_the_key_from_the_environment(
    data: DataSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = tmp_path / "b.json"
    data.summary_service.export_report(OCTOBER, report)
    out = tmp_path / "gesamt.csv"
    monkeypatch.setenv("LOTSEN_PROGRAMMSCHLUESSEL", data.summary_service.programme_key())
    assert cli.main(["summary", "--merge", str(report), "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--month", OCTOBER, "--out", "{tmp}/u.docx"], "Unbekanntes Dateiformat"),
        (["--month", "10/2026", "--out", "{tmp}/u.json"], "JJJJ-MM"),
        (["--out", "{tmp}/u.json"], "Bitte --db und --month angeben"),
        (["--month", OCTOBER, "--out", "{tmp}/fehlt/u.json"], "den Ordner"),
    ],
)
def test_cli_bad_input_exits_2_with_a_german_message(
    data: DataSet,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    db = ["--db", str(data.services.database.path)] if "--month" in args else []
    argv = ["summary", *db, *(arg.replace("{tmp}", str(tmp_path)) for arg in args)]
    assert cli.main(argv) == 2
    assert message in capsys.readouterr().err


def test_cli_refuses_an_altered_file_and_merge_without_key(
    data: DataSet,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    report = tmp_path / "b.json"
    data.summary_service.export_report(OCTOBER, report)
    report.write_text(
        report.read_text(encoding="utf-8").replace('"stattgefunden": 3', '"stattgefunden": 9'),
        encoding="utf-8",
    )
    db = str(data.services.database.path)
    out = tmp_path / "m.json"
    assert cli.main(["summary", "--db", db, "--merge", str(report), "--out", str(out)]) == 2
    assert "verändert" in capsys.readouterr().err
    assert not out.exists()
    monkeypatch.delenv("LOTSEN_PROGRAMMSCHLUESSEL", raising=False)
    assert cli.main(["summary", "--merge", str(report), "--out", str(out)]) == 2
    assert "braucht den Programmschlüssel" in capsys.readouterr().err


def test_a_step_that_names_its_person_counts_once_in_the_summary(database: Database) -> None:
    """GIVEN a family contact whose steps name the mother, and one step for the whole contact
    WHEN the month is summed THEN the mother's steps count once and the shared step for each
    person, as in the clients' own measures."""
    services = Services.build(database, fixed_clock)
    guide = services.guides.create(GuideInput("Greta", "Lotsenfrau"))
    mother, daughter = (
        services.clients.create(ClientInput(given, "Haddad"), guide_id=guide)
        for given in ("Layla", "Mira")
    )
    services.casework.record_contact(
        NewContact(
            occurred_on=date(2026, 10, 12),
            duration_minutes=60,
            kind=ContactKind.HOME_VISIT,
            client_ids=(mother, daughter),
            steps=(
                PersonStep("Antrag ausgefüllt", ALONE, mother),
                PersonStep("Unterlagen kopiert", ALONE, mother),
                Step("Termin besprochen", GUIDE),
            ),
            guide_id=guide,
        )
    )
    current = SummaryService(database, fixed_clock).month(OCTOBER).self_help.current
    assert (current.alone, current.together, current.guide) == (2, 0, 2)
    per_client = [
        services.casework.self_help(client_id, date(2026, 10, 31), months=1).recent
        for client_id in (mother, daughter)
    ]
    assert [(c.alone, c.guide) for c in per_client] == [(2, 1), (0, 1)]
    assert sum(c.total for c in per_client) == current.total
