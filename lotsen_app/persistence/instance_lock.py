"""One program at a time per database file: a second window gets a clear message.

The lock is an operating-system lock on ``<database>.lock`` (filelock): it is released by
``release()`` and, should the program crash, by the operating system when the process ends, so a
stale lock file never blocks the next start.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

from filelock import FileLock, Timeout

from lotsen_app.persistence.database import DatabaseOpenError


class AlreadyOpenError(DatabaseOpenError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"Die Datenbank {name} ist schon in einem anderen Lotsen-Fenster geöffnet. "
            "Bitte dort weiterarbeiten oder es zuerst schließen."
        )


def lock_path_for(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


class InstanceLock:
    """Held while this process works on the database; also a context manager."""

    def __init__(self, path: Path, lock: FileLock) -> None:
        self.path = path
        self._lock = lock

    @property
    def held(self) -> bool:
        return self._lock.is_locked

    def release(self) -> None:
        if self._lock.is_locked:
            self._lock.release(force=True)

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()


def lock_database_file(path: Path) -> InstanceLock:
    """Take the lock for ``path`` at once, or raise AlreadyOpenError (German message)."""
    # Not thread-local: the GUI may release it from another thread than the one that took it.
    lock = FileLock(str(lock_path_for(path)), timeout=0, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise AlreadyOpenError(path.name) from None
    except OSError as error:
        raise DatabaseOpenError(
            f"Die Datenbank {path.name} kann nicht gesperrt werden: im Ordner {path.parent} "
            f"darf das Programm nicht schreiben ({error.strerror or error})."
        ) from None
    return InstanceLock(path, lock)
