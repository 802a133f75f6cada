"""Typed records, one class per register sheet, and the `Register` that holds them all.

Field names are the column keys of data/register_schema.json (a test keeps them in step).
A field is None when its cell is empty or could not be read; the reason is then a finding.
`row` is the Excel row number, so every later check can point at the cell.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any


@dataclass(slots=True)
class Record:
    row: int
    extra: dict[str, Any] = field(default_factory=dict, kw_only=True)
    source: str = field(default="", kw_only=True)   # the workbook it came from, when registers are merged


@dataclass(slots=True)
class Mobility(Record):
    id: str | None = None
    project_number: str | None = None
    participant_type: str | None = None      # learner / staff / accompanying
    activity_type: str | None = None         # LM-SHORT-VET ...
    first_name: str | None = None
    last_name: str | None = None
    education_programme: str | None = None
    fewer_opportunities: bool | None = None
    receiving_organisation: str | None = None
    country: str | None = None               # ISO alpha-2
    city: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    green_travel: bool | None = None
    status: str | None = None                # planned / confirmed / completed / cancelled
    distance_km: int | None = None
    group: str | None = None                 # group mobility: rows with one code form one group
    participant_inclusion_support: Decimal | None = None   # EUR, real costs

    @property
    def duration_days(self) -> int | None:
        """Calendar days of the activity, first and last day included."""
        if self.start_date and self.end_date:
            return (self.end_date - self.start_date).days + 1
        return None


@dataclass(slots=True)
class Incoming(Record):
    id: str | None = None
    project_number: str | None = None
    participant_type: str | None = None
    count: int | None = None
    sending_organisation: str | None = None
    country: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    status: str | None = None


@dataclass(slots=True)
class Event(Record):
    id: str | None = None
    title: str | None = None
    type: str | None = None
    country: str | None = None
    city: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    participants: int | None = None
    status: str | None = None


@dataclass(slots=True)
class Competition(Record):
    id: str | None = None
    title: str | None = None
    country: str | None = None
    date: dt.date | None = None
    participants: int | None = None
    result: str | None = None
    status: str | None = None


@dataclass(slots=True)
class Project(Record):
    project_number: str | None = None
    title: str | None = None
    programme: str | None = None
    role: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    grant: Decimal | None = None
    status: str | None = None
    kind: str | None = None                  # mobility / cooperation; None: derive from the number


@dataclass(slots=True)
class Partner(Record):
    name: str | None = None
    country: str | None = None
    city: str | None = None
    oid: str | None = None
    type: str | None = None
    cooperation_since: dt.date | None = None


@dataclass(slots=True)
class Feedback(Record):
    mobility_id: str | None = None
    satisfaction: int | None = None
    language: str | None = None
    level_before: str | None = None
    level_after: str | None = None
    motivation_before: int | None = None
    motivation_after: int | None = None
    new_methods: int | None = None


@dataclass(slots=True)
class Expense(Record):
    project_number: str | None = None
    date: dt.date | None = None
    document_no: str | None = None
    category: str | None = None
    amount: Decimal | None = None
    mobility_id: str | None = None
    description: str | None = None


RECORD_TYPES: dict[str, type[Record]] = {
    "mobilities": Mobility, "incoming": Incoming, "events": Event, "competitions": Competition,
    "projects": Project, "partners": Partner, "feedback": Feedback, "finance": Expense,
}


@dataclass
class SheetLayout:
    """Where a contract sheet stands in this workbook, so findings can name real cells."""

    key: str
    name: str                      # the sheet's own name in the workbook
    header_row: int                # 1-based
    columns: dict[str, str]        # field key -> column letter
    headers: dict[str, str]        # field key -> header text as written

    def cell(self, field_key: str, row: int) -> str:
        return f"{self.columns.get(field_key, 'A')}{row}"


@dataclass
class Targets:
    """Targets per indicator key and year; `source` tells whether they came from the workbook."""

    values: dict[str, dict[int, int | None]]
    source: str                    # "workbook" or "strategy"
    rows: dict[str, int] = field(default_factory=dict)

    def get(self, key: str, year: int) -> int | None:
        return self.values.get(key, {}).get(year)


@dataclass
class Register:
    path: Path
    mobilities: list[Mobility] = field(default_factory=list)
    incoming: list[Incoming] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    competitions: list[Competition] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    partners: list[Partner] = field(default_factory=list)
    feedback: list[Feedback] = field(default_factory=list)
    finance: list[Expense] = field(default_factory=list)
    targets: Targets | None = None
    settings: dict[str, str] = field(default_factory=dict)
    education_programmes: list[str] = field(default_factory=list)
    layouts: dict[str, SheetLayout] = field(default_factory=dict)
    cell_findings: list = field(default_factory=list)   # Findings made while reading cells
    # The optional sheets, read in the same pass as the rest (so in Excel the open workbook counts,
    # not the saved file): Likmes (domain.rates.RateOverrides) and Rīcības plāns (PlanSheet); None
    # when the workbook has no such sheet.
    rate_overrides: Any = None
    action_plan: Any = None
    optional_sheets_read: bool = False

    def records(self, sheet_key: str) -> list[Any]:
        return getattr(self, sheet_key)

    def all_records(self) -> Iterable[tuple[str, Record]]:
        for key in RECORD_TYPES:
            for record in self.records(key):
                yield key, record
