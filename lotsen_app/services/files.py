"""Files the user asked for (calendar, directory, reports): written whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from lotsen_app.domain.errors import DomainError


def write_atomically(path: Path, data: bytes) -> None:
    """A temporary file beside the target, flushed to disk, then one rename.

    Raises DomainError with a German message; no temporary file is left behind.
    """
    try:
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp"
        )
    except OSError as error:
        raise DomainError(
            f"In den Ordner {path.parent} kann nicht geschrieben werden "
            f"({error.strerror or error})."
        ) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise DomainError(
            f"Die Datei {path.name} kann nicht geschrieben werden ({error.strerror or error})."
        ) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
