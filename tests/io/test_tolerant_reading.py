"""Tolerance and no crash at the reading boundary (workbook_file.py): valid files calamine alone
refuses are read, the bomb protection holds, and inputs that made calamine panic or zipfile fail
end in the usual file message (exit 2), with memory bounded by the cells used."""
from __future__ import annotations

import re
import resource
import struct
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from builders import declare_smaller, valid_rows, write_workbook
from typer.testing import CliRunner

from erasmus_xl.cli import app
from erasmus_xl.domain.validation import validate
from erasmus_xl.io import workbook_file
from erasmus_xl.io.reader import read_register
from erasmus_xl.io.workbook_file import CHUNK_BYTES, MAX_PART_OVERRUN_BYTES, SparseRow, open_workbook
from erasmus_xl.model.errors import RegisterError

MOBILITIES = "xl/worksheets/sheet1.xml"
INCOMING = "xl/worksheets/sheet2.xml"


def _parts(path: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def _write(path: Path, parts: list[tuple[str, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            archive.writestr(name, data)
    return path


def _patched(source: Path, target: Path, part: str, change) -> Path:
    return _write(target, [(name, change(data) if name == part else data) for name, data in _parts(source)])


def _append_row(row: str):
    return lambda xml: xml.replace(b"</sheetData>", row.encode() + b"</sheetData>", 1)


def _cli(*args: str):
    return CliRunner().invoke(app, list(args))


def _summary(register) -> list[tuple[str, str, str]]:
    return sorted((f.sheet, f.cell, f.code) for f in register.cell_findings + validate(register))


@pytest.fixture
def base(tmp_path) -> Path:
    return write_workbook(tmp_path / "base.xlsx", valid_rows())  # openpyxl: absolute targets, inline strings


def test_a_part_a_little_larger_than_declared_is_read(base, tmp_path):
    expected = _summary(read_register(base))
    path = declare_smaller(base, MOBILITIES, 100)
    assert _summary(read_register(path)) == expected


def test_a_part_beyond_the_overrun_margin_is_still_a_possible_bomb(tmp_path):
    rows = valid_rows()
    rows["mobilities"][0]["receiving_organisation"] = "x" * 32_000     # a sheet part over the margin
    rows["mobilities"][1]["receiving_organisation"] = "y" * 32_000
    rows["mobilities"].append(dict(rows["mobilities"][1], id="M3", receiving_organisation="z" * 32_000))
    path = write_workbook(tmp_path / "r.xlsx", rows)
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo(MOBILITIES).file_size > MAX_PART_OVERRUN_BYTES + 1000
    declare_smaller(path, MOBILITIES, MAX_PART_OVERRUN_BYTES + 1)
    with pytest.raises(RegisterError) as caught:
        open_workbook(path)
    assert caught.value.code == "size_mismatch" and caught.value.params["part"] == MOBILITIES


@pytest.mark.parametrize("codec, bom", [("utf-16-le", True), ("utf-16-le", False), ("utf-16-be", True),
                                        ("utf-16-be", False)])
def test_workbook_parts_in_utf16_read_as_in_utf8(base, tmp_path, codec, bom):
    expected = _summary(read_register(base))
    marks = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}

    def utf16(data: bytes) -> bytes:
        text = data.decode("utf-8")
        if not text.startswith("<?xml"):
            text = '<?xml version="1.0" encoding="UTF-16"?>' + text
        return (marks[codec] if bom else b"") + text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode(codec)

    parts = [(name, utf16(data) if name.endswith((".xml", ".rels")) else data) for name, data in _parts(base)]
    assert _summary(read_register(_write(tmp_path / "u.xlsx", parts))) == expected


def test_a_doctype_in_a_utf16_part_is_still_refused(base, tmp_path):
    def hostile(data: bytes) -> bytes:
        text = data.decode("utf-8").replace("<worksheet", '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><worksheet', 1)
        return b"\xff\xfe" + text.encode("utf-16-le")

    with pytest.raises(RegisterError) as caught:
        open_workbook(_patched(base, tmp_path / "x.xlsx", INCOMING, hostile))
    assert caught.value.code == "unsafe_xml"


@pytest.mark.parametrize("target", ["xl/worksheets/sheet1.xml", "./worksheets/sheet1.xml", "../xl/worksheets/sheet1.xml",
                                    "Worksheets/SHEET1.xml", "worksheets\\sheet1.xml", "worksheets/sheet%31.xml"])
def test_unusual_but_valid_relationship_targets_are_followed(base, tmp_path, target):
    expected = _summary(read_register(base))
    change = lambda rels: rels.replace(b'Target="/xl/worksheets/sheet1.xml"', f'Target="{target}"'.encode())  # noqa: E731
    assert _summary(read_register(_patched(base, tmp_path / "t.xlsx", "xl/_rels/workbook.xml.rels", change))) == expected


def test_a_date_of_minus_1e308_is_a_file_message_not_a_rust_panic(base, tmp_path):
    def huge(xml: bytes) -> bytes:
        cell = re.search(rb'<c r="M2"[^>]*><v>[^<]*</v>', xml)[0]
        return xml.replace(cell, re.sub(rb"<v>[^<]*</v>", b"<v>-1e308</v>", cell))

    path = _patched(base, tmp_path / "neg.xlsx", MOBILITIES, huge)
    result = _cli("validate", str(path))
    assert result.exit_code == 2, result.output
    assert "Kļūda:" in result.output and "neg.xlsx" in result.output and "Mobilitātes" in result.output
    assert "panicked" not in result.output and "Traceback" not in result.output


def _with_empty_name(source: Path, target: Path) -> Path:
    """The package plus an entry whose name is empty (zipfile itself cannot write one)."""
    parts = _parts(source) + [("E", b"x")]
    data = bytearray(_write(target, parts).read_bytes())
    central = data.rfind(b"PK\x01\x02")
    local = struct.unpack_from("<L", data, central + 42)[0]
    struct.pack_into("<H", data, central + 28, 0)
    struct.pack_into("<H", data, local + 26, 0)
    data[central + 46:central + 47] = b""
    data[local + 30:local + 31] = b""
    end = data.rfind(b"PK\x05\x06")
    struct.pack_into("<L", data, end + 12, struct.unpack_from("<L", data, end + 12)[0] - 1)   # central size
    struct.pack_into("<L", data, end + 16, struct.unpack_from("<L", data, end + 16)[0] - 1)   # its offset
    target.write_bytes(bytes(data))
    return target


def test_an_empty_name_in_the_zip_is_a_file_message(base, tmp_path):
    path = _with_empty_name(base, tmp_path / "empty-name.xlsx")
    with zipfile.ZipFile(path) as archive:
        assert "" in archive.namelist()
    result = _cli("validate", str(path))
    assert result.exit_code == 2 and "Kļūda:" in result.output and "empty-name.xlsx" in result.output, result.output


@pytest.mark.parametrize("row, ref", [("9", "ZZZZ9"), ("9", "XFE9"), ("9", "AAAAA9"), ("9999999999", "A9999999999")])
def test_a_reference_beyond_excels_last_cell_is_refused_without_reading_it(base, tmp_path, row, ref):
    """ZZZZ9 cost 372 MB in calamine's dense grid; five letters or ten digits overflow it."""
    path = _patched(base, tmp_path / "far.xlsx", INCOMING, _append_row(f'<row r="{row}"><c r="{ref}"><v>1</v></c></row>'))
    with pytest.raises(RegisterError) as caught:
        open_workbook(path)
    assert caught.value.code == "damaged" and "Uzņemšana" in caught.value.message


SPREADSHEETML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# Ways XML lets a cell or a row state its place other than `<c r="A1">` as Excel writes it. calamine
# reads each as a cell at that place; at ZZ400000 each made it build a dense grid of about 9 GB
# (the process aborted) while the scan let it through.
ADDRESS_FORMS = {
    "newline before r": '<row r="{row}"><c\nr="{ref}"><v>1</v></c></row>',
    "tab, r second": '<row r="{row}"><c s="0"\tr="{ref}"><v>1</v></c></row>',
    "single quotes": "<row r='{row}'><c r='{ref}'><v>1</v></c></row>",
    "spaces around =": '<row r="{row}"><c r = "{ref}"><v>1</v></c></row>',
    "lower case": '<row r="{row}"><c r="{lower}"><v>1</v></c></row>',
    "prefixed cell": '<row r="{row}"><x:c xmlns:x="{ns}" r="{ref}"><x:v>1</x:v></x:c></row>',
    "prefixed row, cell without address": '<x:row xmlns:x="{ns}" r="{row}"><x:c><x:v>1</x:v></x:c></x:row>',
    "row number in single quotes, cell without address": "<row r='{row}'><c><v>1</v></c></row>",
}


def _address_form(form: str, row: int, column: str) -> str:
    return ADDRESS_FORMS[form].format(row=row, ref=f"{column}{row}", lower=f"{column.lower()}{row}", ns=SPREADSHEETML)


@pytest.mark.parametrize("form", ADDRESS_FORMS)
def test_a_cell_address_in_any_valid_form_is_read_at_its_place(base, tmp_path, form):
    path = _patched(base, tmp_path / "near.xlsx", INCOMING, _append_row(_address_form(form, 50, "C")))
    rows = open_workbook(path).rows("Uzņemšana")
    column = 0 if "without address" in form else 2
    assert len(rows) == 50 and rows[49][column] == 1


@pytest.mark.parametrize("form", ADDRESS_FORMS)
def test_a_far_cell_address_in_any_valid_form_is_refused_before_calamine_reads_it(base, tmp_path, form):
    path = _patched(base, tmp_path / "far.xlsx", INCOMING, _append_row(_address_form(form, 400_000, "ZZ")))
    with pytest.raises(RegisterError) as caught:
        open_workbook(path)
    assert caught.value.code == "too_many_rows" and caught.value.params["sheet"] == "Uzņemšana"


def test_a_sheet_whose_cells_carry_no_address_is_followed_as_calamine_reads_it(base, tmp_path):
    """Some writers leave out `r`: each cell then stands right of the one before, in its row. The
    scan follows them so (no refusal, the same rows), and the full header row stays in place."""
    path = _patched(base, tmp_path / "bare.xlsx", MOBILITIES, lambda xml: re.sub(rb'<c r="[A-Z]+\d+"', b"<c", xml))
    with zipfile.ZipFile(path) as archive:
        assert b'<c r="' not in archive.read(MOBILITIES)
    rows, expected = open_workbook(path).rows("Mobilitātes"), open_workbook(base).rows("Mobilitātes")
    assert len(rows) == len(expected) and rows[0] == expected[0]


def test_rich_text_tags_beside_the_cells_keep_a_far_right_value_packed(base, tmp_path):
    """`<color`, `<charset` of rich text start as a cell tag does: the quick count of `<c` finds
    more than there are cells, the exact count then finds the sheet written as Excel writes it, so
    a value in XFD is still packed, not refused as too many cells."""
    rich = '<c r="A1000" t="inlineStr"><is><r><rPr><color rgb="FFFF0000"/><charset val="186"/></rPr><t>sarkans</t></r></is></c>'
    path = _patched(base, tmp_path / "rich.xlsx", INCOMING, _append_row(f'<row r="1000">{rich}<c r="XFD1000"><v>7</v></c></row>'))
    opened = open_workbook(path)
    assert opened.packed["Uzņemšana"][-1] == 16_384
    rows = opened.rows("Uzņemšana")
    assert rows[999][0] == "sarkans" and rows[999][16_383] == 7


def test_what_follows_the_sheet_data_is_not_read_as_cells(base, tmp_path):
    """An `r` address after `</sheetData>` (here a cell watch no bound could read) is not a cell:
    calamine stops at `</sheetData>`, and so does the scan, which looks for it after the last row."""
    watch = b'</sheetData><cellWatches><cellWatch r="AAAAA1"/></cellWatches>'
    path = _patched(base, tmp_path / "watch.xlsx", INCOMING, lambda xml: xml.replace(b"</sheetData>", watch, 1))
    assert open_workbook(path).rows("Uzņemšana") == open_workbook(base).rows("Uzņemšana")


def test_an_error_cell_after_the_first_sheet_data_end_is_not_reported(base, tmp_path):
    """calamine reads nothing after the first `</sheetData>`: an error cell written after it (here
    at A2, where the sheet has a value) must not replace that value in findings or annotations."""
    late = b'</sheetData><sheetData><row r="2"><c r="A2" t="e"><v>#REF!</v></c></row></sheetData>'
    path = _patched(base, tmp_path / "late.xlsx", INCOMING, lambda xml: xml.replace(b"</sheetData>", late, 1))
    opened = open_workbook(path)
    assert opened.error_cells["Uzņemšana"] == {}
    assert opened.rows("Uzņemšana") == open_workbook(base).rows("Uzņemšana")


@pytest.mark.parametrize("split", [1, 2, 5, 8])
def test_a_doctype_cut_in_two_by_the_unpacking_step_is_still_refused(base, tmp_path, split):
    """A part is unpacked CHUNK_BYTES at a time and each chunk is searched for "!" first: a
    `<!DOCTYPE` whose first `split` bytes end one chunk, with no other "!" near, is still seen."""
    def hostile(xml: bytes) -> bytes:
        head, rest = xml.split(b"<sheetData>", 1)
        return head + b" " * (CHUNK_BYTES - split - len(head)) + b"<!DOCTYPE x>" + b"<sheetData>" + rest

    parts = [(name, hostile(data) if name == INCOMING else data) for name, data in _parts(base)]
    assert hostile(dict(_parts(base))[INCOMING]).index(b"!") == CHUNK_BYTES - split + 1
    path = tmp_path / "split.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:   # stored: chunks of exactly CHUNK_BYTES
        for name, data in parts:
            archive.writestr(name, data)
    with pytest.raises(RegisterError) as caught:
        open_workbook(path)
    assert caught.value.code == "unsafe_xml"


def test_a_far_right_value_is_read_at_its_place_with_memory_for_the_cells_used(base, tmp_path):
    """A header and values in column XFD: the sheet is packed for calamine, the reader still sees
    the extra column at XFD, and the findings are those of the file without it."""
    expected = _summary(read_register(base))

    def far(xml: bytes) -> bytes:
        xml = re.sub(rb'(<row r="1"[^>]*>.*?)</row>', lambda m: m[1] + '<c r="XFD1" t="inlineStr"><is><t>Piezīme</t></is></c></row>'.encode(),
                     xml, count=1, flags=re.S)
        xml = re.sub(rb'(<row r="2"[^>]*>.*?)</row>', lambda m: m[1] + '<c r="XFD2" t="inlineStr"><is><t>tālu</t></is></c></row>'.encode(),
                     xml, count=1, flags=re.S)
        return _append_row('<row r="600"><c r="XFC600"><v>7</v></c></row>')(xml)

    path = _patched(base, tmp_path / "far.xlsx", MOBILITIES, far)
    opened = open_workbook(path)
    assert opened.packed["Mobilitātes"][-1] == 16_384
    rows = opened.rows("Mobilitātes")
    assert isinstance(rows[0], SparseRow) and len(rows[0]) == 16_384 and rows[0][16_383] == "Piezīme"
    assert rows[599][16_382] == 7 and rows[599][0] == "" and rows[599][16_383] == ""
    register = read_register(path)
    assert _summary(register) == expected
    assert register.mobilities[0].extra == {"Piezīme": "tālu"}


def test_reading_a_far_right_cell_costs_little_memory(base, tmp_path):
    path = _patched(base, tmp_path / "far.xlsx", INCOMING, _append_row('<row r="150000"><c r="XFD150000"><v>1</v></c></row>'))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    register = read_register(path)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert len(register.incoming) == 1
    assert grown_mb < 300       # the dense grid would be 150,000 × 16,384 cells: about 80 GB


def test_a_shared_strings_table_at_the_limit_opens_and_one_more_string_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "strings.xlsx"
    book = xlsxwriter.Workbook(str(path))     # XlsxWriter, as Excel, keeps text in xl/sharedStrings.xml
    sheet = book.add_worksheet("Mobilitātes")
    for row, text in enumerate(["Rēzekne", "Kaunas", "Tartu", "Valga"]):
        sheet.write_string(row, 0, text)
    book.close()
    monkeypatch.setattr(workbook_file, "MAX_SHARED_STRINGS", 4)
    assert open_workbook(path).rows("Mobilitātes")[3][0] == "Valga"
    monkeypatch.setattr(workbook_file, "MAX_SHARED_STRINGS", 3)
    with pytest.raises(RegisterError) as caught:
        open_workbook(path)
    assert caught.value.code == "too_many_strings"
