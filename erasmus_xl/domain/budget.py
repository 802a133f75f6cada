"""Unit-cost budget of Erasmus+ mobilities: per mobility, per project and in total.

The accountant needs an estimate she can put beside the grant and the bookings, and she needs to
know how far to trust it. So every amount is a `BudgetLine` that names the rates it used, and
carries flags for each rate or rule that is missing or not confirmed. A row the budget cannot
fully compute (no dates, unknown city, a country outside the programme, a call year without
rates) gets a message pointing at its cell; the rest of the row and of the register is still
computed, and the totals say "incomplete". Nothing unknown is ever counted as zero.

The rules (documented in the result's "rules", wording in data/budget_texts.json):
- travel: the unit cost of the one-way distance band (green or standard); "Attālums km" overrides
  the computed great-circle distance; under 10 km nothing;
- funded travel days: 2, with green travel 6 (the maxima; a "Ceļa dienas" column overrides);
- individual support: days = activity days (first and last included) + funded travel days;
  days 1–14 at the daily rate, from day 15 at 70 % of it rounded to whole euros, unless the
  Likmes sheet gives the day-15 rate; accompanying persons at the staff rate;
- organisational support: per participant excluding accompanying persons, a lower rate from
  the 101st participant of a project, ErasmusPro (LM-LONG-VET) at its own rate;
- inclusion support (organisations): per participant with fewer opportunities whose inclusion
  support for participants ("Iekļaušanas atbalsts dalībniekam") is above 0; 0 there: not due;
  blank: counted and flagged;
- an activity whose unit costs are assumed (activity_types.json "budget", e.g. group mobility
  of VET learners: as for the other learner activities) flags its lines;
- course fees: SM-COUR-TRAIN only, per activity day, capped in days and EUR.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from erasmus_xl.domain.distance import DEFAULT_ORIGIN, PlaceNotFound, distance_km, find_place
from erasmus_xl.domain.rates import (
    BandSpec,
    Rate,
    RateOverrides,
    Rates,
    RatesUnavailable,
    Rule,
    confidence_phrase,
    format_eur,
    group_label,
    load_rates,
    money_text,
    participant_label,
    rate_label,
    texts,
)
from erasmus_xl.domain.validation import project_key
from erasmus_xl.io.cells import CellProblem, is_blank, parse_int
from erasmus_xl.io.workbook_file import column_letter
from erasmus_xl.model.countries import country_code, english_name, latvian_name
from erasmus_xl.model.findings import Finding, Severity
from erasmus_xl.model.records import Mobility, Register, SheetLayout
from erasmus_xl.model.schema import enumerations, sheet_spec
from erasmus_xl.model.text import clean_text, normalize_key
from erasmus_xl.model.wording import fill
from erasmus_xl.resources import load_data

CATEGORIES = ("travel", "individual_support", "organisational_support", "inclusion_support", "course_fees")
ZERO = Decimal("0.00")
CENT = Decimal("0.01")
COURSE_ACTIVITY = "SM-COUR-TRAIN"
ERASMUSPRO_ACTIVITY = "LM-LONG-VET"
_CALL_YEAR = re.compile(r"^\s*(\d{4})(?!\d)")


# --------------------------------------------------------------------------- result objects


@dataclass
class Flag:
    """Why a line's amount is missing or not to be fully trusted.

    `code` says what (rate_missing, days_unknown, rate_unconfirmed …); `severity`, in the one
    vocabulary of findings, how bad: "error" — the amount is missing or incomplete, the line
    cannot be used as is; "warning" — computed with a figure or rule that is not confirmed;
    "info" — worth knowing, nothing to fix.
    """

    code: str
    severity: Severity
    message: str
    message_en: str
    rate: Rate | None = None
    confidence: str | None = None
    subject: tuple[str, str] = ("", "")
    """The rate or rule named (lv, en) with its detail, for documents that list them in a table."""
    call_year: int | None = None
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": self.code, "severity": self.severity, "message": self.message,
                                "message_en": self.message_en}
        if self.confidence:
            data["confidence"] = self.confidence
        if self.rate is not None:
            data["rate_key"] = self.rate.key
        return data


@dataclass
class BudgetLine:
    """One budget category of one mobility."""

    category: str
    amount: Decimal | None
    applicable: bool = True
    basis: str = ""
    basis_en: str = ""
    rates: list[Rate] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """An amount and no error flag: the figure can be used as it stands."""
        return self.amount is not None and not any(f.severity == "error" for f in self.flags)

    @property
    def unconfirmed(self) -> bool:
        """Computed with a figure or rule nobody has confirmed (a warning flag)."""
        return any(f.severity == "warning" for f in self.flags)

    def to_dict(self) -> dict[str, Any]:
        categories = enumerations()["expense_category"]
        return {
            "category": self.category, "label": categories.label(self.category, "lv"),
            "label_en": categories.label(self.category, "en"), "applicable": self.applicable,
            "amount": money_text(self.amount), "complete": self.complete, "unconfirmed": self.unconfirmed,
            "basis": self.basis, "basis_en": self.basis_en,
            "rates": [r.to_dict() for r in self.rates], "flags": [f.to_dict() for f in self.flags],
        }


@dataclass
class MobilityBudget:
    mobility_id: str | None
    row: int
    project_number: str | None
    call_year: int | None
    status: str | None
    participant_type: str | None
    activity_type: str | None
    country: str | None
    city: str | None
    included: bool = True
    country_group: str | None = None
    distance_km: float | None = None
    distance_source: str | None = None          # "workbook" / "computed"
    band: BandSpec | None = None
    green_travel: bool = False
    activity_days: int | None = None
    travel_days: int | None = None
    funded_days: int | None = None
    lines: dict[str, BudgetLine] = field(default_factory=dict)
    messages: list[Finding] = field(default_factory=list)      # problems on the row (warnings)
    notes: list[dict[str, str]] = field(default_factory=list)  # why a row is left out, etc.

    @property
    def total(self) -> Decimal:
        """The sum of what could be computed (see `complete`)."""
        return sum((line.amount for line in self.lines.values() if line.amount is not None), ZERO)

    @property
    def complete(self) -> bool:
        return self.included and not self.messages and all(line.complete for line in self.lines.values())

    @property
    def unconfirmed(self) -> bool:
        return any(line.unconfirmed for line in self.lines.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.mobility_id, "row": self.row, "project_number": self.project_number,
            "call_year": self.call_year, "status": self.status, "included": self.included,
            "participant_type": self.participant_type, "activity_type": self.activity_type,
            "country": self.country, "country_group": self.country_group, "city": self.city,
            "distance_km": None if self.distance_km is None else round(self.distance_km, 1),
            "distance_source": self.distance_source,
            "band": None if self.band is None else self.band.key,
            "band_label": None if self.band is None else self.band.label("lv"),
            "green_travel": self.green_travel, "activity_days": self.activity_days,
            "travel_days": self.travel_days, "funded_days": self.funded_days,
            "categories": {key: line.to_dict() for key, line in self.lines.items()},
            "total": money_text(self.total) if self.included else None,
            "complete": self.complete, "unconfirmed": self.unconfirmed,
            "messages": [m.to_dict() for m in self.messages], "notes": list(self.notes),
        }


@dataclass
class BudgetResult:
    call_year: int | None
    origin: dict[str, Any]
    mobilities: list[MobilityBudget]
    rates: dict[int, Rates]
    warnings: list[Finding]
    notices: list[dict[str, str]]
    overrides: RateOverrides

    @property
    def included(self) -> list[MobilityBudget]:
        return [m for m in self.mobilities if m.included]

    @property
    def call_years(self) -> list[int]:
        return sorted({m.call_year for m in self.included if m.call_year is not None})

    @property
    def complete(self) -> bool:
        return all(m.complete for m in self.included)

    def totals(self) -> dict[str, Decimal]:
        return _sum_lines(self.included)

    def project_numbers(self) -> list[str]:
        return sorted({m.project_number for m in self.included if m.project_number})

    def project_totals(self, project_number: str) -> dict[str, Any]:
        """Per category, the total, and whether it is complete / uses unconfirmed figures."""
        rows = [m for m in self.included if m.project_number == project_number]
        sums = _sum_lines(rows)
        years = sorted({m.call_year for m in rows if m.call_year is not None})
        return {
            "call_year": years[0] if len(years) == 1 else None,
            "mobilities": len(rows),
            "participants": sum(1 for m in rows if m.participant_type != "accompanying"),
            "categories": {k: sums[k] for k in CATEGORIES},
            "total": sums["total"],
            "complete": all(m.complete for m in rows),
            "unconfirmed": any(m.unconfirmed for m in rows),
        }

    def to_dict(self) -> dict[str, Any]:
        totals = self.totals()
        projects = {}
        for number in self.project_numbers():
            summary = self.project_totals(number)
            projects[number] = {
                "call_year": summary["call_year"], "mobilities": summary["mobilities"],
                "participants": summary["participants"],
                **{k: money_text(v) for k, v in summary["categories"].items()},
                "total": money_text(summary["total"]), "complete": summary["complete"],
                "unconfirmed": summary["unconfirmed"],
            }
        return {
            "call_year": self.call_year,
            "call_years": self.call_years,
            "currency": "EUR",
            "origin": self.origin,
            "mobilities": [m.to_dict() for m in self.mobilities],
            "totals": {**{k: money_text(totals[k]) for k in CATEGORIES}, "total": money_text(totals["total"]),
                       "complete": self.complete,
                       "unconfirmed": any(m.unconfirmed for m in self.included)},
            "projects": projects,
            "warnings": [w.to_dict() for w in self.warnings],
            "notices": list(self.notices),
            "rules": budget_rules(self.rates),
            "rate_overrides": {"sheet": self.overrides.sheet, "rows": len(self.overrides.entries)},
        }


def _sum_lines(rows: list[MobilityBudget]) -> dict[str, Decimal]:
    sums = {k: ZERO for k in CATEGORIES}
    for mobility in rows:
        for key, line in mobility.lines.items():
            if line.amount is not None:
                sums[key] += line.amount
    sums["total"] = sum((sums[k] for k in CATEGORIES), ZERO)
    return sums


def budget_rules(rates: dict[int, Rates] | None = None) -> list[dict[str, Any]]:
    """The counting rules, with the confidence and source of each call year's file."""
    rules = []
    for rule in texts()["rules"]:
        entry = {"code": rule["code"], "lv": rule["lv"], "en": rule["en"]}
        path = rule.get("rates_path")
        if path and rates:
            entry["by_call_year"] = {}
            for year, year_rates in sorted(rates.items()):
                block: Any = year_rates.raw
                for part in path.split("."):
                    block = block.get(part, {}) if isinstance(block, dict) else {}
                entry["by_call_year"][str(year)] = {"confidence": block.get("confidence"),
                                                    "source": block.get("source", "")}
        rules.append(entry)
    return rules


# --------------------------------------------------------------------------- helpers


def call_year_of(project_number: str | None) -> int | None:
    """The call year: the first 4 digits of a project number (2024-1-LV01-KA122-VET-… -> 2024)."""
    if not project_number:
        return None
    match = _CALL_YEAR.match(project_number)
    return int(match[1]) if match else None


def _q(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _text(section: str, code: str, lang: str, **params: Any) -> str:
    return fill(texts()[section][code][lang], lang, **params)


def _basis(code: str, lang: str, **params: Any) -> str:
    return fill(texts()["basis"][code][lang], lang, **params)


def _rule_name(code: str, lang: str) -> str:
    for rule in texts()["rules"]:
        if rule["code"] == code:
            return rule[f"name_{lang}"]
    return code


def _rate_flag(rate: Rate, call_year: int, detail_lv: str = "", detail_en: str = "") -> Flag | None:
    """A flag for a missing or not-confirmed figure; None for a confirmed or workbook figure."""
    if not rate.known:
        return Flag("rate_missing", "error",
                    _text("flags", "rate_missing", "lv", rate=rate_label(rate.key), detail=detail_lv, year=call_year),
                    _text("flags", "rate_missing", "en", rate_en=rate_label(rate.key, "en"), detail_en=detail_en,
                          year=call_year),
                    rate=rate, confidence="missing", subject=_subject(rate, detail_lv, detail_en),
                    call_year=call_year)
    if rate.confirmed:
        return None
    return Flag("rate_unconfirmed", "warning",
                _text("flags", "rate_unconfirmed", "lv", rate=rate_label(rate.key), detail=detail_lv,
                      amount=format_eur(rate.amount) if _is_money(rate) else str(rate.amount),
                      confidence=confidence_phrase(rate.confidence), source=rate.source or "—"),
                _text("flags", "rate_unconfirmed", "en", rate_en=rate_label(rate.key, "en"), detail_en=detail_en,
                      amount_en=format_eur(rate.amount, "en") if _is_money(rate) else str(rate.amount),
                      confidence_en=confidence_phrase(rate.confidence, "en"), source=rate.source or "—"),
                rate=rate, confidence=rate.confidence, subject=_subject(rate, detail_lv, detail_en),
                call_year=call_year, source=rate.source)


def _subject(rate: Rate, detail_lv: str, detail_en: str) -> tuple[str, str]:
    return f"{rate_label(rate.key)}{detail_lv}", f"{rate_label(rate.key, 'en')}{detail_en}"


def _is_money(rate: Rate) -> bool:
    from erasmus_xl.domain.rates import rate_keys

    return rate_keys().get(rate.key, {}).get("unit", "EUR") == "EUR"


def _rule_flag(rule: Rule) -> Flag | None:
    if rule.confidence in ("confirmed", "workbook"):
        return None
    return Flag("rule_unconfirmed", "warning",
                _text("flags", "rule_unconfirmed", "lv", rule=_rule_name(rule.code, "lv"),
                      confidence=confidence_phrase(rule.confidence), source=rule.source or "—"),
                _text("flags", "rule_unconfirmed", "en", rule_en=_rule_name(rule.code, "en"),
                      confidence_en=confidence_phrase(rule.confidence, "en"), source=rule.source or "—"),
                confidence=rule.confidence, subject=(_rule_name(rule.code, "lv"), _rule_name(rule.code, "en")),
                source=rule.source)


def _simple_flag(code: str, severity: Severity, **params: Any) -> Flag:
    lv = {k: v for k, v in params.items() if not k.endswith("_en")}
    en = {k[:-3] if k.endswith("_en") else k: v for k, v in params.items()}
    en.update({k: v for k, v in params.items() if k.endswith("_en")})
    return Flag(code, severity, _text("flags", code, "lv", **lv), _text("flags", code, "en", **en))


def _add(flags: list[Flag], flag: Flag | None) -> None:
    if flag is not None and all((f.code, f.message) != (flag.code, flag.message) for f in flags):
        flags.append(flag)


def _default_layout() -> SheetLayout:
    """Where the Mobilitātes columns stand in a register written from the schema."""
    spec = sheet_spec("mobilities")
    return SheetLayout(key="mobilities", name=spec.lv, header_row=1,
                       columns={c.key: column_letter(i + 1) for i, c in enumerate(spec.columns)},
                       headers={c.key: c.lv for c in spec.columns})


def _row_message(code: str, mobility: Mobility, layout: SheetLayout, field_key: str, value: object = "",
                 **params: Any) -> Finding:
    lv_params = {k: v for k, v in params.items() if not k.endswith("_en")}
    en_params = dict(params)
    template = texts()["messages"][code]
    return Finding(sheet=layout.name, cell=layout.cell(field_key, mobility.row),
                   column=layout.headers.get(field_key, field_key), value="" if value is None else str(value),
                   severity="warning", code=f"budget_{code}",
                   message=fill(template["lv"], "lv", **lv_params), message_en=fill(template["en"], "en", **en_params),
                   sheet_key="mobilities", row=mobility.row)


def _note(code: str, **params: Any) -> dict[str, str]:
    template = texts()["messages"][code]
    return {"code": code, "message": fill(template["lv"], "lv", **params),
            "message_en": fill(template["en"], "en", **params)}


def _travel_days_override(mobility: Mobility) -> tuple[int, str] | None:
    """The row's own funded travel days, from an extra column "Ceļa dienas" (Travel days)."""
    column = texts()["travel_days_column"]
    wanted = {normalize_key(s) for s in (column["lv"], column["en"], *column.get("aliases", []))}
    for header, value in (mobility.extra or {}).items():
        if normalize_key(clean_text(str(header))) in wanted and not is_blank(value):
            try:
                return parse_int(value), str(header)
            except CellProblem:
                return None
    return None


def _unavailable_lines(mobility: Mobility) -> dict[str, BudgetLine]:
    flag = Flag("rates_unavailable", "error", _text("flags", "rates_unavailable", "lv"),
                _text("flags", "rates_unavailable", "en"))
    lines = {}
    for key in CATEGORIES:
        applicable = _applies(key, mobility)
        lines[key] = BudgetLine(key, None if applicable else ZERO, applicable=applicable,
                                flags=[flag] if applicable else [])
    return lines


def _applies(category: str, mobility: Mobility) -> bool:
    if category == "inclusion_support":
        return bool(mobility.fewer_opportunities) and mobility.participant_type != "accompanying"
    if category == "course_fees":
        return mobility.activity_type == COURSE_ACTIVITY
    if category == "organisational_support":
        return mobility.participant_type != "accompanying"
    return True


# --------------------------------------------------------------------------- one mobility


def mobility_budget(mobility: Mobility, *, rates: Rates | None, origin_city: str = DEFAULT_ORIGIN[0],
                    origin_country: str | None = DEFAULT_ORIGIN[1], participant_number: int | None = None,
                    layout: SheetLayout | None = None, call_year: int | None = None) -> MobilityBudget:
    """The budget of one mobility with the rates of its call year.

    `participant_number` is the mobility's place among the project's counted participants
    (for the lower organisational-support rate from the 101st); None counts as within 100.
    `rates=None` (no rates for the call year) gives lines without amounts, flagged.
    """
    layout = layout or _default_layout()
    year = call_year or (rates.call_year if rates else call_year_of(mobility.project_number))
    result = MobilityBudget(
        mobility_id=mobility.id, row=mobility.row, project_number=mobility.project_number, call_year=year,
        status=mobility.status, participant_type=mobility.participant_type, activity_type=mobility.activity_type,
        country=mobility.country, city=mobility.city, green_travel=bool(mobility.green_travel),
        activity_days=mobility.duration_days,
    )
    if mobility.status == "cancelled":
        result.included = False
        result.notes.append(_note("cancelled"))
        return result
    if rates is None:
        result.lines = _unavailable_lines(mobility)
        return result

    result.country_group = rates.group_of(mobility.country)
    _distance(result, mobility, rates, origin_city, origin_country, layout)
    result.lines["travel"] = _travel_line(result, rates)
    _travel_days(result, mobility, rates, layout)
    result.lines["individual_support"] = _individual_line(result, mobility, rates, layout)
    result.lines["organisational_support"] = _organisational_line(mobility, rates, participant_number)
    result.lines["inclusion_support"] = _inclusion_line(mobility, rates)
    result.lines["course_fees"] = _course_line(result, mobility, rates)
    _activity_budget_flag(result, mobility)
    return result


def _activity_budget_flag(result: MobilityBudget, mobility: Mobility) -> None:
    """An activity whose unit costs are only assumed (activity_types.json "budget", e.g. group
    mobility of VET learners) flags every line that applies to it with the assumption."""
    rule = activity_budget_rules().get(mobility.activity_type or "")
    if not rule or rule.get("confidence") in ("confirmed", "workbook"):
        return
    flag = _simple_flag("activity_budget_assumed", "warning", activity=mobility.activity_type,
                        confidence=confidence_phrase(rule["confidence"]),
                        confidence_en=confidence_phrase(rule["confidence"], "en"), source=rule.get("source", "—"))
    for line in result.lines.values():
        if line.applicable:
            _add(line.flags, flag)


def activity_budget_rules() -> dict[str, dict]:
    """Activity code -> how the budget treats it, for the activities that say so in activity_types.json."""
    return {t["code"]: t["budget"] for t in load_data("activity_types")["types"] if t.get("budget")}


def _distance(result: MobilityBudget, mobility: Mobility, rates: Rates, origin_city: str,
              origin_country: str | None, layout: SheetLayout) -> None:
    if mobility.distance_km is not None:
        result.distance_km = float(mobility.distance_km)
        result.distance_source = "workbook"
    elif mobility.city:
        try:
            find_place(origin_city, origin_country)
        except PlaceNotFound as problem:
            result.messages.append(_row_message("origin_unknown", mobility, layout, "city", mobility.city,
                                                detail=problem.message, detail_en=problem.message_en))
            return
        try:
            result.distance_km = distance_km(origin_city, mobility.city, from_country=origin_country,
                                             to_country=mobility.country)
            result.distance_source = "computed"
        except PlaceNotFound as problem:
            result.messages.append(_row_message("city_unknown", mobility, layout, "city", mobility.city,
                                                detail=problem.message, detail_en=problem.message_en))
            return
    else:
        result.messages.append(_row_message("no_city", mobility, layout, "city"))
        return
    result.band = rates.band_for(result.distance_km)


def _travel_line(result: MobilityBudget, rates: Rates) -> BudgetLine:
    line = BudgetLine("travel", None)
    year = rates.call_year
    if result.band is None:
        line.flags.append(Flag("distance_unknown", "error", _text("flags", "distance_unknown", "lv"),
                               _text("flags", "distance_unknown", "en")))
        return line
    km_text = f"{result.distance_km:.0f}"
    if result.band.index == 0:
        line.amount = ZERO
        line.basis = _basis("travel_under", "lv", km=km_text)
        line.basis_en = _basis("travel_under", "en", km=km_text)
        line.flags.append(_simple_flag("under_min_distance", "info", km=km_text))
        return line
    band = result.band
    kind = "green" if result.green_travel else "standard"
    rate = rates.get(f"travel_{kind}", band=band.key)
    detail_lv, detail_en = f" ({band.label('lv')})", f" ({band.label('en')})"
    if kind == "green" and not rate.known and rates.green_absent_uses_standard:
        line.flags.append(_simple_flag("green_uses_standard", "warning", band=band.label("lv"),
                                       band_en=band.label("en")))
        rate = rates.get("travel_standard", band=band.key)
    line.rates.append(rate)
    _add(line.flags, _rate_flag(rate, year, detail_lv, detail_en))
    if not rate.known:
        return line
    line.amount = _q(rate.value)
    words = texts()["basis"]
    params = {"band": band.label("lv"), "km": km_text}
    line.basis = _basis("travel", "lv", rate=format_eur(rate.amount), kind=words["travel_kind"][kind]["lv"],
                        distance_source=words["distance_source"][result.distance_source]["lv"], **params)
    line.basis_en = _basis("travel", "en", rate=format_eur(rate.amount, "en"), kind=words["travel_kind"][kind]["en"],
                           distance_source=words["distance_source"][result.distance_source]["en"],
                           band=band.label("en"), km=km_text)
    return line


def _travel_days(result: MobilityBudget, mobility: Mobility, rates: Rates, layout: SheetLayout) -> None:
    key = "travel_days_green" if result.green_travel else "travel_days_standard"
    maximum = rates.get(key)
    allowed = int(maximum.value) if maximum.known else 0
    own = _travel_days_override(mobility)
    if own is None:
        result.travel_days = allowed
    else:
        given, header = own
        result.travel_days = max(0, min(given, allowed))
        if given > allowed:
            result.notes.append(_note("travel_days_capped", column=header, given=given, max=allowed))
    if result.activity_days is not None:
        result.funded_days = result.activity_days + result.travel_days


def _individual_line(result: MobilityBudget, mobility: Mobility, rates: Rates, layout: SheetLayout) -> BudgetLine:
    line = BudgetLine("individual_support", None)
    year = rates.call_year
    problems = False
    if result.activity_days is None:
        result.messages.append(_row_message("no_dates", mobility, layout,
                                            "start_date" if mobility.start_date is None else "end_date"))
        line.flags.append(Flag("days_unknown", "error", _text("flags", "days_unknown", "lv"),
                               _text("flags", "days_unknown", "en")))
        problems = True
    participant = mobility.participant_type
    if participant is None:
        result.messages.append(_row_message("participant_type_missing", mobility, layout, "participant_type"))
        problems = True
    group = result.country_group
    if mobility.country is None:
        result.messages.append(_row_message("country_missing", mobility, layout, "country"))
        problems = True
    elif group is None:
        result.messages.append(_row_message("country_outside_programme", mobility, layout, "country", mobility.country,
                                            country=latvian_name(mobility.country),
                                            country_en=english_name(mobility.country)))
        line.flags.append(Flag("group_unknown", "error", _text("flags", "group_unknown", "lv"),
                               _text("flags", "group_unknown", "en")))
        problems = True
    if participant is None or group is None:
        return line
    _add(line.flags, _rule_flag(rates.groups_rule))
    rate, used_type = _daily_rate(rates, "individual_support", group, participant)
    if used_type != participant:
        _add(line.flags, _rule_flag(rates.rate_participant_rule))
    detail_lv = f" ({group_label(group)}, {participant_label(used_type)})"
    detail_en = f" ({group_label(group, 'en')}, {participant_label(used_type, 'en')})"
    line.rates.append(rate)
    _add(line.flags, _rate_flag(rate, year, detail_lv, detail_en))
    if problems or not rate.known:
        return line
    _add(line.flags, _rule_flag(rates.duration_rule))
    travel_key = "travel_days_green" if result.green_travel else "travel_days_standard"
    _add(line.flags, _rate_flag(rates.get(travel_key), year))
    days = result.funded_days or 0
    full_days, reduced_days = days, 0
    reduced_rate: Decimal | None = None
    if rates.day15_applies and days >= rates.day15_from_day:
        full_days = rates.day15_from_day - 1
        reduced_days = days - full_days
        explicit, _ = _daily_rate(rates, "individual_support_day15", group, participant)
        if explicit.known:
            reduced_rate = explicit.amount
            line.rates.append(explicit)
            _add(line.flags, _rate_flag(explicit, year, detail_lv, detail_en))
        else:
            reduced_rate = rate.value * rates.day15_share
            if rates.day15_round_to:
                reduced_rate = (reduced_rate / rates.day15_round_to).quantize(Decimal("1"), rounding=ROUND_HALF_UP) \
                    * rates.day15_round_to
            _add(line.flags, _rule_flag(rates.day15_rule))
    amount = rate.value * full_days + (reduced_rate or ZERO) * reduced_days
    line.amount = _q(amount)
    line.basis = _basis("individual", "lv", full=full_days, rate=format_eur(rate.amount))
    line.basis_en = _basis("individual", "en", full=full_days, rate=format_eur(rate.amount, "en"))
    if reduced_days:
        line.basis += _basis("individual_reduced", "lv", reduced=reduced_days, reduced_rate=format_eur(reduced_rate),
                             from_day=rates.day15_from_day)
        line.basis_en += _basis("individual_reduced", "en", reduced=reduced_days,
                                reduced_rate=format_eur(reduced_rate, "en"), from_day=rates.day15_from_day)
    line.basis += _basis("individual_days", "lv", activity=result.activity_days, travel=result.travel_days)
    line.basis_en += _basis("individual_days", "en", activity=result.activity_days, travel=result.travel_days)
    return line


def _daily_rate(rates: Rates, key: str, group: str, participant: str) -> tuple[Rate, str]:
    """The rate for the participant type itself, else for the type it is paid as (staff)."""
    own = rates.get(key, group=group, participant_type=participant)
    mapped = rates.rate_participant.get(participant, participant)
    if own.known or mapped == participant:
        return own, participant
    return rates.get(key, group=group, participant_type=mapped), mapped


def _organisational_line(mobility: Mobility, rates: Rates, participant_number: int | None) -> BudgetLine:
    if mobility.participant_type == "accompanying":
        return BudgetLine("organisational_support", ZERO, applicable=False,
                          basis=_basis("organisational_accompanying", "lv"),
                          basis_en=_basis("organisational_accompanying", "en"))
    if mobility.activity_type == ERASMUSPRO_ACTIVITY:
        key = "organisational_support_erasmuspro"
    elif participant_number is not None and participant_number > 100:
        key = "organisational_support_above_100"
    else:
        key = "organisational_support"
    return _per_participant_line("organisational_support", key, "organisational", rates)


def _inclusion_line(mobility: Mobility, rates: Rates) -> BudgetLine:
    """Organisational inclusion support: due only where the participant's own inclusion support
    (column "Iekļaušanas atbalsts dalībniekam") is above 0; left blank, the amount is counted
    and flagged so the accountant checks it."""
    if not _applies("inclusion_support", mobility):
        return BudgetLine("inclusion_support", ZERO, applicable=False, basis=_basis("not_applicable", "lv"),
                          basis_en=_basis("not_applicable", "en"))
    support = mobility.participant_inclusion_support
    if support is not None and support <= 0:
        return BudgetLine("inclusion_support", ZERO, applicable=False, basis=_basis("inclusion_not_due", "lv"),
                          basis_en=_basis("inclusion_not_due", "en"))
    line = _per_participant_line("inclusion_support", "inclusion_support", "inclusion", rates)
    if support is None:
        _add(line.flags, _simple_flag("inclusion_participant_support_unknown", "warning",
                                      column=sheet_spec("mobilities").column("participant_inclusion_support").lv))
    return line


def _per_participant_line(category: str, key: str, basis_code: str, rates: Rates) -> BudgetLine:
    line = BudgetLine(category, None)
    rate = rates.get(key)
    line.rates.append(rate)
    _add(line.flags, _rate_flag(rate, rates.call_year))
    if rate.known:
        line.amount = _q(rate.value)
        line.basis = _basis(basis_code, "lv", rate=format_eur(rate.amount))
        line.basis_en = _basis(basis_code, "en", rate=format_eur(rate.amount, "en"))
    return line


def _course_line(result: MobilityBudget, mobility: Mobility, rates: Rates) -> BudgetLine:
    if not _applies("course_fees", mobility):
        return BudgetLine("course_fees", ZERO, applicable=False, basis=_basis("not_applicable", "lv"),
                          basis_en=_basis("not_applicable", "en"))
    line = BudgetLine("course_fees", None)
    year = rates.call_year
    per_day = rates.get("course_fee_per_day")
    max_days = rates.get("course_fee_max_days")
    max_eur = rates.get("course_fee_max_eur")
    line.rates.append(per_day)
    _add(line.flags, _rate_flag(per_day, year))
    line.rates.append(max_days)
    _add(line.flags, _rate_flag(max_days, year))
    if max_eur.known:
        line.rates.append(max_eur)
        _add(line.flags, _rate_flag(max_eur, year))
    if result.activity_days is None:
        line.flags.append(Flag("days_unknown", "error", _text("flags", "days_unknown", "lv"),
                               _text("flags", "days_unknown", "en")))
        return line
    if not per_day.known:
        return line
    days = result.activity_days
    if max_days.known:
        days = min(days, int(max_days.value))
    amount = per_day.value * days
    if max_eur.known:
        amount = min(amount, max_eur.value)
    line.amount = _q(amount)
    line.basis = _basis("course", "lv", days=days, rate=format_eur(per_day.amount))
    line.basis_en = _basis("course", "en", days=days, rate=format_eur(per_day.amount, "en"))
    if max_days.known:
        line.basis += _basis("course_cap_days", "lv", max_days=int(max_days.value))
        line.basis_en += _basis("course_cap_days", "en", max_days=int(max_days.value))
    if max_eur.known:
        line.basis += _basis("course_cap_eur", "lv", cap=format_eur(max_eur.amount))
        line.basis_en += _basis("course_cap_eur", "en", cap=format_eur(max_eur.amount, "en"))
    return line


# --------------------------------------------------------------------------- the register


def register_budget(register: Register, *, call_year: int | None = None, project: str | None = None,
                    overrides: RateOverrides | None = None, origin_city: str | None = None,
                    origin_country: str | None = None) -> BudgetResult:
    """The budget of every mobility of a register (or of one project).

    The call year comes from each project number unless `call_year` is given. The Likmes rows
    read with the register count unless `overrides` is given. The school's city (sheet
    Iestatījumi, default Rēzekne) is the origin of distances.
    """
    if overrides is None:
        # the Likmes sheet is read with the register (in Excel, from the open workbook), never again
        overrides = register.rate_overrides if register.rate_overrides is not None else RateOverrides()
    warnings: list[Finding] = list(overrides.findings)
    notices: list[dict[str, str]] = []
    settings = register.settings or {}
    origin_city = origin_city or settings.get("city") or DEFAULT_ORIGIN[0]
    origin_country = origin_country or country_code(settings.get("country") or "") or DEFAULT_ORIGIN[1]
    layout = register.layouts.get("mobilities") or _default_layout()
    projects = {p.project_number: p for p in register.projects if p.project_number}
    rates_by_year: dict[int, Rates] = {}
    unavailable: dict[int, RatesUnavailable] = {}

    def rates_for(year: int) -> Rates | None:
        if year in rates_by_year:
            return rates_by_year[year]
        if year in unavailable:
            return None
        try:
            rates = load_rates(year, overrides)
        except RatesUnavailable as error:
            unavailable[year] = error
            notices.append(error.to_dict())
            return None
        rates_by_year[year] = rates
        notices.extend(rates.notices)
        return rates

    counters: dict[str, int] = {}
    results: list[MobilityBudget] = []
    for mobility in register.mobilities:
        if project and project_key(mobility.project_number) != project_key(project):
            continue
        number = mobility.project_number
        record = projects.get(number) if number else None
        if record is not None and record.programme not in (None, "erasmus_plus"):
            entry = _bare(mobility, call_year_of(number))
            entry.included = False
            entry.notes.append(_note("not_erasmus", project=number))
            results.append(entry)
            continue
        year = call_year or call_year_of(number)
        if mobility.status != "cancelled" and year is None:
            entry = _bare(mobility, None)
            entry.lines = _unavailable_lines(mobility)
            code = "call_year_unknown" if number else "no_project"
            entry.messages.append(_row_message(code, mobility, layout, "project_number", number or "", project=number))
            results.append(entry)
            continue
        participant_number = None
        if mobility.status != "cancelled" and mobility.participant_type != "accompanying":
            counters[number or ""] = counters.get(number or "", 0) + 1
            participant_number = counters[number or ""]
        rates = rates_for(year) if year is not None else None
        entry = mobility_budget(mobility, rates=rates, origin_city=origin_city, origin_country=origin_country,
                                participant_number=participant_number, layout=layout, call_year=year)
        if rates is None and year in unavailable and mobility.status != "cancelled":
            error = unavailable[year]
            entry.messages.append(Finding(
                sheet=layout.name, cell=layout.cell("project_number", mobility.row),
                column=layout.headers.get("project_number", "project_number"), value=number or "",
                severity="warning", code="budget_rates_year_missing", message=error.message,
                message_en=error.message_en, sheet_key="mobilities", row=mobility.row))
        results.append(entry)
    for entry in results:
        warnings.extend(entry.messages)
    given_or_single = call_year
    if given_or_single is None:
        years = sorted({m.call_year for m in results if m.included and m.call_year is not None})
        given_or_single = years[0] if len(years) == 1 else None
    try:
        origin_place = find_place(origin_city, origin_country).to_dict()
    except PlaceNotFound as problem:
        origin_place = {"name": origin_city, "country": origin_country, "error": problem.to_dict()}
    return BudgetResult(call_year=given_or_single, origin=origin_place, mobilities=results, rates=rates_by_year,
                        warnings=warnings, notices=_unique(notices), overrides=overrides)


def _bare(mobility: Mobility, year: int | None) -> MobilityBudget:
    return MobilityBudget(
        mobility_id=mobility.id, row=mobility.row, project_number=mobility.project_number, call_year=year,
        status=mobility.status, participant_type=mobility.participant_type, activity_type=mobility.activity_type,
        country=mobility.country, city=mobility.city, green_travel=bool(mobility.green_travel),
        activity_days=mobility.duration_days)


def _unique(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen, result = set(), []
    for item in items:
        key = (item.get("code"), item.get("message"))
        if key not in seen:
            seen.add(key)
            result.append(item)
    return result


__all__ = ["CATEGORIES", "Flag", "BudgetLine", "MobilityBudget", "BudgetResult", "mobility_budget",
           "register_budget", "call_year_of", "budget_rules"]
