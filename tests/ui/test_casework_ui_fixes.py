"""Casework screens after review: the client page fits 1280 px, dialogs fit the screen, who did
a task is asked and not assumed, counts read as German, goals can be deleted, and a client's file
is one window that follows changes made in another client's file. Written as GIVEN / WHEN / THEN
on real SQLite files and real widgets (offscreen)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMessageBox,
    QScrollArea,
    QWidget,
)

from lotsen_app.domain.appointments import Step
from lotsen_app.domain.casework import NewContact, NewGoal
from lotsen_app.domain.clients import CaseClosing, ClientInput
from lotsen_app.domain.deadline_tracking import NewTask
from lotsen_app.domain.enums import ClosingReason, ContactKind, Pillar, StepActor, Topic
from lotsen_app.domain.errors import DomainError, ValidationError
from lotsen_app.domain.guides import GuideInput
from lotsen_app.services.container import Services
from lotsen_app.ui.dialogs.client_file_dialog import ClientFileDialog
from lotsen_app.ui.dialogs.goal_task_dialogs import CompleteTaskDialog
from lotsen_app.ui.dialogs.volunteer_hours_dialog import VolunteerHoursDialog
from lotsen_app.ui.models.timeline_model import TimelineModel
from lotsen_app.ui.widgets.common import ErrorLabel, fit_to_screen, save_and_accept
from lotsen_app.ui.widgets.goals_tasks_widget import GoalsTasksWidget
from tests.ui.helpers import shown_main_window, when_modal


def _client(services: Services, given: str = "Amira", family: str = "Haddad") -> int:
    return services.clients.create(ClientInput(given, family))


def _goals(qtbot, services: Services, client_id: int) -> GoalsTasksWidget:
    widget = GoalsTasksWidget(services, client_id)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    return widget


def _press_ok(qtbot, dialog: QDialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    button = box.button(QDialogButtonBox.StandardButton.Ok) or box.button(
        QDialogButtonBox.StandardButton.Save
    )
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _family_contact(services: Services, client_ids: tuple[int, ...]) -> int:
    return services.casework.record_contact(
        NewContact(
            date(2026, 11, 12),
            45,
            ContactKind.HOME_VISIT,
            client_ids,
            topics=(Topic.MONEY,),
            steps=(Step("Antrag gemeinsam ausgefüllt", StepActor.TOGETHER),),
        )
    )


# --- the client page ---------------------------------------------------------------------------


def test_client_page_fits_1280_and_keeps_rare_actions_in_the_more_menu(
    qtbot, services: Services
) -> None:
    # GIVEN a client with a long name, selected on the client page of a shown main window
    client = services.clients.create(ClientInput("Maria-Magdalena", "Papadopoulou-Schneider"))
    window = shown_main_window(qtbot, services, settled=True)
    page = window.clients_page
    window.show_page(window.page_index(page))
    assert page.select_client(client)

    # THEN the page with the side bar fits a 1280 px wide screen (it needed 1409 px before)
    side_bar = window.minimumSizeHint().width() - window.stack.minimumSizeHint().width()
    assert side_bar + page.minimumSizeHint().width() <= 1100  # room to spare
    # AND so does the whole window (its widest page sets its minimum)
    assert window.minimumSizeHint().width() <= 1280
    # AND the frequent actions are buttons, the rare ones sit in the "Weitere" menu
    visible = [
        page.new_button,
        page.edit_button,
        page.file_button,
        page.appointment_button,
        page.print_button,
        page.more_button,
    ]
    assert all(button.isVisible() and button.isEnabled() for button in visible)
    assert [action.text() for action in page.more_menu.actions() if action.text()] == [
        "Lotsen zuordnen …",
        "Posteingang …",
        "Neue Frist …",
        "Fall abschließen …",
        "Datenschutz",
        "Unterschriebene Einwilligung erfassen …",
        "Auskunft (Art. 15) speichern …",
        "Endgültig löschen (Art. 17) …",
    ]

    # WHEN nobody is selected THEN the menu cannot be opened
    page.table.clearSelection()
    assert not page.more_button.isEnabled()


def test_the_close_action_reads_reopen_for_a_closed_case(qtbot, services: Services) -> None:
    # GIVEN a closed case
    client = _client(services)
    services.clients.close_case(client, CaseClosing(date(2026, 11, 21), ClosingReason.MOVED_AWAY))
    window = shown_main_window(qtbot, services, settled=True)
    page = window.clients_page
    page.status_filter.setCurrentIndex(page.status_filter.findText("alle"))
    # WHEN it is selected THEN the menu offers to reopen it, and that asks first
    assert page.select_client(client)
    assert page.close_action.text() == "Wieder öffnen …"
    problems = when_modal(
        QMessageBox, lambda box: box.button(QMessageBox.StandardButton.Yes).click()
    )
    with qtbot.waitSignal(page.rows_loaded, timeout=10000):
        page.close_action.trigger()
    assert problems == []
    assert page.selected_client().id == client
    assert page.close_action.text() == "Fall abschließen …"


def test_one_file_window_per_client(qtbot, services: Services) -> None:
    # GIVEN two clients and the main window
    amira = _client(services)
    omar = _client(services, "Omar", "Haddad")
    window = shown_main_window(qtbot, services, settled=True)
    page = window.clients_page

    # WHEN Amira's file is opened twice
    page.select_client(amira)
    qtbot.mouseClick(page.file_button, Qt.MouseButton.LeftButton)
    first = page.file_windows[amira]
    qtbot.mouseClick(page.file_button, Qt.MouseButton.LeftButton)
    # THEN the open window is used again, not a second one
    assert page.file_windows == {amira: first}
    assert first.isVisible()

    # WHEN Omar's file is opened THEN it is a window of its own beside Amira's
    page.select_client(omar)
    qtbot.mouseClick(page.file_button, Qt.MouseButton.LeftButton)
    assert set(page.file_windows) == {amira, omar}
    assert page.file_windows[omar] is not first

    # WHEN Amira's file is closed and opened again THEN a fresh window shows it
    first.close()
    assert set(page.file_windows) == {omar}
    page.select_client(amira)
    qtbot.mouseClick(page.file_button, Qt.MouseButton.LeftButton)
    assert page.file_windows[amira] is not first and page.file_windows[amira].isVisible()
    for file in list(page.file_windows.values()):
        file.close()
    assert page.file_windows == {}


def test_deleting_a_family_contact_reloads_the_other_members_open_file(
    qtbot, services: Services
) -> None:
    # GIVEN a contact for mother and son, and the files of mother, son and a neighbour open
    mother = _client(services)
    son = _client(services, "Adam", "Haddad")
    neighbour = _client(services, "Olena", "Koval")
    _family_contact(services, (mother, son))
    _family_contact(services, (neighbour,))
    window = shown_main_window(qtbot, services, settled=True)
    page = window.clients_page
    files = page.file_windows
    for client_id in (mother, son, neighbour):
        page.select_client(client_id)
        qtbot.mouseClick(page.file_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda c=client_id: files[c].file is not None, timeout=10000)
    assert files[son].journal_model.rowCount() == 1
    reloaded: list[int] = []
    files[neighbour].loaded.connect(lambda: reloaded.append(neighbour))

    # WHEN the contact is deleted in the mother's file
    files[mother].journal_table.selectRow(0)
    problems = when_modal(
        QMessageBox, lambda box: box.button(QMessageBox.StandardButton.Yes).click()
    )
    with qtbot.waitSignal(files[son].loaded, timeout=10000):
        files[mother].delete_button.click()
    assert problems == []

    # THEN the son's open file shows it gone too; the neighbour's file is left alone
    assert files[son].journal_model.rowCount() == 0
    assert files[son].timeline_model.rowCount() == 0
    qtbot.waitUntil(lambda: not files[mother].tasks.busy, timeout=10000)
    assert files[mother].journal_model.rowCount() == 0
    assert not files[neighbour].tasks.busy and reloaded == []
    for file in list(files.values()):
        file.close()


# --- the client's file -------------------------------------------------------------------------


def test_counts_read_as_german_and_the_details_column_takes_the_room(
    qtbot, services: Services
) -> None:
    # GIVEN a client with one goal and one task
    client = _client(services)
    goal = services.casework.add_goal(
        client, NewGoal("Briefe selbst verstehen.", Pillar.SOCIETY, None, date(2026, 11, 2))
    )
    services.casework.add_task(client, NewTask(text="Ordner anlegen", goal_id=goal))

    # WHEN the file is opened
    file = ClientFileDialog(services, client)
    qtbot.addWidget(file)
    with qtbot.waitSignal(file.loaded, timeout=10000):
        file.show()

    # THEN one entry is "1 Eintrag" etc., and "Einzelheiten" stretches, not "Bereich"
    entries = len(file.file.timeline)
    assert file.timeline_count.text() == ("1 Eintrag" if entries == 1 else f"{entries} Einträge")
    header = file.timeline_table.horizontalHeader()
    assert header.sectionResizeMode(TimelineModel.DETAIL) == QHeaderView.ResizeMode.Stretch
    assert not header.stretchLastSection()
    goals = file.goals_widget
    assert isinstance(goals, GoalsTasksWidget)
    assert goals.goal_count.text() == "1 Ziel, 1 offen"
    assert goals.task_count.text() == "1 Aufgabe, 1 offen"
    assert goals.new_task_button.text() == "Neue Aufgabe …"


def test_one_timeline_entry_is_one_eintrag(qtbot, services: Services) -> None:
    client = _client(services)
    _family_contact(services, (client,))
    file = ClientFileDialog(services, client)
    qtbot.addWidget(file)
    with qtbot.waitSignal(file.loaded, timeout=10000):
        file.show()
    assert file.timeline_count.text() == "1 Eintrag"
    file.kind_filter.setCurrentIndex(file.kind_filter.count() - 1)  # a kind it does not have
    assert file.timeline_count.text() == "0 von 1 Eintrag"


def test_a_goal_is_deleted_after_asking_and_its_tasks_stay(qtbot, services: Services) -> None:
    # GIVEN a goal with a task
    client = _client(services)
    goal = services.casework.add_goal(
        client, NewGoal("Deutsch bis B1 lernen.", Pillar.LANGUAGE, None, date(2026, 11, 2))
    )
    task = services.casework.add_task(client, NewTask(text="Kurs suchen", goal_id=goal))
    widget = _goals(qtbot, services, client)
    assert not widget.delete_goal_button.isEnabled()  # nothing selected
    assert widget.select_goal(goal)
    assert widget.delete_goal_button.isEnabled()

    # WHEN the guide cancels THEN the goal stays
    seen: list[str] = []

    def cancel(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        box.button(QMessageBox.StandardButton.No).click()

    problems = when_modal(QMessageBox, cancel)
    qtbot.mouseClick(widget.delete_goal_button, Qt.MouseButton.LeftButton)
    assert problems == []
    assert "„Deutsch bis B1 lernen.“" in seen[0]
    assert "Die eine Aufgabe dazu bleibt erhalten, dann ohne Ziel." in seen[0]
    assert [g.id for g in services.casework.goals(client)] == [goal]

    # WHEN the guide confirms THEN the goal goes and its task stays, without a goal
    problems = when_modal(
        QMessageBox, lambda box: box.button(QMessageBox.StandardButton.Yes).click()
    )
    with qtbot.waitSignal(widget.changed, timeout=5000):
        qtbot.mouseClick(widget.delete_goal_button, Qt.MouseButton.LeftButton)
    assert problems == []
    assert services.casework.goals(client) == []
    assert widget.goal_model.rowCount() == 0
    assert widget.goal_count.text() == "0 Ziele, 0 offen"
    [kept] = services.casework.tasks(client)
    assert (kept.id, kept.goal_id) == (task, None)


def test_who_did_a_task_is_asked_not_assumed(qtbot, services: Services) -> None:
    # GIVEN a task the client was meant to do alone
    client = _client(services)
    services.casework.add_task(
        client, NewTask(text="Kopien machen", intended_actor=StepActor.CLIENT_ALONE)
    )
    widget = _goals(qtbot, services, client)
    widget.select_task(services.casework.tasks(client)[0].id)

    def complete(dialog: CompleteTaskDialog) -> None:
        # THEN the plan is shown but nothing is ticked
        assert dialog.planned.isVisible()
        assert dialog.planned.text() == "Geplant war: Klient:in allein"
        assert not any(button.isChecked() for button in dialog.actors.values())
        # WHEN saved without a choice THEN it says what is missing and stays open
        _press_ok(qtbot, dialog)
        assert dialog.isVisible()
        message = dialog.field_errors["done_by"]
        assert message.isVisible()
        assert message.text() == "Bitte angeben, wer die Aufgabe erledigt hat."
        assert services.casework.tasks(client)[0].done_on is None
        # WHEN the guide says they did it together THEN it is saved
        dialog.actors[StepActor.TOGETHER].setChecked(True)
        _press_ok(qtbot, dialog)
        assert not dialog.isVisible(), dialog.error.text()

    problems = when_modal(CompleteTaskDialog, complete)
    with qtbot.waitSignal(widget.changed, timeout=5000):
        qtbot.mouseClick(widget.done_button, Qt.MouseButton.LeftButton)
    assert problems == []
    [task] = services.casework.tasks(client)
    assert (task.done_by, task.done_on) == (StepActor.TOGETHER, date(2026, 11, 21))


def test_without_a_plan_no_plan_is_shown(qtbot, services: Services) -> None:
    client = _client(services)
    services.casework.add_task(client, NewTask(text="Kopien machen"))
    dialog = CompleteTaskDialog(services, services.casework.tasks(client)[0])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.planned.isHidden()
    assert dialog.actor() is None


# --- sizes and shared helpers ------------------------------------------------------------------


def test_dialogs_are_no_larger_than_the_free_screen(qtbot, services: Services) -> None:
    free = QApplication.primaryScreen().availableGeometry()
    widget = QDialog()
    qtbot.addWidget(widget)
    fit_to_screen(widget, free.width() + 500, free.height() + 500)
    assert widget.width() <= free.width() and widget.height() < free.height()
    fit_to_screen(widget, 300, 200)
    assert (widget.width(), widget.height()) == (300, 200)

    # GIVEN a guide WHEN the hours are opened THEN the dialog fits and its content scrolls
    guide = services.guides.create(GuideInput("Sabine", "Brückner"))
    hours = VolunteerHoursDialog(services, guide)
    qtbot.addWidget(hours)
    hours.show()
    assert hours.height() <= min(820, free.height() - 40)  # room for the title bar
    assert isinstance(hours.scroll_area, QScrollArea)
    assert hours.minimumSizeHint().height() < free.height()
    # AND the year's total uses the table's hours:minutes
    assert hours.total.text() == "2026: 0:00 Std."


def test_save_and_accept_puts_each_message_where_it_belongs(qtbot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    field, general = ErrorLabel(dialog), ErrorLabel(dialog)
    dialog.show()

    def invalid() -> None:
        raise ValidationError({"text": "Bitte einen Text.", "other": "Etwas fehlt."})

    assert not save_and_accept(dialog, invalid, {"text": field}, general)
    assert (field.text(), general.text()) == ("Bitte einen Text.", "Etwas fehlt.")

    def refused() -> None:
        raise DomainError("Das Ziel gibt es nicht mehr.")

    assert not save_and_accept(dialog, refused, {"text": field}, general)
    assert field.isHidden()  # the old field message went
    assert general.text() == "Das Ziel gibt es nicht mehr."
    assert dialog.isVisible()

    assert save_and_accept(dialog, lambda: None, {"text": field}, general)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_letters_to_the_client_can_be_filtered_in_the_timeline(qtbot, services: Services) -> None:
    from lotsen_app.domain.enums import TimelineKind
    from lotsen_app.ui.dialogs.client_file_dialog import ClientFileDialog

    client = services.clients.create(ClientInput("Amal", "Haddad"))
    dialog = ClientFileDialog(services, client)
    qtbot.addWidget(dialog)
    kinds = [dialog.kind_filter.itemData(i) for i in range(dialog.kind_filter.count())]
    assert TimelineKind.LETTER_OUT in kinds
    assert dialog.kind_filter.itemText(kinds.index(TimelineKind.LETTER_OUT)) == "Brief an Klient:in"
