"""GIVEN the contact dialog WHEN the guide leaves it with "Abbrechen", Escape or the window's close
button THEN typed input is only thrown away after a question whose default keeps it ("Nein"),
and a dialog left as it was opened closes without asking."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from lotsen_app.domain.casework import NewContact
from lotsen_app.domain.clients import ClientInput
from lotsen_app.domain.enums import ContactKind, Topic
from lotsen_app.services.container import Services
from lotsen_app.ui.dialogs.contact_dialog import ContactDialog
from tests.ui.helpers import when_modal

NOTE = "Weiterbewilligung besprochen, Unterlagen bis Freitag"


def _client(services: Services) -> int:
    return services.clients.create(ClientInput("Amal", "Haddad", opened_on=date(2026, 10, 1)))


def _dialog(qtbot, services: Services, **kwargs) -> ContactDialog:
    dialog = ContactDialog(services, **kwargs)
    qtbot.addWidget(dialog, before_close_func=lambda d: d.done(0))  # no question at the end
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _answer(button: QMessageBox.StandardButton, seen: list[QMessageBox]):
    def press(box: QMessageBox) -> None:
        seen.append(box)
        assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
        assert box.windowTitle() == "Eingaben verwerfen?"
        assert "noch nicht gespeichert" in box.text()
        box.button(button).click()  # the static question() reads the button clicked

    return press


def _cancel_button(dialog: ContactDialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)


def test_a_typed_note_is_kept_unless_the_guide_says_discard(qtbot, services) -> None:
    client = _client(services)
    dialog = _dialog(qtbot, services, client_ids=[client])
    dialog.note.setPlainText(NOTE)

    # "Abbrechen", answered with "Nein": the dialog and the note stay.
    seen: list[QMessageBox] = []
    problems = when_modal(QMessageBox, _answer(QMessageBox.StandardButton.No, seen))
    qtbot.mouseClick(_cancel_button(dialog), Qt.MouseButton.LeftButton)
    assert problems == [] and len(seen) == 1
    assert dialog.isVisible() and dialog.note.toPlainText() == NOTE

    # Escape, answered with "Nein": still there.
    problems = when_modal(QMessageBox, _answer(QMessageBox.StandardButton.No, seen))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert problems == [] and len(seen) == 2
    assert dialog.isVisible() and dialog.note.toPlainText() == NOTE

    # The window's close button, answered with "Nein": still there.
    problems = when_modal(QMessageBox, _answer(QMessageBox.StandardButton.No, seen))
    dialog.close()
    assert problems == [] and len(seen) == 3
    assert dialog.isVisible()

    # "Ja": the input goes, nothing is saved.
    problems = when_modal(QMessageBox, _answer(QMessageBox.StandardButton.Yes, seen))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert problems == [] and len(seen) == 4
    assert not dialog.isVisible()
    assert dialog.result() == ContactDialog.DialogCode.Rejected
    assert services.casework.journal(client) == []


def _no_question() -> list[str]:
    """Watch for a question for a short while; "did not appear" is reported when none came."""
    return when_modal(QMessageBox, _answer(QMessageBox.StandardButton.No, []), 300)


def test_an_untouched_dialog_closes_without_asking(qtbot, services) -> None:
    client = _client(services)
    for leave in ("cancel", "escape", "close"):
        dialog = _dialog(qtbot, services, client_ids=[client])
        problems = _no_question()
        if leave == "cancel":
            qtbot.mouseClick(_cancel_button(dialog), Qt.MouseButton.LeftButton)
        elif leave == "escape":
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        else:
            dialog.close()
        assert not dialog.isVisible(), leave
        qtbot.waitUntil(lambda problems=problems: bool(problems), timeout=5000)
        assert problems == ["QMessageBox did not appear"], leave


def test_other_entries_count_as_input_too(qtbot, services) -> None:
    client = _client(services)
    changes = {
        "topic": lambda d: d.topics.boxes[Topic.HOUSING].setChecked(True),
        "duration": lambda d: d.duration.setValue(90),
        "step": lambda d: d.steps.rows[0].description.setText("Antrag abgegeben"),
        "kind": lambda d: d.kind.setCurrentIndex(d.kind.count() - 1),
    }
    for name, change in changes.items():
        dialog = _dialog(qtbot, services, client_ids=[client])
        change(dialog)
        seen: list[QMessageBox] = []
        problems = when_modal(QMessageBox, _answer(QMessageBox.StandardButton.No, seen))
        dialog.reject()
        assert problems == [] and len(seen) == 1, name
        assert dialog.isVisible(), name
        dialog.done(0)  # the test closes it without the question


def test_a_stored_contact_asks_only_once_it_was_changed(qtbot, services) -> None:
    client = _client(services)
    contact = services.casework.record_contact(
        NewContact(
            occurred_on=date(2026, 11, 20),
            duration_minutes=45,
            kind=ContactKind.COUNSELLING,
            client_ids=(client,),
            topics=(Topic.HOUSING,),
            note=NOTE,
        )
    )
    dialog = _dialog(qtbot, services, contact_id=contact)
    problems = _no_question()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: bool(problems), timeout=5000)
    assert problems == ["QMessageBox did not appear"]

    dialog = _dialog(qtbot, services, contact_id=contact)
    dialog.note.setPlainText(NOTE + " – und Termin beim Jobcenter")
    seen: list[QMessageBox] = []
    problems = when_modal(QMessageBox, _answer(QMessageBox.StandardButton.Yes, seen))
    qtbot.mouseClick(_cancel_button(dialog), Qt.MouseButton.LeftButton)
    assert problems == [] and len(seen) == 1
    assert not dialog.isVisible()
    assert services.casework.contact(contact).note == NOTE
