"""Opening, creating, migrating and refusing database files, on real SQLite/SQLCipher files."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from lotsen_app.domain.clients import ClientInput
from lotsen_app.persistence.database import (
    CorruptDatabaseError,
    DatabaseOpenError,
    PasswordRequiredError,
    WrongPasswordError,
    _alembic_config,
    check_database,
    create_database,
    head_revision,
    make_engine,
    open_database,
)
from lotsen_app.persistence.models import Base
from lotsen_app.services.container import Services
from tests.conftest import fixed_clock

SCHEMA_DUMPS = sorted((Path(__file__).parent / "schemas").glob("schema_*.sql"))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def test_new_file_is_created_at_head_with_pragmas_and_districts(tmp_path: Path) -> None:
    database = create_database(tmp_path / "neu.db")
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
        districts = connection.exec_driver_sql("SELECT name FROM district").scalars().all()
    assert "Marxloh" in districts and "Hochfeld" in districts and len(districts) == 46
    assert check_database(tmp_path / "neu.db", None).ok
    database.close()


def test_migrating_an_empty_file_gives_the_same_schema_as_the_models(tmp_path: Path) -> None:
    path = tmp_path / "leer.db"
    engine = make_engine(path, None)
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "head")
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert differences == []
        assert MigrationContext.configure(connection).get_current_revision() == head_revision()
        assert connection.exec_driver_sql("SELECT count(*) FROM district").scalar() == 46
    engine.dispose()
    database = open_database(path)
    assert database.backup_made is None
    database.close()


def test_a_sqlite_file_without_tables_is_set_up_on_open(tmp_path: Path) -> None:
    path = tmp_path / "leer.db"
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA user_version = 1")  # writes the header, no tables
    connection.commit()
    connection.close()
    database = open_database(path)
    assert Services.build(database, fixed_clock).clients.list_rows() == []
    database.close()


@pytest.mark.parametrize("dump", SCHEMA_DUMPS, ids=lambda p: p.stem)
def test_every_stored_schema_upgrades_and_keeps_its_data(tmp_path: Path, dump: Path) -> None:
    path = tmp_path / "alt.db"
    with sqlite3.connect(path) as connection:
        connection.executescript(dump.read_text(encoding="utf-8"))
    connection.close()
    old_revision = dump.stem.removeprefix("schema_")
    database = open_database(path)
    if old_revision == head_revision():
        assert database.backup_made is None
    else:
        assert database.backup_made is not None and database.backup_made.exists()
    services = Services.build(database, fixed_clock)
    rows = services.clients.list_rows()
    assert {(r.given_name, r.family_name) for r in rows} >= {("Ayşe", "Yılmaz")}
    database.close()
    assert check_database(path, None).ok


def test_stored_schemas_exist_for_the_current_head() -> None:
    assert any(p.stem == f"schema_{head_revision()}" for p in SCHEMA_DUMPS)


def test_encrypted_file_opens_only_with_its_password(tmp_path: Path) -> None:
    path = tmp_path / "geheim.db"
    database = create_database(path, "richtig-geheim")
    Services.build(database, fixed_clock).clients.create(ClientInput("Olena", "Iwanowa"))
    database.close()
    raw = path.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    assert b"Iwanowa" not in raw

    before = (_digest(path), _listing(tmp_path))
    with pytest.raises(PasswordRequiredError):
        open_database(path, None)
    with pytest.raises(WrongPasswordError, match="Passwort ist falsch"):
        open_database(path, "falsch")
    assert (_digest(path), _listing(tmp_path)) == before

    database = open_database(path, "richtig-geheim")
    assert database.encrypted
    rows = Services.build(database, fixed_clock).clients.list_rows()
    assert [r.family_name for r in rows] == ["Iwanowa"]
    database.close()


def test_wrong_password_on_a_missing_file_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(DatabaseOpenError, match="gibt es nicht"):
        open_database(tmp_path / "fehlt.db", "egal")
    assert _listing(tmp_path) == []


@pytest.mark.parametrize(
    "content",
    [b"", b"SQLite format 3\x00" + os.urandom(5000), b"Das ist keine Datenbank\n" * 100],
    ids=["empty", "header-then-junk", "text"],
)
def test_junk_files_are_refused_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "kaputt.db"
    path.write_bytes(content)
    before = (_digest(path), _listing(tmp_path))
    with pytest.raises(DatabaseOpenError):
        open_database(path, "irgendwas" if not content.startswith(b"SQLite") else None)
    assert (_digest(path), _listing(tmp_path)) == before
    assert not check_database(path, None).ok


def test_a_damaged_page_is_detected_and_the_file_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "beschaedigt.db"
    database = create_database(path)
    services = Services.build(database, fixed_clock)
    for number in range(300):
        services.clients.create(
            ClientInput(f"Vorname{number}", f"Familie{number}", phone="0203 555 0000")
        )
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    # Overwrite the middle of the last pages (client rows) with garbage, keeping the header.
    for page in range(len(data) // page_size - 3, len(data) // page_size):
        start = page * page_size + 8
        data[start : start + 200] = os.urandom(200)
    path.write_bytes(bytes(data))
    before = (_digest(path), _listing(tmp_path))
    with pytest.raises(CorruptDatabaseError, match="beschädigt"):
        open_database(path)
    assert (_digest(path), _listing(tmp_path)) == before
    report = check_database(path, None)
    assert not report.ok


def test_a_file_from_a_newer_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "neuer.db"
    create_database(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffff_zukunft'")
    connection.close()
    with pytest.raises(DatabaseOpenError, match="neueren Version"):
        open_database(path)


def test_a_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "fremd.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE rezepte (name TEXT)")
    connection.close()
    with pytest.raises(DatabaseOpenError, match="keine Lotsen-Datenbank"):
        open_database(path)
