"""Indicators against the 2024–2028 targets (strategy sections 4.1 and 4.2).

The Pedagogical Council reviews progress at the start of every school year, so the numbers must
follow written rules that anyone can check by hand (shared/reference/domain.md, "Counting
rules"); the rules travel with the report (`COUNTING_RULES`, `status_rule`). Rows that have an
error finding are left out, and the report says which and why, instead of counting a row
nobody can trust.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from erasmus_xl.io.reader import strategy_targets
from erasmus_xl.model.countries import english_name, latvian_name
from erasmus_xl.model.findings import Finding, error_rows
from erasmus_xl.model.records import Event, Incoming, Mobility, Project, Register, Targets
from erasmus_xl.model.schema import enumerations, sheet_spec, special_sheet
from erasmus_xl.model.text import clean_text, normalize_key
from erasmus_xl.model.wording import ui_text
from erasmus_xl.resources import load_data

BASES = ("calendar", "academic")
KEY_INDICATORS = ("learner_mobility_out", "staff_mobility_out", "learners_hosted", "staff_hosted",
                  "events", "competitions", "projects_coordinator", "projects_partner")
INDICATORS = KEY_INDICATORS + ("new_partners",)
QUALITATIVE = ("satisfaction", "language_improved", "motivation_improved", "staff_new_methods")
# The sheets whose rows are counted; an error on one of their rows leaves that row out.
COUNTED_SHEETS = ("mobilities", "incoming", "events", "competitions", "projects", "partners", "feedback", "targets")
CEFR_ORDER = {"A1": 1, "A2": 2, "B1": 3, "B2": 4, "C1": 5, "C2": 6}

PIPELINE = frozenset({"planned", "confirmed"})


def _label_pairs(group: str) -> dict[str, tuple[str, str]]:
    """(Latvian, English) labels of one group in data/ui_texts.json ("indicators.status" …)."""
    return {key: (texts["lv"], texts["en"]) for key, texts in load_data("ui_texts")["indicators"][group].items()}


STATUS_LABELS: dict[str, tuple[str, str]] = _label_pairs("status")
QUALITATIVE_LABELS: dict[str, tuple[str, str]] = _label_pairs("qualitative")
BREAKDOWN_LABELS: dict[str, tuple[str, str]] = _label_pairs("breakdowns")
LIST_BREAKDOWNS = ("country", "education_programme", "activity_type", "programme", "receiving_organisation")
NOT_STATED: tuple[str, str] = tuple(load_data("ui_texts")["indicators"]["not_stated"][lang]
                                     for lang in ("lv", "en"))

# The counting rules as printed in reports: data/counting_rules.json (one text, Latvian and English).
COUNTING_RULES: list[tuple[str, str]] = [(rule["lv"], rule["en"]) for rule in load_data("counting_rules")["rules"]]


# --- periods ------------------------------------------------------------------------------------

@dataclass(frozen=True, order=True)
class Period:
    """A calendar year, or the academic year that starts on 1 September of `year`."""

    year: int
    basis: str = "calendar"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1, 1) if self.basis == "calendar" else dt.date(self.year, 9, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 12, 31) if self.basis == "calendar" else dt.date(self.year + 1, 8, 31)

    @property
    def label(self) -> str | int:
        """2025, or "2025/2026" for an academic year (as the Council names school years)."""
        return self.year if self.basis == "calendar" else f"{self.year}/{self.year + 1}"

    @property
    def key(self) -> str:
        return str(self.label)

    def share_gone(self, as_of: dt.date) -> float:
        """Share of the period's days gone by the end of `as_of` (0 before it starts, 1 after)."""
        if as_of < self.start:
            return 0.0
        if as_of >= self.end:
            return 1.0
        return ((as_of - self.start).days + 1) / ((self.end - self.start).days + 1)

    def phase(self, as_of: dt.date) -> str:
        """'past', 'current' or 'future' relative to `as_of`."""
        if as_of > self.end:
            return "past"
        if as_of < self.start:
            return "future"
        return "current"

    def overlaps(self, start: dt.date, end: dt.date) -> bool:
        return start <= self.end and end >= self.start


def period_year(date: dt.date, basis: str) -> int:
    """The period a date belongs to: its calendar year, or the academic year it falls in."""
    if basis == "calendar":
        return date.year
    return date.year if date.month >= 9 else date.year - 1


# --- results ------------------------------------------------------------------------------------

@dataclass
class IndicatorValue:
    key: str
    label: str
    label_en: str
    period: Period
    actual: int
    pipeline: int
    target: int | None
    status: str
    overdue: int = 0                              # pipeline rows that ended before as_of (status not updated)
    accompanying: dict[str, int] | None = None    # staff_mobility_out only

    @property
    def forecast(self) -> int:
        return self.actual + self.pipeline

    @property
    def percent(self) -> float | None:
        """Actual as a percentage of the target; None without a positive target."""
        if not self.target:
            return None
        return round(self.actual * 100 / self.target, 1)

    @property
    def still_needed(self) -> int | None:
        """How many more must take place to reach the target."""
        return None if self.target is None else max(0, self.target - self.actual)

    @property
    def still_to_plan(self) -> int | None:
        """How many more must be planned beyond the pipeline to reach the target."""
        return None if self.target is None else max(0, self.target - self.forecast)

    @property
    def status_lv(self) -> str:
        return STATUS_LABELS[self.status][0]

    @property
    def status_en(self) -> str:
        return STATUS_LABELS[self.status][1]

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "key": self.key, "label": self.label, "label_en": self.label_en, "year": self.period.label,
            "period_start": self.period.start.isoformat(), "period_end": self.period.end.isoformat(),
            "actual": self.actual, "pipeline": self.pipeline, "forecast": self.forecast,
            "target": self.target, "percent": self.percent, "status": self.status,
            "status_lv": self.status_lv, "status_en": self.status_en,
            "still_needed": self.still_needed, "still_to_plan": self.still_to_plan, "overdue": self.overdue,
        }
        if self.accompanying is not None:
            data["accompanying"] = dict(self.accompanying)
        return data


@dataclass
class QualitativeValue:
    key: str
    label: str
    label_en: str
    period: Period
    mobilities: int          # completed mobilities of the year in scope (staff only for new methods)
    responses: int           # of those, how many have the answers this indicator needs
    count: int               # how many meet the indicator (satisfaction ≥ 4, level rose, ...)
    mean: float | None = None  # satisfaction only

    @property
    def share(self) -> float | None:
        return round(self.count / self.responses, 4) if self.responses else None

    @property
    def value(self) -> float | int | None:
        """The headline figure: mean satisfaction, a share, or the number of staff mobilities."""
        if self.key == "satisfaction":
            return self.mean
        if self.key == "staff_new_methods":
            return self.count
        return self.share

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key, "label": self.label, "label_en": self.label_en, "year": self.period.label,
            "value": self.value, "mean": self.mean, "share": self.share, "count": self.count,
            "responses": self.responses, "mobilities": self.mobilities,
        }


@dataclass
class BreakdownItem:
    key: str
    label: str
    label_en: str
    actual: int = 0
    pipeline: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "label_en": self.label_en,
                "actual": self.actual, "pipeline": self.pipeline}


@dataclass
class Breakdowns:
    """One period's outgoing participants (learners and staff) split several ways."""

    period: Period
    lists: dict[str, list[BreakdownItem]]
    participants: dict[str, int]            # {"actual", "pipeline"}: learners and staff
    fewer_opportunities: dict[str, int]     # {"actual", "pipeline"}
    accompanying: dict[str, int]            # {"actual", "pipeline"}

    @property
    def fewer_opportunities_share(self) -> float | None:
        total = self.participants["actual"]
        return round(self.fewer_opportunities["actual"] / total, 4) if total else None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {name: [item.to_dict() for item in items] for name, items in self.lists.items()}
        data["participants"] = dict(self.participants)
        data["fewer_opportunities"] = {**self.fewer_opportunities, "share": self.fewer_opportunities_share}
        data["accompanying"] = dict(self.accompanying)
        return data


@dataclass
class LeftOut:
    """Rows of one sheet that were not counted because they have errors."""

    sheet_key: str
    sheet: str
    sheet_en: str
    keys: list[tuple[str, int]]        # (source workbook, Excel row); the source is "" for one workbook
    findings: list[Finding]            # the errors that left them out (in columns the figures need)
    left_out_of: dict[tuple[str, int], list[str]] = field(default_factory=dict)  # row -> indicator keys

    @property
    def rows(self) -> list[int]:
        """Excel rows left out (with several merged workbooks, see `by_file`)."""
        return sorted({row for _, row in self.keys})

    @property
    def by_file(self) -> dict[str, list[int]]:
        files: dict[str, list[int]] = defaultdict(list)
        for source, row in self.keys:
            files[source].append(row)
        return dict(files)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "sheet": self.sheet, "sheet_en": self.sheet_en, "count": len(self.keys), "rows": self.rows,
            "findings": [{**f.to_dict(), "row": f.row} for f in self.findings],
            "left_out_of": [{"row": row, **({"file": source} if source else {}), "indicators": uses}
                            for (source, row), uses in self.left_out_of.items()],
        }
        if any(source for source, _ in self.keys):
            data["files"] = self.by_file
        return data


@dataclass
class IndicatorReport:
    as_of: dt.date
    basis: str
    periods: list[Period]
    targets_source: str                   # "workbook" (Mērķi sheet) or "strategy" (targets.json)
    indicators: list[IndicatorValue]
    qualitative: list[QualitativeValue]
    breakdowns: dict[str, Breakdowns]     # period key -> breakdowns
    left_out: dict[str, LeftOut]          # sheet key -> rows left out (only sheets with some)

    # -- lookups --
    def counted_records(self, register: Register, sheet_key: str) -> list[Any]:
        """The records of a sheet that no figure left out: what a document lists beside the figures
        (a row with an error only in a descriptive column is listed, as it is counted)."""
        left = self.left_out.get(sheet_key)
        skip = set(left.keys) if left else set()
        return [record for record in register.records(sheet_key) if (record.source, record.row) not in skip]

    def indicator(self, key: str, year: int | str) -> IndicatorValue | None:
        """The value of one indicator in one period (year 2025 or '2025/2026')."""
        for item in self.indicators:
            if item.key == key and (item.period.year == year or item.period.key == str(year)):
                return item
        return None

    def qualitative_value(self, key: str, year: int | str) -> QualitativeValue | None:
        for item in self.qualitative:
            if item.key == key and (item.period.year == year or item.period.key == str(year)):
                return item
        return None

    @property
    def current_period(self) -> Period:
        """The period that contains as_of (it need not be one of the report's periods)."""
        basis = self.basis
        return Period(period_year(self.as_of, basis), basis)

    @property
    def left_out_count(self) -> int:
        return sum(len(item.keys) for item in self.left_out.values())

    @property
    def targets_note(self) -> tuple[str, str]:
        """Where the targets come from, in Latvian and English, for every output to state."""
        if self.targets_source == "strategy":
            document = load_data("targets")["source"]
            return (ui_text("indicators.targets_note.strategy", "lv", document=document),
                    ui_text("indicators.targets_note.strategy", "en"))
        return ui_text("indicators.targets_note.workbook", "lv"), ui_text("indicators.targets_note.workbook", "en")

    def what_it_takes(self) -> list[dict[str, Any]]:
        """For this period and the next: how many more must take place, and be planned, per indicator."""
        current = self.current_period
        wanted = {current.year, current.year + 1}
        rows = []
        for item in self.indicators:
            if item.period.year in wanted and item.target is not None:
                rows.append({"key": item.key, "label": item.label, "label_en": item.label_en,
                             "year": item.period.label, "target": item.target, "actual": item.actual,
                             "pipeline": item.pipeline, "still_needed": item.still_needed,
                             "still_to_plan": item.still_to_plan})
        return rows

    @property
    def status_rule(self) -> dict[str, Any]:
        """The status rule with the share of the current period gone, stated so it can be checked."""
        current = self.current_period
        share = current.share_gone(self.as_of)
        shown = f"{share * 100:.1f}".replace(".", ",") + " %"   # Latvian: a space before the sign
        as_of = self.as_of.strftime("%d.%m.%Y.")
        rules = load_data("ui_texts")["indicators"]["status_rules"]   # code → its rule, lv and en
        statuses = [(code, rule["lv"], rule["en"]) for code, rule in rules.items()]
        lv = ui_text("indicators.status_rule", "lv", as_of=as_of, period=current.label, share=shown)
        en = ui_text("indicators.status_rule", "en", as_of=self.as_of.isoformat(), period=current.label,
                     share=f"{share * 100:.1f}%")
        return {
            "lv": lv, "en": en, "current_period": current.label, "share_of_period_gone": round(share, 4),
            "statuses": [{"code": code, "lv": STATUS_LABELS[code][0], "en": STATUS_LABELS[code][1],
                          "rule_lv": rule_lv, "rule_en": rule_en} for code, rule_lv, rule_en in statuses],
            "counting_rules": [{"lv": lv_rule, "en": en_rule} for lv_rule, en_rule in COUNTING_RULES],
        }

    # -- output --
    def to_dict(self) -> dict[str, Any]:
        lv, en = self.targets_note
        return {
            "as_of": self.as_of.isoformat(),
            "basis": self.basis,
            "targets_source": {"code": self.targets_source, "lv": lv, "en": en},
            "status_rule": self.status_rule,
            "left_out": {key: item.to_dict() for key, item in self.left_out.items()},
            "indicators": [item.to_dict() for item in self.indicators],
            "qualitative": [item.to_dict() for item in self.qualitative],
            "breakdowns": {key: item.to_dict() for key, item in self.breakdowns.items()},
        }

    def to_rows(self) -> list[dict[str, Any]]:
        """Flat rows for CSV: the indicators, then the qualitative indicators (kind tells which)."""
        rows: list[dict[str, Any]] = []
        for item in self.indicators:
            rows.append({
                "kind": "indicator", "year": item.period.label, "key": item.key, "label": item.label,
                "label_en": item.label_en, "actual": item.actual, "pipeline": item.pipeline,
                "forecast": item.forecast, "target": item.target, "percent": item.percent,
                "status": item.status, "status_lv": item.status_lv, "still_needed": item.still_needed,
                "still_to_plan": item.still_to_plan, "value": None, "responses": None,
                "targets_source": self.targets_source, "as_of": self.as_of.isoformat(), "basis": self.basis,
            })
        for quality in self.qualitative:
            rows.append({
                "kind": "qualitative", "year": quality.period.label, "key": quality.key, "label": quality.label,
                "label_en": quality.label_en, "actual": quality.count, "pipeline": None, "forecast": None,
                "target": None, "percent": None if quality.share is None else round(quality.share * 100, 1),
                "status": None, "status_lv": None, "still_needed": None, "still_to_plan": None,
                "value": quality.value, "responses": quality.responses,
                "targets_source": self.targets_source, "as_of": self.as_of.isoformat(), "basis": self.basis,
            })
        return rows


ROW_COLUMNS = ("kind", "year", "key", "label", "label_en", "actual", "pipeline", "forecast", "target", "percent",
               "status", "status_lv", "still_needed", "still_to_plan", "value", "responses", "targets_source",
               "as_of", "basis")


# --- computing ----------------------------------------------------------------------------------

def compute_indicators(register: Register, *, year: int | None = None, as_of: dt.date | None = None,
                       basis: str = "calendar", findings: list[Finding] | None = None) -> IndicatorReport:
    """Every indicator for every strategy year (or one year) as of a date.

    `year` is a calendar year, or with basis="academic" the year the school year starts in
    (2025 -> 2025/2026). `findings` defaults to validate(register, today=as_of); a row is left out
    of an indicator when it has an error in a column that indicator needs (data/indicator_fields.json),
    and listed in the report.
    """
    if basis not in BASES:
        raise ValueError(f"basis must be one of {BASES}, not {basis!r}")
    as_of = as_of or dt.date.today()
    if findings is None:
        from erasmus_xl.domain.validation import validate

        findings = validate(register, today=as_of)
    targets = register.targets or strategy_targets()
    periods = [Period(y, basis) for y in ([year] if year is not None else _years(targets))]
    excluded = _excluded(findings)
    left_out = _left_out(register, findings, excluded)
    counters: dict[frozenset, _Counter] = {}

    def counter_for(use: str) -> _Counter:
        """The counter over the rows this use may count; uses that leave out the same rows share one."""
        identity = frozenset((sheet, frozenset(rows)) for sheet, rows in excluded[use].items())
        if identity not in counters:
            counters[identity] = _Counter(_Usable(register, excluded[use]), basis, as_of)
        return counters[identity]

    indicators: list[IndicatorValue] = []
    qualitative: list[QualitativeValue] = []
    breakdowns: dict[str, Breakdowns] = {}
    labels = _indicator_labels()
    for period in periods:
        for key in INDICATORS:
            actual, pipeline, overdue, extra = counter_for(key).count(key, period)
            target = targets.get(key, period.year)
            lv, en = labels[key]
            indicators.append(IndicatorValue(
                key=key, label=lv, label_en=en, period=period, actual=actual, pipeline=pipeline,
                target=target, status=_status(actual, actual + pipeline, target, period, as_of),
                overdue=overdue, accompanying=extra,
            ))
        qualitative.extend(counter_for("qualitative").qualitative(period))
        breakdowns[period.key] = counter_for("breakdowns").breakdowns(period)
    return IndicatorReport(as_of=as_of, basis=basis, periods=periods, targets_source=targets.source,
                           indicators=indicators, qualitative=qualitative, breakdowns=breakdowns,
                           left_out=left_out)


def strategy_years(register: Register) -> tuple[list[int], str]:
    """The years the register's targets cover (its Mērķi sheet, else the strategy) and where
    they come from ("workbook" or "strategy"): the years a report or plan can be made for."""
    targets = register.targets or strategy_targets()
    return _years(targets), targets.source


def rows_left_out(register: Register, findings: Iterable[Finding]) -> dict[str, LeftOut]:
    """Rows left out of at least one indicator (an error in a column it needs), per sheet."""
    findings = list(findings)
    return _left_out(register, findings, _excluded(findings))


def _excluded(findings: list[Finding]) -> dict[str, dict[str, set[tuple[str, int]]]]:
    """Use -> sheet -> (source, row) of the rows that use leaves out (data/indicator_fields.json)."""
    return {use: {sheet: {(source, row) for _, source, row in error_rows(findings, sheet, fields)}
                  for sheet, fields in sheets.items()}
            for use, sheets in indicator_fields().items()}


def _years(targets: Targets) -> list[int]:
    """The strategy's years, plus any further year the Mērķi sheet sets a target for."""
    years = set(load_data("targets")["years"])
    for per_year in targets.values.values():
        years.update(y for y, v in per_year.items() if v is not None)
    return sorted(years)


def _status(actual: int, forecast: int, target: int | None, period: Period, as_of: dt.date) -> str:
    """The rule stated in IndicatorReport.status_rule (keep the two in step)."""
    if target is None:
        return "no_target"
    phase = period.phase(as_of)
    if phase == "future":
        return "planned"
    if actual >= target:
        return "achieved"
    if phase == "past":
        return "missed"
    if actual >= target * period.share_gone(as_of):
        return "on_track"
    if forecast >= target:
        return "at_risk"
    return "behind"


@lru_cache(maxsize=1)
def _indicator_labels() -> dict[str, tuple[str, str]]:
    return {item["key"]: (item["lv"], item["en"]) for item in load_data("targets")["indicators"]}


@lru_cache(maxsize=1)
def indicator_fields() -> dict[str, dict[str, frozenset[str]]]:
    """Use (an indicator key, "qualitative", "breakdowns") -> sheet -> the columns it needs
    (data/indicator_fields.json); the Mērķi sheet's rows are needed by every indicator."""
    data = load_data("indicator_fields")
    return {use: {sheet: frozenset(fields) for sheet, fields in sheets.items()}
            for use, sheets in data.items() if not use.startswith("_")}


def fields_counted(sheet_key: str) -> frozenset[str] | None:
    """Every column of a sheet some figure needs; None when no figure reads the sheet."""
    sets = [sheets[sheet_key] for sheets in indicator_fields().values() if sheet_key in sheets]
    return frozenset().union(*sets) if sets else None


def _left_out(register: Register, findings: Iterable[Finding],
              excluded: dict[str, dict[str, set[tuple[str, int]]]]) -> dict[str, LeftOut]:
    """Rows left out of at least one figure, per sheet, with the errors that left them out and the
    figures they are missing from; keyed by (source workbook, row) so merged registers work."""
    needs = indicator_fields()
    uses: dict[tuple[str, str, int], list[str]] = defaultdict(list)
    for use, sheets in excluded.items():
        for sheet, rows in sheets.items():
            for source, row in rows:
                uses[(sheet, source, row)].append(use)
    by_sheet: dict[str, dict[tuple[str, int], list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for finding in findings:
        if finding.severity != "error" or not finding.row or finding.sheet_key not in COUNTED_SHEETS:
            continue
        identity = (finding.sheet_key, finding.file or "", finding.row)
        if finding.sheet_key == "targets":
            by_sheet["targets"][identity[1:]].append(finding)
        elif any(not finding.field_key or finding.field_key in needs[use][finding.sheet_key] for use in uses[identity]):
            by_sheet[finding.sheet_key][identity[1:]].append(finding)
    result: dict[str, LeftOut] = {}
    for key in COUNTED_SHEETS:
        sheet_rows = by_sheet.get(key)
        if not sheet_rows:
            continue
        layout = register.layouts.get(key)
        if key == "targets":
            spec_lv, spec_en = special_sheet("targets_sheet")["lv"], special_sheet("targets_sheet")["en"]
        else:
            spec = sheet_spec(key)
            spec_lv, spec_en = spec.lv, spec.en
        ordered = sorted(sheet_rows)
        named = sorted({f.sheet for found in sheet_rows.values() for f in found if f.sheet})
        result[key] = LeftOut(
            sheet_key=key, sheet=layout.name if layout else (named[0] if len(named) == 1 else spec_lv),
            sheet_en=spec_en, keys=ordered,
            findings=[f for k in ordered for f in sorted(sheet_rows[k], key=lambda f: (f.cell, f.code))],
            left_out_of={k: sorted(set(uses.get((key, *k), ())), key=_use_order) for k in ordered},
        )
    return result


def _use_order(use: str) -> int:
    order = [*INDICATORS, "qualitative", "breakdowns"]
    return order.index(use) if use in order else len(order)


class _Usable:
    """The register's records without the rows one use (an indicator) leaves out."""

    def __init__(self, register: Register, excluded: dict[str, set[tuple[str, int]]]) -> None:
        def keep(key: str) -> list[Any]:
            rows = excluded.get(key, set())
            return [r for r in register.records(key) if (r.source, r.row) not in rows]

        self.mobilities: list[Mobility] = keep("mobilities")
        self.incoming: list[Incoming] = keep("incoming")
        self.events: list[Event] = keep("events")
        self.competitions = keep("competitions")
        self.projects: list[Project] = keep("projects")
        self.partners = keep("partners")
        self.feedback = keep("feedback")


def project_kind(project: Project) -> str:
    """'mobility' or 'cooperation': the Veids column, else the number, else the programme."""
    if project.kind:
        return project.kind
    number = (project.project_number or "").replace(" ", "").upper()
    mobility_prefixes, cooperation_prefixes = _kind_prefixes()
    actions = re.findall(r"(KA\d{3}|LEO\d*)", number)
    for action in actions:
        if any(action.startswith(p) for p in mobility_prefixes):
            return "mobility"
        if any(action.startswith(p) for p in cooperation_prefixes):
            return "cooperation"
    return "cooperation"  # other programmes (Nordplus, eTwinning, Interreg ...) and other actions


@lru_cache(maxsize=1)
def _kind_prefixes() -> tuple[tuple[str, ...], tuple[str, ...]]:
    try:
        data = load_data("identifiers")["mobility_project_actions"]
        return tuple(data["mobility_prefixes"]), tuple(data["cooperation_prefixes"])
    except (FileNotFoundError, KeyError):
        return ("KA1", "LEO"), ("KA2",)


def _project_key(number: str | None) -> str:
    return (number or "").replace(" ", "").upper()


class _Counter:
    """Counts the usable records; records are bucketed by period once so each period is cheap."""

    def __init__(self, usable: _Usable, basis: str, as_of: dt.date) -> None:
        self.usable = usable
        self.basis = basis
        self.as_of = as_of
        self.mobilities = self._bucket(usable.mobilities, "start_date")
        self.incoming = self._bucket(usable.incoming, "start_date")
        self.events = self._bucket(usable.events, "start_date")
        self.competitions = self._bucket(usable.competitions, "date")
        self.partners = self._bucket(usable.partners, "cooperation_since")
        # A number listed twice (a duplicate_id error, normally left out) takes its first row's programme.
        self.programme_of: dict[str, str | None] = {}
        for project in sorted(usable.projects, key=lambda p: -p.row):
            if project.project_number:
                self.programme_of[_project_key(project.project_number)] = project.programme
        self.feedback_by_id: dict[str, list[Any]] = defaultdict(list)
        for item in usable.feedback:
            if item.mobility_id:
                self.feedback_by_id[item.mobility_id].append(item)

    def _bucket(self, records: list[Any], date_field: str) -> dict[int, list[Any]]:
        buckets: dict[int, list[Any]] = defaultdict(list)
        for record in records:
            date = getattr(record, date_field)
            if date is not None:
                buckets[period_year(date, self.basis)].append(record)
        return buckets

    def _split(self, records: Iterable[Any], weight=lambda r: 1) -> tuple[int, int, int]:
        """(actual, pipeline, overdue) by status; overdue = pipeline rows that ended before as_of."""
        actual = pipeline = overdue = 0
        for record in records:
            if record.status == "completed":
                actual += weight(record)
            elif record.status in PIPELINE:
                pipeline += weight(record)
                end = getattr(record, "end_date", None) or getattr(record, "date", None)
                if end is not None and end < self.as_of:
                    overdue += weight(record)
        return actual, pipeline, overdue

    def count(self, key: str, period: Period) -> tuple[int, int, int, dict[str, int] | None]:
        year = period.year
        if key == "learner_mobility_out":
            return (*self._split(m for m in self.mobilities.get(year, ()) if m.participant_type == "learner"), None)
        if key == "staff_mobility_out":
            trips = self.mobilities.get(year, ())
            escorts = self._split(m for m in trips if m.participant_type == "accompanying")
            return (*self._split(m for m in trips if m.participant_type == "staff"),
                    {"actual": escorts[0], "pipeline": escorts[1]})
        if key in ("learners_hosted", "staff_hosted"):
            kind = "learner" if key == "learners_hosted" else "staff"
            guests = (g for g in self.incoming.get(year, ()) if g.participant_type == kind)
            return (*self._split(guests, weight=lambda g: g.count or 0), None)
        if key == "events":
            return (*self._split(self.events.get(year, ())), None)
        if key == "competitions":
            return (*self._split(self.competitions.get(year, ())), None)
        if key in ("projects_coordinator", "projects_partner"):
            return (*self._projects("coordinator" if key == "projects_coordinator" else "partner", period), None)
        if key == "new_partners":
            actual = pipeline = 0
            for partner in self.partners.get(year, ()):
                if partner.cooperation_since <= self.as_of:
                    actual += 1
                else:
                    pipeline += 1
            return actual, pipeline, 0, None
        raise KeyError(key)

    def _projects(self, role: str, period: Period) -> tuple[int, int, int]:
        actual = pipeline = 0
        for project in self.usable.projects:
            if project.role != role or project.status not in ("approved", "closed"):
                continue
            if not (project.start_date and project.end_date) or not period.overlaps(project.start_date, project.end_date):
                continue
            if project_kind(project) != "cooperation":
                continue
            started = project.status == "closed" or (project.start_date <= self.as_of and period.start <= self.as_of)
            if started:
                actual += 1
            else:
                pipeline += 1
        return actual, pipeline, 0

    # -- qualitative --
    def qualitative(self, period: Period) -> list[QualitativeValue]:
        labels = QUALITATIVE_LABELS
        done = [m for m in self.mobilities.get(period.year, ()) if m.status == "completed" and m.id]
        # one mobility ID is one participant; IDs repeated by mistake count once
        by_id: dict[str, Mobility] = {}
        for mobility in done:
            by_id.setdefault(mobility.id, mobility)
        satisfaction: list[float] = []
        language = [0, 0]
        motivation = [0, 0]
        methods = [0, 0]
        staff_ids = {m.id for m in done if m.participant_type == "staff"}
        for mobility_id in by_id:
            answers = self.feedback_by_id.get(mobility_id, [])
            scores = [a.satisfaction for a in answers if a.satisfaction is not None]
            if scores:
                satisfaction.append(sum(scores) / len(scores))
            levels = [(CEFR_ORDER[a.level_before], CEFR_ORDER[a.level_after]) for a in answers
                      if a.level_before in CEFR_ORDER and a.level_after in CEFR_ORDER]
            if levels:
                language[1] += 1
                language[0] += any(after > before for before, after in levels)
            moods = [(a.motivation_before, a.motivation_after) for a in answers
                     if a.motivation_before is not None and a.motivation_after is not None]
            if moods:
                motivation[1] += 1
                motivation[0] += any(after > before for before, after in moods)
            if mobility_id in staff_ids:
                new = [a.new_methods for a in answers if a.new_methods is not None]
                if new:
                    methods[1] += 1
                    methods[0] += any(n >= 1 for n in new)
        mean = round(sum(satisfaction) / len(satisfaction), 2) if satisfaction else None
        return [
            QualitativeValue("satisfaction", *labels["satisfaction"], period, mobilities=len(by_id),
                             responses=len(satisfaction), count=sum(1 for s in satisfaction if s >= 4), mean=mean),
            QualitativeValue("language_improved", *labels["language_improved"], period, mobilities=len(by_id),
                             responses=language[1], count=language[0]),
            QualitativeValue("motivation_improved", *labels["motivation_improved"], period, mobilities=len(by_id),
                             responses=motivation[1], count=motivation[0]),
            QualitativeValue("staff_new_methods", *labels["staff_new_methods"], period, mobilities=len(staff_ids),
                             responses=methods[1], count=methods[0]),
        ]

    # -- breakdowns --
    def breakdowns(self, period: Period) -> Breakdowns:
        enums = enumerations()
        lists: dict[str, dict[str, BreakdownItem]] = {name: {} for name in LIST_BREAKDOWNS}
        spellings: dict[str, set[str]] = defaultdict(set)   # receiving organisation key -> spellings
        participants = {"actual": 0, "pipeline": 0}
        fewer = {"actual": 0, "pipeline": 0}
        escorts = {"actual": 0, "pipeline": 0}

        def add(name: str, key: str, label: str, label_en: str, column: str) -> None:
            item = lists[name].get(key)
            if item is None:
                item = lists[name][key] = BreakdownItem(key, label, label_en)
            setattr(item, column, getattr(item, column) + 1)

        for mobility in self.mobilities.get(period.year, ()):
            if mobility.status == "completed":
                column = "actual"
            elif mobility.status in PIPELINE:
                column = "pipeline"
            else:
                continue
            if mobility.participant_type == "accompanying":
                escorts[column] += 1
                continue
            if mobility.participant_type not in ("learner", "staff"):
                continue
            participants[column] += 1
            if mobility.fewer_opportunities:
                fewer[column] += 1
            if mobility.country:
                add("country", mobility.country, latvian_name(mobility.country), english_name(mobility.country), column)
            else:
                add("country", "", *NOT_STATED, column)
            if mobility.participant_type == "learner":
                programme = clean_text(mobility.education_programme) if mobility.education_programme else ""
                key = normalize_key(programme)
                add("education_programme", key, programme or NOT_STATED[0], programme or NOT_STATED[1], column)
                if programme:
                    spellings["ip:" + key].add(programme)
            activity = mobility.activity_type or ""
            add("activity_type", activity, enums["activity_type"].label(activity, "lv") if activity else NOT_STATED[0],
                enums["activity_type"].label(activity, "en") if activity else NOT_STATED[1], column)
            funding = self.programme_of.get(_project_key(mobility.project_number))
            add("programme", funding or "", enums["programme"].label(funding, "lv") if funding else NOT_STATED[0],
                enums["programme"].label(funding, "en") if funding else NOT_STATED[1], column)
            organisation = clean_text(mobility.receiving_organisation) if mobility.receiving_organisation else ""
            key = normalize_key(organisation)
            add("receiving_organisation", key, organisation or NOT_STATED[0], organisation or NOT_STATED[1], column)
            if organisation:
                spellings["org:" + key].add(organisation)

        # The same name typed differently is one group, shown by a spelling chosen independently of row order.
        for name, prefix in (("receiving_organisation", "org:"), ("education_programme", "ip:")):
            for key, item in lists[name].items():
                if spellings.get(prefix + key):
                    item.label = item.label_en = min(spellings[prefix + key], key=lambda s: (latvian_sort_key(s), s))
        ordered = {name: sorted(items.values(), key=lambda i: (-i.actual, -i.pipeline, latvian_sort_key(i.label), i.key))
                   for name, items in lists.items()}
        return Breakdowns(period=period, lists=ordered, participants=participants, fewer_opportunities=fewer,
                          accompanying=escorts)


_LATVIAN_ORDER = {ch: i for i, ch in enumerate("aābcčdeēfgģhiījkķlļmnņoprsštuūvzž")}


def latvian_sort_key(text: str) -> list[int]:
    """Latvian alphabetical order (ā after a, č after c ...), for lists people scan by eye."""
    return [_LATVIAN_ORDER.get(ch, 100 + ord(ch)) for ch in text.casefold()]


__all__ = ["compute_indicators", "strategy_years", "rows_left_out", "IndicatorReport", "IndicatorValue", "QualitativeValue", "Breakdowns",
           "BreakdownItem", "LeftOut", "Period", "STATUS_LABELS", "KEY_INDICATORS", "INDICATORS",
           "COUNTING_RULES", "ROW_COLUMNS", "indicator_fields", "fields_counted", "project_kind", "period_year", "latvian_sort_key"]
