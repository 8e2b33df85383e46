"""GIVEN the known data set WHEN the summary is written as PDF (by the Qt edge or by
``lotsen summary --out x.pdf``) THEN it is A4 with embedded fonts, charts as images, the title
and the figures, and not one name, birth date, phone number or street of a client."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from lotsen_app import cli
from lotsen_app.domain.summary import Period, Summary
from lotsen_app.persistence.models import AuditEntry
from lotsen_app.reports.summary_html import (
    CHART_AGE,
    CHART_CONTACTS,
    CHART_SELF_HELP,
    summary_charts,
    summary_html,
)
from lotsen_app.services.container import Services
from lotsen_app.ui.summary_printing import render_chart, write_summary_pdf
from tests.ui.test_reports_page import PEOPLE, Known, build_known, pdf_images, pdf_text

OCTOBER = Period.parse("2026-10")


@pytest.fixture
def known(services: Services) -> Services:
    build_known(services)
    return services


def run(*args: str) -> str:
    return subprocess.run(list(args), capture_output=True, text=True, check=True).stdout


def assert_nothing_personal(text: str) -> None:
    flat = " ".join(text.split())
    for given, family, _gender, born, phone in PEOPLE:
        for value in (given, family, phone, born.strftime("%d.%m.%Y"), born.isoformat()):
            assert value not in flat, value
    for value in ("Geheimweg", "47053", "Geheime Notiz", "Greta", "Lotsenfrau"):
        assert value not in flat, value


def test_the_pdf_is_a4_with_embedded_fonts_charts_and_no_personal_data(
    qapp: QApplication, known: Services, tmp_path: Path
) -> None:
    path = tmp_path / "oktober.pdf"
    summary = known.summary.month(OCTOBER)
    pages = write_summary_pdf(summary, path, False, "Caritas Duisburg", created_on=None)
    info = run("pdfinfo", str(path))
    assert "595 x 842 pts (A4)" in info and pages >= 2
    assert f"Pages: {pages}" in " ".join(info.split())
    assert "Title:           Monatsübersicht Oktober 2026" in info
    fonts = run("pdffonts", str(path)).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # emb
    assert any("NotoSans" in line for line in fonts)
    assert len(pdf_images(path)) >= 3
    text = pdf_text(path)
    assert "Monatsübersicht Oktober 2026" in text and "Caritas Duisburg" in text
    assert "Zeitraum 01.10.2026 bis 31.10.2026" in " ".join(text.split())
    assert "<5" in text and "Seite 1 von" in text
    assert_nothing_personal(text)
    assert [p.name for p in tmp_path.iterdir() if "pdf" in p.name] == [path.name]  # no .part


def test_exact_numbers_in_the_pdf(qapp: QApplication, known: Services, tmp_path: Path) -> None:
    path = tmp_path / "genau.pdf"
    write_summary_pdf(known.summary.month(OCTOBER), path, True, "")
    text = " ".join(pdf_text(path).split())
    assert "nur für den internen Gebrauch" in text
    assert f"männlich {Known.men}" in text and f"weiblich {Known.women}" in text
    assert_nothing_personal(pdf_text(path))


def test_the_html_escapes_the_programme_name_and_names_the_charts(known: Services) -> None:
    summary = known.summary.month(OCTOBER)
    html = summary_html(summary, False, "<b>Lotsen & Co</b>")
    assert "&lt;b&gt;Lotsen &amp; Co&lt;/b&gt;" in html
    for name in (CHART_AGE, CHART_CONTACTS, CHART_SELF_HELP):
        assert f'src="{name}"' in html
    assert 'src="' not in summary_html(summary, False, charts=[])


def test_charts_draw_suppressed_counts_as_empty_bars(known: Services) -> None:
    summary = known.summary.month(OCTOBER)
    ages = {chart.name: chart for chart in summary_charts(summary, False)}
    contacts = ages[CHART_CONTACTS]
    values = dict(zip(contacts.categories, contacts.series[0].values, strict=True))
    assert values["Beratung"] == Known.counselling
    assert values["Begleitung (<5)"] == 0  # 1 accompaniment: not drawn
    assert "<5" in contacts.note
    exact = {chart.name: chart for chart in summary_charts(summary, True)}[CHART_CONTACTS]
    assert dict(zip(exact.categories, exact.series[0].values, strict=True))["Begleitung"] == 1
    self_help = ages[CHART_SELF_HELP]
    assert self_help.categories[1] == "Oktober 2026 (6 Schritte)"
    assert [series.values[1] for series in self_help.series] == [100, 0, 0]
    assert "unter 5 Schritte" in self_help.categories[0]  # none in July to September


def test_a_chart_image_has_the_papers_proportions(qapp: QApplication, known: Services) -> None:
    summary: Summary = known.summary.month(OCTOBER)
    image = render_chart(summary_charts(summary, False)[0])
    assert not image.isNull()
    assert round(image.width() / image.height(), 2) == round(150 / 70, 2)


def test_cli_summary_writes_a_pdf(
    qapp: QApplication, known: Services, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.pdf"
    db = str(known.database.path)
    assert cli.main(["summary", "--db", db, "--month", "2026-10", "--out", str(out)]) == 0
    assert "Monatsübersicht Oktober 2026" in capsys.readouterr().out
    assert "Monatsübersicht Oktober 2026" in pdf_text(out)
    assert len(pdf_images(out)) >= 3
    assert_nothing_personal(pdf_text(out))

    report = tmp_path / "greta.lotsenbericht.json"
    assert cli.main(["report-export", "--db", db, "--month", "2026-10", "--out", str(report)]) == 0
    merged = tmp_path / "gesamt.pdf"
    args = ["summary", "--db", db, "--merge", str(report), "--exact", "--out", str(merged)]
    assert cli.main(args) == 0
    assert "zusammengeführt aus 1 Berichtsdatei" in " ".join(pdf_text(merged).split())
    with known.database.session() as session:
        details = [
            (e.action, e.detail)
            for e in session.query(AuditEntry)
            .filter(AuditEntry.entity == "monatsuebersicht")
            .order_by(AuditEntry.id)
        ]
    assert details == [("exportiert", "pdf 2026-10"), ("zusammengeführt", "pdf genau 2026-10")]
