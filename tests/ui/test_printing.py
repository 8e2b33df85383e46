"""GIVEN a document in German, Ukrainian, Arabic and Farsi WHEN it is rendered to PDF THEN the
PDF is A4, embeds only the bundled Noto fonts, and its text (dates, times, Cyrillic, Arabic
script) can be read back; right-to-left paragraphs sit at the right margin.

Checked on the real PDF with poppler's command line tools (pdffonts, pdfinfo, pdftotext).
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from html import unescape
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from lotsen_app.letters import Letter
from lotsen_app.ui.printing import (
    FONT_FAMILIES,
    TEXT_LEFT_MM,
    TEXT_RIGHT_MM,
    register_fonts,
    write_letters_pdf,
)

GERMAN = (
    "Sehr geehrte Frau Müller, Ihr Termin beim Jobcenter ist am Samstag, 07.03.2026 um "
    "09:30 Uhr. Bitte bringen Sie Ihren Ausweis mit: Größe, Öffnungszeiten, Straße."
)
UKRAINIAN = "Шановна пані Коваленко, ваша зустріч відбудеться в суботу, 07.03.2026 о 09:30."
ARABIC = (
    "السيدة ليلى حداد، موعدك عند السيد Schäfer في Jobcenter Duisburg، "
    "الرمز البريدي 47051. يرجى إحضار جواز السفر."
)
FARSI = "خانم حداد، لطفاً گذرنامه خود را بیاورید."
EMBEDDED_FONTS = {
    "NotoSans-Regular",
    "NotoSans-Bold",
    "NotoNaskhArabic-Regular",
    "NotoNaskhArabic-Bold",
}
A4_WIDTH_PT, A4_HEIGHT_PT = 595.276, 841.89
MM = 72 / 25.4

HTML = f"""
<h2>Terminbestätigung</h2>
<p>{GERMAN}</p>
<p>{UKRAINIAN}</p>
<p dir="rtl">{ARABIC}</p>
<p dir="rtl">{FARSI}</p>
"""


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def _plain(text: str) -> str:
    """Presentation forms back to base letters, bidi marks gone, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text)
    return re.sub(r"\s+", " ", text)


def _render(html: str, path: Path, *, title: str) -> int:
    """A plain document (no letterhead) through the letters' PDF writer."""
    return write_letters_pdf([Letter(title, None, html)], path, title=title)


@pytest.fixture
def pdf(qapp: QApplication, tmp_path: Path) -> Path:
    path = tmp_path / "brief.pdf"
    assert _render(HTML, path, title="Terminbestätigung") == 1
    return path


def test_register_fonts_gives_the_bundled_families_once(qapp: QApplication) -> None:
    first = register_fonts()
    assert first == list(FONT_FAMILIES)
    assert register_fonts() == first


def test_pdf_is_a4_portrait_with_title(pdf: Path) -> None:
    info = _run("pdfinfo", str(pdf))
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert size is not None, info
    assert float(size.group(1)) == pytest.approx(A4_WIDTH_PT, abs=1)
    assert float(size.group(2)) == pytest.approx(A4_HEIGHT_PT, abs=1)
    assert re.search(r"Pages:\s+1\b", info)
    assert re.search(r"Title:\s+Terminbestätigung", info)


def test_pdf_embeds_only_the_bundled_fonts(pdf: Path) -> None:
    rows = _run("pdffonts", str(pdf)).splitlines()[2:]
    assert rows, "no fonts listed"
    names = set()
    for row in rows:
        columns = row.split()
        # name type... encoding emb sub uni object ID: emb is the fifth column from the end.
        assert columns[-5] == "yes", row
        names.add(columns[0].split("+")[-1])
    assert names <= EMBEDDED_FONTS
    assert {"NotoSans-Regular", "NotoNaskhArabic-Regular"} <= names


def test_pdf_text_has_date_time_cyrillic_and_arabic(pdf: Path) -> None:
    text = _plain(_run("pdftotext", "-enc", "UTF-8", str(pdf), "-"))
    assert "07.03.2026" in text
    assert "09:30" in text
    assert "Größe, Öffnungszeiten, Straße" in text
    assert "Шановна пані Коваленко" in text
    assert "зустріч відбудеться" in text
    for word in ("السيدة", "ليلى", "حداد", "موعدك", "البريدي", "جواز", "السفر"):
        assert word in text, word
    assert "Schäfer" in text
    assert "Jobcenter Duisburg" in text
    assert "47051" in text
    for word in ("خانم", "گذرنامه", "خود", "بیاورید"):
        assert word in text, word


def _words(pdf: Path) -> list[tuple[float, float, float, str]]:
    """(xMin, xMax, yMin, word) for every word on the page, from ``pdftotext -bbox``."""
    found = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
        _run("pdftotext", "-bbox", "-enc", "UTF-8", str(pdf), "-"),
    )
    return [(float(x0), float(x1), float(y0), _plain(unescape(w))) for x0, y0, x1, w in found]


def test_right_to_left_paragraphs_start_at_the_right_margin(
    qapp: QApplication, tmp_path: Path
) -> None:
    path = tmp_path / "kurz.pdf"
    _render(f'<p>Guten Tag</p><p dir="rtl">{FARSI}</p><p>Danke</p>', path, title="RTL")
    words = _words(path)
    left_margin = TEXT_LEFT_MM * MM
    right_edge = A4_WIDTH_PT - TEXT_RIGHT_MM * MM

    german = [w for w in words if w[3] in ("Guten", "Tag")]
    assert min(w[0] for w in german) == pytest.approx(left_margin, abs=2)

    danke = [w for w in words if w[3] == "Danke"]
    assert danke and danke[0][0] == pytest.approx(left_margin, abs=2)  # back to left to right

    farsi = [w for w in words if german[0][2] + 5 < w[2] < danke[0][2] - 5]
    assert farsi
    assert max(w[1] for w in farsi) == pytest.approx(right_edge, abs=2)
    assert min(w[0] for w in farsi) > A4_WIDTH_PT / 3  # a short line: nothing at the left margin
    # Read right to left (poppler reports Arabic script glyph by glyph): the sentence's first
    # letter is the rightmost, its closing full stop the leftmost.
    assert max(farsi, key=lambda w: w[1])[3] == "خ"
    assert min(farsi, key=lambda w: w[0])[3] == "."


def test_writes_atomically_and_replaces_an_older_file(qapp: QApplication, tmp_path: Path) -> None:
    path = tmp_path / "brief.pdf"
    path.write_bytes(b"alt")
    pages = _render("<p>" + "<br>".join(["Zeile"] * 120) + "</p>", path, title="Lang")
    assert pages >= 2
    assert path.read_bytes().startswith(b"%PDF")
    assert re.search(rf"Pages:\s+{pages}\b", _run("pdfinfo", str(path)))
    assert [p.name for p in tmp_path.iterdir()] == ["brief.pdf"]


def test_missing_folder_leaves_nothing_behind(qapp: QApplication, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        _render("<p>x</p>", tmp_path / "fehlt" / "brief.pdf", title="x")
    assert list(tmp_path.iterdir()) == []
