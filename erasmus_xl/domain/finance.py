"""The accountant's view: per project and Erasmus+ budget category, what was granted, what is
booked on the Finanses sheet, what remains — with the unit-cost budget estimate beside it, and
the double-booking check (one document charged to two projects).

The Projekti sheet carries one grant per project. Where it also has extra columns named after a
category (e.g. "Piešķirts: ceļa izdevumi" or "Grant travel"), those are read as the grant of that
category; otherwise a category's remainder is only shown against the budget estimate.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from erasmus_xl.domain.budget import CATEGORIES, BudgetResult, register_budget
from erasmus_xl.io.cells import CellProblem, is_blank, parse_amount
from erasmus_xl.model.findings import Finding
from erasmus_xl.domain.rates import RateOverrides, format_eur, money_text, texts
from erasmus_xl.model.records import Expense, Project, Register, SheetLayout
from erasmus_xl.model.schema import enumerations, sheet_spec
from erasmus_xl.model.text import clean_text, normalize_key
from erasmus_xl.domain.validation import check_double_booking, double_booked_documents
from erasmus_xl.io.workbook_file import column_letter

FINANCE_CATEGORIES = (*CATEGORIES, "exceptional_costs")
UNCATEGORISED = "uncategorised"
ZERO = Decimal("0.00")
_GRANT_PREFIX = re.compile(r"^(pieskirtais finansejums|pieskirtais|pieskirts|granted|grant|budzets|budget)\s+")
MONEY_FORMAT = '#,##0.00\\ "€"'
PERCENT_FORMAT = "0.0%"


@dataclass
class CategoryFinance:
    category: str
    granted: Decimal | None = None
    booked: Decimal = ZERO
    estimate: Decimal | None = None

    @property
    def remaining(self) -> Decimal | None:
        return None if self.granted is None else self.granted - self.booked

    @property
    def estimate_minus_booked(self) -> Decimal | None:
        return None if self.estimate is None else self.estimate - self.booked

    @property
    def over_granted(self) -> bool:
        return self.granted is not None and self.booked > self.granted

    def to_dict(self) -> dict[str, Any]:
        return {"granted": money_text(self.granted), "booked": money_text(self.booked),
                "remaining": money_text(self.remaining), "estimate": money_text(self.estimate),
                "estimate_minus_booked": money_text(self.estimate_minus_booked), "over_granted": self.over_granted}


@dataclass
class ProjectFinance:
    project_number: str
    title: str | None = None
    programme: str | None = None
    in_register: bool = True
    granted: Decimal | None = None
    row: int | None = None                     # the Projekti row
    categories: dict[str, CategoryFinance] = field(default_factory=dict)
    documents: int = 0
    estimate: Decimal | None = None
    estimate_complete: bool = False
    estimate_unconfirmed: bool = False
    notes: list[dict[str, str]] = field(default_factory=list)

    @property
    def booked(self) -> Decimal:
        return sum((c.booked for c in self.categories.values()), ZERO)

    @property
    def remaining(self) -> Decimal | None:
        return None if self.granted is None else self.granted - self.booked

    @property
    def over_granted(self) -> bool:
        return self.granted is not None and self.booked > self.granted

    @property
    def used_share(self) -> float | None:
        if not self.granted:
            return None
        return float(self.booked / self.granted)

    def to_dict(self) -> dict[str, Any]:
        return {
            "project_number": self.project_number, "title": self.title, "programme": self.programme,
            "in_register": self.in_register, "granted": money_text(self.granted), "booked": money_text(self.booked),
            "remaining": money_text(self.remaining),
            "used_share": None if self.used_share is None else round(self.used_share, 4),
            "over_granted": self.over_granted, "estimate": money_text(self.estimate),
            "estimate_complete": self.estimate_complete, "estimate_unconfirmed": self.estimate_unconfirmed,
            "documents": self.documents,
            "categories": {key: c.to_dict() for key, c in self.categories.items()},
            "notes": list(self.notes),
        }


@dataclass
class DoubleBooking:
    """One document number charged to more than one project."""

    document_no: str
    entries: list[dict[str, Any]]              # project_number, cell, row, amount, date

    @property
    def projects(self) -> list[str]:
        seen: list[str] = []
        for entry in self.entries:
            if entry["project_number"] not in seen:
                seen.append(entry["project_number"])
        return seen

    def to_dict(self) -> dict[str, Any]:
        return {"document_no": self.document_no, "projects": self.projects,
                "entries": [{**e, "amount": money_text(e["amount"]),
                             "date": e["date"].isoformat() if e["date"] else None} for e in self.entries]}


@dataclass
class FinanceView:
    projects: list[ProjectFinance]
    double_bookings: list[DoubleBooking]
    findings: list[Finding]
    budget: BudgetResult | None = None
    generated: dt.date = field(default_factory=dt.date.today)

    def project(self, number: str) -> ProjectFinance | None:
        return next((p for p in self.projects if p.project_number == number), None)

    def totals(self) -> dict[str, Any]:
        granted = [p.granted for p in self.projects if p.granted is not None]
        by_category = {key: ZERO for key in (*FINANCE_CATEGORIES, UNCATEGORISED)}
        for project in self.projects:
            for key, category in project.categories.items():
                by_category[key] = by_category.get(key, ZERO) + category.booked
        booked = sum((p.booked for p in self.projects), ZERO)
        estimates = [p.estimate for p in self.projects if p.estimate is not None]
        return {
            "granted": sum(granted, ZERO), "booked": booked,
            "remaining": sum((p.remaining for p in self.projects if p.remaining is not None), ZERO),
            "estimate": sum(estimates, ZERO) if estimates else None,
            "booked_by_category": {k: v for k, v in by_category.items() if v or k in FINANCE_CATEGORIES},
        }

    def to_dict(self) -> dict[str, Any]:
        totals = self.totals()
        return {
            "generated": self.generated.isoformat(), "currency": "EUR",
            "projects": [p.to_dict() for p in self.projects],
            "totals": {"granted": money_text(totals["granted"]), "booked": money_text(totals["booked"]),
                       "remaining": money_text(totals["remaining"]), "estimate": money_text(totals["estimate"]),
                       "booked_by_category": {k: money_text(v) for k, v in totals["booked_by_category"].items()}},
            "double_bookings": [d.to_dict() for d in self.double_bookings],
            "findings": [f.to_dict() for f in self.findings],
            "budget": None if self.budget is None else {
                "call_years": self.budget.call_years, "complete": self.budget.complete,
                "warnings": len(self.budget.warnings)},
        }


# --------------------------------------------------------------------------- building the view


def finance_view(register: Register, *, budget: BudgetResult | None = None, compute_budget: bool = True,
                 overrides: RateOverrides | None = None, today: dt.date | None = None) -> FinanceView:
    """Granted vs booked vs remaining per project and category, with the budget estimate.

    `budget` is computed from the register (and its Likmes sheet) unless given or
    `compute_budget` is False.
    """
    if budget is None and compute_budget:
        budget = register_budget(register, overrides=overrides)
    finance_layout = register.layouts.get("finance") or _default_layout("finance")
    projects_layout = register.layouts.get("projects") or _default_layout("projects")
    findings: list[Finding] = []
    by_number: dict[str, ProjectFinance] = {}
    for record in register.projects:
        if not record.project_number or record.project_number in by_number:
            continue
        by_number[record.project_number] = ProjectFinance(
            project_number=record.project_number, title=record.title, programme=record.programme,
            granted=record.grant, row=record.row, categories=_empty_categories(record.programme),
        )
        _category_grants(by_number[record.project_number], record)
    for expense in register.finance:
        number = expense.project_number
        if not number:
            continue
        project = by_number.get(number)
        if project is None:
            project = by_number[number] = ProjectFinance(project_number=number, in_register=False,
                                                         categories=_empty_categories(None))
            project.notes.append(_words("project_not_in_register", project=number))
            findings.append(_finance_finding("project_not_in_register", finance_layout, expense, "project_number",
                                             number, project=number))
        if expense.amount is None:
            continue
        key = expense.category or UNCATEGORISED
        category = project.categories.setdefault(key, CategoryFinance(key))
        category.booked += expense.amount
        project.documents += 1
    if budget is not None:
        for project in by_number.values():
            if project.programme not in (None, "erasmus_plus") or project.project_number not in budget.project_numbers():
                continue
            summary = budget.project_totals(project.project_number)
            for key in CATEGORIES:
                project.categories.setdefault(key, CategoryFinance(key)).estimate = summary["categories"][key]
            project.estimate = summary["total"]
            project.estimate_complete = summary["complete"]
            project.estimate_unconfirmed = summary["unconfirmed"]
    for project in by_number.values():
        if project.over_granted and project.row:
            findings.append(_project_finding("over_granted", projects_layout, project,
                                             project=project.project_number, booked=format_eur(project.booked),
                                             granted=format_eur(project.granted),
                                             booked_en=format_eur(project.booked, "en"),
                                             granted_en=format_eur(project.granted, "en")))
        for key, category in project.categories.items():
            if category.over_granted and project.row:
                categories = enumerations()["expense_category"]
                findings.append(_project_finding(
                    "over_granted_category", projects_layout, project, project=project.project_number,
                    category=categories.label(key, "lv"), category_en=categories.label(key, "en"),
                    booked=format_eur(category.booked), granted=format_eur(category.granted),
                    booked_en=format_eur(category.booked, "en"), granted_en=format_eur(category.granted, "en")))
        if project.in_register and project.granted is None and project.booked:
            project.notes.append(_words("grant_missing", project=project.project_number))
    doubles = double_bookings(register.finance, finance_layout)
    findings.extend(check_double_booking(register, {}))
    return FinanceView(projects=list(by_number.values()), double_bookings=doubles, findings=findings,
                       budget=budget, generated=today or dt.date.today())


def double_bookings(expenses: list[Expense], layout: SheetLayout | None = None) -> list[DoubleBooking]:
    """Document numbers on two or more projects (the rule itself lives in validation)."""
    layout = layout or _default_layout("finance")
    return [DoubleBooking(document_no=items[0].document_no or "", entries=[
        {"project_number": e.project_number, "row": e.row, "cell": layout.cell("document_no", e.row),
         "amount": e.amount, "date": e.date} for e in items]) for items in double_booked_documents(expenses)]


def _empty_categories(programme: str | None) -> dict[str, CategoryFinance]:
    if programme in (None, "erasmus_plus"):
        return {key: CategoryFinance(key) for key in FINANCE_CATEGORIES}
    return {}


def _category_grants(project: ProjectFinance, record: Project) -> None:
    """Per-category grants from extra Projekti columns named after a category."""
    categories = enumerations()["expense_category"]
    for header, value in (record.extra or {}).items():
        key = normalize_key(clean_text(str(header)))
        key = re.sub(r"\s+eur$", "", _GRANT_PREFIX.sub("", key))
        code = categories.resolve(key)
        if code is None or is_blank(value):
            continue
        try:
            amount = parse_amount(value)
        except CellProblem:
            continue
        project.categories.setdefault(code, CategoryFinance(code)).granted = amount


def _default_layout(sheet_key: str) -> SheetLayout:
    spec = sheet_spec(sheet_key)
    return SheetLayout(key=sheet_key, name=spec.lv, header_row=1,
                       columns={c.key: column_letter(i + 1) for i, c in enumerate(spec.columns)},
                       headers={c.key: c.lv for c in spec.columns})


def _words(code: str, **params: Any) -> dict[str, str]:
    template = texts()["finance"][code]
    return {"code": code, "message": template["lv"].format(**params), "message_en": template["en"].format(**params)}


def _finance_finding(code: str, layout: SheetLayout, expense: Expense, field_key: str, value: object, /,
                     **params: Any) -> Finding:
    words = _words(code, **params)
    return Finding(sheet=layout.name, cell=layout.cell(field_key, expense.row),
                   column=layout.headers.get(field_key, field_key), value=str(value), severity="warning",
                   code=code, message=words["message"], message_en=words["message_en"], sheet_key="finance",
                   row=expense.row)


def _project_finding(code: str, layout: SheetLayout, record: ProjectFinance, /, **params: Any) -> Finding:
    words = _words(code, **params)
    return Finding(sheet=layout.name, cell=layout.cell("grant", record.row or 0),
                   column=layout.headers.get("grant", "grant"), value=money_text(record.granted) or "",
                   severity="warning", code=code, message=words["message"], message_en=words["message_en"],
                   sheet_key="projects", row=record.row or 0)


# --------------------------------------------------------------------------- the Finanses sheet


def write_finance_sheet(ws, view: FinanceView) -> None:
    """Write the "Finanses" overview on a dashboard worksheet: one row per project and category,
    a total row per project, EUR formats, a red fill where booked > granted (amber where booked
    exceeds the estimate), and the double bookings below."""
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

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


__all__ = ["CategoryFinance", "ProjectFinance", "DoubleBooking", "FinanceView", "finance_view",
           "double_bookings", "write_finance_sheet"]
