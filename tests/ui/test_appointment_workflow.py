"""GIVEN the main window WHEN a guide plans an appointment from a client's page
THEN it shows in the Termine agenda and on Heute, and a quiet weekend names what comes next."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import QDialogButtonBox

from lotsen_app.domain.appointments import AuthorityData, NewAppointment
from lotsen_app.domain.clients import ClientInput
from lotsen_app.domain.enums import AuthorityKind
from lotsen_app.domain.guides import GuideInput
from lotsen_app.services.container import Services
from lotsen_app.ui.dialogs.appointment_dialog import AppointmentDialog
from tests.ui.helpers import shown_main_window, when_modal


def test_appointment_from_the_client_page_shows_in_agenda_and_heute(
    qtbot, services: Services
) -> None:
    guide = services.guides.create(GuideInput("Anna", "Schmidt"))
    client_id = services.clients.create(ClientInput("Amal", "Haddad"), guide_id=guide)
    window = shown_main_window(qtbot, services, settled=True)
    assert window.today_page.appointment_cards == []
    window.show_page(window.page_index(window.clients_page))
    assert window.clients_page.select_client(client_id)

    def fill(dialog: AppointmentDialog) -> None:
        dialog.place.setText("Stadtteilbüro Marxloh, Weseler Str. 1")  # not in the directory
        dialog.purpose.setEditText("Wohngeld beantragen")
        dialog.date.setDate(QDate(2026, 11, 21))  # today, a Saturday; FIXED_NOW is 10:30
        dialog.time.setTime(QTime(14, 0))
        qtbot.mouseClick(
            dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save),
            Qt.MouseButton.LeftButton,
        )

    problems = when_modal(AppointmentDialog, fill)
    qtbot.mouseClick(window.clients_page.appointment_button, Qt.MouseButton.LeftButton)
    assert problems == []

    agenda = window.appointments_page
    qtbot.waitUntil(lambda: len(agenda.shown_rows()) == 1, timeout=10000)
    row = agenda.shown_rows()[0]
    assert (row.starts_at, row.client_ids, row.guide_id) == (
        datetime(2026, 11, 21, 14, 0),
        (client_id,),
        guide,
    )
    assert row.purpose == "Wohngeld beantragen"
    today = window.today_page
    qtbot.waitUntil(lambda: len(today.appointment_cards) == 1, timeout=10000)
    card = today.appointment_cards[0]
    assert card.row.id == row.id
    assert "Stadtteilbüro Marxloh" in card.row.where
    assert "Reisepass oder Ausweis" in [item.text for item in card.items()]
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)


def test_heute_names_the_next_appointments_when_today_and_tomorrow_are_free(
    qtbot, services: Services
) -> None:
    guide = services.guides.create(GuideInput("Anna", "Schmidt"))
    client_id = services.clients.create(ClientInput("Amal", "Haddad"), guide_id=guide)
    services.appointments.create(
        NewAppointment(
            client_ids=(client_id,),
            starts_at=datetime(2026, 11, 23, 9, 30),  # Monday, after the free weekend
            guide_id=guide,
            place="Jobcenter",
            purpose="Weiterbewilligung",
        )
    )
    familienkasse = services.authorities.save(
        AuthorityData(
            "Familienkasse (Beispiel)",
            AuthorityKind.FAMILIENKASSE,
            street="Beispielweg 5",
            postal_code="47051",
            city="Duisburg",
            room="12",
        )
    )
    services.appointments.create(
        NewAppointment(
            client_ids=(client_id,),
            starts_at=datetime(2026, 11, 24, 10, 0),
            guide_id=guide,
            authority_id=familienkasse,
            purpose="Kindergeld",
        )
    )
    window = shown_main_window(qtbot, services, settled=True)
    page = window.today_page
    assert page.appointment_cards == []
    texts = [label.text() for label in page.appointments_box.findChildren(type(page.heading))]
    later = next(text for text in texts if "Danach" in text)
    assert "09:30 – Weiterbewilligung – Amal Haddad" in later
    # Where to go: the authority's address and room under the line.
    assert "10:00 – Kindergeld – Amal Haddad" in later
    assert "Familienkasse (Beispiel), Beispielweg 5, 47051 Duisburg, Raum 12" in later
