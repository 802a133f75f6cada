"""Real workbooks on xlwings' own engine: a payload from an .xlsx, and the recorded actions replayed.

`xw.Book(json=payload)` is xlwings' remote engine — the Book/Sheet/Range code that xlwings Lite
and xlwings Server run — on Linux. It records every action it would send to Excel instead of
sending it. Here:

- `workbook_payload(path)` builds the payload the Office.js client sends (stack_notes.md):
  rectangular values from A1 to the used range's last cell, empty cells as "", dates as ISO
  strings ("2025-03-05T00:00:00.000Z"), Excel error values as their text, tables and names with
  their addresses, the cells that carry a note (never the note text: Office.js does not send it);
- `note_texts(path)` gives the note texts separately, as xlwings Lite would read them with
  `await note.get_text()` before a button runs;
- `remote_book(path)` opens the payload on the remote engine (a copy: the engine edits its payload);
- `replay(payload, actions)` applies the recorded actions to a model of the workbook, so a test can
  say what ended up on which sheet: `addSheet` inserts by position, `setValues` writes a block,
  `setRangeColor`, `addNote`/`deleteNote` mark cells, `activateSheet`, `alert` …

The engine loads only with a licence key; tests use xlwings' PolyForm Noncommercial key (an
educational, non-commercial use), set in `.ci/run` and by the autouse fixture in conftest.py.
"""
from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, range_boundaries

NONCOMMERCIAL_KEY = "noncommercial"


def _cell_json(value: Any) -> Any:
    """A cell value as Office.js puts it in the payload."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, dt.date):
        return f"{value.isoformat()}T00:00:00.000Z"
    if isinstance(value, dt.time):
        return dt.datetime.combine(dt.date(1899, 12, 30), value).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, float) and value.is_integer():
        return int(value)      # JSON numbers arrive in Python as int when whole
    return value


def _absolute(ref: str) -> str:
    """"A1:C5" -> "$A$1:$C$5" (how Office.js reports addresses)."""
    parts = []
    for cell in ref.replace("$", "").split(":"):
        column, row = coordinate_from_string(cell)
        parts.append(f"${column}${row}")
    return ":".join(parts)


def workbook_payload(path: Path | str, *, name: str | None = None, active: int = 0) -> dict[str, Any]:
    """The payload xlwings' Office.js client would send for the workbook at `path`."""
    import xlwings as xw

    path = Path(path)
    book = openpyxl.load_workbook(path, data_only=True)
    sheets = []
    names = []
    for index, sheet in enumerate(book.worksheets):
        max_row, max_col = sheet.max_row, sheet.max_column
        values = [["" for _ in range(max_col)] for _ in range(max_row)]
        notes = []
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    values[cell.row - 1][cell.column - 1] = _cell_json(cell.value)
                if cell.comment is not None:
                    notes.append({"address": f"${get_column_letter(cell.column)}${cell.row}"})
        empty = max_row == 1 and max_col == 1 and values[0][0] == ""
        tables = []
        for table in sheet.tables.values():
            min_col, min_row, last_col, last_row = range_boundaries(table.ref)
            headers = bool(table.headerRowCount if table.headerRowCount is not None else 1)
            totals = bool(table.totalsRowCount)
            body_top = min_row + (1 if headers else 0)
            body_bottom = last_row - (1 if totals else 0)
            letter_a, letter_b = get_column_letter(min_col), get_column_letter(last_col)
            tables.append({
                "name": table.displayName or table.name,
                "range_address": _absolute(table.ref),
                "header_row_range_address": f"${letter_a}${min_row}:${letter_b}${min_row}" if headers else None,
                "data_body_range_address": f"${letter_a}${body_top}:${letter_b}${body_bottom}",
                "total_row_range_address": f"${letter_a}${last_row}:${letter_b}${last_row}" if totals else None,
                "show_headers": headers,
                "show_totals": totals,
                "table_style": table.tableStyleInfo.name if table.tableStyleInfo is not None else None,
                "show_autofilter": table.autoFilter is not None,
            })
        sheets.append({
            "name": sheet.title,
            "values": [[]] if empty else values,
            "used_range_address": None if empty else f"$A$1:${get_column_letter(max_col)}${max_row}",
            "visibility": "Visible" if sheet.sheet_state == "visible" else "Hidden",
            "show_gridlines": True,
            "pictures": [], "shapes": [], "charts": [], "tables": tables, "notes": notes,
            "pivot_tables": [], "print_area": None,
        })
        for local in sheet.defined_names.values():
            names.extend(_names(local, index, sheet.title, book))
    for defined in book.defined_names.values():
        names.extend(_names(defined, None, None, book))
    return {
        "client": "Office.js",
        "version": xw.__version__,
        "book": {"name": name or path.name, "active_sheet_index": active, "selection": "A1"},
        "names": names,
        "sheets": sheets,
    }


def _names(defined: Any, scope_index: int | None, scope_name: str | None, book: Any) -> list[dict[str, Any]]:
    """A defined name that points at a range, in the payload's shape (others are left out, as
    the Office.js client does)."""
    found = []
    for title, ref in defined.destinations:
        if title not in book.sheetnames:
            continue
        found.append({
            "name": defined.name if scope_name is None else f"{scope_name}!{defined.name}",
            "sheet_index": book.sheetnames.index(title),
            "address": _absolute(ref),
            "refers_to": f"={defined.attr_text}",
            "scope_sheet_name": scope_name,
            "scope_sheet_index": scope_index,
            "book_scope": scope_name is None,
        })
    return found


def note_texts(path: Path | str) -> dict[tuple[str, str], str]:
    """{(sheet, "$B$2"): text} of every note in the workbook (what Lite reads with get_text())."""
    book = openpyxl.load_workbook(path)
    return {(sheet.title, f"${get_column_letter(cell.column)}${cell.row}"): cell.comment.text
            for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.comment is not None}


def remote_book(payload: dict[str, Any]):
    """The payload opened on xlwings' remote engine (a copy: the engine edits its own payload)."""
    import xlwings as xw

    return xw.Book(json=copy.deepcopy(payload))


# --------------------------------------------------------------------------- replaying the actions


@dataclass
class SheetState:
    """A sheet after the replay: cells as (row, column) 1-based."""

    name: str
    values: dict[tuple[int, int], Any] = field(default_factory=dict)
    colors: dict[tuple[int, int], str | None] = field(default_factory=dict)
    notes: dict[tuple[int, int], str | None] = field(default_factory=dict)   # None: a note whose text was not sent
    charts: list[dict[str, Any]] = field(default_factory=list)   # addChart args and what was set on it
    added: bool = False
    cleared: int = 0
    actions: list[dict[str, Any]] = field(default_factory=list)

    def value(self, address: str) -> Any:
        return self.values.get(_cell(address))

    def text(self) -> list[str]:
        """Every text written on the sheet, in row order."""
        return [v for _, v in sorted(self.values.items()) if isinstance(v, str) and v]

    def rows(self) -> list[list[Any]]:
        if not self.values:
            return []
        last_row = max(r for r, _ in self.values)
        last_col = max(c for _, c in self.values)
        grid = [[None] * last_col for _ in range(last_row)]
        for (r, c), v in self.values.items():
            grid[r - 1][c - 1] = v
        return grid


@dataclass
class BookState:
    sheets: list[SheetState]
    active: int
    alerts: list[tuple[str, str]] = field(default_factory=list)     # (title, text)
    unknown: list[str] = field(default_factory=list)                 # actions this replay does not model

    def __getitem__(self, name: str) -> SheetState:
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.sheets]

    @property
    def active_name(self) -> str:
        return self.sheets[self.active].name


def _cell(address: str) -> tuple[int, int]:
    column, row = coordinate_from_string(address.replace("$", ""))
    return row, column_index_from_string(column)


def _block(action: dict[str, Any]):
    top, left = action["start_row"] + 1, action["start_column"] + 1
    for r in range(top, top + action["row_count"]):
        for c in range(left, left + action["column_count"]):
            yield r, c


def replay(payload: dict[str, Any], actions: list[dict[str, Any]]) -> BookState:
    """What the workbook looks like after `actions`, starting from the (unmodified) `payload`."""
    sheets = []
    for sheet in payload["sheets"]:
        state = SheetState(sheet["name"])
        for r, row in enumerate(sheet["values"], start=1):
            for c, value in enumerate(row, start=1):
                if value != "":
                    state.values[(r, c)] = value
        for note in sheet.get("notes", []):
            state.notes[_cell(note["address"])] = None
        sheets.append(state)
    book = BookState(sheets, payload["book"].get("active_sheet_index", 0))
    for action in actions:
        func, args = action["func"], action["args"]
        position = action.get("sheet_position")
        target = book.sheets[position] if position is not None and func != "addSheet" else None
        if target is not None:
            target.actions.append(action)
        if func == "addSheet":
            book.sheets.insert(args[0], SheetState(args[1], added=True))
            book.active = args[0]
        elif func == "sheetDelete":
            del book.sheets[position]
        elif func == "setSheetName":
            target.name = args[0]
        elif func == "activateSheet":
            book.active = args[0]
        elif func == "setValues":
            top, left = action["start_row"] + 1, action["start_column"] + 1
            for r, row in enumerate(action["values"], start=top):
                for c, value in enumerate(row, start=left):
                    if value == "" or value is None:
                        target.values.pop((r, c), None)
                    else:
                        target.values[(r, c)] = value
        elif func in ("sheetClear", "sheetClearContents") or (
                func in ("rangeClear", "rangeClearContents") and action["start_row"] == 0
                and action["start_column"] == 0 and action["row_count"] >= 1048576):
            target.values.clear()
            target.cleared += 1
            if func in ("sheetClear", "rangeClear"):
                target.colors.clear()
        elif func in ("rangeClear", "rangeClearContents"):
            for cell in _block(action):
                target.values.pop(cell, None)
        elif func == "setRangeColor":
            for cell in _block(action):
                target.colors[cell] = args[0]
        elif func == "addNote" or func == "setNoteText":
            target.notes[_cell(args[0])] = args[1]
        elif func == "deleteNote":
            target.notes.pop(_cell(args[0]), None)
        elif func == "addChart":
            target.charts.append({"name": args[0], "type": args[1], "source": args[3], "set": []})
        elif func.startswith("setChart") and target is not None and target.charts:
            target.charts[-1]["set"].append((func, args))
        elif func == "alert":
            book.alerts.append((args[1], args[0]))
        elif func not in _FORMATTING:
            book.unknown.append(func)
    return book


_FORMATTING = frozenset({
    "setFontProperty", "setNumberFormat", "setWrapText", "setColumnWidth", "setRowHeight", "rangeMerge",
    "rangeUnmerge", "setHorizontalAlignment", "setVerticalAlignment", "setScreenUpdating", "freezePaneAtRange",
    "setBorderProperty", "setAutofit",
})


__all__ = ["NONCOMMERCIAL_KEY", "workbook_payload", "note_texts", "remote_book", "replay", "BookState", "SheetState"]
