"""The indicator dashboard as an Excel sheet: table, status colours and native Excel charts.

Staff open it in Excel without Python, so everything is plain cells, conditional formatting
and openpyxl charts (no images, no macros). `add_indicator_sheet` adds the sheet to any
workbook (the annotated validation copy reuses it); `write_dashboard` writes a new file.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from erasmus_xl.domain.indicators import BREAKDOWN_LABELS, KEY_INDICATORS, LIST_BREAKDOWNS, STATUS_LABELS, IndicatorReport
from erasmus_xl.io.outputs import atomic_output
from erasmus_xl.model.wording import ui_both, ui_text

# Status colours as in Excel's own "Good / Neutral / Bad" styles, so they read the same way.
STATUS_COLOURS: dict[str, tuple[str, str]] = {   # status -> (fill, font)
    "achieved": ("C6EFCE", "006100"),
    "on_track": ("C6EFCE", "006100"),
    "at_risk": ("FFEB9C", "9C5700"),
    "behind": ("FFC7CE", "9C0006"),
    "missed": ("FFC7CE", "9C0006"),
    "planned": ("EDEDED", "595959"),
    "no_target": ("EDEDED", "595959"),
}
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
HEADER_FONT = Font(bold=True, color="FFFFFF")
SECTION_FONT = Font(bold=True, size=12, color="1F4E78")
THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)

SHEET_TITLE = ui_text("indicator_views.sheet", "lv")


def _column(key: str) -> str:
    """A table header, Latvian over English (data/ui_texts.json, columns)."""
    return ui_both(f"columns.{key}", "\n")


def _view(key: str, **params: object) -> str:
    """A title of the indicator sheet, “Latvian / English” (data/ui_texts.json, indicator_views)."""
    return ui_both(f"indicator_views.{key}", " / ", **params)


TABLE_COLUMNS: list[tuple[str, int]] = [
    (_column("year"), 11), (_column("indicator"), 58), (_column("actual"), 11),
    (_column("pipeline_confirmed"), 14), (_column("forecast"), 11), (_column("target"), 10),
    (_column("percent_of_target"), 11), (_column("status"), 15), (_column("still_needed"), 12),
    (_column("still_to_plan"), 12), (_column("notes"), 48),
]
CHART_ANCHOR_COLUMNS = (1, 4)   # two charts a row below the tables: at column A and column D
CHART_WIDTH_CM, CHART_HEIGHT_CM = 15.0, 7.5
CHART_ROWS = 17          # rows between chart tops
CHART_ROWS_PER_PAGE = 2  # rows of charts on one printed page
CHART_TITLE_LINE = 40    # characters on a chart title's line before it wraps


def add_indicator_sheet(workbook: Workbook, report: IndicatorReport, *, title: str = SHEET_TITLE) -> Worksheet:
    """Add the indicator sheet (table, what it takes, qualitative, left out, breakdowns, charts)."""
    sheet = workbook.create_sheet(title)
    for col, (_, width) in enumerate(TABLE_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    row = _write_heading(sheet, report)
    _, row = _write_indicator_table(sheet, report, row)
    row = _write_what_it_takes(sheet, report, row + 2)
    row = _write_qualitative(sheet, report, row + 2)
    row = _write_left_out(sheet, report, row + 2)
    row = _write_breakdowns(sheet, report, row + 2)
    _write_charts(sheet, report, row + 2)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.oddFooter.center.text = "&A — &P/&N"
    return sheet


def write_dashboard(path: Path | str, report: IndicatorReport, *, force: bool = False) -> Path:
    """Write a new workbook holding only the indicator sheet; atomically, never over a file unless force."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    add_indicator_sheet(workbook, report)
    workbook.properties.creator = "erasmus_xl"
    workbook.properties.title = _view("workbook_title")
    with atomic_output(path, force=force) as temp:
        workbook.save(temp)
    return Path(path)


# --- sections -----------------------------------------------------------------------------------

def _write_heading(sheet: Worksheet, report: IndicatorReport) -> int:
    rule = report.status_rule
    basis = "periods.calendar" if report.basis == "calendar" else "periods.academic_long"
    targets_lv, targets_en = report.targets_note
    lines: list[tuple[str, Font | None]] = [
        (_view("heading"), Font(bold=True, size=14)),
        (" / ".join(ui_text("indicator_views.as_of", lang, date=f"{report.as_of:%d.%m.%Y}",
                            iso_date=report.as_of.isoformat(), basis=ui_text(f"indicator_views.{basis}", lang))
                    for lang in ("lv", "en")), None),
        (f"{targets_lv} / {targets_en}",
         Font(bold=True, color="9C5700") if report.targets_source == "strategy" else None),
        (rule["lv"], None),
        (rule["en"], Font(italic=True, color="595959")),
    ]
    if report.left_out:
        parts = "; ".join(f"{item.sheet}: {len(item.rows)}" for item in report.left_out.values())
        lines.append((_view("left_out_note", count=report.left_out_count, parts=parts),
                      Font(bold=True, color="9C0006")))
    last = len(TABLE_COLUMNS)
    for index, (text, font) in enumerate(lines, start=1):
        cell = sheet.cell(row=index, column=1, value=text)
        if font:
            cell.font = font
        if index > 1:
            sheet.merge_cells(start_row=index, start_column=1, end_row=index, end_column=last)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.row_dimensions[index].height = 15 * max(1, -(-len(text) // 190))
    return len(lines) + 2


def _header(sheet: Worksheet, row: int, titles: list[str]) -> None:
    for col, title in enumerate(titles, start=1):
        cell = sheet.cell(row=row, column=col, value=title)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = BORDER
    sheet.row_dimensions[row].height = 45


_TOP = Alignment(vertical="top")   # one object for every cell: openpyxl looks each new one up


def _cell(sheet: Worksheet, row: int, col: int, value: Any):
    """Write a value; text that looks like a formula (a user's “=…”) stays text, never evaluated."""
    cell = sheet.cell(row=row, column=col, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    cell.alignment = _TOP
    return cell


def _fit_height(sheet: Worksheet, row: int) -> None:
    """Row height for wrapped text: Excel keeps a written row's height, LibreOffice does not grow it."""
    lines = 1
    for cell in sheet[row]:
        if isinstance(cell.value, str) and cell.alignment is not None and cell.alignment.wrap_text:
            width = sheet.column_dimensions[cell.column_letter].width or 10
            per_line = max(int(width * 1.15), 8)
            lines = max(lines, sum(-(-max(len(part), 1) // per_line) for part in cell.value.split("\n")))
    if lines > 1:
        sheet.row_dimensions[row].height = 15 * lines


def _section(sheet: Worksheet, row: int, text: str) -> int:
    sheet.cell(row=row, column=1, value=text).font = SECTION_FONT
    return row + 1


def _write_indicator_table(sheet: Worksheet, report: IndicatorReport, row: int) -> tuple[int, int]:
    """The main table; returns (first data row, last row written)."""
    row = _section(sheet, row, _view("quantitative"))
    _header(sheet, row, [title for title, _ in TABLE_COLUMNS])
    first = row + 1
    for item in report.indicators:
        row += 1
        notes = []
        accompanying: dict[str, Any] | None = item.accompanying   # counts for the note's placeholders
        if accompanying is not None and (accompanying["actual"] or accompanying["pipeline"]):
            notes.append(ui_both("indicators.accompanying_note", **accompanying))
        if item.overdue:
            notes.append(ui_both("indicators.overdue_note", overdue=item.overdue))
        values: list[Any] = [
            str(item.period.label), item.label, item.actual, item.pipeline, item.forecast, item.target,
            None if item.percent is None else item.percent / 100, item.status_lv, item.still_needed,
            item.still_to_plan, "; ".join(notes) or None,
        ]
        for col, value in enumerate(values, start=1):
            cell = _cell(sheet, row, col, value)
            cell.border = BORDER
            if col == 7:
                cell.number_format = "0%"
            if col in (2, 11):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            elif col == 8:
                cell.alignment = Alignment(horizontal="center", vertical="top")
        _fit_height(sheet, row)
    if row >= first:
        _status_colours(sheet, f"H{first}:H{row}")
    return first, row


def _status_colours(sheet: Worksheet, cells: str) -> None:
    """Conditional formatting on the Latvian status words, so the colour follows any edit."""
    for status, (fill, font) in STATUS_COLOURS.items():
        sheet.conditional_formatting.add(cells, CellIsRule(
            operator="equal", formula=[f'"{STATUS_LABELS[status][0]}"'],
            fill=PatternFill("solid", fgColor=fill, bgColor=fill), font=Font(color=font, bold=True)))


def _write_what_it_takes(sheet: Worksheet, report: IndicatorReport, row: int) -> int:
    rows = report.what_it_takes()
    row = _section(sheet, row, _view("what_it_takes"))
    _header(sheet, row, [_column(key) for key in ("year", "indicator", "target", "actual", "pipeline_confirmed",
                                                  "still_needed", "still_to_plan")])
    if not rows:
        row += 1
        sheet.cell(row=row, column=1, value=_view("no_targets"))
        return row
    for item in rows:
        row += 1
        values = [str(item["year"]), item["label"], item["target"], item["actual"], item["pipeline"],
                  item["still_needed"], item["still_to_plan"]]
        for col, value in enumerate(values, start=1):
            cell = _cell(sheet, row, col, value)
            cell.border = BORDER
            if col == 2:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            if col in (6, 7) and value:
                cell.font = Font(bold=True, color="9C0006")
        _fit_height(sheet, row)
    return row


def _write_qualitative(sheet: Worksheet, report: IndicatorReport, row: int) -> int:
    row = _section(sheet, row, _view("qualitative_feedback"))
    _header(sheet, row, [_column(key) for key in ("year", "indicator", "mean", "share", "count", "responses",
                                                  "mobilities")])
    for item in report.qualitative:
        row += 1
        values = [str(item.period.label), item.label, item.mean, item.share, item.count, item.responses,
                  item.mobilities]
        for col, value in enumerate(values, start=1):
            cell = _cell(sheet, row, col, value)
            cell.border = BORDER
            if col == 2:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            elif col == 3:
                cell.number_format = "0.00"
            elif col == 4:
                cell.number_format = "0%"
        _fit_height(sheet, row)
    return row


def _write_left_out(sheet: Worksheet, report: IndicatorReport, row: int) -> int:
    row = _section(sheet, row, _view("left_out"))
    if not report.left_out:
        row += 1
        sheet.cell(row=row, column=1, value=_view("every_row_counted"))
        return row
    _header(sheet, row, [_column(key) for key in ("sheet", "message", "row", "cell", "code")])
    for item in report.left_out.values():
        for finding in item.findings:
            row += 1
            values = [item.sheet, f"{finding.message}\n{finding.message_en}", finding.row, finding.cell, finding.code]
            for col, value in enumerate(values, start=1):
                cell = _cell(sheet, row, col, value)
                cell.border = BORDER
                cell.alignment = Alignment(wrap_text=col == 2, vertical="top")
            _fit_height(sheet, row)
    return row


def _write_breakdowns(sheet: Worksheet, report: IndicatorReport, row: int) -> int:
    for period_key, breakdown in report.breakdowns.items():
        row = _section(sheet, row, _view("breakdowns_of", period=period_key))
        fewer = breakdown.fewer_opportunities
        share = breakdown.fewer_opportunities_share
        lines = [
            (BREAKDOWN_LABELS["fewer_opportunities"][0] + " / " + BREAKDOWN_LABELS["fewer_opportunities"][1],
             fewer["actual"], fewer["pipeline"], share),
            (BREAKDOWN_LABELS["accompanying"][0] + " / " + BREAKDOWN_LABELS["accompanying"][1],
             breakdown.accompanying["actual"], breakdown.accompanying["pipeline"], None),
        ]
        _header(sheet, row, ["", *(_column(key) for key in ("participants", "actual", "pipeline_confirmed", "share"))])
        for label, actual, pipeline, part in lines:
            row += 1
            for col, value in enumerate([None, label, actual, pipeline, part], start=1):
                cell = _cell(sheet, row, col, value)
                if col > 1:
                    cell.border = BORDER
                if col == 5:
                    cell.number_format = "0%"
                if col == 2:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            _fit_height(sheet, row)
        for name in LIST_BREAKDOWNS:
            items = breakdown.lists[name]
            row += 2
            lv, en = BREAKDOWN_LABELS[name]
            _header(sheet, row, ["", f"{lv}\n{en}", _column("actual"), _column("pipeline_confirmed")])
            if not items:
                row += 1
                sheet.cell(row=row, column=2, value="—")
            for item in items:
                row += 1
                for col, value in enumerate([None, item.label, item.actual, item.pipeline], start=1):
                    cell = _cell(sheet, row, col, value)
                    if col > 1:
                        cell.border = BORDER
                    if col == 2:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
                _fit_height(sheet, row)
        row += 2
    return row


def _write_charts(sheet: Worksheet, report: IndicatorReport, row: int) -> None:
    """Charts two to a row below the tables (on their own printed page), then the data they draw
    from in hidden rows: a printout shows the charts, not the numbers behind them."""
    chart_heading = _section(sheet, row, "Diagrammas / Charts") - 1
    sheet.row_breaks.append(Break(id=chart_heading - 1))  # the charts start a new printed page
    chart_top = chart_heading + 1
    chart_rows = -(-len(KEY_INDICATORS) // 2) * CHART_ROWS
    data_heading = chart_top + chart_rows + 1
    row = _section(sheet, data_heading, "Diagrammu dati / Chart data")
    periods = report.periods
    header_row = row + 1
    sheet.cell(row=header_row, column=1, value="Gads / Year").font = Font(bold=True)
    for index, period in enumerate(periods):
        sheet.cell(row=header_row + 2 + index, column=1, value=str(period.label))
    for number, key in enumerate(KEY_INDICATORS):
        col = 2 + number * 3
        first = next((i for i in report.indicators if i.key == key), None)
        label = first.label if first else key
        sheet.cell(row=header_row, column=col, value=label).font = Font(bold=True)
        for offset, title in enumerate(ui_both(f"columns.{key}") for key in ("actual", "pipeline", "target")):
            sheet.cell(row=header_row + 1, column=col + offset, value=title).font = Font(italic=True)
        for index, period in enumerate(periods):
            value = report.indicator(key, period.year)
            if value is None:
                continue
            data_row = header_row + 2 + index
            sheet.cell(row=data_row, column=col, value=value.actual)
            sheet.cell(row=data_row, column=col + 1, value=value.pipeline)
            sheet.cell(row=data_row, column=col + 2, value=value.target)
        anchor = f"{get_column_letter(CHART_ANCHOR_COLUMNS[number % 2])}{chart_top + (number // 2) * CHART_ROWS}"
        _add_chart(sheet, label, col, header_row + 1, header_row + 1 + len(periods), anchor)
    for chart_row in range(CHART_ROWS_PER_PAGE, chart_rows // CHART_ROWS, CHART_ROWS_PER_PAGE):
        sheet.row_breaks.append(Break(id=chart_top + chart_row * CHART_ROWS - 1))  # no chart cut by a page
    for hidden in range(data_heading, header_row + 2 + len(periods)):
        sheet.row_dimensions[hidden].hidden = True
    sheet.print_area = f"A1:{get_column_letter(len(TABLE_COLUMNS))}{chart_top + chart_rows - 1}"


def chart_title(label: str, width: int = CHART_TITLE_LINE) -> str:
    """A chart title on at most two lines, broken at a space: Excel cuts a long one-line title."""
    if len(label) <= width:
        return label
    words, first = label.split(" "), ""
    while words and len(first) + len(words[0]) + 1 <= max(width, len(label) // 2 + 1):
        first = f"{first} {words.pop(0)}".strip()
    return f"{first}\n{' '.join(words)}" if words and first else label


def _add_chart(sheet: Worksheet, title: str, col: int, header_row: int, last_row: int, anchor: str) -> None:
    """Stacked bars (actual + pipeline) with the target as a line, on shared axes."""
    categories = Reference(sheet, min_col=1, min_row=header_row + 1, max_row=last_row)
    bars = BarChart()
    bars.type = "col"
    bars.grouping = "stacked"
    bars.overlap = 100
    bars.title = chart_title(title)
    bars.visible_cells_only = False  # the data rows are hidden; the chart still draws them
    bars.add_data(Reference(sheet, min_col=col, max_col=col + 1, min_row=header_row, max_row=last_row),
                  titles_from_data=True)
    bars.set_categories(categories)
    bars.series[0].graphicalProperties.solidFill = "2E75B6"
    bars.series[1].graphicalProperties.solidFill = "BDD7EE"
    line = LineChart()
    line.add_data(Reference(sheet, min_col=col + 2, min_row=header_row, max_row=last_row), titles_from_data=True)
    line.set_categories(categories)
    target = line.series[0]
    target.graphicalProperties.line.solidFill = "C00000"
    target.graphicalProperties.line.width = 28575   # 2.25 pt
    target.marker.symbol = "diamond"
    target.marker.size = 8
    target.smooth = False
    bars += line
    bars.y_axis.title = "Skaits / Count"
    bars.y_axis.majorGridlines = None
    bars.x_axis.delete = False     # openpyxl ≥ 3.1 hides axes unless told otherwise
    bars.y_axis.delete = False
    bars.legend.position = "b"
    bars.width, bars.height = CHART_WIDTH_CM, CHART_HEIGHT_CM
    sheet.add_chart(bars, anchor)


__all__ = ["add_indicator_sheet", "write_dashboard", "STATUS_COLOURS"]
