"""Paths and settings that do not live in the database. No Qt here."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "Lotsen"
DEFAULT_DB_NAME = "lotsen.db"
_PACKAGE_DIR = Path(__file__).resolve().parent


def shipped_dir(name: str) -> Path:
    """``db`` or ``resources``: inside the installed wheel, or at the top of a source tree."""
    installed = _PACKAGE_DIR / f"_{name}"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path

    @property
    def default_db(self) -> Path:
        return self.data_dir / DEFAULT_DB_NAME

    @classmethod
    def for_user(cls) -> AppPaths:
        return cls(data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)))


#: Overrides the folder of the settings file (tests, portable installations).
CONFIG_DIR_ENV = "LOTSEN_CONFIG_DIR"
BACKUP_FOLDER_NAME = "Sicherungen"
_SETTINGS_FILE = "einstellungen.json"
_BACKUP_FOLDERS_KEY = "sicherungsordner"


def config_dir() -> Path:
    """Where settings outside the database live: ``LOTSEN_CONFIG_DIR`` or the user's config dir."""
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def _settings_path() -> Path:
    return config_dir() / _SETTINGS_FILE


def _read_settings() -> dict[str, Any]:
    try:
        loaded = json.loads(_settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _write_settings(settings: dict[str, Any]) -> None:
    """Atomically: a crash leaves the old file or the new one."""
    path = _settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temp_name = tempfile.mkstemp(
        dir=path.parent, prefix=".einstellungen-", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(settings, handle, ensure_ascii=False, indent=2, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def _db_key(db_path: Path) -> str:
    return str(db_path.resolve())


def backup_folder_for(db_path: Path) -> Path:
    """The backup folder chosen for this database, else ``Sicherungen`` beside the file (for
    the default database: ``<data dir>/Sicherungen``). Another disk, a USB stick, is better:
    the settings page says so.

    Kept outside the database so that it is known when the database is damaged or locked.
    """
    folders = _read_settings().get(_BACKUP_FOLDERS_KEY)
    if isinstance(folders, dict):
        chosen = folders.get(_db_key(db_path))
        if isinstance(chosen, str) and chosen:
            return Path(chosen)
    return db_path.resolve().parent / BACKUP_FOLDER_NAME


def set_backup_folder_for(db_path: Path, folder: Path) -> None:
    settings = _read_settings()
    folders = settings.get(_BACKUP_FOLDERS_KEY)
    if not isinstance(folders, dict):
        folders = {}
    folders[_db_key(db_path)] = str(folder.expanduser().resolve())
    settings[_BACKUP_FOLDERS_KEY] = folders
    _write_settings(settings)


_ERASED_KEY = "geloeschte_nummern"


def erased_ids_for(db_path: Path) -> set[int]:
    """Numbers of the people erased from this database (numbers only, no names): a restored
    backup still holds them, and they are erased again right after the restore."""
    erased = _read_settings().get(_ERASED_KEY)
    if not isinstance(erased, dict):
        return set()
    ids = erased.get(_db_key(db_path))
    return {int(i) for i in ids if isinstance(i, int)} if isinstance(ids, list) else set()


def remember_erased(db_path: Path, client_ids: set[int]) -> None:
    settings = _read_settings()
    erased = settings.get(_ERASED_KEY)
    if not isinstance(erased, dict):
        erased = {}
    key = _db_key(db_path)
    erased[key] = sorted(erased_ids_for(db_path) | client_ids)
    settings[_ERASED_KEY] = erased
    _write_settings(settings)


_DATABASE_IDS_KEY = "datenbank_kennungen"


def database_id_for(db_path: Path) -> str | None:
    """The random id last seen in the database at this path (it names the database's backups),
    kept here too so that it is known when the file is damaged or locked. None if unknown."""
    known = _read_settings().get(_DATABASE_IDS_KEY)
    if not isinstance(known, dict):
        return None
    found = known.get(_db_key(db_path))
    return found if isinstance(found, str) and found else None


def remember_database_id(db_path: Path, database_id: str) -> None:
    settings = _read_settings()
    known = settings.get(_DATABASE_IDS_KEY)
    if not isinstance(known, dict):
        known = {}
    known[_db_key(db_path)] = database_id
    settings[_DATABASE_IDS_KEY] = known
    _write_settings(settings)
