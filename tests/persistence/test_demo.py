"""The demo data generator, on real SQLite files (plain and encrypted)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import fields
from datetime import date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from lotsen_app.domain.appointments import OpeningHours
from lotsen_app.domain.casework import DEFAULT_TEMPLATES
from lotsen_app.domain.clients import ClientInput, validate_client
from lotsen_app.domain.deadlines import (
    DeadlineInput,
    DeadlineKind,
    Period,
    PeriodUnit,
    Procedure,
    compute_deadline,
    is_working_day,
)
from lotsen_app.domain.enums import ClientStatus, FormOfAddress, Gender
from lotsen_app.domain.languages import LETTER_LANGUAGES
from lotsen_app.domain.names import person_key
from lotsen_app.persistence.database import SQLITE_HEADER, create_database
from lotsen_app.services.clients import search_text_for
from lotsen_app.services.demo import DemoOptions, write_demo_data

TODAY = date(2026, 2, 10)
Row = dict[str, Any]


def _write(path: Path, clients: int, seed: int = 1, today: date = TODAY) -> str:
    database = create_database(path)
    try:
        return write_demo_data(database, DemoOptions(clients=clients, seed=seed, today=today))
    finally:
        database.close()


def _rows(path: Path, table: str) -> list[Row]:
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in connection.execute(f'SELECT * FROM "{table}" ORDER BY id')]
    finally:
        connection.close()


def _dump(path: Path) -> dict[str, list[Row]]:
    return {
        table: _rows(path, table)
        for table in (
            "client",
            "client_status_change",
            "assignment",
            "guide",
            "incoming_letter",
            "deadline",
            "task",
            "authority",
            "appointment",
            "contact",
            "contact_step",
            "goal",
            "volunteer_entry",
        )
    }


def _links(path: Path, table: str) -> list[Row]:
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in connection.execute(f'SELECT * FROM "{table}"')]
    finally:
        connection.close()


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text[:10]) if text else None


def _date(text: str) -> date:
    return date.fromisoformat(text[:10])


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _phase(age: int) -> str:
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
    return "über 25"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One file with 300 clients, read back once for all the checks below."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    summary = _write(path, 300)
    data: dict[str, Any] = dict(_dump(path))
    data["summary"] = summary
    data["path"] = path
    data["audit"] = _rows(path, "audit_entry")
    data["district"] = {row["id"]: row["name"] for row in _rows(path, "district")}
    data["appointment_client"] = _links(path, "appointment_client")
    data["contact_client"] = _links(path, "contact_client")
    return data


# --- reproducibility -------------------------------------------------------------------------


def test_same_seed_same_day_gives_identical_files(tmp_path: Path) -> None:
    _write(tmp_path / "a.db", 150, seed=7)
    _write(tmp_path / "b.db", 150, seed=7)
    assert _dump(tmp_path / "a.db") == _dump(tmp_path / "b.db")


def test_different_seed_gives_different_data(tmp_path: Path) -> None:
    _write(tmp_path / "a.db", 150, seed=7)
    _write(tmp_path / "b.db", 150, seed=8)
    first, second = _dump(tmp_path / "a.db"), _dump(tmp_path / "b.db")
    assert first["client"] != second["client"]
    assert first["assignment"] != second["assignment"]
    assert first["deadline"] != second["deadline"]


def test_dates_are_laid_relative_to_today(tmp_path: Path) -> None:
    today = date(2024, 7, 1)
    _write(tmp_path / "a.db", 200, today=today)
    clients = _rows(tmp_path / "a.db", "client")
    opened = [_date(row["opened_on"]) for row in clients]
    assert max(opened) <= today
    assert max(opened) >= date(2024, 5, 1)  # the demo looks current
    for row in clients:
        assert _date(row["status_since"]) <= today
        if row["birth_date"]:
            assert _date(row["birth_date"]) <= today
        assert row["arrival_year"] is None or row["arrival_year"] <= today.year
    for row in _rows(tmp_path / "a.db", "assignment"):
        assert _date(row["start_date"]) <= today
        assert row["end_date"] is None or _date(row["end_date"]) <= today


# --- counts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("clients", "guides"), [(0, 2), (1, 2), (13, 2), (37, 3), (120, 10)])
def test_counts_are_as_asked(tmp_path: Path, clients: int, guides: int) -> None:
    summary = _write(tmp_path / "demo.db", clients)
    assert len(_rows(tmp_path / "demo.db", "client")) == clients
    assert len(_rows(tmp_path / "demo.db", "guide")) == guides
    assert summary.startswith(f"{clients} Klient:innen")
    assert f"{guides} Lotsinnen und Lotsen" in summary


def test_guides_about_one_per_twelve_clients(demo: dict[str, Any]) -> None:
    guides = demo["guide"]
    assert len(guides) == 25
    coordinators = [g for g in guides if g["is_coordinator"]]
    assert 1 <= len(coordinators) <= 2
    assert all(g["active"] for g in coordinators)
    inactive = [g for g in guides if not g["active"]]
    assert 1 <= len(inactive) <= len(guides) // 4
    assert all("de" in g["languages"].split(",") for g in guides)
    # German and migrant-background names, several languages among the guides.
    assert len({code for g in guides for code in g["languages"].split(",")}) >= 5


def test_summary_mentions_counts_and_the_audit_has_no_names(demo: dict[str, Any]) -> None:
    assert demo["summary"].startswith("300 Klient:innen")
    assert "25 Lotsinnen und Lotsen" in demo["summary"]
    audit = demo["audit"]
    assert len(audit) == 1
    entry = audit[0]
    assert (entry["action"], entry["entity"], entry["entity_id"]) == ("angelegt", "database", None)
    assert entry["detail"] == "Demodaten: 300 Klient:innen"  # German like every audit line
    assert _day(entry["at"]) == TODAY


# --- assignments and status ------------------------------------------------------------------


def _open(assignments: list[Row]) -> dict[int, list[Row]]:
    result: dict[int, list[Row]] = defaultdict(list)
    for row in assignments:
        if row["end_date"] is None:
            result[row["client_id"]].append(row)
    return result


def test_every_client_with_an_open_assignment_has_exactly_one_open_lead(
    demo: dict[str, Any],
) -> None:
    open_by_client = _open(demo["assignment"])
    assert open_by_client
    for rows in open_by_client.values():
        assert sum(1 for row in rows if row["role"] == "lead") == 1


def test_open_assignments_belong_to_active_guides(demo: dict[str, Any]) -> None:
    active = {g["id"] for g in demo["guide"] if g["active"]}
    for rows in _open(demo["assignment"]).values():
        assert all(row["guide_id"] in active for row in rows)
        assert len({row["guide_id"] for row in rows}) == len(rows)


def test_assignments_lie_within_the_case(demo: dict[str, Any]) -> None:
    clients = {row["id"]: row for row in demo["client"]}
    for row in demo["assignment"]:
        client = clients[row["client_id"]]
        start, end = _date(row["start_date"]), _day(row["end_date"])
        assert start >= _date(client["opened_on"])
        assert end is None or end >= start
        if client["closed_on"]:
            assert end is not None and end <= _date(client["closed_on"])


def test_most_open_cases_have_a_guide_and_some_have_none_yet(demo: dict[str, Any]) -> None:
    open_by_client = _open(demo["assignment"])
    not_closed = [c for c in demo["client"] if c["status"] != ClientStatus.CLOSED.value]
    without = [c for c in not_closed if c["id"] not in open_by_client]
    assert 0 < len(without) < 0.15 * len(not_closed)
    assert all(c["status"] == ClientStatus.ACTIVE.value for c in without)


def test_closed_clients_have_no_open_assignment_and_a_reason(demo: dict[str, Any]) -> None:
    open_by_client = _open(demo["assignment"])
    closed = [c for c in demo["client"] if c["status"] == ClientStatus.CLOSED.value]
    assert closed
    for client in closed:
        assert client["id"] not in open_by_client
        assert client["closing_reason"]
        assert client["closed_on"] == client["status_since"]
    for client in demo["client"]:
        if client["status"] != ClientStatus.CLOSED.value:
            assert client["closed_on"] is None and client["closing_reason"] is None


def test_status_mix(demo: dict[str, Any]) -> None:
    counts = Counter(c["status"] for c in demo["client"])
    assert counts[ClientStatus.ACTIVE.value] > 0.5 * len(demo["client"])
    assert counts[ClientStatus.PAUSED.value] > 0
    assert counts[ClientStatus.CLOSED.value] > 0


def _old_case(client: Row) -> bool:
    """A closed case the demo moved back beyond the retention period (3 years)."""
    closed_on = client["closed_on"]
    return bool(closed_on) and _date(closed_on) < TODAY.replace(year=TODAY.year - 3)


def test_status_history_is_consistent(demo: dict[str, Any]) -> None:
    history: dict[int, list[Row]] = defaultdict(list)
    for row in demo["client_status_change"]:
        history[row["client_id"]].append(row)
    assert any(len(rows) > 2 for rows in history.values())  # some reopened or resumed cases
    eighteen_months_ago = date(2024, 8, 10)
    for client in demo["client"]:
        rows = history[client["id"]]
        assert rows, client["id"]
        first, last = rows[0], rows[-1]
        assert first["status"] == ClientStatus.ACTIVE.value
        assert first["changed_on"] == client["opened_on"]
        assert last["status"] == client["status"]
        assert last["changed_on"] == client["status_since"]
        assert last["reason"] == client["closing_reason"]
        days = [_date(row["changed_on"]) for row in rows]
        assert days == sorted(days)
        assert days[-1] <= TODAY
        for earlier, later in pairwise(rows):
            assert earlier["status"] != later["status"]
            assert (later["reason"] is not None) == (later["status"] == "abgeschlossen")
            if not _old_case(client):  # moved beyond the retention period on purpose
                assert _date(later["changed_on"]) >= eighteen_months_ago


def test_handovers_in_the_history(demo: dict[str, Any]) -> None:
    by_client: dict[int, list[Row]] = defaultdict(list)
    for row in demo["assignment"]:
        by_client[row["client_id"]].append(row)
    handovers = 0
    for rows in by_client.values():
        for row in rows:
            if row["handover_note"]:
                assert row["role"] == "lead" and row["end_date"] is not None
                successors = [
                    r
                    for r in rows
                    if r["role"] == "lead" and r["start_date"] == row["end_date"] and r is not row
                ]
                assert len(successors) == 1
                assert successors[0]["guide_id"] != row["guide_id"]
                handovers += 1
    assert handovers > 0
    assert any(row["role"] == "support" for row in demo["assignment"])


# --- the people ------------------------------------------------------------------------------


def test_age_phases_all_present(demo: dict[str, Any]) -> None:
    phases = Counter(
        _phase(_age(date.fromisoformat(c["birth_date"]), TODAY))
        for c in demo["client"]
        if c["birth_date"]
    )
    assert set(phases) == {"0-3", "3-6", "6-10", "10-16", "17-25", "über 25"}
    assert phases["über 25"] == max(phases.values())
    # Some with only a birth year, some unknown.
    assert any(c["birth_date"] is None and c["birth_year"] for c in demo["client"])
    assert any(c["birth_date"] is None and c["birth_year"] is None for c in demo["client"])


def test_names_include_letters_beyond_ascii(demo: dict[str, Any]) -> None:
    names = " ".join(f"{c['given_name']} {c['family_name']}" for c in demo["client"])
    assert not names.isascii()
    special = set("ŞşğıățșłżÖöÜüÇçêî")
    assert len(special & set(names)) >= 5


def test_gender_fits_name_and_form_of_address(demo: dict[str, Any]) -> None:
    for client in demo["client"]:
        if client["form_of_address"] == FormOfAddress.FRAU.value:
            assert client["gender"] in (Gender.FEMALE.value, None)
        if client["form_of_address"] == FormOfAddress.HERR.value:
            assert client["gender"] in (Gender.MALE.value, None)
        if client["gender"] == Gender.FEMALE.value:
            assert not client["family_name"].endswith("ski")  # Kowalska, not Kowalski
    genders = Counter(c["gender"] for c in demo["client"])
    assert genders[Gender.FEMALE.value] > 0 and genders[Gender.MALE.value] > 0


def test_contact_data_is_fictitious(demo: dict[str, Any]) -> None:
    phones = [c["phone"] for c in demo["client"] if c["phone"]]
    phones += [g["phone"] for g in demo["guide"] if g["phone"]]
    assert phones
    assert all("555" in phone for phone in phones)
    assert all(phone.startswith(("0203 555 ", "0170 555 ")) for phone in phones)
    emails = [c["email"] for c in demo["client"] if c["email"]]
    assert emails and all(email.endswith("@example.org") for email in emails)
    assert len(emails) < len(demo["client"]) / 2
    streets = [c["street"] for c in demo["client"] if c["street"]]
    assert streets
    demo_streets = ("Muster", "Beispiel", "Demo", "Probe", "Am Musterhof", "Test")
    assert all(street.startswith(demo_streets) for street in streets)
    assert all(
        c["city"] == "Duisburg" and len(c["postal_code"]) == 5
        for c in demo["client"]
        if c["street"]
    )


def test_districts_weighted_toward_the_north(demo: dict[str, Any]) -> None:
    names = Counter(demo["district"].get(c["district_id"]) for c in demo["client"])
    top = [name for name, _ in names.most_common(6)]
    assert {"Marxloh", "Hochfeld"} & set(top)
    assert len(names) > 10


def test_languages_and_interpreters(demo: dict[str, Any]) -> None:
    preferred = Counter(c["preferred_language"] for c in demo["client"])
    assert set(preferred) <= set(LETTER_LANGUAGES)
    assert {"tr", "ar", "bg", "ro", "uk", "fa", "ku", "pl", "de"} <= set(preferred)
    interpreters = [c for c in demo["client"] if c["interpreter_needed"]]
    assert interpreters
    assert all("de" not in c["languages"].split(",") for c in interpreters)
    for client in demo["client"]:
        assert client["preferred_language"] == "de" or client["preferred_language"] in client[
            "languages"
        ].split(",")


def _same(value: Any) -> Any:
    return value


def test_every_client_passes_the_validation_of_the_form(demo: dict[str, Any]) -> None:
    names = {field.name for field in fields(ClientInput)}
    converters: dict[str, Callable[[Any], Any]] = {
        "birth_date": _day,
        "opened_on": _day,
        "languages": lambda text: tuple(text.split(",")) if text else (),
        "interpreter_needed": bool,
        "form_of_address": FormOfAddress,
        "gender": lambda value: Gender(value) if value else None,
    }
    for client in demo["client"]:
        values = {name: converters.get(name, _same)(client[name]) for name in names}
        assert validate_client(ClientInput(**values), TODAY) == {}, client["id"]
        assert client["search_text"] == search_text_for(client["given_name"], client["family_name"])
        assert client["name_key"] == person_key(client["given_name"], client["family_name"])


def test_strengths_and_goals_in_german(demo: dict[str, Any]) -> None:
    strengths = [c["strengths"] for c in demo["client"] if c["strengths"]]
    goals = [c["goals_own_words"] for c in demo["client"] if c["goals_own_words"]]
    assert len(strengths) > 0.5 * len(demo["client"])
    assert len(goals) > 0.5 * len(demo["client"])
    assert any(goal.startswith("Ich ") for goal in goals)


# --- letters, deadlines, tasks --------------------------------------------------------------


def test_deadlines_in_every_status(demo: dict[str, Any]) -> None:
    deadlines = demo["deadline"]
    statuses = Counter(row["status"] for row in deadlines)
    assert set(statuses) == {"offen", "erledigt", "versaeumt"}
    assert statuses["erledigt"] > statuses["versaeumt"]
    assert len(demo["incoming_letter"]) > 0.3 * len(demo["client"])
    assert f"{len(demo['incoming_letter'])} Briefe" in demo["summary"]
    assert f"{len(deadlines)} Fristen ({statuses['offen']} offen)" in demo["summary"]
    deadline_tasks = [row for row in demo["task"] if row["goal_id"] is None]
    goal_tasks = len(demo["task"]) - len(deadline_tasks)
    assert f"({statuses['offen']} offen), {len(deadline_tasks)} Aufgaben" in demo["summary"]
    assert f"{len(demo['goal'])} Ziele" in demo["summary"]
    assert f"mit {goal_tasks} Aufgaben" in demo["summary"]
    kinds = {row["kind"] for row in deadlines}
    assert {"widerspruch", "einspruch", "aufenthaltstitel"} <= kinds
    assert kinds & {"abgabe", "vorlage", "mitwirkung"}


def test_start_notice_has_overdue_and_tomorrow(demo: dict[str, Any]) -> None:
    open_due = [_date(row["due_date"]) for row in demo["deadline"] if row["status"] == "offen"]
    overdue = sum(1 for due in open_due if due < TODAY)
    assert 1 <= overdue <= 3
    assert sum(1 for due in open_due if due == TODAY + timedelta(days=1)) >= 1
    ahead = [due for due in open_due if due >= TODAY]
    assert sum(1 for due in ahead if due <= TODAY + timedelta(weeks=6)) > len(ahead) / 2


def test_computed_deadlines_match_the_engine(demo: dict[str, Any]) -> None:
    computed = [row for row in demo["deadline"] if row["procedure"]]
    assert computed
    for row in computed:
        assert DeadlineKind(row["kind"]).computed
        rule = DeadlineInput(
            procedure=Procedure(row["procedure"]),
            start=_date(row["start_date"]),
            period=Period(row["period_value"], PeriodUnit(row["period_unit"])),
            received=_day(row["received_on"]),
            belehrung_missing=bool(row["belehrung_missing"]),
            state=row["state"],
            shift_excluded=bool(row["shift_excluded"]),
        )
        result = compute_deadline(rule)
        assert _date(row["due_date"]) == result.deadline, row["id"]
        assert _day(row["delivered_on"]) == result.delivered
        assert row["explanation"] == "\n".join(result.steps)
    for row in demo["deadline"]:
        if not row["procedure"]:
            assert not DeadlineKind(row["kind"]).computed
            assert row["explanation"] == "Datum aus dem Brief übernommen (nicht berechnet)."


def test_done_and_missed_deadlines(demo: dict[str, Any]) -> None:
    for row in demo["deadline"]:
        if row["status"] == "erledigt":
            assert row["done_by"] in ("allein", "gemeinsam", "lotse")
            assert _date(row["done_on"]) <= _date(row["due_date"]) < TODAY
        elif row["status"] == "versaeumt":
            assert row["done_by"] is None
            assert _date(row["due_date"]) < TODAY
        else:
            assert row["done_by"] is None and row["done_on"] is None
    actors = Counter(row["done_by"] for row in demo["deadline"] if row["done_by"])
    assert set(actors) == {"allein", "gemeinsam", "lotse"}


def test_letters_belong_to_the_deadlines_client(demo: dict[str, Any]) -> None:
    letters = {row["id"]: row for row in demo["incoming_letter"]}
    clients = {row["id"]: row for row in demo["client"]}
    linked = [row for row in demo["deadline"] if row["letter_id"] is not None]
    assert len(linked) == len(letters)
    for row in linked:
        letter = letters[row["letter_id"]]
        assert letter["client_id"] == row["client_id"]
        assert letter["authority_name"] == row["authority_name"]
        assert clients[row["client_id"]]["status"] in ("aktiv", "pausiert")
        received = _date(letter["received_on"])
        assert 2 <= (received - _date(letter["letter_date"])).days <= 10
        assert received <= TODAY
        assert letter["scan"] is None
        procedure = {"Familienkasse NRW West": "ao", "Finanzamt Duisburg-Süd": "ao"}.get(
            letter["authority_name"],
            "vwvfg" if letter["authority_name"] == "Ausländerbehörde Duisburg" else "sgb10",
        )
        assert letter["delivery_kind"] == procedure
    assert any(row["posted_on"] is None for row in letters.values())
    expiry = [row for row in demo["deadline"] if row["kind"] in ("aufenthaltstitel", "pass")]
    assert all(row["letter_id"] is None for row in expiry)


def test_tasks_belong_to_their_deadline(demo: dict[str, Any]) -> None:
    deadlines = {row["id"]: row for row in demo["deadline"]}
    tasks = [row for row in demo["task"] if row["goal_id"] is None]
    assert tasks
    assert all(row["deadline_id"] is not None for row in tasks)
    per_deadline = Counter(row["deadline_id"] for row in tasks)
    assert max(per_deadline.values()) <= 2
    for task in tasks:
        deadline = deadlines[task["deadline_id"]]
        assert task["client_id"] == deadline["client_id"]
        assert _date(task["due_date"]) <= _date(deadline["due_date"])
        assert task["intended_actor"] in ("allein", "gemeinsam", "lotse")
        if deadline["status"] == "erledigt":
            assert task["done_by"] and task["done_on"]
        assert (task["done_by"] is None) == (task["done_on"] is None)


# --- command line ----------------------------------------------------------------------------


def _lotsen(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if key != "LOTSEN_PASSWORD"}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "lotsen_app", *args],
        capture_output=True,
        text=True,
        env=environment,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def test_cli_demo_then_check(tmp_path: Path) -> None:
    path = tmp_path / "cli.db"
    result = _lotsen("demo", "--db", str(path), "--clients", "50", "--seed", "3")
    assert result.returncode == 0, result.stderr
    assert "50 Klient:innen" in result.stdout
    assert path.read_bytes().startswith(SQLITE_HEADER)
    check = _lotsen("check", "--db", str(path))
    assert check.returncode == 0, check.stdout + check.stderr
    assert "Ergebnis: in Ordnung" in check.stdout


def test_cli_demo_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "secret.db"
    password = {"LOTSEN_PASSWORD": "Brücken bauen 2025"}
    result = _lotsen("demo", "--db", str(path), "--clients", "30", "--encrypt", env=password)
    assert result.returncode == 0, result.stderr
    assert not path.read_bytes().startswith(b"SQLite format 3")
    check = _lotsen("check", "--db", str(path), env=password)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "Verschlüsselt: ja" in check.stdout
    wrong = _lotsen("check", "--db", str(path), env={"LOTSEN_PASSWORD": "falsch"})
    assert wrong.returncode != 0


# --- authorities and appointments ----------------------------------------------------------


def test_the_demo_directory_is_marked_fictitious(demo: dict[str, Any]) -> None:
    authorities = demo["authority"]
    assert len(authorities) >= 13
    assert all(row["is_fictitious"] for row in authorities)
    assert all("(Beispiel)" in row["name"] for row in authorities)
    assert "Stellen (fiktiv)" in demo["summary"]


def test_appointments_lie_in_the_past_half_year_and_the_next_six_weeks(
    demo: dict[str, Any],
) -> None:
    by_status: dict[str, list[date]] = defaultdict(list)
    for row in demo["appointment"]:
        by_status[row["status"]].append(_date(row["starts_at"]))
    assert set(by_status) == {"geplant", "stattgefunden", "versaeumt", "abgesagt", "verschoben"}
    assert all(TODAY <= day <= TODAY + timedelta(days=52) for day in by_status["geplant"])
    for status in ("stattgefunden", "versaeumt", "abgesagt"):
        assert all(TODAY - timedelta(days=184) <= day < TODAY for day in by_status[status])
    ahead = [day for day in by_status["geplant"] if day <= TODAY + timedelta(days=42)]
    assert len(ahead) >= 50  # 300 clients


def test_appointments_fall_inside_opening_hours_on_working_days(demo: dict[str, Any]) -> None:
    authorities = {row["id"]: row for row in demo["authority"]}
    for row in demo["appointment"]:
        if row["status"] == "verschoben":
            continue  # the old date of a moved appointment is one or two weeks earlier
        authority = authorities[row["authority_id"]]
        start = datetime.fromisoformat(row["starts_at"])
        assert is_working_day(start.date(), authority["state"])
        hours = OpeningHours.from_json(authority["opening_hours"])
        assert hours.covers(start, row["duration_minutes"]), (authority["name"], start)


def test_appointments_are_with_the_lead_guide_and_members_of_one_household(
    demo: dict[str, Any],
) -> None:
    open_lead = {
        row["client_id"]: row["guide_id"]
        for row in demo["assignment"]
        if row["role"] == "lead" and row["end_date"] is None
    }
    members: dict[int, list[int]] = defaultdict(list)
    for link in demo["appointment_client"]:
        members[link["appointment_id"]].append(link["client_id"])
    for row in demo["appointment"]:
        people = members[row["id"]]
        assert people, row["id"]
        # Members of a household have consecutive ids and share the lead guide.
        assert max(people) - min(people) < 8
        assert {open_lead[person] for person in people} == {row["guide_id"]}


def test_each_held_appointment_has_its_contact_with_steps(demo: dict[str, Any]) -> None:
    contacts = {row["appointment_id"]: row for row in demo["contact"]}
    steps = Counter(row["contact_id"] for row in demo["contact_step"])
    people: dict[tuple[str, int], set[int]] = defaultdict(set)
    for link in demo["appointment_client"]:
        people["appointment", link["appointment_id"]].add(link["client_id"])
    for link in demo["contact_client"]:
        people["contact", link["contact_id"]].add(link["client_id"])
    for row in demo["appointment"]:
        contact = contacts.get(row["id"])
        if row["status"] != "stattgefunden":
            assert contact is None
            continue
        assert contact is not None
        assert _date(contact["occurred_on"]) == _date(row["starts_at"])
        assert 1 <= steps[contact["id"]] <= 3
        assert people["contact", contact["id"]] == people["appointment", row["id"]]
    actors = Counter(row["actor"] for row in demo["contact_step"])
    assert set(actors) == {"allein", "gemeinsam", "lotse"}


def test_moved_appointments_point_to_their_new_date(demo: dict[str, Any]) -> None:
    successors = {row["moved_from_id"]: row for row in demo["appointment"] if row["moved_from_id"]}
    moved = [row for row in demo["appointment"] if row["status"] == "verschoben"]
    assert moved
    for row in moved:
        later = successors[row["id"]]
        assert _date(later["starts_at"]) > _date(row["starts_at"])


# --- goals, tasks, the applied checklist, volunteer time -------------------------------------


def test_goals_in_every_status_with_pillar_and_consistent_dates(demo: dict[str, Any]) -> None:
    goals = demo["goal"]
    clients = {row["id"]: row for row in demo["client"]}
    assert len(goals) >= 150  # 300 clients
    assert Counter(row["status"] for row in goals).keys() == {
        "offen",
        "erreicht",
        "geaendert",
        "aufgegeben",
    }
    assert {row["pillar"] for row in goals} == {
        "sprachlich",
        "gesellschaftlich",
        "beruflich",
        "sozial",
    }
    for goal in goals:
        client = clients[goal["client_id"]]
        agreed = _date(goal["agreed_on"])
        assert _date(client["opened_on"]) <= agreed <= TODAY
        if goal["target_date"]:
            assert _date(goal["target_date"]) > agreed
        if goal["status"] == "offen":
            assert goal["status_changed_on"] is None
        else:
            assert agreed <= _date(goal["status_changed_on"]) <= TODAY
        if client["status"] == "abgeschlossen" and goal["status_changed_on"]:
            assert _date(goal["status_changed_on"]) <= _date(client["closed_on"])
    assert any(row["status_note"] for row in goals if row["status"] == "geaendert")


def test_goal_tasks_show_who_did_them(demo: dict[str, Any]) -> None:
    goals = {row["id"]: row for row in demo["goal"]}
    tasks = [row for row in demo["task"] if row["goal_id"] is not None]
    assert len(tasks) >= 2 * len(goals)
    for task in tasks:
        goal = goals[task["goal_id"]]
        assert task["client_id"] == goal["client_id"]
        assert task["deadline_id"] is None
        assert _date(task["created_on"]) == _date(goal["agreed_on"])
        assert (task["done_by"] is None) == (task["done_on"] is None)
        if task["done_on"]:
            assert _date(goal["agreed_on"]) <= _date(task["done_on"]) <= TODAY
        if goal["status"] == "erreicht":
            assert task["done_on"] is not None
    done_by = Counter(row["done_by"] for row in tasks if row["done_by"])
    assert set(done_by) == {"allein", "gemeinsam", "lotse"}
    assert any(row["done_by"] != row["intended_actor"] for row in tasks if row["done_by"])


def test_one_checklist_was_applied_and_is_half_done(demo: dict[str, Any]) -> None:
    [goal] = [row for row in demo["goal"] if row["text"].startswith("Kindergeld für")]
    [template] = [t for t in DEFAULT_TEMPLATES if t.name == "Kindergeld-Antrag"]
    tasks = [row for row in demo["task"] if row["goal_id"] == goal["id"]]
    assert [row["text"] for row in tasks] == [item.text for item in template.items]
    assert [row["intended_actor"] for row in tasks] == [item.actor for item in template.items]
    assert len({row["due_date"] for row in tasks}) == 1
    assert sum(1 for row in tasks if row["done_on"]) == 3
    assert goal["status"] == "offen"


def test_volunteer_entries_for_active_guides_in_the_last_year(demo: dict[str, Any]) -> None:
    guides = {row["id"]: row for row in demo["guide"]}
    entries = demo["volunteer_entry"]
    assert len(entries) >= len(guides)
    assert {row["kind"] for row in entries} == {"schulung", "teamtreffen", "fahrt", "sonstiges"}
    for entry in entries:
        assert guides[entry["guide_id"]]["active"]
        assert TODAY - timedelta(days=366) <= _date(entry["occurred_on"]) <= TODAY
        assert 1 <= entry["minutes"] <= 24 * 60
        assert entry["note"]
    assert "Stundeneinträge" in demo["summary"] and "Ziele" in demo["summary"]


def test_demo_goals_and_hours_read_back_through_the_services(demo: dict[str, Any]) -> None:
    from lotsen_app.persistence.database import open_database
    from lotsen_app.services.container import Services

    database = open_database(demo["path"])
    try:
        services = Services.build(database, lambda: datetime(2026, 2, 10, 12, 0))
        client_id = demo["goal"][0]["client_id"]
        goals = services.casework.goals(client_id)
        assert goals and all(goal.pillar is not None for goal in goals)
        assert services.casework.tasks(client_id)
        guide_id = demo["volunteer_entry"][0]["guide_id"]
        year = _date(demo["volunteer_entry"][0]["occurred_on"]).year
        assert services.casework.volunteer_hours(guide_id, year).months
        assert services.casework.volunteer_entries(guide_id, year)
    finally:
        database.close()


def test_some_closed_cases_are_due_for_erasure(demo: dict[str, Any]) -> None:
    """Datenschutz → Aufbewahrung is not empty in the demo: 2-3 % of the closed clients had
    their last contact more than 3 years ago (the default retention period)."""
    from lotsen_app.persistence.database import open_database
    from lotsen_app.services.privacy import PrivacyService

    database = open_database(demo["path"])
    try:
        due = PrivacyService(database, lambda: datetime.combine(TODAY, datetime.min.time()))
        candidates = due.retention_review()
    finally:
        database.close()
    closed = [c for c in demo["client"] if c["status"] == ClientStatus.CLOSED.value]
    assert 0.02 * len(closed) <= len(candidates) <= 0.04 * len(closed) + 4  # whole households
    clients = {c["id"]: c for c in demo["client"]}
    three_years_ago = TODAY.replace(year=TODAY.year - 3)
    for candidate in candidates:
        assert candidate.last_contact is not None and candidate.last_contact < three_years_ago
        client = clients[candidate.client_id]
        assert _date(client["opened_on"]) < _date(client["closed_on"]) < three_years_ago
        # Their history moved back with them, in order; the rest of the demo still looks current.
        history = [r for r in demo["client_status_change"] if r["client_id"] == client["id"]]
        assert max(_date(r["changed_on"]) for r in history) == _date(client["closed_on"])
        for row in demo["assignment"]:
            if row["client_id"] == client["id"]:
                assert _date(row["start_date"]) < three_years_ago
    recent = [c for c in closed if _date(c["closed_on"]) >= TODAY - timedelta(days=548)]
    assert len(recent) == len(closed) - len(candidates)
