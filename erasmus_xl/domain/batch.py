"""Many registers, one year-end summary: find the workbooks, read them (in parallel where it pays),
and merge them into one `Register` whose records keep their source file.

Each workbook is validated on its own first; rows with an error in a column the figures need
(data/indicator_fields.json) stay out of the merge (and are reported), so the merged numbers are
computed as for one workbook; an error in a descriptive column (a name, a partner type) does not. Across files, a record that
appears twice with the same content is counted once and reported; the same ID with different
content is reported and both are kept; a project described differently keeps the first file's.
A file that cannot be read is listed with its reason and skipped; the rest are still merged.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from erasmus_xl.domain.indicators import fields_counted
from erasmus_xl.domain.validation import project_key
from erasmus_xl.io.reader import strategy_targets
from erasmus_xl.model.errors import RegisterError
from erasmus_xl.model.findings import Finding, count_by_severity, error_rows, make_finding
from erasmus_xl.model.records import RECORD_TYPES, Competition, Event, Feedback, Incoming, Mobility, Partner, Project, Record, Register
from erasmus_xl.model.report import ValidationReport
from erasmus_xl.model.schema import sheet_spec
from erasmus_xl.model.text import normalize_key
from erasmus_xl.workbook import Workbook
from erasmus_xl.workbook import open as open_register

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".ods", ".xls")
OWN_OUTPUT_MARKERS = ("-parbaude.", "kopsavilkums")   # annotated copies and summaries we wrote
PARALLEL_FROM_FILES = 8   # below this, starting worker processes costs more than it saves


@dataclass
class FileResult:
    path: Path
    source: str                                   # path relative to the folder, as shown to users
    register: Register | None = None              # without the rows left out (see left_out)
    findings: list[Finding] = field(default_factory=list)
    left_out: dict[str, int] = field(default_factory=dict)   # sheet key -> rows with errors the figures need
    error: dict | None = None                     # RegisterError.to_dict() when the file was skipped

    @property
    def skipped(self) -> bool:
        return self.error is not None

    @property
    def reason(self) -> str:
        """Why the file was skipped (its error message); "" for a file that was read."""
        return self.error["message"] if self.error is not None else ""

    @property
    def read_register(self) -> Register:
        """The register of a file that was read (merging and cross-file findings see only those)."""
        assert self.register is not None, f"{self.source} was skipped: it has no register"
        return self.register


@dataclass
class BatchResult:
    folder: Path
    files: list[FileResult]
    book: Workbook                # the merged register; its report is empty: each file was validated on its own
    cross_findings: list[Finding]

    @property
    def merged(self) -> Register:
        return self.book.register

    @property
    def skipped(self) -> list[FileResult]:
        return [f for f in self.files if f.skipped]

    @property
    def read(self) -> list[FileResult]:
        return [f for f in self.files if not f.skipped]

    def to_dict(self) -> dict:
        files = []
        for result in self.files:
            errors, warnings = count_by_severity(result.findings)
            files.append({"file": result.source, "status": "skipped" if result.skipped else "read",
                          "reason": result.error, "errors": errors, "warnings": warnings,
                          "left_out_rows": result.left_out})
        return {"folder": str(self.folder), "files": files,
                "records": {key: len(self.merged.records(key)) for key in RECORD_TYPES},
                "cross_file_findings": [f.to_dict() for f in self.cross_findings]}


def discover(folder: Path | str, *, exclude: Iterable[Path | str] = ()) -> list[Path]:
    """Every workbook (WORKBOOK_SUFFIXES) below `folder`, in a stable order, without Excel lock files (`~$…`),
    hidden folders, or the tool's own outputs."""
    folder = Path(folder)
    excluded = [Path(e).resolve() for e in exclude]
    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if path.suffix.lower() not in WORKBOOK_SUFFIXES or not path.is_file():
            continue
        if path.name.startswith(("~$", ".")) or any(part.startswith(".") for part in relative.parts[:-1]):
            continue
        if any(marker in path.name.lower() for marker in OWN_OUTPUT_MARKERS):
            continue
        if any(e == path.resolve() or e in path.resolve().parents for e in excluded):
            continue
        found.append(path)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def read_folder(folder: Path | str, *, today: dt.date | None = None, workers: int | None = None,
                exclude: Iterable[Path | str] = (),
                on_file: Callable[[int, int, FileResult], None] | None = None) -> BatchResult:
    """Read, validate and merge every register under `folder`."""
    folder = Path(folder)
    paths = discover(folder, exclude=exclude)
    jobs = [(path, path.relative_to(folder).as_posix(), today) for path in paths]
    workers = workers or min(os.cpu_count() or 1, max(1, len(jobs)))
    results: list[FileResult] = []
    if workers > 1 and len(jobs) >= PARALLEL_FROM_FILES:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for done, result in enumerate(pool.map(read_one, jobs, chunksize=4), start=1):
                results.append(result)
                if on_file:
                    on_file(done, len(jobs), result)
    else:
        for done, job in enumerate(jobs, start=1):
            results.append(read_one(job))
            if on_file:
                on_file(done, len(jobs), results[-1])
    merged, cross = merge([r for r in results if r.register is not None], folder)
    # the rows with errors the figures need were left out of the merge, so nothing more is left out
    day = today or dt.date.today()
    book = Workbook(merged, today=day, report=ValidationReport([], source=str(folder), as_of=day.isoformat()))
    return BatchResult(folder=folder, files=results, book=book, cross_findings=cross)


def read_one(job: tuple[Path, str, dt.date | None]) -> FileResult:
    """Read and validate one workbook; never raises, so one bad file cannot stop the batch."""
    path, source, today = job
    result = FileResult(path=path, source=source)
    try:
        book = open_register(path, today=today)
    except RegisterError as problem:
        result.error = problem.to_dict() | {"file": source}
        return result
    except Exception as problem:  # a file no rule foresaw: reported and skipped
        result.error = {"file": source, "code": "unexpected", "message": f"Neparedzēta kļūda: {type(problem).__name__}",
                        "message_en": f"Unexpected error: {type(problem).__name__}: {problem}"}
        return result
    register, findings = book.register, book.report.findings
    for finding in findings:
        finding.file = source
    for key in RECORD_TYPES:
        records = register.records(key)
        bad_rows = {row for _, _, row in error_rows(findings, key, fields_counted(key))}
        kept = [r for r in records if r.row not in bad_rows]
        if len(kept) != len(records):
            result.left_out[key] = len(records) - len(kept)
        for record in kept:
            record.source = source
        setattr(register, key, kept)
    result.register, result.findings = register, findings
    return result


def _content(record: Record) -> tuple:
    return tuple(getattr(record, f.name) for f in dataclasses.fields(record) if f.name not in ("row", "extra", "source"))


def merge(results: list[FileResult], folder: Path) -> tuple[Register, list[Finding]]:
    """One register from many; findings about records repeated across files."""
    merged = Register(path=folder)
    cross: list[Finding] = []
    for key in RECORD_TYPES:
        merged_records: list[Record] = []
        seen: dict[tuple, tuple[Record, FileResult]] = {}
        for result in results:
            for record in result.read_register.records(key):
                identity = _identity(key, record)
                if identity is None:
                    merged_records.append(record)
                    continue
                earlier = seen.get(identity)
                if earlier is None:
                    seen[identity] = (record, result)
                    merged_records.append(record)
                    continue
                first, first_result = earlier
                if first_result is result:      # a duplicate inside one file: its validation said so
                    merged_records.append(record)
                    continue
                if _content(first) == _content(record):
                    if key not in ("projects", "partners"):   # shared by several workbooks: normal
                        cross.append(_cross_finding("duplicate_row_across_files", key, record, result, first, first_result))
                    continue                    # counted once
                if key == "projects":
                    cross.append(_cross_finding("project_conflict_across_files", key, record, result, first, first_result))
                    continue                    # the first file's description is kept
                if key == "partners":
                    continue                    # same OID, other spelling: one partner
                cross.append(_cross_finding("id_conflict_across_files", key, record, result, first, first_result))
                merged_records.append(record)
        setattr(merged, key, merged_records)
    first_with_targets = next((r.read_register for r in results
                               if r.read_register.targets and r.read_register.targets.source == "workbook"), None)
    merged.targets = first_with_targets.targets if first_with_targets else strategy_targets()
    if results:
        merged.settings = results[0].read_register.settings
        merged.education_programmes = results[0].read_register.education_programmes
    return merged, cross


def _identity(key: str, record: Record) -> tuple | None:
    """What makes two records in different files the same record."""
    if key in ("mobilities", "incoming", "events", "competitions"):
        assert isinstance(record, (Mobility, Incoming, Event, Competition))
        return (key, record.id) if record.id else None
    if key == "projects":
        assert isinstance(record, Project)
        return (key, project_key(record.project_number)) if record.project_number else None
    if key == "partners":
        assert isinstance(record, Partner)
        if record.oid:
            return (key, record.oid.upper())
        return (key, normalize_key(record.name or ""), record.country)
    if key == "feedback":
        assert isinstance(record, Feedback)
        return (key, record.mobility_id, _content(record))
    if key == "finance":
        return (key, _content(record))
    return None


def _cross_finding(code: str, key: str, record: Record, result: FileResult, first: Record,
                   first_result: FileResult) -> Finding:
    layout = result.read_register.layouts.get(key)
    first_layout = first_result.read_register.layouts.get(key)
    id_field = sheet_spec(key).id_column or "name"
    value = getattr(record, id_field, "") or ""
    finding = make_finding(
        code, sheet=layout.name if layout else sheet_spec(key).lv, sheet_key=key,
        cell=layout.cell(id_field, record.row) if layout else f"A{record.row}", row=record.row,
        column=layout.headers.get(id_field, id_field) if layout else id_field, value=value,
        other_file=first_result.source,
        other_cell=first_layout.cell(id_field, first.row) if first_layout else f"A{first.row}",
        kept_file=first_result.source,
    )
    finding.file = result.source
    return finding
