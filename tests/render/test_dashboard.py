"""The indicator dashboard workbook: the Rādītāji sheet, status colours, native charts, and a real
client (LibreOffice) that opens it."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import pdf_text
from test_indicators import AS_OF, BASE_PROJECT, TARGETS, D, full_sheets, mob, write_register

from erasmus_xl.domain.indicators import KEY_INDICATORS, compute_indicators
from erasmus_xl.io.reader import read_register
from erasmus_xl.model.errors import RegisterError
from erasmus_xl.render.dashboard import add_indicator_sheet, write_dashboard


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    path = write_register(tmp_path_factory.mktemp("reg") / "registrs.xlsx", full_sheets(), targets=TARGETS)
    return compute_indicators(read_register(path), as_of=AS_OF)


def test_dashboard_has_sheet_table_and_charts(report, tmp_path):
    out = write_dashboard(tmp_path / "raditaji.xlsx", report)
    assert out == tmp_path / "raditaji.xlsx"
    with zipfile.ZipFile(out) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart") and n.endswith(".xml")]
        assert len(charts) == len(KEY_INDICATORS)
        chart_xml = archive.read(charts[0]).decode("utf-8")
        assert re.search(r"<(c:)?barChart>", chart_xml) and re.search(r"<(c:)?lineChart>", chart_xml)  # target as a line
        assert "Izglītojamo prakses mobilitātes" in chart_xml
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == ["Rādītāji"]
    sheet = workbook["Rādītāji"]
    cells = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert any(isinstance(v, str) and v.startswith("Rādītājs") for v in cells)
    for word in ("sasniegts", "nav sasniegts", "atbilst plānam", "riskants", "atpaliek", "plānots"):
        assert word in cells, word
    assert "Mērķi no darbgrāmatas lapas “Mērķi”. / Targets from the workbook's “Mērķi” (Targets) sheet." in cells
    rules = [rule for cf in sheet.conditional_formatting for rule in cf.rules]
    formulas = {rule.formula[0] for rule in rules}
    assert {'"sasniegts"', '"riskants"', '"atpaliek"', '"plānots"'} <= formulas
    # the learner row of 2025: 1 actual, 2 pipeline, 3 forecast, target 4, 25 %, behind
    row = next(r for r in sheet.iter_rows(values_only=True)
               if r[0] == "2025" and r[1] == "Izglītojamo prakses mobilitātes")
    assert row[2:9] == (1, 2, 3, 4, 0.25, "atpaliek", 3)
    assert "Diagrammu dati / Chart data" in cells


def test_dashboard_opens_in_libreoffice(report, tmp_path, libreoffice):
    out = write_dashboard(tmp_path / "raditaji.xlsx", report)
    text = pdf_text(libreoffice(out, "pdf"))
    assert "Rādītāji" in text or "rādītāji" in text
    assert "atpaliek" in text and "Izglītojamo prakses mobilitātes" in text
    csv_out = libreoffice(out, "csv:Text - txt - csv (StarCalc):44,34,76")
    assert "atbilst plānam" in csv_out.read_text(encoding="utf-8")


def test_write_dashboard_never_overwrites_without_force(report, tmp_path):
    target = tmp_path / "raditaji.xlsx"
    target.write_bytes(b"keep")
    with pytest.raises(RegisterError) as raised:
        write_dashboard(target, report)
    assert raised.value.code == "output_exists"
    assert target.read_bytes() == b"keep"
    write_dashboard(target, report, force=True)
    assert zipfile.is_zipfile(target)
    assert [p.name for p in tmp_path.iterdir()] == ["raditaji.xlsx"]      # no temporary file left


def test_sheet_added_to_an_existing_workbook_with_strategy_targets_and_left_out_rows(tmp_path):
    """As the annotated copy uses it: the register's own sheets stay, the Rādītāji sheet is added."""
    path = write_register(tmp_path / "registrs.xlsx", {
        "projects": [BASE_PROJECT],
        "mobilities": [mob("A1", "learner", D(2025, 3, 3), D(2025, 3, 21), "notikusi"),
                       mob("A2", "learner", "31.02.2025", D(2025, 3, 21), "notikusi")]})   # a date the count needs
    report = compute_indicators(read_register(path), as_of=AS_OF, year=2025)
    workbook = openpyxl.load_workbook(path)
    sheet = add_indicator_sheet(workbook, report)
    assert sheet.title == "Rādītāji" and workbook.sheetnames[0] == "Mobilitātes"
    out = tmp_path / "kopija.xlsx"
    workbook.save(out)
    reloaded = openpyxl.load_workbook(out)["Rādītāji"]
    cells = [c.value for row in reloaded.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("izmantoti stratēģijas mērķi" in v for v in cells)
    assert any(v.startswith("Neieskaitītās rindas ar kļūdām: 1 (Mobilitātes: 1)") for v in cells)
    assert any("31.02.2025" in v for v in cells)          # the finding's message says why
    with zipfile.ZipFile(out) as archive:
        assert sum(n.startswith("xl/charts/chart") for n in archive.namelist()) == len(KEY_INDICATORS)
    assert read_register(out).mobilities[0].id == "A1"    # still a readable register


def test_user_text_that_looks_like_a_formula_stays_text(tmp_path):
    from erasmus_xl.model.records import Mobility, Register

    register = Register(path=Path("r.xlsx"), mobilities=[
        Mobility(row=2, id="A", participant_type="learner", receiving_organisation='=HYPERLINK("http://x","y")',
                 education_programme="=1+1", country="DE", start_date=D(2025, 3, 1), end_date=D(2025, 3, 20),
                 status="completed")])
    report = compute_indicators(register, as_of=AS_OF, year=2025, findings=[])
    out = write_dashboard(tmp_path / "d.xlsx", report)
    with zipfile.ZipFile(out) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet_xml
    cells = [c.value for row in openpyxl.load_workbook(out).active.iter_rows() for c in row]
    assert '=HYPERLINK("http://x","y")' in cells
