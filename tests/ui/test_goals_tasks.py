"""GIVEN a client WHEN the guide agrees goals, works through tasks and checklists, or looks at
volunteer hours THEN what was saved shows, with who did each step."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox

from lotsen_app.domain.appointments import Step
from lotsen_app.domain.casework import NewContact, NewGoal, VolunteerEntry
from lotsen_app.domain.clients import ClientInput
from lotsen_app.domain.deadline_tracking import NewTask
from lotsen_app.domain.enums import (
    ContactKind,
    GoalStatus,
    Pillar,
    StepActor,
    VolunteerActivity,
)
from lotsen_app.domain.guides import GuideInput
from lotsen_app.services.container import Services
from lotsen_app.ui.dialogs.goal_task_dialogs import (
    ApplyChecklistDialog,
    CompleteTaskDialog,
    GoalDialog,
    GoalStatusDialog,
    TaskDialog,
)
from lotsen_app.ui.dialogs.volunteer_hours_dialog import (
    VolunteerEntryDialog,
    VolunteerHoursDialog,
)
from lotsen_app.ui.widgets.goals_tasks_widget import GoalsTasksWidget
from lotsen_app.ui.widgets.procedure_templates_widget import ProcedureTemplatesWidget
from tests.ui.helpers import when_modal


def _client(services: Services, given: str = "Amira", family: str = "Haddad") -> int:
    return services.clients.create(ClientInput(given, family))


def _widget(qtbot, services: Services, client_id: int) -> GoalsTasksWidget:
    widget = GoalsTasksWidget(services, client_id)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    return widget


def _ok(qtbot, dialog: QDialog) -> None:
    """Click the dialog's Save/OK button, as the user would."""
    box = dialog.findChild(QDialogButtonBox)
    for kind in (QDialogButtonBox.StandardButton.Save, QDialogButtonBox.StandardButton.Ok):
        button = box.button(kind)
        if button is not None:
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            return
    raise AssertionError("no Save/OK button")


def _click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _cells(model, row: int) -> list[str]:
    return [model.index(row, column).data() for column in range(model.columnCount())]


def _run_modal(qtbot, kind: type, action, button) -> None:
    """Open a modal dialog with ``button`` and run ``action`` on it; fail on its problems."""
    problems = when_modal(kind, action)
    _click(qtbot, button)
    assert not problems, problems


def test_agree_a_goal_add_a_task_and_complete_it_together(qtbot, services: Services) -> None:
    client_id = _client(services)
    widget = _widget(qtbot, services, client_id)

    def agree(dialog: GoalDialog) -> None:
        dialog.text.setPlainText("Die Briefe vom Jobcenter selbst verstehen.")
        dialog.pillar.setCurrentIndex(dialog.pillar.findData(Pillar.SOCIETY))
        dialog.target.check.setChecked(True)
        dialog.target.edit.setDate(QDate(2027, 3, 31))
        _ok(qtbot, dialog)

    with qtbot.waitSignal(widget.changed, timeout=5000):
        _run_modal(qtbot, GoalDialog, agree, widget.new_goal_button)
    assert widget.goal_model.rowCount() == 1
    assert _cells(widget.goal_model, 0)[:5] == [
        "Die Briefe vom Jobcenter selbst verstehen.",
        "Gesellschaft",
        "21.11.2026",
        "31.03.2027",
        "offen",
    ]
    assert widget.selected_goal() is not None  # the new goal is selected

    def add_task(dialog: TaskDialog) -> None:
        assert dialog.goal.currentText().startswith("Die Briefe vom Jobcenter")
        dialog.text.setText("Ordner für alle Briefe anlegen")
        dialog.due.check.setChecked(True)
        dialog.due.edit.setDate(QDate(2026, 11, 28))
        dialog.actor.setCurrentIndex(dialog.actor.findData(StepActor.CLIENT_ALONE))
        _ok(qtbot, dialog)

    _run_modal(qtbot, TaskDialog, add_task, widget.new_task_button)
    assert widget.task_model.rowCount() == 1
    task = widget.selected_task()
    assert task is not None and task.text == "Ordner für alle Briefe anlegen"
    assert _cells(widget.task_model, 0)[:5] == [
        "Ordner für alle Briefe anlegen",
        "28.11.2026",
        "Klient:in allein",
        "",
        "",
    ]
    assert widget.done_button.isEnabled() and not widget.reopen_task_button.isEnabled()

    def complete(dialog: CompleteTaskDialog) -> None:
        # The plan is shown, but nothing is ticked: the guide says who really did it.
        assert dialog.actor() is None
        assert dialog.planned.text() == "Geplant war: Klient:in allein"
        dialog.actors[StepActor.TOGETHER].setChecked(True)
        # Not before the day the task was entered (today): the dialog offers today.
        _ok(qtbot, dialog)
        assert not dialog.isVisible(), dialog.field_errors["done_on"].text()

    with qtbot.waitSignal(widget.changed, timeout=5000):
        _run_modal(qtbot, CompleteTaskDialog, complete, widget.done_button)
    assert _cells(widget.task_model, 0)[3:5] == ["gemeinsam", "21.11.2026"]
    assert _cells(widget.goal_model, 0)[5] == "1 von 1 erledigt"
    [stored] = services.casework.tasks(client_id)
    assert (stored.done_by, stored.done_on) == (StepActor.TOGETHER, date(2026, 11, 21))
    assert services.casework.self_help(client_id).recent.together == 1
    assert widget.reopen_task_button.isEnabled() and not widget.done_button.isEnabled()

    _click(qtbot, widget.reopen_task_button)
    assert _cells(widget.task_model, 0)[3:5] == ["", ""]
    assert services.casework.tasks(client_id)[0].done_on is None


def test_apply_a_checklist_and_adjust_one_created_task(qtbot, services: Services) -> None:
    client_id = _client(services)
    goal_id = services.casework.add_goal(
        client_id, NewGoal("In der neuen Wohnung ankommen.", Pillar.SOCIETY)
    )
    widget = _widget(qtbot, services, client_id)
    widget.select_goal(goal_id)

    def apply(dialog: ApplyChecklistDialog) -> None:
        assert dialog.select_template("Wohnsitz anmelden")
        assert dialog.item_model.rowCount() == 6
        assert dialog.goal.currentData() == goal_id  # the selected goal is offered
        dialog.due.check.setChecked(True)
        dialog.due.edit.setDate(QDate(2026, 12, 4))
        _ok(qtbot, dialog)

    _run_modal(qtbot, ApplyChecklistDialog, apply, widget.checklist_button)
    assert widget.task_model.rowCount() == 6
    assert widget.notice.isVisible()
    assert "6 Aufgaben" in widget.notice.text() and "Wohnsitz anmelden" in widget.notice.text()
    assert len(widget.fresh_ids) == 6
    first = widget.selected_task()
    assert first is not None
    assert first.text == "Termin beim Bürgeramt buchen (Anmeldung binnen 2 Wochen)"
    assert first.due_date == date(2026, 12, 4) and first.goal_id == goal_id
    assert _cells(widget.goal_model, 0)[5] == "0 von 6 erledigt"

    def adjust(dialog: TaskDialog) -> None:
        dialog.text.clear()
        dialog.text.insert("Termin beim Bürgeramt Hamborn online buchen")
        dialog.actor.setCurrentIndex(dialog.actor.findData(StepActor.CLIENT_ALONE))
        dialog.due.edit.setDate(QDate(2026, 11, 27))
        _ok(qtbot, dialog)

    _run_modal(qtbot, TaskDialog, adjust, widget.edit_task_button)
    tasks = {task.id: task for task in services.casework.tasks(client_id)}
    changed = tasks[first.id]
    assert changed.text == "Termin beim Bürgeramt Hamborn online buchen"
    assert changed.intended_actor == StepActor.CLIENT_ALONE
    assert changed.due_date == date(2026, 11, 27)
    assert changed.goal_id == goal_id
    others = [task for task in tasks.values() if task.id != first.id]
    assert all(task.due_date == date(2026, 12, 4) for task in others)
    assert "Anmeldeformular ausfüllen" in {task.text for task in others}
    assert widget.selected_task() is not None
    assert widget.selected_task().id == first.id  # the edited task stays selected


def test_changing_a_goals_status_keeps_its_date_and_history(qtbot, services: Services) -> None:
    client_id = _client(services)
    goal_id = services.casework.add_goal(
        client_id,
        NewGoal("Vollzeitstelle finden.", Pillar.WORK, agreed_on=date(2026, 10, 1)),
    )
    widget = _widget(qtbot, services, client_id)
    widget.select_goal(goal_id)
    assert not widget.reopen_goal_button.isEnabled()

    def change(dialog: GoalStatusDialog) -> None:
        assert dialog.status() == GoalStatus.CHANGED
        dialog.on.setDate(QDate(2026, 11, 10))
        dialog.note.setPlainText("Neu vereinbart: erst Teilzeit wegen der Kinderbetreuung.")
        _ok(qtbot, dialog)

    _run_modal(qtbot, GoalStatusDialog, change, widget.changed_button)
    assert _cells(widget.goal_model, 0)[4] == "geändert am 10.11.2026"
    assert widget.reopen_goal_button.isEnabled()

    def edit(dialog: GoalDialog) -> None:
        dialog.text.setPlainText("Teilzeitstelle finden.")
        _ok(qtbot, dialog)

    _run_modal(qtbot, GoalDialog, edit, widget.edit_goal_button)
    [goal] = services.casework.goals(client_id)
    assert goal.text == "Teilzeitstelle finden."
    assert goal.agreed_on == date(2026, 10, 1)
    assert (goal.status, goal.status_changed_on) == (GoalStatus.CHANGED, date(2026, 11, 10))
    assert goal.status_note.startswith("Neu vereinbart")
    assert _cells(widget.goal_model, 0)[2] == "01.10.2026"
    assert _cells(widget.goal_model, 0)[4] == "geändert am 10.11.2026"

    def reached(dialog: GoalStatusDialog) -> None:
        dialog.on.setDate(QDate(2026, 11, 19))
        _ok(qtbot, dialog)

    _run_modal(qtbot, GoalStatusDialog, reached, widget.reached_button)
    assert _cells(widget.goal_model, 0)[4] == "erreicht am 19.11.2026"
    timeline = services.casework.timeline(client_id)
    assert any("erreicht am 19.11.2026" in entry.detail for entry in timeline)


def test_invalid_input_shows_german_messages_and_saves_nothing(qtbot, services: Services) -> None:
    client_id = _client(services)
    widget = _widget(qtbot, services, client_id)

    def empty_goal(dialog: GoalDialog) -> None:
        _ok(qtbot, dialog)
        assert dialog.isVisible()
        text_error, pillar_error = dialog.field_errors["text"], dialog.field_errors["pillar"]
        assert not text_error.isHidden()
        assert text_error.text() == "Bitte das Ziel in eigenen Worten beschreiben."
        assert pillar_error.text().startswith("Bitte einen Bereich wählen")
        dialog.text.setPlainText("Deutsch bis B1 lernen.")
        dialog.pillar.setCurrentIndex(dialog.pillar.findData(Pillar.LANGUAGE))
        dialog.agreed_on.setDate(QDate(2026, 11, 1))
        dialog.target.check.setChecked(True)
        dialog.target.edit.setDate(QDate(2026, 10, 1))
        _ok(qtbot, dialog)
        assert dialog.isVisible()
        assert text_error.isHidden()
        target_error = dialog.field_errors["target_date"]
        assert target_error.text() == "Das Zieldatum liegt vor dem Tag der Vereinbarung."
        dialog.reject()

    _run_modal(qtbot, GoalDialog, empty_goal, widget.new_goal_button)
    assert services.casework.goals(client_id) == []

    def empty_task(dialog: TaskDialog) -> None:
        dialog.text.setText("   ")
        _ok(qtbot, dialog)
        assert dialog.isVisible()
        assert dialog.field_errors["text"].text() == "Bitte beschreiben, was zu tun ist."
        dialog.reject()

    _run_modal(qtbot, TaskDialog, empty_task, widget.new_task_button)
    assert services.casework.tasks(client_id) == []

    task_id = services.casework.add_task(client_id, NewTask(text="Kopien machen"))
    widget.reload()
    widget.select_task(task_id)

    def future(dialog: CompleteTaskDialog) -> None:
        dialog.done_on.setDate(QDate(2026, 11, 30))
        _ok(qtbot, dialog)
        assert dialog.isVisible()
        assert dialog.field_errors["done_on"].text() == "Das Datum liegt in der Zukunft."
        dialog.reject()

    _run_modal(qtbot, CompleteTaskDialog, future, widget.done_button)
    assert services.casework.tasks(client_id)[0].done_on is None


def test_templates_edited_in_the_settings_are_used_by_the_next_checklist(
    qtbot, services: Services
) -> None:
    templates = ProcedureTemplatesWidget(services)
    qtbot.addWidget(templates)
    templates.resize(900, 450)
    templates.show()
    assert templates.title() == "Checklisten für Verfahren"
    assert templates.list_model.rowCount() == 6
    assert templates.select_template("Schulanmeldung")
    count = len(templates.items)

    templates.name.clear()
    templates.name.insert("Schulanmeldung (Grundschule)")
    templates.name.textEdited.emit(templates.name.text())
    templates.item_table.selectRow(0)
    templates.item_text.clear()
    templates.item_text.insert("Zuständige Grundschule über das Schulamt erfragen")
    templates.item_text.textEdited.emit(templates.item_text.text())
    templates.item_table.selectRow(count - 1)
    _click(qtbot, templates.add_item_button)
    templates.item_text.insert("Schulbescheinigung für die Familienkasse kopieren")
    templates.item_text.textEdited.emit(templates.item_text.text())
    templates.item_actor.setCurrentIndex(templates.item_actor.findData(StepActor.CLIENT_ALONE))
    assert templates.selected_item() == count
    _click(qtbot, templates.up_button)  # now second to last
    assert templates.selected_item() == count - 1
    assert templates.save_button.isEnabled()
    with qtbot.waitSignal(templates.changed, timeout=5000):
        _click(qtbot, templates.save_button)
    assert not templates.save_button.isEnabled()

    [saved] = [t for t in services.casework.templates() if t.name.startswith("Schulanmeldung")]
    assert saved.name == "Schulanmeldung (Grundschule)"
    assert len(saved.items) == count + 1
    assert saved.items[0].text == "Zuständige Grundschule über das Schulamt erfragen"
    assert saved.items[count - 1].text == "Schulbescheinigung für die Familienkasse kopieren"
    assert saved.items[count - 1].actor == StepActor.CLIENT_ALONE

    # Invalid: an empty item is refused with a German message, nothing changes.
    _click(qtbot, templates.add_item_button)
    _click(qtbot, templates.save_button)
    assert templates.field_errors["items"].text() == "Ein Punkt der Checkliste ist leer."
    assert len(services.casework.templates()[4].items) == count + 1
    _click(qtbot, templates.discard_button)
    assert len(templates.items) == count + 1

    # Deleting asks first.
    assert templates.select_template("Anmeldung Integrationskurs")
    problems = when_modal(
        QMessageBox, lambda box: box.button(QMessageBox.StandardButton.Yes).click()
    )
    _click(qtbot, templates.delete_button)
    assert not problems, problems
    assert "Anmeldung Integrationskurs" not in {t.name for t in services.casework.templates()}

    client_id = _client(services)
    widget = _widget(qtbot, services, client_id)

    def apply(dialog: ApplyChecklistDialog) -> None:
        names = [dialog.template.itemText(i) for i in range(dialog.template.count())]
        assert "Anmeldung Integrationskurs" not in names
        assert dialog.select_template("Schulanmeldung (Grundschule)")
        assert dialog.item_model.data(dialog.item_model.index(0, 0)).startswith(
            "1. Zuständige Grundschule"
        )
        _ok(qtbot, dialog)

    _run_modal(qtbot, ApplyChecklistDialog, apply, widget.checklist_button)
    texts = [task.text for task in services.casework.tasks(client_id)]
    assert texts[0] == "Zuständige Grundschule über das Schulamt erfragen"
    assert texts[count - 1] == "Schulbescheinigung für die Familienkasse kopieren"
    assert len(texts) == count + 1


def test_hours_show_a_family_contact_once_a_manual_entry_and_the_cap_warning(
    qtbot, services: Services
) -> None:
    guide_id = services.guides.create(GuideInput("Sabine", "Brückner"))
    mother = _client(services, "Amira", "Haddad")
    son = _client(services, "Adam", "Haddad")
    services.casework.record_contact(
        NewContact(
            occurred_on=date(2026, 11, 5),
            duration_minutes=60,
            kind=ContactKind.HOME_VISIT,
            client_ids=(mother, son),
            steps=(Step("Schulanmeldung besprochen", StepActor.TOGETHER),),
            guide_id=guide_id,
        )
    )
    services.casework.add_volunteer_entry(
        VolunteerEntry(guide_id, date(2026, 3, 12), 120, VolunteerActivity.TRAINING, "Schulung")
    )
    dialog = VolunteerHoursDialog(services, guide_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "Sabine Brückner" in dialog.windowTitle()
    november = _cells(dialog.hours_model, 10)
    assert november == ["November", "1:00", "", "", "", "1:00"]  # once, not per family member
    assert _cells(dialog.hours_model, 2) == ["März", "", "", "", "2:00", "2:00"]
    assert _cells(dialog.hours_model, 12) == ["Summe 2026", "1:00", "", "", "2:00", "3:00"]
    assert dialog.total.text() == "2026: 3:00 Std."  # hours:minutes, as in the table
    assert dialog.entry_model.rowCount() == 1
    assert _cells(dialog.entry_model, 0) == ["12.03.2026", "2:00", "Schulung", "Schulung"]
    assert dialog.warning.isHidden()

    def enter(entry: VolunteerEntryDialog) -> None:
        entry.duration.setText("eine Stunde")
        _ok(qtbot, entry)
        assert entry.isVisible()
        assert entry.field_errors["minutes"].text().startswith("Bitte die Zeit in Minuten")
        entry.duration.setText("25:00")
        _ok(qtbot, entry)
        assert entry.field_errors["minutes"].text() == (
            "Die Zeit muss zwischen 1 Minute und 24 Stunden liegen."
        )
        entry.duration.setText("0:45")
        entry.kind.setCurrentIndex(entry.kind.findData(VolunteerActivity.TEAM_MEETING))
        entry.occurred_on.setDate(QDate(2026, 11, 18))
        entry.note.insert("Lotsentreffen")
        _ok(qtbot, entry)

    _run_modal(qtbot, VolunteerEntryDialog, enter, dialog.add_button)
    assert dialog.entry_model.rowCount() == 2
    assert _cells(dialog.hours_model, 10) == ["November", "1:00", "", "", "0:45", "1:45"]
    assert dialog.warning.isHidden()

    # A cap that is not a number is refused; a small cap shows the warning (3:45 of 4 hours).
    dialog.cap.setText("vier")
    _click(qtbot, dialog.cap_button)
    assert dialog.cap_error.text().startswith("Bitte eine ganze Zahl")
    assert services.casework.hours_cap() is None
    dialog.cap.setText("4")
    _click(qtbot, dialog.cap_button)
    assert services.casework.hours_cap() == 4
    assert dialog.cap_error.isHidden()
    assert not dialog.warning.isHidden()
    assert "3,8 von 4 bezahlten Stunden im Jahr 2026" in dialog.warning.text()
    assert "(93 %)" in dialog.warning.text()

    # Deleting the entry asks first, then the warning goes (3 of 4 hours is under 90 %).
    dialog.entry_table.selectRow(1)
    problems = when_modal(
        QMessageBox, lambda box: box.button(QMessageBox.StandardButton.Yes).click()
    )
    _click(qtbot, dialog.delete_button)
    assert not problems, problems
    assert dialog.entry_model.rowCount() == 1
    assert dialog.warning.isHidden()

    dialog.cap.clear()
    _click(qtbot, dialog.cap_button)
    assert services.casework.hours_cap() is None


def test_switching_checklists_with_unsaved_changes_asks_first(qtbot, services: Services) -> None:
    templates = ProcedureTemplatesWidget(services)
    qtbot.addWidget(templates)
    templates.show()
    assert templates.select_template("Wohnsitz anmelden")
    templates.name.insert(" (Neuzug)")
    templates.name.textEdited.emit(templates.name.text())
    assert templates.state.text() == "Geändert, noch nicht gespeichert"

    def save(box: QMessageBox) -> None:
        assert "Wohnsitz anmelden (Neuzug)" in box.text()
        box.button(QMessageBox.StandardButton.Save).click()

    problems = when_modal(QMessageBox, save)
    templates.select_template("Schulanmeldung")
    qtbot.waitUntil(lambda: bool(problems) or not templates.dirty, timeout=5000)
    assert not problems, problems
    assert templates.name.text() == "Schulanmeldung"  # the chosen one shows
    names = [template.name for template in services.casework.templates()]
    assert "Wohnsitz anmelden (Neuzug)" in names

    def new_and_discard(box: QMessageBox) -> None:
        box.button(QMessageBox.StandardButton.Discard).click()

    _click(qtbot, templates.new_button)
    assert templates.current is None and templates.name.text() == ""
    _click(qtbot, templates.save_button)
    assert templates.field_errors["name"].text() == "Bitte einen Namen für die Checkliste eingeben."
    problems = when_modal(QMessageBox, new_and_discard)
    templates.select_template("Kindergeld-Antrag")
    qtbot.waitUntil(lambda: bool(problems) or templates.current is not None, timeout=5000)
    assert not problems, problems
    assert templates.name.text() == "Kindergeld-Antrag"
    assert len(services.casework.templates()) == 6
