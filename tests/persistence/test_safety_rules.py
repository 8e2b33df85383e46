"""Rules found in review: the consent in force decides about health; backups from before the
password are not trusted (nor kept) once there is one; people erased after a backup was made are
erased again when it is restored; an erased interpreter's name goes from a relative's appointment."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from lotsen_app.domain.appointments import NewAppointment
from lotsen_app.domain.casework import NewContact
from lotsen_app.domain.clients import ClientInput
from lotsen_app.domain.consent import NewConsent
from lotsen_app.domain.enums import ContactKind, Topic
from lotsen_app.domain.errors import ValidationError
from lotsen_app.domain.guides import GuideInput
from lotsen_app.letters import consent_version
from lotsen_app.persistence.backup import BackupError, restore_backup
from lotsen_app.persistence.database import (
    change_password,
    create_database,
    is_plain_sqlite,
    open_database,
)
from lotsen_app.services.container import Services
from lotsen_app.services.privacy import AuditFilter, PrivacyService
from tests.conftest import fixed_clock


def test_a_later_consent_without_health_ends_the_earlier_health_consent(
    services: Services,
) -> None:
    client_id = services.clients.create(ClientInput("Amal", "Haddad"))
    for day, health in ((date(2026, 10, 1), True), (date(2026, 11, 2), False)):
        services.consent.record(
            NewConsent(
                client_id=client_id,
                given_on=day,
                sheet_version=consent_version(),
                sheet_language="de",
                health_allowed=health,
            )
        )
    assert not services.consent.current(client_id).health_allowed  # type: ignore[union-attr]
    assert not services.consent.health_allowed([client_id])
    with pytest.raises(ValidationError):
        services.casework.record_contact(
            NewContact(
                occurred_on=date(2026, 11, 10),
                duration_minutes=30,
                kind=ContactKind.HOME_VISIT,
                client_ids=(client_id,),
                topics=(Topic.HEALTH,),
            )
        )


def test_backups_from_before_the_password_are_refused_and_deleted(tmp_path: Path) -> None:
    database = create_database(tmp_path / "lotsen.db")
    services = Services.build(database, fixed_clock)
    services.clients.create(ClientInput("Amal", "Haddad"))
    today = services.backups.backup_now()
    plain = today.with_name("lotsen-sicherung-2026-11-20.db")  # yesterday's, still readable
    plain.write_bytes(today.read_bytes())
    assert is_plain_sqlite(plain)

    change_password(database, None, "neues-geheimnis")
    with pytest.raises(BackupError, match="nicht verschlüsselt"):
        services.backups.check(plain)

    # The GUI's "password changed": a new encrypted backup, then the readable ones go.
    target = services.backups.backup_now()
    removed = services.backups.drop_unencrypted()
    assert removed == [plain]
    assert [backup.path for backup in services.backups.backups()] == [target]
    assert not is_plain_sqlite(target) and b"Haddad" not in target.read_bytes()
    database.close()


def test_people_erased_after_the_backup_are_erased_again_after_a_restore(
    tmp_path: Path,
) -> None:
    path = tmp_path / "lotsen.db"
    database = create_database(path)
    services = Services.build(database, fixed_clock)
    gone = services.clients.create(ClientInput("Quirinella", "Zyxwäbrodt"))
    kept = services.clients.create(ClientInput("Olena", "Iwanowa"))
    backup = services.backups.backup_now()
    services.privacy.erase([gone], confirmed_count=1)
    database.close()

    restore_backup(backup, path, None)
    restored = open_database(path)
    assert Services.build(restored, fixed_clock).clients.exists(gone)  # back from the backup
    again = PrivacyService(restored, fixed_clock).reapply_erasures()
    assert again.erased == 1
    services = Services.build(restored, fixed_clock)
    assert not services.clients.exists(gone) and services.clients.exists(kept)
    restored.close()
    assert "Zyxwäbrodt".encode() not in path.read_bytes()


def test_an_erased_interpreters_name_goes_from_a_relatives_appointment(
    services: Services,
) -> None:
    interpreter = services.clients.create(ClientInput("Quirinella", "Zyxwäbrodt"))
    sister = services.clients.create(ClientInput("Olena", "Iwanowa"))
    appointment_id = services.appointments.create(
        NewAppointment(
            client_ids=(sister,),
            starts_at=datetime(2026, 12, 1, 9, 0),
            place="Rathaus",
            room="Zimmer von Quirinella Zyxwäbrodt",
            guide_id=services.guides.create(GuideInput("Anna", "Schmidt")),
            interpreter_name="Quirinella Zyxwäbrodt",
            interpreter_language="uk",
        )
    )
    services.privacy.erase([interpreter], confirmed_count=1)
    row = services.appointments.get(appointment_id)
    assert "Zyxwäbrodt" not in row.interpreter_name and "Zyxwäbrodt" not in row.room


def test_the_access_export_names_the_authority_of_an_appointment(
    services: Services, tmp_path: Path
) -> None:
    """Found by a walkthrough: an appointment at an authority broke the export."""
    from lotsen_app.domain.appointments import AuthorityData

    client_id = services.clients.create(ClientInput("Amal", "Haddad"))
    authority = services.authorities.save(AuthorityData("Jobcenter Mitte (Beispiel)"))
    services.appointments.create(
        NewAppointment(
            client_ids=(client_id,),
            starts_at=datetime(2026, 12, 1, 9, 0),
            authority_id=authority,
            guide_id=services.guides.create(GuideInput("Anna", "Schmidt")),
        )
    )
    export = services.access.export(client_id, tmp_path)
    assert "Jobcenter Mitte (Beispiel)" in export.json_path.read_text(encoding="utf-8")


def test_a_new_database_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "lotsen.db"
    create_database(path).close()
    assert path.stat().st_mode & 0o077 == 0


def test_setting_a_password_also_removes_readable_copies_beside_the_database(
    tmp_path: Path,
) -> None:
    path = tmp_path / "lotsen.db"
    database = create_database(path)
    services = Services.build(database, fixed_clock)
    services.clients.create(ClientInput("Amal", "Haddad"))
    first = services.backups.backup_now()
    database.close()
    restore_backup(first, path, None)  # keeps lotsen.db.vor-wiederherstellung-….bak, plain
    kept = list(tmp_path.glob("lotsen.db.vor-wiederherstellung-*.bak"))
    assert len(kept) == 1 and b"Haddad" in kept[0].read_bytes()
    database = open_database(path)
    services = Services.build(database, fixed_clock)
    change_password(database, None, "neues-geheimnis")
    services.backups.backup_now()
    removed = services.backups.drop_unencrypted()
    assert kept[0] in removed and not kept[0].exists()
    services.settings.record_database_event("geändert", "Passwort festgelegt")
    rows = services.privacy.audit_log(AuditFilter(entity="database"))
    assert any(row.detail == "Passwort festgelegt" for row in rows)
    database.close()
