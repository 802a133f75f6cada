"""The console views of `budget`, `finance` and `validate` (render/console_views.py): the CLI computes,
these render, with their wording from data/ui_texts.json."""
from __future__ import annotations

from builders import FINANCE_P1, FINANCE_P2, write_finance_register, write_workbook
from rich.console import Console

import erasmus_xl
from erasmus_xl.demo import DEMO_TODAY, write_demo
from erasmus_xl.domain.budget import register_budget
from erasmus_xl.domain.finance import finance_view
from erasmus_xl.io.reader import read_register
from erasmus_xl.model.wording import ui_both, ui_text
from erasmus_xl.render.console_views import print_budget, print_finance, print_findings
from erasmus_xl.render.formats import format_money


def _recording() -> Console:
    return Console(record=True, width=220, highlight=False)


def test_budget_view_shows_each_project_total_and_marks_only_incomplete_ones(tmp_path):
    result = register_budget(read_register(write_workbook(tmp_path / "r.xlsx")))
    console = _recording()
    print_budget(console, result, limit=5)
    text = console.export_text()
    assert ui_both("console.budget_title") in text
    for number in result.project_numbers():
        totals = result.project_totals(number)
        line = next(row for row in text.splitlines() if number in row)
        assert format_money(totals["total"]) in line
        assert (ui_text("console.incomplete_mark", "lv") in line) == (not totals["complete"])
    assert (ui_text("console.budget_incomplete", "lv") in text) == (not result.complete)


def test_finance_view_lists_granted_booked_and_remaining_per_project(tmp_path):
    view = finance_view(read_register(write_finance_register(tmp_path)))
    console = _recording()
    print_finance(console, view)
    text = console.export_text()
    assert ui_both("console.finance_title") in text
    numbers = {project.project_number for project in view.projects}
    assert {FINANCE_P1, FINANCE_P2} <= numbers
    for project in view.projects:
        line = next(row for row in text.splitlines() if project.project_number in row)
        assert format_money(project.granted) in line and format_money(project.booked) in line


def test_findings_view_counts_by_severity_and_cuts_the_list_at_the_limit(tmp_path):
    _, mistakes = write_demo(tmp_path)
    findings = erasmus_xl.open(mistakes, today=DEMO_TODAY).report.findings
    assert len(findings) > 3
    console = _recording()
    print_findings(console, mistakes.name, findings, limit=3)
    text = console.export_text()
    errors = sum(1 for f in findings if f.severity == "error")
    assert f"{mistakes.name}: " in text and f"errors: {errors}," in text
    assert sum(1 for row in text.splitlines() if row.startswith("│")) == 3   # the limit holds
    assert ui_text("console.more_findings", "lv", count=len(findings) - 3) in text


def test_values_that_look_like_console_styles_are_shown_as_written_not_obeyed():
    """A cell holding “[/b]” or “[red]” (and a file named so) is text: rich would read it as a style
    tag, print the wrong words, or stop with a markup error instead of the list."""
    from erasmus_xl.model.findings import make_finding

    odd = "[/b] [red]x"
    finding = make_finding("enum_invalid", sheet="Mobilitātes", sheet_key="mobilities", cell="O2", row=2,
                           column="Statuss", value=odd)
    console = _recording()
    print_findings(console, "[red]r.xlsx", [finding], limit=5)
    text = console.export_text()
    assert "[red]r.xlsx: " in text and f"“{odd}”" in text
