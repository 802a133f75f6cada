"""The money sheets of a workbook — Budžets, Finanses, Likmes — drawn from figures the domain modules computed.

One renderer for the CLI (`budget --format xlsx`, `finance --format xlsx`) and the Excel button,
so both give the same bilingual sheet with its completeness marks; domain/budget,
domain/finance and domain/rates only compute.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from erasmus_xl.model.schema import enumerations
from erasmus_xl.model.wording import ui_both, ui_entries, ui_text

if TYPE_CHECKING:
    from erasmus_xl.domain.budget import BudgetResult
    from erasmus_xl.domain.finance import FinanceView

BUDGET_SHEET = ui_text("budget_sheet.sheet", "lv")
MONEY_FORMAT = '#,##0.00\\ "€"'
PERCENT_FORMAT = "0.0%"


def _yes_no(flag: bool) -> str:
    """“jā” or “nē”: the register's own yes/no words (data/enumerations.json)."""
    return enumerations()["yes_no"].label("yes" if flag else "no")


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
            notes += [f.message for f in line.flags if f.severity != "info"]
        values: list[str | int | float | None] = [item.mobility_id, item.row, item.project_number,
                  participant.label(item.participant_type) if item.participant_type else None, item.activity_type,
                  latvian_name(item.country) if item.country else None, item.city,
                  None if item.distance_km is None else round(item.distance_km),
                  item.band.label("lv") if item.band is not None else None,
                  _yes_no(item.green_travel), item.funded_days]
        for key in CATEGORIES:
            category_line = item.lines.get(key)
            values.append(None if category_line is None or category_line.amount is None or not category_line.applicable
                          else float(category_line.amount))
        values += [float(item.total) if item.included else None,
                   _yes_no(item.complete) if item.included else ui_text("budget_sheet.not_included", "lv"),
                   "; ".join(dict.fromkeys(notes)) or None]
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=col, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"
            cell.alignment = wrapped if col == len(columns) else top
            if first_money <= col < first_money + len(CATEGORIES) + 1:
                cell.number_format = money
                line_key = CATEGORIES[col - first_money] if col < first_money + len(CATEGORIES) else None
                money_line = item.lines.get(line_key) if line_key else None
                if item.included and money_line is not None and money_line.applicable and money_line.amount is None:
                    cell.fill = missing_fill
        if item.included and not item.complete:
            sheet.cell(row=row, column=len(columns) - 1).fill = missing_fill
    totals = result.totals()
    row += 1
    sheet.cell(row=row, column=1, value=ui_both("budget_sheet.total")).font = Font(bold=True)
    for offset, key in enumerate([*CATEGORIES, "total"]):
        cell = sheet.cell(row=row, column=first_money + offset, value=float(totals[key]))
        cell.number_format, cell.font = money, Font(bold=True)
    sheet.cell(row=row, column=len(columns) - 1, value=_yes_no(result.complete)).font = Font(bold=True)
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
        values = [number, summary["mobilities"], summary["participants"],  # one row of mixed cells
                  *[float(summary["categories"][k]) for k in CATEGORIES], float(summary["total"]),
                  _yes_no(summary["complete"]), _yes_no(summary["unconfirmed"])]
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



# --------------------------------------------------------------------------- the Finanses sheet


def write_finance_sheet(ws, view: FinanceView) -> None:
    """Write the "Finanses" overview on a dashboard worksheet: one row per project and category,
    a total row per project, EUR formats, a red fill where booked > granted (amber where booked
    exceeds the estimate), and the double bookings below."""
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    from erasmus_xl.domain.finance import UNCATEGORISED
    from erasmus_xl.domain.rates import texts

    layout = texts()["finance_sheet"]
    columns = layout["columns"]
    position = {c["key"]: i + 1 for i, c in enumerate(columns)}
    letter = {c["key"]: get_column_letter(i + 1) for i, c in enumerate(columns)}
    last_letter = get_column_letter(len(columns))
    categories = enumerations()["expense_category"]
    if ws.parent is None or "Finanses" not in ws.parent.sheetnames:
        ws.title = "Finanses"

    ws["A1"] = layout["title"]["lv"]
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = layout["title"]["en"]
    ws["A2"].font = Font(italic=True, color="808080")
    date_text = view.generated.strftime("%d.%m.%Y.")
    ws["A3"] = layout["subtitle"]["lv"].format(date=date_text)
    ws["A4"] = layout["subtitle"]["en"].format(date=view.generated.isoformat())
    ws["A4"].font = Font(italic=True, color="808080")
    header_row, english_row, first_data = 6, 7, 8
    thin = Side(style="thin", color="A6A6A6")
    for column in columns:
        i = position[column["key"]]
        cell = ws.cell(row=header_row, column=i, value=column["lv"])
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E78")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        english = ws.cell(row=english_row, column=i, value=column["en"])
        english.font = Font(italic=True, color="808080")
        english.alignment = Alignment(wrap_text=True, vertical="top")
        english.border = Border(bottom=thin)
        ws.column_dimensions[get_column_letter(i)].width = column.get("width", 14)

    ws.row_dimensions[header_row].height = 32
    ws.row_dimensions[english_row].height = 30
    row = first_data

    def put(values: dict[str, Any], *, bold: bool = False) -> None:
        nonlocal row
        for column in columns:
            key = column["key"]
            value = values.get(key)
            if isinstance(value, Decimal):
                value = float(value)
            cell = ws.cell(row=row, column=position[key], value=value)
            if column.get("money"):
                cell.number_format = MONEY_FORMAT
            elif column.get("percent"):
                cell.number_format = PERCENT_FORMAT
            if bold:
                cell.font = Font(bold=True)
                cell.border = Border(top=thin)
        row += 1

    def category_name(key: str) -> str:
        if key == UNCATEGORISED:
            return f"{layout['uncategorised']['lv']} ({layout['uncategorised']['en']})"
        return f"{categories.label(key, 'lv')} ({categories.label(key, 'en')})"

    for project in view.projects:
        for key, category in project.categories.items():
            if not (category.booked or category.granted is not None or category.estimate):
                continue
            notes = [layout["over"]["lv"]] if category.over_granted else []
            put({"project_number": project.project_number, "title": project.title, "category": category_name(key),
                 "granted": category.granted, "booked": category.booked, "remaining": category.remaining,
                 "used_share": None if not category.granted else float(category.booked / category.granted),
                 "estimate": category.estimate, "estimate_minus_booked": category.estimate_minus_booked,
                 "note": "; ".join(notes) or None})
        notes = []
        if not project.in_register:
            notes.append(layout["not_in_register"]["lv"])
        if project.over_granted:
            notes.append(layout["over"]["lv"])
        if project.estimate is not None and not project.estimate_complete:
            notes.append(layout["incomplete"]["lv"])
        if project.estimate is not None and project.estimate_unconfirmed:
            notes.append(layout["unconfirmed"]["lv"])
        put({"project_number": project.project_number, "title": project.title,
             "category": f"{layout['total_label']['lv']} ({layout['total_label']['en']})",
             "granted": project.granted, "booked": project.booked, "remaining": project.remaining,
             "used_share": project.used_share, "estimate": project.estimate,
             "estimate_minus_booked": None if project.estimate is None else project.estimate - project.booked,
             "note": "; ".join(notes) or None}, bold=True)
    totals = view.totals()
    put({"category": f"{layout['grand_total_label']['lv']} ({layout['grand_total_label']['en']})",
         "granted": totals["granted"], "booked": totals["booked"], "remaining": totals["remaining"],
         "estimate": totals["estimate"]}, bold=True)
    last_data = row - 1

    if last_data >= first_data:
        area = f"A{first_data}:{last_letter}{last_data}"
        granted, booked, estimate = letter["granted"], letter["booked"], letter["estimate"]
        ws.conditional_formatting.add(area, FormulaRule(
            formula=[f"AND(ISNUMBER(${granted}{first_data}),${booked}{first_data}>${granted}{first_data})"],
            fill=PatternFill("solid", fgColor="FFC7CE", bgColor="FFC7CE"), font=Font(color="9C0006"),
            stopIfTrue=True))
        ws.conditional_formatting.add(area, FormulaRule(
            formula=[f"AND(ISNUMBER(${estimate}{first_data}),${booked}{first_data}>${estimate}{first_data})"],
            fill=PatternFill("solid", fgColor="FFEB9C", bgColor="FFEB9C")))
    ws.freeze_panes = f"A{first_data}"
    _landscape(ws)
    ws.auto_filter.ref = f"A{english_row}:{last_letter}{max(last_data, english_row)}"

    row += 2
    ws.cell(row=row, column=1, value=layout["double_title"]["lv"]).font = Font(bold=True, size=12)
    ws.cell(row=row + 1, column=1, value=layout["double_title"]["en"]).font = Font(italic=True, color="808080")
    row += 2
    if not view.double_bookings:
        ws.cell(row=row, column=1, value=layout["double_none"]["lv"])
        ws.cell(row=row + 1, column=1, value=layout["double_none"]["en"]).font = Font(italic=True, color="808080")
        return
    for i, column in enumerate(layout["double_columns"], start=1):
        ws.cell(row=row, column=i, value=column["lv"]).font = Font(bold=True)
        ws.cell(row=row + 1, column=i, value=column["en"]).font = Font(italic=True, color="808080")
    row += 2
    red = PatternFill("solid", fgColor="FFC7CE")
    for double in view.double_bookings:
        for entry in double.entries:
            values = [double.document_no, entry["project_number"], entry["cell"],
                      float(entry["amount"]) if entry["amount"] is not None else None, entry["date"]]
            for i, value in enumerate(values, start=1):
                cell = ws.cell(row=row, column=i, value=value)
                cell.fill = red
                if i == 4:
                    cell.number_format = MONEY_FORMAT
                if i == 5 and value is not None:
                    cell.number_format = "DD.MM.YYYY"
            row += 1


def _landscape(ws) -> None:
    """Print on landscape pages, all columns on one page width."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0



def write_rates_sheet(ws, *, call_year: int | None = None,
                      examples: Iterable[Mapping[str, Any]] = (), example_note: str = "") -> None:
    """Lay out the Likmes sheet of a new register on the (empty) worksheet `ws`.

    An Excel Table with Latvian headers, drop-downs for the rate, the country group, the
    participant type and the distance band, and the rows of `rates.prefilled_rate_rows`
    (examples and example_note are passed on to it).
    """
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.table import Table, TableStyleInfo

    from erasmus_xl.domain.rates import (
        GROUPS,
        LAST_VALIDATED_ROW,
        default_bands,
        group_label,
        participant_label,
        prefilled_rate_rows,
        rates_sheet_layout,
        texts,
    )

    layout = rates_sheet_layout()
    year = call_year or dt.date.today().year
    if ws.parent is None or layout["lv"] not in ws.parent.sheetnames:
        ws.title = layout["lv"]
    columns = layout["columns"]
    position = {c["key"]: i + 1 for i, c in enumerate(columns)}
    for i, column in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=i, value=column["lv"])
        cell.font = Font(bold=True, color="1F3864")
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(i)].width = column.get("width", 14)

    rows = prefilled_rate_rows(year, examples, example_note)
    for r, values in enumerate(rows, start=2):
        for key, value in values.items():
            ws.cell(row=r, column=position[key], value=value)
    last_row = max(2, len(rows) + 1)
    last_col = get_column_letter(len(columns))
    table = Table(displayName=layout["table"], ref=f"A1:{last_col}{last_row}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    ws.add_table(table)

    # Drop-down lists in hidden columns to the right (a list over 255 characters cannot be inline).
    list_start = len(columns) + 3
    lists = {
        "rate": [item["lv"] for item in texts()["rate_keys"]],
        "group": [group_label(g) for g in GROUPS],
        "participant_type": [participant_label(p) for p in ("learner", "staff", "accompanying")],
        "band": [b.label("lv") for b in default_bands()],
    }
    header = layout["lists_header"]["lv"]
    for offset, (key, items) in enumerate(lists.items()):
        col = list_start + offset
        letter = get_column_letter(col)
        ws.cell(row=1, column=col, value=f"{header}: {columns[position[key] - 1]['lv']}").font = Font(italic=True, color="808080")
        for r, item in enumerate(items, start=2):
            ws.cell(row=r, column=col, value=item)
        ws.column_dimensions[letter].hidden = True
        source = f"${letter}$2:${letter}${len(items) + 1}"
        target = get_column_letter(position[key])
        _add_validation(ws, DataValidation(type="list", formula1=source, allow_blank=True),
                        f"{target}2:{target}{LAST_VALIDATED_ROW}", columns[position[key] - 1])
    year_col = get_column_letter(position["call_year"])
    _add_validation(ws, DataValidation(type="whole", operator="between", formula1="2014", formula2="2100",
                                       allow_blank=True), f"{year_col}2:{year_col}{LAST_VALIDATED_ROW}", columns[position["call_year"] - 1], "year")
    amount_col = get_column_letter(position["amount"])
    _add_validation(ws, DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True),
                    f"{amount_col}2:{amount_col}{LAST_VALIDATED_ROW}", columns[position["amount"] - 1], "amount")
    for r in range(2, last_row + 1):
        ws.cell(row=r, column=position["amount"]).number_format = '#,##0.00'
        ws.cell(row=r, column=position["amount"]).fill = PatternFill("solid", fgColor="FFF2CC")
    ws.freeze_panes = "A2"
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def _add_validation(ws, validation, cells: str, column: dict[str, Any], error: str = "list") -> None:
    """A drop-down or range check with its Latvian prompt and a bilingual error on `cells`."""
    from erasmus_xl.domain.rates import rates_sheet_layout

    words = rates_sheet_layout()["validation_errors"][error]
    validation.showErrorMessage = True
    validation.showInputMessage = True
    validation.promptTitle = column["lv"][:32]
    validation.prompt = column.get("prompt_lv", "")[:255]
    validation.errorTitle = column["lv"][:32]
    validation.error = f"{words['lv']} / {words['en']}"[:255]
    ws.add_data_validation(validation)
    validation.add(cells)


__all__ = ["BUDGET_SHEET", "write_budget_sheet", "write_finance_sheet", "write_rates_sheet"]
