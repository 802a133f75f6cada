"""The live adapter: the workbook open in Excel, through xlwings (Windows and macOS desktop Excel).

This module and erasmus_xl/excel/xlwings_glue.py are the only ones that import xlwings. Nothing here
decides anything: it reads cells, applies `SheetImage`s and marks, and talks to the user. The
buttons (erasmus_xl/buttons.py) are the same functions the file adapter runs in the tests.

Every call below is public xlwings API of 0.37.x and runs on each engine: the COM/AppleScript
engines of desktop Excel, and xlwings' *remote* engine (`xw.Book(json=...)`, the engine of xlwings
Lite), which records the actions it would send to Excel. tests/test_excel_remote.py runs every
button through this adapter on that engine, over payloads built from real workbooks.

What the remote engine cannot do synchronously, and what this adapter does instead:
- note text: a note whose text is unknown counts as a person's note (never overwritten or
  deleted), unless the caller pre-read the texts (`note_texts`, as xlwings Lite can with
  `await note.get_text()`);
- fill colour: a cell listed on erasmus_xl's earlier Pārbaude sheet is taken to carry its fill;
- status bar and reading screen updating: not available, skipped;
- column widths are points there, characters on the desktop: converted;
- one Range is one rectangle there ("A1,B3" would address A1 only): formats go rectangle by
  rectangle, and a chart whose data is not one rectangle is left out (the table is there).
`.api` (the native COM object) is used only where xlwings has no API, inside try/except.
"""
from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

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
REMOTE = "remote"          # the engine of xlwings Lite / Server and of xw.Book(json=...)


class Location(NamedTuple):
    """Where the workbook's file is: `path` (None when there is no local file) and why not:
    kind "file", "unsaved" (never saved) or "cloud" (OneDrive/SharePoint, synced copy not found)."""

    path: Path | None
    kind: str
    url: str | None = None


def book_location(book: Any) -> Location:
    """The local file of an open workbook.

    A workbook opened from OneDrive/SharePoint has a URL as FullName. xlwings' desktop engines
    turn it into the synced local path themselves (xlwings.utils.fullname_url_to_local_path,
    with the ONEDRIVE_CONSUMER_*, ONEDRIVE_COMMERCIAL_*, SHAREPOINT_* settings of the
    xlwings.conf sheet or file) and raise when they cannot; an engine that returns the URL gets
    the same resolution here. Either way a cloud workbook is told apart from an unsaved one.
    """
    try:
        full = str(book.fullname or "")
    except Exception:          # xlwings could not map the OneDrive/SharePoint URL to a local file
        return Location(None, "cloud", _native_fullname(book))
    if "://" in full:
        from xlwings.utils import fullname_url_to_local_path

        try:
            local = Path(fullname_url_to_local_path(full))
        except Exception:
            return Location(None, "cloud", full)
        return Location(local, "file", full) if local.is_absolute() and local.is_file() else Location(None, "cloud", full)
    path = Path(full)
    if not full or not path.is_absolute():
        return Location(None, "unsaved")
    return Location(path, "file")


def _native_fullname(book: Any) -> str | None:
    try:
        full = book.api.FullName      # Windows: the URL itself
    except Exception:
        return None
    return full if isinstance(full, str) else None


def is_remote(book: Any) -> bool:
    """Whether `book` runs on xlwings' remote engine (xlwings Lite, or a payload in tests)."""
    try:
        return book.app.engine.name == REMOTE
    except Exception:
        return False


class LiveWorkbook:
    """The workbook the user clicked in (`xw.Book.caller()`), as a `WorkbookPort`.

    `path` / `folder` say where the workbook's file and the outputs are when the engine cannot
    (xlwings Lite: a mounted folder); `note_texts` {(sheet, "$B$2"): text} are the note texts
    read beforehand on an engine that cannot read them synchronously.
    """

    def __init__(self, book: Any, *, path: Path | str | None = None, folder: Path | str | None = None,
                 note_texts: dict[tuple[str, str], str] | None = None) -> None:
        self.book = book
        self.app = book.app
        self.remote = is_remote(book)
        self._errors: dict[str, dict[tuple[int, int], str]] = {}
        self._screen_was: bool | None = None
        self._path = Path(path) if path is not None else None
        self._folder = Path(folder) if folder is not None else None
        self._location: Location | None = None
        self._noted_cells: dict[str, set[str]] = {}
        self._note_texts = {(sheet, address.replace("$", "").upper()): text
                            for (sheet, address), text in (note_texts or {}).items()}

    @classmethod
    def caller(cls) -> LiveWorkbook:
        """The workbook whose button ran this Python (RunPython sets it on the command line)."""
        return cls(xw.Book.caller())

    # -- where
    @property
    def location(self) -> Location:
        """Where the workbook's file is (looked up once: on OneDrive it may take a search)."""
        if self._location is None:
            self._location = Location(self._path, "file") if self._path is not None else book_location(self.book)
        return self._location

    @property
    def path(self) -> Path | None:
        return self.location.path

    @property
    def cloud(self) -> bool:
        """Opened from OneDrive/SharePoint and no synced local copy was found."""
        return self.path is None and self.location.kind == "cloud"

    @property
    def name(self) -> str:
        return str(self.book.name).replace("\\", "/").rsplit("/", 1)[-1]

    @property
    def folder(self) -> Path | None:
        if self._folder is not None:
            return self._folder
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
            if position == 0:
                target = sheets.add(title, before=sheets[0])
            elif position is not None and position < len(names):
                # `after` the sheet before: the remote engine's `before` lands one place early
                target = sheets.add(title, after=sheets[position - 1])
            else:
                target = sheets.add(title, after=sheets[len(names) - 1])
        apply_image(target, image, remote=self.remote)
        if activate:
            target.activate()

    def _note_text(self, sheet: str, cell: str, note: Any) -> str | None:
        """The note's text; None when the engine cannot read it and it was not read beforehand."""
        try:
            return note.text
        except NotImplementedError:
            return self._note_texts.get((sheet, cell.replace("$", "").upper()))

    def _noted(self, sheet: str) -> set[str] | None:
        """The cells of `sheet` with a note, on the remote engine (from its payload, which lists
        them); None on the desktop engines, where asking the cell is one call."""
        if not self.remote:
            return None
        noted = self._noted_cells.get(sheet)
        if noted is None:
            entries = self.book.sheets[sheet].api.get("notes") or []
            noted = self._noted_cells[sheet] = {entry["address"].replace("$", "").upper() for entry in entries}
        return noted

    def _note(self, sheet: str, key: str, target: Any) -> Any:
        """The cell's note or None. The remote engine looks a note up by scanning every note of
        the sheet (twice per `Range.note`): a click marking a thousand cells would be quadratic."""
        noted = self._noted(sheet)
        if noted is not None and key not in noted:
            return None
        return target.note

    def _add_note(self, sheet: str, key: str, target: Any, comment: str) -> None:
        noted = self._noted(sheet)
        if noted is None:
            target.add_note(comment)
        else:   # the public add_note scans the sheet's notes again to refuse a second note: known absent
            target.impl.add_note(comment)
            noted.add(key)
        self._note_texts[(sheet, key)] = comment

    def mark_cell(self, sheet: str, cell: str, fill: str, comment: str) -> None:
        self._quiet()
        key = cell.replace("$", "").upper()
        target = self.book.sheets[sheet].range(cell)
        target.color = f"#{fill}"
        note = self._note(sheet, key, target)
        if note is not None:
            text = self._note_text(sheet, cell, note)
            if text is None or not is_mark(text):
                return          # a person's own note (or one that cannot be read) stays
            note.delete()
            noted = self._noted(sheet)
            if noted is not None:
                noted.discard(key)
        self._add_note(sheet, key, target, comment)

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
            key = address.replace("$", "").upper()
            note = self._note(sheet, key, target)
            if note is not None:
                text = self._note_text(sheet, address, note)
                if text is not None and is_mark(text):
                    note.delete()
                    self._note_texts.pop((sheet, key), None)
                    noted = self._noted(sheet)
                    if noted is not None:
                        noted.discard(key)
                    changed = True
            try:
                colour = target.color
                ours_fill = colour is not None and "{:02X}{:02X}{:02X}".format(*colour) in ours
            except NotImplementedError:
                ours_fill = True    # unreadable: the cell is on erasmus_xl's own list, its fill is ours
            if ours_fill:
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
        with contextlib.suppress(Exception):
            caption = self.book.sheets.active.api.Shapes(name).TextFrame.Characters().Text
        return name, caption

    def addin_path(self) -> Path | None:
        """Where the xlwings add-in Excel loaded lives (for the versions button)."""
        candidates = []
        with contextlib.suppress(Exception):
            candidates.append(Path(self.app.startup_path) / "xlwings.xlam")
        with contextlib.suppress(Exception):
            candidates.append(Path(self.app.api.Workbooks("xlwings.xlam").FullName))
        return next((p for p in candidates if p.is_file()), None)

    # -- screen
    def _quiet(self) -> None:
        """Stop redrawing while writing (much faster); `_loud` restores it."""
        if self._screen_was is None:
            try:
                self._screen_was = bool(self.app.screen_updating)
            except Exception:   # the remote engine can set it but not read it
                self._screen_was = True
            with contextlib.suppress(Exception):
                self.app.screen_updating = False

    def _loud(self) -> None:
        if self._screen_was is not None:
            with contextlib.suppress(Exception):
                self.app.screen_updating = self._screen_was
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


def cell_blocks(addresses: list[str]) -> list[str]:
    """Cell addresses as few rectangles: runs along a row, then equal runs of adjacent rows
    stacked ("A1", "B1", "A2", "B2" -> "A1:B2"). One rectangle is one Range on every engine."""
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    cells = sorted({(row, column_index_from_string(col)) for col, row in map(coordinate_from_string, addresses)})
    runs: list[list[int]] = []          # [row, first column, last column]
    for row, col in cells:
        if runs and runs[-1][0] == row and runs[-1][2] == col - 1:
            runs[-1][2] = col
        else:
            runs.append([row, col, col])
    blocks: dict[tuple[int, int], list[int]] = {}   # (first col, last col) -> [top, bottom] of the open block
    done: list[tuple[int, int, int, int]] = []
    for row, first, last in runs:
        open_block = blocks.get((first, last))
        if open_block is not None and open_block[1] == row - 1:
            open_block[1] = row
        else:
            if open_block is not None:
                done.append((open_block[0], first, open_block[1], last))
            blocks[(first, last)] = [row, row]
    done.extend((top, first, bottom, last) for (first, last), (top, bottom) in blocks.items())
    shown = []
    for top, first, bottom, last in sorted(done):
        start = f"{get_column_letter(first)}{top}"
        end = f"{get_column_letter(last)}{bottom}"
        shown.append(start if start == end else f"{start}:{end}")
    return shown


def column_points(width: float) -> float:
    """An Excel column width in characters (openpyxl, the desktop engines) as points (the remote
    engine): Calibri 11's 7-pixel digit plus 5 pixels of padding, 0.75 point a pixel."""
    return round((width * 7 + 5) * 0.75, 2)


def apply_image(sheet: Any, image: SheetImage, *, remote: bool = False) -> None:
    """Write a `SheetImage` to an xlwings sheet: values in one call, formats by rectangles
    (batched into one multi-area Range on the desktop engines)."""
    rows, cols = image.size
    if rows and cols:
        values = [row + [None] * (cols - len(row)) for row in image.values]
        sheet.range((1, 1), (rows, cols)).value = values
    for letter, width in image.widths.items():
        sheet.range(f"{letter}1").column_width = column_points(width) if remote else width
    for row, height in image.heights.items():
        sheet.range(f"A{row}").row_height = height
    for merged in image.merges:
        sheet.range(merged).merge()
    for style, addresses in image.styles.items():
        blocks = cell_blocks(addresses)
        for target in (blocks if remote else address_batches(blocks)):
            _apply_style(sheet.range(target), style)
    if image.freeze:
        try:
            sheet.freeze_panes.freeze_at(image.freeze)
        except Exception:  # an engine without panes (or an older xlwings): the sheet works without
            logger.info("panes not frozen", exc_info=True)
    for spec in image.charts:
        try:
            add_chart(sheet, spec, remote=remote)
        except ChartNotDrawn as reason:
            logger.info("chart %r left out: %s", spec.title, reason)
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
        target.horizontal_alignment = style.halign


def _columns_and_rows(ref: str) -> tuple[str, int, str, int]:
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.cell import range_boundaries

    min_col, min_row, max_col, max_row = range_boundaries(ref.replace("$", ""))
    return get_column_letter(min_col), min_row, get_column_letter(max_col), max_row


def chart_source(spec: Any) -> str:
    """The source address of a chart: categories column and series columns, names row included;
    one rectangle when the categories column is next to the series, else two areas."""
    from openpyxl.utils import column_index_from_string

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
    if spec.categories_ref:
        cat_col, _, _, _ = _columns_and_rows(spec.categories_ref)
        if column_index_from_string(cat_col) == column_index_from_string(columns[0]) - 1:
            return f"{cat_col}{top}:{columns[-1]}{bottom}"
        return f"{cat_col}{top}:{cat_col}{bottom},{columns[0]}{top}:{columns[-1]}{bottom}"
    return f"{columns[0]}{top}:{columns[-1]}{bottom}"


class ChartNotDrawn(Exception):
    """The engine cannot draw this chart (logged; the table and its chart data are on the sheet)."""


def add_chart(sheet: Any, spec: Any, *, remote: bool = False) -> Any:
    """A native Excel chart like the openpyxl one: stacked columns, the target as a line.

    Placed by its anchor cell (xlwings 0.37.3+: every engine, the remote one included, which
    cannot read Range.left/top). A source of two areas (categories not next to the series) is
    one Range on the desktop engines only: the remote engine would take the first area alone.
    """
    source = chart_source(spec)
    if remote and "," in source:
        raise ChartNotDrawn(f"the remote engine takes one rectangle as chart data, not {source}")
    chart = sheet.charts.add(anchor=sheet.range(spec.anchor), width=spec.width_cm * POINTS_PER_CM,
                             height=spec.height_cm * POINTS_PER_CM)
    chart.set_source_data(sheet.range(source), plot_by="columns")
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


__all__ = ["LiveWorkbook", "Location", "book_location", "is_remote", "apply_image", "add_chart", "chart_source",
           "address_batches", "cell_blocks", "column_points", "ChartNotDrawn", "REMOTE"]
