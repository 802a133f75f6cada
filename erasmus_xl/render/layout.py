"""Page layout of a filled Word document: column widths from the content, rows that stay whole.

Why: a template's fixed column widths cannot know the data. A "Skaits" column sized for
three-digit numbers broke its own header into "Skait|s"; a project name pushed a status to
"apstipri|nāts". After docxtpl has filled a template, `fit_document` measures every data
table (a table whose first row repeats as a header) and sizes its columns from the words
in it: the longest single word of a header always fits, so headers wrap only at spaces.
It also keeps every row on one page, repeats header rows, keeps a short table in one piece
and never leaves a table's last row alone on a page.

Text is measured with the DejaVu fonts matplotlib ships (the widest of the fonts Word and
LibreOffice use for these documents), so a width that fits here fits on paper.
"""
from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm
from docx.table import Table
from docx.text.paragraph import Paragraph

_CELL_PADDING_MM = 2 * 1.9 + 0.8
"""Word's default cell margins (0.19 cm each side) and the borders."""
_DEFAULT_SIZE_PT = 11.0
_LONG_WORD_SHARE = 0.30
"""A cell word wider than this share of the table (a project number) may wrap; a header word never."""
_SHORT_TEXT_MM = 22.0
"""A cell text up to this width ("23 no 25", "01.08.2025.") is kept on one line."""
_KEEP_WHOLE_ROWS = 16
"""Tables up to this many rows are kept on one page (with their caption); longer ones flow."""
_LEAD_MAX_CHARS = 400
"""A paragraph this short before a table's caption moves to the next page with the table."""
_BREAKS = re.compile(r"(?<=[-–/])|\s+")
"""Where LibreOffice and Word may wrap a line: spaces, and after a hyphen, dash or slash."""


@lru_cache(maxsize=8)
def _font(bold: bool, size_pt: float) -> Any:
    """A PIL font of the given size, or None where Pillow or the fonts are missing."""
    try:
        from PIL import ImageFont
    except ImportError:  # pragma: no cover - comes with matplotlib
        return None
    # matplotlib's own copy of the font, found without importing matplotlib (its import costs ~0.5 s)
    spec = importlib.util.find_spec("matplotlib")
    folders = (spec.submodule_search_locations or []) if spec else []
    name = "DejaVuSerif-Bold.ttf" if bold else "DejaVuSerif.ttf"
    path = next((p for p in (Path(f) / "mpl-data" / "fonts" / "ttf" / name for f in folders) if p.is_file()), None)
    if path is None:  # pragma: no cover
        return None
    # 10 px per point: measure at a large size for precision, convert back below.
    return ImageFont.truetype(str(path), int(size_pt * 10))


def text_width_mm(text: str, *, bold: bool = False, size_pt: float = _DEFAULT_SIZE_PT) -> float:
    """Printed width of `text` in millimetres."""
    font = _font(bold, size_pt)
    if font is None:  # pragma: no cover
        return len(text) * size_pt * 0.62 * 25.4 / 72
    return font.getlength(text) / 10 * 25.4 / 72


def _words(text: str) -> list[str]:
    return [word for word in _BREAKS.split(text) if word]


def _size_pt(paragraph: Paragraph, style_sizes: dict[str | None, float]) -> float:
    """The font size in effect: a run's, else the paragraph style's chain, else 11 pt.

    `style_sizes` keeps each style's size for the table being measured: python-docx looks a
    paragraph's style up by searching the styles part every time.
    """
    for run in paragraph.runs:
        if run.font.size is not None:
            return run.font.size.pt
    style_id = paragraph._p.style
    if style_id not in style_sizes:
        style_sizes[style_id] = _style_size_pt(paragraph.style)
    return style_sizes[style_id]


def _style_size_pt(style: Any) -> float:
    while style is not None:
        if style.font is not None and style.font.size is not None:
            return style.font.size.pt
        style = style.base_style
    return _DEFAULT_SIZE_PT


def _bold(paragraph: Paragraph, header: bool) -> bool:
    return header or any(run.bold for run in paragraph.runs)


def _cell_measure(cell_element: Any, header: bool, document: DocumentObject,
                  style_sizes: dict[str | None, float]) -> tuple[float, float]:
    """(longest word, whole longest line) of a cell in millimetres."""
    longest_word = whole = 0.0
    for p in cell_element.iter(qn("w:p")):
        paragraph = Paragraph(p, document)
        text = paragraph.text.strip()
        if not text:
            continue
        size, bold = _size_pt(paragraph, style_sizes), _bold(paragraph, header)
        whole = max(whole, text_width_mm(text, bold=bold, size_pt=size))
        for word in _words(text):
            longest_word = max(longest_word, text_width_mm(word, bold=bold, size_pt=size))
    return longest_word, whole


def _text_width_available(document: DocumentObject) -> float:
    """Width between the margins of the (first) section, in millimetres."""
    section = document.sections[0]
    width, left, right = section.page_width, section.left_margin, section.right_margin
    assert width is not None and left is not None and right is not None   # every section of our documents has a page size and margins
    return Emu(width - left - right).mm


def _is_header_row(row_element: Any) -> bool:
    tr_pr = row_element.trPr
    return tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None


def _rows(table: Table) -> list[Any]:
    return list(table._tbl.tr_lst)


def _cells(row_element: Any) -> list[Any]:
    return list(row_element.tc_lst)


def column_widths(table: Table, document: DocumentObject, available_mm: float) -> list[float] | None:
    """Widths (mm) for a data table's columns from their content, or None when it has merged cells.

    Every column gets at least its longest header word (and its longest cell word, up to a
    share of the table); the rest of the page width goes to the columns in proportion to how
    much more their longest line needs, as browsers lay out tables.
    """
    rows = _rows(table)
    columns = len(table._tbl.tblGrid.gridCol_lst)
    if not rows or columns == 0 or any(len(_cells(row)) != columns for row in rows):
        return None
    minimum = [0.0] * columns
    wanted = [0.0] * columns
    long_word_cap = available_mm * _LONG_WORD_SHARE
    style_sizes: dict[str | None, float] = {}
    for row in rows:
        header = _is_header_row(row)
        for index, cell in enumerate(_cells(row)):
            word, whole = _cell_measure(cell, header, document, style_sizes)
            if not header:
                word = whole if whole <= _SHORT_TEXT_MM else min(word, long_word_cap)
            minimum[index] = max(minimum[index], word + _CELL_PADDING_MM)
            wanted[index] = max(wanted[index], whole + _CELL_PADDING_MM)
    wanted = [max(w, m) for w, m in zip(wanted, minimum, strict=False)]
    if sum(minimum) >= available_mm:
        scale = available_mm / sum(minimum)
        return [m * scale for m in minimum]
    if sum(wanted) <= available_mm:
        spare = available_mm - sum(wanted)
        return [w + spare * w / sum(wanted) for w in wanted]
    spare = available_mm - sum(minimum)
    extra = [w - m for w, m in zip(wanted, minimum, strict=False)]
    return [m + spare * e / sum(extra) for m, e in zip(minimum, extra, strict=False)]


def set_column_widths(table: Table, widths_mm: list[float]) -> None:
    """Write the widths to the grid (LibreOffice) and every cell (Word); fixed layout."""
    table.autofit = False
    for grid_column, width in zip(table._tbl.tblGrid.gridCol_lst, widths_mm, strict=False):
        grid_column.w = Mm(width)
    for row in _rows(table):
        for cell, width in zip(_cells(row), widths_mm, strict=False):
            tc_pr = cell.get_or_add_tcPr()
            tc_pr.width = Mm(width)
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl_pr.append(tbl_w)
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(round(sum(widths_mm) / 25.4 * 1440)))


def _row_flag(row_element: Any, name: str) -> None:
    tr_pr = row_element.get_or_add_trPr()
    if tr_pr.find(qn(f"w:{name}")) is None:
        tr_pr.append(OxmlElement(f"w:{name}"))


def _keep_row_with_next(row_element: Any, document: DocumentObject) -> None:
    for p in row_element.iter(qn("w:p")):
        Paragraph(p, document).paragraph_format.keep_with_next = True


def keep_rows_together(table: Table, document: DocumentObject) -> None:
    """No row split over two pages; a short table in one piece; never a lone first or last row.

    Word and LibreOffice keep a row with the next one when its paragraphs "keep with next".
    """
    rows = _rows(table)
    for row in rows:
        _row_flag(row, "cantSplit")
    if len(rows) <= _KEEP_WHOLE_ROWS:
        kept = rows[:-1]
    else:
        headers = [row for row in rows if _is_header_row(row)]
        kept = rows[:len(headers) + 1] + rows[-2:-1]  # header with a first row; last row not alone
    for row in kept:
        _keep_row_with_next(row, document)


def _previous_paragraph(table: Table) -> Paragraph | None:
    previous = table._tbl.getprevious()
    if previous is not None and previous.tag == qn("w:p"):
        return Paragraph(previous, table._parent)
    return None


def fit_document(document: DocumentObject) -> None:
    """Size data tables from their content and keep rows, tables and captions together.

    A data table is one whose first row repeats as a header (`w:tblHeader`, set by the
    shipped templates); forms (label | value) keep the widths their template gives.
    """
    available = _text_width_available(document)
    for table in document.tables:
        rows = _rows(table)
        if not rows:
            continue
        if _is_header_row(rows[0]):
            widths = column_widths(table, document, available)
            if widths:
                set_column_widths(table, widths)
        keep_rows_together(table, document)
        caption = _previous_paragraph(table)
        if caption is not None and caption.text.strip():
            caption.paragraph_format.keep_with_next = True
            lead = caption._p.getprevious()
            if lead is not None and lead.tag == qn("w:p"):  # the short text that introduces the table
                lead_paragraph = Paragraph(lead, caption._parent)
                if len(lead_paragraph.text) <= _LEAD_MAX_CHARS and caption.style is not None \
                        and caption.style.name == "Caption":
                    lead_paragraph.paragraph_format.keep_with_next = True
    for paragraph in document.paragraphs:
        if paragraph.style is not None and paragraph.style.name.startswith(("Heading", "Title", "Caption")):
            paragraph.paragraph_format.keep_with_next = True


__all__ = ["fit_document", "column_widths", "set_column_widths", "keep_rows_together", "text_width_mm"]
