"""GIVEN a database file WHEN ``lotsen erase`` runs THEN without --yes nothing changes and it
exits with status 2 saying what would go; with --yes the person is erased and the summary names
no one; an unknown number or a missing file changes nothing."""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path

import pytest

from lotsen_app import cli_privacy
from lotsen_app.cli import EXIT_FAILED, EXIT_USAGE, CommandError
from lotsen_app.persistence.database import create_database, open_database
from lotsen_app.persistence.models import AuditEntry, Client
from lotsen_app.services.container import Services
from tests.conftest import fixed_clock
from tests.persistence.test_erasure import FAMILY, GIVEN, build_family, leaks


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lotsen")
    cli_privacy.add_parser(parser.add_subparsers(dest="command", required=True))
    return parser


def _run(*argv: str) -> int:
    """Like ``lotsen.cli.main`` does: parse, run; a CommandError becomes its exit status."""
    return cli_privacy.run(_parser().parse_args(list(argv)))


@pytest.fixture
def office(tmp_path: Path) -> tuple[Path, int, int]:
    path = tmp_path / "lotsen.db"
    database = create_database(path)
    try:
        family = build_family(Services.build(database, fixed_clock))
    finally:
        database.close()
    return path, family.person, family.sibling


def _exists(path: Path, client_id: int) -> bool:
    database = open_database(path)
    try:
        with database.session() as session:
            return session.get(Client, client_id) is not None
    finally:
        database.close()


def test_without_yes_it_only_says_what_would_go(office: tuple[Path, int, int]) -> None:
    path, person, _sibling = office

    with pytest.raises(CommandError) as raised:
        _run("erase", "--db", str(path), "--client", str(person))

    assert raised.value.code == EXIT_USAGE
    message = str(raised.value)
    assert f"Klient:in Nr. {person}" in message
    assert "1 Person und 13 verknüpfte Einträge" in message
    assert "abgeschlossen am 02.11.2026" in message
    assert "--yes" in message and "nichts gelöscht" in message
    assert GIVEN not in message and FAMILY not in message
    assert _exists(path, person)


def test_with_yes_it_erases_and_names_no_one(
    office: tuple[Path, int, int], capsys: pytest.CaptureFixture[str]
) -> None:
    path, person, sibling = office

    assert _run("erase", "--db", str(path), "--client", str(person), "--yes") == 0

    out = capsys.readouterr()
    assert out.out.strip() == (
        f"Gelöscht: 1 Person (Nr. {person}) mit 13 verknüpften Einträgen. "
        "Im Protokoll steht je eine Zeile ohne Namen."
    )
    assert GIVEN not in out.out + out.err and FAMILY not in out.out + out.err
    assert not _exists(path, person)
    assert _exists(path, sibling)
    assert leaks(path) == []
    database = open_database(path)
    try:
        with database.session() as session:
            line = session.query(AuditEntry).order_by(AuditEntry.id.desc()).first()
            assert line is not None
            assert (line.action, line.entity_id) == ("gelöscht", person)
    finally:
        database.close()


def test_several_people_at_once(
    office: tuple[Path, int, int], capsys: pytest.CaptureFixture[str]
) -> None:
    path, person, sibling = office
    assert (
        _run("erase", "--db", str(path), "--client", str(person), "--client", str(sibling), "--yes")
        == 0
    )
    assert capsys.readouterr().out.startswith(f"Gelöscht: 2 Personen (Nr. {person}, Nr. {sibling})")
    assert not _exists(path, person) and not _exists(path, sibling)


def test_an_unknown_number_changes_nothing(office: tuple[Path, int, int]) -> None:
    path, person, _sibling = office

    with pytest.raises(CommandError) as raised:
        _run("erase", "--db", str(path), "--client", str(person), "--client", "9999", "--yes")

    assert raised.value.code == EXIT_USAGE
    assert "Nr. 9999 gibt es nicht" in str(raised.value)
    assert _exists(path, person)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="gibt es nicht"):
        _run("erase", "--db", str(tmp_path / "fehlt.db"), "--client", "1", "--yes")
    assert not (tmp_path / "fehlt.db").exists()


def test_client_is_required() -> None:
    with pytest.raises(SystemExit) as raised:
        _parser().parse_args(["erase", "--db", "x.db"])
    assert raised.value.code == 2


def test_a_blocked_cleanup_says_what_was_erased_and_exits_with_1(
    office: tuple[Path, int, int], capsys: pytest.CaptureFixture[str]
) -> None:
    """Another program keeps reading: the person is erased and the command says so, with the
    message that the file is not cleaned yet (status 1, not "nothing was erased")."""
    path, person, sibling = office
    reader = sqlite3.connect(path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM client").fetchone()
    try:
        with pytest.raises(CommandError) as raised:
            _run("erase", "--db", str(path), "--client", str(person), "--yes")
    finally:
        reader.execute("ROLLBACK")
        reader.close()
    assert raised.value.code == EXIT_FAILED
    assert "Löschung ist erfolgt" in str(raised.value)
    assert "nichts gelöscht" not in str(raised.value)
    assert capsys.readouterr().out.startswith("Gelöscht: 1 Person")
    assert not _exists(path, person) and _exists(path, sibling)
