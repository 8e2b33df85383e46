"""GIVEN a directory entry WHEN a guide types part of its name in a letter THEN it is offered."""

from __future__ import annotations

from lotsen_app.domain.appointments import AuthorityData
from lotsen_app.domain.clients import ClientInput
from lotsen_app.domain.enums import AuthorityKind
from lotsen_app.services.container import Services
from lotsen_app.ui.dialogs.deadline_dialog import DeadlineDialog
from lotsen_app.ui.dialogs.letter_dialogs import LetterDialog


def test_letter_and_deadline_dialogs_suggest_directory_names(qtbot, services: Services) -> None:
    services.authorities.save(AuthorityData("Jobcenter Duisburg-Mitte", AuthorityKind.JOBCENTER))
    services.authorities.save(AuthorityData("Familienkasse West", AuthorityKind.FAMILIENKASSE))
    client_id = services.clients.create(ClientInput("Ali", "Hassan"))
    letter = LetterDialog(services, client_id)
    qtbot.addWidget(letter)
    letter.show()
    completer = letter.authority.completer()
    completer.setCompletionPrefix("mitte")
    assert [
        completer.completionModel().index(row, 0).data()
        for row in range(completer.completionCount())
    ] == ["Jobcenter Duisburg-Mitte"]
    deadline = DeadlineDialog(services, client_id, "Hassan, Ali")
    qtbot.addWidget(deadline)
    assert deadline.authority.completer().model().rowCount() == 2
