"""Backups of the open database into a folder of the user's choice (a USB stick, say).

The folder is kept outside the database (config.backup_folder_for) so that it is known when the
database is damaged or locked. One file per day, replaced atomically by each backup of that day,
then rotated (7 daily, 4 weekly). Backups carry the database's own encryption and the
database's id in their name (see persistence/backup.py): another database's backups in the same
folder are left alone.

Writing a backup holds the file's maintenance lock for the whole of backup, rotation and audit
line, so that it never overlaps a password change or an erasure's wipe on another thread.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from lotsen_app.config import backup_folder_for, set_backup_folder_for
from lotsen_app.domain.errors import ValidationError
from lotsen_app.persistence.backup import (
    BackupError,
    BackupFile,
    backup_name,
    database_id,
    list_backups,
    overwrite_and_delete,
    rotate_backups,
    verify_backup,
    write_backup,
)
from lotsen_app.persistence.database import is_plain_sqlite
from lotsen_app.persistence.repositories import record_audit
from lotsen_app.services.base import Service

BACKUP_FOLDER_DETAIL = "Sicherungsordner"


def _check_writable(folder: Path) -> str | None:
    """A German message when ``folder`` cannot be created or written, else None."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return f"Der Ordner {folder} kann nicht angelegt werden ({error.strerror or error})."
    if not folder.is_dir():
        return f"{folder} ist kein Ordner."
    try:
        descriptor, probe = tempfile.mkstemp(dir=folder, prefix=".lotsen-probe-", suffix=".tmp")
        os.close(descriptor)
        os.unlink(probe)
    except OSError as error:
        return f"In den Ordner {folder} kann nicht geschrieben werden ({error.strerror or error})."
    return None


class BackupService(Service):
    def folder(self) -> Path:
        return backup_folder_for(self.database.path)

    def set_folder(self, folder: Path) -> None:
        folder = folder.expanduser()
        problem = _check_writable(folder)
        if problem is not None:
            raise ValidationError({"folder": problem})
        if folder.resolve() == self.folder().resolve():
            return
        try:
            set_backup_folder_for(self.database.path, folder)
        except OSError as error:
            raise ValidationError(
                {
                    "folder": "Die Einstellung kann nicht gespeichert werden "
                    f"({error.strerror or error})."
                }
            ) from None
        with self.database.session() as session:
            record_audit(
                session,
                at=self.now(),
                action="geändert",
                entity="setting",
                entity_id=None,
                detail=BACKUP_FOLDER_DETAIL,
            )

    def database_id(self) -> str:
        """This database's id (in its backups' names); created on first use."""
        return database_id(self.database)

    def backup_now(self) -> Path:
        """Write today's backup (replacing an earlier one of today), then rotate. Waits while a
        password change, a wipe or another backup of this file runs (maintenance lock)."""
        with self.database.maintenance:
            return self._backup_now()

    def _backup_now(self) -> Path:
        folder = self.folder()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise BackupError(
                f"Den Ordner {folder} für die Sicherungen gibt es nicht und er kann nicht "
                f"angelegt werden ({error.strerror or error}). Ist der USB-Stick eingesteckt?"
            ) from None
        today = self.today()
        own_id = self.database_id()
        target = write_backup(
            self.database, folder / backup_name(self.database.path, today, own_id)
        )
        rotate_backups(folder, self.database.path, today, own_id)
        with self.database.session() as session:
            record_audit(
                session,
                at=self.now(),
                action="gesichert",
                entity="database",
                entity_id=None,
                detail=target.name,
            )
        return target

    def backup_if_due(self) -> Path | None:
        """Back up unless today's backup exists already (for the start and a daily timer)."""
        with self.database.maintenance:
            today = backup_name(self.database.path, self.today(), self.database_id())
            if (self.folder() / today).is_file():
                return None
            return self.backup_now()

    def backups(self) -> list[BackupFile]:
        """This database's backups (with its id, or from before ids), newest first."""
        return list_backups(self.folder(), self.database.path, self.database_id())

    def last_backup(self) -> BackupFile | None:
        found = self.backups()
        return found[0] if found else None

    def check(self, backup: Path) -> str:
        """Whether ``backup`` is whole and opens with this database's password (its schema
        revision); BackupError in German otherwise. Used before a restore is offered."""
        try:
            return verify_backup(backup, self.database._key)
        except BackupError as error:
            if self.database.encrypted:
                raise BackupError(
                    f"{error} Eine Sicherung von vor einer Passwortänderung öffnet nur mit dem "
                    "früheren Passwort: dann bitte mit „lotsen restore“ zurückspielen."
                ) from None
            raise

    def drop_unencrypted(self) -> list[Path]:
        """After a password is first set: the backups from before it, and the copies kept beside
        the database, are readable by anyone who finds them. Once an encrypted backup exists,
        they are deleted: overwritten with zeros first (overwrite_and_delete)."""
        if not self.database.encrypted:
            return []
        found = self.backups()
        if not any(not is_plain_sqlite(backup.path) for backup in found):
            return []
        removed = []
        for backup in found:
            if is_plain_sqlite(backup.path):
                overwrite_and_delete(backup.path, unless_same_as=self.database.path)
                removed.append(backup.path)
        # The copies kept beside the database (before a restore or a migration) as well.
        db = self.database.path
        for kept in sorted(db.parent.glob(f"{db.name}.*.bak")):
            if kept.is_file() and is_plain_sqlite(kept):
                for part in (kept, kept.with_name(kept.name + "-wal")):
                    overwrite_and_delete(part, unless_same_as=db)
                removed.append(kept)
        if removed:
            with self.database.session() as session:
                record_audit(
                    session,
                    at=self.now(),
                    action="gelöscht",
                    entity="database",
                    entity_id=None,
                    detail=f"{len(removed)} unverschlüsselte Sicherungen",
                )
        return removed
