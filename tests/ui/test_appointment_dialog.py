"""GIVEN a guide planning an appointment WHEN she fills the dialog THEN it is saved, warned, kept."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMessageBox
from sqlalchemy import select

from lotsen_app.domain.appointments import (
    AppointmentOutcome,
    AuthorityData,
    NewAppointment,
    OpeningHours,
)
from lotsen_app.domain.clients import ClientInput
from lotsen_app.domain.deadlines import DeadlineKind
from lotsen_app.domain.enums import (
    AppointmentMode,
    AppointmentStatus,
    AuthorityKind,
    ContactKind,
    StepActor,
    Topic,
)
from lotsen_app.domain.errors import ValidationError
from lotsen_app.domain.guides import GuideInput
from lotsen_app.persistence.models import (
    Appointment,
    Contact,
    ContactClient,
    ContactStep,
    Deadline,
    Task,
)
from lotsen_app.services.container import Services
from lotsen_app.ui.dialogs.appointment_dialog import (
    AppointmentDialog,
    CancelAppointmentDialog,
    MoveAppointmentDialog,
)
from lotsen_app.ui.dialogs.case_dialogs import PickClientDialog
from lotsen_app.ui.dialogs.outcome_dialog import DeadlineRow, OutcomeDialog, StepRow, TaskRow
from lotsen_app.ui.tasks import TaskRunner
from lotsen_app.ui.widgets.clients_page import ClientsPage
from lotsen_app.ui.widgets.common import show_error
from tests.ui.helpers import when_modal

HOLIDAY_WARNING = "Der 25.12.2026 ist ein Feiertag in Nordrhein-Westfalen (Erster Weihnachtstag)."


def _setup(services: Services) -> dict[str, int]:
    anna = services.guides.create(GuideInput("Anna", "Schmidt"))
    ben = services.guides.create(GuideInput("Ben", "Yilmaz"))
    ali = services.clients.create(ClientInput("Ali", "Hassan"), guide_id=anna)
    amal = services.clients.create(ClientInput("Amal", "Hassan"), guide_id=anna)
    olena = services.clients.create(ClientInput("Olena", "Iwanowa"), guide_id=ben)
    authority = services.authorities.save(
        AuthorityData(
            name="Ausländerbehörde Duisburg",
            kind=AuthorityKind.AUSLAENDERBEHOERDE,
            street="Schwanenstraße 5-7",
            postal_code="47051",
            city="Duisburg",
            room="B 112",
            opening_hours=OpeningHours.parse("Mo-Fr 08:00-16:00"),
            usual_documents="Meldebescheinigung\nFiktionsbescheinigung",
        )
    )
    return {
        "anna": anna,
        "ben": ben,
        "ali": ali,
        "amal": amal,
        "olena": olena,
        "authority": authority,
    }


def _dialog(qtbot, services: Services, **kwargs) -> AppointmentDialog:
    dialog = AppointmentDialog(services, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _set_start(dialog: AppointmentDialog | MoveAppointmentDialog, when: datetime) -> None:
    dialog.date.setDate(QDate(when.year, when.month, when.day))
    dialog.time.setTime(QTime(when.hour, when.minute))


def _click_save(qtbot, dialog: QDialog) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    Button = QDialogButtonBox.StandardButton
    button = buttons.button(Button.Save) or buttons.button(Button.Ok)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _checklist_texts(dialog: AppointmentDialog) -> list[str]:
    return [item.text for item in dialog.checklist_model.items()]


def _appointment_count(services: Services) -> int:
    with services.database.session() as session:
        return len(session.scalars(select(Appointment.id)).all())


def _answer_warnings(answer: QMessageBox.StandardButton, seen: list[str]):
    def act(box: QMessageBox) -> None:
        seen.append(box.text())
        box.button(answer).click()

    return act


def test_create_an_appointment_with_a_prefilled_checklist(qtbot, services: Services) -> None:
    ids = _setup(services)
    dialog = _dialog(qtbot, services, client_ids=[ids["ali"]])
    # GIVEN the client's lead guide is the default
    assert dialog.person_ids() == [ids["ali"]]
    assert dialog.guide.currentData() == ids["anna"]

    # WHEN the authority and purpose are chosen THEN the list shows their documents
    dialog.authority.setCurrentIndex(dialog.authority.findData(ids["authority"]))
    assert "Meldebescheinigung" in _checklist_texts(dialog)
    assert dialog.room.text() == "B 112"
    assert "Schwanenstraße 5-7, 47051 Duisburg" in dialog.authority_info.text()
    dialog.purpose.setEditText("Aufenthaltstitel verlängern")
    texts = _checklist_texts(dialog)
    assert texts[:2] == ["Reisepass oder Ausweis", "Einladung bzw. Terminschreiben"]
    assert {
        "Meldebescheinigung",
        "Fiktionsbescheinigung",
        "Aktuelles biometrisches Passfoto",
    } <= set(texts)
    dialog.checklist_model.setData(
        dialog.checklist_model.index(texts.index("Meldebescheinigung")),
        Qt.CheckState.Checked,
        Qt.ItemDataRole.CheckStateRole,
    )
    _set_start(dialog, datetime(2026, 11, 24, 10, 0))
    dialog.duration.setValue(45)
    assert "Geöffnet am Di: 08:00-16:00" in dialog.authority_info.text()
    assert dialog.warnings == [] and dialog.warning_panel.isHidden()

    _click_save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.saved_id is not None

    saved = services.appointments.get(dialog.saved_id)
    assert saved.client_ids == (ids["ali"],)
    assert saved.guide_id == ids["anna"]
    assert saved.authority is not None and saved.authority.id == ids["authority"]
    assert (saved.starts_at, saved.duration_minutes) == (datetime(2026, 11, 24, 10, 0), 45)
    assert (saved.room, saved.purpose) == ("B 112", "Aufenthaltstitel verlängern")
    assert saved.mode == AppointmentMode.ACCOMPANIED
    done = {item.text for item in saved.checklist if item.done}
    assert done == {"Meldebescheinigung"}
    assert [item.text for item in saved.checklist] == texts


def test_an_edited_checklist_is_not_replaced(qtbot, services: Services) -> None:
    ids = _setup(services)
    dialog = _dialog(qtbot, services, client_ids=[ids["ali"]])
    dialog.checklist_model.setData(dialog.checklist_model.index(0), "Reisepass (alt und neu)")
    dialog.authority.setCurrentIndex(dialog.authority.findData(ids["authority"]))
    assert "Meldebescheinigung" not in _checklist_texts(dialog)
    assert _checklist_texts(dialog)[0] == "Reisepass (alt und neu)"


def test_add_a_family_member_who_is_offered_first(qtbot, services: Services) -> None:
    ids = _setup(services)
    dialog = _dialog(qtbot, services, client_ids=[ids["ali"]])
    offered: list[str] = []

    def pick(picker: PickClientDialog) -> None:
        offered.extend(picker.proxy.client_at(i).full_name for i in range(picker.proxy.rowCount()))
        picker.table.selectRow(0)
        picker.accept()

    problems = when_modal(PickClientDialog, pick)
    qtbot.mouseClick(dialog.add_person_button, Qt.MouseButton.LeftButton)
    # The list is loaded in the background; the button says so meanwhile.
    qtbot.waitUntil(lambda: len(dialog.person_ids()) == 2 or bool(problems), timeout=10000)
    assert problems == []
    assert offered == ["Hassan, Amal", "Iwanowa, Olena"]
    assert dialog.person_ids() == [ids["ali"], ids["amal"]]
    assert dialog.add_person_button.text() == "Person hinzufügen …"
    assert dialog.add_person_button.isEnabled()
    # Her lead guide was known from the list; the guide stays the first person's.
    assert dialog.guide.currentData() == ids["anna"]


def test_warnings_update_live_and_saving_asks_once(qtbot, services: Services) -> None:
    ids = _setup(services)
    services.appointments.create(
        NewAppointment(
            client_ids=(ids["olena"],),
            starts_at=datetime(2026, 12, 25, 10, 0),
            guide_id=ids["anna"],
            place="Jobcenter Duisburg-Mitte",
            purpose="Bürgergeld Weiterbewilligung",
        )
    )
    dialog = _dialog(qtbot, services, client_ids=[ids["ali"]])
    dialog.place.setText("Stadtteilbüro Marxloh")

    _set_start(dialog, datetime(2026, 12, 25, 10, 30))
    assert HOLIDAY_WARNING in dialog.warnings
    assert any(
        w.startswith("Doppelt gebucht: Anna Schmidt hat 10:00–11:00 Uhr") for w in dialog.warnings
    )
    assert not dialog.warning_panel.isHidden()
    assert "Erster Weihnachtstag" in dialog.warning_panel.text()
    assert "Anna Schmidt" in dialog.warning_panel.text()

    # Another guide: no double booking any more, the holiday stays.
    dialog.guide.setCurrentIndex(dialog.guide.findData(ids["ben"]))
    assert dialog.warnings == [HOLIDAY_WARNING]
    dialog.guide.setCurrentIndex(dialog.guide.findData(ids["anna"]))
    assert len(dialog.warnings) == 2
    # Later the same day: no overlap.
    dialog.time.setTime(QTime(14, 0))
    assert dialog.warnings == [HOLIDAY_WARNING]
    dialog.time.setTime(QTime(10, 30))

    seen: list[str] = []
    problems = when_modal(QMessageBox, _answer_warnings(QMessageBox.StandardButton.No, seen))
    _click_save(qtbot, dialog)
    assert problems == []
    assert "Trotzdem speichern?" in seen[0] and HOLIDAY_WARNING in seen[0]
    assert "Doppelt gebucht: Anna Schmidt" in seen[0]
    assert dialog.saved_id is None and dialog.isVisible()
    assert _appointment_count(services) == 1

    problems = when_modal(QMessageBox, _answer_warnings(QMessageBox.StandardButton.Yes, seen))
    _click_save(qtbot, dialog)
    assert problems == []
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert services.appointments.get(dialog.saved_id).starts_at == datetime(2026, 12, 25, 10, 30)
    assert _appointment_count(services) == 2

    # Moving to a working day clears the panel.
    _set_start(dialog, datetime(2026, 11, 24, 10, 0))
    assert dialog.warning_panel.isHidden()


def test_without_authority_the_place_is_required(qtbot, services: Services) -> None:
    ids = _setup(services)
    dialog = _dialog(qtbot, services, client_ids=[ids["ali"]])
    _set_start(dialog, datetime(2026, 11, 24, 10, 0))
    _click_save(qtbot, dialog)
    error = dialog.field_errors["place"]
    assert not error.isHidden()
    assert error.text() == "Bitte eine Stelle aus dem Verzeichnis wählen oder den Ort eingeben."
    assert dialog.saved_id is None and dialog.isVisible()
    assert _appointment_count(services) == 0

    # No person and nobody to accompany: both named at their fields.
    dialog.remove_person()
    dialog.guide.setCurrentIndex(dialog.guide.findData(None))
    _click_save(qtbot, dialog)
    assert dialog.field_errors["clients"].text() == "Bitte mindestens eine Person auswählen."
    assert "Wer begleitet?" in dialog.field_errors["guide"].text()
    assert _appointment_count(services) == 0


def test_move_keeps_the_history(qtbot, services: Services) -> None:
    ids = _setup(services)
    old_id = services.appointments.create(
        NewAppointment(
            client_ids=(ids["ali"],),
            starts_at=datetime(2026, 11, 24, 10, 0),
            authority_id=ids["authority"],
            guide_id=ids["anna"],
            purpose="Wohnsitz anmelden",
        )
    )
    dialog = _dialog(qtbot, services, appointment_id=old_id)
    assert "geplant" in dialog.status_label.text()
    seen: dict[str, object] = {}

    def move(mover: MoveAppointmentDialog) -> None:
        _set_start(mover, datetime(2026, 12, 25, 11, 0))
        seen["warnings"] = list(mover.warnings)
        seen["panel"] = not mover.warning_panel.isHidden()
        confirm = when_modal(
            QMessageBox, _answer_warnings(QMessageBox.StandardButton.Yes, seen.setdefault("q", []))
        )
        _click_save(qtbot, mover)
        seen["confirm"] = confirm

    problems = when_modal(MoveAppointmentDialog, move)
    qtbot.mouseClick(dialog.move_button, Qt.MouseButton.LeftButton)
    assert problems == [] and seen["confirm"] == []
    assert seen["warnings"] == [HOLIDAY_WARNING] and seen["panel"]
    assert dialog.result() == QDialog.DialogCode.Accepted
    new_id = dialog.saved_id
    assert new_id is not None and new_id != old_id

    assert services.appointments.get(old_id).status == AppointmentStatus.MOVED
    history = services.appointments.history(new_id)
    assert [(r.id, r.status) for r in history] == [
        (old_id, AppointmentStatus.MOVED),
        (new_id, AppointmentStatus.PLANNED),
    ]
    assert services.appointments.get(new_id).starts_at == datetime(2026, 12, 25, 11, 0)

    # The old one opens read-only, with the history, and no outcome for it.
    old = _dialog(qtbot, services, appointment_id=old_id)
    assert old.read_only and old.save_button.isHidden()
    assert not old.authority.isEnabled() and not old.date.isEnabled()
    assert not old.outcome_button.isEnabled() and not old.move_button.isEnabled()
    assert "verschoben" in old.status_label.text()
    assert "Di 24.11.2026, 10:00 Uhr (60 Min.) – verschoben" in old.history.text()
    assert "Fr 25.12.2026, 11:00 Uhr (60 Min.) – geplant" in old.history.text()


def test_cancel_asks_and_keeps_the_reason(qtbot, services: Services) -> None:
    ids = _setup(services)
    appointment_id = services.appointments.create(
        NewAppointment(
            client_ids=(ids["ali"],),
            starts_at=datetime(2026, 11, 24, 10, 0),
            guide_id=ids["anna"],
            place="Jobcenter",
        )
    )
    dialog = _dialog(qtbot, services, appointment_id=appointment_id)

    def cancel(asked: CancelAppointmentDialog) -> None:
        asked.reason.insert("Amt hat abgesagt")
        qtbot.mouseClick(
            asked.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
        )

    problems = when_modal(CancelAppointmentDialog, cancel)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert problems == []
    row = services.appointments.get(appointment_id)
    assert (row.status, row.outcome) == (AppointmentStatus.CANCELLED, "Amt hat abgesagt")


def _family_appointment(services: Services, ids: dict[str, int]) -> int:
    return services.appointments.create(
        NewAppointment(
            client_ids=(ids["ali"], ids["amal"]),
            starts_at=datetime(2026, 11, 18, 9, 0),
            duration_minutes=90,
            authority_id=ids["authority"],
            guide_id=ids["anna"],
            purpose="Aufenthaltstitel verlängern",
        )
    )


def test_outcome_records_contact_steps_task_and_deadline(qtbot, services: Services) -> None:
    ids = _setup(services)
    appointment_id = _family_appointment(services, ids)
    dialog = _dialog(qtbot, services, appointment_id=appointment_id)

    def fill(outcome: OutcomeDialog) -> None:
        assert outcome.current_status() == AppointmentStatus.DONE
        assert outcome.contact_kind.currentData() == ContactKind.ACCOMPANIMENT
        assert outcome.duration.value() == 90
        outcome.outcome.setPlainText("Antrag ist abgegeben, Fiktionsbescheinigung erhalten.")
        outcome.topic_boxes[Topic.RESIDENCE].setChecked(True)
        first = outcome.steps.rows[0]
        assert isinstance(first, StepRow)
        first.description.insert("Antrag am Schalter abgegeben")
        first.actor.setCurrentIndex(first.actor.findData(StepActor.CLIENT_ALONE))
        second = outcome.steps.add_row()
        assert isinstance(second, StepRow)
        second.description.insert("Gebühr bezahlt")
        task = outcome.tasks.add_row()
        assert isinstance(task, TaskRow)
        task.text.insert("Neues Passfoto machen lassen")
        task.has_due.setChecked(True)
        task.due.setDate(QDate(2026, 12, 1))
        task.actor.setCurrentIndex(task.actor.findData(StepActor.CLIENT_ALONE))
        deadline = outcome.deadlines.add_row()
        assert isinstance(deadline, DeadlineRow)
        assert not deadline.person.isHidden()  # two persons: choose whose deadline
        deadline.kind.setCurrentIndex(deadline.kind.findData(DeadlineKind.VORLAGE))
        deadline.title.insert("Einkommensnachweise vorlegen")
        deadline.due.setDate(QDate(2026, 12, 15))
        deadline.person.setCurrentIndex(deadline.person.findData(ids["amal"]))
        _click_save(qtbot, outcome)

    problems = when_modal(OutcomeDialog, fill)
    qtbot.mouseClick(dialog.outcome_button, Qt.MouseButton.LeftButton)
    assert problems == []
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.saved_id == appointment_id

    with services.database.session() as session:
        appointment = session.get(Appointment, appointment_id)
        assert appointment.status == AppointmentStatus.DONE.value
        [contact] = session.scalars(select(Contact)).all()
        assert contact.appointment_id == appointment_id
        assert (contact.kind, contact.topics) == ("begleitung", ("aufenthalt",))
        assert (contact.occurred_on, contact.duration_minutes) == (date(2026, 11, 18), 90)
        assert contact.guide_id == ids["anna"] and contact.authority_id == ids["authority"]
        assert contact.note == "Antrag ist abgegeben, Fiktionsbescheinigung erhalten."
        clients = session.scalars(
            select(ContactClient.client_id).where(ContactClient.contact_id == contact.id)
        ).all()
        assert sorted(clients) == sorted([ids["ali"], ids["amal"]])
        steps = session.scalars(
            select(ContactStep).where(ContactStep.contact_id == contact.id).order_by(ContactStep.id)
        ).all()
        assert [(s.description, s.actor) for s in steps] == [
            ("Antrag am Schalter abgegeben", StepActor.CLIENT_ALONE),
            ("Gebühr bezahlt", StepActor.TOGETHER),
        ]
        [task] = session.scalars(select(Task)).all()
        assert (task.text, task.due_date, task.intended_actor, task.client_id) == (
            "Neues Passfoto machen lassen",
            date(2026, 12, 1),
            StepActor.CLIENT_ALONE,
            ids["ali"],
        )
        [deadline] = session.scalars(select(Deadline)).all()
        assert (deadline.kind, deadline.title, deadline.due_date, deadline.client_id) == (
            "vorlage",
            "Einkommensnachweise vorlegen",
            date(2026, 12, 15),
            ids["amal"],
        )
        assert deadline.authority_name == "Ausländerbehörde Duisburg"

    # A held appointment opens read-only and cannot be counted twice.
    again = _dialog(qtbot, services, appointment_id=appointment_id)
    assert again.read_only and not again.outcome_button.isEnabled()
    assert "stattgefunden" in again.status_label.text()


def test_missed_without_steps_is_accepted(qtbot, services: Services) -> None:
    ids = _setup(services)
    appointment_id = _family_appointment(services, ids)
    outcome = OutcomeDialog(services, appointment_id)
    qtbot.addWidget(outcome)
    outcome.show()
    outcome.status.setCurrentIndex(outcome.status.findData(AppointmentStatus.MISSED))
    assert not outcome.contact_box.isEnabled()
    outcome.outcome.setPlainText("Nicht erschienen, Familie war verreist.")
    _click_save(qtbot, outcome)
    assert outcome.result() == QDialog.DialogCode.Accepted
    row = services.appointments.get(appointment_id)
    assert row.status == AppointmentStatus.MISSED
    with services.database.session() as session:
        assert session.scalars(select(Contact)).all() == []


def test_held_without_steps_shows_the_message_and_writes_nothing(qtbot, services: Services) -> None:
    ids = _setup(services)
    appointment_id = _family_appointment(services, ids)
    outcome = OutcomeDialog(services, appointment_id)
    qtbot.addWidget(outcome)
    outcome.show()
    outcome.outcome.setPlainText("Alles erledigt.")
    task = outcome.tasks.add_row()
    assert isinstance(task, TaskRow)
    task.text.insert("Bescheid abwarten")
    _click_save(qtbot, outcome)

    error = outcome.field_errors["steps"]
    assert not error.isHidden()
    assert error.text() == "Bitte mindestens einen Schritt eintragen und wer ihn erledigt hat."
    assert outcome.isVisible() and outcome.result() != QDialog.DialogCode.Accepted
    assert services.appointments.get(appointment_id).status == AppointmentStatus.PLANNED
    with services.database.session() as session:
        assert session.scalars(select(Contact)).all() == []
        assert session.scalars(select(Task)).all() == []


def test_client_page_button_opens_the_dialog_for_that_client(qtbot, services: Services) -> None:
    ids = _setup(services)
    runner = TaskRunner()
    page = ClientsPage(services, runner)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.rows_loaded, timeout=10000):
        page.reload()
    assert page.select_client(ids["amal"])
    qtbot.waitUntil(lambda: page.appointments_note.text() == "keine geplanten Termine")
    seen: dict[str, object] = {}

    def fill(dialog: AppointmentDialog) -> None:
        seen["persons"] = dialog.person_ids()
        seen["guide"] = dialog.guide.currentData()
        seen["start"] = dialog.starts_at()
        dialog.place.setText("Stadtteilbüro Marxloh")
        _click_save(qtbot, dialog)

    problems = when_modal(AppointmentDialog, fill)
    with qtbot.waitSignal(page.appointments_changed, timeout=10000):
        qtbot.mouseClick(page.appointment_button, Qt.MouseButton.LeftButton)
    assert problems == []
    assert seen["persons"] == [ids["amal"]] and seen["guide"] == ids["anna"]
    assert seen["start"] == datetime(2026, 11, 23, 9, 0)  # next working day after Saturday
    qtbot.waitUntil(lambda: len(page.appointment_rows) == 1, timeout=10000)
    row = page.appointment_rows[0]
    assert row.client_ids == (ids["amal"],) and row.place == "Stadtteilbüro Marxloh"
    # The list shows date, time and place in full; the page confirms what was saved.
    assert page.appointment_model.index(0, 0).data() == (
        "Mo 23.11.2026, 09:00 Uhr\nStadtteilbüro Marxloh"
    )
    assert page.appointment_list.horizontalScrollBar().maximum() == 0  # nothing cut off
    assert not page.appointment_saved.isHidden()
    assert page.appointment_saved.text() == "Termin am Mo 23.11.2026 um 09:00 gespeichert."

    # A double click opens the stored appointment.
    opened: list[int | None] = []

    def look(dialog: AppointmentDialog) -> None:
        opened.append(dialog.appointment_id)
        dialog.reject()

    problems = when_modal(AppointmentDialog, look)
    listing = page.appointment_list
    cell = listing.visualRect(page.appointment_model.index(0, 0)).center()
    # Qt's view sees a double click only after the press/release that starts it.
    qtbot.mouseClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.mouseDClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert problems == [] and opened == [row.id]

    # Another person: the confirmation was about Amal and goes.
    assert page.select_client(ids["olena"])
    assert page.appointment_saved.isHidden()
    runner.wait()


def _planned(services: Services, ids: dict[str, int], when: datetime, **changes) -> int:
    data = {
        "client_ids": (ids["ali"],),
        "starts_at": when,
        "authority_id": ids["authority"],
        "guide_id": ids["anna"],
        "purpose": "Wohnsitz anmelden",
        **changes,
    }
    return services.appointments.create(NewAppointment(**data))


def _answer(button: QMessageBox.StandardButton, seen: list[str], then=None):
    """Click ``button`` in the next message box; ``then`` registers the next modal first."""

    def act(box: QMessageBox) -> None:
        seen.append(box.text())
        if then is not None:
            then()
        box.button(button).click()

    return act


def test_unsaved_changes_are_saved_with_the_warnings_before_moving(
    qtbot, services: Services
) -> None:
    ids = _setup(services)
    appointment_id = _planned(services, ids, datetime(2026, 11, 24, 10, 0))
    dialog = _dialog(qtbot, services, appointment_id=appointment_id)
    assert not dialog.has_unsaved_changes()
    # GIVEN a new room and a new day (a holiday) typed into the open appointment
    dialog.room.setText("C 7")
    _set_start(dialog, datetime(2026, 12, 25, 10, 0))
    assert dialog.has_unsaved_changes()
    seen: list[str] = []
    moved: dict[str, object] = {}

    def move(mover: MoveAppointmentDialog) -> None:
        moved["from"] = mover.data.starts_at
        moved["room"] = mover.data.room
        _set_start(mover, datetime(2026, 11, 26, 10, 0))
        _click_save(qtbot, mover)

    def expect_move() -> None:
        moved["problems"] = when_modal(MoveAppointmentDialog, move)

    def expect_warnings() -> None:
        moved["warned"] = when_modal(
            QMessageBox, _answer(QMessageBox.StandardButton.Yes, seen, expect_move)
        )

    # WHEN "Verschieben …" is clicked THEN she is asked, saves, confirms the holiday warning
    problems = when_modal(
        QMessageBox, _answer(QMessageBox.StandardButton.Save, seen, expect_warnings)
    )
    qtbot.mouseClick(dialog.move_button, Qt.MouseButton.LeftButton)
    assert problems == [] and moved["warned"] == [] and moved["problems"] == []
    assert seen[0] == "Änderungen zuerst speichern?"
    assert "Trotzdem speichern?" in seen[1] and HOLIDAY_WARNING in seen[1]
    # ... and the move starts from what she saved, with her room.
    assert moved["from"] == datetime(2026, 12, 25, 10, 0) and moved["room"] == "C 7"
    assert dialog.result() == QDialog.DialogCode.Accepted
    new = services.appointments.get(dialog.saved_id)
    assert (new.starts_at, new.room) == (datetime(2026, 11, 26, 10, 0), "C 7")
    assert services.appointments.get(appointment_id).status == AppointmentStatus.MOVED
    assert dialog.summary == "Termin verschoben auf Do 26.11.2026 um 10:00."


def test_unsaved_changes_can_be_discarded_or_the_action_stopped(qtbot, services: Services) -> None:
    ids = _setup(services)
    appointment_id = _planned(services, ids, datetime(2026, 11, 24, 10, 0))
    dialog = _dialog(qtbot, services, appointment_id=appointment_id)
    dialog.purpose.setEditText("Etwas anderes")
    seen: list[str] = []

    # "Abbrechen": nothing happens, the edit stays in the dialog.
    problems = when_modal(QMessageBox, _answer(QMessageBox.StandardButton.Cancel, seen))
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert problems == [] and seen == ["Änderungen zuerst speichern?"]
    assert dialog.isVisible() and dialog.purpose.currentText() == "Etwas anderes"
    assert services.appointments.get(appointment_id).status == AppointmentStatus.PLANNED

    # "Verwerfen": the stored appointment is cancelled as it was stored.
    def cancel(asked: CancelAppointmentDialog) -> None:
        qtbot.mouseClick(
            asked.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
        )

    later: dict[str, list[str]] = {}
    problems = when_modal(
        QMessageBox,
        _answer(
            QMessageBox.StandardButton.Discard,
            seen,
            lambda: later.setdefault("cancel", when_modal(CancelAppointmentDialog, cancel)),
        ),
    )
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert problems == [] and later["cancel"] == []
    row = services.appointments.get(appointment_id)
    assert (row.status, row.purpose) == (AppointmentStatus.CANCELLED, "Wohnsitz anmelden")
    assert dialog.summary == "Termin am Di 24.11.2026 um 10:00 abgesagt."


def test_unsaved_changes_are_saved_before_the_outcome(qtbot, services: Services) -> None:
    ids = _setup(services)
    appointment_id = _planned(services, ids, datetime(2026, 11, 20, 10, 0))
    dialog = _dialog(qtbot, services, appointment_id=appointment_id)
    dialog.duration.setValue(120)  # it took longer than planned
    seen: list[str] = []
    shown: dict[str, object] = {}

    def look(outcome: OutcomeDialog) -> None:
        shown["duration"] = outcome.duration.value()
        outcome.reject()

    def expect_outcome() -> None:
        shown["problems"] = when_modal(OutcomeDialog, look)

    def expect_warnings() -> None:  # the appointment lies in the past
        shown["warned"] = when_modal(
            QMessageBox, _answer(QMessageBox.StandardButton.Yes, seen, expect_outcome)
        )

    problems = when_modal(
        QMessageBox, _answer(QMessageBox.StandardButton.Save, seen, expect_warnings)
    )
    qtbot.mouseClick(dialog.outcome_button, Qt.MouseButton.LeftButton)
    assert problems == [] and shown["warned"] == [] and shown["problems"] == []
    assert seen[0] == "Änderungen zuerst speichern?" and "Trotzdem speichern?" in seen[1]
    assert shown["duration"] == 120
    assert services.appointments.get(appointment_id).duration_minutes == 120
    assert not dialog.has_unsaved_changes()


def test_outcome_only_after_the_appointment_and_read_only_explained(
    qtbot, services: Services
) -> None:
    ids = _setup(services)
    future = _planned(services, ids, datetime(2026, 11, 24, 10, 0))
    past = _planned(services, ids, datetime(2026, 11, 20, 10, 0))
    missed = _planned(services, ids, datetime(2026, 11, 19, 10, 0))
    cancelled = _planned(services, ids, datetime(2026, 11, 25, 10, 0))
    services.appointments.record_outcome(
        AppointmentOutcome(appointment_id=missed, status=AppointmentStatus.MISSED)
    )
    services.appointments.cancel(cancelled, "Klient ist krank")

    dialog = _dialog(qtbot, services, appointment_id=future)
    assert not dialog.outcome_button.isEnabled()
    assert "begonnen" in dialog.outcome_button.toolTip()
    assert dialog.history.isHidden() and "Nicht verschoben" not in dialog.history.text()
    assert dialog.read_only_note.isHidden()
    # Moving it into the past (not yet saved) makes the outcome possible.
    _set_start(dialog, datetime(2026, 11, 21, 9, 0))
    assert dialog.outcome_button.isEnabled()

    assert _dialog(qtbot, services, appointment_id=past).outcome_button.isEnabled()
    assert _dialog(qtbot, services, appointment_id=missed).outcome_button.isEnabled()

    gone = _dialog(qtbot, services, appointment_id=cancelled)
    assert gone.read_only and not gone.outcome_button.isEnabled()
    assert "Grund der Absage: Klient ist krank" in gone.status_label.text()
    assert "Ergebnis" not in gone.status_label.text()
    assert not gone.read_only_note.isHidden()
    assert "können nicht mehr geändert werden" in gone.read_only_note.text()
    assert gone.place.placeholderText() == "" and gone.room.placeholderText() == ""
    assert gone.purpose.lineEdit().placeholderText() == ""


def test_cancel_reminds_to_tell_the_authority(qtbot, services: Services) -> None:
    ids = _setup(services)
    phone_id = services.authorities.save(
        AuthorityData(
            name="Jobcenter Duisburg-Mitte", kind=AuthorityKind.JOBCENTER, phone="0203 123"
        )
    )
    with_phone = _planned(services, ids, datetime(2026, 11, 24, 10, 0), authority_id=phone_id)
    without_phone = _planned(services, ids, datetime(2026, 11, 25, 10, 0))
    free_place = _planned(
        services, ids, datetime(2026, 11, 26, 10, 0), authority_id=None, place="Kita Sonnenschein"
    )
    texts = []
    for appointment_id in (with_phone, without_phone, free_place):
        asked = CancelAppointmentDialog(services.appointments.get(appointment_id))
        qtbot.addWidget(asked)
        texts.append(asked.reminder.text())
    assert "<b>Jobcenter Duisburg-Mitte</b>" in texts[0] and "<b>0203 123</b>" in texts[0]
    assert "Ausländerbehörde Duisburg" in texts[1] and "keine Telefonnummer" in texts[1]
    assert "Kita Sonnenschein" in texts[2]
    assert all("nur in Ihrem Kalender" in text for text in texts)


def test_outcome_dialog_asks_what_happened_and_offers_fixed_deadlines_only(
    qtbot, services: Services
) -> None:
    ids = _setup(services)
    appointment_id = _family_appointment(services, ids)
    dialog = _dialog(qtbot, services, appointment_id=appointment_id)
    seen: dict[str, object] = {}

    def fill(outcome: OutcomeDialog) -> None:
        seen["choices"] = [outcome.status.itemData(i) for i in range(outcome.status.count())]
        seen["texts"] = [outcome.status.itemText(i) for i in range(outcome.status.count())]
        # the authority is an Ausländerbehörde: residence is pre-ticked, nothing else
        seen["topics"] = [t for t, box in outcome.topic_boxes.items() if box.isChecked()]
        deadline = outcome.deadlines.add_row()
        assert isinstance(deadline, DeadlineRow)
        seen["kinds"] = [deadline.kind.itemData(i) for i in range(deadline.kind.count())]
        deadline.title.insert("Unterlagen nachreichen")
        step = outcome.steps.rows[0]
        assert isinstance(step, StepRow)
        step.description.insert("Antrag abgegeben")
        outcome.steps.add_row()  # an empty step is not counted
        second = outcome.steps.add_row()
        assert isinstance(second, StepRow)
        second.description.insert("Termin für die Abholung vereinbart")
        task = outcome.tasks.add_row()
        assert isinstance(task, TaskRow)
        task.text.insert("Passfoto machen lassen")
        _click_save(qtbot, outcome)
        seen["summary"] = outcome.summary

    problems = when_modal(OutcomeDialog, fill)
    qtbot.mouseClick(dialog.outcome_button, Qt.MouseButton.LeftButton)
    assert problems == []
    assert seen["choices"] == [AppointmentStatus.DONE, AppointmentStatus.MISSED]
    assert seen["texts"] == ["Der Termin hat stattgefunden.", "Der Termin wurde versäumt."]
    assert seen["topics"] == [Topic.RESIDENCE]
    assert not {DeadlineKind.WIDERSPRUCH, DeadlineKind.EINSPRUCH, DeadlineKind.KLAGE} & set(
        seen["kinds"]
    )
    assert DeadlineKind.ABGABE in seen["kinds"]
    assert seen["summary"] == "Kontakt mit 2 Schritten, 1 Aufgabe, 1 Frist gespeichert."
    assert dialog.summary == seen["summary"]


def test_outcome_never_preticks_health_and_sums_up_a_missed_appointment(
    qtbot, services: Services
) -> None:
    ids = _setup(services)
    doctor = services.authorities.save(
        AuthorityData(name="Praxis Dr. Beispiel", kind=AuthorityKind.ARZT_KLINIK)
    )
    appointment_id = _planned(services, ids, datetime(2026, 11, 20, 10, 0), authority_id=doctor)
    outcome = OutcomeDialog(services, appointment_id)
    qtbot.addWidget(outcome)
    outcome.show()
    assert [t for t, box in outcome.topic_boxes.items() if box.isChecked()] == []
    hints = [label.text() for label in outcome.findChildren(QLabel)]
    assert any("Widerspruch, Einspruch oder Klage" in text for text in hints)
    outcome.status.setCurrentIndex(outcome.status.findData(AppointmentStatus.MISSED))
    task = outcome.tasks.add_row()
    assert isinstance(task, TaskRow)
    task.text.insert("Neuen Termin vereinbaren")
    _click_save(qtbot, outcome)
    assert outcome.result() == QDialog.DialogCode.Accepted
    assert outcome.summary == "Termin als „versäumt“ eingetragen; 1 Aufgabe gespeichert."


def test_the_dialog_reads_only_the_persons_it_shows(qtbot, services: Services) -> None:
    """The whole client list (slow with many clients) is read only for "Person hinzufügen"."""
    ids = _setup(services)
    assert services.clients.names_for([ids["ali"], ids["olena"], 999]) == {
        ids["ali"]: "Ali Hassan",
        ids["olena"]: "Olena Iwanowa",
    }
    assert services.clients.lead_guide_ids([ids["ali"], ids["olena"]]) == {
        ids["ali"]: ids["anna"],
        ids["olena"]: ids["ben"],
    }
    calls: list[int] = []
    real_list_rows = services.clients.list_rows

    def counted_list_rows():
        calls.append(1)
        return real_list_rows()

    services.clients.list_rows = counted_list_rows  # counts calls, still reads the database
    dialog = _dialog(qtbot, services, client_ids=[ids["olena"]])
    assert dialog.persons_model.index(0, 0).data() == "Olena Iwanowa"
    assert dialog.guide.currentData() == ids["ben"]
    # Opened from the agenda (nobody yet), a person added by id gets her name and lead guide.
    empty = _dialog(qtbot, services, starts_at=datetime(2026, 11, 24, 9, 0))
    assert empty.guide.currentData() is None
    empty._add_person(ids["ali"])
    assert empty.persons_model.index(0, 0).data() == "Ali Hassan"
    assert empty.guide.currentData() == ids["anna"]
    assert calls == []


def test_show_error_speaks_plain_german(qtbot) -> None:
    seen: list[str] = []

    def read(box: QMessageBox) -> None:
        seen.append(box.text())
        box.accept()

    problems = when_modal(QMessageBox, read)
    show_error(None, KeyError("intern"))
    problems += when_modal(QMessageBox, read)
    show_error(None, ValidationError({"status": "Nur ein geplanter Termin kann abgesagt werden."}))
    assert problems == []
    assert seen == [
        "Das hat nicht geklappt. Ihre Eingaben wurden nicht gespeichert; bitte noch einmal "
        "versuchen.",
        "Nur ein geplanter Termin kann abgesagt werden.",
    ]


def test_client_page_names_further_guides_only_when_there_are_some(
    qtbot, services: Services
) -> None:
    ids = _setup(services)
    services.clients.assign_guide(ids["ali"], ids["ben"])
    runner = TaskRunner()
    page = ClientsPage(services, runner)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.rows_loaded, timeout=10000):
        page.reload()
    assert page.select_client(ids["ali"])
    assert "Lotse/Lotsin: Anna Schmidt und 1 weitere" in page.detail.text()
    assert page.select_client(ids["olena"])
    assert "Lotse/Lotsin: Ben Yilmaz<br>" in page.detail.text()
    assert "weitere" not in page.detail.text().lower()
    runner.wait()


def test_an_interpreter_comes_along_in_any_mode_and_the_language_is_suggested(
    qtbot, services: Services
) -> None:
    ids = _setup(services)
    # GIVEN a client whose record says an interpreter is needed (letters in Arabic)
    layla = services.clients.create(
        ClientInput(
            "Layla",
            "Haddad",
            languages=("ar", "de"),
            preferred_language="ar",
            interpreter_needed=True,
        ),
        guide_id=ids["anna"],
    )
    # WHEN a new appointment is planned for her (the other person needs no interpreter)
    dialog = _dialog(qtbot, services, client_ids=[ids["ali"], layla])
    # THEN her language is suggested, the mode stays "begleitet" and the fields can be filled
    assert dialog.interpreter_language.currentData() == "ar"
    assert dialog.mode.currentData() == AppointmentMode.ACCOMPANIED
    assert dialog.interpreter_name.isEnabled() and dialog.interpreter_language.isEnabled()
    dialog.authority.setCurrentIndex(dialog.authority.findData(ids["authority"]))
    _set_start(dialog, datetime(2026, 11, 24, 10, 0))
    dialog.interpreter_name.insert("Samira Yilmaz")
    _click_save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.saved_id is not None
    saved = services.appointments.get(dialog.saved_id)
    assert (saved.mode, saved.interpreter_name, saved.interpreter_language) == (
        AppointmentMode.ACCOMPANIED,
        "Samira Yilmaz",
        "ar",
    )
    # Reopened, the interpreter is shown with the accompanied appointment and nothing is "changed".
    again = _dialog(qtbot, services, appointment_id=dialog.saved_id)
    assert again.interpreter_name.text() == "Samira Yilmaz"
    assert again.interpreter_language.currentData() == "ar"
    assert not again.has_unsaved_changes()


def test_no_language_is_suggested_without_need_and_the_interpreter_mode_still_asks(
    qtbot, services: Services
) -> None:
    ids = _setup(services)
    dialog = _dialog(qtbot, services, client_ids=[ids["ali"]])
    assert dialog.interpreter_language.currentData() == ""
    dialog.authority.setCurrentIndex(dialog.authority.findData(ids["authority"]))
    _set_start(dialog, datetime(2026, 11, 24, 10, 0))
    dialog.mode.setCurrentIndex(dialog.mode.findData(AppointmentMode.INTERPRETER))
    _click_save(qtbot, dialog)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.field_errors["interpreter"].text() == (
        "Bitte Name oder Sprache der Dolmetscher:in angeben."
    )
    assert _appointment_count(services) == 0


def test_each_followup_task_has_its_own_person(qtbot, services: Services) -> None:
    ids = _setup(services)
    appointment_id = _family_appointment(services, ids)
    outcome = OutcomeDialog(services, appointment_id)
    qtbot.addWidget(outcome)
    outcome.show()
    # GIVEN an appointment for two people THEN each task row asks for whom
    labels = [label.text() for label in outcome.findChildren(QLabel)]
    assert "Aufgaben für" not in labels
    step = outcome.steps.rows[0]
    assert isinstance(step, StepRow)
    step.description.insert("Antrag abgegeben")
    for text, person in (
        ("Passfoto machen lassen", ids["amal"]),
        ("Meldebescheinigung holen", ids["ali"]),
    ):
        task = outcome.tasks.add_row()
        assert isinstance(task, TaskRow)
        assert not task.person.isHidden()
        assert [task.person.itemText(i) for i in range(task.person.count())] == [
            "Ali Hassan",
            "Amal Hassan",
        ]
        task.text.insert(text)
        task.person.setCurrentIndex(task.person.findData(person))
    _click_save(qtbot, outcome)
    assert outcome.result() == QDialog.DialogCode.Accepted
    with services.database.session() as session:
        tasks = session.execute(select(Task.text, Task.client_id).order_by(Task.id)).all()
    assert tasks == [
        ("Passfoto machen lassen", ids["amal"]),
        ("Meldebescheinigung holen", ids["ali"]),
    ]


def test_a_task_row_asks_for_no_person_when_there_is_only_one(qtbot, services: Services) -> None:
    ids = _setup(services)
    appointment_id = _planned(services, ids, datetime(2026, 11, 20, 10, 0))
    outcome = OutcomeDialog(services, appointment_id)
    qtbot.addWidget(outcome)
    outcome.show()
    task = outcome.tasks.add_row()
    assert isinstance(task, TaskRow)
    assert task.person.isHidden()
    assert task.task().client_id == ids["ali"]
