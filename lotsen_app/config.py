"""Paths and settings that do not live in the database. No Qt here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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
