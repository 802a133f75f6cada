"""The year-end summary of a folder of registers: one workbook, one JSON, one Word report.

The workbook has the indicators 2024–2028 against the targets with native charts, every merged
record with its `Avots` (source file) column, and the findings per file (bad files with their
reasons first). The same folder always gives the same content in the same order.

With `anonymise` (the summary goes beyond the international office): participants' names become
initials in the records sheet and in every message, and the report prints initials too. The
records sheet never has dates of birth or other columns beyond the contract, anonymised or not.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.workbook.workbook import Workbook

from erasmus_xl.domain.batch import BatchResult, FileResult, read_folder
from erasmus_xl.domain.indicators import IndicatorReport
from erasmus_xl.io.outputs import atomic_output, ensure_folder
from erasmus_xl.model.countries import latvian_name
from erasmus_xl.model.errors import RegisterError
from erasmus_xl.model.findings import display_value, severity_label
from erasmus_xl.model.records import RECORD_TYPES
from erasmus_xl.model.schema import enumerations, sheet_spec
from erasmus_xl.model.wording import ui_both, ui_text
from erasmus_xl.render.beneficiary_export import initials
from erasmus_xl.render.dashboard import add_indicator_sheet
from erasmus_xl.render.reports import anonymise_findings, anonymise_report, write_annual_report

PERSONAL_NAME_COLUMNS = frozenset({"first_name", "last_name"})   # the contract's personal names
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
HEADER_FONT = Font(bold=True, color="FFFFFF")
SOURCE_HEADER = ui_text("summary_workbook.source", "lv")


@dataclass
class SummaryResult:
    batch: BatchResult
    report: IndicatorReport
    outputs: dict[str, Path]

    @property
    def skipped(self) -> list[FileResult]:
        return self.batch.skipped


def summarise_folder(folder: Path | str, *, year: int, outdir: Path | str | None = None, as_of: dt.date | None = None,
                     force: bool = False, workers: int | None = None, lang: str = "lv",
                     on_file: Callable[[int, int, FileResult], None] | None = None,
                     anonymise: bool = False) -> SummaryResult:
    """Read every register under `folder` and write the summary workbook, JSON and report.

    anonymise: initials instead of participants' names everywhere in the outputs.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise RegisterError("not_found", folder)
    outdir = Path(outdir) if outdir else folder / f"kopsavilkums-{year}"
    batch = read_folder(folder, today=as_of, workers=workers, exclude=(outdir,), on_file=on_file)
    report = batch.book.indicators()   # each file was validated on its own (the merged book's report is empty)
    if anonymise:
        anonymise_report(report)
        for result in batch.files:
            anonymise_findings(result.findings)
        anonymise_findings(batch.cross_findings)
    if not batch.read:   # nothing to summarise: write nothing (the caller says so and exits 2)
        return SummaryResult(batch=batch, report=report, outputs={})
    ensure_folder(outdir)
    outputs = {
        "xlsx": write_summary_workbook(batch, report, outdir / f"kopsavilkums-{year}.xlsx", force=force,
                                       anonymise=anonymise),
        "json": write_summary_json(batch, report, year, outdir / f"kopsavilkums-{year}.json", force=force),
    }
    # the annual report of the merged data, from the reports' own template
    outputs["docx"] = write_annual_report(batch.book, year=year, lang=lang, force=force,
                                          output=outdir / f"kopsavilkums-{year}.docx", anonymise=anonymise)
    return SummaryResult(batch=batch, report=report, outputs=outputs)


def write_summary_json(batch: BatchResult, report: IndicatorReport, year: int, path: Path, *, force: bool = False) -> Path:
    payload = {"year": year, **batch.to_dict(), "indicators": report.to_dict()}
    with atomic_output(path, force=force) as temp:
        temp.write_text(json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    return path


def write_summary_workbook(batch: BatchResult, report: IndicatorReport, path: Path, *, force: bool = False,
                           anonymise: bool = False) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    _files_sheet(workbook, batch)
    add_indicator_sheet(workbook, report)
    for key in RECORD_TYPES:
        _records_sheet(workbook, batch, key, anonymise=anonymise)
    _findings_sheet(workbook, batch)
    workbook.active = 1
    with atomic_output(path, force=force) as temp:
        workbook.save(temp)
    return path


def _words(key: str) -> str:
    """A Latvian sheet name or heading of the summary workbook (data/ui_texts.json, summary_workbook)."""
    return ui_text(f"summary_workbook.{key}", "lv")


def _header(sheet, titles: list[str], widths: list[int] | None = None) -> None:
    sheet.append(titles)
    for index, cell in enumerate(sheet[1]):
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[cell.column_letter].width = (widths or [])[index] if index < len(widths or []) else 16
    sheet.freeze_panes = "A2"


def _files_sheet(workbook: Workbook, batch: BatchResult) -> None:
    sheet = workbook.create_sheet(_words("files_sheet"))
    _header(sheet, [ui_both("summary_workbook.file"), ui_both("columns.status"), _words("errors"), _words("warnings"),
                    ui_both("summary_workbook.left_out"), ui_both("summary_workbook.reason")], [40, 16, 9, 12, 28, 90])
    for result in batch.files:
        if result.skipped:
            sheet.append([result.source, ui_both("summary_workbook.skipped"), None, None, None, result.reason])
            sheet.cell(row=sheet.max_row, column=2).fill = PatternFill("solid", fgColor="FFC7CE")
            continue
        errors = sum(1 for f in result.findings if f.severity == "error")
        left_out = ", ".join(f"{sheet_spec(k).lv}: {n}" for k, n in result.left_out.items())
        sheet.append([result.source, ui_both("summary_workbook.read"), errors, len(result.findings) - errors, left_out or None, None])


def _records_sheet(workbook: Workbook, batch: BatchResult, key: str, *, anonymise: bool = False) -> None:
    """Every merged record of one sheet: the contract's columns only, so nothing the contract does
    not ask for (a date of birth someone added) travels on; with anonymise, names as initials."""
    spec = sheet_spec(key)
    sheet = workbook.create_sheet(spec.lv)
    _header(sheet, [SOURCE_HEADER] + [c.lv for c in spec.columns], [30] + [c.width for c in spec.columns])
    date_columns = [i + 2 for i, c in enumerate(spec.columns) if c.type in ("date", "year_or_date")]
    hidden = PERSONAL_NAME_COLUMNS if anonymise else frozenset()
    for record in batch.merged.records(key):
        sheet.append([record.source] + [initials(getattr(record, c.key)) or None if c.key in hidden
                                        else _display(c, getattr(record, c.key)) for c in spec.columns])
        for column in date_columns:
            sheet.cell(row=sheet.max_row, column=column).number_format = "DD.MM.YYYY"
    sheet.auto_filter.ref = sheet.dimensions


def _display(column, value: Any) -> Any:
    """Codes back to the Latvian words staff know; dates stay dates."""
    if value is None:
        return None
    if column.type == "enum":
        if column.enum == "yes_no":
            return enumerations()["yes_no"].label("yes" if value else "no")
        return enumerations()[column.enum].label(value)
    if column.type == "country":
        return latvian_name(value)
    if column.type == "amount":
        return float(value)
    return value


def _findings_sheet(workbook: Workbook, batch: BatchResult) -> None:
    sheet = workbook.create_sheet(_words("findings_sheet"))
    _header(sheet, [ui_both("summary_workbook.file"), ui_text("columns.sheet", "lv"), ui_text("columns.cell", "lv"),
                    ui_text("columns.value", "lv"), _words("severity"), ui_text("columns.code", "lv"),
                    ui_text("columns.message", "lv"), ui_text("columns.message", "en")],
            [34, 14, 8, 22, 13, 26, 80, 60])
    for result in batch.files:
        for finding in result.findings:
            sheet.append([result.source, finding.sheet, finding.cell, display_value(finding.value),
                          severity_label(finding.severity), finding.code, finding.message, finding.message_en])
    for finding in batch.cross_findings:
        sheet.append([finding.file, finding.sheet, finding.cell, finding.value, severity_label(finding.severity),
                      finding.code, finding.message, finding.message_en])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    sheet.auto_filter.ref = sheet.dimensions
