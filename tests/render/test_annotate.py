"""The annotated copy shows each finding in its cell and lists them on a first sheet."""
from __future__ import annotations

import openpyxl
from builders import valid_rows, write_workbook
from conftest import CSV_UTF8

import erasmus_xl
from erasmus_xl import read_register, validate
from erasmus_xl.render.annotate import annotated_path, write_annotated_copy


def _annotated(tmp_path):
    rows = valid_rows()
    rows["mobilities"][0].update(country="Marss", status="apstiprināta")
    rows["finance"][0]["description"] = "=HYPERLINK(\"http://example.invalid\")"
    source = write_workbook(tmp_path / "r.xlsx", rows)
    book = erasmus_xl.open(source)
    return source, book.report.findings, write_annotated_copy(book)


def test_copy_is_named_after_the_input(tmp_path):
    source, _, copy = _annotated(tmp_path)
    assert copy == annotated_path(source) == tmp_path / "r-parbaude.xlsx"


def test_error_cells_red_warnings_amber_with_comments(tmp_path):
    _, findings, copy = _annotated(tmp_path)
    sheet = openpyxl.load_workbook(copy)["Mobilitātes"]
    assert sheet["J2"].fill.fgColor.rgb.endswith("FFC7CE")
    assert sheet["O2"].fill.fgColor.rgb.endswith("FFEB9C")
    assert "Marss" in sheet["J2"].comment.text and "KĻŪDA" in sheet["J2"].comment.text
    assert "BRĪDINĀJUMS" in sheet["O2"].comment.text


def test_first_sheet_lists_findings_with_links(tmp_path):
    _, findings, copy = _annotated(tmp_path)
    workbook = openpyxl.load_workbook(copy)
    assert workbook.sheetnames[0] == "Pārbaude"
    sheet = workbook["Pārbaude"]
    listed = [(sheet.cell(row=r, column=2).value, sheet.cell(row=r, column=3).value)
              for r in range(5, 5 + len(findings))]
    assert listed == [(f.sheet, f.cell) for f in findings]
    assert sheet["C5"].hyperlink.location == f"'{findings[0].sheet}'!{findings[0].cell}"


def test_formula_like_text_stays_text(tmp_path):
    _, _, copy = _annotated(tmp_path)
    # the user's own cell is copied as it was; our findings sheet never turns text into a formula
    sheet = openpyxl.load_workbook(copy)["Pārbaude"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_annotated_copy_is_still_a_readable_register(tmp_path):
    _, findings, copy = _annotated(tmp_path)
    assert [f.code for f in validate(read_register(copy))] == [f.code for f in findings]


def test_libreoffice_opens_the_annotated_copy(tmp_path, libreoffice):
    _, _, copy = _annotated(tmp_path)
    csv = libreoffice(copy, CSV_UTF8)
    assert "Pārbaudes rezultāti" in csv.read_text(encoding="utf-8")


def test_findings_sheet_shows_register_words_and_no_internal_codes(tmp_path):
    _, findings, copy = _annotated(tmp_path)
    status = next(f for f in findings if f.cell == "O2")
    assert status.value == "confirmed"  # the rule reports the internal code …
    sheet = openpyxl.load_workbook(copy)["Pārbaude"]
    headers = [cell.value for cell in sheet[4]]
    assert "Kods" not in headers
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    shown = next(row for row in rows if row[2] == "O2")
    assert shown[headers.index("Vērtība")] == "apstiprināta"  # … the coordinator reads the register's word
    codes = {f.code for f in findings}
    assert not codes & {value for row in rows for value in row if isinstance(value, str)}
