"""Word reports for the Pedagogical Council: the yearly report on the strategy and the action plan.

The strategy (section 4) asks the Council to review progress at the start of every school year
and to adopt an action plan. Both documents are filled from the register into Word templates
that the school edits (templates/<lang>/annual_report.docx, action_plan.docx), so the wording
of headings and captions is the school's; the sentences written from the data come from
data/report_texts.json, the strategy's tasks from data/strategy_tasks.json and the counting
rules from data/counting_rules.json.

The context handed to a template is plain data (text already formatted with formats.py, lists
of dicts), so a template can only print it: no arithmetic in Word. Rows with validation errors
are left out of every number and every list, and the report says how many and why.
"""
from __future__ import annotations

import datetime as dt
import enum
import re
import tempfile
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Final, Literal

from erasmus_xl.domain.indicators import (
    INDICATORS,
    KEY_INDICATORS,
    QUALITATIVE,
    STATUS_LABELS,
    IndicatorReport,
    IndicatorValue,
    Period,
    compute_indicators,
    period_year,
    project_kind,
)
from erasmus_xl.io.outputs import check_output_path
from erasmus_xl.model.countries import english_name, latvian_name
from erasmus_xl.model.errors import RegisterError
from erasmus_xl.model.findings import Finding, StaffNote
from erasmus_xl.model.records import Register
from erasmus_xl.model.schema import enumerations
from erasmus_xl.render import formats
from erasmus_xl.render.action_plan import PlanSheet, StrategyTask, match_task, row_in_period, strategy_tasks
from erasmus_xl.render.charts import indicator_chart
from erasmus_xl.render.docx_render import TemplateCheck, check_template, render_docx, shipped_template
from erasmus_xl.resources import load_data
from erasmus_xl.workbook import Workbook

KINDS = ("annual_report", "action_plan")
"""Report kinds; each has a default template templates/<lang>/<kind>.docx."""

CHART_WIDTH_MM = 155.0
LOGO_WIDTH_MM = 35.0
MAX_LEFT_OUT_ITEMS = 10
_IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".bmp"})

_CHOICE = re.compile(r"\[(\w+):([^|\]]*)\|([^\]]*)\]")


class _Unread(enum.Enum):
    """The default of `plan`: read the sheet from the register's file (None means: no sheet)."""
    UNREAD = "unread"


_UNREAD: Final = _Unread.UNREAD


# --------------------------------------------------------------------------------------------
# Wording: data/report_texts.json, with [count:one|other] choices for Latvian word forms.
# --------------------------------------------------------------------------------------------

def _texts() -> dict[str, Any]:
    return load_data("report_texts")


def _phrase(template: str, lang: str, counts: Mapping[str, int] | None = None, **values: object) -> str:
    """Fill a sentence: `[n:one|other]` picks the word form by n, `{n}` prints n formatted."""
    counts = dict(counts or {})

    def choose(match: re.Match[str]) -> str:
        singular = formats.plural_category(counts[match.group(1)], lang=lang) == "one"
        return match.group(2) if singular else match.group(3)

    text = _CHOICE.sub(choose, template)
    shown = {name: formats.format_number(number, lang=lang) for name, number in counts.items()}
    return text.format(**shown, **values)


def _period_parts(period: Period) -> dict[str, int]:
    return {"year": period.year, "next": period.year + 1}


def period_phrase(period: Period, lang: str) -> str:
    """`2025. gadā` / `2025./2026. mācību gadā`; `In 2025` / `In the 2025/2026 school year`."""
    return _texts()["period_phrase"][period.basis][lang].format(**_period_parts(period))


def period_for(period: Period, lang: str) -> str:
    """`2027. gadam` / `2026./2027. mācību gadam` (what a target is for); `for 2027`."""
    return _texts()["period_for"][period.basis][lang].format(**_period_parts(period))


def report_title(kind: str, year: int, *, lang: str = "lv", basis: str = "calendar") -> str:
    """The document's title, e.g. "Internacionalizācijas stratēģijas īstenošanas pārskats par 2025. gadu"."""
    _check_kind(kind)
    return _texts()["titles"][kind][basis][lang].format(**_period_parts(Period(year, basis)))


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"Nezināms pārskata veids “{kind}” (pieejamie: {', '.join(KINDS)}) / "
                         f"unknown report kind “{kind}” (available: {', '.join(KINDS)})")


def _percent(part: int, whole: int | None, lang: str) -> str:
    return formats.format_percent(part / whole, lang=lang) if whole else formats.DASH


def _number(value: int | float | None, lang: str) -> str:
    return formats.format_number(value, lang=lang)


def _label(value: IndicatorValue | Any, lang: str) -> str:
    return value.label if lang == "lv" else value.label_en


def _enum(name: str, code: str | None, lang: str) -> str | None:
    return enumerations()[name].label(code, lang) if code else None


def _country(code: str | None, lang: str) -> str | None:
    if not code:
        return None
    return latvian_name(code) if lang == "lv" else english_name(code)


def _status(code: str, lang: str) -> tuple[str, str]:
    """(status text, cell colour) for an indicator status."""
    lv, en = STATUS_LABELS[code]
    return (lv if lang == "lv" else en), _texts()["status_colours"].get(code, "FFFFFF")


# --------------------------------------------------------------------------------------------
# The register's own rows for the lists (without the rows left out).
# --------------------------------------------------------------------------------------------

def _in_period(date: dt.date | None, period: Period) -> bool:
    return date is not None and period_year(date, period.basis) == period.year


def _hosted_rows(register: Register, report: IndicatorReport, period: Period, lang: str) -> list[dict[str, Any]]:
    guests = [g for g in report.counted_records(register, "incoming") if _in_period(g.start_date, period) and g.status != "cancelled"]
    return [{
        "organisation": g.sending_organisation, "country": _country(g.country, lang),
        "type": _enum("participant_type", g.participant_type, lang), "count": _number(g.count, lang),
        "dates": formats.format_date_range(g.start_date, g.end_date, lang=lang), "project": g.project_number,
        "status": _enum("mobility_status", g.status, lang),
    } for g in sorted(guests, key=lambda g: (g.start_date, g.row))]


def _place(city: str | None, country: str | None, lang: str) -> str | None:
    parts = [part for part in (city, _country(country, lang)) if part]
    return ", ".join(parts) or None


def _event_rows(register: Register, report: IndicatorReport, period: Period, lang: str) -> list[dict[str, Any]]:
    events = [e for e in report.counted_records(register, "events") if _in_period(e.start_date, period) and e.status != "cancelled"]
    return [{
        "title": e.title, "type": _enum("event_type", e.type, lang), "place": _place(e.city, e.country, lang),
        "dates": formats.format_date_range(e.start_date, e.end_date, lang=lang),
        "participants": _number(e.participants, lang), "status": _enum("mobility_status", e.status, lang),
    } for e in sorted(events, key=lambda e: (e.start_date, e.row))]


def _competition_rows(register: Register, report: IndicatorReport, period: Period, lang: str) -> list[dict[str, Any]]:
    found = [c for c in report.counted_records(register, "competitions") if _in_period(c.date, period) and c.status != "cancelled"]
    return [{
        "title": c.title, "country": _country(c.country, lang), "date": formats.format_date_short(c.date, lang=lang),
        "participants": _number(c.participants, lang), "result": c.result,
        "status": _enum("mobility_status", c.status, lang),
    } for c in sorted(found, key=lambda c: (c.date, c.row))]


def _project_rows(register: Register, report: IndicatorReport, period: Period, lang: str) -> list[dict[str, Any]]:
    """Cooperation projects counted in the period: approved or closed, period overlapping."""
    projects = [p for p in report.counted_records(register, "projects")
                if p.status in ("approved", "closed") and p.start_date and p.end_date
                and period.overlaps(p.start_date, p.end_date) and project_kind(p) == "cooperation"]
    return [{
        "number": p.project_number, "title": p.title, "programme": _enum("programme", p.programme, lang),
        "role": _enum("role", p.role, lang), "dates": formats.format_date_range(p.start_date, p.end_date, lang=lang),
        "grant": formats.format_money(p.grant, lang=lang) if p.grant is not None else None,
        "status": _enum("project_status", p.status, lang),
    } for p in sorted(projects, key=lambda p: (p.start_date, p.row))]


def _partner_rows(register: Register, report: IndicatorReport, period: Period, lang: str) -> list[dict[str, Any]]:
    """Partners whose cooperation began in the period (up to the date of the data)."""
    partners = [p for p in report.counted_records(register, "partners")
                if _in_period(p.cooperation_since, period) and p.cooperation_since <= report.as_of]

    def since(day: dt.date) -> str:
        return str(day.year) if (day.month, day.day) == (1, 1) else formats.format_date_short(day, lang=lang)

    return [{
        "name": p.name, "country": _country(p.country, lang), "city": p.city,
        "type": _enum("partner_type", p.type, lang), "since": since(p.cooperation_since),
    } for p in sorted(partners, key=lambda p: (p.cooperation_since, p.row))]


# --------------------------------------------------------------------------------------------
# Indicators: the table, the sentences, the charts.
# --------------------------------------------------------------------------------------------

def _indicator_rows(report: IndicatorReport, period: Period, lang: str) -> list[dict[str, Any]]:
    rows = []
    for key in INDICATORS:
        item = report.indicator(key, period.year)
        if item is None:
            continue
        status, colour = _status(item.status, lang)
        rows.append({
            "key": key, "label": _label(item, lang), "target": _number(item.target, lang),
            "actual": _number(item.actual, lang), "pipeline": _number(item.pipeline, lang),
            "forecast": _number(item.forecast, lang), "percent": _percent(item.actual, item.target, lang),
            "still_needed": _number(item.still_needed, lang), "still_to_plan": _number(item.still_to_plan, lang),
            "status": status, "colour": colour,
        })
    return rows


def indicator_sentence(item: IndicatorValue, *, lang: str, as_of: dt.date) -> str:
    """One indicator in words, e.g. "2025. gadā īstenotas 23 no 25 plānotajām … mobilitātēm (92 %)."."""
    texts = _texts()
    has_target = bool(item.target)
    counts = {"actual": item.actual}
    values: dict[str, object] = {"period": period_phrase(item.period, lang)}
    if item.target:
        counts["target"] = item.target
        values["percent"] = _percent(item.actual, item.target, lang)
    forms = texts["indicator_sentences"][item.key][lang]
    text = _phrase(forms["target" if has_target else "no_target"], lang, counts, **values)
    if item.pipeline:
        if item.period.phase(as_of) == "past":
            text += _phrase(texts["stale_pipeline"][lang], lang, {"pipeline": item.pipeline})
        else:
            forecast = texts["forecast"]["target" if has_target else "no_target"][lang]
            text += _phrase(forecast, lang, {"forecast": item.forecast},
                            forecast_percent=_percent(item.forecast, item.target, lang))
    return text


def _headline(report: IndicatorReport, period: Period, lang: str) -> list[str]:
    texts = _texts()
    items = [report.indicator(key, period.year) for key in INDICATORS]
    with_target = [item for item in items if item is not None and item.target]
    phrase = period_phrase(period, lang)
    if period.phase(report.as_of) == "future":
        return []  # nothing is achieved yet in a year to come; the table shows its forecast
    if not with_target:
        return [texts["headline_no_targets"][lang].format(period=phrase)]
    achieved = sum(1 for item in with_target if item.status == "achieved")
    lines = [_phrase(texts["headline"][lang], lang, {"achieved": achieved, "with_target": len(with_target)},
                     period=phrase)]
    if period.phase(report.as_of) == "current":
        counts = {status: sum(1 for item in with_target if item.status == status)
                  for status in ("on_track", "at_risk", "behind")}
        lines.append(_phrase(texts["headline_current"][lang], lang, counts,
                             as_of=formats.format_date_long(report.as_of, lang=lang)))
    return lines


def _participants(report: IndicatorReport, period: Period, lang: str) -> list[str]:
    texts = _texts()
    breakdown = report.breakdowns.get(period.key)
    phrase = period_phrase(period, lang)
    if breakdown is None or not breakdown.participants["actual"]:
        return [texts["participants_none"][lang].format(period=phrase)]
    countries = sum(1 for item in breakdown.lists["country"] if item.key and item.actual)
    lines = [_phrase(texts["participants"][lang], lang,
                     {"participants": breakdown.participants["actual"], "countries": countries,
                      "fewer": breakdown.fewer_opportunities["actual"]},
                     period=phrase, fewer_share=formats.format_percent(breakdown.fewer_opportunities_share, lang=lang))]
    if breakdown.accompanying["actual"]:
        lines.append(_phrase(texts["accompanying"][lang], lang, {"accompanying": breakdown.accompanying["actual"]}))
    return lines


def _satisfaction(report: IndicatorReport, period: Period, lang: str) -> list[str]:
    item = report.qualitative_value("satisfaction", period.year)
    if item is None or item.mean is None:
        return []
    return [_phrase(_texts()["satisfaction"][lang], lang, {"responses": item.responses},
                    mean=formats.format_number(item.mean, lang=lang, decimals=2))]


def _qualitative_rows(report: IndicatorReport, period: Period, lang: str) -> list[dict[str, Any]]:
    forms = _texts()["qualitative"]
    rows = []
    for key in QUALITATIVE:
        item = report.qualitative_value(key, period.year)
        if item is None:
            continue
        share = formats.format_percent(item.share, lang=lang)
        if not item.responses:
            value = None
        elif key == "satisfaction":
            value = forms["satisfaction"][lang].format(
                mean=formats.format_number(item.mean, lang=lang, decimals=2), share=share)
        elif key == "staff_new_methods":
            value = forms["count"][lang].format(count=_number(item.count, lang))
        else:
            value = forms["share"][lang].format(share=share)
        rows.append({
            "key": key, "label": _label(item, lang), "value": value,
            "meets": forms["meets"][lang].format(count=_number(item.count, lang), responses=_number(item.responses, lang)),
            "answered": forms["answered"][lang].format(responses=_number(item.responses, lang),
                                                       mobilities=_number(item.mobilities, lang)),
        })
    return rows


def _left_out(report: IndicatorReport, lang: str) -> tuple[str, list[str]]:
    """The sentence on rows not counted and a short list of why (sheet, cell, message)."""
    texts = _texts()
    if not report.left_out:
        return texts["left_out_none"][lang], []
    sheets = ", ".join(_phrase(texts["left_out_sheet"][lang], lang, {"rows": len(item.keys)}, sheet=item.sheet)
                       for item in report.left_out.values())
    sentence = _phrase(texts["left_out"][lang], lang, {"rows": report.left_out_count}, sheets=sheets)
    findings = [finding for item in report.left_out.values() for finding in item.findings]
    items = [texts["left_out_item"][lang].format(sheet=f.sheet, cell=f.cell, message=f.message if lang == "lv" else f.message_en)
             for f in findings[:MAX_LEFT_OUT_ITEMS]]
    if len(findings) > MAX_LEFT_OUT_ITEMS:
        items.append(_phrase(texts["left_out_more"][lang], lang, {"more": len(findings) - MAX_LEFT_OUT_ITEMS}))
    return sentence, items


def chart_variable(key: str) -> str:
    """The template's image name of an indicator's chart: `chart_learner_mobility_out` …"""
    return f"chart_{key}"


def _charts(report: IndicatorReport, lang: str, chart_dir: Path | None) -> tuple[dict[str, str], dict[str, str]]:
    """(captions by indicator key, PNG files by template variable) for the key indicators."""
    periods = sorted(report.periods)
    first, last = periods[0].label, periods[-1].label
    template = _texts()["chart_caption"][lang]
    captions: dict[str, str] = {}
    files: dict[str, str] = {}
    for number, key in enumerate(KEY_INDICATORS, start=1):
        values = [report.indicator(key, period.year) for period in periods]
        present = [value for value in values if value is not None]
        if not present:
            continue
        label = _label(present[0], lang)
        captions[key] = template.format(number=number, label=label, first=first, last=last)
        if chart_dir is None:
            continue
        actual = [None if v is None or v.period.phase(report.as_of) == "future" else v.actual for v in values]
        forecast = [None if v is None else v.forecast for v in values]
        target = [None if v is None else v.target for v in values]
        path = indicator_chart(label, [str(p.label) for p in periods], actual, forecast, target,
                               Path(chart_dir) / f"{key}.png", lang=lang)
        files[chart_variable(key)] = str(path)
    return captions, files


# --------------------------------------------------------------------------------------------
# Shared context: the school, the title, the data's date.
# --------------------------------------------------------------------------------------------

def _school_name(register: Register, lang: str) -> str:
    settings = register.settings or {item["key"]: item["value"] for item in load_data("school")["settings"]}
    if lang == "en" and settings.get("school_name_en"):
        return settings["school_name_en"]
    return settings.get("school_name") or ""


def _logo_file(register: Register) -> str | None:
    """The logo named on the Iestatījumi sheet (absolute, or relative to the workbook), if it exists."""
    name = (register.settings or {}).get("logo_path", "").strip()
    if not name:
        return None
    path = Path(name).expanduser()
    if not path.is_absolute():
        path = Path(register.path).parent / path
    return str(path) if path.is_file() and path.suffix.lower() in _IMAGE_SUFFIXES else None


def _common(register: Register, report: IndicatorReport, kind: str, period: Period, lang: str) -> dict[str, Any]:
    strategy = load_data("strategy_tasks")["strategy"]
    lv_note, en_note = report.targets_note
    return {
        "school_name": _school_name(register, lang),
        "logo": None,
        "logo_file": _logo_file(register),
        "title": report_title(kind, period.year, lang=lang, basis=period.basis),
        "strategy_name": strategy[lang],
        "year": period.year,
        "period_label": str(period.label),
        "period_phrase": period_phrase(period, lang),
        "period_for": period_for(period, lang),
        "as_of": formats.format_date_long(report.as_of, lang=lang),
        "register_name": Path(register.path).name,
        "targets_note": lv_note if lang == "lv" else en_note,
        "status_rule": report.status_rule[lang],
        "director": (register.settings or {}).get("director") or None,
        "methodologist": (register.settings or {}).get("methodologist") or None,
    }


def _period(report: IndicatorReport, year: int) -> Period:
    if not isinstance(year, int) or isinstance(year, bool):
        raise ValueError(f"Gadam jābūt skaitlim, piem., 2025, nevis “{year}” / the year must be a number such as 2025")
    return Period(year, report.basis)


# --------------------------------------------------------------------------------------------
# Personal data: --anonymise.
# --------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _name_patterns() -> dict[str, tuple[re.Pattern[str], re.Pattern[str]]]:
    """Finding codes whose message names a person (`{name}` in data/messages.json), with a pattern
    per language that finds the name in a finished message."""

    def pattern(template: str) -> re.Pattern[str]:
        placeholder = r"\{\w+(?::\w+)?\}"                     # {n:word} prints a count and its word
        parts = re.split(f"({placeholder})", template)
        return re.compile("^" + "".join("(?P<name>.+?)" if part == "{name}" else ".*?" if re.fullmatch(placeholder, part)
                                        else re.escape(part) for part in parts), re.S)

    return {code: (pattern(texts["lv"]), pattern(texts["en"]))
            for code, texts in load_data("messages")["findings"].items() if "{name}" in texts["lv"]}


def _initials_of(name: str) -> str:
    from erasmus_xl.render.beneficiary_export import initials

    return initials(name) or "—"


def anonymise_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Participants' names in finding messages become initials, in place; returns the findings.

    Only one rule names a person (one person in two overlapping mobilities), but the patterns come
    from messages.json, so a new rule with `{name}` is covered too. Why: the report, the indicator
    dashboard and the summary go to people who need numbers, not the names of minors.
    """
    findings = list(findings)
    patterns = _name_patterns()
    for finding in findings:
        if finding.code not in patterns:
            continue
        for attribute, pattern in zip(("message", "message_en"), patterns[finding.code], strict=False):
            text = getattr(finding, attribute)
            found = pattern.match(text)
            if found:
                setattr(finding, attribute, text[:found.start("name")] + _initials_of(found["name"]) + text[found.end("name"):])
    return findings


def anonymise_report(report: IndicatorReport) -> IndicatorReport:
    """The indicator report with names in its list of rows left out replaced by initials (in place).

    The numbers, breakdowns and qualitative values never name anyone; only that list quotes messages.
    """
    for item in report.left_out.values():
        anonymise_findings(item.findings)
    return report


# --------------------------------------------------------------------------------------------
# The annual report.
# --------------------------------------------------------------------------------------------

def report_context(register: Register, report: IndicatorReport, *, year: int, lang: str = "lv",
                   chart_dir: Path | str | None = None) -> dict[str, Any]:
    """Everything templates/<lang>/annual_report.docx prints, as plain formatted data.

    `report` must hold `year` (and, for the charts, the other strategy years). With `chart_dir`
    the indicator charts are drawn there as PNGs, listed in `chart_files` (template variable →
    file); the chart variables themselves are None until write_annual_report places the images.
    """
    formats.locale_for(lang)
    period = _period(report, year)
    captions, files = _charts(report, lang, Path(chart_dir) if chart_dir is not None else None)
    left_out_text, left_out_items = _left_out(report, lang)
    rules = load_data("counting_rules")
    breakdown = report.breakdowns.get(period.key)

    def breakdown_rows(name: str) -> list[dict[str, Any]]:
        if breakdown is None:
            return []
        return [{"label": _label(item, lang), "actual": _number(item.actual, lang),
                 "pipeline": _number(item.pipeline, lang)} for item in breakdown.lists.get(name, [])]

    context = _common(register, report, "annual_report", period, lang)
    context.update({
        "headline": _headline(report, period, lang),
        "indicator_sentences": [indicator_sentence(item, lang=lang, as_of=report.as_of)
                                for key in INDICATORS if (item := report.indicator(key, period.year)) is not None],
        "summary": _participants(report, period, lang) + _satisfaction(report, period, lang),
        "left_out_count": report.left_out_count,
        "left_out_text": left_out_text,
        "left_out_items": left_out_items,
        "indicators": _indicator_rows(report, period, lang),
        "chart_captions": captions,
        "chart_files": files,
        "countries": breakdown_rows("country"),
        "programmes": breakdown_rows("education_programme"),
        "organisations": breakdown_rows("receiving_organisation"),
        "activity_types": breakdown_rows("activity_type"),
        "hosted": _hosted_rows(register, report, period, lang),
        "events": _event_rows(register, report, period, lang),
        "competitions": _competition_rows(register, report, period, lang),
        "projects": _project_rows(register, report, period, lang),
        "new_partners": _partner_rows(register, report, period, lang),
        "qualitative": _qualitative_rows(report, period, lang),
        "counting_rules_title": rules["title"][lang],
        "counting_rules_intro": rules["intro"][lang],
        "counting_rules": [rule[lang] for rule in rules["rules"]],
    })
    for key in KEY_INDICATORS:
        context[chart_variable(key)] = None
    return context


# --------------------------------------------------------------------------------------------
# The action plan.
# --------------------------------------------------------------------------------------------

def _indicator_label(key: str, report: IndicatorReport, lang: str) -> str:
    for item in load_data("targets")["indicators"]:
        if item["key"] == key:
            return item[lang]
    return key


def _task_measure(task: StrategyTask, report: IndicatorReport, period: Period, lang: str) -> str:
    """The default "Rādītājs/mērķis": the task's measure, its indicators' targets, its qualitative indicators."""
    item_form = _texts()["target_item"][lang]
    parts = [task.measure(lang)]
    for key in task.indicators:
        item = report.indicator(key, period.year)
        label = _label(item, lang) if item else _indicator_label(key, report, lang)
        target = item.target if item else None
        parts.append(label if target is None else item_form.format(label=label, target=_number(target, lang)))
    for key in task.qualitative:
        quality = report.qualitative_value(key, period.year)
        if quality is not None:
            parts.append(_label(quality, lang))
    return "; ".join(part for part in parts if part)


def _deadline(value: str | dt.date, lang: str) -> str:
    return formats.format_date_short(value, lang=lang) if isinstance(value, dt.date) else value


def _task_rows(plan: PlanSheet | None, report: IndicatorReport, period: Period, lang: str) -> list[dict[str, Any]]:
    """Every strategy task (filled from the sheet's rows attached to it), then the school's own rows."""
    tasks = strategy_tasks()
    attached: dict[int, list[tuple[Any, str]]] = {}
    own: list[Any] = []
    for row in (plan.rows if plan else []):
        if not row_in_period(row, period.year):
            continue
        task, wording = match_task(row.task) if row.task else (None, "")
        if task is None:
            own.append(row)
        else:
            attached.setdefault(task.number, []).append((row, wording))

    def line(number: str, task: str, activity: str, measure: str, row: Any | None) -> dict[str, Any]:
        return {"number": number, "task": task, "activity": activity, "measure": measure,
                "responsible": row.responsible if row else "", "deadline": _deadline(row.deadline, lang) if row else "",
                "notes": row.notes if row else ""}

    rows = []
    for task in tasks:
        default = _task_measure(task, report, period, lang)
        entries = attached.get(task.number)
        if not entries:
            rows.append(line(f"{task.number}.", task.text(lang), "", default, None))
            continue
        for index, (row, wording) in enumerate(entries, start=1):
            number = f"{task.number}." if len(entries) == 1 else f"{task.number}.{index}."
            rows.append(line(number, task.text(lang), wording, row.measure or default, row))
    for offset, row in enumerate(own, start=len(tasks) + 1):
        rows.append(line(f"{offset}.", row.task, "", row.measure, row))
    return rows


def action_plan_context(register: Register, report: IndicatorReport, *, year: int, lang: str = "lv",
                        plan: PlanSheet | None | Literal[_Unread.UNREAD] = _UNREAD) -> dict[str, Any]:
    """Everything templates/<lang>/action_plan.docx prints for the plan of `year`.

    `plan` is the register's "Rīcības plāns" sheet; by default the one read with the register
    (None: no sheet, every responsible person and deadline is left blank to fill in Word).
    `report` must hold `year`; the qualitative baseline is the year before, when the report has it.
    """
    formats.locale_for(lang)
    period = _period(report, year)
    sheet: PlanSheet | None = register.action_plan if plan is _UNREAD else plan
    texts = _texts()
    if sheet is not None:
        rows = [row for row in sheet.rows if row_in_period(row, period.year)]
        source = _phrase(texts["plan_source"]["sheet"][lang], lang, {"rows": len(rows)}, sheet=sheet.name)
    else:
        source = ""  # what to do about it is a note for staff (action_plan_notes), not the Council's text
    previous = Period(period.year - 1, period.basis)
    context = _common(register, report, "action_plan", period, lang)
    context.update({
        "tasks": _task_rows(sheet, report, period, lang),
        "plan_source_note": source,
        "has_plan_sheet": sheet is not None,
        "targets": _indicator_rows(report, period, lang),
        "headline": _headline(report, period, lang),
        "previous_period_label": str(previous.label),
        "previous_period_phrase": period_phrase(previous, lang),
        "qualitative": _qualitative_rows(report, previous, lang),
    })
    return context


def action_plan_notes(context: Mapping[str, Any]) -> list[StaffNote]:
    """What staff should do after the plan is written: add a "Rīcības plāns" sheet when there is none."""
    if context.get("has_plan_sheet", True):
        return []
    note = _texts()["plan_source"]["none"]
    return [StaffNote("no_plan_sheet", note["lv"], note["en"])]


# --------------------------------------------------------------------------------------------
# Writing the documents.
# --------------------------------------------------------------------------------------------

def default_template(kind: str, lang: str = "lv") -> Path:
    """The shipped template of a kind and language (the package's copy first, then the repository's)."""
    _check_kind(kind)
    return shipped_template(kind, lang)


def default_output(register_path: Path | str, kind: str, year: int, *, lang: str = "lv",
                   basis: str = "calendar") -> Path:
    """Beside the register: NAME-parskats-2025.docx, NAME-report-2025.docx, NAME-ricibas-plans-2026.docx …"""
    _check_kind(kind)
    path = Path(register_path)
    label = str(year) if basis == "calendar" else f"{year}-{year + 1}"
    name = _texts()["file_names"][kind][lang].format(name=path.stem, period=label)
    return path.parent / name


def _indicators(book: Workbook, years: Iterable[int], basis: str) -> IndicatorReport:
    """All strategy years (for the charts) plus any requested year outside them, as of the book's date."""
    report = book.indicators(basis=basis)
    for year in years:
        if any(period.year == year for period in report.periods):
            continue
        extra = book.indicators(year=year, basis=basis)
        report = IndicatorReport(
            as_of=report.as_of, basis=report.basis, periods=sorted(report.periods + extra.periods),
            targets_source=report.targets_source, indicators=report.indicators + extra.indicators,
            qualitative=report.qualitative + extra.qualitative,
            breakdowns={**report.breakdowns, **extra.breakdowns}, left_out=report.left_out,
        )
    return report


def _images(context: Mapping[str, Any]) -> dict[str, tuple[str, float]]:
    images = {name: (path, CHART_WIDTH_MM) for name, path in context.get("chart_files", {}).items()}
    if context.get("logo_file"):
        images["logo"] = (context["logo_file"], LOGO_WIDTH_MM)
    return images


def _prepare(kind: str, book: Workbook, year: int, lang: str, template: Path | str | None,
             output: Path | str | None, force: bool, basis: str) -> tuple[Register, Path, Path]:
    """Check everything cheap before any counting: language, year, template, output path."""
    formats.locale_for(lang)
    if not isinstance(year, int) or isinstance(year, bool):
        raise ValueError(f"Gadam jābūt skaitlim, piem., 2025, nevis “{year}” / the year must be a number such as 2025")
    loaded = book.register
    source = book.path if book.path.is_file() else None
    template_path = Path(template) if template is not None else default_template(kind, lang)
    if not template_path.is_file():
        raise RegisterError("not_found" if not template_path.exists() else "not_a_file", template_path)
    output_path = default_output(source or loaded.path, kind, year, lang=lang, basis=basis) if output is None else Path(output)
    inputs = tuple(p for p in (source, template_path) if p is not None)
    check_output_path(output_path, force=force, inputs=inputs)
    return loaded, template_path, output_path


def write_annual_report(book: Workbook, *, year: int, lang: str = "lv",
                        template: Path | str | None = None, output: Path | str | None = None, force: bool = False,
                        as_of: dt.date | None = None, basis: str = "calendar", anonymise: bool = False) -> Path:
    """Write the yearly report on the strategy ("… pārskats par 2025. gadu") and return its path.

    book: the opened register (erasmus_xl.open); its validation leaves rows out (the summary's
    merged book carries an empty one: each workbook was validated on its own). Default output:
    beside the register, NAME-parskats-2025.docx (lv) / NAME-report-2025.docx (en); an existing
    file is kept unless force. as_of: the date the data describes (default: the book's today).
    basis="academic" reports the school year that starts in `year` (2025 → 2025/2026). The report
    prints no participant's name except in its list of rows left out (a message may quote one);
    anonymise=True prints initials there too. The director and methodologist of the Iestatījumi
    sheet sign it by name.
    Raises RegisterError (file problems, TemplateProblem for a template the data cannot fill).
    """
    loaded, template_path, output_path = _prepare("annual_report", book, year, lang, template, output, force, basis)
    report = _indicators(book.at(as_of), [year], basis)
    if anonymise:
        anonymise_report(report)
    with tempfile.TemporaryDirectory(prefix="erasmus-xl-charts-") as folder:
        context = report_context(loaded, report, year=year, lang=lang, chart_dir=Path(folder))
        return render_docx(template_path, context, output_path, force=force, images=_images(context), lang=lang)


def write_action_plan(book: Workbook, *, year: int, lang: str = "lv",
                      template: Path | str | None = None, output: Path | str | None = None, force: bool = False,
                      as_of: dt.date | None = None, basis: str = "calendar",
                      notes: list[StaffNote] | None = None) -> Path:
    """Write the action plan (Rīcības plāns) for `year` — normally the year after the one reviewed.

    notes: a list to receive what staff should do next (StaffNote), for the caller to show.

    Tasks come from the strategy (data/strategy_tasks.json) with the year's targets; responsible
    persons, deadlines and notes from the register's optional "Rīcības plāns" sheet, else blank.
    Default output: NAME-ricibas-plans-2026.docx (lv) / NAME-action-plan-2026.docx (en).
    """
    loaded, template_path, output_path = _prepare("action_plan", book, year, lang, template, output, force, basis)
    report = _indicators(book.at(as_of), [year - 1, year], basis)
    context = action_plan_context(loaded, report, year=year, lang=lang)
    written = render_docx(template_path, context, output_path, force=force, images=_images(context), lang=lang)
    if notes is not None:
        notes.extend(action_plan_notes(context))
    return written


# --------------------------------------------------------------------------------------------
# Checking a user's template.
# --------------------------------------------------------------------------------------------

@cache
def template_variables(kind: str) -> frozenset[str]:
    """The names a template of this kind may use: those the context always provides."""
    _check_kind(kind)
    register = Register(path=Path("reģistrs.xlsx"))
    report = compute_indicators(register, as_of=dt.date(2025, 6, 30), findings=[])
    context = report_context(register, report, year=2025) if kind == "annual_report" else action_plan_context(register, report, year=2025, plan=None)
    return frozenset(context)


def guess_kind(path: Path | str) -> str:
    """The kind a template file is probably for, from its name (action plan or annual report)."""
    name = Path(path).stem.casefold()
    return "action_plan" if any(word in name for word in ("action", "ricib", "rīcīb", "plan")) else "annual_report"


def check_report_template(path: Path | str, kind: str | None = "annual_report") -> TemplateCheck:
    """Lint a (user's) report template against what the report's data provides.

    `check.unknown` lists the variables the data does not provide; `check.issues` has located,
    Latvian and English messages (split tags, broken syntax, unsafe tags). kind=None guesses the
    kind from the file name.
    """
    return check_template(path, template_variables(kind or guess_kind(path)))


__all__ = [
    "KINDS", "report_context", "action_plan_context", "action_plan_notes", "write_annual_report", "write_action_plan",
    "check_report_template", "template_variables", "default_template", "default_output", "report_title",
    "indicator_sentence", "period_phrase", "period_for", "chart_variable", "guess_kind", "anonymise_findings", "anonymise_report",
]
