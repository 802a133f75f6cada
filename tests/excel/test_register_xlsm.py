"""workbooks/register.xlsm: built reproducibly from xlwings' quickstart, a valid macro workbook
whose buttons call a macro that exists in its VBA, with an xlwings.conf sheet, still a clean
register, and opened by a real client (LibreOffice reads the buttons and their macro)."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import load_script, pdf_text

from erasmus_xl import read_register, validate
from erasmus_xl.excel.buttons import ACTIONS, RUN_BUTTON, setting_value
from erasmus_xl.excel.excel_port import FileWorkbook

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "workbooks" / "register.xlsm"
BUTTONS = [a.button for a in ACTIONS] + [RUN_BUTTON]


def _script():
    return load_script("make_xlsm")


@pytest.fixture(scope="module")
def make_xlsm():
    pytest.importorskip("xlsxwriter", reason="scripts/make_xlsm.py writes the buttons with XlsxWriter")
    return _script()


@pytest.fixture(scope="module")
def parts() -> dict[str, bytes]:
    with zipfile.ZipFile(COMMITTED) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def _vba_macros(path: Path) -> dict[str, str]:
    olevba = pytest.importorskip("oletools.olevba", reason="oletools (olevba) reads the VBA project")
    parser = olevba.VBA_Parser(str(path))
    try:
        assert parser.detect_vba_macros()
        return {name: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def test_committed_workbook_is_current_and_reproducible(make_xlsm):
    first, second = make_xlsm.build_xlsm(), make_xlsm.build_xlsm()
    assert first == second, "two builds differ: the build is not reproducible"
    assert COMMITTED.read_bytes() == first, "workbooks/register.xlsm is out of date: run python scripts/make_xlsm.py"


def test_a_macro_workbook_with_the_quickstart_vba(parts, make_xlsm):
    types = parts["[Content_Types].xml"].decode()
    assert 'PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"' in types
    assert 'Extension="bin" ContentType="application/vnd.ms-office.vbaProject"' in types
    assert "vbaProject.bin" in parts["xl/_rels/workbook.xml.rels"].decode()
    assert parts["xl/vbaProject.bin"] == make_xlsm.quickstart_vba()          # unchanged, from xlwings itself
    assert '<workbookPr codeName="ThisWorkbook"' in parts["xl/workbook.xml"].decode()


def test_buttons_call_a_macro_that_exists_in_the_vba(parts):
    macros = _vba_macros(COMMITTED)
    code = "\n".join(macros.values())
    defined = set(re.findall(r"^\s*(?:Public\s+)?Sub\s+(\w+)\s*\(", code, re.M))
    assert "SampleCall" in defined
    assert re.search(r'RunPython "import " & mymodule & ";" & mymodule & "\.main\(\)"', code)
    vml = parts["xl/drawings/vmlDrawing1.vml"].decode()
    called = re.findall(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>", vml)
    assert len(called) == len(BUTTONS) and set(called) <= defined
    assert re.findall(r'<v:shape id="(\w+)" o:spid=', vml) == BUTTONS
    for action in ACTIONS:
        assert f">{action.caption}</font>" in vml
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    assert "<legacyDrawing " in sheet and sheet.index("<legacyDrawing ") > sheet.index("<pageMargins")
    assert "vmlDrawing1.vml" in parts["xl/worksheets/_rels/sheet1.xml.rels"].decode()


def test_a_checked_copy_keeps_the_vba_and_the_buttons(tmp_path, libreoffice):
    import shutil

    from erasmus_xl.excel.buttons import run_on_file

    source = tmp_path / "register.xlsm"
    shutil.copyfile(COMMITTED, source)
    result, _ = run_on_file("validate", source)
    with zipfile.ZipFile(result.workbook) as archive:
        names = archive.namelist()
        assert "xl/vbaProject.bin" in names and "xl/drawings/vmlDrawing1.vml" in names
    with zipfile.ZipFile(libreoffice(result.workbook, "ods")) as archive:
        content = archive.read("content.xml").decode("utf-8")
    assert re.findall(r'<form:button form:name="(\w+)"', content) == BUTTONS


def test_workbook_name_matches_the_module_the_macro_imports():
    # SampleCall imports a module named like the workbook: register.xlsm → register.py beside it
    assert (COMMITTED.with_suffix(".py")).is_file()
    assert "def main()" in COMMITTED.with_suffix(".py").read_text(encoding="utf-8")


def test_xlwings_conf_sheet_has_only_keys_with_values():
    book = openpyxl.load_workbook(COMMITTED, keep_vba=True)
    assert book.sheetnames[0] == "Darbības" and book.sheetnames[-1] == "xlwings.conf"
    sheet = book["xlwings.conf"]
    assert sheet.sheet_state == "hidden"
    keys = {}
    for row in sheet.iter_rows(min_row=1, values_only=True):
        if row[0] is None:
            break                                  # xlwings reads A1 down to the first blank row
        keys[row[0].upper()] = row[1]
    assert keys["UDF MODULES"] == "erasmus_xl.excel.xlwings_glue"
    assert keys["USE UDF SERVER"] is False and keys["SHOW CONSOLE"] is False
    assert all(value is not None and value != "" for value in keys.values())   # an empty value overrides the add-in
    assert not {"INTERPRETER_WIN", "INTERPRETER_MAC", "PYTHONPATH"} & set(keys)


def test_the_macro_workbook_is_a_clean_register():
    register = read_register(COMMITTED)
    assert validate(register) == []
    assert register.mobilities == [] and register.targets.source == "workbook"


def test_darbibas_sheet_settings_are_found_by_the_buttons():
    port = FileWorkbook(COMMITTED)
    assert setting_value(port, "Pārskata gads") is None
    assert setting_value(port, "Darbība") is None
    assert str(setting_value(port, "Izveidota ar")).startswith("erasmus_xl ")
    book = openpyxl.load_workbook(COMMITTED, keep_vba=True)
    names = {name: dn.attr_text for name, dn in book.defined_names.items()}
    assert set(names) >= {"EXL_YEAR", "EXL_ANNEX", "EXL_ACTION"}
    sheet = book["Darbības"]
    words = next(dv for dv in sheet.data_validations.dataValidation if dv.type == "list").formula1
    assert words.strip('"').split(",") == [a.word for a in ACTIONS]


def test_libreoffice_reads_the_buttons_and_their_macro(libreoffice):
    ods = libreoffice(COMMITTED, "ods")
    with zipfile.ZipFile(ods) as archive:
        content = archive.read("content.xml").decode("utf-8")
        assert any(name.startswith("Basic/VBAProject") for name in archive.namelist())
    buttons = re.findall(r'<form:button form:name="(\w+)"[^>]*form:label="([^"]*)"', content)
    assert [name for name, _ in buttons] == BUTTONS
    assert dict(buttons)["exl_validate"] == "Pārbaudīt / Validate"
    assert content.count("vnd.sun.star.script:VBAProject.Module1.SampleCall") == len(BUTTONS)


def test_libreoffice_prints_the_darbibas_sheet(libreoffice):
    text = pdf_text(libreoffice(COMMITTED, "pdf"))
    assert "Erasmus+ reģistrs — darbības / Actions" in text
    assert "EXL_TRAVEL_GRANT" in text and "Pārskata gads" in text


def test_standalone_variant_embeds_the_xlwings_vba(make_xlsm, tmp_path):
    output = make_xlsm.write_xlsm(tmp_path / "register.xlsm", standalone=True)
    assert (tmp_path / "register.py").is_file()
    macros = _vba_macros(output)
    code = "\n".join(macros.values())
    assert "Function RunPython" in code and "Sub SampleCall" in code
    assert validate(read_register(output)) == []
    assert "standalone" in str(setting_value(FileWorkbook(output), "Izveidota ar"))


def test_a_workbook_name_that_cannot_be_a_module_is_refused(make_xlsm, tmp_path):
    with pytest.raises(SystemExit):
        make_xlsm.write_xlsm(tmp_path / "Erasmus reģistrs 2025.xlsm")
