"""The workbook the user is in, as a port: one interface, two adapters.

Why a port: the Excel buttons must do exactly what the command line does, and they must be
testable here, where there is no Excel. So every button (erasmus_xl/buttons.py) talks only to a
`WorkbookPort`:

- read a sheet as rows (the same `SheetSource` interface the reader uses: `sheet_names`,
  `rows(name)`, `error_cells`), so `read_port` gives the same `Register` as `read_register`;
- replace a sheet with one drawn by an openpyxl *renderer* (the same code that writes the CLI's
  sheets: dashboard.add_indicator_sheet, annotate's Pārbaude sheet, the budget sheet);
- colour a cell and give it a comment, and remove such marks again;
- tell the user something (message box) and show progress (status bar);
- know the workbook's folder, for the Word files written beside it.

Adapters: `FileWorkbook` (here: python-calamine reads, openpyxl writes a NEW file, never the
input) and `LiveWorkbook` (erasmus_xl/excel_live.py: the open workbook through xlwings). The
live adapter receives renderer output as a `SheetImage` (values, formats, merges, chart specs)
built by `sheet_image`, which is plain Python and tested here.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from erasmus_xl.io.outputs import atomic_output
from erasmus_xl.io.workbook_file import open_workbook
from erasmus_xl.model.findings import SEVERITIES
from erasmus_xl.model.records import Register
from erasmus_xl.render.annotate import CellMark, cell_marks, mark_prefix

AUTHOR = "erasmus_xl"
DEFAULT_TITLE = "Erasmus+ reģistrs"
# Excel's error values as xlwings reports them with err_to_str=True.
EXCEL_ERRORS = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#GETTING_DATA",
                          "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
                          "#PYTHON!"})

SheetRenderer = Callable[[Workbook, str], Worksheet]
"""Draws one sheet: given a workbook and a title, creates the sheet, fills it, returns it."""


@runtime_checkable
class WorkbookPort(Protocol):
    """The workbook the user is in (see the module docstring)."""

    @property
    def path(self) -> Path | None:
        """The workbook's file; None for a workbook that was never saved."""

    @property
    def name(self) -> str:
        """The workbook's file name as the user sees it."""

    @property
    def folder(self) -> Path | None:
        """Where outputs (Word files) are written: the workbook's folder."""

    @property
    def sheet_names(self) -> list[str]: ...

    def rows(self, sheet: str) -> Sequence[Sequence[Any]]:
        """Every row from A1 (list indices are Excel row/column numbers minus one)."""

    @property
    def error_cells(self) -> dict[str, dict[tuple[int, int], str]]:
        """Sheet -> {(row, col) 1-based: "#REF!"} for the sheets read so far; those cells read as ""."""

    def replace_sheet(self, title: str, render: SheetRenderer, *, position: int | None = None,
                      activate: bool = False) -> None:
        """Put the rendered sheet in place of the sheet `title` (created when missing; at the end
        unless `position`); `activate` makes it the sheet the user sees."""

    def mark_cell(self, sheet: str, cell: str, fill: str, comment: str) -> None:
        """Colour a cell (RRGGBB) and attach a comment; a person's own comment is left as it is."""

    def clear_marks(self, cells: Iterable[tuple[str, str]]) -> int:
        """Remove erasmus_xl's colour and comment from these (sheet, cell) pairs; returns how many."""

    def message(self, text: str, title: str = DEFAULT_TITLE) -> None:
        """A message box (the live adapter) or a recorded message (the file adapter)."""

    def status(self, text: str | None) -> None:
        """Progress in the status bar; None gives the status bar back to Excel."""

    def commit(self) -> Path | None:
        """Finish the writes: the file adapter saves its new file and returns its path."""


# --------------------------------------------------------------------------- reading


class _SheetSource:
    """The SheetSource interface the reader's internals expect, over any port."""

    def __init__(self, port: WorkbookPort) -> None:
        self._port = port
        self.path = port.path or Path(port.name)
        self.sheet_names = list(port.sheet_names)

    def rows(self, sheet_name: str) -> Sequence[Sequence[Any]]:
        return self._port.rows(sheet_name)

    @property
    def error_cells(self) -> dict[str, dict[tuple[int, int], str]]:
        return self._port.error_cells

    def merged_ranges(self, sheet_name: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        return []   # a port gives values only; a merged header is read as its first cell


def read_port(port: WorkbookPort) -> Register:
    """The register in the port's workbook, read by the same reader as a file."""
    from erasmus_xl.io.reader import read_opened

    return read_opened(_SheetSource(port))


def split_errors(rows: list[list[Any]]) -> tuple[list[list[Any]], dict[tuple[int, int], str]]:
    """Excel error values (read as text "#REF!") become "" as python-calamine reads them; their
    cells are returned apart, so the reader reports them as it does for a file."""
    errors: dict[tuple[int, int], str] = {}
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value.__class__ is str and value in EXCEL_ERRORS:
                errors[(r, c)] = value
                row[c - 1] = ""
    return rows, errors


# --------------------------------------------------------------------------- the file adapter


@dataclass
class Message:
    title: str
    text: str


class FileWorkbook:
    """A workbook file: reads the input with python-calamine, writes a NEW file with openpyxl.

    The input is never written: the result goes to `output` (default NAME-parbaude.xlsx, or
    .xlsm for a macro workbook, beside the input). Messages and status texts are recorded in
    `messages` / `statuses` (the CLI prints them; tests read them).
    """

    def __init__(self, source: Path | str, output: Path | str | None = None, *, force: bool = False) -> None:
        from erasmus_xl.render.annotate import annotated_path

        self.source = Path(source)
        self._opened = open_workbook(self.source)
        self.output = Path(output) if output else annotated_path(self.source)
        self.force = force
        self._book: Workbook | None = None
        self.messages: list[Message] = []
        self.statuses: list[str] = []
        self.written: Path | None = None

    # -- reading
    @property
    def path(self) -> Path:
        return self.source

    @property
    def name(self) -> str:
        return self.source.name

    @property
    def folder(self) -> Path:
        return self.source.parent

    @property
    def sheet_names(self) -> list[str]:
        return list(self._opened.sheet_names)

    def rows(self, sheet: str) -> Sequence[Sequence[Any]]:
        return self._opened.rows(sheet)

    @property
    def error_cells(self) -> dict[str, dict[tuple[int, int], str]]:
        return self._opened.error_cells

    # -- writing
    def workbook(self) -> Workbook:
        """The openpyxl copy that will be saved as `output` (loaded on the first write)."""
        if self._book is None:
            self._book = openpyxl.load_workbook(self.source, keep_vba=self.source.suffix.lower() == ".xlsm")
        return self._book

    def replace_sheet(self, title: str, render: SheetRenderer, *, position: int | None = None,
                      activate: bool = False) -> None:
        book = self.workbook()
        active = book.active
        if title in book.sheetnames:
            old = book[title]
            position = book.index(old) if position is None else position
            book.remove(old)
        sheet = render(book, title)
        if position is not None:
            book.move_sheet(sheet, offset=position - book.index(sheet))
        chosen = sheet if activate or active is None or active.title == title else active
        book.active = book.index(chosen)
        for other in book.worksheets:
            other.sheet_view.tabSelected = other is chosen

    def mark_cell(self, sheet: str, cell: str, fill: str, comment: str) -> None:
        target = self.workbook()[sheet][cell]
        target.fill = PatternFill("solid", fgColor=fill)
        existing = target.comment
        if existing is not None and not is_mark(existing.text, existing.author):
            return  # a person's note stays; the finding is listed on the Pārbaude sheet anyway
        note = Comment(comment, AUTHOR)
        note.width, note.height = 360, min(60 + 45 * comment.count("\n") + 45, 400)
        target.comment = note

    def clear_marks(self, cells: Iterable[tuple[str, str]]) -> int:
        book = self.workbook()
        cleared = 0
        for sheet, address in cells:
            if sheet not in book.sheetnames:
                continue
            try:
                target = book[sheet][address]
            except (ValueError, KeyError):
                continue
            changed = False
            if target.comment is not None and is_mark(target.comment.text, target.comment.author):
                target.comment = None
                changed = True
            rgb = target.fill.fgColor.rgb if target.fill is not None and target.fill.fill_type == "solid" else None
            if isinstance(rgb, str) and rgb[-6:].upper() in mark_fills():
                target.fill = PatternFill(fill_type=None)
                changed = True
            cleared += changed
        return cleared

    def message(self, text: str, title: str = DEFAULT_TITLE) -> None:
        self.messages.append(Message(title, text))

    def status(self, text: str | None) -> None:
        if text:
            self.statuses.append(text)

    def commit(self) -> Path | None:
        """Save the new file (atomically; never over the input) when something was written."""
        if self._book is None:
            return None
        with atomic_output(self.output, force=self.force, inputs=(self.source,)) as temp:
            self._book.save(temp)
        self.written = self.output
        return self.output


# --------------------------------------------------------------------------- marks


def is_mark(text: str | None, author: str | None = None) -> bool:
    """Whether a comment is one erasmus_xl wrote (its author, or its first word)."""
    if author == AUTHOR:
        return True
    return text is not None and text.lstrip().startswith(mark_prefixes())


@cache
def mark_prefixes() -> tuple[str, ...]:
    """The first words of every comment erasmus_xl writes (annotate.py: "KĻŪDA: …",
    "BRĪDINĀJUMS: …"), one per severity: how a mark is told apart from a note a person wrote."""
    return tuple(mark_prefix(severity) for severity in SEVERITIES)


def mark_fills() -> frozenset[str]:
    """The RRGGBB fills annotate.py uses, one per severity."""
    from erasmus_xl.render.annotate import FILLS

    return frozenset(str(fill.fgColor.rgb)[-6:].upper() for fill in FILLS.values())


def finding_marks(findings: list) -> list[CellMark]:
    """The colour and comment annotate.py gives each cell with findings (the same list for both)."""
    return cell_marks(findings)


# --------------------------------------------------------------------------- sheet images (for the live adapter)


@dataclass(frozen=True)
class CellStyle:
    fill: str | None = None          # RRGGBB
    bold: bool = False
    italic: bool = False
    color: str | None = None         # font colour RRGGBB
    size: float | None = None        # only when not the default 11
    wrap: bool = False
    halign: str | None = None        # "center", "left", "right"
    number_format: str | None = None

    @property
    def plain(self) -> bool:
        return self == CellStyle()


@dataclass
class SeriesSpec:
    name_ref: str | None     # A1 reference of the series name, e.g. "$B$61"
    values_ref: str          # e.g. "$B$62:$B$66"
    kind: str                # "bar" or "line"


@dataclass
class ChartSpec:
    title: str | None
    anchor: str              # top-left cell
    width_cm: float
    height_cm: float
    categories_ref: str | None
    series: list[SeriesSpec]
    stacked: bool


@dataclass
class SheetImage:
    """What a rendered openpyxl sheet looks like, as data an Excel adapter can apply in bulk."""

    title: str
    values: list[list[Any]]                              # ready for Range.value (text kept as text)
    styles: dict[CellStyle, list[str]] = field(default_factory=dict)   # style -> cell addresses
    widths: dict[str, float] = field(default_factory=dict)             # column letter -> width
    heights: dict[int, float] = field(default_factory=dict)            # row -> points
    merges: list[str] = field(default_factory=list)
    freeze: str | None = None
    charts: list[ChartSpec] = field(default_factory=list)

    @property
    def size(self) -> tuple[int, int]:
        return len(self.values), max((len(r) for r in self.values), default=0)


_EXCEL_WORDS = frozenset({"TRUE", "FALSE", "PATIESS", "APLAMS"})


def excel_text(value: str) -> str:
    """Text as Excel must receive it to keep it text: Range.value parses strings as if typed, so
    "=…" would become a formula, "05.03.2025" a date and "1,5" a number. A leading apostrophe
    (Excel's text prefix, never shown) keeps the text as it is."""
    if not value:
        return value
    if value[0] in "=+-@'#" or any(ch.isdigit() for ch in value) or value.strip().upper() in _EXCEL_WORDS \
            or value.rstrip().endswith("%"):
        return "'" + value
    return value


def excel_value(value: Any) -> Any:
    """A cell value as it is given to Excel through xlwings."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return excel_text(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    return excel_text(str(value))


def hyperlink_formula(location: str, text: str) -> str:
    """An in-workbook link as a formula (works the same in Excel on Windows and macOS)."""
    target = location.replace('"', '""')
    shown = str(text).replace('"', '""')
    return f'=HYPERLINK("#{target}","{shown}")'


def sheet_image(sheet: Worksheet) -> SheetImage:
    """Read a rendered openpyxl sheet into a `SheetImage`.

    Conditional formats of the kind the dashboard uses (cell equals a word → fill and font) are
    applied to the matching cells as fixed formats: the sheet is redrawn by its button anyway.
    """
    max_row, max_col = sheet.max_row, sheet.max_column
    values: list[list[Any]] = [[None] * max_col for _ in range(max_row)]
    styles: dict[tuple[int, int], CellStyle] = {}
    known: dict[tuple[int, ...], CellStyle] = {}
    for cell in sheet._cells.values():
        r, c = cell.row, cell.column
        value = cell.value
        if cell.hyperlink is not None and cell.hyperlink.location:
            values[r - 1][c - 1] = hyperlink_formula(cell.hyperlink.location, value if value is not None else "")
        elif isinstance(value, str) and value.startswith("=") and cell.data_type == "f":
            values[r - 1][c - 1] = value    # a formula the renderer meant
        else:
            values[r - 1][c - 1] = excel_value(value)
        record = getattr(cell, "_style", None)      # cells formatted alike share one style record
        key = tuple(record) if record is not None else None
        style = known.get(key) if key is not None else None
        if style is None:
            style = _style_of(cell)
            if key is not None:
                known[key] = style
        if not style.plain:
            styles[(r, c)] = style
    _apply_conditional_formats(sheet, values, styles)
    grouped: dict[CellStyle, list[str]] = defaultdict(list)
    for (r, c), style in sorted(styles.items()):
        grouped[style].append(f"{get_column_letter(c)}{r}")
    widths = {letter: float(dim.width) for letter, dim in sheet.column_dimensions.items() if dim.width}
    heights = {row: float(dim.height) for row, dim in sheet.row_dimensions.items() if dim.height}
    return SheetImage(
        title=sheet.title, values=values, styles=dict(grouped), widths=widths, heights=heights,
        merges=[str(m) for m in sheet.merged_cells.ranges],
        freeze=sheet.freeze_panes if isinstance(sheet.freeze_panes, str) else None,
        charts=[spec for chart in getattr(sheet, "_charts", []) if (spec := chart_spec(chart)) is not None],
    )


def _rgb(color: Any) -> str | None:
    rgb = getattr(color, "rgb", None)
    if isinstance(rgb, str) and len(rgb) >= 6 and getattr(color, "type", "rgb") == "rgb":
        return rgb[-6:].upper()
    return None


def _style_of(cell: Any) -> CellStyle:
    fill = _rgb(cell.fill.fgColor) if cell.fill is not None and cell.fill.fill_type == "solid" else None
    font = cell.font
    color = _rgb(font.color) if font is not None and font.color is not None else None
    size = float(font.sz) if font is not None and font.sz and float(font.sz) != 11.0 else None
    alignment = cell.alignment
    number_format = cell.number_format if cell.number_format and cell.number_format != "General" else None
    return CellStyle(fill=fill, bold=bool(font and font.b), italic=bool(font and font.i),
                     color=None if color == "000000" else color, size=size,
                     wrap=bool(alignment and alignment.wrap_text),
                     halign=alignment.horizontal if alignment is not None and alignment.horizontal in ("center", "left", "right") else None,
                     number_format=number_format)


def _apply_conditional_formats(sheet: Worksheet, values: list[list[Any]],
                               styles: dict[tuple[int, int], CellStyle]) -> None:
    from openpyxl.utils.cell import range_boundaries

    for ranges, rules in sheet.conditional_formatting._cf_rules.items():
        for rule in rules:
            if rule.type != "cellIs" or rule.operator != "equal" or not rule.formula or rule.dxf is None:
                continue
            word = rule.formula[0]
            if not (word.startswith('"') and word.endswith('"')):
                continue
            word = word[1:-1]
            fill = _rgb(rule.dxf.fill.fgColor) if rule.dxf.fill is not None else None
            if fill is None and rule.dxf.fill is not None:
                fill = _rgb(rule.dxf.fill.bgColor)
            font = rule.dxf.font
            for ref in str(ranges.sqref).split():
                min_col, min_row, max_col, max_row = range_boundaries(ref)
                for r in range(min_row, max_row + 1):
                    for c in range(min_col, max_col + 1):
                        shown = values[r - 1][c - 1] if r - 1 < len(values) and c - 1 < len(values[r - 1]) else None
                        if isinstance(shown, str) and shown.lstrip("'") == word:
                            base = styles.get((r, c), CellStyle())
                            styles[(r, c)] = CellStyle(
                                fill=fill or base.fill, bold=bool(font and font.b) or base.bold, italic=base.italic,
                                color=(_rgb(font.color) if font is not None and font.color is not None else None) or base.color,
                                size=base.size, wrap=base.wrap, halign=base.halign, number_format=base.number_format)


def _ref_part(formula: str | None) -> str | None:
    """"'Rādītāji'!$B$61:$B$66" -> "$B$61:$B$66"."""
    if not formula:
        return None
    return formula.rsplit("!", 1)[-1]


def _chart_title(chart: Any) -> str | None:
    title = getattr(chart, "title", None)
    if title is None or isinstance(title, str):
        return title
    try:
        return " ".join("".join(run.t for run in (paragraph.r or [])) for paragraph in title.tx.rich.p)
    except AttributeError:
        return None


def chart_spec(chart: Any) -> ChartSpec | None:
    """An openpyxl chart (a bar chart, maybe combined with a line chart) as a `ChartSpec`."""
    from openpyxl.chart import BarChart, LineChart

    parts = [chart, *getattr(chart, "_charts", [])]
    series: list[SeriesSpec] = []
    categories = None
    for part in dict.fromkeys(parts):
        kind = "bar" if isinstance(part, BarChart) else "line" if isinstance(part, LineChart) else None
        if kind is None:
            continue
        for item in part.series:
            values = _ref_part(item.val.numRef.f) if item.val is not None and item.val.numRef is not None else None
            if values is None:
                continue
            name = _ref_part(item.tx.strRef.f) if item.tx is not None and item.tx.strRef is not None else None
            if categories is None and item.cat is not None:
                ref = item.cat.numRef or item.cat.strRef
                categories = _ref_part(ref.f) if ref is not None else None
            series.append(SeriesSpec(name, values, kind))
    if not series:
        return None
    anchor = chart.anchor if isinstance(chart.anchor, str) else _anchor_cell(chart.anchor)
    return ChartSpec(title=_chart_title(chart), anchor=anchor, width_cm=float(chart.width),
                     height_cm=float(chart.height), categories_ref=categories, series=series,
                     stacked=getattr(chart, "grouping", None) == "stacked")


def _anchor_cell(anchor: Any) -> str:
    try:
        marker = anchor._from
        return f"{get_column_letter(marker.col + 1)}{marker.row + 1}"
    except AttributeError:
        return "A1"


__all__ = [
    "WorkbookPort", "SheetRenderer", "FileWorkbook", "Message", "read_port", "split_errors", "is_mark",
    "mark_fills", "CellMark", "finding_marks", "CellStyle", "SeriesSpec", "ChartSpec", "SheetImage",
    "sheet_image", "chart_spec", "excel_text", "excel_value", "hyperlink_formula", "AUTHOR", "mark_prefixes",
    "EXCEL_ERRORS",
]
