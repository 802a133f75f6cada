"""Console views (rich tables) of indicators, budget, finance and findings, and the indicators CSV.

Latvian first, English second; numbers in Latvian format (decimal comma) because the people
reading them read Latvian reports. The CSV defaults to what Latvian Excel opens directly
(semicolons, decimal comma); `excel=False` gives plain comma-separated CSV with dots.
"""
from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from erasmus_xl.domain.indicators import BREAKDOWN_LABELS, LIST_BREAKDOWNS, ROW_COLUMNS, IndicatorReport
from erasmus_xl.model.wording import ui_both, ui_text
from erasmus_xl.render.formats import format_money, format_number, format_percent

if TYPE_CHECKING:
    from erasmus_xl.domain.budget import BudgetResult
    from erasmus_xl.domain.finance import FinanceView
    from erasmus_xl.model.findings import Finding, Severity

STATUS_STYLES = {
    "achieved": "bold green", "on_track": "green", "at_risk": "bold yellow", "behind": "bold red",
    "missed": "red", "planned": "dim", "no_target": "dim",
}

SEVERITY_MARKS: dict[Severity, str] = {"error": "[red]✖[/]", "warning": "[yellow]![/]", "info": "[blue]i[/]"}
"""The sign a console line about a finding or a template issue begins with, one per severity."""

# CSV field → its column in data/ui_texts.json (columns); the label and the status come one language a column
_CSV_COLUMNS = {"kind": "kind", "year": "year", "key": "key", "actual": "actual", "pipeline": "pipeline_confirmed",
                "forecast": "forecast", "target": "target", "percent": "percent_of_target",
                "still_needed": "still_needed", "still_to_plan": "still_to_plan", "value": "value",
                "responses": "responses", "targets_source": "targets_source", "as_of": "as_of", "basis": "basis"}
CSV_HEADERS: dict[str, str] = {
    **{field: ui_both(f"columns.{key}") for field, key in _CSV_COLUMNS.items()},
    "label": ui_text("columns.indicator", "lv"), "label_en": ui_text("columns.indicator", "en"),
    "status": ui_text("columns.status", "en"), "status_lv": ui_text("columns.status", "lv"),
}


def _column(key: str) -> str:
    """A table header, Latvian over English (data/ui_texts.json, columns)."""
    return ui_both(f"columns.{key}", "\n")


RIGHT: dict[str, Any] = {"justify": "right"}
NO_WRAP: dict[str, Any] = {"no_wrap": True}
LABEL: dict[str, Any] = {"overflow": "fold", "min_width": 24}


def _add_columns(table: Table, columns: list[tuple[str, dict[str, Any]]]) -> None:
    """Columns headed from data (Latvian over English), each with its rich options; "%" is itself."""
    for key, options in columns:
        table.add_column("%" if key == "%" else _column(key), **options)


def _view(key: str, **params: object) -> str:
    """A title of the indicator views, “Latvian / English” (data/ui_texts.json, indicator_views)."""
    return ui_both(f"indicator_views.{key}", " / ", **params)


def _number(value: float | int | None, decimals: int = 0) -> str:
    return format_number(value, decimals=decimals)


def _percent(value: float | None, decimals: int = 0) -> str:
    """A fraction (0.725) as a Latvian percentage, "73 %" (Latvian puts a space before the sign)."""
    return format_percent(value, decimals=decimals)


def indicator_table(report: IndicatorReport) -> Table:
    """The indicator table: one row per period and indicator, status in colour."""
    targets_lv, targets_en = report.targets_note
    basis = _view("periods.calendar" if report.basis == "calendar" else "periods.academic")
    table = Table(
        title=f"{_view('against_targets')} — {report.as_of:%d.%m.%Y}. ({basis})",
        caption=f"{targets_lv} / {targets_en}\n{report.status_rule['lv']}",
        caption_justify="left", show_lines=False, header_style="bold",
    )
    _add_columns(table, [("year", NO_WRAP), ("indicator", LABEL), ("actual", RIGHT), ("pipeline", RIGHT),
                         ("forecast", RIGHT), ("target", RIGHT), ("%", RIGHT), ("status", {}),
                         ("still_needed", RIGHT), ("still_to_plan", RIGHT)])
    previous = None
    for item in report.indicators:
        if previous is not None and item.period != previous:
            table.add_section()
        previous = item.period
        style = STATUS_STYLES[item.status]
        label = item.label
        if item.accompanying and (item.accompanying["actual"] or item.accompanying["pipeline"]):
            label += f" (+ {ui_text('indicators.accompanying_note', 'lv', **item.accompanying)})"
        if item.overdue:
            label += f" ({ui_both('indicators.overdue_note', overdue=item.overdue)})"
        table.add_row(
            str(item.period.label), Text(label), _number(item.actual), _number(item.pipeline), _number(item.forecast),
            _number(item.target), _percent(None if item.percent is None else item.percent / 100),
            Text(item.status_lv, style=style), _number(item.still_needed), _number(item.still_to_plan),
        )
    return table


def qualitative_table(report: IndicatorReport) -> Table:
    """The four qualitative indicators per period, from the feedback sheet."""
    table = Table(title=_view("qualitative"), header_style="bold")
    _add_columns(table, [("year", NO_WRAP), ("indicator", LABEL), ("mean", RIGHT), ("share", RIGHT),
                         ("count", RIGHT), ("responses", RIGHT), ("mobilities", RIGHT)])
    for item in report.qualitative:
        table.add_row(str(item.period.label), item.label, _number(item.mean, 2), _percent(item.share),
                      _number(item.count), _number(item.responses), _number(item.mobilities))
    return table


def left_out_table(report: IndicatorReport) -> Table | None:
    """Rows not counted because of errors, with the reason; None when every row counted."""
    if not report.left_out:
        return None
    table = Table(title=_view("left_out_count", count=report.left_out_count), header_style="bold")
    table.add_column(_column("sheet"))
    table.add_column(_column("cell"), no_wrap=True)
    table.add_column(_column("message"), overflow="fold")
    for item in report.left_out.values():
        for finding in item.findings:
            message = Text(finding.message + "\n")
            message.append(finding.message_en, style="dim")
            table.add_row(Text(item.sheet), Text(finding.cell), message)   # Text: user values are never markup
    return table


def breakdown_tables(report: IndicatorReport, *, limit: int = 10) -> list[Table]:
    """One table per period: each breakdown's top `limit` groups (actual + pipeline)."""
    tables = []
    for period_key, breakdown in report.breakdowns.items():
        table = Table(title=f"{_view('breakdowns')}: {period_key}", header_style="bold", show_lines=False)
        table.add_column(_column("breakdown"), overflow="fold")
        table.add_column(_column("group"), overflow="fold")
        table.add_column(_column("actual"), justify="right")
        table.add_column(_column("pipeline"), justify="right")
        fewer = breakdown.fewer_opportunities
        table.add_row(BREAKDOWN_LABELS["fewer_opportunities"][0], _percent(breakdown.fewer_opportunities_share)
                      + " " + _view("of_actual"), _number(fewer["actual"]), _number(fewer["pipeline"]))
        table.add_row(BREAKDOWN_LABELS["accompanying"][0], "", _number(breakdown.accompanying["actual"]),
                      _number(breakdown.accompanying["pipeline"]))
        for name in LIST_BREAKDOWNS:
            table.add_section()
            items = breakdown.lists[name]
            for index, item in enumerate(items[:limit]):
                table.add_row(BREAKDOWN_LABELS[name][0] if index == 0 else "", Text(item.label),
                              _number(item.actual), _number(item.pipeline))
            if len(items) > limit:
                table.add_row("", _view("more", count=len(items) - limit), "", "")
        tables.append(table)
    return tables


def report_view(report: IndicatorReport, *, breakdowns: bool = True) -> Group:
    """Everything for `--format table`: indicators, qualitative, rows left out, breakdowns."""
    parts: list[Any] = [indicator_table(report), qualitative_table(report)]
    left_out = left_out_table(report)
    if left_out is not None:
        parts.append(left_out)
    if breakdowns:
        parts.extend(breakdown_tables(report))
    return Group(*parts)


def _console(key: str, lang: str = "lv", **params: object) -> str:
    """A text of the budget, finance and findings views (data/ui_texts.json, console)."""
    return ui_text(f"console.{key}", lang, **params)


def budget_table(result: BudgetResult) -> Table:
    """The unit-cost budget per project and expense category, with a mark for incomplete projects."""
    from erasmus_xl.domain.budget import CATEGORIES
    from erasmus_xl.model.schema import enumerations

    labels = enumerations()["expense_category"]
    table = Table(title=ui_both("console.budget_title"), header_style="bold")
    table.add_column(ui_both("console.project"))
    for category in CATEGORIES:
        table.add_column(labels.label(category), justify="right")
    table.add_column(ui_both("console.total"), justify="right")
    table.add_column("")
    for number in result.project_numbers():
        totals = result.project_totals(number)
        mark = "" if totals["complete"] else f"[red]{_console('incomplete_mark')}[/]"
        if totals["unconfirmed"]:
            mark += f" [yellow]{_console('unconfirmed_rates')}[/]"
        table.add_row(number, *[format_money(totals["categories"][c]) for c in CATEGORIES], format_money(totals["total"]), mark)
    return table


def print_budget(console: Console, result: BudgetResult, *, limit: int) -> None:
    """`erasmus-xl budget`: the table, the first `limit` warnings, and a line when rates are missing."""
    console.print(budget_table(result))
    for warning in result.warnings[:limit]:
        console.print(Text.from_markup(SEVERITY_MARKS["warning"]) + f" {warning.sheet} {warning.cell}: {warning.message}")
    if not result.complete:
        console.print(f"[red]{_console('budget_incomplete')}[/] {_console('budget_incomplete_detail')} "
                      f"[dim]{_console('budget_incomplete', 'en')} {_console('budget_incomplete_detail', 'en')}[/]")


def finance_table(view: FinanceView) -> Table:
    """Granted, booked and remaining per project; an overspent project in red."""
    table = Table(title=ui_both("console.finance_title"), header_style="bold")
    table.add_column(ui_both("console.project"), justify="left")
    for key in ("granted", "booked", "remaining"):
        table.add_column(_console(key), justify="right")
    table.add_column(ui_both("console.estimate"), justify="right")
    for project in view.projects:
        style = "red" if project.remaining is not None and project.remaining < 0 else ""
        table.add_row(project.project_number, format_money(project.granted), format_money(project.booked),
                      format_money(project.remaining), format_money(project.estimate), style=style)
    return table


def print_finance(console: Console, view: FinanceView) -> None:
    """`erasmus-xl finance`: the table, then each finding of the finance sheet."""
    console.print(finance_table(view))
    for finding in view.findings:
        console.print(Text.from_markup(SEVERITY_MARKS[finding.severity]) + f" {finding.sheet} {finding.cell}: {finding.message}")


def print_findings(console: Console, name: str, findings: list[Finding], *, lang: str = "lv", limit: int) -> None:
    """`erasmus-xl validate`: the counts, then the first `limit` findings (sheet, cell, what to fix)."""
    from erasmus_xl.model.findings import count_by_severity

    errors, warnings = count_by_severity(findings)
    colour = "red" if errors else ("yellow" if warnings else "green")
    console.print(Text.assemble((name, "bold"), ": ", (_console("findings_count", errors=errors, warnings=warnings), colour),
                                " ", (f"({_console('findings_count', 'en', errors=errors, warnings=warnings)})", "dim")))
    if not findings:
        console.print(f"[green]{_console('all_good')}[/] [dim]{_console('all_good', 'en')}[/]")
        return
    table = Table(show_lines=False, header_style="bold")
    table.add_column(ui_both("columns.sheet"))
    table.add_column(ui_both("columns.cell"))
    table.add_column("", width=2)
    table.add_column(ui_both("console.what_to_fix"), overflow="fold")
    marks = {severity: Text.from_markup(mark) for severity, mark in SEVERITY_MARKS.items()}
    for finding in findings[:limit]:   # Text, not markup: a value in a message may hold “[/b]” (and is quicker)
        table.add_row(Text(finding.sheet), Text(finding.cell), marks[finding.severity],
                      Text(finding.message if lang == "lv" else finding.message_en))
    console.print(table)
    if len(findings) > limit:
        more = len(findings) - limit
        console.print(f"{_console('more_findings', count=more)} [dim]{_console('more_findings', 'en', count=more)}[/]")


def indicators_csv(report: IndicatorReport, *, excel: bool = True) -> str:
    """The report's rows (IndicatorReport.to_rows) as CSV text with Latvian / English headers.

    excel=True: semicolons and decimal comma, as Latvian Excel expects (write the file as
    UTF-8 with BOM, encoding="utf-8-sig", so Excel shows ā č ē correctly).
    """
    delimiter, decimal = (";", ",") if excel else (",", ".")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([CSV_HEADERS[c] for c in ROW_COLUMNS])
    for row in report.to_rows():
        writer.writerow([_csv_value(row[c], decimal) for c in ROW_COLUMNS])
    return buffer.getvalue()


def _csv_value(value: Any, decimal: str) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        text = repr(round(value, 4))
        return text.replace(".", decimal)
    return str(value)


__all__ = ["indicator_table", "qualitative_table", "left_out_table", "breakdown_tables", "report_view",
           "indicators_csv", "STATUS_STYLES", "SEVERITY_MARKS", "budget_table", "print_budget", "finance_table", "print_finance",
           "print_findings"]
