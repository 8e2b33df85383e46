"""GIVEN the Stellen page WHEN a guide adds, checks, imports or deletes entries THEN it shows."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from lotsen_app.domain.appointments import AuthorityData, NewAppointment
from lotsen_app.domain.clients import ClientInput
from lotsen_app.domain.enums import AppointmentMode, AuthorityKind
from lotsen_app.persistence.models import Contact
from lotsen_app.services.authority_directory import HEADERS, demo_directory_path
from lotsen_app.services.container import Services
from lotsen_app.ui.dialogs.authority_dialog import AuthorityDialog
from lotsen_app.ui.tasks import TaskRunner
from lotsen_app.ui.widgets.authorities_page import AuthoritiesPage
from tests.ui.helpers import when_modal


def _page(qtbot, services: Services) -> AuthoritiesPage:
    tasks = TaskRunner()
    page = AuthoritiesPage(services, tasks)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    with qtbot.waitSignal(page.rows_loaded, timeout=10000):
        page.reload()
    return page


def _save_button(dialog: AuthorityDialog):
    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)


def test_create_an_entry_with_opening_hours_and_see_it_in_table_and_detail(
    qtbot, services: Services
) -> None:
    page = _page(qtbot, services)
    assert page.model.rowCount() == 0

    def fill(dialog: AuthorityDialog) -> None:
        dialog.name.setText("Ausländerbehörde Duisburg")
        dialog.kind.setCurrentIndex(dialog.kind.findData(AuthorityKind.AUSLAENDERBEHOERDE))
        dialog.street.setText("Musterstraße 1")
        dialog.postal_code.setText("47051")
        dialog.city.setText("Duisburg")
        dialog.room.setText("E.12")
        dialog.phone.setText("0203 000000-10")
        dialog.day_edits[0].setText("08:00-12:00, 14:00-16:00")
        dialog.day_edits[5].setText("9.00 - 12.00 Uhr")  # Saturday: today in the tests
        dialog.documents.setPlainText("Reisepass\nBiometrisches Passfoto\n\n")
        qtbot.mouseClick(_save_button(dialog), Qt.MouseButton.LeftButton)

    problems = when_modal(AuthorityDialog, fill)
    with qtbot.waitSignal(page.rows_loaded, timeout=10000):
        qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert problems == []

    assert page.model.rowCount() == 1
    assert page.selected() is not None  # the new entry is selected
    texts = [page.model.index(0, c).data() for c in range(page.model.columnCount())]
    assert texts == [
        "Ausländerbehörde Duisburg",
        "Ausländerbehörde",
        "09:00-12:00",  # today's hours, right after the kind
        "Musterstraße 1, 47051 Duisburg",
        "0203 000000-10",
        "0",
    ]
    detail = page.detail.text()
    assert "08:00-12:00, 14:00-16:00" in detail
    assert "<b>09:00-12:00</b> (heute)" in detail
    assert "<li>Reisepass</li><li>Biometrisches Passfoto</li>" in detail
    assert "fiktiv" not in detail
    assert not page.fictitious_note.isVisible()

    (stored,) = services.authorities.rows()
    assert stored.opening_hours.days[0] == ((time(8), time(12)), (time(14), time(16)))
    assert stored.documents == ["Reisepass", "Biometrisches Passfoto"]
    assert stored.external_key  # every entry carries a key for later imports


def test_unreadable_opening_hours_show_a_german_message_and_nothing_is_saved(
    qtbot, services: Services
) -> None:
    dialog = AuthorityDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("Bürgeramt")
    dialog.day_edits[1].setText("8 bis 12")
    dialog.day_edits[3].setText("14:00-16:00, 15:00-17:00")

    qtbot.mouseClick(_save_button(dialog), Qt.MouseButton.LeftButton)

    assert dialog.day_errors[1].isVisible()
    assert dialog.day_errors[1].text() == "„Di 8 bis 12“: bitte Zeiten wie „08:00-12:00“ angeben."
    assert dialog.day_errors[3].text() == "Zwei Öffnungszeiten am selben Tag überschneiden sich."
    assert not dialog.day_errors[0].isVisible()
    assert "Bitte die rot markierten Angaben prüfen." in dialog.error.text()
    assert dialog.isVisible() and dialog.result() == 0
    assert services.authorities.rows() == []

    # The service's messages appear at their fields, too.
    dialog.day_edits[1].setText("08:00-12:00")
    dialog.day_edits[3].clear()
    dialog.postal_code.setText("4705")
    qtbot.mouseClick(_save_button(dialog), Qt.MouseButton.LeftButton)
    assert not dialog.day_errors[1].isVisible()
    assert dialog.errors["postal_code"].text() == "Die Postleitzahl hat fünf Ziffern."
    assert services.authorities.rows() == []

    dialog.postal_code.setText("47051")
    qtbot.mouseClick(_save_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.result() == 1
    (stored,) = services.authorities.rows()
    assert stored.opening_hours.text() == "Di 08:00-12:00"


def test_import_a_directory_through_the_page_and_again_without_duplicates(
    qtbot, services: Services, tmp_path: Path
) -> None:
    page = _page(qtbot, services)

    with qtbot.waitSignal(page.import_finished, timeout=10000) as imported:
        page.import_file(demo_directory_path())
    qtbot.waitUntil(lambda: page.model.rowCount() == 15, timeout=10000)

    assert imported.args[0].created == 15
    assert page.status.text() == "Verzeichnis übernommen: 15 neu, 0 aktualisiert, 0 unverändert."
    assert page.fictitious_note.isVisible()
    page.table.selectRow(0)
    assert "fiktiv – Beispiel, keine echte Stelle" in page.detail.text()
    italic = page.model.index(0, 0).data(Qt.ItemDataRole.FontRole)
    assert italic is not None and italic.italic()

    page.kind_filter.setCurrentIndex(page.kind_filter.findData(AuthorityKind.BERATUNGSSTELLE))
    assert page.model.rowCount() == 2
    page.search.setText("jugend")
    assert [row.name for row in page.model.rows] == ["Jugendmigrationsdienst (Beispiel)"]

    with qtbot.waitSignal(page.import_finished, timeout=10000) as again:
        page.import_file(demo_directory_path())
    assert again.args[0].unchanged == 15
    assert len(services.authorities.rows()) == 15

    bad = tmp_path / "fehler.csv"
    bad.write_text(";".join(HEADERS) + "\n;Jobcenter;Jobcenter;;123\n", encoding="utf-8-sig")
    with qtbot.waitSignal(page.import_finished, timeout=10000):
        page.import_file(bad)
    assert page.status.text() == (
        "Nichts übernommen: 1 Fehler in 1 Zeile. Bitte die Datei korrigieren und erneut "
        "importieren.\nZeile 2, Spalte „PLZ“: Die Postleitzahl hat fünf Ziffern."
    )
    assert len(services.authorities.rows()) == 15

    junk = tmp_path / "bild.csv"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with qtbot.waitSignal(page.import_finished, timeout=10000):
        page.import_file(junk)
    assert "Binärdaten" in page.status.text()


def test_export_through_the_page_writes_the_file(qtbot, services: Services, tmp_path: Path) -> None:
    services.authorities.save(AuthorityData(name="Sozialamt", kind=AuthorityKind.SOZIALAMT))
    page = _page(qtbot, services)
    target = tmp_path / "Stellen.csv"

    with qtbot.waitSignal(page.export_finished, timeout=10000) as exported:
        page.export_file(target)

    assert exported.args[0] == 1
    assert target.read_text(encoding="utf-8-sig").splitlines()[1].split(";")[1:3] == [
        "Sozialamt",
        "Sozialamt",
    ]
    assert page.status.text() == f"1 Stelle gespeichert in {target}"


def test_an_entry_in_use_is_not_deleted_and_no_question_is_asked_first(
    qtbot, services: Services
) -> None:
    authority_id = services.authorities.save(
        AuthorityData(name="Jobcenter", kind=AuthorityKind.JOBCENTER)
    )
    client_id = services.clients.create(ClientInput("Ali", "Hassan"))
    for day in (23, 24):
        services.appointments.create(
            NewAppointment(
                client_ids=(client_id,),
                starts_at=datetime(2026, 11, day, 9, 0),
                authority_id=authority_id,
                mode=AppointmentMode.ALONE_PREPARED,
            )
        )
    page = _page(qtbot, services)
    page.select_authority(authority_id)
    assert page.model.index(0, 5).data() == "2"
    seen: list[tuple[str, bool]] = []

    def note(box: QMessageBox) -> None:
        seen.append((box.text(), box.button(QMessageBox.StandardButton.Yes) is not None))
        box.accept()

    problems = when_modal(QMessageBox, note)
    with qtbot.waitSignal(page.rows_loaded, timeout=10000):
        qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)

    assert problems == []
    text, asked = seen[0]
    assert not asked  # the service's refusal, not a yes/no question
    assert "löschen?" not in text and text  # a German explanation from the service
    assert [row.id for row in services.authorities.rows()] == [authority_id]
    assert page.model.rowCount() == 1 and page.selected() is not None
    assert [row.authority_name for row in services.appointments.for_client(client_id)] == [
        "Jobcenter",
        "Jobcenter",
    ]


def test_an_unused_entry_is_deleted_after_asking(qtbot, services: Services) -> None:
    services.authorities.save(AuthorityData(name="Sozialamt", kind=AuthorityKind.SOZIALAMT))
    page = _page(qtbot, services)
    page.table.selectRow(0)
    seen: list[str] = []

    def answer(box: QMessageBox) -> None:
        seen.append(box.text())
        box.button(QMessageBox.StandardButton.Yes).click()

    problems = when_modal(QMessageBox, answer)
    with qtbot.waitSignal(page.rows_loaded, timeout=10000):
        qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)

    assert problems == []
    assert seen == ["Die Stelle „Sozialamt“ aus dem Verzeichnis löschen?"]
    assert page.model.rowCount() == 0
    assert services.authorities.rows() == []


def test_search_knows_everyday_names_and_the_detail_hides_the_key(
    qtbot, services: Services
) -> None:
    page = _page(qtbot, services)
    with qtbot.waitSignal(page.import_finished, timeout=10000):
        page.import_file(demo_directory_path())
    qtbot.waitUntil(lambda: page.model.rowCount() == 15, timeout=10000)

    def found(text: str) -> set[AuthorityKind]:
        page.search.setText(text)
        return {row.kind for row in page.model.rows}

    assert found("Ausländeramt") == {AuthorityKind.AUSLAENDERBEHOERDE}
    assert found("arbeitsamt") == {AuthorityKind.AGENTUR_FUER_ARBEIT}
    assert found("Einwohnermeldeamt") == {AuthorityKind.BUERGERAMT}
    assert found("Meldeamt") == {AuthorityKind.BUERGERAMT}
    assert found("Kindergeldkasse") == {AuthorityKind.FAMILIENKASSE}
    assert found("Familienkasse") == {AuthorityKind.FAMILIENKASSE}  # the kind label itself

    page.search.clear()
    page.table.selectRow(0)
    row = page.selected()
    assert row is not None and row.external_key
    assert "Schlüssel" not in page.detail.text()
    assert row.external_key not in page.detail.text()
    assert row.external_key in page.detail.toolTip()

    metrics = page.table.fontMetrics()
    for kind in (AuthorityKind.AUSLAENDERBEHOERDE, AuthorityKind.AGENTUR_FUER_ARBEIT):
        assert page.table.columnWidth(1) > metrics.horizontalAdvance(kind.label)
    assert page.table.columnWidth(2) > metrics.horizontalAdvance("08:00-12:00, 14:00-16:00")
    for column in range(page.model.columnCount()):
        assert page.model.index(0, column).data(Qt.ItemDataRole.ToolTipRole)
    landlord = next(
        n for n, r in enumerate(page.model.rows) if r.kind == AuthorityKind.VERMIETER
    )  # too long for the column: elided, whole in the tooltip
    tooltip = page.model.index(landlord, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip == AuthorityKind.VERMIETER.label


def test_opening_hours_accept_short_times_and_empty_days_are_unknown_until_one_is_filled(
    qtbot, services: Services
) -> None:
    dialog = AuthorityDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "alles leer = unbekannt" in dialog.hours_hint.text()
    assert "Zeiten wie 8-12 oder 08:00-12:00" in dialog.hours_hint.text()
    assert {edit.placeholderText() for edit in dialog.day_edits} == {"unbekannt"}

    dialog.name.setText("Bürgeramt Mitte")
    dialog.day_edits[0].setText("8-12, 14-16")
    assert dialog.day_edits[1].placeholderText() == "geschlossen"
    qtbot.mouseClick(_save_button(dialog), Qt.MouseButton.LeftButton)

    assert dialog.result() == 1
    (stored,) = services.authorities.rows()
    assert stored.opening_hours.days[0] == ((time(8), time(12)), (time(14), time(16)))
    assert stored.opening_hours.days[1] == ()


def test_an_entry_used_only_by_a_contact_is_refused_without_a_question(
    qtbot, services: Services
) -> None:
    authority_id = services.authorities.save(
        AuthorityData(name="Sozialamt", kind=AuthorityKind.SOZIALAMT)
    )
    with services.database.session() as session:  # a journal entry from issue 6, no appointment
        session.add(
            Contact(
                occurred_on=date(2026, 11, 2),
                kind="beratung",
                authority_id=authority_id,
                created_at=datetime(2026, 11, 2, 12, 0),
            )
        )
    page = _page(qtbot, services)
    page.select_authority(authority_id)
    seen: list[tuple[str, bool]] = []

    def note(box: QMessageBox) -> None:
        seen.append((box.text(), box.button(QMessageBox.StandardButton.Yes) is not None))
        box.accept()

    problems = when_modal(QMessageBox, note)
    with qtbot.waitSignal(page.rows_loaded, timeout=10000):
        qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert problems == []
    assert len(seen) == 1 and not seen[0][1]
    assert "1 Kontakt" in seen[0][0]
    assert [row.id for row in services.authorities.rows()] == [authority_id]
