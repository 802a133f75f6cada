"""The one door into the library: `erasmus_xl.open(...)` gives a `Workbook`.

    import erasmus_xl
    book = erasmus_xl.open("register.xlsx")          # or a live Excel workbook's port
    print(book.report.errors, book.report.warnings)  # validation, computed once when first asked
    for value in book.indicators(year=2025).indicators:
        print(value.label, value.actual, value.target)

Every sheet is read once (records, targets, settings, programmes, the Likmes and Rīcības plāns
sheets); validation, indicators and the budget are computed from that one reading when first
asked and kept. The CLI, the Excel buttons and the document writers are thin layers over it.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from erasmus_xl.model.records import RECORD_TYPES, Record, Register
from erasmus_xl.model.report import ValidationReport

if TYPE_CHECKING:  # the heavy modules load only when their figures are asked for
    import pandas

    from erasmus_xl.domain.budget import BudgetResult
    from erasmus_xl.domain.finance import FinanceView
    from erasmus_xl.domain.indicators import IndicatorReport
    from erasmus_xl.excel.excel_port import WorkbookPort


class Workbook:
    """A register workbook, read once, with its validation and figures."""

    def __init__(self, register: Register, *, today: dt.date | None = None,
                 report: ValidationReport | None = None) -> None:
        """`report`: findings already known (a merged register, whose files were each validated
        on their own, passes an empty one); by default the register is validated when first asked."""
        self.register = register
        self.today = today or dt.date.today()
        self._given_report = report
        if report is not None:
            self.__dict__["report"] = report   # what the cached property would compute

    def __repr__(self) -> str:
        return f"<Workbook {self.name!r}>"

    @property
    def path(self) -> Path:
        return Path(self.register.path)

    @property
    def name(self) -> str:
        return self.path.name

    @cached_property
    def report(self) -> ValidationReport:
        """Every finding of every rule, with `today` as the date rules compare against."""
        from erasmus_xl.domain.validation import validate

        return ValidationReport(validate(self.register, today=self.today), source=str(self.register.path),
                                as_of=self.today.isoformat())

    def at(self, day: dt.date | None) -> Workbook:
        """The same reading with another date as today (validated again for it, unless its report
        was given); itself for its own date."""
        if day is None or day == self.today:
            return self
        return Workbook(self.register, today=day, report=self._given_report)

    def usable(self, sheet_key: str) -> list[Record]:
        """The records of a sheet (`mobilities`, `partners`, …) that have no error finding."""
        if sheet_key not in RECORD_TYPES:
            raise KeyError(f"unknown sheet key {sheet_key!r}; one of {', '.join(RECORD_TYPES)}")
        return self.report.partition(sheet_key, self.register.records(sheet_key))[0]

    def indicators(self, *, year: int | None = None, as_of: dt.date | None = None,
                   basis: str = "calendar") -> IndicatorReport:
        """Every indicator against the targets (rows with errors in a needed field left out, listed)."""
        from erasmus_xl.domain.indicators import compute_indicators

        book = self.at(as_of)   # validated as of that day (this book's own report for its own day)
        return compute_indicators(self.register, year=year, as_of=book.today, basis=basis,
                                  findings=book.report.findings)

    def budget(self, *, call_year: int | None = None, project: str | None = None) -> BudgetResult:
        """The unit-cost budget; the Likmes rows read with the register override the shipped rates."""
        if call_year is None and project is None:
            return self._budget
        from erasmus_xl.domain.budget import register_budget

        return register_budget(self.register, call_year=call_year, project=project)

    @cached_property
    def _budget(self) -> BudgetResult:
        from erasmus_xl.domain.budget import register_budget

        return register_budget(self.register)

    def finance(self) -> FinanceView:
        """The accountant's view: granted, booked and remaining per project and category."""
        from erasmus_xl.domain.finance import finance_view

        return finance_view(self.register, budget=self._budget, today=self.today)

    def frames(self) -> dict[str, pandas.DataFrame]:
        """One typed DataFrame per contract sheet, for analysts (needs the `[pandas]` extra)."""
        try:
            import pandas
        except ImportError:  # pragma: no cover - depends on the installation
            raise ImportError("Workbook.frames() needs pandas: pip install 'erasmus_xl[pandas]'") from None
        frames: dict[str, pandas.DataFrame] = {}
        for key, record_type in RECORD_TYPES.items():
            columns = [f.name for f in dataclasses.fields(record_type) if f.name != "extra"]
            rows = [{name: getattr(record, name) for name in columns} for record in self.register.records(key)]
            frame = pandas.DataFrame(rows, columns=columns)
            frames[key] = frame.convert_dtypes()
        return frames


def open(source: Path | str | WorkbookPort, *, today: dt.date | None = None) -> Workbook:  # noqa: A001
    """Read a register from a file (.xlsx, .xlsm, …) or from a workbook port (the open Excel workbook)."""
    if isinstance(source, (str, Path)):
        from erasmus_xl.io.reader import read_register

        return Workbook(read_register(source), today=today)
    from erasmus_xl.excel.excel_port import read_port

    return Workbook(read_port(source), today=today)


__all__ = ["Workbook", "open"]

