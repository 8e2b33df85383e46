"""GIVEN a client with an appointment and an open deadline WHEN the guide prints a letter from
the Termine page, the Fristen page or the client page THEN the print dialog suggests the client's
language, marks unreviewed translations, shows the letter in Qt's print preview (two pages:
German, then the translation) and saves it as PDF; only what was printed or saved is audited."""

from __future__ import annotations

import subprocess
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QDialogButtonBox

from lotsen_app.domain.appointments import NewAppointment
from lotsen_app.domain.clients import ClientInput
from lotsen_app.domain.deadline_tracking import NewDeadline
from lotsen_app.domain.deadlines import DeadlineKind
from lotsen_app.domain.guides import GuideInput
from lotsen_app.letters import Layout, consent_version
from lotsen_app.persistence.models import AuditEntry
from lotsen_app.services.container import Services
from lotsen_app.ui.dialogs.consent_dialog import ConsentDialog
from lotsen_app.ui.dialogs.print_letter_dialog import (
    APPOINTMENT,
    CONSENT,
    DEADLINE,
    WEEK,
    LetterJob,
    PrintLetterDialog,
)
from tests.ui.helpers import shown_main_window, when_modal


def _setup(services: Services) -> dict[str, int]:
    guide = services.guides.create(GuideInput("Anna", "Schmidt"))
    client = services.clients.create(
        ClientInput(
            "Olena",
            "Kovalenko",
            street="Parkstraße 3",
            postal_code="47057",
            city="Duisburg",
            preferred_language="uk",
        ),
        guide_id=guide,
    )
    appointment = services.appointments.create(
        NewAppointment(
            client_ids=(client,),
            starts_at=datetime(2026, 11, 24, 10, 0),
            guide_id=guide,
            place="Bürgeramt Mitte",
            purpose="Wohnsitz anmelden",
        )
    )
    deadline = services.deadlines.create(
        NewDeadline(
            client_id=client,
            kind=DeadlineKind.ABGABE,
            title="Meldebescheinigung",
            fixed_due=date(2026, 12, 1),
        )
    )
    return {"client": client, "appointment": appointment, "deadline": deadline}


def _printed(services: Services) -> list[tuple[str, int | None, str]]:
    with services.database.session() as session:
        return [
            (e.entity, e.entity_id, e.detail)
            for e in session.query(AuditEntry).filter(AuditEntry.action == "gedruckt")
        ]


def _ready(qtbot, dialog: PrintLetterDialog) -> None:
    """The dialog builds the letters on its worker; wait until they (or the reason) are shown."""
    qtbot.waitUntil(lambda: dialog.ready, timeout=10000)


def test_dialog_suggests_the_clients_language_and_marks_unreviewed_ones(
    qtbot, services: Services
) -> None:
    ids = _setup(services)
    dialog = PrintLetterDialog(services, LetterJob(APPOINTMENT, ids["appointment"]))
    qtbot.addWidget(dialog)
    _ready(qtbot, dialog)
    assert dialog.chosen_language() == "uk"
    labels = [dialog.language.itemText(i) for i in range(dialog.language.count())]
    assert len(labels) == 12
    assert labels[0] == "Deutsch"
    assert "Ukrainisch – Українська (noch nicht geprüft)" in labels
    # The sender is not entered yet: the dialog says so before anything is printed.
    assert dialog.hint.isVisibleTo(dialog) and "Einstellungen" in dialog.hint.text()
    assert not dialog.layout_choice.isEnabled() or dialog.chosen_language() != "de"
    dialog.set_language("de")
    assert not dialog.layout_choice.isEnabled()  # nothing to place beside German
    services.settings.set_organisation("Lotsen e. V.", "Weg 1\n47051 Duisburg", "0203 1")
    again = PrintLetterDialog(services, LetterJob(APPOINTMENT, ids["appointment"]))
    qtbot.addWidget(again)
    _ready(qtbot, again)
    assert not again.hint.isVisibleTo(again)


def test_save_as_pdf_writes_both_languages_and_audits_it(
    qtbot, services: Services, tmp_path: Path
) -> None:
    ids = _setup(services)
    dialog = PrintLetterDialog(services, LetterJob(CONSENT, ids["client"]))
    qtbot.addWidget(dialog)
    _ready(qtbot, dialog)
    dialog.set_language("tr")
    dialog.set_layout(Layout.BESIDE)
    path = tmp_path / "einwilligung.pdf"
    assert dialog.save_pdf(path)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Olena Kovalenko" in text and "Veri koruma" in text
    assert "gespeichert" in dialog.message.text() and str(path) in dialog.message.text()
    assert _printed(services) == [
        ("client", ids["client"], "Information zum Datenschutz und Einwilligung (de+tr)")
    ]


def test_preview_shows_the_pages_and_only_printing_is_audited(qtbot, services: Services) -> None:
    ids = _setup(services)
    dialog = PrintLetterDialog(services, LetterJob(APPOINTMENT, ids["appointment"]))
    qtbot.addWidget(dialog)
    _ready(qtbot, dialog)
    seen: dict[str, object] = {}

    def look(preview: QPrintPreviewDialog) -> None:
        widget = preview.findChild(QPrintPreviewWidget)
        seen["pages"] = widget.pageCount()
        seen["title"] = preview.windowTitle()
        preview.reject()  # closed without printing

    problems = when_modal(QPrintPreviewDialog, look)
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    assert problems == []
    assert seen == {"pages": 2, "title": "Vorschau: Terminbestätigung"}
    assert _printed(services) == []


def test_week_without_appointments_gives_a_german_message(
    qtbot, services: Services, tmp_path: Path
) -> None:
    _setup(services)
    empty = PrintLetterDialog(services, LetterJob(WEEK, monday=date(2027, 1, 4)))
    qtbot.addWidget(empty)
    _ready(qtbot, empty)
    shown: list[str] = []

    def read(box) -> None:
        shown.append(box.text())
        box.accept()

    from PySide6.QtWidgets import QMessageBox

    problems = when_modal(QMessageBox, read)
    assert not empty.save_pdf(tmp_path / "leer.pdf")
    assert problems == [] and "keine geplanten Termine" in shown[0]
    assert not (tmp_path / "leer.pdf").exists()

    week = PrintLetterDialog(services, LetterJob(WEEK, monday=date(2026, 11, 23)))
    qtbot.addWidget(week)

    _ready(qtbot, week)
    assert week.save_pdf(tmp_path / "woche.pdf")
    assert "Brief in" in week.message.text()


def test_pages_offer_printing_for_the_selected_record(qtbot, services: Services) -> None:
    ids = _setup(services)
    window = shown_main_window(qtbot, services, settled=True)
    opened: list[LetterJob] = []

    def capture(dialog: PrintLetterDialog) -> None:
        opened.append(dialog.job)
        dialog.accept()

    # Fristen: the reminder of the selected open deadline.
    deadlines = window.deadlines_page
    window.show_page(window.page_index(deadlines))
    qtbot.waitUntil(lambda: deadlines.model.rowCount() == 1, timeout=10000)
    deadlines.select_deadline(ids["deadline"])
    assert deadlines.print_button.isEnabled()
    problems = when_modal(PrintLetterDialog, capture)
    qtbot.mouseClick(deadlines.print_button, Qt.MouseButton.LeftButton)
    assert problems == [] and opened[-1].record_id == ids["deadline"]
    assert "Meldebescheinigung" in opened[-1].description

    # Termine: the selected appointment, and the whole week shown.
    appointments = window.appointments_page
    window.show_page(window.page_index(appointments))
    appointments.go_to(date(2026, 11, 24))
    qtbot.waitUntil(lambda: appointments.select_appointment(ids["appointment"]), timeout=10000)
    assert appointments.print_button.isEnabled()
    problems = when_modal(PrintLetterDialog, capture)
    qtbot.mouseClick(appointments.print_button, Qt.MouseButton.LeftButton)
    assert problems == [] and opened[-1] == LetterJob(
        APPOINTMENT, ids["appointment"], description=opened[-1].description
    )
    problems = when_modal(PrintLetterDialog, capture)
    qtbot.mouseClick(appointments.week_print_button, Qt.MouseButton.LeftButton)
    assert problems == [] and opened[-1].kind == WEEK
    assert opened[-1].monday == date(2026, 11, 23)

    # Klient:innen: the menu offers the consent form, the appointment and the deadline.
    clients = window.clients_page
    window.show_page(window.page_index(clients))
    assert clients.select_client(ids["client"])
    qtbot.waitUntil(lambda: clients.appointment_model.rowCount() == 1, timeout=10000)
    clients._fill_print_menu()
    texts = [a.text() for a in clients.print_menu.actions() if a.text()]
    assert texts[:2] == [
        "Einwilligung und Datenschutz-Information …",
        "Unterschriebene Einwilligung erfassen …",
    ]
    assert "Terminbestätigung" in texts and "Fristerinnerung" in texts
    assert any("Meldebescheinigung" in t for t in texts)
    problems = when_modal(PrintLetterDialog, capture)
    clients.print_menu.actions()[0].trigger()
    assert problems == [] and opened[-1] == LetterJob(CONSENT, ids["client"])


def test_signed_consent_is_recorded_with_the_forms_version_and_language(
    qtbot, services: Services, tmp_path: Path
) -> None:
    ids = _setup(services)
    dialog = PrintLetterDialog(services, LetterJob(CONSENT, ids["client"]))
    qtbot.addWidget(dialog)
    _ready(qtbot, dialog)
    assert dialog.record_button.isVisibleTo(dialog)
    dialog.set_language("ru")  # the client asked for Russian instead of Ukrainian
    assert dialog.save_pdf(tmp_path / "einwilligung.pdf")
    seen: dict[str, object] = {}

    def sign(consent: ConsentDialog) -> None:
        seen["language"] = consent.language.currentData()
        seen["history"] = consent.history_model.stringList()
        consent.health.setChecked(True)
        qtbot.mouseClick(
            consent.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save),
            Qt.MouseButton.LeftButton,
        )

    problems = when_modal(ConsentDialog, sign)
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert problems == []
    assert seen == {"language": "ru", "history": ["noch keine Einwilligung erfasst"]}
    current = services.consent.current(ids["client"])
    assert current is not None
    assert (current.sheet_version, current.sheet_language, current.health_allowed) == (
        consent_version(),
        "ru",
        True,
    )
    assert dialog.message.text() == "Einwilligung erfasst."

    # Without the first box nothing is recorded, and the dialog says why.
    other = ConsentDialog(services, ids["client"])
    qtbot.addWidget(other)
    other.storage.setChecked(False)
    other.save()
    assert "Ohne Zustimmung zur Speicherung" in other.field_errors["storage"].text()
    assert len(services.consent.history(ids["client"])) == 1
    appointment_dialog = PrintLetterDialog(services, LetterJob(APPOINTMENT, ids["appointment"]))
    qtbot.addWidget(appointment_dialog)
    _ready(qtbot, appointment_dialog)
    assert not appointment_dialog.record_button.isVisibleTo(appointment_dialog)


def test_dialog_warns_before_printing_what_cannot_reach_the_client(
    qtbot, services: Services
) -> None:
    ids = _setup(services)
    services.settings.set_organisation("Lotsen e. V.", "Weg 1\n47051 Duisburg", "0203 1")
    guide = services.guides.create(GuideInput("Bernd", "Koch"))
    homeless = services.clients.create(ClientInput("Mehdi", "Sultani"), guide_id=guide)
    dialog = PrintLetterDialog(services, LetterJob(CONSENT, homeless))
    qtbot.addWidget(dialog)
    _ready(qtbot, dialog)
    assert "Für Mehdi Sultani ist keine Anschrift gespeichert" in dialog.hint.text()
    assert dialog.preview_button.isEnabled()
    # A deadline that ends the day after tomorrow: by post the reminder comes too late.
    soon = services.deadlines.create(
        NewDeadline(
            client_id=ids["client"], kind=DeadlineKind.VORLAGE, fixed_due=date(2026, 11, 23)
        )
    )
    reminder = PrintLetterDialog(services, LetterJob(DEADLINE, soon))
    qtbot.addWidget(reminder)
    _ready(qtbot, reminder)
    assert "persönlich übergeben oder anrufen" in reminder.hint.text()
    # A moved appointment: nothing to print, and the dialog says why.
    services.appointments.move(ids["appointment"], datetime(2026, 11, 26, 10, 0))
    moved = PrintLetterDialog(services, LetterJob(APPOINTMENT, ids["appointment"]))
    qtbot.addWidget(moved)
    _ready(qtbot, moved)
    assert "verschoben" in moved.hint.text()
    assert not moved.preview_button.isEnabled() and not moved.pdf_button.isEnabled()


def test_week_dialog_lists_the_letters_and_lets_the_guide_choose_the_week(
    qtbot, services: Services
) -> None:
    _setup(services)
    dialog = PrintLetterDialog(services, LetterJob(WEEK, monday=date(2026, 11, 30)))
    qtbot.addWidget(dialog)
    _ready(qtbot, dialog)
    assert dialog.week_list.text() == "–" and not dialog.pdf_button.isEnabled()
    assert "keine geplanten Termine" in dialog.hint.text()
    dialog.week_day.setDate(QDate(2026, 11, 25))
    _ready(qtbot, dialog)
    assert dialog.monday() == date(2026, 11, 23)
    assert dialog.week_list.text() == (
        "1 Terminbestätigung:\nDi 24.11. 10:00 Olena Kovalenko (Ukrainisch)"
    )
    assert dialog.pdf_button.isEnabled()
