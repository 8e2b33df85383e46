"""GIVEN database files WHEN `lotsen backup`, `lotsen restore` and `lotsen passwd` run THEN they
do their work, print what they did, and refuse bad input with German messages and exit codes."""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from lotsen_app import cli_safety
from lotsen_app.cli import CommandError
from lotsen_app.domain.clients import ClientInput
from lotsen_app.persistence.backup import (
    backup_name,
    database_id,
    list_backups,
    verify_backup,
    write_backup,
)
from lotsen_app.persistence.database import (
    create_database,
    head_revision,
    is_plain_sqlite,
    open_database,
    password_matches,
)
from lotsen_app.persistence.instance_lock import lock_database_file
from lotsen_app.services.clients import ClientService
from tests.conftest import fixed_clock

PASSWORD = "richtig-geheim"
NEW = "neues-passwort"
COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "backup": cli_safety.run_backup,
    "restore": cli_safety.run_restore,
    "passwd": cli_safety.run_passwd,
}


@pytest.fixture(autouse=True)
def _no_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOTSEN_PASSWORD", raising=False)
    monkeypatch.delenv("LOTSEN_NEW_PASSWORD", raising=False)


def _lotsen(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """What `lotsen ARGS` does once the lead has wired these commands into cli.main."""
    parser = argparse.ArgumentParser(prog="lotsen")
    cli_safety.add_parsers(parser.add_subparsers(dest="command", required=True))
    try:
        args = parser.parse_args(argv)
        code = COMMANDS[args.command](args)
    except CommandError as error:
        print(f"Fehler: {error}", file=sys.stderr)
        code = error.code
    except SystemExit as exit_:  # argparse
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _database(path: Path, password: str | None, *names: str) -> None:
    database = create_database(path, password)
    for name in names:
        ClientService(database, fixed_clock).create(ClientInput("Olena", name))
    database.close()


def _names(path: Path, password: str | None) -> list[str]:
    database = open_database(path, password)
    try:
        return sorted(r.family_name for r in ClientService(database, fixed_clock).list_rows())
    finally:
        database.close()


def test_backup_writes_a_checked_encrypted_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "lotsen.db"
    _database(db, PASSWORD, "Iwanowa")
    monkeypatch.setenv("LOTSEN_PASSWORD", PASSWORD)
    out = tmp_path / "kopie.db"

    code, stdout, stderr = _lotsen(["backup", "--db", str(db), "--out", str(out)], capsys)

    assert (code, stderr) == (0, "")
    assert "geschrieben und geprüft" in stdout and "verschlüsselt" in stdout
    assert verify_backup(out, PASSWORD) == head_revision()
    assert not is_plain_sqlite(out)

    folder = tmp_path / "usb"
    folder.mkdir()
    code, stdout, _ = _lotsen(["backup", "--db", str(db), "--out", str(folder)], capsys)
    assert code == 0
    [written] = list(folder.iterdir())
    # Named like the window's backups, with the database's id: they count as this database's.
    database = open_database(db, PASSWORD)
    own_id = database_id(database)
    assert written.name == backup_name(db, date.today(), own_id) and str(written) in stdout
    assert written.name.startswith(f"lotsen-{own_id}-sicherung-")
    assert [backup.path for backup in list_backups(folder, db, own_id)] == [written]
    database.close()


def test_backup_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "lotsen.db"
    _database(db, PASSWORD)
    missing_folder = tmp_path / "fehlt" / "kopie.db"

    code, _, stderr = _lotsen(["backup", "--db", str(db), "--out", str(missing_folder)], capsys)
    assert code == 2 and "den Ordner" in stderr and "gibt es nicht" in stderr

    code, _, stderr = _lotsen(["backup", "--db", str(db), "--out", str(tmp_path / "k.db")], capsys)
    assert code == 1 and "LOTSEN_PASSWORD" in stderr  # encrypted, no password, no terminal

    monkeypatch.setenv("LOTSEN_PASSWORD", "falsches-passwort")
    code, _, stderr = _lotsen(["backup", "--db", str(db), "--out", str(tmp_path / "k.db")], capsys)
    assert code == 1 and stderr.startswith("Fehler: Das Passwort ist falsch")
    assert not (tmp_path / "k.db").exists()

    code, _, stderr = _lotsen(["backup", "--db", str(db)], capsys)
    assert code == 2 and "--out" in stderr

    # A trailing slash means a folder: one that is missing is an error, not a file of that name.
    code, _, stderr = _lotsen(
        ["backup", "--db", str(db), "--out", str(tmp_path / "Sicherungen") + "/"], capsys
    )
    assert code == 2 and "Sicherungen gibt es nicht" in stderr
    assert not (tmp_path / "Sicherungen").exists()


def test_restore_puts_the_backup_back_and_keeps_the_old_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "lotsen.db"
    _database(db, PASSWORD, "Iwanowa")
    database = open_database(db, PASSWORD)
    backup = write_backup(database, tmp_path / backup_name(db, fixed_clock().date()))
    ClientService(database, fixed_clock).create(ClientInput("Ahmad", "Karimi"))
    database.close()
    before = _digest(db)
    monkeypatch.setenv("LOTSEN_PASSWORD", PASSWORD)

    code, stdout, stderr = _lotsen(["restore", "--backup", str(backup), "--db", str(db)], capsys)

    assert (code, stderr) == (0, "")
    assert "zurückgespielt" in stdout and "bisherige Datei liegt jetzt als" in stdout
    [kept] = tmp_path.glob("lotsen.db.vor-wiederherstellung-*.bak")
    assert str(kept) in stdout and _digest(kept) == before
    assert _names(db, PASSWORD) == ["Iwanowa"]
    assert _names(kept, PASSWORD) == ["Iwanowa", "Karimi"]


def test_restore_refuses_truncated_backups_wrong_passwords_and_an_open_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "lotsen.db"
    _database(db, PASSWORD, "Iwanowa")
    database = open_database(db, PASSWORD)
    backup = write_backup(database, tmp_path / "kopie.db")
    database.close()
    truncated = tmp_path / "halb.db"
    truncated.write_bytes(backup.read_bytes()[:-4096])
    before = _digest(db)
    listing = sorted(p.name for p in tmp_path.iterdir())

    code, _, stderr = _lotsen(["restore", "--backup", str(backup), "--db", str(db)], capsys)
    assert code == 1 and "LOTSEN_PASSWORD" in stderr

    monkeypatch.setenv("LOTSEN_PASSWORD", PASSWORD)
    code, _, stderr = _lotsen(["restore", "--backup", str(truncated), "--db", str(db)], capsys)
    assert code == 1 and "unvollständig" in stderr

    monkeypatch.setenv("LOTSEN_PASSWORD", "falsches-passwort")
    code, _, stderr = _lotsen(["restore", "--backup", str(backup), "--db", str(db)], capsys)
    assert code == 1 and "Passwort passt nicht" in stderr

    monkeypatch.setenv("LOTSEN_PASSWORD", PASSWORD)
    missing = tmp_path / "fehlt.db"
    code, _, stderr = _lotsen(["restore", "--backup", str(missing), "--db", str(db)], capsys)
    assert code == 1 and "gibt es nicht" in stderr

    with lock_database_file(db):
        code, _, stderr = _lotsen(["restore", "--backup", str(backup), "--db", str(db)], capsys)
    assert code == 1 and "schon in einem anderen Lotsen-Fenster geöffnet" in stderr

    assert _digest(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [*listing, "lotsen.db.lock"]


def test_passwd_changes_the_password_from_the_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "lotsen.db"
    _database(db, PASSWORD, "Iwanowa")
    monkeypatch.setenv("LOTSEN_PASSWORD", PASSWORD)
    monkeypatch.setenv("LOTSEN_NEW_PASSWORD", NEW)

    code, stdout, stderr = _lotsen(["passwd", "--db", str(db)], capsys)

    assert (code, stderr) == (0, "")
    assert "wurde geändert" in stdout
    assert password_matches(db, NEW) and not password_matches(db, PASSWORD)
    assert _names(db, NEW) == ["Iwanowa"]


def test_passwd_encrypts_a_plain_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "lotsen.db"
    _database(db, None, "Iwanowa")
    monkeypatch.setenv("LOTSEN_NEW_PASSWORD", NEW)

    code, stdout, _ = _lotsen(["passwd", "--db", str(db)], capsys)

    assert code == 0 and "jetzt mit dem neuen Passwort verschlüsselt" in stdout
    assert not is_plain_sqlite(db) and _names(db, NEW) == ["Iwanowa"]


def test_passwd_errors_change_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "lotsen.db"
    _database(db, PASSWORD, "Iwanowa")
    before = _digest(db)

    code, _, stderr = _lotsen(["passwd", "--db", str(db)], capsys)
    assert code == 1 and "LOTSEN_PASSWORD" in stderr

    monkeypatch.setenv("LOTSEN_PASSWORD", PASSWORD)
    code, _, stderr = _lotsen(["passwd", "--db", str(db)], capsys)
    assert code == 2 and "LOTSEN_NEW_PASSWORD" in stderr

    monkeypatch.setenv("LOTSEN_NEW_PASSWORD", "kurz")
    code, _, stderr = _lotsen(["passwd", "--db", str(db)], capsys)
    assert (code, stderr) == (1, "Fehler: Das Passwort braucht mindestens 8 Zeichen.\n")

    monkeypatch.setenv("LOTSEN_NEW_PASSWORD", NEW)
    monkeypatch.setenv("LOTSEN_PASSWORD", "falsches-passwort")
    code, _, stderr = _lotsen(["passwd", "--db", str(db)], capsys)
    assert code == 1 and "Das Passwort ist falsch" in stderr

    monkeypatch.setenv("LOTSEN_PASSWORD", PASSWORD)
    with lock_database_file(db):
        code, _, stderr = _lotsen(["passwd", "--db", str(db)], capsys)
    assert code == 1 and "schon in einem anderen Lotsen-Fenster geöffnet" in stderr

    code, _, stderr = _lotsen(["passwd", "--db", str(tmp_path / "fehlt.db")], capsys)
    assert code == 1 and "gibt es nicht" in stderr

    assert _digest(db) == before
    assert password_matches(db, PASSWORD)
