"""Backups of the database file: written atomically, checked, rotated, restored.

A backup is a consistent snapshot (``VACUUM INTO`` in one read transaction, so it can be taken
while the program writes through other connections), encrypted with the database's own key (a
plain database gives a plain backup). It is written to a temporary file in the target folder,
synced, checked (opens with the key, ``PRAGMA integrity_check``) and only then renamed onto the
target: a crash or a full disk leaves the previous backup, never half a file.

Backup files are named after the database file and its random id (``lotsen-3f9a0c1e-sicherung-
2026-11-21.db``): the id is stored in the database (setting ``datenbank_kennung``) and remembered
in the settings file beside the path, so that two databases called ``lotsen.db`` sharing one
folder (one USB stick for two guides) never list, rotate or offer each other's backups. Files
named the older way, without an id, still count as this database's.

Writing, restoring (and, in database.py, re-keying and wiping) hold the file's maintenance lock.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from sqlalchemy.exc import DatabaseError as SADatabaseError

from lotsen_app.config import database_id_for, remember_database_id
from lotsen_app.domain.errors import DomainError
from lotsen_app.persistence.database import (
    SQLITE_HEADER,
    Database,
    fsync_file,
    fsync_folder,
    is_plain_sqlite,
    known_revisions,
    maintenance_lock,
    make_engine,
    remove_wal_files,
)
from lotsen_app.persistence.repositories import SettingRepository

#: Rotation: the newest daily files, and of the older ones the newest file per ISO week.
KEEP_DAILY = 7
KEEP_WEEKLY = 4
#: Temporary files of an interrupted backup older than this are removed by the next backup.
STALE_TEMP_SECONDS = 3600
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
#: The setting (in the database) holding the database's id; 8 hex digits.
DATABASE_ID_SETTING = "datenbank_kennung"
_ID_PATTERN = re.compile(r"^[0-9a-f]{8}$")


class BackupError(DomainError):
    """A backup cannot be written, checked or restored; the message says why, in German."""


@dataclass(frozen=True)
class BackupFile:
    path: Path
    day: date
    size: int


def _valid_id(value: str | None) -> str | None:
    return value if value is not None and _ID_PATTERN.match(value) else None


def database_id(database: Database) -> str:
    """The random id of ``database`` (it names its backups), created on first use.

    Read from the database; a database without one (new, or restored from a backup made before
    ids existed) takes the id the settings file remembers for its path, else a new random one,
    and stores it. The settings file is brought up to date with the database's id: moved or
    replaced files bring their own id along.
    """
    with database.session() as session:
        stored = _valid_id(SettingRepository(session).get(DATABASE_ID_SETTING).strip())
    if stored is None:
        with database.maintenance, database.session() as session:
            settings = SettingRepository(session)
            stored = _valid_id(settings.get(DATABASE_ID_SETTING).strip())
            if stored is None:
                stored = _valid_id(database_id_for(database.path)) or secrets.token_hex(4)
                settings.set(DATABASE_ID_SETTING, stored)
    if database_id_for(database.path) != stored:
        # The id is in the database; the settings file only holds the spare copy.
        with contextlib.suppress(OSError):
            remember_database_id(database.path, stored)
    return stored


def backup_name(db_path: Path, day: date, database_id: str | None = None) -> str:
    """``lotsen.db`` with id ``3f9a0c1e`` on 2026-11-21 → ``lotsen-3f9a0c1e-sicherung-2026-11-21.db``;
    without an id the older name ``lotsen-sicherung-2026-11-21.db``."""
    middle = f"-{database_id}" if database_id else ""
    return f"{db_path.stem}{middle}-sicherung-{day.isoformat()}.db"


def _name_pattern(db_path: Path) -> re.Pattern[str]:
    """Group 1: the database id (None for the older names), group 2: the day."""
    return re.compile(
        rf"^{re.escape(db_path.stem)}(?:-([0-9a-f]{{8}}))?-sicherung-(\d{{4}}-\d{{2}}-\d{{2}})\.db$"
    )


def _os_problem(error: OSError) -> str:
    return str(error.strerror or error)


def _error_code(error: BaseException) -> int | None:
    """SQLite's primary result code behind a (SQLAlchemy-wrapped) driver error."""
    code = getattr(getattr(error, "orig", error), "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def _is_disk_full(error: BaseException) -> bool:
    if isinstance(error, OSError):
        return error.errno == errno.ENOSPC
    return _error_code(error) == _SQLITE_FULL or "disk is full" in str(error)


def _remove_stale_temps(folder: Path, name: str) -> None:
    now = time.time()
    # The temp files of a killed backup, and the journal SQLite may have left beside one.
    for leftover in folder.glob(f".{name}.*.tmp*"):
        try:
            if now - leftover.stat().st_mtime > STALE_TEMP_SECONDS:
                leftover.unlink()
        except OSError:
            pass


def _temp_beside(target: Path, label: str) -> Path:
    descriptor, temp_name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.{label}-", suffix=".tmp"
    )
    os.close(descriptor)
    return Path(temp_name)


def write_backup(database: Database, target: Path) -> Path:
    """Write a checked snapshot of ``database`` to ``target`` (atomically); returns ``target``.

    Holds the file's maintenance lock: started during a password change, it waits and then
    writes a backup with the new password."""
    with database.maintenance:
        return _write_backup(database, target)


def _write_backup(database: Database, target: Path) -> Path:
    folder = target.parent
    if not folder.is_dir():
        raise BackupError(
            f"Den Ordner {folder} für die Sicherung gibt es nicht. "
            "Ist zum Beispiel der USB-Stick eingesteckt?"
        )
    if target.is_dir():
        raise BackupError(f"{target} ist ein Ordner; bitte einen Dateinamen angeben.")
    if target.exists() and target.resolve() == database.path.resolve():
        raise BackupError("Die Sicherung darf nicht die Datenbank selbst überschreiben.")
    _remove_stale_temps(folder, target.name)
    try:
        temp = _temp_beside(target, "neu")
    except OSError as error:
        raise BackupError(
            f"In den Ordner {folder} kann keine Sicherung geschrieben werden "
            f"({_os_problem(error)})."
        ) from None
    try:
        with database.engine.connect() as connection:
            connection.exec_driver_sql("VACUUM INTO ?", (str(temp),))
        fsync_file(temp)
        _check(temp, database._key)
        os.replace(temp, target)
        fsync_folder(folder)
    except (OSError, SADatabaseError) as error:
        if _is_disk_full(error):
            raise BackupError(
                f"Auf dem Laufwerk von {folder} ist nicht genug Platz für die Sicherung. "
                "Die bisherige Sicherung ist unverändert."
            ) from None
        problem = _os_problem(error) if isinstance(error, OSError) else "Datenbankfehler"
        raise BackupError(
            f"Die Sicherung nach {target} ist fehlgeschlagen ({problem}). "
            "Die bisherige Sicherung ist unverändert."
        ) from None
    except BackupError as error:
        raise BackupError(
            f"Die eben geschriebene Sicherung war fehlerhaft und wurde verworfen: {error}"
        ) from None
    finally:
        temp.unlink(missing_ok=True)
    return target


def _check(path: Path, password: str | None) -> str:
    """The schema revision of the file at ``path``, or BackupError saying what is wrong."""
    name = path.name
    size = path.stat().st_size
    if size == 0:
        raise BackupError(f"Die Sicherung {name} ist leer.")
    if size < len(SQLITE_HEADER) or size < 512:
        raise BackupError(f"Die Sicherung {name} ist unvollständig (abgeschnitten).")
    plain = is_plain_sqlite(path)
    if plain and password is not None:
        raise BackupError(
            f"Die Sicherung {name} ist nicht verschlüsselt (von vor dem Passwort), die Datenbank "
            "aber schon: zurückgespielt wäre alles ohne Passwort lesbar. Bitte eine neuere "
            "Sicherung wählen."
        )
    if not plain and password is None:
        raise BackupError(
            f"Die Sicherung {name} ist verschlüsselt (oder keine Lotsen-Sicherung). "
            "Bitte das Passwort angeben."
        )
    damaged = BackupError(
        f"Die Sicherung {name} ist beschädigt (die Prüfung ist fehlgeschlagen) und kann nicht "
        "zurückgespielt werden."
    )
    engine = make_engine(path, None if plain else password, read_only=True)
    try:
        with engine.connect() as connection:
            try:
                # Only the first page: the key is checked before the file's length is.
                page_size = int(connection.exec_driver_sql("PRAGMA page_size").scalar_one())
                pages = int(connection.exec_driver_sql("PRAGMA page_count").scalar_one())
            except SADatabaseError as error:
                if plain:
                    raise damaged from None
                if _error_code(error) == _SQLITE_CORRUPT:  # the key fits, the file is short
                    raise BackupError(
                        f"Die Sicherung {name} ist unvollständig (abgeschnitten) oder beschädigt."
                    ) from None
                raise BackupError(
                    f"Das Passwort passt nicht zur Sicherung {name} (oder die Datei ist keine "
                    "Lotsen-Sicherung)."
                ) from None
            if size < page_size * pages:
                raise BackupError(f"Die Sicherung {name} ist unvollständig (abgeschnitten).")
            try:
                verdict = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")]
                if verdict != ["ok"]:
                    raise damaged
                revision = MigrationContext.configure(connection).get_current_revision()
            except SADatabaseError:
                raise damaged from None
    finally:
        engine.dispose()
    if revision is None:
        raise BackupError(f"Die Datei {name} ist keine Lotsen-Sicherung.")
    if revision not in known_revisions():
        raise BackupError(
            f"Die Sicherung {name} stammt von einer neueren Version des Programms (Schema "
            f"{revision}). Bitte zuerst das Programm aktualisieren."
        )
    return revision


def verify_backup(path: Path, password: str | None) -> str:
    """Check that ``path`` is a whole Lotsen backup that ``password`` opens; its schema revision."""
    if not path.exists():
        raise BackupError(f"Die Sicherung {path} gibt es nicht.")
    if path.is_dir():
        raise BackupError(f"{path} ist ein Ordner, keine Sicherung.")
    try:
        return _check(path, password)
    except OSError as error:
        raise BackupError(
            f"Die Sicherung {path} kann nicht gelesen werden ({_os_problem(error)})."
        ) from None


def _keep_copy(source: Path, kept: Path) -> None:
    """``kept`` holds what ``source`` holds now: a hard link where possible, else a copy."""
    try:
        os.link(source, kept)
    except OSError:
        shutil.copy2(source, kept)
        fsync_file(kept)


def _kept_name(target: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = target.with_name(f"{target.name}.vor-wiederherstellung-{stamp}.bak")
    number = 2
    while kept.exists():
        kept = target.with_name(f"{target.name}.vor-wiederherstellung-{stamp}-{number}.bak")
        number += 1
    return kept


def restore_backup(backup: Path, target: Path, password: str | None) -> Path | None:
    """Put a checked ``backup`` in place of ``target`` (closed by the caller).

    The previous file, if any, stays beside it as ``<name>.vor-wiederherstellung-<stamp>.bak``
    (returned, with its write-ahead log if it had one). Nothing changes unless the backup is
    whole and opens with ``password``; the restored file opens with that password. Holds the
    maintenance lock of ``target`` (waits for a backup of it running in this process).
    """
    with maintenance_lock(target):
        return _restore_backup(backup, target, password)


def _restore_backup(backup: Path, target: Path, password: str | None) -> Path | None:
    verify_backup(backup, password)
    if target.exists() and backup.resolve() == target.resolve():
        raise BackupError("Sicherung und Datenbank sind dieselbe Datei.")
    if target.is_dir():
        raise BackupError(f"{target} ist ein Ordner, keine Datenbankdatei.")
    kept: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = _temp_beside(target, "wiederherstellung")
    except OSError as error:
        raise BackupError(
            f"Im Ordner {target.parent} kann nicht geschrieben werden ({_os_problem(error)}). "
            "Es wurde nichts verändert."
        ) from None
    try:
        shutil.copyfile(backup, temp)
        fsync_file(temp)
        _check(temp, password)
        if target.exists():
            kept = _kept_name(target)
            _keep_copy(target, kept)
            wal = target.with_name(target.name + "-wal")
            if wal.exists() and wal.stat().st_size > 0:
                shutil.copy2(wal, kept.with_name(kept.name + "-wal"))
        remove_wal_files(target)
        os.replace(temp, target)
        fsync_folder(target.parent)
    except OSError as error:
        if kept is not None and target.exists():
            kept_note = f" Die bisherige Datei liegt zusätzlich als {kept.name} daneben."
        else:
            kept_note = ""
        raise BackupError(
            f"Die Sicherung konnte nicht zurückgespielt werden ({_os_problem(error)}). "
            f"{target.name} ist unverändert.{kept_note}"
        ) from None
    finally:
        temp.unlink(missing_ok=True)
    return kept


def list_backups(folder: Path, db_path: Path, database_id: str | None = None) -> list[BackupFile]:
    """The backups of ``db_path`` in ``folder`` (named by backup_name), newest first.

    These are the files with the database's id and the older ones without an id; files with
    another database's id are never listed. The id is ``database_id`` (from the open database,
    see database_id()) or, when not given, the one the settings file remembers for ``db_path``
    (the file may be damaged). When neither is known (a damaged file and the settings file
    lost), every backup named after the file's stem is listed, whatever its id: as before ids
    existed, a backup of another database with the same file name may then be among them.
    """
    own = _valid_id(database_id) or _valid_id(database_id_for(db_path))
    pattern = _name_pattern(db_path)
    found: list[BackupFile] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for entry in entries:
        match = pattern.match(entry.name)
        if match is None or (own is not None and match.group(1) not in (None, own)):
            continue
        try:
            day = date.fromisoformat(match.group(2))
            if not entry.is_file():
                continue
            size = entry.stat().st_size
        except (ValueError, OSError):
            continue
        found.append(BackupFile(path=entry, day=day, size=size))
    found.sort(key=lambda backup: backup.day, reverse=True)
    return found


def backups_to_keep(backups: list[BackupFile], today: date) -> set[Path]:
    """The rotation rule: the 7 newest daily files, and of the older ones the newest file of
    each of the 4 most recent ISO weeks. Files dated after ``today`` (a wrong clock) are kept
    and do not count."""
    keep = {backup.path for backup in backups if backup.day > today}
    dated = sorted(
        (backup for backup in backups if backup.day <= today),
        key=lambda backup: backup.day,
        reverse=True,
    )
    keep.update(backup.path for backup in dated[:KEEP_DAILY])
    weeks: set[tuple[int, int]] = set()
    for backup in dated[KEEP_DAILY:]:
        week = backup.day.isocalendar()[:2]
        if week in weeks:
            continue
        if len(weeks) == KEEP_WEEKLY:
            break
        weeks.add(week)
        keep.add(backup.path)
    return keep


def rotate_backups(
    folder: Path, db_path: Path, today: date, database_id: str | None = None
) -> list[Path]:
    """Delete the backups the rotation rule does not keep (of those list_backups lists: never
    another database's); returns the deleted files."""
    backups = list_backups(folder, db_path, database_id)
    keep = backups_to_keep(backups, today)
    removed: list[Path] = []
    for backup in backups:
        if backup.path in keep:
            continue
        try:
            backup.path.unlink()
        except OSError:
            continue
        removed.append(backup.path)
    return removed


def newest_good_backup(
    folder: Path, db_path: Path, password: str | None, database_id: str | None = None
) -> BackupFile | None:
    """The newest backup of ``db_path`` in ``folder`` (as list_backups finds them: with a damaged
    file, by the id the settings file remembers) that is whole and opens with ``password``."""
    for backup in list_backups(folder, db_path, database_id):
        try:
            verify_backup(backup.path, password)
        except BackupError:
            continue
        return backup
    return None


def overwrite_and_delete(path: Path, *, unless_same_as: Path | None = None) -> None:
    """Overwrite the file's bytes with zeros (synced), then delete it: a readable copy should
    not stay in the free blocks of the disk as easily. (Flash memory and copy-on-write file
    systems may still keep old blocks; the file is gone either way.) A file that is the same
    as ``unless_same_as`` (a hard link to the database) is only unlinked, never zeroed."""
    try:
        if unless_same_as is not None and unless_same_as.exists() and path.samefile(unless_same_as):
            path.unlink(missing_ok=True)
            return
        size = path.stat().st_size
        with path.open("r+b") as handle:
            chunk = bytes(min(size, 1024 * 1024))
            left = size
            while left > 0:
                step = min(left, len(chunk))
                handle.write(chunk[:step])
                left -= step
            handle.flush()
            os.fsync(handle.fileno())
    except FileNotFoundError:
        return
    except OSError:
        pass  # read-only file or medium: deleting it is still better than keeping it
    path.unlink(missing_ok=True)
