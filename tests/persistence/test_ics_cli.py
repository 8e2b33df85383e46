"""GIVEN a database file WHEN ``lotsen ics`` or the service writes a calendar THEN it holds the
right guide's appointments of the period, and bad input ends with status 2 and no file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
from sqlalchemy import select

from lotsen_app.cli import main
from lotsen_app.domain.appointments import AuthorityData, ChecklistItem, NewAppointment
from lotsen_app.domain.clients import ClientInput
from lotsen_app.domain.enums import AuthorityKind
from lotsen_app.domain.errors import DomainError, NotFoundError
from lotsen_app.domain.guides import GuideInput
from lotsen_app.persistence.database import create_database
from lotsen_app.persistence.models import AuditEntry
from lotsen_app.reports.ics import IcsDetail, uid_for
from lotsen_app.services.container import Services
from tests.conftest import fixed_clock


@dataclass(frozen=True)
class Office:
    path: Path
    anna: int
    bernd: int
    clara: int
    winter: int  # Anna, Thu 03.12.2026 09:30
    cancelled: int  # Anna, 10.12.2026, cancelled
    moved_to: int  # Anna, moved from 17.12. to 18.12.2026: the event keeps moved_from's UID
    moved_from: int
    summer: int  # Anna, Mon 05.07.2027 09:30
    claras: int  # Clara, 04.12.2026


def _plan(services: Services, client: int, guide: int, authority: int, start: datetime) -> int:
    return services.appointments.create(
        NewAppointment(
            client_ids=(client,),
            starts_at=start,
            authority_id=authority,
            guide_id=guide,
            purpose="Bürgergeld Weiterbewilligung",
            checklist=(ChecklistItem("Kontoauszüge"),),
        )
    )


def _fill(services: Services, path: Path) -> Office:
    anna = services.guides.create(GuideInput("Anna", "Schmidt"))
    bernd = services.guides.create(GuideInput("Bernd", "Schmidt"))
    clara = services.guides.create(GuideInput("Clara", "Weber"))
    layla = services.clients.create(ClientInput("Layla", "Haddad"), guide_id=anna)
    jobcenter = services.authorities.save(
        AuthorityData(
            "Jobcenter Mitte (Beispiel)",
            AuthorityKind.JOBCENTER,
            street="Musterstraße 1",
            postal_code="47051",
            city="Duisburg",
            is_fictitious=True,
        )
    )
    winter = _plan(services, layla, anna, jobcenter, datetime(2026, 12, 3, 9, 30))
    cancelled = _plan(services, layla, anna, jobcenter, datetime(2026, 12, 10, 9, 30))
    services.appointments.cancel(cancelled, "Behörde hat abgesagt")
    moved_from = _plan(services, layla, anna, jobcenter, datetime(2026, 12, 17, 9, 30))
    moved_to = services.appointments.move(moved_from, datetime(2026, 12, 18, 10, 0))
    summer = _plan(services, layla, anna, jobcenter, datetime(2027, 7, 5, 9, 30))
    claras = _plan(services, layla, clara, jobcenter, datetime(2026, 12, 4, 11, 0))
    return Office(path, anna, bernd, clara, winter, cancelled, moved_to, moved_from, summer, claras)


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Office:
    monkeypatch.delenv("LOTSEN_PASSWORD", raising=False)
    path = tmp_path / "lotsen.db"
    database = create_database(path)
    try:
        return _fill(Services.build(database, fixed_clock), path)
    finally:
        database.close()


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "export"
    folder.mkdir()
    return folder


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(["ics", *argv])
    except SystemExit as exit_:  # argparse errors
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def uids(path: Path) -> list[str]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return [str(event["UID"]) for event in calendar.walk("VEVENT")]


def test_guide_by_name_gets_her_appointments_of_the_period(
    office: Office, out_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = out_dir / "anna.ics"
    code, out, err = run(
        [
            "--db", str(office.path), "--guide", "anna schmidt",
            "--from", "01.12.2026", "--to", "2026-12-31", "--out", str(target),
        ],
        capsys,
    )  # fmt: skip
    assert code == 0, err
    assert out.strip() == (
        f"3 Termine von Anna Schmidt vom 01.12.2026 bis 31.12.2026 in {target} geschrieben."
    )
    assert uids(target) == [
        uid_for(office.winter),
        uid_for(office.cancelled),
        uid_for(office.moved_from),  # the moved appointment updates the event of the old time
    ]
    data = target.read_bytes()
    assert b"Haddad" not in data and b"Layla" not in data and b"Kontoausz" not in data
    calendar = icalendar.Calendar.from_ical(data)
    first, cancelled, moved = calendar.walk("VEVENT")
    assert first.start.astimezone(UTC) == datetime(2026, 12, 3, 8, 30, tzinfo=UTC)
    assert first["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert str(first["SUMMARY"]) == "Bürgergeld Weiterbewilligung (L. H.)"
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert moved.start.astimezone(UTC) == datetime(2026, 12, 18, 9, 0, tzinfo=UTC)
    assert (first["SEQUENCE"], moved["SEQUENCE"]) == (0, 1)
    assert sorted(p.name for p in out_dir.iterdir()) == ["anna.ics"]  # no temp file left


def test_guide_by_id_with_names_and_checklist_in_summer(
    office: Office, out_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = out_dir / "sommer.ics"
    code, out, err = run(
        [
            "--db", str(office.path), "--guide", str(office.anna),
            "--from", "2027-07-01", "--to", "2027-07-31", "--out", str(target),
            "--namen", "--mitbringen",
        ],
        capsys,
    )  # fmt: skip
    assert code == 0, err
    assert out.startswith("1 Termin von Anna Schmidt vom 01.07.2027 bis 31.07.2027")
    event = next(iter(icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")))
    assert str(event["UID"]) == uid_for(office.summer)
    assert event.start.astimezone(UTC) == datetime(2027, 7, 5, 7, 30, tzinfo=UTC)
    assert str(event["SUMMARY"]) == "Bürgergeld Weiterbewilligung (Layla Haddad)"
    assert "☐ Kontoauszüge" in str(event["DESCRIPTION"])


def test_family_name_alone_finds_the_only_guide_and_without_guide_all_count(
    office: Office, out_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    weber = out_dir / "weber.ics"
    code, _, err = run(
        ["--db", str(office.path), "--guide", "Weber", "--from", "01.12.2026", "--out", str(weber)],
        capsys,
    )
    assert code == 0, err
    assert uids(weber) == [uid_for(office.claras)]
    everyone = out_dir / "alle.ics"
    code, out, err = run(
        ["--db", str(office.path), "--from", "01.12.2026", "--to", "31.12.2026",
         "--out", str(everyone)],
        capsys,
    )  # fmt: skip
    assert code == 0, err
    assert out.startswith("4 Termine vom 01.12.2026 bis 31.12.2026")
    assert uid_for(office.claras) in uids(everyone)
    assert uids(everyone).count(uid_for(office.moved_from)) == 1  # only the new time
    assert uid_for(office.moved_to) not in uids(everyone)


def test_default_period_is_today_and_the_next_eight_weeks(
    tmp_path: Path,
    out_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("LOTSEN_PASSWORD", raising=False)
    path = tmp_path / "heute.db"
    database = create_database(path)
    services = Services.build(database, fixed_clock)
    guide = services.guides.create(GuideInput("Anna", "Schmidt"))
    client = services.clients.create(ClientInput("Layla", "Haddad"), guide_id=guide)
    today = date.today()
    start = datetime.combine(today, datetime.min.time())
    soon = services.appointments.create(
        NewAppointment(
            (client,), start + timedelta(days=1, hours=10), guide_id=guide, place="Bürgeramt"
        )
    )
    last_day = services.appointments.create(
        NewAppointment(
            (client,), start + timedelta(weeks=8, hours=10), guide_id=guide, place="Bürgeramt"
        )
    )
    services.appointments.create(
        NewAppointment(
            (client,),
            start + timedelta(weeks=8, days=1, hours=10),
            guide_id=guide,
            place="Bürgeramt",
        )
    )
    database.close()
    target = out_dir / "termine.ics"
    code, out, err = run(["--db", str(path), "--out", str(target)], capsys)
    assert code == 0, err
    assert uids(target) == [uid_for(soon), uid_for(last_day)]
    assert f"vom {today:%d.%m.%Y} bis {today + timedelta(weeks=8):%d.%m.%Y}" in out


def test_overwrites_an_existing_file_whole(
    office: Office, out_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = out_dir / "termine.ics"
    target.write_bytes(b"alt" * 10_000)
    code, _, err = run(
        ["--db", str(office.path), "--from", "01.07.2027", "--out", str(target)], capsys
    )
    assert code == 0, err
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR") and b"alt" not in target.read_bytes()
    assert sorted(p.name for p in out_dir.iterdir()) == ["termine.ics"]


def test_encrypted_database_uses_lotsen_password(
    tmp_path: Path,
    out_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "geheim.db"
    database = create_database(path, "richtig-geheim")
    try:
        _fill(Services.build(database, fixed_clock), path)
    finally:
        database.close()
    target = out_dir / "geheim.ics"
    monkeypatch.setenv("LOTSEN_PASSWORD", "richtig-geheim")
    code, out, err = run(
        ["--db", str(path), "--guide", "Weber", "--from", "01.12.2026", "--out", str(target)],
        capsys,
    )
    assert code == 0, err
    assert out.startswith("1 Termin von Clara Weber")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--guide", "Schmidt"], "„Schmidt“ passt auf mehrere: Anna Schmidt (Nr. {anna}), "
         "Bernd Schmidt (Nr. {bernd}). Bitte mit --guide NR eine Nummer wählen."),
        (["--guide", "Erika Mustermann"], "namens „Erika Mustermann“ gibt es nicht"),
        (["--guide", "999"], "--guide: Lotse/Lotsin Nr. 999 gibt es nicht (mehr)."),
        (["--from", "31.02.2026"], "--from: Den Tag „31.02.2026“ gibt es nicht."),
        (["--to", "morgen"], "--to: „morgen“ ist kein Datum"),
        (["--from", "10.12.2026", "--to", "09.12.2026"],
         "--to (09.12.2026) liegt vor --from (10.12.2026)."),
    ],
)  # fmt: skip
def test_bad_input_exits_with_2_and_writes_nothing(
    office: Office,
    out_dir: Path,
    capsys: pytest.CaptureFixture[str],
    options: list[str],
    message: str,
) -> None:
    target = out_dir / "termine.ics"
    code, out, err = run(["--db", str(office.path), *options, "--out", str(target)], capsys)
    assert code == 2
    assert err.startswith("Fehler: ")
    assert message.format(anna=office.anna, bernd=office.bernd) in err
    assert "Traceback" not in err and out == ""
    assert list(out_dir.iterdir()) == []


def test_unwritable_output_exits_with_2_and_leaves_nothing_behind(
    office: Office, out_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_folder = out_dir / "datei.txt"
    not_a_folder.write_text("x")
    for target, message in (
        (out_dir / "fehlt" / "termine.ics", "den Ordner"),
        (not_a_folder / "termine.ics", "den Ordner"),
        (out_dir, "ist ein Ordner"),
        (out_dir / ("x" * 300 + ".ics"), "kann nicht geschrieben werden"),  # name too long
    ):
        code, out, err = run(["--db", str(office.path), "--out", str(target)], capsys)
        assert code == 2, target
        assert err.startswith("Fehler: --out: ") and message in err
        assert out == ""
    assert sorted(p.name for p in out_dir.iterdir()) == ["datei.txt"]


def test_the_cli_export_is_audited_without_personal_data(
    office: Office, out_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = out_dir / "termine.ics"
    code, _, err = run(
        ["--db", str(office.path), "--guide", "Weber", "--from", "01.12.2026", "--namen",
         "--out", str(target)],
        capsys,
    )  # fmt: skip
    assert code == 0, err
    services = _services(office.path)
    with services.database.session() as session:
        exports = session.scalars(select(AuditEntry).where(AuditEntry.action == "exportiert")).all()
        assert [(e.entity, e.entity_id, e.detail) for e in exports] == [
            ("appointment", None, "ICS, 1 Termine, NAMES")
        ]
    services.database.close()


def test_a_failed_write_leaves_neither_temp_file_nor_target_nor_audit_line(
    office: Office, out_dir: Path
) -> None:
    """The rename fails (the name is a folder with content): the temporary file is removed and
    the audit line of the export is rolled back with it."""
    blocker = out_dir / "termine.ics"
    blocker.mkdir()
    (blocker / "drin.txt").write_text("x")
    services = _services(office.path)
    with pytest.raises(DomainError, match="kann nicht geschrieben werden"):
        services.appointments.export_ics(blocker, guide_id=office.anna)
    assert sorted(p.name for p in out_dir.iterdir()) == ["termine.ics"]
    assert [p.name for p in blocker.iterdir()] == ["drin.txt"]
    with services.database.session() as session:
        assert (
            session.scalars(select(AuditEntry).where(AuditEntry.action == "exportiert")).all() == []
        )
    services.database.close()


def test_missing_database_and_missing_out_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        ["--db", str(tmp_path / "fehlt.db"), "--out", str(tmp_path / "x.ics")], capsys
    )
    assert code == 1 and "gibt es nicht" in err
    code, _, err = run(["--db", str(tmp_path / "fehlt.db")], capsys)
    assert code == 2 and "--out" in err
    assert not (tmp_path / "x.ics").exists()


# --- the service entry point the GUI uses --------------------------------------------------


def test_service_exports_one_appointment(office: Office) -> None:
    database_services = _services(office.path)
    data = database_services.appointments.ics_for([office.winter])
    calendar = icalendar.Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == uid_for(office.winter)
    assert event["DTSTAMP"].dt == datetime(2026, 11, 21, 9, 30, tzinfo=UTC)  # FIXED_NOW, Berlin
    assert b"Haddad" not in data
    named = database_services.appointments.ics_for([office.winter], detail=IcsDetail.NAMES)
    assert b"Layla Haddad" in named
    with pytest.raises(NotFoundError):
        database_services.appointments.ics_for([office.winter, 999])
    database_services.database.close()


def test_service_exports_a_guides_upcoming_appointments(office: Office) -> None:
    services = _services(office.path)
    upcoming = icalendar.Calendar.from_ical(services.appointments.ics_for(guide_id=office.anna))
    # FIXED_NOW 21.11.2026 + 8 weeks = 16.01.2027: not the summer appointment, not Clara's
    assert [str(e["UID"]) for e in upcoming.walk("VEVENT")] == [
        uid_for(office.winter),
        uid_for(office.cancelled),
        uid_for(office.moved_from),
    ]
    summer = icalendar.Calendar.from_ical(
        services.appointments.ics_for(
            guide_id=office.anna, start=datetime(2027, 7, 1), end=datetime(2027, 8, 1)
        )
    )
    assert [str(e["UID"]) for e in summer.walk("VEVENT")] == [uid_for(office.summer)]
    services.database.close()


def _services(path: Path) -> Services:
    from lotsen_app.persistence.database import open_database

    return Services.build(open_database(path, None), fixed_clock)
