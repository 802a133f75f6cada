"""The money sheets: Budžets (one renderer, so the CLI file and the Excel button show the same sheet),
Likmes and Finanses."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import openpyxl
from builders import FINANCE_P1, FINANCE_P2, PROJECT, write_finance_register, write_likmes_workbook, write_workbook
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from erasmus_xl.cli import app
from erasmus_xl.domain.budget import register_budget
from erasmus_xl.domain.finance import finance_view
from erasmus_xl.domain.rates import texts
from erasmus_xl.excel.buttons import run_on_file
from erasmus_xl.io.reader import read_register
from erasmus_xl.render.money_sheets import BUDGET_SHEET, write_budget_sheet, write_finance_sheet


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


def test_write_rates_sheet_layout(tmp_path):
    path = write_likmes_workbook(tmp_path, 2025)
    ws = load_workbook(path)["Likmes"]
    headers = [ws.cell(row=1, column=i).value for i in range(1, 8)]
    assert headers == ["Konkursa gads", "Likme", "Valstu grupa", "Dalībnieka veids", "Attāluma josla", "Summa EUR",
                       "Piezīme / Avots"]
    assert "tblLikmes" in ws.tables
    assert ws.tables["tblLikmes"].ref.startswith("A1:G")
    # the daily individual-support rates: one row per group × participant type, empty amount
    daily = [(ws.cell(row=r, column=3).value, ws.cell(row=r, column=4).value)
             for r in range(2, ws.max_row + 1)
             if ws.cell(row=r, column=2).value == "Individuālais atbalsts dienā (1.–14. diena)"]
    assert sorted(daily) == sorted((f"{g}. grupa", p) for g in "123" for p in ("izglītojamais", "personāls"))
    for r in range(2, 8):
        assert ws.cell(row=r, column=1).value == 2025
        assert ws.cell(row=r, column=6).value is None
        assert ws.cell(row=r, column=7).value == "ievadiet VIAA likmi"
    # 2025 lacks organisational support and course fees: prefilled too
    rates_named = {ws.cell(row=r, column=2).value for r in range(2, ws.max_row + 1)}
    assert "Organizatoriskais atbalsts (1.–100. dalībnieks)" in rates_named and "Kursu maksa dienā" in rates_named
    # drop-downs: rate, group, participant, band lists + year and amount checks
    validations = ws.data_validations.dataValidation
    sqrefs = {str(v.sqref).split(":")[0]: v for v in validations}
    for column in ("B2", "C2", "D2", "E2"):
        assert sqrefs[column].type == "list"
    assert sqrefs["A2"].type == "whole" and sqrefs["F2"].type == "decimal"
    list_range = sqrefs["B2"].formula1.replace("$", "")
    first, last = list_range.split(":")
    values = [ws[f"{first[0]}{r}"].value for r in range(int(first[1:]), int(last[1:]) + 1)]
    assert values == [item["lv"] for item in texts()["rate_keys"]]
    assert ws.column_dimensions[first[0]].hidden


def test_write_finance_sheet(tmp_path):
    view = finance_view(read_register(write_finance_register(tmp_path)), today=dt.date(2025, 1, 15))
    workbook = Workbook()
    write_finance_sheet(workbook.active, view)
    out = tmp_path / "dashboard.xlsx"
    workbook.save(out)

    ws = load_workbook(out)["Finanses"]
    assert ws["A1"].value.startswith("Finanses — piešķirtais")
    headers = [ws.cell(row=6, column=i).value for i in range(1, 11)]
    assert headers[:6] == ["Projekta numurs", "Nosaukums", "Kategorija", "Piešķirts, EUR", "Iegrāmatots, EUR",
                           "Atlikums, EUR"]
    assert ws.cell(row=7, column=4).value == "Granted, EUR"
    rows = {(ws.cell(row=r, column=1).value, ws.cell(row=r, column=3).value): r for r in range(8, ws.max_row + 1)}
    travel_row = rows[(FINANCE_P1, "ceļa izdevumi (travel)")]
    assert ws.cell(row=travel_row, column=4).value == 360 and ws.cell(row=travel_row, column=5).value == 405.5
    assert ws.cell(row=travel_row, column=5).number_format == '#,##0.00\\ "€"'
    assert ws.cell(row=travel_row, column=10).value == "pārsniegts piešķirtais"
    total_row = rows[(FINANCE_P2, "Kopā projektā (Project total)")]
    assert ws.cell(row=total_row, column=5).value == 700 and ws.cell(row=total_row, column=6).value == -200
    assert ws.cell(row=total_row, column=5).font.bold
    formulas = [rule.formula[0] for cf in ws.conditional_formatting for rule in cf.rules]
    assert any("$E8>$D8" in f for f in formulas)            # red: booked > granted
    assert any("$E8>$H8" in f for f in formulas)            # amber: booked > estimate
    texts = [ws.cell(row=r, column=1).value for r in range(1, ws.max_row + 1)]
    assert "Dubultā grāmatošana — viens dokuments vairākos projektos" in texts
    double_rows = [r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "RK-101"]
    assert [ws.cell(row=r, column=3).value for r in double_rows] == ["C2", "C6"]
    assert ws.freeze_panes == "A8"
