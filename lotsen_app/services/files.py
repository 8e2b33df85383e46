"""Files the user asked for (calendar, directory, reports): written whole or not at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from lotsen_app.domain.errors import DomainError


def _temp_beside(path: Path, data: bytes) -> str:
    """``data`` in a hidden file beside ``path``, flushed to disk; returns its name. OSError
    as raised (the hidden file removed); nothing goes to the system's temp folder."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return temporary


def write_atomically(path: Path, data: bytes) -> None:
    """A temporary file beside the target, flushed to disk, then one rename.

    Raises DomainError with a German message; no temporary file is left behind.
    """
    try:
        temporary = _temp_beside(path, data)
    except OSError as error:
        raise DomainError(
            f"In den Ordner {path.parent} kann nicht geschrieben werden "
            f"({error.strerror or error})."
        ) from None
    try:
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise DomainError(
            f"Die Datei {path.name} kann nicht geschrieben werden ({error.strerror or error})."
        ) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_all_atomically(files: Sequence[tuple[Path, bytes]]) -> None:
    """Several files: each first to a hidden file beside it, then all renamed into place, so
    each one is whole or untouched. On an error the hidden files go and the OSError is raised."""
    written: list[tuple[str, Path]] = []
    try:
        for path, content in files:
            written.append((_temp_beside(path, content), path))
        for temporary, path in written:
            os.replace(temporary, path)
    except BaseException:
        for temporary, _path in written:
            Path(temporary).unlink(missing_ok=True)
        raise
