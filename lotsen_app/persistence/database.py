"""Opening, creating and migrating database files: the one place that knows SQLite details.

A file is either plain SQLite or an SQLCipher file (encrypted with the user's password). Opening
first probes the file read-only (password, integrity, schema version) so that a wrong password or a
damaged file is refused before anything is written. Only then is it opened for writing, backed up
next to itself if a migration is due, and upgraded.
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlcipher3
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import URL, Connection, Engine, create_engine, event, insert, inspect, text
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.orm import Session, sessionmaker

from lotsen_app.config import shipped_dir
from lotsen_app.domain.errors import DomainError, ValidationError
from lotsen_app.domain.passwords import validate_new_password
from lotsen_app.persistence.models import Base, District

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000

_maintenance_locks: dict[str, threading.RLock] = {}
_maintenance_locks_guard = threading.Lock()


def maintenance_lock(path: Path) -> threading.RLock:
    """The one lock of the file at ``path`` (per process) for work that rewrites, replaces or
    copies the whole file: a password change, a backup, the free-space wipe after an erasure, a
    restore. Re-entrant, so that a password change may write a backup while holding it. Whoever
    holds it must never wait for the GUI thread (deadlock); the GUI thread should not take it
    (it may wait seconds for a backup)."""
    key = os.path.normcase(str(path.resolve()))
    with _maintenance_locks_guard:
        lock = _maintenance_locks.get(key)
        if lock is None:
            lock = _maintenance_locks[key] = threading.RLock()
        return lock


class DatabaseOpenError(DomainError):
    """The file cannot be opened; the message says why, in German."""


class PasswordRequiredError(DatabaseOpenError):
    def __init__(self) -> None:
        super().__init__("Die Datenbank ist verschlüsselt. Bitte das Passwort eingeben.")


class WrongPasswordError(DatabaseOpenError):
    def __init__(self) -> None:
        super().__init__(
            "Das Passwort ist falsch (oder die Datei ist beschädigt). Bitte noch einmal versuchen."
        )


class CorruptDatabaseError(DatabaseOpenError):
    pass


class SchemaTooNewError(DatabaseOpenError):
    pass


@dataclass
class Database:
    """An open database: the engine and a session factory (one session per user action)."""

    path: Path
    engine: Engine
    encrypted: bool
    backup_made: Path | None = None
    # The key the file was opened with: backups are encrypted with it. Never logged or shown.
    _key: str | None = field(default=None, repr=False, compare=False)
    #: Who works with the program (the audit log's "Wer"); set by the composition root.
    actor: str = ""

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed when the block ends, rolled back on error.
        Audit lines written in it without an actor get the database's actor."""
        with self._sessions.begin() as session:
            session.info["actor"] = self.actor
            yield session

    @property
    def maintenance(self) -> threading.RLock:
        """The file's maintenance lock (see maintenance_lock): held while the file is re-keyed,
        backed up or wiped, so that these never overlap."""
        return maintenance_lock(self.path)

    def close(self) -> None:
        self.engine.dispose()

    def _take_over(self, reopened: Database) -> None:
        """Work on ``reopened``'s engine from now on (after re-keying), so that services built
        on this object keep working."""
        self.engine = reopened.engine
        self.encrypted = reopened.encrypted
        self._key = reopened._key
        self._sessions = reopened._sessions


def is_plain_sqlite(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def _alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(shipped_dir("db")))
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", str(shipped_dir("db") / "versions"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError("no migrations found")
    return head


def known_revisions() -> set[str]:
    return {
        script.revision
        for script in ScriptDirectory.from_config(_alembic_config()).walk_revisions()
    }


def _wal_files(path: Path) -> tuple[Path, Path]:
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def make_engine(path: Path, password: str | None, *, read_only: bool = False) -> Engine:
    """An engine on ``path``; SQLCipher when a password is given. Sets the pragmas on connect.

    Read-only engines write nothing: without a write-ahead log beside the file they open it as
    immutable, so that not even the -wal/-shm companions are created.
    """
    if read_only:
        wal, _shm = _wal_files(path)
        flags = "?mode=ro" if wal.exists() else "?mode=ro&immutable=1"
        database = path.resolve().as_uri() + flags
        query: dict[str, str] = {"uri": "true"}
    else:
        database, query = str(path), {}
    if password is not None:
        url = URL.create("sqlite+pysqlcipher", password=password, database=database, query=query)
    else:
        url = URL.create("sqlite+pysqlite", database=database, query=query)
    # hide_parameters: SQL errors must never carry names or other personal data into a log.
    engine = create_engine(url, connect_args={"check_same_thread": False}, hide_parameters=True)

    if password is not None:

        @event.listens_for(engine, "connect", insert=True)
        def _quiet_cipher(dbapi_connection: Any, _record: Any) -> None:
            # SQLCipher would print decryption failures (wrong password) to stderr.
            dbapi_connection.execute("PRAGMA cipher_log_level = NONE")

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        # Deleted content is overwritten with zeros (erasure relies on it).
        cursor.execute("PRAGMA secure_delete = ON")
        if not read_only:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    return engine


def _probe(path: Path, password: str | None) -> tuple[str | None, bool]:
    """Read-only look at an existing file: (alembic revision, has any tables). Raises on failure."""
    plain = is_plain_sqlite(path)
    if not plain and password is None:
        raise PasswordRequiredError()
    engine = make_engine(path, None if plain else password, read_only=True)
    try:
        with engine.connect() as connection:
            try:
                tables = connection.exec_driver_sql("SELECT name FROM sqlite_master").fetchall()
            except SADatabaseError:
                if plain:
                    raise CorruptDatabaseError(
                        f"Die Datei {path.name} ist beschädigt und wurde nicht verändert."
                    ) from None
                raise WrongPasswordError() from None
            try:
                verdict = [row[0] for row in connection.exec_driver_sql("PRAGMA quick_check")]
            except SADatabaseError:
                verdict = ["error"]
            if verdict != ["ok"]:
                raise CorruptDatabaseError(
                    f"Die Datei {path.name} ist beschädigt (Prüfung fehlgeschlagen) und wurde "
                    "nicht verändert. Bitte eine Sicherung zurückspielen."
                )
            revision = MigrationContext.configure(connection).get_current_revision()
            return revision, bool(tables)
    finally:
        engine.dispose()


def _check_revision(path: Path, revision: str | None, has_tables: bool) -> None:
    if revision is None and has_tables:
        raise DatabaseOpenError(f"Die Datei {path.name} ist keine Lotsen-Datenbank.")
    if revision is not None and revision not in known_revisions():
        raise SchemaTooNewError(
            f"Die Datei {path.name} stammt von einer neueren Version des Programms "
            f"(Schema {revision}). Bitte das Programm aktualisieren."
        )


def seed_reference_data(session: Session) -> None:
    with (shipped_dir("db") / "reference" / "districts.csv").open(encoding="utf-8") as handle:
        rows = [
            {"name": row["Ortsteil"], "borough": row["Bezirk"], "active": True}
            for row in csv.DictReader(handle, delimiter=";")
        ]
    session.execute(insert(District), rows)


def _create_schema(engine: Engine) -> None:
    with engine.begin() as connection:
        Base.metadata.create_all(connection)
        command.stamp(_alembic_config(connection), "head")
        with Session(bind=connection) as session:
            seed_reference_data(session)
            session.flush()


def backup_next_to(path: Path, engine: Engine, label: str) -> Path:
    """Copy the (checkpointed) file next to itself; the copy is encrypted like the original."""
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{label}-{stamp}.bak")
    shutil.copy2(path, target)
    return target


def upgrade(database: Database) -> None:
    with database.engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "head")


def _owner_only(path: Path) -> None:
    """Only the user may read the file (POSIX; Windows keeps its own per-user folders)."""
    if os.name != "posix":
        return
    try:
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            os.chmod(path, mode & 0o700)
    except OSError:
        pass


def create_database(path: Path, password: str | None = None) -> Database:
    """A new file at the newest schema. Refuses to touch an existing file."""
    if path.exists():
        raise DatabaseOpenError(f"Die Datei {path} gibt es schon.")
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(path, password)
    try:
        _create_schema(engine)
    except Exception:
        engine.dispose()
        for leftover in (
            path,
            path.with_name(path.name + "-wal"),
            path.with_name(path.name + "-shm"),
        ):
            leftover.unlink(missing_ok=True)
        raise
    _owner_only(path)
    return Database(path=path, engine=engine, encrypted=password is not None, _key=password)


def open_database(path: Path, password: str | None = None, *, migrate: bool = True) -> Database:
    """Open an existing file: probe read-only, then open, back up and migrate if needed."""
    if not path.exists():
        raise DatabaseOpenError(f"Die Datei {path} gibt es nicht.")
    if path.stat().st_size == 0:
        raise CorruptDatabaseError(f"Die Datei {path.name} ist leer und keine Lotsen-Datenbank.")
    revision, has_tables = _probe(path, password)
    _check_revision(path, revision, has_tables)
    plain = is_plain_sqlite(path)
    key = None if plain else password
    _owner_only(path)
    engine = make_engine(path, key)
    database = Database(path=path, engine=engine, encrypted=not plain, _key=key)
    if not has_tables:
        _create_schema(engine)
    elif migrate and revision != head_revision():
        database.backup_made = backup_next_to(path, engine, f"vor-migration-{revision}")
        upgrade(database)
    return database


@dataclass(frozen=True)
class CheckReport:
    ok: bool
    messages: list[str]


def check_database(path: Path, password: str | None) -> CheckReport:
    """Full integrity check and schema comparison, read-only throughout."""
    if not path.exists():
        return CheckReport(False, [f"Die Datei {path} gibt es nicht."])
    if path.stat().st_size == 0:
        return CheckReport(False, [f"Die Datei {path.name} ist leer und keine Lotsen-Datenbank."])
    try:
        revision, has_tables = _probe(path, password)
        _check_revision(path, revision, has_tables)
    except DatabaseOpenError as error:
        return CheckReport(False, [str(error)])
    plain = is_plain_sqlite(path)
    engine = make_engine(path, None if plain else password, read_only=True)
    messages = [f"Datei: {path}", "Verschlüsselt: " + ("nein" if plain else "ja (SQLCipher)")]
    try:
        with engine.connect() as connection:
            problems = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")]
            fk_problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            names = set(inspect(connection).get_table_names())
    finally:
        engine.dispose()
    ok = problems == ["ok"] and not fk_problems
    messages.append(
        "Integrität: in Ordnung" if problems == ["ok"] else "Integrität: " + "; ".join(problems[:5])
    )
    if fk_problems:
        messages.append(f"Verweise: {len(fk_problems)} Einträge verweisen ins Leere")
    missing = sorted(set(Base.metadata.tables) - names)
    if not has_tables:
        messages.append("Schema: leer (wird beim ersten Öffnen angelegt)")
    elif revision == head_revision():
        messages.append(f"Schema: aktuell ({revision})")
    else:
        messages.append(
            f"Schema: {revision}, wird beim nächsten Öffnen auf {head_revision()} aktualisiert"
        )
    if has_tables and revision == head_revision() and missing:
        ok = False
        messages.append("Fehlende Tabellen: " + ", ".join(missing))
    return CheckReport(ok, messages)


CHECKPOINT_ATTEMPTS = 5
CHECKPOINT_BUSY_MS = 100


class FileNotCleanedError(DomainError):
    """The deletion is done, but the file could not be cleaned yet (another reader)."""

    def __init__(self) -> None:
        super().__init__(
            "Die Löschung ist erfolgt, aber die Datei konnte noch nicht bereinigt werden: ein "
            "anderes Programm liest gerade die Datenbank (zum Beispiel eine Sicherung mit "
            "„lotsen backup“). Die gelöschten Daten können noch in der Datei stehen, bis sie "
            "bereinigt ist. Bitte das andere Programm beenden und Lotsen einmal neu starten."
        )


def wipe_free_space(database: Database, *, vacuum: bool = True) -> None:
    """Make deleted content unreadable in the file: VACUUM (free space rebuilt, temp data in
    memory, not in a temp file) and an emptied write-ahead log (checkpoint TRUNCATE). SQLite
    only. Deleted rows themselves are zeroed by ``secure_delete`` (make_engine, every
    connection). Holds the file's maintenance lock (no backup of this process runs meanwhile).

    If another connection keeps reading, the log cannot be emptied: the checkpoint is tried a
    few times (about a second in all), then FileNotCleanedError is raised. What was deleted
    stays deleted; only the cleaning of the file is outstanding (it happens at the next wipe or
    when the last connection closes the file).
    """
    with (
        database.maintenance,
        database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection,
    ):
        if vacuum:
            connection.exec_driver_sql("PRAGMA temp_store = MEMORY")
            connection.exec_driver_sql("VACUUM")
        # TRUNCATE waits for readers through the busy handler: briefly, not 5 s per attempt.
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {CHECKPOINT_BUSY_MS}")
        try:
            for attempt in range(CHECKPOINT_ATTEMPTS):
                checkpoint = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                busy, _log, _done = checkpoint.one()
                if not busy:
                    return
                if attempt + 1 < CHECKPOINT_ATTEMPTS:
                    time.sleep(0.05 * (attempt + 1))
        finally:
            connection.exec_driver_sql(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    raise FileNotCleanedError()


def count_rows(database: Database, table: str) -> int:
    with database.engine.connect() as connection:
        return int(connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one())


def fsync_file(path: Path) -> None:
    """Force the file's content to disk (before it is renamed into place)."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable. Windows cannot open folders; NTFS journals renames."""
    if os.name == "nt":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def remove_wal_files(path: Path) -> None:
    """Delete a -wal/-shm left beside ``path``: applied to a replaced file they would corrupt it."""
    for companion in _wal_files(path):
        companion.unlink(missing_ok=True)


def sql_literal(text_value: str) -> str:
    """``text_value`` as an SQL string literal (for PRAGMA key, which takes no parameters)."""
    return "'" + text_value.replace("'", "''") + "'"


def raw_connection(path: Path, key: str | None) -> Any:
    """A plain DB-API connection through SQLCipher (reads plain files too), in autocommit mode."""
    connection = sqlcipher3.connect(
        str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    connection.execute("PRAGMA cipher_log_level = NONE")
    if key is not None:
        connection.execute(f"PRAGMA key = {sql_literal(key)}")
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return connection


def password_matches(path: Path, password: str | None) -> bool:
    """Does ``password`` open ``path``? Cheap: reads sqlite_master read-only, no integrity check.

    A plain file has no password: it matches None (and nothing else).
    """
    if is_plain_sqlite(path):
        return password is None
    if not password:
        return False
    engine = make_engine(path, password, read_only=True)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
        return True
    except SADatabaseError:
        return False
    finally:
        engine.dispose()


def _table_counts(connection: Any, schema: str = "main") -> dict[str, int]:
    names = [
        row[0]
        for row in connection.execute(
            f"SELECT name FROM {schema}.sqlite_master "
            "WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {
        name: int(connection.execute(f'SELECT count(*) FROM {schema}."{name}"').fetchone()[0])
        for name in names
    }


def change_password(database: Database, old: str | None, new: str) -> Database:
    """Re-key ``database`` so that only ``new`` opens it; returns it reopened (encrypted).

    ``old`` must open the file (None only for a plain file, which becomes encrypted). The data
    is exported with the new key into a file beside the database (sqlcipher_export, under a
    write lock), checked, synced and only then renamed over the old file: a crash at any moment
    leaves either the old file (old password) or the new one (new password), never neither.
    ``PRAGMA rekey`` is not used: it cannot encrypt a plain file, and it rewrites the file in
    place under connections that still hold the old key. The file's maintenance lock is held
    throughout: a backup or free-space wipe of this process started meanwhile waits and then
    works on the re-keyed file. ``database`` itself is re-pointed at the re-keyed file and returned, so
    services built on it keep working.
    """
    with database.maintenance:
        return _change_password(database, old, new)


def _change_password(database: Database, old: str | None, new: str) -> Database:
    path = database.path
    plain = is_plain_sqlite(path)
    if plain:
        if old:
            raise WrongPasswordError()
    elif not old or not password_matches(path, old):
        raise WrongPasswordError()
    problem = validate_new_password(new, new)
    if problem is not None:
        raise ValidationError({"password": problem})

    descriptor, temp_name = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.neu-", suffix=".tmp"
    )
    os.close(descriptor)
    temp = Path(temp_name)
    try:
        database.engine.dispose()
        source = raw_connection(path, None if plain else old)
        try:
            source.execute("ATTACH DATABASE ? AS rekeyed KEY ?", (str(temp), new))
            source.execute("BEGIN IMMEDIATE")
            try:
                source.execute("SELECT sqlcipher_export('rekeyed')")
                expected = _table_counts(source)
                copied = _table_counts(source, "rekeyed")
            finally:
                source.execute("COMMIT")
            source.execute("DETACH DATABASE rekeyed")
            if copied != expected:
                raise DatabaseOpenError(
                    "Das Passwort wurde nicht geändert: die neu verschlüsselte Kopie ist "
                    "unvollständig. Die Datenbank ist unverändert."
                )
            # Nothing may stay in the write-ahead log of the old file: it is deleted below.
            source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            source.close()
        check = make_engine(temp, new, read_only=True)
        try:
            with check.connect() as connection:
                verdict = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")]
        finally:
            check.dispose()
        if verdict != ["ok"]:
            raise DatabaseOpenError(
                "Das Passwort wurde nicht geändert: die neu verschlüsselte Kopie ist fehlerhaft. "
                "Die Datenbank ist unverändert."
            )
        fsync_file(temp)
        remove_wal_files(path)
        os.replace(temp, path)
        fsync_folder(path.parent)
    except OSError as error:
        raise DatabaseOpenError(
            "Das Passwort wurde nicht geändert, die Datenbank ist unverändert: "
            f"{error.strerror or error}."
        ) from None
    except (SADatabaseError, sqlcipher3.Error):
        raise DatabaseOpenError(
            "Das Passwort wurde nicht geändert, die Datenbank ist unverändert."
        ) from None
    finally:
        with suppress(OSError):
            temp.unlink(missing_ok=True)
    database._take_over(open_database(path, new))
    return database
