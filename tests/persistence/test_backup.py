"""GIVEN a database file WHEN it is backed up, checked, rotated and restored THEN backups are
whole, encrypted like the database, refused when damaged, and nothing is lost on the way."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from lotsen_app.config import (
    backup_folder_for,
    database_id_for,
    set_backup_folder_for,
)
from lotsen_app.domain.clients import ClientInput
from lotsen_app.domain.errors import ValidationError
from lotsen_app.persistence.backup import (
    DATABASE_ID_SETTING,
    BackupError,
    backup_name,
    database_id,
    list_backups,
    newest_good_backup,
    restore_backup,
    rotate_backups,
    verify_backup,
    write_backup,
)
from lotsen_app.persistence.database import (
    Database,
    change_password,
    create_database,
    head_revision,
    is_plain_sqlite,
    open_database,
)
from lotsen_app.persistence.models import AuditEntry
from lotsen_app.persistence.repositories import SettingRepository
from lotsen_app.services.backups import BackupService
from lotsen_app.services.clients import ClientService
from tests.conftest import FIXED_NOW, fixed_clock

PASSWORD = "richtig-geheim"
SCHEMA_0002 = Path(__file__).parent / "schemas" / "schema_0002.sql"


@pytest.fixture(autouse=True)
def _config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOTSEN_CONFIG_DIR", str(tmp_path / "config"))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _names(database: Database) -> list[str]:
    return sorted(row.family_name for row in ClientService(database, fixed_clock).list_rows())


def _with_clients(path: Path, password: str | None, *names: str) -> Database:
    database = create_database(path, password)
    clients = ClientService(database, fixed_clock)
    for name in names:
        clients.create(ClientInput("Olena", name))
    return database


@pytest.mark.parametrize("password", [None, PASSWORD], ids=["plain", "encrypted"])
def test_backup_is_a_checked_copy_encrypted_like_the_database(
    tmp_path: Path, password: str | None
) -> None:
    database = _with_clients(tmp_path / "lotsen.db", password, "Iwanowa", "Yilmaz")
    target = tmp_path / "usb" / "kopie.db"
    target.parent.mkdir()

    assert write_backup(database, target) == target

    assert is_plain_sqlite(target) == (password is None)
    if password is not None:
        assert b"Iwanowa" not in target.read_bytes()
    assert verify_backup(target, password) == head_revision()
    copy = open_database(target, password)
    assert _names(copy) == ["Iwanowa", "Yilmaz"]
    copy.close()
    assert sorted(os.listdir(target.parent)) == ["kopie.db"]  # no temporary file left
    database.close()


def test_backup_replaces_an_older_one_and_works_while_another_connection_writes(
    tmp_path: Path,
) -> None:
    database = _with_clients(tmp_path / "lotsen.db", PASSWORD, "Iwanowa")
    target = tmp_path / "kopie.db"
    write_backup(database, target)
    ClientService(database, fixed_clock).create(ClientInput("Ahmad", "Karimi"))

    # The GUI has the file open and is in the middle of a transaction on its own connection.
    gui = open_database(tmp_path / "lotsen.db", PASSWORD)
    with gui.engine.connect() as connection:
        transaction = connection.begin()
        connection.exec_driver_sql(
            "UPDATE client SET family_name = 'Halb-Geschrieben' WHERE family_name = 'Iwanowa'"
        )
        write_backup(database, target)
        transaction.rollback()
    gui.close()

    copy = open_database(target, PASSWORD)
    assert _names(copy) == ["Iwanowa", "Karimi"]  # committed state only
    copy.close()
    database.close()


def test_backup_into_a_missing_folder_is_refused_in_german(tmp_path: Path) -> None:
    database = _with_clients(tmp_path / "lotsen.db", None, "Iwanowa")
    with pytest.raises(BackupError, match="gibt es nicht"):
        write_backup(database, tmp_path / "fehlt" / "kopie.db")
    with pytest.raises(BackupError, match="nicht die Datenbank selbst"):
        write_backup(database, tmp_path / "lotsen.db")
    assert not (tmp_path / "fehlt").exists()
    database.close()


def test_backup_that_fails_halfway_leaves_the_old_backup_and_no_temporary_file(
    tmp_path: Path,
) -> None:
    """A child process may write only small files (RLIMIT_FSIZE): the write fails midway."""
    database = _with_clients(tmp_path / "lotsen.db", PASSWORD, "Iwanowa")
    target = tmp_path / "usb" / "kopie.db"
    target.parent.mkdir()
    write_backup(database, target)
    before = _digest(target)
    ClientService(database, fixed_clock).create(ClientInput("Ahmad", "Karimi"))
    database.close()
    script = f"""
import resource, signal
from pathlib import Path
from lotsen_app.persistence.backup import BackupError, write_backup
from lotsen_app.persistence.database import open_database
database = open_database(Path({str(tmp_path / "lotsen.db")!r}), {PASSWORD!r})
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (60_000, 60_000))
try:
    write_backup(database, Path({str(target)!r}))
except BackupError as error:
    print(error)
"""
    if sys.platform == "win32":  # pragma: no cover - the script needs resource.setrlimit
        pytest.skip("RLIMIT_FSIZE is POSIX only")
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert "Die bisherige Sicherung ist unverändert" in result.stdout
    assert _digest(target) == before
    assert sorted(os.listdir(target.parent)) == ["kopie.db"]


def test_verify_refuses_missing_empty_truncated_foreign_and_newer_files(tmp_path: Path) -> None:
    database = _with_clients(tmp_path / "lotsen.db", None, *[f"Name{i}" for i in range(300)])
    good = write_backup(database, tmp_path / "gut.db")
    database.close()
    data = good.read_bytes()
    cases: dict[str, bytes] = {
        "leer.db": b"",
        "halb.db": data[: len(data) // 2],
        "seitengrenze.db": data[: len(data) - 4096],
        "kopf.db": data[:300],
        "kaputt.db": data[:8192] + bytes(4096) + data[12288:],
    }
    for name, content in cases.items():
        (tmp_path / name).write_bytes(content)
    with pytest.raises(BackupError, match="gibt es nicht"):
        verify_backup(tmp_path / "fehlt.db", None)
    with pytest.raises(BackupError, match="ist leer"):
        verify_backup(tmp_path / "leer.db", None)
    for name in ("halb.db", "seitengrenze.db", "kopf.db"):
        with pytest.raises(BackupError, match=r"unvollständig|beschädigt"):
            verify_backup(tmp_path / name, None)
    with pytest.raises(BackupError, match="beschädigt"):
        verify_backup(tmp_path / "kaputt.db", None)

    foreign = tmp_path / "fremd.db"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE rezepte (name TEXT)")
        connection.execute("INSERT INTO rezepte VALUES ('Suppe')")
    connection.close()
    with pytest.raises(BackupError, match="keine Lotsen-Sicherung"):
        verify_backup(foreign, None)

    newer = tmp_path / "neuer.db"
    newer.write_bytes(data)
    with sqlite3.connect(newer) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffff'")
    connection.close()
    with pytest.raises(BackupError, match="neueren Version"):
        verify_backup(newer, None)
    assert verify_backup(good, None) == head_revision()


def test_verify_refuses_a_wrong_or_missing_password(tmp_path: Path) -> None:
    database = _with_clients(tmp_path / "lotsen.db", PASSWORD, "Iwanowa")
    backup = write_backup(database, tmp_path / "kopie.db")
    database.close()
    with pytest.raises(BackupError, match="Passwort passt nicht"):
        verify_backup(backup, "falsches-passwort")
    with pytest.raises(BackupError, match="verschlüsselt"):
        verify_backup(backup, None)
    truncated = tmp_path / "halb.db"
    truncated.write_bytes(backup.read_bytes()[:-4096])
    with pytest.raises(BackupError, match="unvollständig"):
        verify_backup(truncated, PASSWORD)


def test_restore_of_a_truncated_backup_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    database = _with_clients(tmp_path / "lotsen.db", PASSWORD, "Iwanowa")
    backup = write_backup(database, tmp_path / "kopie.db")
    ClientService(database, fixed_clock).create(ClientInput("Ahmad", "Karimi"))
    database.close()
    truncated = tmp_path / "abgeschnitten.db"
    truncated.write_bytes(backup.read_bytes()[:-5000])
    before = _digest(tmp_path / "lotsen.db")
    listing = sorted(os.listdir(tmp_path))

    with pytest.raises(BackupError, match=r"unvollständig|beschädigt"):
        restore_backup(truncated, tmp_path / "lotsen.db", PASSWORD)
    with pytest.raises(BackupError, match="Passwort passt nicht"):
        restore_backup(backup, tmp_path / "lotsen.db", "falsches-passwort")

    assert _digest(tmp_path / "lotsen.db") == before
    assert sorted(os.listdir(tmp_path)) == listing
    reopened = open_database(tmp_path / "lotsen.db", PASSWORD)
    assert _names(reopened) == ["Iwanowa", "Karimi"]
    reopened.close()


def test_restore_of_a_good_backup_keeps_the_old_file_beside_it(tmp_path: Path) -> None:
    path = tmp_path / "lotsen.db"
    database = _with_clients(path, PASSWORD, "Iwanowa")
    backup = write_backup(database, tmp_path / "kopie.db")
    ClientService(database, fixed_clock).create(ClientInput("Ahmad", "Karimi"))
    database.close()
    before = _digest(path)

    kept = restore_backup(backup, path, PASSWORD)

    assert kept is not None and kept.parent == tmp_path
    assert kept.name.startswith("lotsen.db.vor-wiederherstellung-") and kept.suffix == ".bak"
    assert _digest(kept) == before
    restored = open_database(path, PASSWORD)
    assert _names(restored) == ["Iwanowa"]
    restored.close()
    old = open_database(kept, PASSWORD)
    assert _names(old) == ["Iwanowa", "Karimi"]
    old.close()
    assert not [name for name in os.listdir(tmp_path) if name.endswith(".tmp")]


def test_restore_keeps_what_only_the_write_ahead_log_of_the_old_file_held(
    tmp_path: Path,
) -> None:
    """The old program died with committed data still in -wal: the kept copy still has it."""
    path = tmp_path / "lotsen.db"
    database = _with_clients(path, None, "Iwanowa")
    backup = write_backup(database, tmp_path / "kopie.db")
    database.close()
    script = f"""
import os
from pathlib import Path
from lotsen_app.domain.clients import ClientInput
from lotsen_app.persistence.database import open_database
from lotsen_app.services.clients import ClientService
database = open_database(Path({str(path)!r}))
with database.engine.connect() as connection:
    connection.exec_driver_sql("PRAGMA wal_autocheckpoint = 0")
    ClientService(database).create(ClientInput("Ahmad", "Karimi"))
os._exit(0)
"""
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)
    assert (tmp_path / "lotsen.db-wal").stat().st_size > 0

    kept = restore_backup(backup, path, None)

    assert kept is not None
    assert not (tmp_path / "lotsen.db-wal").exists()
    restored = open_database(path)
    assert _names(restored) == ["Iwanowa"]
    restored.close()
    old = open_database(kept)
    assert _names(old) == ["Iwanowa", "Karimi"]
    old.close()


def test_restore_into_a_missing_file_and_of_an_older_schema(tmp_path: Path) -> None:
    old = tmp_path / "alt.db"
    with sqlite3.connect(old) as connection:
        connection.executescript(SCHEMA_0002.read_text(encoding="utf-8"))
    connection.close()
    target = tmp_path / "neu" / "lotsen.db"

    assert restore_backup(old, target, None) is None

    database = open_database(target)
    assert database.backup_made is not None  # migrated, with a copy from before
    assert _names(database)  # the dump holds clients
    database.close()


def _touch_backups(folder: Path, db_path: Path, days: list[date]) -> None:
    folder.mkdir(exist_ok=True)
    for day in days:
        (folder / backup_name(db_path, day)).write_bytes(b"x" * 10)


def test_rotation_keeps_seven_daily_and_four_weekly(tmp_path: Path) -> None:
    db_path = tmp_path / "lotsen.db"
    folder = tmp_path / "Sicherungen"
    today = date(2026, 11, 21)  # Saturday, ISO week 47
    days = [today - timedelta(days=offset) for offset in range(60)]
    _touch_backups(folder, db_path, days)
    (folder / "anderes-sicherung-2026-01-01.db").write_bytes(b"fremd")  # another database
    (folder / "notizen.txt").write_text("bleibt")

    removed = rotate_backups(folder, db_path, today)

    kept = sorted(backup.day for backup in list_backups(folder, db_path))
    daily = [today - timedelta(days=offset) for offset in range(7)]  # 15.11. .. 21.11.
    # Older files start Sat 14.11. (week 46); newest of weeks 46, 45, 44, 43:
    weekly = [date(2026, 11, 14), date(2026, 11, 8), date(2026, 11, 1), date(2026, 10, 25)]
    assert kept == sorted(daily + weekly)
    assert len(removed) == 60 - 11
    assert all(not path.exists() for path in removed)
    assert (folder / "anderes-sicherung-2026-01-01.db").exists()
    assert (folder / "notizen.txt").exists()
    assert rotate_backups(folder, db_path, today) == []


def test_rotation_with_gaps_counts_files_not_days(tmp_path: Path) -> None:
    db_path = tmp_path / "lotsen.db"
    folder = tmp_path / "Sicherungen"
    today = date(2026, 11, 21)
    days = [
        date(2026, 11, 21),
        date(2026, 11, 2),
        date(2026, 10, 20),
        date(2026, 10, 1),
        date(2026, 9, 30),
        date(2026, 9, 1),
        date(2026, 8, 1),
        date(2026, 7, 1),  # the 8th file: weekly from here on
        date(2026, 6, 30),  # same ISO week 27 as 2026-07-01: the older one goes
        date(2026, 6, 1),
        date(2026, 5, 1),
        date(2026, 4, 1),
        date(2026, 3, 1),  # fifth older week: goes
        date(2026, 12, 24),  # after today (a wrong clock once): left alone
    ]
    _touch_backups(folder, db_path, days)

    rotate_backups(folder, db_path, today)

    kept = {backup.day for backup in list_backups(folder, db_path)}
    assert kept == set(days) - {date(2026, 6, 30), date(2026, 3, 1)}


def test_list_and_newest_good_backup_skip_damaged_files(tmp_path: Path) -> None:
    db_path = tmp_path / "lotsen.db"
    database = _with_clients(db_path, PASSWORD, "Iwanowa")
    folder = tmp_path / "Sicherungen"
    folder.mkdir()
    good = write_backup(database, folder / backup_name(db_path, date(2026, 11, 19)))
    database.close()
    newest = folder / backup_name(db_path, date(2026, 11, 21))
    newest.write_bytes(good.read_bytes()[:-4096])  # truncated
    (folder / backup_name(db_path, date(2026, 11, 20))).write_bytes(b"")

    backups = list_backups(folder, db_path)
    assert [backup.day for backup in backups] == [
        date(2026, 11, 21),
        date(2026, 11, 20),
        date(2026, 11, 19),
    ]
    found = newest_good_backup(folder, db_path, PASSWORD)
    assert found is not None and found.path == good and found.size == good.stat().st_size
    assert newest_good_backup(folder, db_path, "falsches-passwort") is None
    assert newest_good_backup(tmp_path / "fehlt", db_path, PASSWORD) is None


def test_backup_folder_is_kept_outside_the_database(tmp_path: Path) -> None:
    db_path = tmp_path / "lotsen.db"
    assert backup_folder_for(db_path).name == "Sicherungen"
    set_backup_folder_for(db_path, tmp_path / "usb")
    assert backup_folder_for(db_path) == (tmp_path / "usb").resolve()
    assert backup_folder_for(tmp_path / "andere.db").name == "Sicherungen"
    settings = (tmp_path / "config" / "einstellungen.json").read_text(encoding="utf-8")
    assert str(db_path.resolve()) in settings


def test_service_backs_up_daily_rotates_and_audits(tmp_path: Path, database: Database) -> None:
    service = BackupService(database, fixed_clock)
    folder = tmp_path / "usb" / "Lotsen"
    service.set_folder(folder)
    assert service.folder() == folder.resolve()
    assert service.last_backup() is None
    _touch_backups(
        folder, database.path, [FIXED_NOW.date() - timedelta(days=n) for n in range(1, 40)]
    )

    written = service.backup_now()

    own_id = service.database_id()
    assert re.fullmatch(r"[0-9a-f]{8}", own_id)
    assert written == folder.resolve() / f"lotsen-{own_id}-sicherung-2026-11-21.db"
    assert verify_backup(written, None) == head_revision()
    assert len(service.backups()) == 11  # rotated
    last = service.last_backup()
    assert last is not None and last.day == FIXED_NOW.date()
    assert service.backup_if_due() is None  # today's exists
    written.unlink()
    assert service.backup_if_due() == written
    with database.session() as session:
        audit = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(a.action, a.entity, a.detail) for a in audit] == [
        ("geändert", "setting", "Sicherungsordner"),
        ("gesichert", "database", written.name),
        ("gesichert", "database", written.name),
    ]


def test_service_refuses_a_folder_it_cannot_create(tmp_path: Path, database: Database) -> None:
    service = BackupService(database, fixed_clock)
    blocker = tmp_path / "datei.txt"
    blocker.write_text("kein Ordner")
    with pytest.raises(ValidationError) as caught:
        service.set_folder(blocker / "Sicherungen")
    assert "kann nicht angelegt werden" in caught.value.errors["folder"]
    set_backup_folder_for(database.path, blocker / "Sicherungen")  # e.g. the stick was removed
    with pytest.raises(BackupError, match="USB-Stick"):
        service.backup_now()


def _clock(day: date) -> Callable[[], datetime]:
    return lambda: datetime.combine(day, datetime.min.time()).replace(hour=10)


def _zero_only(path: Path) -> bool:
    data = path.read_bytes()
    return len(data) > 0 and data == bytes(len(data))


def test_the_database_id_is_kept_in_the_file_and_in_the_settings(tmp_path: Path) -> None:
    path = tmp_path / "lotsen.db"
    database = create_database(path)
    assert database_id_for(path) is None

    own_id = database_id(database)

    assert re.fullmatch(r"[0-9a-f]{8}", own_id) and database_id(database) == own_id
    assert database_id_for(path) == own_id
    with database.session() as session:
        assert SettingRepository(session).get(DATABASE_ID_SETTING) == own_id
    database.close()
    other = create_database(tmp_path / "andere" / "lotsen.db")
    assert database_id(other) != own_id  # random, not derived from the name
    other.close()


def test_two_databases_of_the_same_name_share_a_folder_without_touching_each_other(
    tmp_path: Path,
) -> None:
    """Two guides, both with a lotsen.db, one USB stick: each sees, rotates and is offered
    only its own backups."""
    stick = tmp_path / "usb"
    first = _with_clients(tmp_path / "anna" / "lotsen.db", None, "Iwanowa")
    second = _with_clients(tmp_path / "ben" / "lotsen.db", None, "Yilmaz")
    for database in (first, second):
        BackupService(database, fixed_clock).set_folder(stick)

    # 40 days of backups from both, the second always an hour later (and rotating too).
    start = date(2026, 10, 13)
    for offset in range(40):
        day = start + timedelta(days=offset)
        for database in (first, second):
            BackupService(database, _clock(day)).backup_now()

    mine = BackupService(first, fixed_clock)
    theirs = BackupService(second, fixed_clock)
    assert mine.database_id() != theirs.database_id()
    mine_files = {backup.path.name for backup in mine.backups()}
    theirs_files = {backup.path.name for backup in theirs.backups()}
    assert all(mine.database_id() in name for name in mine_files)
    assert all(theirs.database_id() in name for name in theirs_files)
    # Each rotated only its own: 7 daily and 4 weekly backups each, both sets on the stick.
    assert len(mine_files) == 11 and len(theirs_files) == 11
    assert {entry.name for entry in stick.iterdir()} == mine_files | theirs_files
    # Each has its own data in its own backups.
    newest_mine = mine.last_backup()
    assert newest_mine is not None and mine.database_id() in newest_mine.path.name
    assert _names_in(newest_mine.path) == ["Iwanowa"]

    # The first file is damaged: the offer comes from its own backups (the id is remembered in
    # the settings file), never from the other guide's newer ones.
    first.close()
    second.close()
    first.path.write_bytes(b"kaputt" * 1000)
    offered = newest_good_backup(stick, first.path, None)
    assert offered is not None and offered.path == newest_mine.path
    assert _names_in(offered.path) == ["Iwanowa"]


def _names_in(backup: Path) -> list[str]:
    database = open_database(backup, migrate=False)
    try:
        return _names(database)
    finally:
        database.close()


def test_older_backups_without_an_id_still_count_and_rotate(tmp_path: Path) -> None:
    database = create_database(tmp_path / "lotsen.db")
    service = BackupService(database, fixed_clock)
    folder = service.folder()
    days = [FIXED_NOW.date() - timedelta(days=n) for n in range(1, 40)]
    _touch_backups(folder, database.path, days)  # the old names: lotsen-sicherung-<day>.db
    foreign = folder / "lotsen-0badc0de-sicherung-2026-11-20.db"
    foreign.write_bytes(b"x" * 10)  # another lotsen.db's backup

    service.backup_now()

    listed = service.backups()
    assert len(listed) == 11 and listed[0].day == FIXED_NOW.date()
    assert sum(service.database_id() in b.path.name for b in listed) == 1  # today's
    assert foreign.exists() and foreign not in {b.path for b in listed}
    database.close()


def test_without_any_known_id_every_backup_of_the_name_is_listed(tmp_path: Path) -> None:
    """A damaged file and a lost settings file: nobody knows the id, so all backups named
    after the file are candidates (as before ids existed)."""
    db_path = tmp_path / "lotsen.db"
    folder = tmp_path / "Sicherungen"
    folder.mkdir()
    names = [
        "lotsen-sicherung-2026-11-18.db",
        "lotsen-1234abcd-sicherung-2026-11-19.db",
        "lotsen-0badc0de-sicherung-2026-11-20.db",
        "anders-1234abcd-sicherung-2026-11-20.db",
    ]
    for name in names:
        (folder / name).write_bytes(b"x" * 10)

    assert [b.path.name for b in list_backups(folder, db_path)] == names[2::-1]
    assert [b.path.name for b in list_backups(folder, db_path, "1234abcd")] == names[1::-1]


def test_a_moved_database_with_its_backup_folder_finds_its_backups(tmp_path: Path) -> None:
    old_place = tmp_path / "alt"
    database = _with_clients(old_place / "lotsen.db", PASSWORD, "Iwanowa")
    written = BackupService(database, fixed_clock).backup_now()
    assert written.parent == old_place / "Sicherungen"
    database.close()

    new_place = tmp_path / "neu"
    shutil.move(old_place, new_place)  # the folder with the file and Sicherungen beside it
    (tmp_path / "config" / "einstellungen.json").unlink()  # nor does the settings file help
    moved = open_database(new_place / "lotsen.db", PASSWORD)
    service = BackupService(moved, fixed_clock)

    assert [b.path for b in service.backups()] == [new_place / "Sicherungen" / written.name]
    assert service.backup_if_due() is None  # today's is there: it is this database's
    moved.close()


def test_unencrypted_backups_are_zeroed_before_they_are_deleted(tmp_path: Path) -> None:
    """A hard link made beforehand sees zeros: the readable bytes were overwritten, not only
    unlinked (which would leave them in the free blocks of the stick)."""
    database = _with_clients(tmp_path / "lotsen.db", None, "Iwanowa")
    service = BackupService(database, fixed_clock)
    plain_backup = service.backup_now()
    beside = tmp_path / "lotsen.db.vor-migration-0002-20261101-101010.bak"
    shutil.copyfile(database.path, beside)  # a plain copy kept beside the database
    spies = [tmp_path / "spion-sicherung", tmp_path / "spion-bak"]
    os.link(plain_backup, spies[0])
    os.link(beside, spies[1])
    assert b"Iwanowa" in spies[0].read_bytes()

    change_password(database, None, PASSWORD)
    encrypted = service.backup_now()  # same day: replaces the plain one (a new file)
    older = plain_backup.with_name(backup_name(database.path, date(2026, 11, 20)))
    os.replace(spies[0], older)  # put yesterday's plain backup back under a listed name
    os.link(older, spies[0])
    removed = service.drop_unencrypted()

    assert set(removed) == {older, beside}
    assert not older.exists() and not beside.exists()
    assert all(_zero_only(spy) for spy in spies)
    assert encrypted.exists() and not is_plain_sqlite(encrypted)
    assert not is_plain_sqlite(database.path)  # the database itself is never zeroed
    assert _names(database) == ["Iwanowa"]
    database.close()
