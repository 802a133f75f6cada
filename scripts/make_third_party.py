"""Regenerate tests/data/third_party/: one register as other tools and devices write it.

    python scripts/make_third_party.py [--libreoffice]

Registers reach the international office from partner schools, teachers' phones and online
spreadsheets, so the same register must read the same whoever wrote the file. Every file here
holds the same rows (two of them with mistakes, so that there are findings to compare), and
tests/io/test_third_party.py checks that each gives the findings and figures of `openpyxl.xlsx`.

- `openpyxl.xlsx`: openpyxl, as tests/builders.py writes registers (inline strings, styled dates);
- `xlsxwriter.xlsx`: XlsxWriter (shared strings, number formats for dates);
- `libreoffice.xlsx`: `openpyxl.xlsx` opened and saved by LibreOffice Calc;
- `google-sheets.xlsx`: written by hand at the ZIP/XML level as a Google Sheets export looks:
  inline strings, no styles part (dates are bare serial numbers), absolute relationship targets;
- `excel-mobile.xlsx`: relationship targets in the unusual but valid forms of Excel on Windows
  Phone (`./`, `../xl/`, a target already naming `xl/`, a percent-escape, another letter case);
- `utf16.xlsx`: the workbook, its relationships and the sheets in UTF-16, with and without a
  byte-order mark, little- and big-endian;
- `oversized-part.xlsx`: a sheet that unpacks 37 bytes larger than both its ZIP headers say.

Deterministic (fixed ZIP dates and document properties). LibreOffice stamps what it writes, so an
existing `libreoffice.xlsx` is kept; --libreoffice writes it again.
"""
from __future__ import annotations

import argparse
import codecs
import copy
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))

import xlsxwriter  # noqa: E402
from builders import declare_smaller, valid_rows, write_workbook  # noqa: E402
from make_bad_inputs import normalise, read_zip, write_zip  # noqa: E402

from erasmus_xl.io.workbook_file import column_letter  # noqa: E402
from erasmus_xl.model.schema import sheet_specs  # noqa: E402

OUT = ROOT / "tests" / "data" / "third_party"
EXCEL_EPOCH = dt.date(1899, 12, 30)
OVERRUN = 37                               # bytes the oversized part unpacks beyond its headers
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
WORKSHEET_TYPE = REL_NS + "/worksheet"


def corpus_rows() -> dict[str, list[dict[str, Any]]]:
    """The shared rows: a valid register plus a mobility with an unknown country and an end before
    its start, so that every file has the same findings to give."""
    rows = copy.deepcopy(valid_rows())
    rows["mobilities"].append(dict(rows["mobilities"][0], id="M3", first_name="Līga", last_name="Kalniņa",
                                   country="Atlantīda", start_date=dt.date(2025, 11, 20),
                                   end_date=dt.date(2025, 11, 10)))
    return rows


def table(spec_key: str, rows: dict[str, list[dict[str, Any]]]) -> tuple[list[str], list[list[Any]]]:
    """One sheet's headers (Latvian) and values, in contract order, optional columns when used."""
    spec = next(s for s in sheet_specs() if s.key == spec_key)
    records = rows.get(spec_key, [])
    columns = [c for c in spec.columns if not c.optional_column or any(c.key in r for r in records)]
    return [c.lv for c in columns], [[record.get(c.key) for c in columns] for record in records]


# --------------------------------------------------------------------------------------------
# The writers.
# --------------------------------------------------------------------------------------------

def write_openpyxl(path: Path) -> None:
    normalise(write_workbook(path, corpus_rows()))


def write_xlsxwriter(path: Path) -> None:
    rows = corpus_rows()
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    workbook.set_properties({"created": dt.datetime(2025, 1, 1)})
    date_format = workbook.add_format({"num_format": "dd.mm.yyyy"})
    bold = workbook.add_format({"bold": True})
    for spec in sheet_specs():
        sheet = workbook.add_worksheet(spec.lv)
        headers, values = table(spec.key, rows)
        sheet.write_row(0, 0, headers, bold)
        for r, record in enumerate(values, start=1):
            for c, value in enumerate(record):
                if isinstance(value, dt.date):
                    sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
                elif value is not None:
                    sheet.write(r, c, value)
    workbook.close()
    normalise(path)


def write_libreoffice(path: Path, work: Path, source: Path, *, again: bool) -> None:
    if path.exists() and not again:
        return
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is needed once to write libreoffice.xlsx: bash scripts/install_system_deps.sh")
    shutil.copyfile(source, work / "libreoffice.xlsx")
    outdir = work / "lo-out"
    subprocess.run([soffice, f"-env:UserInstallation=file://{work / 'lo-profile'}", "--headless", "--norestore",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(outdir), str(work / "libreoffice.xlsx")],
                   check=True, capture_output=True, timeout=180)
    shutil.copyfile(outdir / "libreoffice.xlsx", path)
    normalise(path)


def _cell(ref: str, value: Any) -> str:
    if isinstance(value, dt.date):
        return f'<c r="{ref}"><v>{(value - EXCEL_EPOCH).days}</v></c>'     # no styles part: a bare serial
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'


def google_parts(targets: list[str] | None = None, sheet_parts: list[str] | None = None) -> list[tuple[str, bytes]]:
    """The parts of a Google-Sheets-style package; `targets`/`sheet_parts` change how the sheets are
    named and pointed to (for the Excel-mobile file)."""
    rows = corpus_rows()
    specs = list(sheet_specs())
    sheet_parts = sheet_parts or [f"xl/worksheets/sheet{i}.xml" for i in range(1, len(specs) + 1)]
    targets = targets or ["/" + part for part in sheet_parts]
    parts: list[tuple[str, str]] = []
    overrides = "".join(f'<Override PartName="/{part}" ContentType="application/vnd.openxmlformats-officedocument.'
                        'spreadsheetml.worksheet+xml"/>' for part in sheet_parts)
    parts.append(("[Content_Types].xml",
                  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                  '<Default Extension="xml" ContentType="application/xml"/>'
                  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                  f'spreadsheetml.sheet.main+xml"/>{overrides}</Types>'))
    parts.append(("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{PKG_REL_NS}">'
                  f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="/xl/workbook.xml"/></Relationships>'))
    sheets = "".join(f'<sheet name="{escape(spec.lv)}" sheetId="{i}" r:id="rId{i}"/>'
                     for i, spec in enumerate(specs, start=1))
    parts.append(("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                  f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>{sheets}</sheets></workbook>'))
    relationships = "".join(f'<Relationship Id="rId{i}" Type="{WORKSHEET_TYPE}" Target="{escape(target)}"/>'
                            for i, target in enumerate(targets, start=1))
    parts.append(("xl/_rels/workbook.xml.rels", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                  f'<Relationships xmlns="{PKG_REL_NS}">{relationships}</Relationships>'))
    for spec, part in zip(specs, sheet_parts, strict=False):
        headers, values = table(spec.key, rows)
        lines = []
        for r, record in enumerate([headers, *values], start=1):
            cells = "".join(_cell(f"{column_letter(c)}{r}", v) for c, v in enumerate(record, start=1) if v is not None)
            lines.append(f'<row r="{r}">{cells}</row>')
        parts.append((part, f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{MAIN_NS}">'
                      f'<sheetData>{"".join(lines)}</sheetData></worksheet>'))
    return [(name, text.encode("utf-8")) for name, text in parts]


def write_google_sheets(path: Path) -> None:
    write_zip(path, [(name, data, zipfile.ZIP_DEFLATED) for name, data in google_parts()])


def write_excel_mobile(path: Path) -> None:
    count = len(list(sheet_specs()))
    sheet_parts = [f"xl/worksheets/sheet{i}.xml" for i in range(1, count + 1)]
    sheet_parts[3] = "xl/worksheets/sheet 4.xml"                 # a space, percent-escaped in its target
    targets = ["xl/worksheets/sheet1.xml", "./worksheets/sheet2.xml", "../xl/worksheets/sheet3.xml",
               "worksheets/sheet%204.xml", "Worksheets/Sheet5.xml", "worksheets\\sheet6.xml",
               "/xl/worksheets/sheet7.xml", "worksheets/sheet8.xml"][:count]
    write_zip(path, [(name, data, zipfile.ZIP_DEFLATED) for name, data in google_parts(targets, sheet_parts)])


def _utf16(data: bytes, codec: str, bom: bool) -> bytes:
    text = data.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"', 1)
    if not text.startswith("<?xml"):
        text = '<?xml version="1.0" encoding="UTF-16" standalone="yes"?>\n' + text
    mark = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}[codec] if bom else b""
    return mark + text.encode(codec)


def write_utf16(path: Path, source: Path) -> None:
    entries = []
    sheet = 0
    for name, data, method in read_zip(source):
        if name == "xl/workbook.xml":
            data = _utf16(data, "utf-16-le", bom=True)
        elif name == "xl/_rels/workbook.xml.rels":
            data = _utf16(data, "utf-16-be", bom=True)
        elif name.startswith("xl/worksheets/"):
            sheet += 1
            data = _utf16(data, ("utf-16-le", "utf-16-be")[sheet % 2], bom=sheet % 3 == 0)
        entries.append((name, data, method))
    write_zip(path, entries)


def write_oversized_part(path: Path, source: Path, part: str = "xl/worksheets/sheet2.xml") -> None:
    """`source` with one part declared OVERRUN bytes short in both ZIP headers (its CRC right)."""
    shutil.copyfile(source, path)
    declare_smaller(path, part, OVERRUN)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--libreoffice", action="store_true", help="write libreoffice.xlsx again with LibreOffice")
    parser.add_argument("--out", type=Path, default=OUT, help="target folder (default tests/data/third_party)")
    args = parser.parse_args(argv)
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="third-party-") as folder:
        work = Path(folder)
        write_openpyxl(out / "openpyxl.xlsx")
        write_xlsxwriter(out / "xlsxwriter.xlsx")
        write_libreoffice(out / "libreoffice.xlsx", work, out / "openpyxl.xlsx", again=args.libreoffice)
        write_google_sheets(out / "google-sheets.xlsx")
        write_excel_mobile(out / "excel-mobile.xlsx")
        write_utf16(out / "utf16.xlsx", out / "openpyxl.xlsx")
        write_oversized_part(out / "oversized-part.xlsx", out / "openpyxl.xlsx")
    for path in sorted(out.iterdir()):
        print(f"{path.stat().st_size:>9,} B  {path.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
