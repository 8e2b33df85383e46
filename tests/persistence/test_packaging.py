"""``pip install .`` must carry everything the program reads at run time: migrations,
reference data and resources live outside the package in the source tree."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [built] = out.glob("lotsen-*.whl")
    return zipfile.ZipFile(built)


def test_wheel_ships_migrations_reference_data_and_resources(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    for migration in (ROOT / "db" / "versions").glob("*.py"):
        assert f"lotsen_app/_db/versions/{migration.name}" in names
    for needed in (
        "lotsen_app/_db/env.py",
        "lotsen_app/_db/script.py.mako",
        "lotsen_app/_db/reference/districts.csv",
        "lotsen_app/_resources/icons/lotsen.svg",
        "lotsen_app/__main__.py",
    ):
        assert needed in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "lotsen = lotsen_app.__main__:main" in wheel.read(entry_points).decode()
    assert not any(name.endswith((".db", ".pyc")) or "/tests/" in name for name in names)
