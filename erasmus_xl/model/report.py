"""The outcome of validating a register: every finding, and what follows from them.

One object answers the questions each caller asks — is the register valid, how many errors and
warnings, which rows must stay out of the figures, what to show per sheet — so the CLI's JSON,
the Excel buttons and the documents all say the same thing (as frictionless does with its report).
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from erasmus_xl.model.findings import SEVERITIES, Finding, error_rows
from erasmus_xl.model.records import Record

R = TypeVar("R", bound=Record)
_JSON_PIECE = 500   # findings encoded at a time


@dataclass(frozen=True)
class ValidationReport:
    findings: list[Finding]
    source: str = ""                       # the register's file (or workbook) name
    as_of: str = ""                        # the date validation took as today (ISO)
    _counts: dict[str, int] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        for severity in SEVERITIES:
            self._counts[severity] = sum(1 for f in self.findings if f.severity == severity)

    @property
    def errors(self) -> int:
        return self._counts["error"]

    @property
    def warnings(self) -> int:
        return self._counts["warning"]

    @property
    def valid(self) -> bool:
        """No errors: warnings ask for a look but never keep a row out of the figures."""
        return self.errors == 0

    def rows_with_errors(self) -> set[tuple[str, str, int]]:
        """(source, sheet key, row) of every record with an error finding ("" source for one file).

        The source matters once registers of many files are merged (batch), where the same sheet
        row number stands in every file.
        """
        return {(source, sheet_key, row) for sheet_key, source, row in error_rows(self.findings)}

    def partition(self, sheet_key: str, records: Iterable[R]) -> tuple[list[R], list[R]]:
        """(records without an error, records with one) of one sheet, each in the given order:
        what a document keeps, and the rows it says it left out."""
        excluded = self.rows_with_errors()
        kept: list[R] = []
        left_out: list[R] = []
        for record in records:
            (left_out if (record.source, sheet_key, record.row) in excluded else kept).append(record)
        return kept, left_out

    def by_sheet(self) -> dict[str, list[Finding]]:
        """Findings grouped by the sheet's name as it stands in the workbook, in reading order."""
        grouped: dict[str, list[Finding]] = {}
        for finding in self.findings:
            grouped.setdefault(finding.sheet, []).append(finding)
        return grouped

    def to_dict(self) -> dict[str, Any]:
        """The machine-readable report (`validate --format json`)."""
        return self._summary() | {"findings": [f.to_dict() for f in self.findings]}

    def _summary(self) -> dict[str, Any]:
        return {"file": self.source, "valid": self.valid, "errors": self.errors, "warnings": self.warnings,
                "as_of": self.as_of}

    def to_json(self, **more: Any) -> str:
        """`to_dict` (and `more` fields) as JSON text: a field a line, each finding on a line of its own."""
        return "".join(self.json_chunks(**more))

    def json_chunks(self, **more: Any) -> Iterator[str]:
        """`to_json` in pieces of a few hundred findings, to be written as they come: the text of
        16,000 findings at once would double the memory a large register takes.

        Why not one indented dump: indenting takes json's pure-Python encoder, a second for the
        16,000 findings. Here json's C encoder writes a piece of findings at once with a newline after
        every comma between items; JSON text holds no other newline (one in a string is written
        `\\n`, as is a NUL), and only between two findings does one follow a `}`.
        """
        report = self._summary() | more
        head = [f"  {json.dumps(key, ensure_ascii=False)}: {json.dumps(value, ensure_ascii=False)}"
                for key, value in report.items()]
        yield "{\n" + ",\n".join(head) + ',\n  "findings": ['
        for start in range(0, len(self.findings), _JSON_PIECE):
            piece = [finding.to_dict() for finding in self.findings[start:start + _JSON_PIECE]]
            items = json.dumps(piece, ensure_ascii=False, separators=(",\n", ": "))[1:-1]
            rows = items.replace("},\n{", "}\x00{").replace(",\n", ", ").replace("}\x00{", "},\n    {")
            yield ("\n    " if start == 0 else ",\n    ") + rows
        yield "\n  ]\n}\n" if self.findings else "]\n}\n"
