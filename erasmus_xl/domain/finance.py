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
from erasmus_xl.domain.rates import RateOverrides, format_eur, money_text, texts
from erasmus_xl.domain.validation import check_double_booking, double_booked_documents
from erasmus_xl.io.cells import CellProblem, is_blank, parse_amount
from erasmus_xl.io.workbook_file import column_letter
from erasmus_xl.model.findings import Finding
from erasmus_xl.model.records import Expense, Project, Register, SheetLayout
from erasmus_xl.model.schema import enumerations, sheet_spec
from erasmus_xl.model.text import clean_text, normalize_key

FINANCE_CATEGORIES = (*CATEGORIES, "exceptional_costs")
UNCATEGORISED = "uncategorised"
ZERO = Decimal("0.00")
_GRANT_PREFIX = re.compile(r"^(pieskirtais finansejums|pieskirtais|pieskirts|granted|grant|budzets|budget)\s+")


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


__all__ = ["CategoryFinance", "ProjectFinance", "DoubleBooking", "FinanceView", "finance_view",
           "double_bookings"]
