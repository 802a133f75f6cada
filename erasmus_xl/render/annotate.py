"""The annotated copy: the user's workbook with every finding shown where it is.

Error cells turn red and warnings amber, each with a comment holding its message, and a first
sheet `Pārbaude` lists the findings with links to their cells. It is always a new file beside
the input (`NAME-parbaude.xlsx`, also for an .ods, .xls or .xlsb input); the input is never touched.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook as XlsxWorkbook
from openpyxl.worksheet.hyperlink import Hyperlink

from erasmus_xl.io.outputs import atomic_output
from erasmus_xl.model.findings import SEVERITY_ORDER, Finding, Severity, count_by_severity, severity_label
from erasmus_xl.model.schema import enumerations, sheet_specs
from erasmus_xl.model.text import normalize_key
from erasmus_xl.model.wording import ui_both, ui_entries, ui_text

if TYPE_CHECKING:
    from erasmus_xl.workbook import Workbook as RegisterBook

FILLS: dict[Severity, PatternFill] = {"error": PatternFill("solid", fgColor="FFC7CE"),
                                     "warning": PatternFill("solid", fgColor="FFEB9C"),
                                     "info": PatternFill("solid", fgColor="DDEBF7")}
SHEET_TITLE = ui_text("checked_copy.sheet", "lv")
COLUMNS = [(column["lv"], column["width"]) for column in ui_entries("checked_copy.columns")]
"""What a coordinator reads; internal finding codes stay in the JSON output (validate --json), not here."""


def annotated_path(source: Path | str) -> Path:
    source = Path(source)
    suffix = ".xlsm" if source.suffix.lower() == ".xlsm" else ".xlsx"
    return source.with_name(f"{source.stem}-parbaude{suffix}")


def write_annotated_copy(book: RegisterBook, output: Path | str | None = None, *,
                         force: bool = False, extra_sheets: Callable[[XlsxWorkbook], None] | None = None) -> Path:
    """Write the annotated copy of the book's file with its report's findings and return its path.
    `extra_sheets` may add sheets (e.g. indicators)."""
    source, findings = book.path, book.report.findings
    output = Path(output) if output else annotated_path(source)
    workbook = _editable_copy(source)
    _mark_cells(workbook, findings)
    add_findings_sheet(workbook, findings, source)
    if extra_sheets:
        extra_sheets(workbook)
    with atomic_output(output, force=force, inputs=(source,)) as temp:
        workbook.save(temp)
    return output


def _editable_copy(source: Path) -> XlsxWorkbook:
    """The workbook to mark: the file itself for .xlsx/.xlsm; for .ods, .xls and .xlsb (which
    openpyxl cannot open) a new .xlsx holding the values the reader read, sheet by sheet, cell by
    cell at the same addresses, so every finding's cell is where the user will look for it."""
    if source.suffix.lower() in (".xlsx", ".xlsm"):
        return openpyxl.load_workbook(source, keep_vba=source.suffix.lower() == ".xlsm")
    from erasmus_xl.io.workbook_file import open_workbook

    opened = open_workbook(source)
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name in opened.sheet_names:
        sheet = workbook.create_sheet(name[:31])
        errors = opened.error_cells.get(name, {})
        for row_number, row in enumerate(opened.rows(name), start=1):
            for column, value in enumerate(row, start=1):
                value = errors.get((row_number, column), value)
                if value == "" or value is None:
                    continue
                cell = sheet.cell(row=row_number, column=column, value=value)
                if isinstance(value, str) and value.startswith("=") and (row_number, column) not in errors:
                    cell.data_type = "s"      # text that looks like a formula stays text
    return workbook


@dataclass(frozen=True)
class CellMark:
    """How one cell is marked: its colour and the comment holding its findings' messages."""

    sheet: str
    cell: str
    fill: str       # RRGGBB
    comment: str


def mark_prefix(severity: Severity) -> str:
    """How a cell comment erasmus_xl writes begins ("KĻŪDA:"): the severity's word in capitals,
    so a reader sees how bad it is and the Excel side tells our notes from a person's."""
    return f"{severity_label(severity).upper()}:"


def cell_marks(findings: list[Finding]) -> list[CellMark]:
    """One mark per cell with findings: red when any is an error, amber otherwise. The annotated
    copy and the Excel button (excel_port) mark cells from this one list."""
    by_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in findings:
        by_cell[(finding.sheet, finding.cell)].append(finding)
    marks = []
    for (sheet, address), cell_findings in by_cell.items():
        worst = min((f.severity for f in cell_findings), key=SEVERITY_ORDER.__getitem__)
        text = "\n".join(f"{mark_prefix(f.severity)} {f.message}" for f in cell_findings)
        marks.append(CellMark(sheet, address, str(FILLS[worst].fgColor.rgb)[-6:].upper(), text))
    return marks


def _mark_cells(workbook: XlsxWorkbook, findings: list[Finding]) -> None:
    for mark in cell_marks(findings):
        if mark.sheet not in workbook.sheetnames:
            continue
        cell = workbook[mark.sheet][mark.cell]
        cell.fill = PatternFill("solid", fgColor=mark.fill)
        comment = Comment(mark.comment, "erasmus_xl")
        comment.width, comment.height = 360, min(60 + 45 * mark.comment.count("\n") + 45, 400)
        cell.comment = comment


@cache
def _enum_of_column() -> dict[tuple[str, str], str]:
    """(sheet key, header spelling) → the drop-down (enumeration) name of that column."""
    found: dict[tuple[str, str], str] = {}
    for spec in sheet_specs():
        for column in spec.columns:
            if column.enum:
                for spelling in column.spellings:
                    found[(spec.key, normalize_key(spelling))] = column.enum
    return found


def register_value(finding: Finding) -> str:
    """The value as the register's drop-down words it ("apstiprināta"), not as the internal code
    (`confirmed`) a rule may have reported it in; any other value as the finding holds it."""
    name = _enum_of_column().get((finding.sheet_key, normalize_key(finding.column)))
    if name is None or not finding.value:
        return finding.value
    enumeration = enumerations()[name]
    return enumeration.label(finding.value, "lv") if finding.value in enumeration.codes else finding.value


def add_findings_sheet(workbook: XlsxWorkbook, findings: list[Finding], source: Path) -> None:
    if SHEET_TITLE in workbook.sheetnames:
        del workbook[SHEET_TITLE]
    sheet = workbook.create_sheet(SHEET_TITLE, 0)
    workbook.active = 0
    for other in workbook.worksheets[1:]:
        other.sheet_view.tabSelected = False
    errors, warnings = count_by_severity(findings)
    sheet["A1"] = ui_text("checked_copy.title", "lv", file=source.name)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = ui_both("checked_copy.counts", errors=errors, warnings=warnings, date=f"{dt.date.today():%d.%m.%Y}")
    header_row = 4
    for col, (title, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=header_row, column=col, value=title)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E78")
        sheet.column_dimensions[cell.column_letter].width = width
    if not findings:
        sheet.cell(row=header_row + 1, column=1, value=ui_both("checked_copy.none"))
    # one style object each, shared by every row: openpyxl looks each new one up in its style
    # list, which made a thousand findings take seconds
    top, wrapped = Alignment(vertical="top"), Alignment(wrap_text=True, vertical="top")
    link_font = Font(color="0563C1", underline="single")
    for index, finding in enumerate(findings, start=1):
        row = header_row + index
        values = [index, finding.sheet, finding.cell, finding.column, register_value(finding),
                  severity_label(finding.severity), finding.message, finding.message_en]
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=col, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # shown as text, never evaluated as a formula
            cell.alignment = wrapped if col >= 7 else top
        link = sheet.cell(row=row, column=3)
        if finding.sheet in workbook.sheetnames:
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{finding.sheet}'!{finding.cell}",
                                       tooltip=ui_both("checked_copy.go_to_cell"))
            link.font = link_font
        sheet.cell(row=row, column=6).fill = FILLS[finding.severity]
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    last_row = header_row + max(len(findings), 1)
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(COLUMNS))}{last_row}"
