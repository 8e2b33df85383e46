"""The client's file (Akte): timeline, contact journal and self-help chart, on real SQLite files
and real widgets (offscreen). Written as GIVEN / WHEN / THEN."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from lotsen_app.domain.appointments import AuthorityData, Step
from lotsen_app.domain.casework import NewContact, NewGoal
from lotsen_app.domain.clients import ClientInput
from lotsen_app.domain.deadline_tracking import NewTask
from lotsen_app.domain.enums import (
    AuthorityKind,
    ContactKind,
    FormOfAddress,
    GoalStatus,
    Pillar,
    StepActor,
    TimelineKind,
    Topic,
)
from lotsen_app.services.container import Services
from lotsen_app.ui.dialogs.case_dialogs import PickClientDialog
from lotsen_app.ui.dialogs.client_file_dialog import ClientFileDialog
from lotsen_app.ui.dialogs.contact_dialog import NOTE_HINT, ContactDialog, ContactStepRow
from lotsen_app.ui.models.timeline_model import TimelineModel
from lotsen_app.ui.widgets.casework_widgets import StepRow
from lotsen_app.ui.widgets.goals_tasks_widget import GoalsTasksWidget
from lotsen_app.ui.widgets.self_help_chart import SelfHelpChart
from tests.ui.helpers import when_modal

ALONE, TOGETHER, GUIDE = StepActor.CLIENT_ALONE, StepActor.TOGETHER, StepActor.GUIDE
DURATION_MESSAGE = "Die Dauer muss zwischen 1 Minute und 12 Stunden liegen."


def _client(
    services: Services,
    given: str,
    family: str,
    street: str = "Musterstraße 12",
    form: FormOfAddress = FormOfAddress.FRAU,
) -> int:
    return services.clients.create(
        ClientInput(
            given,
            family,
            form_of_address=form,
            street=street,
            postal_code="47051",
            city="Duisburg",
        )
    )


def _open_file(qtbot, services: Services, client_id: int) -> ClientFileDialog:
    dialog = ClientFileDialog(services, client_id)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=10000):
        dialog.show()
    return dialog


def _contact_dialog(qtbot, services: Services, **kwargs) -> ContactDialog:
    dialog = ContactDialog(services, **kwargs)
    # Closed at the end without the question about typed input (test_contact_dialog_discard).
    qtbot.addWidget(dialog, before_close_func=lambda d: d.done(0))
    dialog.show()
    return dialog


def _set_steps(dialog: ContactDialog, steps: list[tuple[str, StepActor]]) -> None:
    while dialog.steps.rows:
        dialog.steps.remove_row(dialog.steps.rows[0])
    for text, actor in steps:
        row = dialog.steps.add_row()
        assert isinstance(row, StepRow)
        row.description.setText(text)
        row.actor.setCurrentIndex(row.actor.findData(actor))


def _titles(model: TimelineModel) -> list[str]:
    return [model.index(row, TimelineModel.TITLE).data() for row in range(model.rowCount())]


def _record(services: Services, client_ids: tuple[int, ...], on: date, *actors: StepActor) -> int:
    return services.casework.record_contact(
        NewContact(
            on,
            60,
            ContactKind.COUNSELLING,
            client_ids,
            topics=(Topic.MONEY,),
            steps=tuple(Step(f"Schritt {n}", actor) for n, actor in enumerate(actors, 1)),
        )
    )


def test_recording_a_contact_with_steps_updates_timeline_chart_and_sentence(
    qtbot, services: Services
) -> None:
    # GIVEN the empty file of Frau Yilmaz
    client_id = _client(services, "Amina", "Yilmaz")
    file = _open_file(qtbot, services, client_id)
    assert file.windowTitle() == "Akte: Amina Yilmaz"
    assert file.timeline_model.rowCount() == 0
    chart: SelfHelpChart = file.chart
    assert chart.sentence.text() == (
        "In den letzten 3 Monaten wurde für Frau Y. kein Schritt eingetragen."
    )
    # quarters without steps are empty bars, labelled as such, not 0 % bars
    assert all(value == 0 for actor in StepActor for value in chart.values(actor))
    assert chart.categories() == [
        "Q1/2026 · keine Schritte",
        "Q2/2026 · keine Schritte",
        "Q3/2026 · keine Schritte",
        "Q4/2026 · keine Schritte",
    ]

    # WHEN the guide records a contact with two steps done alone and one by the guide
    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, ContactDialog)
        dialog.duration.setValue(45)
        dialog.kind.setCurrentIndex(dialog.kind.findData(ContactKind.LETTER_FORM))
        dialog.topics.boxes[Topic.MONEY].setChecked(True)
        _set_steps(
            dialog,
            [
                ("Antrag ausgefüllt", ALONE),
                ("Kopien gemacht", ALONE),
                ("Beim Jobcenter angerufen", GUIDE),
            ],
        )
        dialog.travel_minutes.setValue(20)
        dialog.travel_cost.setValue(3.5)
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()

    problems = when_modal(ContactDialog, fill)
    with qtbot.waitSignal(file.loaded, timeout=10000):
        qtbot.mouseClick(file.new_contact_button, Qt.MouseButton.LeftButton)
    assert problems == []

    # THEN the timeline has the contact, the chart and the sentence count its steps
    assert file.timeline_model.rowCount() == 1
    entry = file.timeline_model.row_at(0)
    assert entry.kind == TimelineKind.CONTACT
    assert entry.title == "Brief/Formular"
    assert "Antrag ausgefüllt (Klient:in allein)" in entry.detail
    assert chart.values(ALONE) == [0, 0, 0, 67]
    assert chart.values(TOGETHER) == [0, 0, 0, 0]
    assert chart.values(GUIDE) == [0, 0, 0, 33]
    assert chart.categories()[-1] == "Q4/2026 · 3 Schritte"
    assert chart.sentence.text() == (
        "In den letzten 3 Monaten hat Frau Y. 2 von 3 Schritten selbst erledigt."
    )
    assert file.journal_model.rowCount() == 1
    stored = services.casework.journal(client_id)[0]
    assert stored.duration_minutes == 45
    assert stored.topics == (Topic.MONEY,)
    assert stored.travel_minutes == 20
    assert stored.travel_cost_cents == 350
    assert [step.actor for step in stored.steps] == [ALONE, ALONE, GUIDE]


def test_a_family_contact_shows_in_each_members_file(qtbot, services: Services) -> None:
    # GIVEN two Yilmaz at one address, a Yilmaz elsewhere and a neighbour with another name
    amina = _client(services, "Amina", "Yilmaz")
    omar = _client(services, "Omar", "Yilmaz", form=FormOfAddress.HERR)
    elsewhere = _client(services, "Deniz", "Yilmaz", street="Hauptstraße 3")
    neighbour = _client(services, "Olena", "Koval")
    assert [c.id for c in services.casework.family_candidates(amina)] == [omar]
    assert services.casework.family_candidates(elsewhere) == []
    assert neighbour not in [c.id for c in services.casework.family_candidates(amina)]

    # WHEN a contact is recorded from Amina's file for both of them
    dialog = _contact_dialog(qtbot, services, client_ids=(amina,))
    assert dialog.people.client_ids() == (amina,)
    _set_steps(dialog, [("Formular gemeinsam gelesen", TOGETHER)])
    (first,) = dialog.steps.rows
    assert isinstance(first, ContactStepRow)
    assert first.person.isHidden()  # one person: no "wer?"
    dialog.people.set_checked(omar, True)
    assert not first.person.isHidden()
    assert first.person.currentData() == amina  # the person whose file is open
    _set_steps(
        dialog,
        [("Formular gemeinsam gelesen", TOGETHER), ("Zeugnis abgeholt", ALONE), ("Termin", GUIDE)],
    )
    rows = dialog.steps.rows
    assert all(isinstance(row, ContactStepRow) for row in rows)
    assert [row.person.currentData() for row in rows] == [amina, amina, amina]
    rows[1].person.setCurrentIndex(rows[1].person.findData(omar))
    rows[1].person.activated.emit(rows[1].person.currentIndex())
    rows[2].person.setCurrentIndex(rows[2].person.findData(None))  # the whole contact's
    rows[2].person.activated.emit(rows[2].person.currentIndex())
    dialog.save()
    assert dialog.result() == ContactDialog.DialogCode.Accepted
    contact_id = dialog.contact_id

    # THEN it is in both files, says for whom it was recorded, and each step counts only for
    # its person (the step of the whole contact for both)
    sentences = {
        amina: "In den letzten 3 Monaten hat Frau Y. 0 von 2 Schritten selbst erledigt.",
        omar: "In den letzten 3 Monaten hat Herr Y. 1 von 2 Schritten selbst erledigt.",
    }
    for client_id, other in ((amina, "Omar Yilmaz"), (omar, "Amina Yilmaz")):
        file = _open_file(qtbot, services, client_id)
        assert file.timeline_model.rowCount() == 1
        entry = file.timeline_model.row_at(0)
        assert entry.ref_id == contact_id
        assert "Gemeinsam erfasst für: Amina Yilmaz, Omar Yilmaz" in entry.detail
        assert file.journal_model.index(0, 6).data() == other
        assert file.chart.values(GUIDE)[-1] == 50
        assert file.chart.sentence.text() == sentences[client_id]
    assert services.casework.journal(elsewhere) == []

    # AND editing shows whose step each was
    edit = _contact_dialog(qtbot, services, client_ids=(omar,), contact_id=contact_id)
    assert [row.person.currentData() for row in edit.steps.rows] == [amina, omar, None]


def test_editing_a_contact_from_the_timeline(qtbot, services: Services) -> None:
    # GIVEN a contact with one step done together
    client_id = _client(services, "Amina", "Yilmaz")
    contact_id = _record(services, (client_id,), date(2026, 11, 10), TOGETHER)
    file = _open_file(qtbot, services, client_id)
    assert file.chart.values(TOGETHER)[-1] == 100

    # WHEN the guide double-clicks it and says the client did it alone, for 90 minutes
    def edit(dialog: QWidget) -> None:
        assert isinstance(dialog, ContactDialog)
        assert dialog.windowTitle() == "Kontakt bearbeiten"
        assert dialog.duration.value() == 60
        assert dialog.topics.topics() == (Topic.MONEY,)
        (row,) = dialog.steps.rows
        assert isinstance(row, StepRow)
        assert row.description.text() == "Schritt 1"
        row.actor.setCurrentIndex(row.actor.findData(ALONE))
        dialog.duration.setValue(90)
        dialog.note.setPlainText("Weiterbewilligung besprochen")
        dialog.save()

    problems = when_modal(ContactDialog, edit)
    table = file.timeline_table
    cell = table.visualRect(file.timeline_model.index(0, TimelineModel.TITLE)).center()
    with qtbot.waitSignal(file.loaded, timeout=10000):
        # Qt's view sees a double click only after the press/release that starts it.
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert problems == []

    # THEN the same contact is changed, and the file shows it
    stored = services.casework.contact(contact_id)
    assert stored.duration_minutes == 90
    assert stored.steps == (Step("Schritt 1", ALONE),)
    assert len(services.casework.journal(client_id)) == 1
    assert file.timeline_model.row_at(0).detail.startswith("Weiterbewilligung besprochen")
    assert file.chart.values(ALONE)[-1] == 100
    assert file.chart.sentence.text().endswith("1 von 1 Schritt selbst erledigt.")


def test_the_health_warning_comes_and_goes_while_typing(qtbot, services: Services) -> None:
    client_id = _client(services, "Amina", "Yilmaz")
    dialog = _contact_dialog(qtbot, services, client_ids=(client_id,))
    # Health is never ticked for the guide, and the fixed hint is there
    assert dialog.topics.topics() == ()
    assert not dialog.topics.boxes[Topic.HEALTH].isChecked()
    assert any(label.text() == NOTE_HINT for label in dialog.findChildren(QLabel))
    assert not dialog.note_warning.isVisible()

    dialog.note.setPlainText("Termin beim Jobcenter")
    assert not dialog.note_warning.isVisible()
    dialog.note.moveCursor(dialog.note.textCursor().MoveOperation.End)
    dialog.note.insertPlainText(" wegen ihrer Depression")
    assert dialog.note_warning.isVisible()
    assert "„Depression“" in dialog.note_warning.text()
    assert dialog.note_warning.styleSheet() == "color: #b45f06;"

    dialog.note.setPlainText("Termin beim Jobcenter, Krankenkasse informiert")
    assert not dialog.note_warning.isVisible()

    # saving asks once; "Notiz ändern" (the default) goes back to the note
    dialog.note.setPlainText("Befund abgegeben")
    assert dialog.note_warning.isVisible()
    asked: list[str] = []

    def answer(text: str):
        def press(box: QWidget) -> None:
            assert isinstance(box, QMessageBox)
            asked.append(box.text())
            assert box.defaultButton().text() == "Notiz ändern"
            assert [b.text() for b in box.buttons()] == ["Trotzdem speichern", "Notiz ändern"]
            next(b for b in box.buttons() if b.text() == text).click()

        return press

    problems = when_modal(QMessageBox, answer("Notiz ändern"))
    dialog.save()
    assert problems == [] and len(asked) == 1
    assert asked[0].startswith("Die Notiz sieht nach Gesundheitsdetails aus")
    assert dialog.isVisible() and services.casework.journal(client_id) == []

    # "Trotzdem speichern" saves: the warning does not block
    problems = when_modal(QMessageBox, answer("Trotzdem speichern"))
    dialog.save()
    assert problems == [] and len(asked) == 2
    assert dialog.result() == ContactDialog.DialogCode.Accepted
    assert services.casework.journal(client_id)[0].note == "Befund abgegeben"


def test_another_person_is_chosen_from_a_list_loaded_in_the_background(
    qtbot, services: Services
) -> None:
    amina = _client(services, "Amina", "Yilmaz")
    olena = _client(services, "Olena", "Koval", street="Hauptstraße 3")
    dialog = _contact_dialog(qtbot, services, client_ids=(amina,))
    assert dialog.people.client_ids() == (amina,)

    def choose(picker: QWidget) -> None:
        assert isinstance(picker, PickClientDialog)
        assert [picker.proxy.client_at(r).id for r in range(picker.proxy.rowCount())] == [olena]
        picker.accept()

    problems = when_modal(PickClientDialog, choose)
    qtbot.mouseClick(dialog.add_person, Qt.MouseButton.LeftButton)
    # the list is read by a worker: the button waits, the GUI thread does not
    qtbot.waitUntil(lambda: dialog.people.client_ids() == (amina, olena), timeout=5000)
    assert problems == []
    assert dialog.add_person.isEnabled() and dialog.add_person.text() == "Weitere Person …"
    assert dialog.client_rows is not None  # read once; the next click uses it


@pytest.mark.parametrize("minutes", [0, 13 * 60])
def test_an_invalid_duration_is_explained_and_nothing_is_saved(
    qtbot, services: Services, minutes: int
) -> None:
    client_id = _client(services, "Amina", "Yilmaz")
    dialog = _contact_dialog(qtbot, services, client_ids=(client_id,))
    dialog.duration.setValue(minutes)
    _set_steps(dialog, [("Antrag abgegeben", ALONE)])

    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()

    assert dialog.isVisible()
    assert dialog.field_errors["duration"].isVisible()
    assert dialog.field_errors["duration"].text() == DURATION_MESSAGE
    assert dialog.contact_id is None
    assert services.casework.journal(client_id) == []

    # fixing it saves, and the message is gone
    dialog.duration.setValue(30)
    dialog.save()
    assert not dialog.field_errors["duration"].isVisible()
    assert len(services.casework.journal(client_id)) == 1


def test_authority_is_picked_from_the_directory(qtbot, services: Services) -> None:
    jobcenter = services.authorities.save(
        AuthorityData("Jobcenter Duisburg-Mitte", AuthorityKind.JOBCENTER)
    )
    client_id = _client(services, "Amina", "Yilmaz")
    dialog = _contact_dialog(qtbot, services, client_ids=(client_id,))
    line = dialog.authority.lineEdit()
    line.setText("Finanzamt Nirgendwo")
    dialog.save()
    assert "steht nicht im Verzeichnis" in dialog.field_errors["authority"].text()
    assert services.casework.journal(client_id) == []

    line.setText("jobcenter duisburg-mitte")
    dialog.save()
    assert services.casework.journal(client_id)[0].authority_id == jobcenter


def test_filters_reduce_the_timeline(qtbot, services: Services) -> None:
    # GIVEN a contact about money (social pillar), a language goal and a task
    client_id = _client(services, "Amina", "Yilmaz")
    _record(services, (client_id,), date(2026, 11, 2), ALONE)
    services.casework.add_goal(client_id, NewGoal("Deutsch B1 schaffen", Pillar.LANGUAGE))
    services.casework.add_task(client_id, NewTask("Kursträger anrufen"))
    file = _open_file(qtbot, services, client_id)
    assert file.timeline_model.rowCount() == 3
    assert file.timeline_count.text() == "3 Einträge"

    # WHEN only contacts are shown
    file.kind_filter.setCurrentIndex(file.kind_filter.findData(TimelineKind.CONTACT))
    assert _titles(file.timeline_model) == ["Beratung"]
    assert file.timeline_count.text() == "1 von 3 Einträgen"

    # WHEN all kinds of the language pillar are shown
    file.kind_filter.setCurrentIndex(0)
    file.pillar_filter.setCurrentIndex(file.pillar_filter.findData(Pillar.LANGUAGE))
    assert _titles(file.timeline_model) == ["Ziel: Deutsch B1 schaffen"]

    # WHEN contacts of the language pillar: none
    file.kind_filter.setCurrentIndex(file.kind_filter.findData(TimelineKind.CONTACT))
    assert file.timeline_model.rowCount() == 0

    # and everything again
    file.kind_filter.setCurrentIndex(0)
    file.pillar_filter.setCurrentIndex(0)
    assert file.timeline_model.rowCount() == 3


def test_deleting_a_contact_asks_first(qtbot, services: Services) -> None:
    client_id = _client(services, "Amina", "Yilmaz")
    _record(services, (client_id,), date(2026, 11, 2), ALONE)
    file = _open_file(qtbot, services, client_id)
    file.journal_table.selectRow(0)

    def cancel(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        assert "02.11.2026" in box.text()
        box.button(QMessageBox.StandardButton.No).click()

    problems = when_modal(QMessageBox, cancel)
    file.delete_button.click()
    assert problems == []
    assert len(services.casework.journal(client_id)) == 1

    problems = when_modal(
        QMessageBox, lambda box: box.button(QMessageBox.StandardButton.Yes).click()
    )
    with qtbot.waitSignal(file.loaded, timeout=10000):
        file.delete_button.click()
    assert problems == []
    assert services.casework.journal(client_id) == []
    assert file.journal_model.rowCount() == 0
    assert file.timeline_model.rowCount() == 0


def test_the_selected_goal_shows_its_history(qtbot, services: Services) -> None:
    # GIVEN a goal that was changed and then reached
    client_id = _client(services, "Amina", "Yilmaz")
    goal_id = services.casework.add_goal(
        client_id, NewGoal("Deutsch B1", Pillar.LANGUAGE, agreed_on=date(2026, 9, 1))
    )
    services.casework.set_goal_status(goal_id, GoalStatus.CHANGED, date(2026, 10, 1), "Erst A2")
    services.casework.update_goal(goal_id, NewGoal("Deutsch A2", Pillar.LANGUAGE))
    widget = GoalsTasksWidget(services, client_id)
    qtbot.addWidget(widget)
    widget.show()
    assert widget.goal_history.isHidden()

    # WHEN the guide selects it THEN the line under the goals tells its history
    assert widget.select_goal(goal_id)
    assert widget.goal_history.isVisible()
    assert widget.goal_history.text() == (
        "Verlauf: geändert am 01.10.2026: Erst A2 · "
        "Text geändert am 21.11.2026, vorher: „Deutsch B1“"
    )
    # AND a new status shows after the reload
    services.casework.set_goal_status(goal_id, GoalStatus.REACHED, note="Prüfung bestanden")
    widget.reload()
    assert widget.goal_history.text().endswith("erreicht am 21.11.2026: Prüfung bestanden")
