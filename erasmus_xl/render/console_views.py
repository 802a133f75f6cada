"""Indicators in the terminal (rich tables) and as CSV, for `erasmus-xl indicators`.

Latvian first, English second; numbers in Latvian format (decimal comma) because the people
reading them read Latvian reports. The CSV defaults to what Latvian Excel opens directly
(semicolons, decimal comma); `excel=False` gives plain comma-separated CSV with dots.
"""
from __future__ import annotations

import csv
import io
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from erasmus_xl.domain.indicators import BREAKDOWN_LABELS, LIST_BREAKDOWNS, ROW_COLUMNS, IndicatorReport
from erasmus_xl.model.wording import ui_both, ui_text
from erasmus_xl.render.formats import format_number, format_percent

STATUS_STYLES = {
    "achieved": "bold green", "on_track": "green", "at_risk": "bold yellow", "behind": "bold red",
    "missed": "red", "planned": "dim", "no_target": "dim",
}

CSV_HEADERS: dict[str, str] = {
    "kind": "Veids / Kind", "year": "Gads / Year", "key": "Kods / Key", "label": "Rādītājs",
    "label_en": "Indicator", "actual": "Notikušas / Actual", "pipeline": "Plānotas un apstiprinātas / Pipeline",
    "forecast": "Prognoze / Forecast", "target": "Mērķis / Target", "percent": "% no mērķa / % of target",
    "status": "Status", "status_lv": "Statuss", "still_needed": "Vēl jāpaveic / Still needed",
    "still_to_plan": "Vēl jāieplāno / Still to plan", "value": "Vērtība / Value",
    "responses": "Atbildes / Responses", "targets_source": "Mērķu avots / Targets source",
    "as_of": "Stāvoklis / As of", "basis": "Periodi / Basis",
}


def _number(value: float | int | None, decimals: int = 0) -> str:
    return format_number(value, decimals=decimals)


def _percent(value: float | None, decimals: int = 0) -> str:
    """A fraction (0.725) as a Latvian percentage, "73 %" (Latvian puts a space before the sign)."""
    return format_percent(value, decimals=decimals)


def indicator_table(report: IndicatorReport) -> Table:
    """The indicator table: one row per period and indicator, status in colour."""
    targets_lv, targets_en = report.targets_note
    basis = "kalendārie gadi / calendar years" if report.basis == "calendar" else "mācību gadi / academic years"
    table = Table(
        title=f"Rādītāji pret mērķiem / Indicators against targets — {report.as_of:%d.%m.%Y}. ({basis})",
        caption=f"{targets_lv} / {targets_en}\n{report.status_rule['lv']}",
        caption_justify="left", show_lines=False, header_style="bold",
    )
    table.add_column("Gads\nYear", no_wrap=True)
    table.add_column("Rādītājs\nIndicator", overflow="fold", min_width=24)
    table.add_column("Notikušas\nActual", justify="right")
    table.add_column("Plānotas\nPipeline", justify="right")
    table.add_column("Prognoze\nForecast", justify="right")
    table.add_column("Mērķis\nTarget", justify="right")
    table.add_column("%", justify="right")
    table.add_column("Statuss\nStatus")
    table.add_column("Vēl jāpaveic\nStill needed", justify="right")
    table.add_column("Vēl jāieplāno\nStill to plan", justify="right")
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
    table = Table(title="Kvalitatīvie rādītāji / Qualitative indicators", header_style="bold")
    table.add_column("Gads\nYear", no_wrap=True)
    table.add_column("Rādītājs\nIndicator", overflow="fold", min_width=24)
    table.add_column("Vidēji\nMean", justify="right")
    table.add_column("Daļa\nShare", justify="right")
    table.add_column("Skaits\nCount", justify="right")
    table.add_column("Atbildes\nResponses", justify="right")
    table.add_column("Mobilitātes\nMobilities", justify="right")
    for item in report.qualitative:
        table.add_row(str(item.period.label), item.label, _number(item.mean, 2), _percent(item.share),
                      _number(item.count), _number(item.responses), _number(item.mobilities))
    return table


def left_out_table(report: IndicatorReport) -> Table | None:
    """Rows not counted because of errors, with the reason; None when every row counted."""
    if not report.left_out:
        return None
    table = Table(title=f"Neieskaitītās rindas (ar kļūdām): {report.left_out_count} / "
                        f"Rows left out (with errors): {report.left_out_count}", header_style="bold")
    table.add_column("Lapa\nSheet")
    table.add_column("Šūna\nCell", no_wrap=True)
    table.add_column("Ziņojums\nMessage", overflow="fold")
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
        table = Table(title=f"Sadalījumi / Breakdowns: {period_key}", header_style="bold", show_lines=False)
        table.add_column("Sadalījums\nBreakdown", overflow="fold")
        table.add_column("Grupa\nGroup", overflow="fold")
        table.add_column("Notikušas\nActual", justify="right")
        table.add_column("Plānotas\nPipeline", justify="right")
        fewer = breakdown.fewer_opportunities
        table.add_row(BREAKDOWN_LABELS["fewer_opportunities"][0], _percent(breakdown.fewer_opportunities_share)
                      + " no notikušajām / of actual", _number(fewer["actual"]), _number(fewer["pipeline"]))
        table.add_row(BREAKDOWN_LABELS["accompanying"][0], "", _number(breakdown.accompanying["actual"]),
                      _number(breakdown.accompanying["pipeline"]))
        for name in LIST_BREAKDOWNS:
            table.add_section()
            items = breakdown.lists[name]
            for index, item in enumerate(items[:limit]):
                table.add_row(BREAKDOWN_LABELS[name][0] if index == 0 else "", Text(item.label),
                              _number(item.actual), _number(item.pipeline))
            if len(items) > limit:
                table.add_row("", f"… vēl {len(items) - limit} / {len(items) - limit} more", "", "")
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
           "indicators_csv", "STATUS_STYLES"]
