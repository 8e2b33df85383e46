"""GIVEN October shown on Berichte WHEN it is saved (reported) and people active in it are
erased THEN the page shows the counts as reported, says when, and "Neu berechnen" shows the
records as they are; saving those makes them the reported ones. Real file, real widgets."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from lotsen_app.services.container import Services
from tests.conftest import fixed_clock
from tests.ui.test_reports_page import OCTOBER, Known, build_known, open_page


def test_saved_figures_stay_after_an_erasure_until_recomputed(
    qtbot: QtBot, services: Services, tmp_path: Path
) -> None:
    ids = build_known(services)
    page = open_page(qtbot, services)
    assert page.shown is not None and page.shown.summary.period == OCTOBER
    page.exact.setChecked(True)
    assert "gemeldet" not in page.source.text()
    assert not page.recompute_button.isVisible()

    with qtbot.waitSignal(page.file_written, timeout=10000):
        page.export(".json", tmp_path / "oktober.json")
    assert "wie am 21.11.2026 gemeldet" in page.source.text()
    assert page.recompute_button.isVisible()

    services.privacy.erase(ids[:3], confirmed_count=3)
    with qtbot.waitSignal(page.summary_shown, timeout=10000):
        page.reload()
    assert page.shown is not None
    assert page.shown.summary.clients.active == Known.active
    assert page.shown.summary.reported_at == fixed_clock()
    assert "wie am 21.11.2026 gemeldet" in page.source.text()
    assert page.status.text() == f"{Known.active} aktive Klient:innen"

    with qtbot.waitSignal(page.summary_shown, timeout=10000):
        page.recompute_button.click()
    assert page.shown.summary.clients.active == Known.active - 3
    assert "Neu berechnet" in page.source.text()
    assert not page.recompute_button.isVisible()
    # Switching pages (showEvent) keeps the recomputed view of this period.
    with qtbot.waitSignal(page.summary_shown, timeout=10000):
        page.reload()
    assert page.shown.summary.clients.active == Known.active - 3

    # Saving the recomputed figures reports them.
    with qtbot.waitSignal(page.file_written, timeout=10000):
        page.export(".csv", tmp_path / "oktober-neu.csv")
    assert "wie am 21.11.2026 gemeldet" in page.source.text()
    assert page.status.text() == "Gespeichert: oktober-neu.csv"
    assert services.summary.month(OCTOBER).clients.active == Known.active - 3


def test_a_report_file_makes_the_shown_period_reported(
    qtbot: QtBot, services: Services, tmp_path: Path
) -> None:
    build_known(services)
    page = open_page(qtbot, services)
    assert page.shown is not None and page.shown.summary.period == OCTOBER
    with qtbot.waitSignal(page.summary_shown, timeout=10000):
        page.export_report(tmp_path / "greta.lotsenbericht.json")
    assert "wie am 21.11.2026 gemeldet" in page.source.text()
    assert page.status.text() == "Gespeichert: greta.lotsenbericht.json"
