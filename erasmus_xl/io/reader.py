"""The reader: any conforming register workbook -> a `Register` of typed records.

Conforming means the contract of shared/reference/domain.md: the sheets by their Latvian or
English names; headers in Latvian or English, in any order, wherever the header row (or Excel
Table) stands; extra columns kept; blank rows skipped. Values are read with python-calamine (about
15× faster than openpyxl here, see benchmarks/); each cell goes through its column's parser.
A cell that cannot be read becomes a `Finding`, never an exception: only a file that is not a
register at all raises `RegisterError`.
"""
from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any

from erasmus_xl.io.cells import PLAUSIBLE_YEARS, CellProblem, is_blank, make_parser, parse_int, parse_text
from erasmus_xl.io.headers import HEADER_SCAN_ROWS, find_header_row, header_positions
from erasmus_xl.io.workbook_file import SheetSource, column_letter, open_workbook
from erasmus_xl.model.bulk import without_gc_pauses
from erasmus_xl.model.errors import RegisterError
from erasmus_xl.model.findings import Finding, display_value, make_finding
from erasmus_xl.model.records import RECORD_TYPES, Register, SheetLayout, Targets
from erasmus_xl.model.schema import ColumnSpec, SheetSpec, find_layout_sheet, find_sheet_name, sheet_specs, special_sheet
from erasmus_xl.model.text import clean_text, clean_texts, normalize_key
from erasmus_xl.resources import load_data

EXTRA_COLUMN = "extra"   # the field_key of a finding in a column the contract does not know: no figure needs it


def read_register(path: Path | str) -> Register:
    """Read a register workbook. Raises RegisterError when the file is not a readable register."""
    return read_opened(open_workbook(path))


@without_gc_pauses
def read_opened(opened: SheetSource) -> Register:
    """The register in an opened workbook: a file, or (excel_port) the workbook open in Excel."""
    register = Register(path=Path(opened.path))
    for spec in sheet_specs():
        name = find_sheet_name(opened.sheet_names, spec.spellings)
        if name is None:
            raise RegisterError("sheet_missing", opened.path, sheet=spec.lv, sheet_en=spec.en,
                                found=", ".join(f"“{n}”" for n in opened.sheet_names) or "—")
        rows = opened.rows(name)
        layout, positions = _locate_columns(spec, name, rows, opened.path, opened.merged_ranges(name))
        register.layouts[spec.key] = layout
        error_cells = set(opened.error_cells.get(name, {}))
        records = _read_records(spec, layout, positions, rows, error_cells, register.cell_findings)
        setattr(register, spec.key, records)
        register.cell_findings.extend(_error_cell_findings(opened, spec.key, name, layout, rows))
    register.targets = _read_targets(opened, register.cell_findings)
    register.settings = _read_settings(opened)
    register.education_programmes = _read_programmes(opened)
    _read_optional_sheets(opened, register)
    return register


def _read_optional_sheets(opened: SheetSource, register: Register) -> None:
    """The accountant's Likmes and the Rīcības plāns sheets, when the workbook has them (their
    modules are imported only then)."""
    rates_name = find_layout_sheet(opened.sheet_names, load_data("budget_texts")["rates_sheet"])
    if rates_name:
        from erasmus_xl.domain.rates import rate_overrides_from_rows

        register.rate_overrides = rate_overrides_from_rows(rates_name, opened.rows(rates_name))
    plan_name = find_layout_sheet(opened.sheet_names, load_data("strategy_tasks")["sheet"])
    if plan_name:
        from erasmus_xl.render.action_plan import plan_from_rows

        register.action_plan = plan_from_rows(plan_name, opened.rows(plan_name))
    register.optional_sheets_read = True


def _header_area(rows: Sequence[Sequence[Any]], merged: list[tuple[tuple[int, int], tuple[int, int]]]) -> list[list[Any]]:
    """The rows a header may stand in, each merged cell's text in every cell it covers.

    A header merged over two rows ("ID" in A1:A2 above a second header row) is in both rows, as
    Excel shows it; calamine gives it only to the top-left cell. The data rows are not touched.
    """
    area = [list(row) for row in rows[:HEADER_SCAN_ROWS]]
    for (top, left), (bottom, right) in merged:
        if top >= len(area) or left >= len(area[top]) or not isinstance(area[top][left], str):
            continue
        value = area[top][left]
        for row in area[top:min(bottom, len(area) - 1) + 1]:
            for col in range(left, min(right, len(row) - 1) + 1):
                if is_blank(row[col]):
                    row[col] = value
    return area


def _locate_columns(spec: SheetSpec, sheet: str, rows: Sequence[Sequence[Any]], path: Path,
                    merged: Sequence[tuple[tuple[int, int], tuple[int, int]]] = ()) -> tuple[SheetLayout, dict[str, int]]:
    """Find the header row (the row naming most contract columns) and each column's position."""
    area: Sequence[Sequence[Any]] = _header_area(rows, list(merged)) if merged else rows[:HEADER_SCAN_ROWS]
    best_row, best_positions = find_header_row(area, spec.header_lookup())
    needed = [c for c in spec.columns if not c.optional_column]
    if len(best_positions) < min(2, len(needed)):
        raise RegisterError("header_not_found", path, sheet=sheet, rows=HEADER_SCAN_ROWS,
                            expected=", ".join(f"“{c.lv}”" for c in needed[:4]) + " …")
    header_cells = area[best_row]
    for column in needed:
        if column.key not in best_positions:
            unused = [clean_text(str(v)) for i, v in enumerate(header_cells)
                      if i not in best_positions.values() and isinstance(v, str) and v.strip()]
            near = difflib.get_close_matches(column.lv, unused, n=1, cutoff=0.4) or \
                difflib.get_close_matches(column.en, unused, n=1, cutoff=0.4)
            hint = f"; varbūt tā ir pārdēvētā kolonna “{near[0]}”" if near else ""
            hint_en = f"; perhaps it was renamed to “{near[0]}”" if near else ""
            raise RegisterError("column_missing", path, sheet=sheet, column=column.lv, column_en=column.en,
                                hint=hint, hint_en=hint_en)
    layout = SheetLayout(
        key=spec.key, name=sheet, header_row=best_row + 1,
        columns={key: column_letter(col + 1) for key, col in best_positions.items()},
        headers={key: clean_text(str(header_cells[col])) for key, col in best_positions.items()},
    )
    return layout, best_positions


def _read_records(spec: SheetSpec, layout: SheetLayout, positions: dict[str, int],
                  rows: Sequence[Sequence[Any]], error_cells: set[tuple[int, int]], findings: list[Finding]) -> list[Any]:
    """The sheet's records, read column by column: each column's distinct values are parsed once
    (statuses, countries, dates and numbers repeat down a register), then the records are built
    from the columns. Findings come out in the order a row-by-row reading gives them: by row, a
    row's missing required cells first, then its unreadable cells, each in column order."""
    data = rows[layout.header_row:]
    first_row = layout.header_row + 1                  # the Excel row of data[0]
    header_row = rows[layout.header_row - 1]
    mapped = set(positions.values())
    extra_columns = [(i, clean_text(str(v))) for i, v in enumerate(header_row)
                     if i not in mapped and not is_blank(v)]
    present = [c for c in spec.columns if c.key in positions]
    cells_of = _columns(data, [positions[c.key] for c in present] + [i for i, _ in extra_columns])

    extras: dict[int, dict[str, Any]] = {}
    for i, name in extra_columns:
        for index, raw in enumerate(cells_of[i]):
            if not is_blank(raw):
                extras.setdefault(index, {})[name] = raw
    blank_rows: set[int] | None = None if data else set()   # rows blank in every column so far
    parsed: dict[str, list[Any]] = {}
    located: list[tuple[int, int, int, Finding]] = []   # (row index, 0 missing / 1 unreadable, column order, finding)
    missing_in: list[tuple[int, ColumnSpec, set[int]]] = []
    for order, column in enumerate(present):
        col = positions[column.key]
        header, letter = layout.headers[column.key], layout.columns[column.key]
        read = _ParsedColumn(column, cells_of[col])
        parsed[column.key] = read.values
        blanks = read.blank_indices(blank_rows if blank_rows is not None and not column.required else None)
        blank_rows = blanks if blank_rows is None else blank_rows & blanks
        if column.required and blanks:
            missing_in.append((order, column, blanks))
        for index, problem in read.problems():
            raw, excel_row = cells_of[col][index], first_row + index
            cell = f"{letter}{excel_row}"
            if problem is None:                        # read, but a year no register means
                value = read.values[index]
                located.append((index, 1, order, make_finding(
                    "date_implausible", sheet=layout.name, sheet_key=spec.key, cell=cell, row=excel_row,
                    column=header, value=value, field_key=column.key, year=value.year)))
                continue
            params: dict[str, Any] = dict(problem.params)
            suggestion = params.pop("suggestion", None)
            params.pop("kept", None)
            located.append((index, 1, order, make_finding(
                problem.code, sheet=layout.name, sheet_key=spec.key, cell=cell, row=excel_row, column=header,
                value=raw, suggestion=suggestion, field_key=column.key, **params)))
    skipped = (blank_rows or set()) - extras.keys()     # blank rows are skipped, as people leave them between groups
    for order, column, blanks in missing_in:
        col, header, letter = positions[column.key], layout.headers[column.key], layout.columns[column.key]
        located.extend((index, 0, order, make_finding(
            "required_missing", sheet=layout.name, sheet_key=spec.key, cell=f"{letter}{first_row + index}",
            row=first_row + index, column=header, value="", field_key=column.key))
            for index in sorted(blanks - skipped) if (first_row + index, col + 1) not in error_cells)
    located.sort(key=lambda item: item[:3])
    findings.extend(finding for *_, finding in located)

    nothing = [None] * len(data)
    fields = [parsed.get(c.key, nothing) for c in spec.columns]   # the record's fields, in order (a test keeps them in step)
    records = list(map(RECORD_TYPES[spec.key], range(first_row, first_row + len(data)), *fields))   # positional: quickest
    for index, extra in extras.items():
        records[index].extra = extra
    return [record for index, record in enumerate(records) if index not in skipped] if skipped else records


def _columns(data: Sequence[Sequence[Any]], wanted: list[int]) -> dict[int, Sequence[Any]]:
    """The wanted columns of the rows, each as one sequence (None beyond a short row's end)."""
    if not data or not wanted:
        return {col: [None] * len(data) for col in wanted}
    if min(map(len, data)) > max(wanted):            # calamine's rows are all as wide as the sheet
        if len(wanted) == 1:
            return {wanted[0]: [row[wanted[0]] for row in data]}
        return dict(zip(wanted, zip(*map(itemgetter(*wanted), data), strict=True), strict=True))
    return {col: [row[col] if col < len(row) else None for row in data] for col in wanted}


_PLAIN_TYPES = frozenset({str, type(None), dt.date, dt.datetime, dt.time, dt.timedelta})
_NUMBER_TYPES = frozenset({bool, int, float})
_TEXT_TYPES = frozenset({str, type(None)})
_TEXT_COLUMNS = frozenset({"text", "id", "project_number", "oid"})   # read by parse_text: never refused


class _ParsedColumn:
    """One column's cells parsed, each distinct value once.

    One pass: a cell whose value was seen before takes the parsed value from a dict, a new value is
    parsed when first met (`_FirstSight`). Values are told apart by their type too when a column
    mixes kinds of number: 1, 1.0 and True are equal in Python but are different cells (True in a
    number column is not a number). A text column of mostly different strings (names, IDs) is
    cleaned in one go instead (`clean_texts`): one call for all, not one per cell.
    """

    def __init__(self, column: ColumnSpec, cells: Sequence[Any]) -> None:
        self.keys: Sequence[Any] = cells
        self.values: list[Any]
        self.blank: set[Any] = set()
        self.bad: dict[Any, CellProblem | None] = {}              # None: read, but an implausible year
        if column.type in _TEXT_COLUMNS and _mostly_different(cells) and set(map(type, cells)) <= _TEXT_TYPES:
            self.values = self._cleaned(cells)
            return
        parser, check_year = make_parser(column), column.type == "date"
        try:
            self.values, distinct = self._parse_each_once(parser, _same, check_year)
        except TypeError:                                       # an unhashable value (never from a file)
            self.keys = range(len(cells))
            self.values, _ = self._parse_each_once(parser, cells.__getitem__, check_year)
            return
        if not set(map(type, distinct)) <= _PLAIN_TYPES:        # only a number can hide behind an equal value
            kinds = set(map(type, cells))
            if not kinds <= _PLAIN_TYPES | _NUMBER_TYPES or len(kinds & _NUMBER_TYPES) > 1:
                self.keys = [(raw.__class__, raw) for raw in cells]
                self.values, _ = self._parse_each_once(parser, itemgetter(1), check_year)

    def _parse_each_once(self, parser: Callable[[object], object], raw_of: Callable[[Any], Any],
                         check_year: bool) -> tuple[list[Any], dict[Any, Any]]:
        """The parsed value of each key of `self.keys` (and the distinct keys, parsed), the parser
        called once per distinct key."""
        self.blank, self.bad = set(), {}

        def parse(key: Any) -> Any:
            raw = raw_of(key)
            if raw == "" or raw is None or (raw.__class__ is str and not raw.strip()):
                self.blank.add(key)
                return None
            try:
                value = parser(raw)
            except (CellProblem, ArithmeticError) as caught:
                problem = _as_problem(caught)
                self.bad[key] = problem
                return problem.params.get("kept")
            if check_year and isinstance(value, dt.date) and not PLAUSIBLE_YEARS[0] <= value.year <= PLAUSIBLE_YEARS[1]:
                self.bad[key] = None
            return value

        parsed = _FirstSight(parse)
        return list(map(parsed.__getitem__, self.keys)), parsed

    def _cleaned(self, texts: Sequence[Any]) -> list[Any]:
        """Each text of a text column (a string, or None for an empty cell) cleaned, all at once; a
        blank one is None."""
        cleaned: list[Any] = clean_texts([text if text is not None else "" for text in texts] if None in texts else texts)
        if "" in cleaned:
            self.blank = {text for text, value in zip(texts, cleaned, strict=True) if not value}
            cleaned = [value or None for value in cleaned]
        return cleaned

    def blank_indices(self, among: set[int] | None = None) -> set[int]:
        """The rows whose cell is blank (only those `among`, when given)."""
        if not self.blank:
            return set()
        keys, blank = self.keys, self.blank
        if among is not None:
            return {index for index in among if keys[index] in blank}
        return {index for index, key in enumerate(keys) if key in blank}

    def problems(self) -> list[tuple[int, CellProblem | None]]:
        """(row index, problem) of each cell that cannot be read as it is, in row order."""
        if not self.bad:
            return []
        bad = self.bad
        return [(index, bad[key]) for index, key in enumerate(self.keys) if key in bad]


def _same(value: Any) -> Any:
    return value


class _FirstSight(dict):
    """value -> its parsed value, parsed when first asked for."""

    def __init__(self, parse: Callable[[Any], Any]) -> None:
        super().__init__()
        self.parse = parse

    def __missing__(self, key: Any) -> Any:
        value = self[key] = self.parse(key)
        return value


_SAMPLE = 64


def _mostly_different(cells: Sequence[Any]) -> bool:
    """Whether the first cells are mostly different values (names, IDs), not a few repeating ones."""
    sample = cells[:_SAMPLE]
    try:
        return len(set(sample)) > len(sample) // 2
    except TypeError:
        return False


def _as_problem(caught: Exception) -> CellProblem:
    """A number too large for an amount (1e30: decimal cannot keep it to the cent) is not a number
    a register can use; it becomes a finding like any unreadable cell, not a crash."""
    return caught if isinstance(caught, CellProblem) else CellProblem("not_a_number")


def _error_cell_findings(opened: SheetSource, sheet_key: str, sheet: str, layout: SheetLayout,
                         rows: Sequence[Sequence[Any]]) -> list[Finding]:
    """`#REF!`, `#N/A` ... anywhere on the sheet; the reader has seen those cells as empty."""
    headers_by_letter = {letter: layout.headers[key] for key, letter in layout.columns.items()}
    keys_by_letter = {letter: key for key, letter in layout.columns.items()}
    header_row = rows[layout.header_row - 1] if rows else []
    found = []
    for (row, col), error in sorted(opened.error_cells.get(sheet, {}).items()):
        letter = column_letter(col)
        header = headers_by_letter.get(letter) or (clean_text(str(header_row[col - 1])) if col - 1 < len(header_row) else letter)
        found.append(make_finding("excel_error", sheet=sheet, sheet_key=sheet_key, cell=f"{letter}{row}",
                                  row=row, column=header, value=error,
                                  field_key=keys_by_letter.get(letter, EXTRA_COLUMN)))
    return found


def strategy_targets() -> Targets:
    """The strategy's targets from data/targets.json: the default when a workbook has none."""
    data = load_data("targets")
    values = {item["key"]: dict(zip(data["years"], item["targets"], strict=False)) for item in data["indicators"]}
    return Targets(values=values, source="strategy")


def _indicator_lookup() -> dict[str, str]:
    lookup = {}
    for item in load_data("targets")["indicators"]:
        for spelling in (item["key"], item["lv"], item["en"]):
            lookup[normalize_key(spelling)] = item["key"]
    return lookup


def _read_targets(opened: SheetSource, findings: list[Finding]) -> Targets:
    layout = special_sheet("targets_sheet")
    name = find_layout_sheet(opened.sheet_names, layout)
    if name is None:
        return strategy_targets()
    rows = opened.rows(name)
    lookup = {normalize_key(layout[header][lang]): header for header in ("indicator_header", "key_header")
              for lang in ("lv", "en")}
    header_index = next((i for i, row in enumerate(rows[:HEADER_SCAN_ROWS])
                         if "indicator_header" in header_positions(row, lookup)), -1)
    if header_index < 0:
        return strategy_targets()
    header = rows[header_index]
    columns = header_positions(header, lookup)
    name_col, key_col = columns["indicator_header"], columns.get("key_header")
    year_cols: dict[int, int] = {}
    for i, v in enumerate(header):
        try:
            year = parse_int(v)
        except (CellProblem, ArithmeticError):
            continue
        if 2000 <= year <= 2100:
            year_cols[i] = year
    lookup = _indicator_lookup()
    values: dict[str, dict[int, int | None]] = {}
    rows_by_key: dict[str, int] = {}
    for index in range(header_index + 1, len(rows)):
        row = rows[index]
        if all(is_blank(v) for v in row):
            continue
        labels = [row[c] for c in (key_col, name_col) if c is not None and c < len(row) and not is_blank(row[c])]
        key = next((lookup[normalize_key(parse_text(v))] for v in labels if normalize_key(parse_text(v)) in lookup), None)
        if key is None:
            shown = labels[-1] if labels else ""
            findings.append(make_finding("target_unknown_indicator", sheet=name, sheet_key="targets",
                                         cell=f"{column_letter(name_col + 1)}{index + 1}", row=index + 1,
                                         column=clean_text(str(header[name_col])), value=shown))
            continue
        per_year: dict[int, int | None] = {}
        for col, year in year_cols.items():
            raw = row[col] if col < len(row) else None
            if is_blank(raw):
                per_year[year] = None
                continue
            try:
                per_year[year] = parse_int(raw)
            except (CellProblem, ArithmeticError) as caught:
                findings.append(make_finding(_as_problem(caught).code, sheet=name, sheet_key="targets",
                                             cell=f"{column_letter(col + 1)}{index + 1}", row=index + 1,
                                             column=str(year), value=raw))
                per_year[year] = None
        values[key] = per_year
        rows_by_key[key] = index + 1
    return Targets(values=values, source="workbook", rows=rows_by_key)


def _read_settings(opened: SheetSource) -> dict[str, str]:
    """Key–value rows of the Iestatījumi sheet; the school's defaults fill what is missing."""
    defaults = load_data("school")["settings"]
    settings = {item["key"]: item["value"] for item in defaults}
    layout = special_sheet("settings_sheet")
    name = find_layout_sheet(opened.sheet_names, layout)
    if name is None:
        return settings
    lookup = {normalize_key(s): item["key"] for item in defaults for s in (item["key"], item["lv"], item["en"])}
    for row in opened.rows(name):
        cells = [v for v in row if not is_blank(v)]
        if len(cells) >= 1 and isinstance(cells[0], str):
            key = lookup.get(normalize_key(clean_text(cells[0])))
            if key:
                settings[key] = parse_text(cells[1]) if len(cells) > 1 else ""
    return settings


def _read_programmes(opened: SheetSource) -> list[str]:
    layout = special_sheet("programmes_sheet")
    name = find_layout_sheet(opened.sheet_names, layout)
    if name is None:
        return [p["name"] for p in load_data("school")["education_programmes"]]
    headers = {normalize_key(layout["headers"]["lv"][0]), normalize_key(layout["headers"]["en"][0])}
    rows = opened.rows(name)
    programmes: list[str] = []
    column = None
    for row in rows:
        if column is None:
            column = next((i for i, v in enumerate(row) if isinstance(v, str) and normalize_key(clean_text(v)) in headers), None)
            continue
        if column < len(row) and not is_blank(row[column]):
            programmes.append(parse_text(row[column]))
    return programmes


__all__ = ["read_register", "strategy_targets", "display_value"]
