"""The Budžets sheet is drawn by one renderer, so the CLI file and the Excel button show the same sheet."""
from __future__ import annotations

from decimal import Decimal

import openpyxl
from builders import PROJECT, write_workbook
from typer.testing import CliRunner

from erasmus_xl.cli import app
from erasmus_xl.domain.budget import register_budget
from erasmus_xl.excel.buttons import run_on_file
from erasmus_xl.io.reader import read_register
from erasmus_xl.render.money_sheets import BUDGET_SHEET, write_budget_sheet


def _rows(sheet) -> dict[str, tuple]:
    """The sheet's rows below the header, keyed by their first cell (mobility ID or “Kopā / Total”)."""
    return {row[0]: row for row in sheet.iter_rows(min_row=5, values_only=True) if row[0]}


def test_budget_sheet_lists_each_mobility_with_amounts_completeness_and_totals(tmp_path):
    result = register_budget(read_register(write_workbook(tmp_path / "r.xlsx")))
    workbook = openpyxl.Workbook()
    sheet = write_budget_sheet(workbook, result)
    assert sheet.title == BUDGET_SHEET
    rows = _rows(sheet)
    travel = result.mobilities[0].lines["travel"].amount
    assert travel == Decimal("285.00")                    # Rēzekne → Kaunas (100–499 km), green, call 2025
    assert rows["M1"][11] == float(travel) and rows["M1"][2] == PROJECT
    complete = "jā" if result.mobilities[0].complete else "nē"
    assert rows["M1"][17] == complete                     # the completeness column the old CLI sheet lacked
    assert rows["Kopā / Total"][16] == float(result.totals()["total"])
    assert "\n" in sheet["L4"].value                      # bilingual header: Latvian line, English line


def test_cli_budget_xlsx_and_the_excel_button_draw_the_same_sheet(tmp_path):
    source = write_workbook(tmp_path / "r.xlsx")
    assert CliRunner().invoke(app, ["budget", str(source), "--format", "xlsx"]).exit_code == 0
    from_cli = openpyxl.load_workbook(tmp_path / "r-budzets.xlsx")[BUDGET_SHEET]
    button, _ = run_on_file("budget", source, tmp_path / "button.xlsx")
    from_button = openpyxl.load_workbook(button.workbook)[BUDGET_SHEET]
    assert from_cli["A1"].value == from_button["A1"].value
    assert [list(r) for r in from_cli.iter_rows(min_row=4, values_only=True)] == \
           [list(r) for r in from_button.iter_rows(min_row=4, values_only=True)]
