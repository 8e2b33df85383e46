"""GIVEN a guide at the window WHEN she records and assigns a client THEN she finds it everywhere."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPushButton

from lotsen_app.domain.clients import ClientInput
from lotsen_app.domain.enums import FormOfAddress, Gender
from lotsen_app.domain.guides import GuideInput
from lotsen_app.services.container import Services
from lotsen_app.ui.dialogs.case_dialogs import ClientGuidesDialog
from lotsen_app.ui.dialogs.client_dialog import ClientDialog, DuplicateWarningDialog
from tests.ui.helpers import shown_main_window, when_modal


def _save_button(dialog) -> QPushButton:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


def test_create_find_assign_and_see_in_caseload(qtbot, services: Services) -> None:
    anna = services.guides.create(GuideInput("Anna", "Schmidt", languages=("de", "tr")))
    services.clients.create(ClientInput("Olena", "Iwanowa"))
    window = shown_main_window(qtbot, services)
    page = window.clients_page
    window.show_page(window.page_index(page))

    def fill(dialog: ClientDialog) -> None:
        # QTest types ASCII only; the Turkish letters arrive as a keyboard layout would insert them.
        dialog.given_name.insert("Ayşe")
        dialog.family_name.insert("Yılmaz")
        qtbot.keyClicks(dialog.birth, "07.03.1985")
        qtbot.keyClicks(dialog.phone, "0203 555 1234")
        dialog.district.setCurrentIndex(dialog.district.findText("Marxloh (Hamborn)"))
        dialog.gender.setCurrentIndex(dialog.gender.findText("weiblich"))
        dialog.form_of_address.setCurrentIndex(dialog.form_of_address.findText("Frau"))
        qtbot.mouseClick(_save_button(dialog), Qt.MouseButton.LeftButton)

    problems = when_modal(ClientDialog, fill)
    with qtbot.waitSignal(page.rows_loaded, timeout=10000):
        qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert problems == []
    assert page.model.rowCount() == 2

    qtbot.keyClicks(page.search, "yilmaz")  # typed without the Turkish letters
    assert page.proxy.rowCount() == 1
    found = page.proxy.client_at(0)
    assert (found.given_name, found.family_name, found.district) == ("Ayşe", "Yılmaz", "Marxloh")
    saved = services.clients.get(found.id).data
    assert (saved.gender, saved.form_of_address) == (Gender.FEMALE, FormOfAddress.FRAU)
    page.search.clear()
    qtbot.keyClicks(page.search, "555 1234")
    assert [page.proxy.client_at(r).id for r in range(page.proxy.rowCount())] == [found.id]
    page.search.clear()
    qtbot.keyClicks(page.search, "MARXLOH")
    assert page.proxy.rowCount() == 1

    page.select_client(found.id)

    def assign(dialog: ClientGuidesDialog) -> None:
        dialog.guide.setCurrentIndex(dialog.guide.findData(anna))
        dialog.role_lead.setChecked(True)
        add = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Zuordnen")
        qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
        assert dialog.model.rowCount() == 1
        dialog.accept()

    problems = when_modal(ClientGuidesDialog, assign)
    with qtbot.waitSignal(page.rows_loaded, timeout=10000):
        page.guides_action.trigger()  # in the "Weitere" menu
    assert problems == []
    assert page.selected_client().lead_guide == "Anna Schmidt"

    guides = window.guides_page
    window.show_page(window.page_index(guides))
    qtbot.waitUntil(lambda: guides.model.rowCount() == 1)
    guides.select_guide(anna)
    qtbot.waitUntil(lambda: guides.caseload_proxy.rowCount() == 1, timeout=5000)
    assert guides.caseload_proxy.client_at(0).family_name == "Yılmaz"
    assert guides.model.row_at(0).caseload == 1


def test_fields_are_checked_as_the_user_leaves_them(qtbot, services: Services) -> None:
    dialog = ClientDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.birth, "31.02.1980")
    dialog.birth.editingFinished.emit()
    assert dialog.errors["birth"].isVisible()
    assert "gibt es nicht" in dialog.errors["birth"].text()
    assert not dialog.errors["given_name"].isVisible()  # not visited yet

    qtbot.mouseClick(_save_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "Vornamen" in dialog.errors["given_name"].text()
    assert services.clients.list_rows() == []


def test_a_look_alike_is_offered_instead_of_a_second_record(qtbot, services: Services) -> None:
    existing = services.clients.create(ClientInput("Jürgen", "Müller", birth_year=1970))
    dialog = ClientDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.given_name, "Juergen")
    qtbot.keyClicks(dialog.family_name, "Mueller")
    seen: list[str] = []

    def open_existing(warning: DuplicateWarningDialog) -> None:
        seen.extend(label.text() for label in warning.findChildren(QLabel))
        button = next(b for b in warning.findChildren(QPushButton) if b.text() == "Öffnen")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    problems = when_modal(DuplicateWarningDialog, open_existing)
    with qtbot.waitSignal(dialog.open_existing, timeout=5000) as blocker:
        qtbot.mouseClick(_save_button(dialog), Qt.MouseButton.LeftButton)
    assert problems == []
    assert blocker.args == [existing]
    assert any("Jürgen Müller, geb. 1970" in text for text in seen)
    assert len(services.clients.list_rows()) == 1


def test_filters_by_guide_status_and_district(qtbot, services: Services) -> None:
    anna = services.guides.create(GuideInput("Anna", "Schmidt"))
    a = services.clients.create(ClientInput("Ali", "Hassan", district_id=8), guide_id=anna)
    b = services.clients.create(ClientInput("Maria", "Popescu", district_id=30))
    services.clients.pause_case(b)
    window = shown_main_window(qtbot, services)
    page = window.clients_page

    def visible() -> set[int]:
        return {page.proxy.client_at(r).id for r in range(page.proxy.rowCount())}

    assert visible() == {a, b}
    page.guide_filter.setCurrentIndex(page.guide_filter.findData(anna))
    assert visible() == {a}
    page.guide_filter.setCurrentIndex(page.guide_filter.findText("ohne Lotse/Lotsin"))
    assert visible() == {b}
    page.guide_filter.setCurrentIndex(0)
    page.status_filter.setCurrentIndex(page.status_filter.findText("pausiert"))
    assert visible() == {b}
    page.status_filter.setCurrentIndex(page.status_filter.findText("alle"))
    page.district_filter.setCurrentIndex(page.district_filter.findText("Marxloh"))
    assert visible() == {a}
    assert page.count_label.text() == "1 von 2 Klient:innen"


def test_sorting_by_a_column_keeps_the_filter(qtbot, services: Services) -> None:
    for given, family, year in (
        ("Ali", "Hassan", 1990),
        ("Ana", "Popescu", 1970),
        ("Olena", "Iwanowa", 1980),
    ):
        services.clients.create(ClientInput(given, family, birth_year=year))
    window = shown_main_window(qtbot, services)
    page = window.clients_page
    page.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    assert [page.proxy.client_at(r).birth_year for r in range(3)] == [1990, 1980, 1970]
    qtbot.keyClicks(page.search, "a")
    assert [page.proxy.client_at(r).birth_year for r in range(page.proxy.rowCount())] == [
        1990,
        1980,
        1970,
    ]
    page.search.clear()
    qtbot.keyClicks(page.search, "pop")
    assert [page.proxy.client_at(r).family_name for r in range(page.proxy.rowCount())] == [
        "Popescu"
    ]


def test_selection_survives_search_and_sort(qtbot, services: Services) -> None:
    ids = [
        services.clients.create(ClientInput(given, family))
        for given, family in (("Ali", "Hassan"), ("Ana", "Popescu"), ("Olena", "Iwanowa"))
    ]
    window = shown_main_window(qtbot, services)
    page = window.clients_page
    page.select_client(ids[1])
    qtbot.keyClicks(page.search, "a")
    assert page.selected_client().id == ids[1]
    page.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert page.selected_client().id == ids[1]
    assert "Popescu" in page.detail.text()
    page.search.clear()
    qtbot.keyClicks(page.search, "hassan")
    assert page.selected_client() is None
    assert "auswählen" in page.detail.text()
