"""The printing edge: HTML laid out by Qt's text engine into an A4 PDF with embedded fonts.

Letters are built as HTML elsewhere (pure functions, no Qt); this module only turns that HTML
into pages. Qt shapes Arabic and Farsi (joining, bidi) itself, which a plain PDF library cannot.
The fonts come from ``resources/fonts`` so every PDF embeds the same Noto fonts, whatever is
installed on the computer.

Right to left: put ``dir="rtl"`` on each block element (``<p>``, ``<h2>``, ``<td>``, ``<li>``).
Qt's HTML import turns it into the block's layout direction, and the default alignment then
starts the lines at the right margin. Do not put ``dir`` on a container ``<div>``: Qt (6.11)
carries a div's direction over into the blocks *after* the div as well. Blocks without ``dir``
take their direction from their first strong letter.

Needs a ``QGuiApplication`` (fonts and text layout do).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from lotsen_app.config import shipped_dir

FONT_FILES = (
    "NotoSans-Regular.ttf",
    "NotoSans-Bold.ttf",
    "NotoNaskhArabic-Regular.ttf",
    "NotoNaskhArabic-Bold.ttf",
)
#: Tried in this order for every piece of text: Latin, Cyrillic and Greek come from Noto Sans,
#: Arabic script (Arabic, Farsi) from Noto Naskh Arabic.
FONT_FAMILIES = ("Noto Sans", "Noto Naskh Arabic")
BODY_POINT_SIZE = 11
RESOLUTION_DPI = 300
# Page margins in mm (left, top, right, bottom). DIN 5008 asks for at least 20 mm left; form B
# places the body about 98 mm from the top below the address window. The letter layout (sender
# line, address window, information block) is not built yet, so plain 20/20/20/25 mm for now.
PAGE_MARGINS_MM = (20.0, 20.0, 20.0, 25.0)

_registered: list[str] | None = None


def fonts_dir() -> Path:
    return shipped_dir("resources") / "fonts"


def register_fonts() -> list[str]:
    """Make the bundled fonts known to Qt (once per process); returns their family names."""
    global _registered
    if _registered is None:
        families: list[str] = []
        for name in FONT_FILES:
            font_id = QFontDatabase.addApplicationFont(str(fonts_dir() / name))
            if font_id < 0:
                raise RuntimeError(f"Schrift fehlt oder ist beschädigt: {name}")
            for family in QFontDatabase.applicationFontFamilies(font_id):
                if family not in families:
                    families.append(family)
        _registered = families
    return list(_registered)


def letter_font() -> QFont:
    register_fonts()
    font = QFont()
    font.setFamilies(list(FONT_FAMILIES))
    font.setPointSize(BODY_POINT_SIZE)
    font.setStyleStrategy(QFont.StyleStrategy.PreferDefault)
    return font


def _write_pdf(html: str, target: str, title: str) -> int:
    writer = QPdfWriter(target)
    writer.setResolution(RESOLUTION_DPI)
    writer.setTitle(title)
    writer.setCreator("Lotsen")
    layout = QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        QMarginsF(*PAGE_MARGINS_MM),
        QPageLayout.Unit.Millimeter,
    )
    if not writer.setPageLayout(layout):
        raise OSError("Seitenformat A4 konnte nicht eingestellt werden.")

    document = QTextDocument()
    document.documentLayout().setPaintDevice(writer)
    document.setDefaultFont(letter_font())
    document.setDocumentMargin(0)
    document.setHtml(html)

    body = layout.paintRectPixels(RESOLUTION_DPI)
    page = QSizeF(body.width(), body.height())
    document.setPageSize(page)
    pages = document.pageCount()

    painter = QPainter()
    if not painter.begin(writer):
        raise OSError("PDF konnte nicht angelegt werden.")
    try:
        for index in range(pages):
            if index:
                writer.newPage()
            painter.save()
            painter.translate(QPointF(0, -index * page.height()))
            document.drawContents(painter, QRectF(QPointF(0, index * page.height()), page))
            painter.restore()
    finally:
        finished = painter.end()
    del writer  # closes the file
    if not finished:
        raise OSError("PDF konnte nicht geschrieben werden.")
    return pages


def render_pdf(html: str, path: Path, *, title: str) -> int:
    """Lay ``html`` out on A4 pages and write the PDF to ``path``; returns the number of pages.

    Written atomically: first to a hidden file next to ``path`` (letters carry personal data, so
    nothing goes to the system's temp folder), then renamed over ``path``. On any error the
    half-written file is removed and an existing ``path`` stays as it was.
    """
    path = Path(path)
    handle, temp_name = tempfile.mkstemp(
        prefix=f".{path.stem}-", suffix=".pdf.part", dir=path.parent
    )
    os.close(handle)
    try:
        pages = _write_pdf(html, temp_name, title)
        with open(temp_name, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    return pages
