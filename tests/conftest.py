"""Shared fixtures: a fresh database file and services per test, a fixed clock, Qt offscreen."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from lotsen_app.persistence.database import Database, create_database
from lotsen_app.services.container import Services

FIXED_NOW = datetime(2026, 11, 21, 10, 30)


def fixed_clock() -> datetime:
    return FIXED_NOW


@pytest.fixture(autouse=True)
def _private_config_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> None:
    """Settings outside the database (the backup folder) go to a folder of the test, never
    into the real user's configuration."""
    monkeypatch.setenv("LOTSEN_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = create_database(tmp_path / "lotsen.db")
    yield db
    db.close()


@pytest.fixture
def services(database: Database) -> Services:
    return Services.build(database, fixed_clock)
