"""Writing a register workbook (empty or filled) that any coordinator can fill in Excel.

Why a generated workbook rather than a hand-made one: the drop-downs, date checks and table names
must match the contract in data/register_schema.json exactly, and stay in step when the contract
or a list (enumerations.json, school.json, targets.json) changes. A school changes those JSON
files, regenerates the workbook, and the drop-downs follow.

Layout: `Instrukcija`, the contract sheets (each an Excel Table with validations on rows
2..2000), `Mērķi`, `Iestatījumi`, `Izglītības programmas` and the hidden `Saraksti`, which
holds the long drop-down lists (an inline list is limited to 255 characters in Excel).
"""
from __future__ import annotations

import datetime as dt
import math
import zipfile
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from erasmus_xl.domain.rates import available_call_years, rates_sheet_layout
from erasmus_xl.io.outputs import atomic_output
from erasmus_xl.io.workbook_file import column_letter
from erasmus_xl.model.countries import country_code, latvian_name, latvian_names_sorted
from erasmus_xl.model.schema import ColumnSpec, SheetSpec, enumerations, sheet_specs, special_sheet
from erasmus_xl.model.wording import fill, ui_both, ui_text
from erasmus_xl.render.money_sheets import write_rates_sheet
from erasmus_xl.resources import load_data

FIRST_DATA_ROW = 2
LAST_VALIDATED_ROW = 2000          # validations and list ranges reach this row (or further)
DATE_FORMAT = "DD.MM.YYYY"
AMOUNT_FORMAT = "#,##0.00"
INT_FORMAT = "0"
DATE_MIN, DATE_MAX = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
EXCEL_EPOCH = dt.date(1899, 12, 30)
# Fixed so that two runs give the same workbook (the strategy was adopted on 30.08.2024).
FIXED_TIMESTAMP = dt.datetime(2024, 9, 1, 8, 0, 0)
CREATOR = "erasmus_xl"

INSTRUCTIONS_SHEET = "Instrukcija"
INSTRUCTIONS_WIDTH = 78           # characters: fits an A4 portrait page, also with substituted fonts
LISTS_SHEET = "Saraksti"
TABLE_STYLE = "TableStyleMedium2"
HEADER_FONT = Font(bold=True, color="1F3864")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")

# Enumerations whose codes people type as often as the Latvian words: a value outside the list
# gets a warning (the reader accepts codes and English words), not a stop.
WARNING_ENUMS = frozenset({"activity_type"})
# Sheets whose project number must name a project of the Projekti sheet (a drop-down of them).
PROJECT_LIST_SHEETS = frozenset({"mobilities", "finance"})
# Columns pointing at a mobility of the Mobilitātes sheet (a drop-down of the IDs).
MOBILITY_LIST_COLUMNS = frozenset({("feedback", "mobility_id"), ("finance", "mobility_id")})

TEXTS = "register_template"        # the section of data/ui_texts.json with this workbook's wording
NO_PROMPT = ("", "")               # a column whose own prompt (or none) is all the cell shows


def _pair(group: str, key: str, **params: object) -> tuple[str, str]:
    """A (Latvian, English) text of data/ui_texts.json's register_template section, filled."""
    return ui_text(f"{TEXTS}.{group}.{key}", "lv", **params), ui_text(f"{TEXTS}.{group}.{key}", "en", **params)


def _section() -> dict[str, Any]:
    return load_data("ui_texts")[TEXTS]


# --------------------------------------------------------------------------- public API

def write_register(path: Path | str, data: dict[str, list[dict]] | None = None, *,
                   settings: dict[str, str] | None = None, force: bool = False,
                   rate_examples: dict[str, Any] | None = None) -> Path:
    """Write a register workbook to `path` (atomically) and return the path.

    `data` maps a sheet key ("mobilities", ...) to rows, each a dict field key -> Python value;
    enum codes, ISO country codes and booleans are written as the Latvian words the drop-downs
    offer, dates as real Excel dates, any other value as given (a demo may write mistakes).
    `settings` overrides values of the Iestatījumi sheet (keys of data/school.json).
    `rate_examples` (data/demo_rates.json's shape) fills example amounts on the Likmes sheet.
    Raises RegisterError (output_exists) when the file exists and `force` is not set.
    """
    workbook = build_register(data, settings=settings, rate_examples=rate_examples)
    with atomic_output(path, force=force) as temp:
        _save_deterministic(workbook, temp)
    return Path(path)


def build_register(data: dict[str, list[dict]] | None = None, *,
                   settings: dict[str, str] | None = None, rate_examples: dict[str, Any] | None = None) -> Workbook:
    """The register as an openpyxl Workbook, not yet saved (for callers that add sheets)."""
    data = dict(data or {})
    specs = sheet_specs()
    unknown = set(data) - {s.key for s in specs}
    if unknown:
        raise ValueError(f"unknown sheet keys: {sorted(unknown)}; known: {[s.key for s in specs]}")
    values = _settings_values(settings)

    workbook = Workbook()
    instructions = workbook.active
    instructions.title = INSTRUCTIONS_SHEET
    sheets = {spec.key: workbook.create_sheet(spec.lv) for spec in specs}
    targets_ws = workbook.create_sheet(special_sheet("targets_sheet")["lv"])
    settings_ws = workbook.create_sheet(special_sheet("settings_sheet")["lv"])
    programmes_ws = workbook.create_sheet(special_sheet("programmes_sheet")["lv"])
    rates_ws = workbook.create_sheet(rates_sheet_layout()["lv"])
    lists_ws = workbook.create_sheet(LISTS_SHEET)

    list_names = _write_lists(workbook, lists_ws, specs)
    list_names.update(_reference_lists(workbook, specs))
    for spec in specs:
        _write_contract_sheet(sheets[spec.key], spec, data.get(spec.key, []), list_names)
    _write_targets(targets_ws)
    _write_settings(settings_ws, values)
    _write_programmes(programmes_ws)
    examples = rate_examples or {}
    write_rates_sheet(rates_ws, call_year=available_call_years()[-1], examples=examples.get("rates", ()),
                      example_note=examples.get("note", {}).get("lv", ""))
    _write_instructions(instructions, specs, values)
    lists_ws.sheet_state = "hidden"
    workbook.active = 0

    props = workbook.properties
    props.title = ui_text(f"{TEXTS}.properties.title", "lv", school=values.get("school_name", "")).strip(" —")
    props.subject = ui_both(f"{TEXTS}.properties.subject")
    props.description = ui_both(f"{TEXTS}.properties.description")
    props.creator = CREATOR
    props.lastModifiedBy = CREATOR
    props.language = "lv-LV"
    props.created = FIXED_TIMESTAMP
    props.modified = FIXED_TIMESTAMP
    return workbook


def cell_value(column: ColumnSpec, value: Any) -> Any:
    """A Python value as it is written into a cell of `column` (codes become Latvian words)."""
    if value is None:
        return None
    if column.type == "enum":
        enumeration = enumerations()[column.enum]  # type: ignore[index]
        if isinstance(value, bool) and column.enum == "yes_no":
            return enumeration.label("yes" if value else "no")
        if isinstance(value, str) and value in enumeration.codes:
            return enumeration.label(value)
        return value
    if column.type == "country" and isinstance(value, str) and len(value) == 2 and value.isupper():
        code = country_code(value)
        return latvian_name(code) if code else value
    if isinstance(value, dt.datetime):
        return value.date()
    return value


# --------------------------------------------------------------------------- saving

def _save_deterministic(workbook: Workbook, target: Path) -> None:
    """Save without openpyxl's `modified = now()`, so the content does not change run to run."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).save()


# --------------------------------------------------------------------------- lists

def _used_enums(specs: Iterable[SheetSpec]) -> list[str]:
    seen: list[str] = []
    for spec in specs:
        for column in spec.columns:
            if column.type == "enum" and column.enum not in seen:
                seen.append(column.enum)  # type: ignore[arg-type]
    return seen


def _write_lists(workbook: Workbook, ws: Worksheet, specs: tuple[SheetSpec, ...]) -> dict[str, str]:
    """One column per drop-down list on the hidden sheet, each behind a defined name."""
    lists: list[tuple[str, list[str]]] = [
        (name, [v.lv for v in enumerations()[name].values]) for name in _used_enums(specs)
    ]
    lists.append(("country", latvian_names_sorted()))
    names: dict[str, str] = {}
    for index, (name, items) in enumerate(lists, start=1):
        letter = column_letter(index)
        title = ws.cell(row=1, column=index, value=_section()["list_titles"].get(name, {}).get("lv", name))
        title.font = HEADER_FONT
        title.fill = HEADER_FILL
        for row, item in enumerate(items, start=2):
            ws.cell(row=row, column=index, value=item)
        ws.column_dimensions[letter].width = max(14, min(60, max(len(i) for i in items) + 2))
        defined = f"lst_{name}"
        reference = f"{_quoted(ws.title)}!${letter}$2:${letter}${len(items) + 1}"
        workbook.defined_names[defined] = DefinedName(defined, attr_text=reference)
        names[name] = defined
    ws.freeze_panes = "A2"
    return names


def _reference_lists(workbook: Workbook, specs: tuple[SheetSpec, ...]) -> dict[str, str]:
    """Drop-downs fed by the workbook's own sheets: they grow as the school adds rows."""
    names: dict[str, str] = {}
    sources = [
        ("education_programme", special_sheet("programmes_sheet")["lv"], "A"),
        ("project_number", _spec(specs, "projects").lv, _letter(_spec(specs, "projects"), "project_number")),
        ("mobility_id", _spec(specs, "mobilities").lv, _letter(_spec(specs, "mobilities"), "id")),
    ]
    for name, sheet, letter in sources:
        first = f"{_quoted(sheet)}!${letter}${FIRST_DATA_ROW}"
        span = f"{_quoted(sheet)}!${letter}${FIRST_DATA_ROW}:${letter}${LAST_VALIDATED_ROW}"
        defined = f"lst_{name}"
        workbook.defined_names[defined] = DefinedName(
            defined, attr_text=f"OFFSET({first},0,0,MAX(1,COUNTA({span})),1)")
        names[name] = defined
    return names


def _spec(specs: tuple[SheetSpec, ...], key: str) -> SheetSpec:
    return next(s for s in specs if s.key == key)


def _letter(spec: SheetSpec, key: str) -> str:
    return column_letter([c.key for c in spec.columns].index(key) + 1)


def _quoted(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


# --------------------------------------------------------------------------- contract sheets

def _write_contract_sheet(ws: Worksheet, spec: SheetSpec, rows: list[dict], lists: dict[str, str]) -> None:
    columns = spec.columns
    known = {c.key for c in columns}
    _write_header(ws, [c.lv for c in columns])
    for index, column in enumerate(columns, start=1):
        letter = column_letter(index)
        ws.column_dimensions[letter].width = column.width
        number_format = _number_format(column)
        if number_format:
            ws.column_dimensions[letter].number_format = number_format
    for offset, row in enumerate(rows):
        unknown = set(row) - known
        if unknown:
            raise ValueError(f"{spec.key} row {offset + 1}: unknown fields {sorted(unknown)}")
        excel_row = FIRST_DATA_ROW + offset
        for index, column in enumerate(columns, start=1):
            _put(ws, excel_row, index, column, row.get(column.key))
    last_data_row = max(FIRST_DATA_ROW, FIRST_DATA_ROW + len(rows) - 1)
    ref = f"A1:{column_letter(len(columns))}{last_data_row}"
    _add_table(ws, spec.table, ref)
    last_row = max(LAST_VALIDATED_ROW, last_data_row)
    for index, column in enumerate(columns, start=1):
        validation = _validation(spec, column, column_letter(index), lists)
        if validation is not None:
            validation.add(f"{column_letter(index)}{FIRST_DATA_ROW}:{column_letter(index)}{last_row}")
            ws.add_data_validation(validation)
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _write_header(ws: Worksheet, headers: list[str]) -> None:
    for index, header in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=index, value=header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = HEADER_ALIGNMENT
    ws.row_dimensions[1].height = 32


def _add_table(ws: Worksheet, name: str, ref: str) -> None:
    table = Table(displayName=name, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name=TABLE_STYLE, showFirstColumn=False, showLastColumn=False,
                                          showRowStripes=True, showColumnStripes=False)
    ws.add_table(table)


def _number_format(column: ColumnSpec) -> str | None:
    return {"date": DATE_FORMAT, "amount": AMOUNT_FORMAT, "int": INT_FORMAT}.get(column.type)


def _put(ws: Worksheet, row: int, col: int, column: ColumnSpec, value: Any) -> None:
    value = cell_value(column, value)
    if value is None:
        return
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str) and value.startswith("="):
        cell.value = value
        cell.data_type = "s"          # text that merely looks like a formula
        return
    cell.value = value
    if isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        if column.type == "amount":
            cell.number_format = AMOUNT_FORMAT
        elif column.type in ("int", "year_or_date"):
            cell.number_format = INT_FORMAT


def _validation(spec: SheetSpec, column: ColumnSpec, letter: str, lists: dict[str, str]) -> DataValidation | None:
    """The Excel data validation of one column, with a prompt and a Latvian error message."""
    first = f"{letter}{FIRST_DATA_ROW}"
    kind = column.type
    if kind == "enum":
        style = "warning" if (column.enum in WARNING_ENUMS or column.enum_severity == "warning") else "stop"
        message = _pair("errors", "list_warning" if style == "warning" else "list")
        dv = DataValidation(type="list", formula1=lists[column.enum], errorStyle=style)  # type: ignore[index]
        return _finish(dv, column, message, _pair("prompts", "list"))
    if kind == "country":
        dv = DataValidation(type="list", formula1=lists["country"], errorStyle="warning")
        return _finish(dv, column, _pair("errors", "country"), _pair("prompts", "country"))
    if column.key == "education_programme":
        dv = DataValidation(type="list", formula1=lists["education_programme"], errorStyle="warning")
        return _finish(dv, column, _pair("errors", "programme"), _pair("prompts", "list"))
    if kind == "project_number" and spec.key in PROJECT_LIST_SHEETS:
        dv = DataValidation(type="list", formula1=lists["project_number"], errorStyle="warning")
        return _finish(dv, column, _pair("errors", "project"), _pair("prompts", "project"))
    if (spec.key, column.key) in MOBILITY_LIST_COLUMNS:
        dv = DataValidation(type="list", formula1=lists["mobility_id"], errorStyle="warning")
        return _finish(dv, column, _pair("errors", "mobility"), _pair("prompts", "mobility"))
    if kind == "date":
        dv = DataValidation(type="date", operator="between", formula1=str(_serial(DATE_MIN)),
                            formula2=str(_serial(DATE_MAX)), errorStyle="stop")
        return _finish(dv, column, _pair("errors", "date"), _pair("prompts", "date"))
    if kind == "int":
        low = column.min if column.min is not None else 0
        if column.max is not None:
            dv = DataValidation(type="whole", operator="between", formula1=str(low), formula2=str(column.max),
                                errorStyle="stop")
            message = _pair("errors", "whole_range", min=low, max=column.max)
        else:
            dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1=str(low), errorStyle="stop")
            message = _pair("errors", "whole_min", min=low)
        return _finish(dv, column, message, _pair("prompts", "whole"))
    if kind == "amount":
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", errorStyle="stop")
        return _finish(dv, column, _pair("errors", "amount"), _pair("prompts", "amount"))
    if kind == "oid":
        formula = f'AND(LEN({first})=9,LEFT({first},1)="E",ISNUMBER(--MID({first},2,8)))'
        dv = DataValidation(type="custom", formula1=formula, errorStyle="warning")
        return _finish(dv, column, _pair("errors", "oid"), NO_PROMPT)
    if column.key == spec.id_column and kind in ("id", "project_number"):
        span = f"${letter}${FIRST_DATA_ROW}:${letter}${LAST_VALIDATED_ROW}"
        dv = DataValidation(type="custom", formula1=f"COUNTIF({span},{first})=1", errorStyle="stop")
        return _finish(dv, column, _pair("errors", "unique"), _pair("prompts", "id"))
    if column.prompt_lv:
        return _finish(DataValidation(), column, None, NO_PROMPT)
    return None


def _finish(dv: DataValidation, column: ColumnSpec, message: tuple[str, str] | None,
            default_prompt: tuple[str, str]) -> DataValidation:
    dv.allow_blank = True
    dv.showInputMessage = True
    dv.promptTitle = column.lv[:32]
    prompt_lv = column.prompt_lv or default_prompt[0]
    prompt_en = column.prompt_en or default_prompt[1]
    dv.prompt = _limit(prompt_lv, prompt_en)
    if message is not None:
        dv.showErrorMessage = True
        dv.errorTitle = ui_text(f"{TEXTS}.error_title", "lv", column=column.lv)[:32]
        dv.error = _limit(*message)
    return dv


def _limit(lv: str, en: str, size: int = 255) -> str:
    """Latvian first, English second, within Excel's 255-character limit of prompts and errors."""
    both = f"{lv}\n{en}" if en else lv
    return both if len(both) <= size else lv[:size]


def _serial(day: dt.date) -> int:
    return (day - EXCEL_EPOCH).days


# --------------------------------------------------------------------------- Mērķi, Iestatījumi, programmes

def _write_targets(ws: Worksheet) -> None:
    layout = special_sheet("targets_sheet")
    data = load_data("targets")
    years = data["years"]
    headers = [layout["indicator_header"]["lv"], layout["key_header"]["lv"], *[str(y) for y in years]]
    _write_header(ws, headers)
    for row, item in enumerate(data["indicators"], start=FIRST_DATA_ROW):
        ws.cell(row=row, column=1, value=item["lv"]).alignment = WRAP_TOP
        ws.cell(row=row, column=2, value=item["key"])
        for offset, target in enumerate(item["targets"]):
            if target is not None:
                ws.cell(row=row, column=3 + offset, value=target).number_format = INT_FORMAT
    last_row = FIRST_DATA_ROW + len(data["indicators"]) - 1
    _add_table(ws, layout["table"], f"A1:{column_letter(len(headers))}{last_row}")
    ws.column_dimensions["A"].width = 58
    ws.column_dimensions["B"].width = 22
    for offset in range(len(years)):
        ws.column_dimensions[column_letter(3 + offset)].width = 8
    dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", errorStyle="stop",
                        allow_blank=True, showInputMessage=True, showErrorMessage=True,
                        promptTitle=ui_text(f"{TEXTS}.target_cells.title", "lv"),
                        prompt=_limit(*_pair("target_cells", "prompt")),
                        errorTitle=ui_text(f"{TEXTS}.target_cells.error_title", "lv"),
                        error=_limit(*_pair("errors", "whole_min", min=0)))
    dv.add(f"C{FIRST_DATA_ROW}:{column_letter(len(headers))}{last_row + 20}")
    ws.add_data_validation(dv)
    ws.freeze_panes = "A2"


def _settings_values(overrides: dict[str, str] | None) -> dict[str, str]:
    defaults = {item["key"]: item["value"] for item in load_data("school")["settings"]}
    unknown = set(overrides or {}) - set(defaults)
    if unknown:
        raise ValueError(f"unknown settings {sorted(unknown)}; known: {sorted(defaults)}")
    return {**defaults, **(overrides or {})}


def _write_settings(ws: Worksheet, values: dict[str, str]) -> None:
    layout = special_sheet("settings_sheet")
    _write_header(ws, list(layout["headers"]["lv"]))
    items = load_data("school")["settings"]
    for row, item in enumerate(items, start=FIRST_DATA_ROW):
        ws.cell(row=row, column=1, value=item["lv"])
        value = values.get(item["key"], "")
        if value not in ("", None):
            ws.cell(row=row, column=2, value=value)
    _add_table(ws, layout["table"], f"A1:B{FIRST_DATA_ROW + len(items) - 1}")
    ws.column_dimensions["A"].width = 38
    ws.column_dimensions["B"].width = 48
    ws.freeze_panes = "A2"


def _write_programmes(ws: Worksheet) -> None:
    layout = special_sheet("programmes_sheet")
    _write_header(ws, list(layout["headers"]["lv"]))
    programmes = load_data("school")["education_programmes"]
    for row, item in enumerate(programmes, start=FIRST_DATA_ROW):
        ws.cell(row=row, column=1, value=item["name"])
        ws.cell(row=row, column=2, value=item["qualification"])
        ws.cell(row=row, column=3, value=item["code"])
    _add_table(ws, layout["table"], f"A1:C{FIRST_DATA_ROW + max(len(programmes), 1) - 1}")
    for letter, width in zip("ABC", (44, 38, 14), strict=False):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"


# --------------------------------------------------------------------------- Instrukcija

def instruction_lines(specs: tuple[SheetSpec, ...], settings: dict[str, str]) -> list[tuple[str, str]]:
    """The instruction sheet as (style, text) lines; style is title, heading, text or english."""
    mobility = next(s for s in specs if s.key == "mobilities")
    params = {"school": settings.get("school_name", ""),
              "targets_sheet": special_sheet("targets_sheet")["lv"],
              "targets_source": load_data("targets")["source"],
              "settings_sheet": special_sheet("settings_sheet")["lv"],
              "programmes_sheet": special_sheet("programmes_sheet")["lv"],
              "programme_column": mobility.column("education_programme").lv,
              "rates_sheet": rates_sheet_layout()["lv"]}
    descriptions = _section()["sheet_descriptions"]
    lines: list[tuple[str, str]] = []
    for entry in _section()["instructions"]:
        style = entry["style"]
        if style == "sheets":
            lines += [("text", ui_text(f"{TEXTS}.sheet_line", "lv", sheet=spec.lv,
                                       description=descriptions[spec.key]["lv"] if spec.key in descriptions else spec.en))
                      for spec in specs]
            continue
        text = fill(entry["text"], "en", **params) if style == "english" else fill(entry["lv"], "lv", **params)
        lines.append((style, text.rstrip(" —") if style == "title" else text))
    return lines


def _write_instructions(ws: Worksheet, specs: tuple[SheetSpec, ...], settings: dict[str, str]) -> None:
    ws.column_dimensions["A"].width = INSTRUCTIONS_WIDTH
    # Arial: on Windows and macOS, and metric-compatible Liberation Sans in LibreOffice, so the
    # wrapped lines and row heights come out alike everywhere.
    fonts = {"title": Font(name="Arial", bold=True, size=14, color="1F3864"),
             "heading": Font(name="Arial", bold=True, size=12, color="1F3864"),
             "text": Font(name="Arial", size=10), "english": Font(name="Arial", size=10, italic=True)}
    row = 1
    for style, text in instruction_lines(specs, settings):
        if style == "heading":
            row += 1                      # a blank line before each section
        cell = ws.cell(row=row, column=1, value=text)
        cell.font = fonts[style]
        cell.alignment = WRAP_TOP
        # LibreOffice keeps the default height of a wrapped row: give each its lines, generously.
        lines = max(1, math.ceil(len(text) / INSTRUCTIONS_WIDTH))
        ws.row_dimensions[row].height = (20 if style == "title" else 13) * lines + 4
        row += 1
    ws.sheet_view.showGridLines = False
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


__all__ = ["write_register", "build_register", "cell_value", "instruction_lines"]
