"""The live adapter: the workbook open in Excel, through xlwings (Windows and macOS desktop Excel).

This module and erasmus_xl/xlwings_glue.py are the only ones that import xlwings. Nothing here
decides anything: it reads cells, applies `SheetImage`s and marks, and talks to the user. The
buttons (erasmus_xl/buttons.py) are the same functions the file adapter runs in the tests.

Not verifiable on the build machine (no Excel there): every call into Excel below uses the
public xlwings API of 0.37.x; `.api` (the native COM/AppleScript object) is used only where
xlwings has no API, always inside try/except with a fallback. tests/test_excel_port.py runs this
adapter against a small fake of that API surface.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Iterable

import xlwings as xw

from erasmus_xl.excel.excel_port import (
    DEFAULT_TITLE,
    SheetImage,
    SheetRenderer,
    is_mark,
    mark_fills,
    sheet_image,
    split_errors,
)

logger = logging.getLogger(__name__)

MAX_ADDRESS = 250          # Excel's Range("A1,B3,…") takes an address of at most 255 characters
POINTS_PER_CM = 28.3465
_HALIGN = {"left": -4131, "center": -4108, "right": -4152}   # xlLeft, xlCenter, xlRight


class LiveWorkbook:
    """The workbook the user clicked in (`xw.Book.caller()`), as a `WorkbookPort`."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.app = book.app
        self._errors: dict[str, dict[tuple[int, int], str]] = {}
        self._screen_was: bool | None = None

    @classmethod
    def caller(cls) -> "LiveWorkbook":
        """The workbook whose button ran this Python (RunPython sets it on the command line)."""
        return cls(xw.Book.caller())

    # -- where
    @property
    def path(self) -> Path | None:
        full = str(self.book.fullname or "")
        path = Path(full)
        if "://" in full or not path.is_absolute():   # never saved ("Book1"), or an unmapped OneDrive URL
            return None
        return path

    @property
    def name(self) -> str:
        return str(self.book.name)

    @property
    def folder(self) -> Path | None:
        return self.path.parent if self.path else None

    @property
    def unsaved_changes(self) -> bool:
        """Whether the workbook has edits not yet saved (Windows: Workbook.Saved)."""
        try:
            return not bool(self.book.api.Saved)
        except Exception:  # macOS / no such property: unknown, assume saved
            return False

    # -- reading
    @property
    def sheet_names(self) -> list[str]:
        return [sheet.name for sheet in self.book.sheets]

    def rows(self, sheet: str) -> list[list[Any]]:
        """All values from A1 to the last used cell in one call (errors read as text, then split)."""
        target = self.book.sheets[sheet]
        last = target.used_range.last_cell
        values = target.range((1, 1), (last.row, last.column)).options(ndim=2, err_to_str=True).value or []
        rows, errors = split_errors([list(row) for row in values])
        self._errors[sheet] = errors
        return rows

    @property
    def error_cells(self) -> dict[str, dict[tuple[int, int], str]]:
        return self._errors

    # -- writing
    def replace_sheet(self, title: str, render: SheetRenderer, *, position: int | None = None,
                      activate: bool = False) -> None:
        """Clear the sheet in place (formulas that point at it keep working) and draw the image."""
        import openpyxl

        scratch = openpyxl.Workbook()
        scratch.remove(scratch.active)
        names = self.sheet_names
        for name in names:   # renderers link to sheets that exist (e.g. the Pārbaude sheet's cell links)
            if name != title:
                scratch.create_sheet(name)
        image = sheet_image(render(scratch, title))
        self._quiet()
        if title in names:
            target = self.book.sheets[title]
            for chart in list(target.charts):
                chart.delete()
            target.cells.unmerge()
            target.cells.clear()
        else:
            sheets = self.book.sheets
            if position is not None and position < len(names):
                target = sheets.add(title, before=sheets[position])
            else:
                target = sheets.add(title, after=sheets[len(names) - 1])
        apply_image(target, image)
        if activate:
            target.activate()

    def mark_cell(self, sheet: str, cell: str, fill: str, comment: str) -> None:
        self._quiet()
        target = self.book.sheets[sheet].range(cell)
        target.color = f"#{fill}"
        note = target.note
        if note is not None:
            if not is_mark(note.text):
                return          # a person's own note stays
            note.delete()
        target.add_note(comment)

    def clear_marks(self, cells: Iterable[tuple[str, str]]) -> int:
        self._quiet()
        ours = mark_fills()
        names = set(self.sheet_names)
        cleared = 0
        for sheet, address in cells:
            if sheet not in names:
                continue
            try:
                target = self.book.sheets[sheet].range(address)
            except Exception:
                continue
            changed = False
            note = target.note
            if note is not None and is_mark(note.text):
                note.delete()
                changed = True
            colour = target.color
            if colour is not None and "{:02X}{:02X}{:02X}".format(*colour) in ours:
                target.color = None
                changed = True
            cleared += changed
        return cleared

    # -- talking
    def message(self, text: str, title: str = DEFAULT_TITLE) -> None:
        self._loud()
        self.app.alert(text, title=title)

    def status(self, text: str | None) -> None:
        try:
            self.app.status_bar = text if text else False
        except Exception:   # the status bar is a nicety; never fail a button over it
            logger.debug("status bar not available", exc_info=True)
        if text is None:
            self._loud()

    def commit(self) -> Path | None:
        """The changes are in the open workbook: the user saves it (Ctrl+S) as usual."""
        self._loud()
        return None

    # -- which button
    def clicked_button(self) -> tuple[str | None, str | None]:
        """The name and caption of the form button that ran the macro (Application.Caller).

        Excel on Windows gives the clicked shape's name to the macro; whether it still does
        while RunPython waits for Python could not be checked without Excel: (None, None) then,
        and the buttons fall back to the action chosen on the Darbības sheet.
        """
        try:
            name = self.app.api.Caller
        except Exception:
            return None, None
        if not isinstance(name, str):
            return None, None
        caption = None
        try:
            caption = self.book.sheets.active.api.Shapes(name).TextFrame.Characters().Text
        except Exception:
            pass
        return name, caption

    def addin_path(self) -> Path | None:
        """Where the xlwings add-in Excel loaded lives (for the versions button)."""
        candidates = []
        try:
            candidates.append(Path(self.app.startup_path) / "xlwings.xlam")
        except Exception:
            pass
        try:
            candidates.append(Path(self.app.api.Workbooks("xlwings.xlam").FullName))
        except Exception:
            pass
        return next((p for p in candidates if p.is_file()), None)

    # -- screen
    def _quiet(self) -> None:
        """Stop redrawing while writing (much faster); `_loud` restores it."""
        if self._screen_was is None:
            try:
                self._screen_was = bool(self.app.screen_updating)
                self.app.screen_updating = False
            except Exception:
                self._screen_was = True

    def _loud(self) -> None:
        if self._screen_was is not None:
            try:
                self.app.screen_updating = self._screen_was
            except Exception:
                pass
            self._screen_was = None


# --------------------------------------------------------------------------- applying a SheetImage


def address_batches(addresses: list[str], limit: int = MAX_ADDRESS) -> list[str]:
    """Cell addresses joined with commas into strings Excel accepts as one Range."""
    batches, current = [], ""
    for address in addresses:
        joined = f"{current},{address}" if current else address
        if len(joined) > limit and current:
            batches.append(current)
            current = address
        else:
            current = joined
    if current:
        batches.append(current)
    return batches


def apply_image(sheet: Any, image: SheetImage) -> None:
    """Write a `SheetImage` to an xlwings sheet: values in one call, formats by batches."""
    rows, cols = image.size
    if rows and cols:
        values = [row + [None] * (cols - len(row)) for row in image.values]
        sheet.range((1, 1), (rows, cols)).value = values
    for letter, width in image.widths.items():
        sheet.range(f"{letter}1").column_width = width
    for row, height in image.heights.items():
        sheet.range(f"A{row}").row_height = height
    for merged in image.merges:
        sheet.range(merged).merge()
    for style, addresses in image.styles.items():
        for batch in address_batches(addresses):
            _apply_style(sheet.range(batch), style)
    for spec in image.charts:
        try:
            add_chart(sheet, spec)
        except Exception:  # charts are a nicety on top of the table and its chart data
            logger.warning("chart %r could not be drawn", spec.title, exc_info=True)


def _apply_style(target: Any, style: Any) -> None:
    if style.fill:
        target.color = f"#{style.fill}"
    if style.bold:
        target.font.bold = True
    if style.italic:
        target.font.italic = True
    if style.color:
        target.font.color = f"#{style.color}"
    if style.size:
        target.font.size = style.size
    if style.wrap:
        target.wrap_text = True
    if style.number_format:
        target.number_format = style.number_format
    if style.halign:
        try:
            target.api.HorizontalAlignment = _HALIGN[style.halign]
        except Exception:
            pass


def _columns_and_rows(ref: str) -> tuple[str, int, str, int]:
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.cell import range_boundaries

    min_col, min_row, max_col, max_row = range_boundaries(ref.replace("$", ""))
    return get_column_letter(min_col), min_row, get_column_letter(max_col), max_row


def chart_source(spec: Any) -> str:
    """The source address of a chart: categories column and series columns, names row included."""
    first_rows, last_rows, columns = [], [], []
    for series in spec.series:
        col, top, _, bottom = _columns_and_rows(series.values_ref)
        if series.name_ref:
            _, name_row, _, _ = _columns_and_rows(series.name_ref)
            top = min(top, name_row)
        first_rows.append(top)
        last_rows.append(bottom)
        columns.append(col)
    top, bottom = min(first_rows), max(last_rows)
    parts = []
    if spec.categories_ref:
        cat_col, _, _, _ = _columns_and_rows(spec.categories_ref)
        parts.append(f"{cat_col}{top}:{cat_col}{bottom}")
    parts.append(f"{columns[0]}{top}:{columns[-1]}{bottom}")
    return ",".join(parts)


def add_chart(sheet: Any, spec: Any) -> Any:
    """A native Excel chart like the openpyxl one: stacked columns, the target as a line."""
    anchor = sheet.range(spec.anchor)
    chart = sheet.charts.add(left=anchor.left, top=anchor.top, width=spec.width_cm * POINTS_PER_CM,
                             height=spec.height_cm * POINTS_PER_CM)
    chart.set_source_data(sheet.range(chart_source(spec)), plot_by="columns")
    chart.chart_type = "column_stacked" if spec.stacked else "column_clustered"
    if spec.title:
        chart.title = spec.title
    for index, series in enumerate(spec.series):
        if series.kind == "line":
            try:
                chart.series[index].chart_type = "line_markers"
                chart.series[index].line_color = "#C00000"
            except Exception:
                logger.info("target line not drawn", exc_info=True)
    return chart


__all__ = ["LiveWorkbook", "apply_image", "add_chart", "chart_source", "address_batches"]
