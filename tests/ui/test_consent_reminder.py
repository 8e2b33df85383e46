"""GIVEN open cases without a signed consent WHEN the guide looks at Heute and at a client THEN
the program reminds her (count and a red line), and once the signature is recorded through the
dialog the reminder goes."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog

from lotsen_app.domain.clients import ClientInput
from lotsen_app.services.container import Services
from lotsen_app.ui.dialogs.consent_dialog import ConsentDialog
from lotsen_app.ui.main_window import MainWindow
from tests.ui.helpers import when_modal


def test_missing_consent_is_counted_shown_and_goes_when_recorded(qtbot, services: Services) -> None:
    first = services.clients.create(ClientInput("Amal", "Haddad", opened_on=date(2026, 11, 1)))
    services.clients.create(ClientInput("Olena", "Iwanowa"))
    window = MainWindow(services)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.data_shown, timeout=10000):
        window.show()
    assert "ohne Einwilligung: <b>2</b>" in window.today_page.summary.text()

    page = window.clients_page
    window.show_page(window.page_index(page))
    row = next(
        r for r in range(page.proxy.rowCount()) if "Haddad" in str(page.proxy.index(r, 0).data())
    )
    page.table.selectRow(row)
    # The consent line is read in the background.
    qtbot.waitUntil(lambda: "Keine Einwilligung erfasst" in page.detail.text(), timeout=10000)

    def sign(dialog: QDialog) -> None:
        assert isinstance(dialog, ConsentDialog)
        dialog.health.setChecked(True)
        dialog.save()

    with qtbot.waitSignal(page.rows_loaded, timeout=10000):
        when_modal(ConsentDialog, sign)
        page.record_consent(first)
    assert services.consent.current(first) is not None
    assert "ohne Einwilligung: <b>1</b>" in window.today_page.summary.text()
    row = next(
        r for r in range(page.proxy.rowCount()) if "Haddad" in str(page.proxy.index(r, 0).data())
    )
    page.table.selectRow(row)
    qtbot.waitUntil(lambda: "Einwilligung vom" in page.detail.text(), timeout=10000)
    assert "Keine Einwilligung" not in page.detail.text()
    assert "Einwilligung vom" in page.detail.text() and "Thema Gesundheit" in page.detail.text()
