"""Registers in .ods, .xls and .xlsb: the same findings and figures as the .xlsx, the same bounds.

LibreOffice converts the demo register (with its planted mistakes and one Excel error cell) to
.xlsx, .ods and .xls once per session. LibreOffice cannot write .xlsb, so the .xlsb files in
tests/data/formats were written by SheetJS (scripts/xlsx_to_xlsb.js, see the README there) from
the register.xlsx beside them.
"""
from __future__ import annotations

import datetime as dt
import json
import shutil
import struct
import zipfile
from pathlib import Path

import olefile
import openpyxl
import pytest
from builders import write_workbook
from conftest import convert_with_libreoffice
from typer.testing import CliRunner

from erasmus_xl.cli import app
from erasmus_xl.demo import DEMO_TODAY, write_demo
from erasmus_xl.domain.batch import read_folder
from erasmus_xl.domain.indicators import compute_indicators
from erasmus_xl.domain.validation import validate
from erasmus_xl.io import spreadsheet_formats, workbook_file
from erasmus_xl.io.reader import read_register
from erasmus_xl.model.errors import RegisterError
from erasmus_xl.render.reports import report_context

FORMATS_DATA = Path(__file__).parents[1] / "data" / "formats"
REPORT_KEYS = ("indicators", "indicator_sentences", "summary", "left_out_text", "countries", "programmes",
               "organisations", "activity_types", "hosted", "events", "competitions", "projects", "new_partners",
               "qualitative")
runner = CliRunner()


@pytest.fixture(scope="session")
def converted(tmp_path_factory, libreoffice_profile) -> dict[str, Path]:
    """The demo register with mistakes and a #DIV/0! formula, saved by LibreOffice in each format."""
    folder = tmp_path_factory.mktemp("formats")
    _, mistakes = write_demo(folder / "demo")
    book = openpyxl.load_workbook(mistakes)
    sheet = book["Mobilitātes"]
    column = next(cell.column for cell in sheet[1] if cell.value == "Pilsēta")
    sheet.cell(row=3, column=column, value="=1/0")          # LibreOffice computes it: an error cell
    source = folder / "registrs.xlsx"
    book.save(source)
    return {suffix: convert_with_libreoffice(source, target, folder / "out", libreoffice_profile)
            for suffix, target in ((".xlsx", "xlsx:Calc MS Excel 2007 XML"), (".ods", "ods"), (".xls", "xls"))}


def _findings(path: Path) -> list[tuple]:
    return [(f.sheet, f.cell, f.severity, f.code, f.value) for f in validate(read_register(path), today=DEMO_TODAY)]


def _figures(path: Path) -> dict:
    register = read_register(path)
    report = compute_indicators(register, as_of=DEMO_TODAY)
    context = report_context(register, report, year=DEMO_TODAY.year - 1)
    return {"indicators": report.to_dict(), "report": {key: context[key] for key in REPORT_KEYS}}


@pytest.mark.parametrize("suffix", [".ods", ".xls"])
def test_libreoffice_ods_and_xls_give_the_findings_of_the_xlsx(converted, suffix):
    expected = _findings(converted[".xlsx"])
    assert ("Mobilitātes", expected_cell(expected), "error", "excel_error", "#DIV/0!") in expected
    assert {code for *_, code, _ in expected} >= {"not_a_date", "country_unknown", "enum_invalid"}
    assert _findings(converted[suffix]) == expected


def expected_cell(findings: list[tuple]) -> str:
    return next(cell for _, cell, _, code, _ in findings if code == "excel_error")


@pytest.mark.parametrize("suffix", [".ods", ".xls"])
def test_libreoffice_ods_and_xls_give_the_indicators_and_report_figures_of_the_xlsx(converted, suffix):
    expected = _figures(converted[".xlsx"])
    assert any(item["actual"] for item in expected["indicators"]["indicators"])      # a register with figures
    assert expected["indicators"]["left_out"]                                        # and rows left out
    assert _figures(converted[suffix]) == expected


@pytest.mark.parametrize("suffix", [".ods", ".xls"])
def test_cli_validate_indicators_and_report_on_ods_and_xls(converted, suffix, tmp_path):
    copy = tmp_path / f"registrs{suffix}"
    shutil.copyfile(converted[suffix], copy)
    before = copy.read_bytes()
    checked = runner.invoke(app, ["validate", str(copy), "--format", "json", "--today", DEMO_TODAY.isoformat()])
    reference = runner.invoke(app, ["validate", str(converted[".xlsx"]), "--format", "json", "--today",
                                    DEMO_TODAY.isoformat()])
    assert checked.exit_code == reference.exit_code == 1
    assert json.loads(checked.stdout)["findings"] == json.loads(reference.stdout)["findings"]
    figures = runner.invoke(app, ["indicators", str(copy), "--format", "json", "--as-of", DEMO_TODAY.isoformat()])
    assert figures.exit_code == 0
    assert json.loads(figures.stdout)["indicators"] == _figures(converted[".xlsx"])["indicators"]["indicators"]
    report = runner.invoke(app, ["report", str(copy), "--year", str(DEMO_TODAY.year - 1), "--as-of",
                                 DEMO_TODAY.isoformat()])
    assert report.exit_code == 0, report.output
    assert (tmp_path / f"registrs-parskats-{DEMO_TODAY.year - 1}.docx").exists()
    assert copy.read_bytes() == before


@pytest.mark.parametrize("suffix", [".ods", ".xls"])
def test_annotated_copy_of_ods_and_xls_is_an_xlsx_beside_it(converted, suffix, tmp_path):
    copy = tmp_path / f"registrs{suffix}"
    shutil.copyfile(converted[suffix], copy)
    result = runner.invoke(app, ["validate", str(copy), "--annotate", "--today", DEMO_TODAY.isoformat()])
    assert result.exit_code == 1
    annotated = tmp_path / "registrs-parbaude.xlsx"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([copy.name, annotated.name])
    book = openpyxl.load_workbook(annotated)
    assert book.sheetnames[0] == "Pārbaude"
    findings = validate(read_register(copy), today=DEMO_TODAY)
    for finding in findings[:20]:
        cell = book[finding.sheet][finding.cell]
        assert cell.comment is not None and finding.message in cell.comment.text
    values = read_register(annotated)       # the values at the same addresses: the same register
    assert values.mobilities == read_register(copy).mobilities


def test_batch_reads_ods_xls_and_xlsb_beside_xlsx(converted, tmp_path):
    folder = tmp_path / "registri"
    folder.mkdir()
    shutil.copyfile(converted[".ods"], folder / "a.ods")
    shutil.copyfile(converted[".xls"], folder / "b.xls")
    shutil.copyfile(FORMATS_DATA / "register.xlsb", folder / "c.xlsb")
    write_workbook(folder / "d.xlsx")
    result = read_folder(folder, today=DEMO_TODAY)
    assert [f.source for f in result.read] == ["a.ods", "b.xls", "c.xlsb", "d.xlsx"] and not result.skipped


# --- .xlsb ------------------------------------------------------------------------------------------

def test_xlsb_gives_the_findings_and_figures_of_its_xlsx():
    xlsx, xlsb = FORMATS_DATA / "register.xlsx", FORMATS_DATA / "register.xlsb"
    assert _findings(xlsb) == _findings(xlsx)
    assert ("Mobilitātes", "K2", "error", "excel_error", "#N/A") in _findings(xlsb)
    as_of = dt.date(2026, 1, 15)
    assert compute_indicators(read_register(xlsb), as_of=as_of).to_dict() == \
        compute_indicators(read_register(xlsx), as_of=as_of).to_dict()


def test_xlsb_with_compact_cells_is_refused_rather_than_read_with_values_missing():
    error = _refusal(FORMATS_DATA / "register-compact.xlsb")
    assert error.code == "xlsb_compact_cells" and "Mobilitātes" in error.message and ".xlsx" in error.message


def _refusal(path: Path) -> RegisterError:
    """The message a file gets instead of being read."""
    with pytest.raises(RegisterError) as caught:
        read_register(path)
    return caught.value


def _rewrite_part(source: Path, target: Path, part: str, change) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            new.writestr(info.filename, change(data) if info.filename == part else data)
    return target


def test_xlsb_cell_far_away_is_refused_before_calamine_builds_its_grid(tmp_path):
    def move_last_cell(data: bytes) -> bytes:
        records = list(spreadsheet_formats.xlsb_records([data]))
        out, moved, row_moved = b"", False, False
        for kind, payload in reversed(records):
            if not moved and kind == 0x06:                   # the last text cell: column 16,000
                payload, moved = struct.pack("<I", 16_000) + payload[4:], True
            elif moved and not row_moved and kind == 0x00:   # its row: row 1,001 (a 16-million-cell grid)
                payload, row_moved = struct.pack("<I", 1_000) + payload[4:], True
            out = _record(kind, payload) + out
        return out

    far = _rewrite_part(FORMATS_DATA / "register.xlsb", tmp_path / "far.xlsb", "xl/worksheets/sheet1.bin",
                        move_last_cell)
    error = _refusal(far)
    assert error.code == "too_many_cells" and "Mobilitātes" in error.message


def _record(kind: int, payload: bytes) -> bytes:
    def varint(value: int, limit: int) -> bytes:
        out = bytearray()
        for _ in range(limit):
            byte, value = value & 0x7F, value >> 7
            out.append(byte | (0x80 if value else 0))
            if not value:
                break
        return bytes(out)

    return varint(kind, 2) + varint(len(payload), 4) + payload


def test_xlsb_zip_bounds_apply(tmp_path, monkeypatch):
    monkeypatch.setattr(workbook_file, "MAX_UNPACKED_MB", 0)
    error = _refusal(FORMATS_DATA / "register.xlsb")
    assert error.code == "too_large"


# --- .ods bounds ------------------------------------------------------------------------------------

def test_ods_with_a_doctype_is_refused(converted, tmp_path):
    unsafe = _rewrite_part(converted[".ods"], tmp_path / "xxe.ods", "content.xml",
                           lambda data: data.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', 1))
    error = _refusal(unsafe)
    assert error.code == "unsafe_xml"


def test_ods_zip_bomb_is_refused_before_unpacking(converted, monkeypatch):
    monkeypatch.setattr(workbook_file, "MAX_UNPACKED_MB", 0)
    error = _refusal(converted[".ods"])
    assert error.code == "too_large"


def test_ods_row_repeated_a_million_times_is_refused_without_building_it(converted, tmp_path):
    def repeat_a_row(data: bytes) -> bytes:
        marker = b"<table:table-row "
        first = data.index(marker, data.index(marker) + 1)           # the second row of the first sheet
        return data[:first] + marker + b'table:number-rows-repeated="1000000" ' + data[first + len(marker):]

    huge = _rewrite_part(converted[".ods"], tmp_path / "rows.ods", "content.xml", repeat_a_row)
    error = _refusal(huge)
    assert error.code == "too_many_rows" and "Instrukcija" in error.message   # the first sheet


def test_ods_that_is_not_xml_inside_is_damaged(converted, tmp_path):
    broken = _rewrite_part(converted[".ods"], tmp_path / "broken.ods", "content.xml", lambda data: data[: len(data) // 2])
    error = _refusal(broken)
    assert error.code == "damaged"


# --- .xls bounds ------------------------------------------------------------------------------------

def _xls_copy(source: Path, target: Path, change) -> Path:
    """The .xls with its Workbook stream changed in place (same length, as olefile writes it)."""
    shutil.copyfile(source, target)
    with olefile.OleFileIO(str(target), write_mode=True) as ole:
        data = bytearray(ole.openstream("Workbook").read())
        change(data)
        ole.write_stream("Workbook", bytes(data))
    return target


def _records(data: bytes, start: int = 0):
    position = start
    while position + 4 <= len(data):
        kind, length = struct.unpack_from("<HH", data, position)
        yield position, kind, length
        position += 4 + length


def test_xls_with_a_password_to_open_gives_the_password_message(converted, tmp_path):
    def mark_encrypted(data: bytearray) -> None:
        # Excel marks a password to open with a FILEPASS record right after the first BOF: the
        # record after BOF becomes one (same length), as a file encrypted by Excel declares it.
        (_, _, _), (position, _, _) = list(_records(data))[:2]
        struct.pack_into("<H", data, position, 0x002F)

    locked = _xls_copy(converted[".xls"], tmp_path / "parole.xls", mark_encrypted)
    error = _refusal(locked)
    assert error.code == "password_protected" and "parol" in error.message


def test_xls_cell_far_away_is_refused_before_calamine_builds_its_grid(converted, tmp_path):
    def move_a_number(data: bytearray) -> None:
        for position, kind, _ in _records(data):
            if kind in (0x0203, 0x027E, 0x00FD):                 # NUMBER, RK, LABELSST: row, column, ...
                struct.pack_into("<HH", data, position + 4, 60_000, 250)
                return
        raise AssertionError("no cell record to move")

    far = _xls_copy(converted[".xls"], tmp_path / "talu.xls", move_a_number)
    error = _refusal(far)
    assert error.code == "too_many_cells"


def test_xls_size_and_string_bounds(converted, monkeypatch):
    monkeypatch.setattr(spreadsheet_formats, "MAX_XLS_MB", 0)
    error = _refusal(converted[".xls"])
    assert error.code == "too_large"
    monkeypatch.setattr(spreadsheet_formats, "MAX_XLS_MB", 128)
    monkeypatch.setattr(workbook_file, "MAX_SHARED_STRINGS", 10)
    error = _refusal(converted[".xls"])
    assert error.code == "too_many_strings"
