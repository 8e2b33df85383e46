"""GIVEN an appointment whose place names a person WHEN the reminder announces it THEN the text
shows that person's initials only (the tray popup may be read by anyone in the room)."""

from __future__ import annotations

from datetime import datetime

from lotsen_app.domain.appointments import AppointmentRow, ClientRef, NewAppointment
from lotsen_app.domain.clients import ClientInput
from lotsen_app.domain.enums import AppointmentMode, AppointmentStatus
from lotsen_app.domain.guides import GuideInput
from lotsen_app.services.container import Services
from lotsen_app.ui.reminders import AppointmentReminder, reminder_text
from lotsen_app.ui.tasks import TaskRunner

LAYLA = ClientRef(1, "Layla", "Haddad")


def _row(**changes: object) -> AppointmentRow:
    values: dict[str, object] = {
        "id": 1,
        "starts_at": datetime(2026, 11, 21, 11, 0),
        "duration_minutes": 60,
        "status": AppointmentStatus.PLANNED,
        "mode": AppointmentMode.ACCOMPANIED,
        "clients": (LAYLA,),
        "purpose": "Gespräch mit Layla über die Schule",
    } | changes
    return AppointmentRow(**values)  # type: ignore[arg-type]


def test_a_name_typed_into_the_place_becomes_initials() -> None:
    text = reminder_text(_row(place="Hausbesuch bei Layla Haddad"))
    assert text == "11:00 Hausbesuch bei L. H.: L. H."
    assert "Layla" not in text and "Haddad" not in text


def test_a_possessive_name_in_the_place_becomes_an_initial() -> None:
    assert reminder_text(_row(place="Haddads Wohnung, Beispielweg 4")) == (
        "11:00 H. Wohnung, Beispielweg 4: L. H."
    )


def test_the_purpose_is_not_shown() -> None:
    assert reminder_text(_row(place="Bücherei")) == "11:00 Bücherei: L. H."


def test_without_place_and_authority_it_says_termin() -> None:
    assert reminder_text(_row(place="", clients=())) == "11:00 Termin"


def test_the_reminder_shows_the_masked_place(qtbot, services: Services) -> None:
    guide = services.guides.create(GuideInput("Anna", "Schmidt"))
    layla = services.clients.create(ClientInput("Layla", "Haddad"), guide_id=guide)
    services.appointments.create(
        NewAppointment(
            client_ids=(layla,),
            starts_at=datetime(2026, 11, 21, 11, 0),  # FIXED_NOW is 10:30
            guide_id=guide,
            place="Hausbesuch bei Layla Haddad",
        )
    )
    reminder = AppointmentReminder(services, TaskRunner(), tray_available=lambda: False)
    notices: list[str] = []
    reminder.notice.connect(notices.append)
    reminder.check_now()
    qtbot.waitUntil(lambda: not reminder.tasks.busy, timeout=10000)
    assert notices == ["Termin in 30 Minuten: 11:00 Hausbesuch bei L. H.: L. H."]
