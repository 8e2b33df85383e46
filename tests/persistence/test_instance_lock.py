"""GIVEN a database file WHEN a second program wants it THEN it gets a clear German message,
and the lock is free again after release or after the first process died."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lotsen_app.persistence.database import DatabaseOpenError
from lotsen_app.persistence.instance_lock import AlreadyOpenError, lock_database_file

MESSAGE = (
    "Die Datenbank lotsen.db ist schon in einem anderen Lotsen-Fenster geöffnet. "
    "Bitte dort weiterarbeiten oder es zuerst schließen."
)
TRY_LOCK = """
import sys
from pathlib import Path
from lotsen_app.persistence.instance_lock import AlreadyOpenError, lock_database_file
try:
    lock = lock_database_file(Path(sys.argv[1]))
except AlreadyOpenError as error:
    print("abgewiesen:", error, flush=True)
else:
    print("gesperrt", flush=True)
    if len(sys.argv) > 2:
        sys.stdin.readline()  # hold the lock until the parent kills us
"""


def _other_process(path: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-c", TRY_LOCK, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        encoding="utf-8",
    )
    return result.stdout.strip()


def test_a_second_lock_is_refused_in_this_and_another_process(tmp_path: Path) -> None:
    path = tmp_path / "lotsen.db"
    lock = lock_database_file(path)
    assert lock.held

    with pytest.raises(AlreadyOpenError) as caught:
        lock_database_file(path)
    assert str(caught.value) == MESSAGE
    assert isinstance(caught.value, DatabaseOpenError)
    assert _other_process(path) == f"abgewiesen: {MESSAGE}"

    lock.release()
    assert not lock.held
    assert _other_process(path) == "gesperrt"
    with lock_database_file(path) as again:
        assert again.held
    assert not again.held


def test_the_lock_is_free_once_the_holding_process_died(tmp_path: Path) -> None:
    path = tmp_path / "lotsen.db"
    holder = subprocess.Popen(
        [sys.executable, "-c", TRY_LOCK, str(path), "halten"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "gesperrt"
        with pytest.raises(AlreadyOpenError):
            lock_database_file(path)
    finally:
        holder.kill()  # SIGKILL: no chance to release
        holder.wait(timeout=30)
    assert (tmp_path / "lotsen.db.lock").exists()  # a stale file does not matter
    lock = lock_database_file(path)
    assert lock.held
    lock.release()


def test_a_folder_without_write_access_gives_a_german_message(tmp_path: Path) -> None:
    blocker = tmp_path / "datei"
    blocker.write_text("kein Ordner")
    with pytest.raises(DatabaseOpenError, match="kann nicht gesperrt werden"):
        lock_database_file(blocker / "lotsen.db")
