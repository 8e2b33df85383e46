"""GIVEN the main window WHEN the guide looks for the casework screens THEN the client page opens
the client's file (a window of its own), the Lotsen page the volunteer hours of the selected
guide, and the Einstellungen page holds the procedure checklists."""

from __future__ import annotations

from PySide6.QtCore import Qt

from lotsen_app.domain.clients import ClientInput
from lotsen_app.domain.guides import GuideInput
from lotsen_app.services.container import Services
from lotsen_app.ui.dialogs.client_file_dialog import ClientFileDialog
from lotsen_app.ui.dialogs.volunteer_hours_dialog import VolunteerHoursDialog
from lotsen_app.ui.widgets.procedure_templates_widget import ProcedureTemplatesWidget
from tests.ui.helpers import shown_main_window, when_modal


def test_client_file_hours_and_checklists_are_reachable(qtbot, services: Services) -> None:
    guide = services.guides.create(GuideInput("Anna", "Schmidt"))
    client = services.clients.create(ClientInput("Amal", "Haddad"), guide_id=guide)
    window = shown_main_window(qtbot, services, settled=True)

    clients = window.clients_page
    assert not clients.file_button.isEnabled()
    assert clients.select_client(client)
    assert clients.file_button.isEnabled()
    qtbot.mouseClick(clients.file_button, Qt.MouseButton.LeftButton)
    assert len(clients.file_windows) == 1
    file_window = clients.file_windows[client]
    assert isinstance(file_window, ClientFileDialog) and file_window.isVisible()
    assert not file_window.isModal()  # the main window stays usable beside it
    qtbot.waitUntil(lambda: "Amal Haddad" in file_window.windowTitle(), timeout=10000)
    file_window.close()
    qtbot.waitUntil(lambda: not clients.file_windows, timeout=5000)

    guides = window.guides_page
    window.show_page(window.page_index(guides))
    qtbot.waitUntil(lambda: guides.model.rowCount() == 1, timeout=10000)
    guides.select_guide(guide)
    seen: list[int] = []

    def look(dialog: VolunteerHoursDialog) -> None:
        seen.append(dialog.guide_id)
        dialog.reject()

    problems = when_modal(VolunteerHoursDialog, look)
    qtbot.mouseClick(guides.hours_button, Qt.MouseButton.LeftButton)
    assert problems == [] and seen == [guide]

    settings = window.settings_page
    templates = settings.findChild(ProcedureTemplatesWidget)
    assert templates is not None and templates.title() == "Checklisten für Verfahren"
