"""The money sheets of a workbook — Budžets — drawn from figures the domain modules computed.

One renderer for the CLI (`budget --format xlsx`, `finance --format xlsx`) and the Excel button,
so both give the same bilingual sheet with its completeness marks; domain/budget only computes.
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from erasmus_xl.model.wording import ui_both, ui_entries, ui_text

if TYPE_CHECKING:
    from erasmus_xl.domain.budget import BudgetResult

BUDGET_SHEET = "Budžets"


def _budget_columns(group: str) -> list[tuple[str, int]]:
    """A group of the Budžets sheet's headers ("Latvian\nEnglish", width) from data/ui_texts.json."""
    return [(f"{c['lv']}\n{c['en']}" if c["en"] != c["lv"] else c["lv"], c.get("width", 0))
            for c in ui_entries(f"budget_sheet.{group}")]


def write_budget_sheet(workbook, result: BudgetResult, *, title: str = BUDGET_SHEET):
    """The Budžets sheet: one row a mobility, the totals, per-project totals, notices and rules."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from erasmus_xl.domain.budget import CATEGORIES
    from erasmus_xl.model.countries import latvian_name
    from erasmus_xl.model.schema import enumerations

    header_fill, header_font = PatternFill("solid", fgColor="1F4E78"), Font(bold=True, color="FFFFFF")
    # one style object each for all rows: openpyxl looks every new one up in its style list
    top, wrapped = Alignment(vertical="top"), Alignment(vertical="top", wrap_text=True)
    missing_fill = PatternFill("solid", fgColor="FFEB9C")
    money = '#,##0.00 "€"'
    names = enumerations()
    category = names["expense_category"]
    participant = names["participant_type"]
    sheet = workbook.create_sheet(title)
    columns = _budget_columns("columns_before")
    columns += [(f"{category.label(c, 'lv').capitalize()}\n{category.label(c, 'en')}", 13) for c in CATEGORIES]
    columns += _budget_columns("columns_after")
    sheet["A1"] = ui_both("budget_sheet.title")
    sheet["A1"].font = Font(bold=True, size=14)
    origin = result.origin.get("name", "")
    today = dt.date.today()
    sheet["A2"] = " / ".join([ui_text("budget_sheet.subtitle", "lv", date=f"{today:%d.%m.%Y}.", origin=origin),
                              ui_text("budget_sheet.subtitle", "en", date=today.isoformat(), origin=origin)])
    header_row = 4
    for col, (text, width) in enumerate(columns, start=1):
        cell = sheet.cell(row=header_row, column=col, value=text)
        cell.fill, cell.font = header_fill, header_font
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.row_dimensions[header_row].height = 45
    first_money = 12
    row = header_row
    for item in result.mobilities:
        row += 1
        notes = [n["message"] for n in item.notes]
        notes += [f.message for f in item.messages]
        for line in item.lines.values():
            notes += [f.message for f in line.flags if f.severity in ("missing", "unconfirmed")]
        values = [item.mobility_id, item.row, item.project_number,
                  participant.label(item.participant_type) if item.participant_type else None, item.activity_type,
                  latvian_name(item.country) if item.country else None, item.city,
                  None if item.distance_km is None else round(item.distance_km),
                  item.band.label("lv") if item.band is not None else None,
                  "jā" if item.green_travel else "nē", item.funded_days]
        for key in CATEGORIES:
            line = item.lines.get(key)
            values.append(None if line is None or line.amount is None or not line.applicable else float(line.amount))
        values += [float(item.total) if item.included else None,
                   ("jā" if item.complete else "nē") if item.included else ui_text("budget_sheet.not_included", "lv"),
                   "; ".join(dict.fromkeys(notes)) or None]
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=col, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"
            cell.alignment = wrapped if col == len(columns) else top
            if first_money <= col < first_money + len(CATEGORIES) + 1:
                cell.number_format = money
                line_key = CATEGORIES[col - first_money] if col < first_money + len(CATEGORIES) else None
                line = item.lines.get(line_key) if line_key else None
                if item.included and line is not None and line.applicable and line.amount is None:
                    cell.fill = missing_fill
        if item.included and not item.complete:
            sheet.cell(row=row, column=len(columns) - 1).fill = missing_fill
    totals = result.totals()
    row += 1
    sheet.cell(row=row, column=1, value=ui_both("budget_sheet.total")).font = Font(bold=True)
    for offset, key in enumerate([*CATEGORIES, "total"]):
        cell = sheet.cell(row=row, column=first_money + offset, value=float(totals[key]))
        cell.number_format, cell.font = money, Font(bold=True)
    sheet.cell(row=row, column=len(columns) - 1, value="jā" if result.complete else "nē").font = Font(bold=True)
    row += 2
    sheet.cell(row=row, column=1, value=ui_both("budget_sheet.by_project")).font = Font(bold=True, size=12)
    row += 1
    project_columns = [*(text for text, _ in _budget_columns("project_columns_before")),
                       *[columns[first_money - 1 + i][0] for i in range(len(CATEGORIES))],
                       *(text for text, _ in _budget_columns("project_columns_after"))]
    for col, text in enumerate(project_columns, start=3):
        cell = sheet.cell(row=row, column=col, value=text)
        cell.fill, cell.font = header_fill, header_font
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    sheet.row_dimensions[row].height = 45
    for number in result.project_numbers():
        summary = result.project_totals(number)
        row += 1
        values = [number, summary["mobilities"], summary["participants"],
                  *[float(summary["categories"][k]) for k in CATEGORIES], float(summary["total"]),
                  "jā" if summary["complete"] else "nē", "jā" if summary["unconfirmed"] else "nē"]
        for col, value in enumerate(values, start=3):
            cell = sheet.cell(row=row, column=col, value=value)
            if 6 <= col <= 6 + len(CATEGORIES):
                cell.number_format = money
    notices = [n.get("message", "") for n in result.notices] + [w.message for w in result.overrides.findings]
    if notices:
        row += 2
        sheet.cell(row=row, column=1, value=ui_both("budget_sheet.rates")).font = Font(bold=True, size=12)
        for text in dict.fromkeys(notices):
            row += 1
            sheet.cell(row=row, column=1, value=text)
    row += 2
    sheet.cell(row=row, column=1, value=ui_both("budget_sheet.rules")).font = Font(bold=True, size=12)
    from erasmus_xl.domain.budget import budget_rules

    for rule in budget_rules(result.rates):
        row += 1
        sheet.cell(row=row, column=1, value=f"{rule['lv']} / {rule['en']}")
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=3)
    sheet.page_setup.orientation = "landscape"
    return sheet


__all__ = ["BUDGET_SHEET", "write_budget_sheet"]
