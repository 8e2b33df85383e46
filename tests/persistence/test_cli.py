"""The ``lotsen`` command as a coordinator's script would use it (real subprocesses)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from lotsen_app import __version__
from lotsen_app.domain.clients import ClientInput
from lotsen_app.persistence.database import create_database
from lotsen_app.services.container import Services
from tests.conftest import fixed_clock


def lotsen(
    *args: str, password: str | None = None, timeout: int = 120
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "LOTSEN_PASSWORD"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    if password is not None:
        env["LOTSEN_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "lotsen_app", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def _encrypted(tmp_path: Path) -> Path:
    path = tmp_path / "geheim.db"
    database = create_database(path, "richtig-geheim")
    Services.build(database, fixed_clock).clients.create(ClientInput("Olena", "Iwanowa"))
    database.close()
    return path


def test_version() -> None:
    result = lotsen("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"lotsen {__version__}"


def test_check_healthy_plain_file(tmp_path: Path) -> None:
    path = tmp_path / "ok.db"
    create_database(path).close()
    result = lotsen("check", "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert "Integrität: in Ordnung" in result.stdout and "Schema: aktuell" in result.stdout


def test_check_encrypted_needs_the_password(tmp_path: Path) -> None:
    path = _encrypted(tmp_path)
    missing = lotsen("check", "--db", str(path))
    assert missing.returncode != 0 and "LOTSEN_PASSWORD" in missing.stderr
    wrong = lotsen("check", "--db", str(path), password="falsch")
    assert wrong.returncode == 1 and "Passwort ist falsch" in wrong.stdout
    right = lotsen("check", "--db", str(path), password="richtig-geheim")
    assert right.returncode == 0 and "Verschlüsselt: ja" in right.stdout
    for result in (missing, wrong, right):
        assert "Traceback" not in result.stderr


def test_check_refuses_junk_without_touching_it(tmp_path: Path) -> None:
    path = tmp_path / "kaputt.db"
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 40)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    result = lotsen("check", "--db", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "NICHT in Ordnung" in result.stdout
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kaputt.db"]


def test_check_missing_file(tmp_path: Path) -> None:
    result = lotsen("check", "--db", str(tmp_path / "fehlt.db"))
    assert result.returncode == 1 and "gibt es nicht" in result.stderr
    assert not (tmp_path / "fehlt.db").exists()


def test_screenshot_of_an_encrypted_database(tmp_path: Path) -> None:
    path = _encrypted(tmp_path)
    shot = tmp_path / "fenster.png"
    result = lotsen("--db", str(path), "--screenshot", str(shot), password="richtig-geheim")
    assert result.returncode == 0, result.stderr
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 10_000


def test_wrong_password_neither_crashes_nor_creates_files(tmp_path: Path) -> None:
    path = _encrypted(tmp_path)
    before = (
        sorted(p.name for p in tmp_path.iterdir()),
        hashlib.sha256(path.read_bytes()).hexdigest(),
    )
    shot = tmp_path / "fenster.png"
    result = lotsen("--db", str(path), "--screenshot", str(shot), password="falsch")
    assert result.returncode == 1
    assert "Passwort ist falsch" in result.stderr and "Traceback" not in result.stderr
    after = (
        sorted(p.name for p in tmp_path.iterdir()),
        hashlib.sha256(path.read_bytes()).hexdigest(),
    )
    # Only the (empty) lock file of the second-instance check may be new: no data in it.
    lock = tmp_path / "geheim.db.lock"
    assert after == (sorted([*before[0], lock.name]), before[1])
    assert lock.stat().st_size == 0


def test_demo_screenshot(tmp_path: Path) -> None:
    shot = tmp_path / "demo.png"
    result = lotsen("--demo", "--screenshot", str(shot))
    assert result.returncode == 0, result.stderr
    assert shot.stat().st_size > 10_000


def test_unknown_subcommand_option_is_a_usage_error(tmp_path: Path) -> None:
    result = lotsen("check")
    assert result.returncode == 2 and "--db" in result.stderr
