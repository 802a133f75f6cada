"""Completed mobilities for the EU Beneficiary Module, as .xlsx or .csv.

The Module's exact column headers could not be confirmed, so they are a data file
(data/beneficiary_module_fields.json) that the user checks against the template exported from
their own project and edits, or replaces with --mapping. Cells that a spreadsheet would run as a
formula (starting with = + - @) are escaped in CSV.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Font

from erasmus_xl.domain.validation import project_key
from erasmus_xl.io.outputs import atomic_output
from erasmus_xl.model.records import Mobility, Register
from erasmus_xl.model.text import normalize_key
from erasmus_xl.resources import load_data
from erasmus_xl.workbook import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def load_mapping(path: Path | str | None = None) -> dict:
    if path is None:
        return load_data("beneficiary_module_fields")
    return json.loads(Path(path).read_text(encoding="utf-8"))


def initials(name: str | None) -> str:
    """'Anna Marija' -> 'A. M.': enough for a coordinator to recognise, not a name."""
    return " ".join(f"{part[0]}." for part in (name or "").split() if part)


def beneficiary_rows(book: Workbook, *, project: str | None = None, mapping: dict | None = None,
                     anonymise: bool = False) -> tuple[list[str], list[list[Any]]]:
    """Headers and one row per completed mobility without validation errors."""
    mapping = mapping or load_mapping()
    register = book.register
    usable, _ = book.report.partition("mobilities", register.mobilities)
    oids = {normalize_key(p.name): p.oid for p in register.partners if p.name and p.oid}
    headers = [column["header"] for column in mapping["columns"]]
    rows = []
    for mobility in usable:
        if mobility.status != "completed":
            continue
        if project and project_key(mobility.project_number) != project_key(project):
            continue
        values = _values(mobility, register, oids, anonymise, mapping.get("date_format", "%d/%m/%Y"))
        rows.append([values[column["source"]] for column in mapping["columns"]])
    return headers, rows


def _values(mobility: Mobility, register: Register, oids: dict[str, str], anonymise: bool, date_format: str) -> dict[str, Any]:
    yes_no = {True: "Yes", False: "No", None: "No"}
    return {
        "project_number": mobility.project_number,
        "mobility_id": mobility.id,
        "activity_type": mobility.activity_type,
        "participant_flag": yes_no[mobility.participant_type != "accompanying"],
        "accompanying_flag": yes_no[mobility.participant_type == "accompanying"],
        "first_name": initials(mobility.first_name) if anonymise else mobility.first_name,
        "last_name": initials(mobility.last_name) if anonymise else mobility.last_name,
        "fewer_opportunities": yes_no[mobility.fewer_opportunities],
        "inclusion_flag": yes_no[mobility.fewer_opportunities],
        "sending_oid": register.settings.get("oid", ""),
        "receiving_organisation": mobility.receiving_organisation,
        "receiving_oid": oids.get(normalize_key(mobility.receiving_organisation or ""), ""),
        "receiving_country": mobility.country,
        "receiving_city": mobility.city,
        "start_date": mobility.start_date.strftime(date_format) if mobility.start_date else "",
        "end_date": mobility.end_date.strftime(date_format) if mobility.end_date else "",
        "duration_days": mobility.duration_days,
        "green_travel": yes_no[mobility.green_travel],
    }


def escape_for_csv(value: Any) -> str:
    """A cell that would start a formula in Excel is written with a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_beneficiary_export(book: Workbook, output: Path | str, *, project: str | None = None,
                             mapping_path: Path | str | None = None, anonymise: bool = False,
                             force: bool = False) -> tuple[Path, int]:
    """Write the export (.csv by suffix, else .xlsx); returns the path and the number of mobilities."""
    output = Path(output)
    mapping = load_mapping(mapping_path)
    headers, rows = beneficiary_rows(book, project=project, mapping=mapping, anonymise=anonymise)
    with atomic_output(output, force=force, inputs=(book.path,)) as temp:
        if output.suffix.lower() == ".csv":
            with temp.open("w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle, delimiter=mapping.get("csv_delimiter", ","))
                writer.writerow(headers)
                writer.writerows([[escape_for_csv(v) for v in row] for row in rows])
        else:
            workbook = openpyxl.Workbook()
            sheet = workbook.active
            sheet.title = "Mobilities"
            sheet.append(headers)
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            for row in rows:
                sheet.append(row)
                for cell in sheet[sheet.max_row]:
                    if isinstance(cell.value, str) and cell.value.startswith("="):
                        cell.data_type = "s"   # text, never a formula
            workbook.save(temp)
    return output, len(rows)
