"""GIVEN a database file WHEN its password is changed THEN only the new password opens it, the
data is whole, and a wrong old or too short new password changes nothing."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from lotsen_app.domain.clients import ClientInput
from lotsen_app.domain.errors import DomainError
from lotsen_app.persistence.backup import verify_backup
from lotsen_app.persistence.database import (
    Database,
    WrongPasswordError,
    change_password,
    check_database,
    create_database,
    is_plain_sqlite,
    open_database,
    password_matches,
    raw_connection,
)
from lotsen_app.persistence.models import AuditEntry
from lotsen_app.services.backups import BackupService
from lotsen_app.services.clients import ClientService
from tests.conftest import fixed_clock

OLD = "altes-passwort"
NEW = "neues-passwort"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _names(database: Database) -> list[str]:
    return sorted(row.family_name for row in ClientService(database, fixed_clock).list_rows())


def _with_clients(path: Path, password: str | None) -> Database:
    database = create_database(path, password)
    clients = ClientService(database, fixed_clock)
    for name in ("Iwanowa", "Yilmaz", "Karimi"):
        clients.create(ClientInput("Olena", name))
    return database


def test_after_rekeying_only_the_new_password_opens_the_file(tmp_path: Path) -> None:
    path = tmp_path / "lotsen.db"
    database = _with_clients(path, OLD)

    reopened = change_password(database, OLD, NEW)

    assert reopened.path == path and reopened.encrypted
    assert _names(reopened) == ["Iwanowa", "Karimi", "Yilmaz"]
    ClientService(reopened, fixed_clock).create(ClientInput("Ahmad", "Rahimi"))  # writable
    reopened.close()
    assert password_matches(path, NEW) and not password_matches(path, OLD)
    with pytest.raises(WrongPasswordError):
        open_database(path, OLD)
    again = open_database(path, NEW)
    assert _names(again) == ["Iwanowa", "Karimi", "Rahimi", "Yilmaz"]
    again.close()
    assert check_database(path, NEW).ok
    assert sorted(os.listdir(tmp_path)) == ["lotsen.db"]  # no temporary file, no old -wal


def test_a_wrong_old_password_is_refused_and_the_file_is_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "lotsen.db"
    database = _with_clients(path, OLD)
    database.close()
    database = open_database(path, OLD)
    before = _digest(path)

    with pytest.raises(WrongPasswordError, match="Passwort ist falsch"):
        change_password(database, "ganz-falsch", NEW)
    with pytest.raises(WrongPasswordError):
        change_password(database, None, NEW)

    assert _digest(path) == before
    assert _names(database) == ["Iwanowa", "Karimi", "Yilmaz"]  # still usable
    database.close()
    assert password_matches(path, OLD) and not password_matches(path, NEW)


def test_a_plain_file_gets_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "lotsen.db"
    database = _with_clients(path, None)
    assert password_matches(path, None) and not password_matches(path, NEW)

    reopened = change_password(database, None, NEW)

    reopened.close()
    assert not is_plain_sqlite(path)
    assert b"Iwanowa" not in path.read_bytes()
    assert password_matches(path, NEW) and not password_matches(path, None)
    again = open_database(path, NEW)
    assert again.encrypted and _names(again) == ["Iwanowa", "Karimi", "Yilmaz"]
    again.close()


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("kurz", "Das Passwort braucht mindestens 8 Zeichen."),
        (" mit-leerzeichen ", "Das Passwort darf nicht mit Leerzeichen beginnen oder enden."),
    ],
)
def test_an_unusable_new_password_is_refused_in_german(
    tmp_path: Path, new: str, message: str
) -> None:
    path = tmp_path / "lotsen.db"
    database = _with_clients(path, OLD)
    database.close()
    database = open_database(path, OLD)
    before = _digest(path)

    with pytest.raises(DomainError) as caught:
        change_password(database, OLD, new)

    assert str(caught.value) == message
    assert _digest(path) == before
    database.close()
    assert password_matches(path, OLD)


def test_the_key_is_remembered_but_never_shown(tmp_path: Path) -> None:
    database = create_database(tmp_path / "lotsen.db", OLD)
    assert OLD not in repr(database) and OLD not in str(database)
    assert OLD not in repr(database.engine)
    database.close()


def test_services_built_before_the_change_keep_working(tmp_path: Path) -> None:
    database = _with_clients(tmp_path / "lotsen.db", OLD)
    clients = ClientService(database, fixed_clock)

    assert change_password(database, OLD, NEW) is database

    clients.create(ClientInput("Ahmad", "Rahimi"))
    assert _names(database) == ["Iwanowa", "Karimi", "Rahimi", "Yilmaz"]
    assert OLD not in repr(database) and NEW not in repr(database)
    database.close()
    assert password_matches(tmp_path / "lotsen.db", NEW)


def _wait_for(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.005)
    return condition()


def test_a_backup_started_during_a_password_change_waits_and_uses_the_new_password(
    tmp_path: Path,
) -> None:
    """The window's hourly backup runs on a worker thread; a password change on another. The
    backup waits for the new file and is written with the new password, and its audit line
    lands in the new file (not in the old one, which is replaced)."""
    path = tmp_path / "lotsen.db"
    database = _with_clients(path, OLD)
    backups = BackupService(database, fixed_clock)
    # Another program's write transaction holds the password change inside its export, after
    # it has started (its temporary file exists), for as long as this test wants.
    blocker = raw_connection(path, OLD)
    blocker.execute("BEGIN IMMEDIATE")
    errors: list[BaseException] = []
    written: list[Path] = []

    def change() -> None:
        try:
            change_password(database, OLD, NEW)
        except BaseException as error:
            errors.append(error)

    def backup() -> None:
        try:
            written.append(backups.backup_now())
        except BaseException as error:
            errors.append(error)

    changing = threading.Thread(target=change)
    changing.start()
    try:
        assert _wait_for(lambda: any(tmp_path.glob(".lotsen.db.neu-*.tmp")))
        assert changing.is_alive()
        backing_up = threading.Thread(target=backup)
        backing_up.start()
        backing_up.join(0.5)
        assert backing_up.is_alive()  # waits for the password change
        assert not written and not errors
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    changing.join(30)
    backing_up.join(30)

    assert not changing.is_alive() and not backing_up.is_alive()
    assert errors == []
    [target] = written
    verify_backup(target, NEW)  # opens with the new password, is whole
    assert not password_matches(target, OLD)
    database.close()
    reopened = open_database(path, NEW)
    with reopened.session() as session:
        actions = [(e.action, e.detail) for e in session.scalars(select(AuditEntry))]
    assert ("gesichert", target.name) in actions
    reopened.close()
