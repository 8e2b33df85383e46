"""The printing edge: letters laid out by Qt's text engine onto A4 pages, as PDF or on a printer.

Letters are built elsewhere as pure data (``lotsen_app.letters``): a letterhead and an HTML body.
This module paints the letterhead at its DIN 5008 form B place on the first page (sender line and
address window, information block, logo, fold and hole marks) and flows the body below it across
as many pages as it needs, with "Seite 1 von 2" on longer letters. Qt shapes Arabic and Farsi
(joining, bidi) itself, which a plain PDF library cannot. The fonts come from ``resources/fonts``,
so every PDF embeds the same Noto fonts, whatever is installed on the computer.

Right to left: put ``dir="rtl"`` on each block element (``<p>``, ``<td>``). Qt's HTML import
turns it into the block's layout direction. Do not put ``dir`` on a container ``<div>``: Qt (6.11)
carries a div's direction over into the blocks *after* the div as well.

Needs a ``QGuiApplication`` (fonts and text layout do).
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
)

from lotsen_app.config import shipped_dir
from lotsen_app.letters.model import BODY_POINT_SIZE, WINDOW_LINES, Letter, Letterhead

FONT_FILES = (
    "NotoSans-Regular.ttf",
    "NotoSans-Bold.ttf",
    "NotoNaskhArabic-Regular.ttf",
    "NotoNaskhArabic-Bold.ttf",
)
#: Tried in this order for every piece of text: Latin, Cyrillic and Greek come from Noto Sans,
#: Arabic script (Arabic, Farsi) from Noto Naskh Arabic.
FONT_FAMILIES = ("Noto Sans", "Noto Naskh Arabic")
RESOLUTION_DPI = 300
CSS_DPI = 96
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210.0, 297.0

# DIN 5008 form B, in mm from the paper's top left corner.
TEXT_LEFT_MM = 25.0  # left edge of the text (and of the address inside the window)
TEXT_RIGHT_MM = 20.0  # right margin
PAGE_TOP_MM = 20.0  # body on the following pages
PAGE_BOTTOM_MM = 25.0
FIRST_BODY_TOP_MM = 98.5  # the subject line, below the address window
LETTERHEAD_TOP_MM = 12.0
LOGO_RECT_MM = (140.0, 10.0, 50.0, 27.0)  # x, y, width, height
WINDOW_LEFT_MM, WINDOW_TOP_MM, WINDOW_WIDTH_MM, WINDOW_HEIGHT_MM = 20.0, 45.0, 85.0, 45.0
SENDER_LINE_TOP_MM = 57.0  # last line of the 17.7 mm Zusatz- und Vermerkzone
ADDRESS_TOP_MM = 62.7  # the 27.3 mm Anschriftzone
INFO_LEFT_MM, INFO_TOP_MM, INFO_WIDTH_MM = 125.0, 50.0, 75.0
FOLD_MARKS_MM = (105.0, 210.0)
HOLE_MARK_MM = 148.5
FOOTER_TOP_MM = 280.0

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


def letter_font(point_size: float = BODY_POINT_SIZE, *, bold: bool = False) -> QFont:
    register_fonts()
    font = QFont()
    font.setFamilies(list(FONT_FAMILIES))
    font.setPointSizeF(point_size)
    font.setBold(bold)
    font.setStyleStrategy(QFont.StyleStrategy.PreferDefault)
    return font


def a4_layout() -> QPageLayout:
    """A4 portrait without printer margins: the letter places everything itself, in mm."""
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        QMarginsF(0, 0, 0, 0),
        QPageLayout.Unit.Millimeter,
    )


class _Page:
    """Millimetres to the device's pixels (a printer may resolve x and y differently)."""

    def __init__(self, device: QPagedPaintDevice) -> None:
        self.dpi = device.logicalDpiY()
        self.dpi_x = device.logicalDpiX()

    def px(self, mm: float) -> float:
        """Vertical, and for lengths where the difference does not matter."""
        return mm * self.dpi / 25.4

    def px_x(self, mm: float) -> float:
        return mm * self.dpi_x / 25.4

    def rect(self, x: float, y: float, width: float, height: float) -> QRectF:
        return QRectF(self.px_x(x), self.px(y), self.px_x(width), self.px(height))


_STYLE = re.compile(r'style="([^"]*)"')
_MILLIMETRES = re.compile(r"(\d+(?:\.\d+)?)mm\b")


def css_pixels(mm: float) -> float:
    """Millimetres as Qt rich text's pixels: 1/96 inch, whatever the device's resolution."""
    return mm * CSS_DPI / 25.4


def millimetres_to_pixels(html: str) -> str:
    """Lengths in mm inside style attributes as px.

    Qt's rich text ignores mm and pt for margins and paddings, but takes px as 1/96 inch and
    scales them to the paint device (300 dpi for a PDF, more for a printer); the templates write
    mm, which this turns into px, so a margin is the same on paper everywhere.
    """

    def convert(style: re.Match[str]) -> str:
        inner = _MILLIMETRES.sub(
            lambda length: f"{css_pixels(float(length.group(1))):.1f}px", style.group(1)
        )
        return f'style="{inner}"'

    return _STYLE.sub(convert, html)


def _body_document(
    html: str,
    device: QPagedPaintDevice,
    page: _Page,
    *,
    letterhead: bool,
    resources: Mapping[str, QImage] | None = None,
) -> QTextDocument:
    document = QTextDocument()
    document.documentLayout().setPaintDevice(device)
    document.setDefaultFont(letter_font())
    document.setDocumentMargin(0)
    for name, image in (resources or {}).items():
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
    document.setHtml(millimetres_to_pixels(html))
    if letterhead:
        # An empty first line as high as the letterhead, so the body starts below the address
        # window; the letterhead is painted into that space. (A margin would be dropped at the
        # top of a page, and a table first would take it in one cell only.)
        cursor = QTextCursor(document)
        cursor.movePosition(QTextCursor.MoveOperation.Start)
        cursor.insertBlock()
        cursor.movePosition(QTextCursor.MoveOperation.Start)
        block_format = cursor.blockFormat()
        block_format.setTopMargin(0)
        block_format.setBottomMargin(0)
        block_format.setLineHeight(
            css_pixels(FIRST_BODY_TOP_MM - PAGE_TOP_MM),
            QTextBlockFormat.LineHeightTypes.FixedHeight.value,
        )
        cursor.setBlockFormat(block_format)
    width = PAGE_WIDTH_MM - TEXT_LEFT_MM - TEXT_RIGHT_MM
    height = PAGE_HEIGHT_MM - PAGE_TOP_MM - PAGE_BOTTOM_MM
    document.setPageSize(QSizeF(page.px_x(width), page.px(height)))
    return document


def _draw_lines(
    painter: QPainter,
    page: _Page,
    lines: Sequence[str],
    x: float,
    y: float,
    width: float,
    font: QFont,
    *,
    smallest: float | None = None,
) -> float:
    """Lines from (x, y) in mm; returns the y below them.

    A line too wide is set smaller, down to ``smallest`` points, and only then cut with "…"
    (a cut address would not arrive).
    """
    top = page.px(y)
    available = page.px_x(width)
    for line in lines:
        fitted = QFont(font)
        metrics = QFontMetricsF(fitted, painter.device())
        size = font.pointSizeF()
        while (
            smallest is not None and metrics.horizontalAdvance(line) > available and size > smallest
        ):
            size -= 0.5
            fitted.setPointSizeF(size)
            metrics = QFontMetricsF(fitted, painter.device())
        painter.setFont(fitted)
        text = metrics.elidedText(line, Qt.TextElideMode.ElideRight, available)
        height = metrics.lineSpacing()
        painter.drawText(QRectF(page.px_x(x), top, available, height), text)
        top += height
    return top * 25.4 / page.dpi


def _paint_letterhead(painter: QPainter, page: _Page, head: Letterhead) -> None:
    organisation = head.organisation
    painter.setPen(QColor("#000000"))
    below = _draw_lines(
        painter,
        page,
        [organisation.name],
        TEXT_LEFT_MM,
        LETTERHEAD_TOP_MM,
        110,
        letter_font(13, bold=True),
        smallest=9,
    )
    _draw_lines(
        painter,
        page,
        organisation.address_lines[:4],
        TEXT_LEFT_MM,
        below + 1,
        110,
        letter_font(8.5),
        smallest=7,
    )
    if organisation.logo:
        image = QImage.fromData(organisation.logo)
        if not image.isNull():
            area = page.rect(*LOGO_RECT_MM)
            size = image.size().toSizeF().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRectF(QPointF(area.right() - size.width(), area.top()), size)
            painter.drawImage(target, image)

    # Address window: the sender line (small, underlined), then only names and postal address.
    sender = letter_font(7)
    sender.setUnderline(True)
    _draw_lines(
        painter,
        page,
        [organisation.sender_line],
        TEXT_LEFT_MM,
        SENDER_LINE_TOP_MM,
        WINDOW_WIDTH_MM - (TEXT_LEFT_MM - WINDOW_LEFT_MM),
        sender,
        smallest=5.5,
    )
    _draw_lines(
        painter,
        page,
        head.recipient_lines[:WINDOW_LINES],
        TEXT_LEFT_MM,
        ADDRESS_TOP_MM,
        WINDOW_WIDTH_MM - (TEXT_LEFT_MM - WINDOW_LEFT_MM),
        letter_font(10),
        smallest=8,
    )

    # Information block: label, value.
    label_font, value_font = letter_font(8), letter_font(9)
    y = INFO_TOP_MM
    for label, value in head.info:
        _draw_lines(painter, page, [label], INFO_LEFT_MM, y, 28, label_font)
        y = _draw_lines(
            painter, page, [value], INFO_LEFT_MM + 28, y, INFO_WIDTH_MM - 30, value_font
        )
        y += 0.8


def _paint_marks(painter: QPainter, page: _Page) -> None:
    pen = QPen(QColor("#888888"))
    pen.setWidthF(page.px(0.2))
    painter.setPen(pen)
    for y in FOLD_MARKS_MM:
        painter.drawLine(QPointF(page.px_x(5), page.px(y)), QPointF(page.px_x(10), page.px(y)))
    painter.drawLine(
        QPointF(page.px_x(5), page.px(HOLE_MARK_MM)), QPointF(page.px_x(12), page.px(HOLE_MARK_MM))
    )
    painter.setPen(QColor("#000000"))


def _paint_footer(painter: QPainter, page: _Page, number: int, count: int) -> None:
    painter.setPen(QColor("#444444"))
    font = letter_font(8)
    painter.setFont(font)
    width = PAGE_WIDTH_MM - TEXT_LEFT_MM - TEXT_RIGHT_MM
    painter.drawText(
        page.rect(TEXT_LEFT_MM, FOOTER_TOP_MM, width, 6),
        int(Qt.AlignmentFlag.AlignRight),
        f"Seite {number} von {count}",
    )
    painter.setPen(QColor("#000000"))


def _paint_document(
    painter: QPainter,
    device: QPagedPaintDevice,
    html: str,
    letterhead: Letterhead | None,
    *,
    first_page: bool,
    resources: Mapping[str, QImage] | None = None,
) -> int:
    page = _Page(device)
    document = _body_document(
        html, device, page, letterhead=letterhead is not None, resources=resources
    )
    size = document.pageSize()
    pages = document.pageCount()
    for index in range(pages):
        if index or not first_page:
            device.newPage()
        if index == 0 and letterhead is not None:
            _paint_letterhead(painter, page, letterhead)
            _paint_marks(painter, page)
        painter.save()
        painter.translate(
            QPointF(page.px_x(TEXT_LEFT_MM), page.px(PAGE_TOP_MM) - index * size.height())
        )
        document.drawContents(painter, QRectF(QPointF(0, index * size.height()), size))
        painter.restore()
        if pages > 1:
            _paint_footer(painter, page, index + 1, pages)
    return pages


def paint_letters(
    letters: Sequence[Letter],
    device: QPagedPaintDevice,
    *,
    resources: Mapping[str, QImage] | None = None,
) -> int:
    """Paint ``letters`` one after the other (each from a new page); returns the page count.

    ``device`` is a QPdfWriter or a QPrinter set up with ``a4_layout()`` (and, for a printer,
    ``setFullPage(True)``): coordinates start at the paper's corner. ``resources``: images the
    HTML refers to by name (``<img src="chart.png">``), e.g. the summary's charts.
    """
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("Drucken oder PDF konnte nicht begonnen werden.")
    pages = 0
    try:
        for index, letter in enumerate(letters):
            pages += _paint_document(
                painter,
                device,
                letter.body_html,
                letter.letterhead,
                first_page=index == 0,
                resources=resources,
            )
    finally:
        finished = painter.end()
    if not finished:
        raise OSError("Die Seiten konnten nicht fertig geschrieben werden.")
    return pages


def _pdf_writer(target: str, title: str) -> QPdfWriter:
    writer = QPdfWriter(target)
    writer.setResolution(RESOLUTION_DPI)
    writer.setTitle(title)
    writer.setCreator("Lotsen")
    if not writer.setPageLayout(a4_layout()):
        raise OSError("Seitenformat A4 konnte nicht eingestellt werden.")
    return writer


def _write_atomically(path: Path, write: Callable[[str], int]) -> int:
    """Write through ``write(temp_name)`` to a hidden file next to ``path``, then rename.

    Letters carry personal data, so nothing goes to the system's temp folder. On any error the
    half-written file is removed and an existing ``path`` stays as it was.
    """
    path = Path(path)
    handle, temp_name = tempfile.mkstemp(
        prefix=f".{path.stem}-", suffix=".pdf.part", dir=path.parent
    )
    os.close(handle)
    try:
        pages = write(temp_name)
        with open(temp_name, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    return pages


def write_letters_pdf(
    letters: Sequence[Letter],
    path: Path,
    *,
    title: str,
    resources: Mapping[str, QImage] | None = None,
) -> int:
    """All ``letters`` into one A4 PDF at ``path`` (atomically); returns the number of pages.

    Written first to a hidden file next to ``path`` (letters carry personal data, so nothing goes
    to the system's temp folder), then renamed over ``path``."""
    if not letters:
        raise ValueError("Keine Briefe zum Schreiben.")

    def write(target: str) -> int:
        writer = _pdf_writer(target, title)
        try:
            return paint_letters(letters, writer, resources=resources)
        finally:
            del writer  # closes the file

    return _write_atomically(path, write)
