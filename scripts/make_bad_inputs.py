"""Regenerate tests/data/bad_inputs/: the hostile and awkward files every command is tested on.

    python scripts/make_bad_inputs.py [--libreoffice]

Registers arrive by e-mail from partners, teachers and other tools, so the software must meet
files that are broken, misnamed, oversized on purpose or merely odd, and answer each with one
clear message and exit code (tests/test_hostile_inputs.py runs every command on every file;
docs/security.md has the table). `manifest.json` beside the files says what each one is and what
the software must do with it; the tests and the documentation follow it.

Deterministic: the same script writes the same bytes (fixed ZIP timestamps and document dates, a
seeded "random" source for the encryption salt). The one exception is `old.xls`: LibreOffice
writes it and stamps it, so an existing copy is kept; --libreoffice makes it again.
Sizes: the three zip bombs are under 1 MB each on disk (0.27, 0.67 and 1 GB unpacked); every
other file is a few kilobytes, the whole folder about 2.2 MB.
"""
from __future__ import annotations

import argparse
import copy
import datetime as dt
import io
import json
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import openpyxl  # noqa: E402
from builders import PROJECT, valid_rows, write_workbook  # noqa: E402

from erasmus_xl.io.workbook_file import column_letter  # noqa: E402

OUT = ROOT / "tests" / "data" / "bad_inputs"
FIXED_TIME = (2025, 1, 1, 0, 0, 0)
FIXED_STAMP = "2025-01-01T00:00:00Z"
PLANNED_PROJECT = "2027-1-LV01-KA122-VET-000234567"
MAX_CELL = 32_767                      # Excel's limit on the characters of one cell
BOMB_BLOCK = 4 * 1024 * 1024           # one deflate block of the bombs: 4 MiB of "a" -> about 4 KB
BOMB_DECLARED_BLOCKS = 160             # 640 MiB, honestly declared: over the 512 MB limit
BOMB_LYING_BLOCKS = 240                # 960 MiB (about 1 GB) behind headers that declare a few hundred bytes
BOMB_WORKBOOK_BLOCKS = 64              # 256 MiB of spaces in xl/workbook.xml
SHEET_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --------------------------------------------------------------------------------------------
# The base register: valid, with completed mobilities (Europass, report) and a planned one (annex).
# --------------------------------------------------------------------------------------------

def base_rows() -> dict[str, list[dict[str, Any]]]:
    """builders.valid_rows() plus a submitted project with one planned mobility, so that every
    command (annex too) has something to do on a readable file."""
    rows = copy.deepcopy(valid_rows())
    rows["projects"].append(dict(project_number=PLANNED_PROJECT, title="Prakse Vācijā", programme="Erasmus+",
                                 role="koordinators", start_date=dt.date(2027, 6, 1), end_date=dt.date(2028, 12, 31),
                                 grant=None, status="iesniegts"))
    rows["mobilities"].append(dict(
        id="M3", project_number=PLANNED_PROJECT, participant_type="izglītojamais", activity_type="LM-SHORT-VET",
        first_name="Līga", last_name="Kalniņa", education_programme="Programmēšana", fewer_opportunities="jā",
        receiving_organisation="UAB Kauno baldai", country="Lietuva", city="Kaunas",
        start_date=dt.date(2028, 3, 6), end_date=dt.date(2028, 3, 24), green_travel="jā", status="plānota"))
    return rows


# --------------------------------------------------------------------------------------------
# ZIP writing: fixed timestamps, so that the bytes do not change from run to run.
# --------------------------------------------------------------------------------------------

def read_zip(path: Path) -> list[tuple[str, bytes, int]]:
    with zipfile.ZipFile(path) as archive:
        return [(info.filename, archive.read(info.filename), info.compress_type) for info in archive.infolist()]


def write_zip(path: Path, entries: list[tuple[str, bytes, int]]) -> None:
    """A ZIP with fixed dates; docProps/core.xml gets fixed creation and modification dates."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data, method in entries:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*", rb"\g<1>" + FIXED_STAMP.encode(), data)
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = method
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=9 if method == zipfile.ZIP_DEFLATED else None)
    path.write_bytes(buffer.getvalue())


def normalise(path: Path) -> Path:
    write_zip(path, read_zip(path))
    return path


def patch_part(source: Path, target: Path, part: str, change: Callable[[bytes], bytes]) -> Path:
    """Copy a workbook, changing one part's XML."""
    entries = [(name, change(data) if name == part else data, method) for name, data, method in read_zip(source)]
    write_zip(target, entries)
    return target


def save(workbook: openpyxl.Workbook, path: Path) -> Path:
    workbook.save(path)
    return normalise(path)


def register(path: Path, rows: dict[str, list[dict[str, Any]]] | None = None, **options: Any) -> Path:
    """A register written like tests/builders.py does, with fixed dates."""
    return normalise(write_workbook(path, base_rows() if rows is None else rows, **options))


MOBILITIES_PART = "xl/worksheets/sheet1.xml"   # builders write the contract sheets in order: Mobilitātes first


# --------------------------------------------------------------------------------------------
# Files that must be refused: one clear message, exit code 2, nothing written.
# --------------------------------------------------------------------------------------------

def not_a_zip(path: Path, work: Path) -> None:
    """What a web portal's "Excel export" often is: an HTML table saved as .xlsx."""
    path.write_text("<html><head><meta charset=\"utf-8\"></head><body><table>\n"
                    "<tr><th>ID</th><th>Vārds</th><th>Uzvārds</th></tr>\n"
                    "<tr><td>M1</td><td>Anna</td><td>Ozola</td></tr>\n</table></body></html>\n", encoding="utf-8")


def csv_renamed(path: Path, work: Path) -> None:
    path.write_text("ID;Projekta numurs;Vārds;Uzvārds;Sākuma datums\n"
                    f"M1;{PROJECT};Anna;Ozola;01.09.2025.\nM2;{PROJECT};Jānis;Bērziņš;06.10.2025.\n", encoding="utf-8")


def zero_bytes(path: Path, work: Path) -> None:
    path.write_bytes(b"")


def truncated(path: Path, work: Path) -> None:
    """A download or an e-mail attachment cut short."""
    good = register(work / "good.xlsx").read_bytes()
    path.write_bytes(good[: len(good) // 2])


def _raw_zip(entries: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A ZIP built by hand: (name, stored data, method, CRC, declared unpacked size) per entry,
    the same sizes in the local header and the central directory, as a careful forger writes them."""
    body, central = io.BytesIO(), io.BytesIO()
    for name, data, method, crc, size in entries:
        encoded = name.encode("utf-8")
        offset = body.tell()
        header = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0x800, method, 0, 0x21, crc, len(data), size,
                             len(encoded), 0)
        body.write(header + encoded + data)
        central.write(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0x800, method, 0, 0x21, crc, len(data), size,
                                  len(encoded), 0, 0, 0, 0, 0o644 << 16, offset) + encoded)
    directory = central.getvalue()
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), body.tell(), 0)
    return body.getvalue() + directory + end


def _deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS, 9)
    return compressor.compress(data) + compressor.flush()


def _bomb(work: Path, blocks: int, *, lying: bool) -> bytes:
    """The base register whose Mobilitātes sheet holds one cell of `blocks` × 4 MiB of "a".

    The 4 MiB blocks are deflated once, each after a full flush, so the stream is the same block
    repeated and takes no time to build. Honest: the headers declare the real size. Lying: they
    declare (with a matching CRC) only the sheet's first few hundred bytes, which is what Python's
    zipfile then reads, while the deflate stream goes on for a gigabyte.
    """
    head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ' + SHEET_NS +
            b'><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>')
    tail = b"</t></is></c></row></sheetData></worksheet>"
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS, 9)
    first = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = b"a" * BOMB_BLOCK
    packed_block = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH) == packed_block
    stream = first + packed_block * blocks + compressor.compress(tail) + compressor.flush()
    if lying:
        size, crc = len(head), zlib.crc32(head)
    else:
        crc = zlib.crc32(head)
        for _ in range(blocks):
            crc = zlib.crc32(block, crc)
        crc, size = zlib.crc32(tail, crc), len(head) + blocks * BOMB_BLOCK + len(tail)
    entries = []
    for name, data, _method in read_zip(register(work / "bomb-base.xlsx")):
        if name == MOBILITIES_PART:
            entries.append((name, stream, zipfile.ZIP_DEFLATED, crc, size))
        else:
            entries.append((name, _deflate(data), zipfile.ZIP_DEFLATED, zlib.crc32(data), len(data)))
    return _raw_zip(entries)


def bomb_in_workbook_xml(path: Path, work: Path) -> None:
    """A lying bomb in xl/workbook.xml, the part read first to find the sheets: 256 MiB of spaces
    inside its root element behind headers that declare only the part's opening tag."""
    entries = []
    for name, data, _method in read_zip(register(work / "bomb-base.xlsx")):
        if name == "xl/workbook.xml":
            opening = data.index(b">", data.index(b"<workbook")) + 1
            head, tail = data[:opening], data[opening:]
            compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS, 9)
            packed_block = compressor.compress(b" " * BOMB_BLOCK) + compressor.flush(zlib.Z_FULL_FLUSH)
            compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS, 9)
            stream = (compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH) + packed_block * BOMB_WORKBOOK_BLOCKS
                      + compressor.compress(tail) + compressor.flush())
            entries.append((name, stream, zipfile.ZIP_DEFLATED, zlib.crc32(head), len(head)))
        else:
            entries.append((name, _deflate(data), zipfile.ZIP_DEFLATED, zlib.crc32(data), len(data)))
    path.write_bytes(_raw_zip(entries))


def bomb_declared(path: Path, work: Path) -> None:
    path.write_bytes(_bomb(work, BOMB_DECLARED_BLOCKS, lying=False))


def bomb_lying(path: Path, work: Path) -> None:
    path.write_bytes(_bomb(work, BOMB_LYING_BLOCKS, lying=True))


def _with_doctype(doctype: bytes, cell_text: bytes) -> Callable[[bytes], bytes]:
    """Put a DOCTYPE before the sheet's root and an entity reference into its first text cell."""
    def change(xml: bytes) -> bytes:
        xml = xml.replace(b"<worksheet", doctype + b"<worksheet", 1)
        return re.sub(rb"<t>[^<]*</t>", b"<t>" + cell_text + b"</t>", xml, count=1)
    return change


def billion_laughs(path: Path, work: Path) -> None:
    """Ten levels of ten entities each: a few hundred bytes that expand to 10^9 "lol"s."""
    levels = [b'<!ENTITY lol "lol">'] + [
        b"<!ENTITY lol%d \"%s\">" % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10)]
    doctype = b"<!DOCTYPE worksheet [" + b"".join(levels) + b"]>\n"
    patch_part(register(work / "base.xlsx"), path, MOBILITIES_PART, _with_doctype(doctype, b"&lol9;"))


def xxe(path: Path, work: Path) -> None:
    """An external entity: a parser that resolves it would copy /etc/passwd into the register."""
    doctype = b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    patch_part(register(work / "base.xlsx"), path, MOBILITIES_PART, _with_doctype(doctype, b"&xxe;"))


def doctype_late(path: Path, work: Path) -> None:
    """The same external entity behind a 64 KB comment, past any check of a part's first kilobytes."""
    doctype = b"<!-- " + b"x" * 65_536 + b' -->\n<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    patch_part(register(work / "base.xlsx"), path, MOBILITIES_PART, _with_doctype(doctype, b"&xxe;"))


def broken_xml(path: Path, work: Path) -> None:
    """A well-formed ZIP whose Mobilitātes sheet XML stops in the middle of a cell."""
    def cut(xml: bytes) -> bytes:
        return xml[: xml.index(b"<row r=\"3\"") + 40]
    patch_part(register(work / "base.xlsx"), path, MOBILITIES_PART, cut)


def password(path: Path, work: Path) -> None:
    """Encrypted with msoffcrypto-tool (a test extra), password "slepens"; salt and stamps fixed."""
    import msoffcrypto.method.container.ecma376_encrypted as container
    import msoffcrypto.method.ecma376_agile as agile
    from msoffcrypto.format.ooxml import OOXMLFile

    class FixedNow(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> FixedNow:
            return cls(*FIXED_TIME)

    seeded = random.Random(2025)
    originals = agile._random_buffer, container.datetime
    agile._random_buffer, container.datetime = (lambda size: seeded.randbytes(size)), FixedNow
    try:
        plain = register(work / "plain.xlsx")
        with plain.open("rb") as source, path.open("wb") as target:
            OOXMLFile(source).encrypt("slepens", target)
    finally:
        agile._random_buffer, container.datetime = originals


def old_xls(path: Path, work: Path, *, libreoffice: bool = False) -> None:
    """Excel 97–2003, written by LibreOffice; an existing copy is kept (LibreOffice stamps the file)."""
    if path.exists() and not libreoffice:
        return
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is needed once to write old.xls: bash scripts/install_system_deps.sh")
    source = register(work / "old.xlsx")
    subprocess.run([soffice, f"-env:UserInstallation=file://{work / 'lo-profile'}", "--headless", "--norestore",
                    "--convert-to", "xls", "--outdir", str(work), str(source)], check=True, capture_output=True,
                   timeout=180)
    shutil.copyfile(work / "old.xls", path)


def ods(path: Path, work: Path) -> None:
    """A minimal OpenDocument spreadsheet, as LibreOffice users send by default."""
    office = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
              'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
              'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
    cells = "".join(f"<table:table-cell office:value-type=\"string\"><text:p>{v}</text:p></table:table-cell>"
                    for v in ("ID", "Vārds", "Uzvārds"))
    content = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {office} office:version="1.2">'
               f'<office:body><office:spreadsheet><table:table table:name="Mobilitātes"><table:table-row>{cells}'
               "</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    write_zip(path, [("mimetype", b"application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED),
                     ("META-INF/manifest.xml", manifest.encode(), zipfile.ZIP_DEFLATED),
                     ("content.xml", content.encode(), zipfile.ZIP_DEFLATED)])


def empty_workbook(path: Path, work: Path) -> None:
    """A new, empty Excel workbook: no sheet of the register at all."""
    workbook = openpyxl.Workbook()
    workbook.active.title = "Lapa1"
    save(workbook, path)


def missing_sheets(path: Path, work: Path) -> None:
    register(path, omit_sheets=("feedback", "finance"))


def _append_row(row_xml: bytes) -> Callable[[bytes], bytes]:
    return lambda xml: xml.replace(b"</sheetData>", row_xml + b"</sheetData>", 1)


def million_rows(path: Path, work: Path) -> None:
    """One cell in row 1,048,576, Excel's last: a sparse sheet calamine would pad to a million rows."""
    cell = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    patch_part(register(work / "base.xlsx"), path, MOBILITIES_PART, _append_row(cell))


def stray_cell_far_right(path: Path, work: Path) -> None:
    """One cell in column XFD (Excel's last) and row 150,000: the grid from A1 to it would have 2.5
    billion cells (calamine aborted the process on such an allocation); read with its used columns
    packed side by side, it costs the cells used."""
    cell = b'<row r="150000"><c r="XFD150000" t="inlineStr"><is><t>x</t></is></c></row>'
    patch_part(register(work / "base.xlsx"), path, MOBILITIES_PART, _append_row(cell))


def wide_and_deep(path: Path, work: Path) -> None:
    """Every column A–XFD used in row 1 and a cell in XFD700: no empty columns to leave out, so the
    grid really is 700 × 16,384 = 11.5 million cells, over the limit."""
    header = b"".join(b'<c r="%s1"><v>%d</v></c>' % (column_letter(i).encode(), i) for i in range(1, 16_385))
    cells = b'<row r="1">' + header + b'</row><row r="700"><c r="XFD700"><v>1</v></c></row>'
    patch_part(register(work / "base.xlsx"), path, "xl/worksheets/sheet8.xml",
               lambda xml: re.sub(rb"<sheetData>.*</sheetData>", lambda _: b"<sheetData>" + cells + b"</sheetData>",
                                  xml, flags=re.S))


# --------------------------------------------------------------------------------------------
# Awkward files that must be read: exit 0 (or 1 where the cells are wrong), never 3.
# --------------------------------------------------------------------------------------------

def header_row_3(path: Path, work: Path) -> None:
    """A title and an empty row above the headers on every sheet."""
    register(path, header_row=3)
    workbook = openpyxl.load_workbook(path)
    for sheet in workbook.worksheets:
        sheet["A1"] = f"{sheet.title} — Erasmus+ reģistrs, 2025./2026. m. g."
    save(workbook, path)


def merged_header(path: Path, work: Path) -> None:
    """Two header rows with merged cells: "ID" merged over A1:A2, a group title over the dates."""
    register(path, header_row=2)
    workbook = openpyxl.load_workbook(path)
    for sheet in workbook.worksheets:
        sheet["A1"], sheet["A2"] = sheet["A2"].value, None
        sheet.merge_cells("A1:A2")
        headers = {cell.value: cell.column_letter for cell in sheet[2] if cell.value}
        if "Sākuma datums" in headers and "Beigu datums" in headers:
            sheet[f"{headers['Sākuma datums']}1"] = "Datumi / Dates"
            sheet.merge_cells(f"{headers['Sākuma datums']}1:{headers['Beigu datums']}1")
        elif "B" in headers.values():
            sheet["B1"] = "Dati / Data"
            sheet.merge_cells("B1:C1")
    save(workbook, path)


def hidden(path: Path, work: Path) -> None:
    """A hidden contract sheet, a very hidden extra sheet, a hidden mobility row and column."""
    register(path)
    workbook = openpyxl.load_workbook(path)
    workbook["Partneri"].sheet_state = "hidden"
    extra = workbook.create_sheet("Sistēma")
    extra["A1"] = "Šo lapu redz tikai makro / only macros see this sheet"
    extra.sheet_state = "veryHidden"
    mobilities = workbook["Mobilitātes"]
    mobilities.row_dimensions[3].hidden = True
    mobilities.column_dimensions["E"].hidden = True
    save(workbook, path)


def error_formulas(path: Path, work: Path) -> None:
    """Formulas whose cached values are Excel errors (#REF!, #N/A, #DIV/0!, #VALUE!, #NAME?)."""
    rows = base_rows()
    rows["mobilities"][0]["city"] = "#REF!"                 # openpyxl writes these as error cells
    rows["mobilities"][1]["end_date"] = "#N/A"
    rows["finance"][0]["amount"] = "#DIV/0!"
    rows["projects"][0]["grant"] = "#VALUE!"
    rows["feedback"][0]["satisfaction"] = "#NAME?"
    register(path, rows)
    formulas = iter([b"VLOOKUP(A2,Saraksts!A:B,2,FALSE)", b"INDEX(Datumi!B:B,MATCH(A3,Datumi!A:A,0))",
                     b"E1/0", b"SUM(Dati!A1)*\"x\"", b"VIDEJAIS(B2:B9)"])
    entries = []
    for name, data, method in read_zip(path):
        if name.startswith("xl/worksheets/"):
            data = re.sub(rb'(<c r="[A-Z]+\d+"[^>]*t="e"[^>]*>)(<v>)',
                          lambda m: m[1] + b"<f>" + next(formulas, b"1/0") + b"</f>" + m[2], data)
        entries.append((name, data, method))
    write_zip(path, entries)


def text_dates(path: Path, work: Path) -> None:
    """Dates typed as text in the five forms staff use."""
    rows = base_rows()
    m1, m2, m3 = rows["mobilities"]
    m1.update(start_date="01.09.2025.", end_date="21.09.2025")
    m2.update(start_date="2025-10-06", end_date="10/10/2025")
    m3.update(start_date="2028. gada 6. marts", end_date="24.03.2028.")
    rows["finance"][0]["date"] = "2025. gada 25. septembris"
    rows["projects"][0].update(start_date="1/6/2025", end_date="2026-11-30")
    rows["events"][0].update(start_date="03.03.2025", end_date="05.03.2025.")
    register(path, rows)


def numbers_as_text(path: Path, work: Path) -> None:
    """Numbers stored as text, Latvian style: spaces for thousands, a decimal comma, a currency sign."""
    rows = base_rows()
    rows["projects"][0]["grant"] = "45 000,00"
    rows["finance"][0]["amount"] = "180,00 €"
    rows["incoming"][0]["count"] = "2"
    rows["events"][0]["participants"] = " 1 "
    rows["competitions"][0]["participants"] = "2"
    rows["feedback"][0].update(satisfaction="5", motivation_before="3", motivation_after="5")
    rows["partners"][0]["cooperation_since"] = "2022"
    register(path, rows)


def huge_numbers(path: Path, work: Path) -> None:
    """Numbers no register holds: 1e30 as a number, 1e40 and 1e30 as text (beyond cents' precision)."""
    rows = base_rows()
    rows["finance"][0]["amount"] = 1e30
    rows["projects"][0]["grant"] = "1e40"
    rows["incoming"][0]["count"] = "1e30"
    register(path, rows)


def spaces(path: Path, work: Path) -> None:
    """Leading, trailing and non-breaking spaces in values and headers."""
    nbsp = "\u00a0"
    rows = base_rows()
    m1 = rows["mobilities"][0]
    m1.update(id=" M1 ", first_name=" Anna ", last_name=f"Ozola{nbsp}", country=f"{nbsp}Lietuva ",
              status=" notikusi ", project_number=f"{PROJECT}{nbsp}", city=f"  Kaunas{nbsp}{nbsp}")
    rows["feedback"][0]["mobility_id"] = f"M1{nbsp}"
    rows["finance"][0].update(category=f"ceļa{nbsp}izdevumi", mobility_id=" M1")
    register(path, rows, rename={("mobilities", "start_date"): f" Sākuma{nbsp}datums ",
                                 ("mobilities", "last_name"): "Uzvārds  "})


def nfc_nfd(path: Path, work: Path) -> None:
    """Latvian letters both precomposed (NFC) and decomposed (NFD, as macOS and some web forms write)."""
    rows = base_rows()
    _, m2, m3 = rows["mobilities"]
    m2.update(first_name=nfd("Jānis"), last_name=nfd("Bērziņš"), participant_type=nfd("personāls"))
    m3.update(education_programme=nfd("Programmēšana"), status=nfd("plānota"), last_name=nfd("Kalniņa"))
    rows["finance"][0]["category"] = nfd("ceļa izdevumi")
    rows["projects"][0]["title"] = nfd("Prakse Lietuvā")
    register(path, rows, rename={("mobilities", "first_name"): nfd("Vārds"),
                                 ("mobilities", "start_date"): nfd("Sākuma datums")})
    workbook = openpyxl.load_workbook(path)
    workbook["Uzņemšana"].title = nfd("Uzņemšana")
    save(workbook, path)


def emoji(path: Path, work: Path) -> None:
    """Emoji, flags and joined sequences (outside the Basic Multilingual Plane) in text cells."""
    rows = base_rows()
    rows["mobilities"][0].update(first_name="Anna 🌍", last_name="Ozola👩‍🔧", city="Kaunas 🇱🇹")
    rows["projects"][0]["title"] = "Prakse Lietuvā 🚌🇱🇹"
    rows["finance"][0]["description"] = "Autobuss 🚌 (biļete 🎫)"
    rows["competitions"][0]["result"] = "🥈 2. vieta"
    rows["events"][0]["title"] = "TCA seminārs 🎓"
    register(path, rows)


def long_cells(path: Path, work: Path) -> None:
    """Cells at Excel's limit of 32,767 characters (Latvian text, so more bytes than characters)."""
    def text(seed: str) -> str:
        return (seed * (MAX_CELL // len(seed) + 1))[:MAX_CELL]

    rows = base_rows()
    rows["projects"][0]["title"] = text("Prakse Lietuvā ar ēdināšanu. ")
    rows["finance"][0]["description"] = text("Autobusa biļetes uz Kauņu un atpakaļ; ")
    rows["competitions"][0]["result"] = text("2. vieta; ")
    rows["events"][0]["title"] = text("Seminārs “Ūdens” — ")
    rows["mobilities"][1]["last_name"] = text("Bērziņš-")
    rows["mobilities"][0]["receiving_organisation"] = text("UAB Kauno baldai ")
    register(path, rows)


# --------------------------------------------------------------------------------------------
# The corpus.
# --------------------------------------------------------------------------------------------

REFUSED = "refused"
READ = "read"

# file -> (builder, kind, expected error code or allowed validate exit codes, lv, en)
CORPUS: dict[str, tuple[Callable[..., None], str, Any, str, str]] = {
    "not-a-zip.xlsx": (not_a_zip, REFUSED, "not_a_workbook",
                       "HTML tabula ar .xlsx nosaukumu", "an HTML table named .xlsx"),
    "csv-renamed.xlsx": (csv_renamed, REFUSED, "not_a_workbook", "CSV teksts ar .xlsx nosaukumu", "CSV text renamed .xlsx"),
    "zero-bytes.xlsx": (zero_bytes, REFUSED, "empty_file", "tukšs fails (0 baitu)", "an empty file (0 bytes)"),
    "truncated.xlsx": (truncated, REFUSED, "damaged", "nogriezts ZIP (puse faila)", "a truncated ZIP (half the file)"),
    "bomb-declared.xlsx": (bomb_declared, REFUSED, "too_large",
                           "ZIP bumba: 0,65 MB, lapa atspiesta 640 MiB, galvenē norādīts godīgi",
                           "zip bomb: 0.65 MB whose sheet unpacks to 640 MiB, declared honestly"),
    "bomb-lying.xlsx": (bomb_lying, REFUSED, "size_mismatch",
                        "ZIP bumba: 1 MB, lapa atspiesta ~1 GB, galvenes melo (norāda dažus simtus baitu)",
                        "zip bomb: 1 MB whose sheet unpacks to ~1 GB, headers lie (a few hundred bytes)"),
    "bomb-in-workbook-xml.xlsx": (bomb_in_workbook_xml, REFUSED, "size_mismatch",
                                  "ZIP bumba daļā xl/workbook.xml: 256 MiB atstarpju, galvenes melo",
                                  "zip bomb in xl/workbook.xml: 256 MiB of spaces, headers lie"),
    "billion-laughs.xlsx": (billion_laughs, REFUSED, "unsafe_xml", "XML entītiju izvēršana (“miljards smieklu”)",
                            "XML entity expansion (“billion laughs”)"),
    "xxe.xlsx": (xxe, REFUSED, "unsafe_xml", "ārēja XML entītija uz /etc/passwd (XXE)",
                 "external XML entity pointing at /etc/passwd (XXE)"),
    "doctype-late.xlsx": (doctype_late, REFUSED, "unsafe_xml", "XXE aiz 64 KB komentāra", "XXE behind a 64 KB comment"),
    "broken-xml.xlsx": (broken_xml, REFUSED, "damaged", "lapas XML pārtrūkst šūnas vidū (ZIP vesels)",
                        "a sheet's XML stops in the middle of a cell (the ZIP is sound)"),
    "password.xlsx": (password, REFUSED, "password_protected", "ar paroli aizsargāta darbgrāmata",
                      "a password-protected workbook"),
    "old.xls": (old_xls, READ, [0], "Excel 97–2003 .xls (LibreOffice)", "Excel 97–2003 .xls (LibreOffice)"),
    "register.ods": (ods, REFUSED, "column_missing", "OpenDocument izklājlapa ar trim virsrakstiem, bez reģistra kolonnām",
                     "an OpenDocument spreadsheet with three headers and no register columns"),
    "empty-workbook.xlsx": (empty_workbook, REFUSED, "sheet_missing", "tukša darbgrāmata bez reģistra lapām",
                            "an empty workbook with no register sheet"),
    "missing-sheets.xlsx": (missing_sheets, REFUSED, "sheet_missing", "trūkst lapu “Atsauksmes” un “Finanses”",
                            "the Atsauksmes and Finanses sheets are missing"),
    "million-rows.xlsx": (million_rows, REFUSED, "too_many_rows", "viena šūna 1 048 576. rindā",
                          "one cell in row 1,048,576"),
    "wide-and-deep.xlsx": (wide_and_deep, REFUSED, "too_many_cells",
                           "visas kolonnas A–XFD aizpildītas un šūna XFD700 (11,5 miljoni šūnu)",
                           "every column A–XFD used and a cell in XFD700 (11.5 million cells)"),
    "stray-cell-far-right.xlsx": (stray_cell_far_right, READ, [0],
                                  "viena šūna XFD150000 (2,5 miljardu šūnu režģis no A1)",
                                  "one cell in XFD150000 (a grid of 2.5 billion cells from A1)"),
    "header-row-3.xlsx": (header_row_3, READ, [0], "virsraksti 3. rindā zem nosaukuma", "headers in row 3 under a title"),
    "merged-header.xlsx": (merged_header, READ, [0], "apvienotas virsrakstu šūnas divās rindās",
                           "merged header cells over two rows"),
    "hidden.xlsx": (hidden, READ, [0], "slēptas lapas, rinda un kolonna", "hidden sheets, a hidden row and column"),
    "error-formulas.xlsx": (error_formulas, READ, [1], "formulas ar kļūdu vērtībām (#REF!, #N/A …)",
                            "formulas with error values (#REF!, #N/A …)"),
    "text-dates.xlsx": (text_dates, READ, [0], "datumi kā teksts piecos veidos", "dates as text in five forms"),
    "numbers-as-text.xlsx": (numbers_as_text, READ, [0], "skaitļi kā teksts (45 000,00; 180,00 €)",
                             "numbers stored as text (45 000,00; 180,00 €)"),
    "huge-numbers.xlsx": (huge_numbers, READ, [1], "skaitļi 1e30 un 1e40 (skaitlis un teksts)",
                          "the numbers 1e30 and 1e40 (as a number and as text)"),
    "spaces.xlsx": (spaces, READ, [0], "atstarpes sākumā, beigās un nedalāmās atstarpes",
                    "leading, trailing and non-breaking spaces"),
    "nfc-nfd.xlsx": (nfc_nfd, READ, [0], "latviešu burti NFC un NFD formā", "Latvian letters in NFC and NFD"),
    "emoji.xlsx": (emoji, READ, [0], "emocijzīmes un karogi", "emoji and flags"),
    "long-cells.xlsx": (long_cells, READ, [0], "šūnas ar 32 767 rakstzīmēm", "cells of 32,767 characters"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--libreoffice", action="store_true", help="write old.xls again with LibreOffice")
    parser.add_argument("--out", type=Path, default=OUT, help="target folder (default tests/data/bad_inputs)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    manifest = []
    with tempfile.TemporaryDirectory(prefix="bad-inputs-") as folder:
        for name, (build, kind, expect, lv, en) in CORPUS.items():
            work = Path(folder) / name
            work.mkdir()
            target = args.out / name
            if build is old_xls:
                build(target, work, libreoffice=args.libreoffice)
            else:
                build(target, work)
            entry: dict[str, Any] = {"file": name, "kind": kind, "lv": lv, "en": en, "bytes": target.stat().st_size}
            entry["code" if kind == REFUSED else "validate_exit"] = expect
            manifest.append(entry)
            print(f"{target.stat().st_size:>9,} B  {name}")
    (args.out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    total = sum(p.stat().st_size for p in args.out.iterdir())
    print(f"{total:>9,} B  kopā / total ({args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
