"""Build workbooks/register.xlsm: the register workbook with Excel buttons, from xlwings' own
quickstart template.

    python scripts/make_xlsm.py               # workbooks/register.xlsm (needs the xlwings add-in)
    python scripts/make_xlsm.py --standalone  # the xlwings VBA inside the workbook, no add-in
    python scripts/make_xlsm.py -o D:/Erasmus/register.xlsm   # also copies register.py beside it

What goes in, and why:
- the register layout of register_template.build_register (contract sheets with Latvian headers,
  drop-downs, Mērķi, Iestatījumi …): the workbook stays a readable register;
- a first sheet "Darbības" (actions) with one form button per action, the report-year and
  annex cells, and a drop-down fallback for choosing the action;
- a hidden "xlwings.conf" sheet: `UDF Modules = erasmus_xl.excel.xlwings_glue` and the quickstart's
  boolean keys; keys without a value are left out on purpose (an empty value in the sheet would
  override the add-in's own setting, e.g. the interpreter);
- xl/vbaProject.bin copied unchanged from xlwings' quickstart workbook: its macro `SampleCall`
  runs `RunPython "import <workbook name>; <workbook name>.main()"`. VBA cannot be edited
  reliably here, so every button calls SampleCall and Python decides which button it was
  (erasmus_xl.excel.buttons.choose_action). The workbook must therefore be called register.xlsm with
  register.py beside it (or on PYTHONPATH).

The buttons are VML form controls written by XlsxWriter's `insert_button` (its output is
checked against Excel's) on a scratch sheet with the same column widths and row heights, then
moved into the openpyxl package; their shape names are set to exl_validate … so that
Application.Caller names them. Zip entries carry fixed time stamps: two runs give the same bytes,
and tests/test_register_xlsm.py fails while the committed workbook is out of date.
"""
from __future__ import annotations

import argparse
import io
import re
import shutil
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side  # noqa: E402
from openpyxl.workbook.defined_name import DefinedName  # noqa: E402
from openpyxl.worksheet.datavalidation import DataValidation  # noqa: E402
from openpyxl.writer.excel import ExcelWriter  # noqa: E402

from erasmus_xl import __version__  # noqa: E402
from erasmus_xl.excel.buttons import (  # noqa: E402
    ACTION_LABEL,
    ACTIONS,
    ACTIONS_SHEET,
    ANNEX_LABEL,
    BUILT_WITH_LABEL,
    RUN_BUTTON,
    YEAR_LABEL,
)
from erasmus_xl.render.register_template import FIXED_TIMESTAMP, build_register  # noqa: E402

OUTPUT = ROOT / "workbooks" / "register.xlsm"
MODULE = ROOT / "workbooks" / "register.py"
CONFIG_SHEET = "xlwings.conf"
MACRO = "SampleCall"                       # the quickstart's macro (Module1)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
WIDTHS = {"A": 2.0, "B": 36.0, "C": 18.0, "D": 100.0}
BUTTON_ROW_HEIGHT = 30.0                   # points
FIRST_BUTTON_ROW = 5
CONFIG_KEYS = [("UDF Modules", "erasmus_xl.excel.xlwings_glue"), ("Use UDF Server", False), ("Show Console", False)]

MACRO_WORKBOOK_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
VBA_TYPE = "application/vnd.ms-office.vbaProject"
VML_TYPE = "application/vnd.openxmlformats-officedocument.vmlDrawing"
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
VML_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

FUNCTIONS = [
    ("EXL_INDICATOR(rādītājs; gads; [fails])",
     "Notikušo skaits, piem., =EXL_INDICATOR(\"learner_mobility_out\"; 2025). / Actual count of an indicator."),
    ("EXL_TARGET(rādītājs; gads; [fails])", "Mērķis no lapas “Mērķi”. / The target."),
    ("EXL_PROGRESS(rādītājs; gads; [fails])", "Notikušās ÷ mērķis (formatējiet kā %). / Actual ÷ target."),
    ("EXL_INDICATORS(gads; [fails])", "Visu rādītāju tabula ar virsrakstiem; izplešas uz leju. / All indicators, spilled."),
    ("EXL_DISTANCE_KM(no; uz)", "Attālums km vienā virzienā, piem., =EXL_DISTANCE_KM(\"Rēzekne\"; \"Kaunas\") → 279,6."),
    ("EXL_BAND(km)", "Erasmus+ attāluma josla, piem., =EXL_BAND(280) → 100–499 km."),
    ("EXL_TRAVEL_GRANT(km; zaļais; konkursa gads)",
     "Ceļa vienības izmaksa EUR, piem., =EXL_TRAVEL_GRANT(280; FALSE; 2024) → 180 (zaļais: 210)."),
    ("EXL_DURATION_OK(aktivitāte; sākums; beigas)",
     "Vai ilgums atbilst aktivitātes robežām (TRUE/FALSE), piem., LM-SHORT-VET 01.09.–21.09.2025 → TRUE."),
]


@dataclass(frozen=True)
class ButtonPlace:
    name: str        # shape name Application.Caller reports
    caption: str
    row: int         # 1-based sheet row


def quickstart_file(standalone: bool = False) -> Path:
    """xlwings' own quickstart workbook (what `xlwings quickstart NAME [--standalone]` copies)."""
    import xlwings

    folder = Path(xlwings.__file__).parent
    return folder / ("quickstart_standalone.xlsm" if standalone else "quickstart.xlsm")


def quickstart_vba(standalone: bool = False) -> bytes:
    with zipfile.ZipFile(quickstart_file(standalone)) as archive:
        return archive.read("xl/vbaProject.bin")


def built_with(standalone: bool) -> str:
    import xlwings

    kind = "standalone VBA" if standalone else "xlwings pievienojumprogramma / add-in"
    return f"erasmus_xl {__version__}; xlwings {xlwings.__version__} quickstart ({kind})"


# --------------------------------------------------------------------------- the workbook (openpyxl)


def _actions_sheet(workbook, standalone: bool) -> list[ButtonPlace]:
    """The Darbības sheet: captions, descriptions, settings cells; returns where buttons go."""
    sheet = workbook.create_sheet(ACTIONS_SHEET, 0)
    for letter, width in WIDTHS.items():
        sheet.column_dimensions[letter].width = width
    wrap = Alignment(wrap_text=True, vertical="center")
    sheet["B1"] = "Erasmus+ reģistrs — darbības / Actions"
    sheet["B1"].font = Font(bold=True, size=16, color="1F4E78")
    sheet["B2"] = ("Spiediet pogu. Rezultāti parādās šajā darbgrāmatā (lapas “Pārbaude”, “Rādītāji”, “Budžets”) vai "
                   "Word failos blakus tai; darbgrāmatu saglabājiet kā parasti (Ctrl+S). / Press a button: results "
                   "appear as sheets in this workbook or as Word files beside it.")
    sheet["B3"] = ("Vajag Python ar erasmus_xl un xlwings pievienojumprogrammu (sk. docs/excel-addin.md); failam jāsaucas "
                   "register.xlsm, un blakus tam jābūt register.py. / Needs Python with erasmus_xl and xlwings; keep "
                   "the name register.xlsm with register.py beside it.")
    for cell in ("B2", "B3"):
        sheet.merge_cells(f"{cell}:D{cell[1:]}")
        sheet[cell].alignment = wrap
        sheet.row_dimensions[int(cell[1:])].height = 32
    places = []
    row = FIRST_BUTTON_ROW
    for action in ACTIONS:
        sheet.row_dimensions[row].height = BUTTON_ROW_HEIGHT
        sheet.cell(row=row, column=4, value=action.description).alignment = wrap
        places.append(ButtonPlace(action.button, action.caption, row))
        row += 1
    thin = Side(style="thin", color="7F7F7F")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    entry = PatternFill("solid", fgColor="FFF2CC")
    row += 1
    sheet.cell(row=row, column=2, value="Iestatījumi pogām / Button settings").font = Font(bold=True, size=12)
    settings = [
        (f"{YEAR_LABEL} / Report year", "EXL_YEAR",
         "Tukšs — šis gads. Gada pārskats ir par šo gadu, rīcības plāns — nākamajam gadam. / Empty: this year; "
         "the action plan is for the year after."),
        (f"{ANNEX_LABEL} vai konkursa gads / Annex project or call year", "EXL_ANNEX",
         "Projekta numurs vai konkursa gads (piem., 2026); tukšs — jaunākais konkursa gads ar plānotām mobilitātēm. / "
         "A project number or a call year; empty: the newest call year with planned mobilities."),
        (f"{ACTION_LABEL} (rezerves izvēle) / Action (fallback)", "EXL_ACTION",
         "Poga “Izpildīt izvēlēto” izpilda šeit izvēlēto darbību; to izmanto arī tad, ja Excel nepasaka, kura poga "
         "nospiesta. / “Run chosen” runs this action; also used when Excel does not say which button was clicked."),
    ]
    cells = {}
    for label, defined, help_text in settings:
        row += 1
        sheet.row_dimensions[row].height = 30
        sheet.cell(row=row, column=2, value=label).alignment = wrap
        value_cell = sheet.cell(row=row, column=3)
        value_cell.fill, value_cell.border = entry, box
        value_cell.alignment = Alignment(horizontal="center", vertical="center")
        sheet.cell(row=row, column=4, value=help_text).alignment = wrap
        cells[defined] = value_cell.coordinate
        workbook.defined_names[defined] = DefinedName(defined, attr_text=f"'{ACTIONS_SHEET}'!${value_cell.column_letter}${row}")
    year = DataValidation(type="whole", operator="between", formula1="2000", formula2="2100", allow_blank=True,
                          showErrorMessage=True, errorTitle="Gads / Year",
                          error="Ierakstiet gadu, piem., 2025, vai atstājiet tukšu. / Enter a year or leave empty.")
    year.add(cells["EXL_YEAR"])
    words = ",".join(action.word for action in ACTIONS)
    choice = DataValidation(type="list", formula1=f'"{words}"', allow_blank=True, showErrorMessage=True,
                            errorTitle="Darbība / Action", error="Izvēlieties darbību no saraksta. / Choose from the list.")
    choice.add(cells["EXL_ACTION"])
    sheet.add_data_validation(year)
    sheet.add_data_validation(choice)
    row += 1
    sheet.row_dimensions[row].height = BUTTON_ROW_HEIGHT
    places.append(ButtonPlace(RUN_BUTTON, "Izpildīt izvēlēto / Run chosen", row))
    sheet.cell(row=row, column=4, value="Izpilda darbību, kas izvēlēta šūnā augstāk. / Runs the action chosen above.").alignment = wrap
    row += 2
    sheet.cell(row=row, column=2, value="Darbgrāmatas funkcijas (tikai Excel Windows) / Worksheet functions "
                                        "(Windows only)").font = Font(bold=True, size=12)
    row += 1
    sheet.cell(row=row, column=2, value=("Pirmoreiz: xlwings cilne ▸ Import Functions. Funkcijas lasa saglabāto failu — "
                                         "pēc izmaiņām saglabājiet (Ctrl+S). Atdalītājs — semikols vai komats atkarībā "
                                         "no Windows reģionālajiem iestatījumiem. / First: xlwings ▸ Import Functions; "
                                         "the functions read the saved file.")).alignment = wrap
    sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=4)
    sheet.row_dimensions[row].height = 32
    for signature, text in FUNCTIONS:
        row += 1
        sheet.cell(row=row, column=2, value=signature).font = Font(name="Consolas")
        sheet.cell(row=row, column=4, value=text).alignment = wrap
    row += 2
    sheet.cell(row=row, column=2, value=f"{BUILT_WITH_LABEL} / Built with")
    sheet.cell(row=row, column=3, value=built_with(standalone))
    sheet.cell(row=row, column=3).font = Font(color="595959")
    sheet.sheet_view.showGridLines = False
    sheet.sheet_properties.tabColor = "1F4E78"
    return places


def _config_sheet(workbook) -> None:
    """The xlwings.conf sheet: keys from A1 down, no blank row between them, only keys with values."""
    sheet = workbook.create_sheet(CONFIG_SHEET)
    for row, (key, value) in enumerate(CONFIG_KEYS, start=1):
        sheet.cell(row=row, column=1, value=key)
        sheet.cell(row=row, column=2, value=value)
    notes = [
        "xlwings iestatījumi: atslēgas no A1 uz leju bez tukšām rindām starp tām. Neatstājiet atslēgu ar tukšu vērtību — "
        "tā aizstāj pievienojumprogrammas iestatījumu.",
        "Lai norādītu Python, pievienojiet rindu tieši zem pēdējās atslēgas: INTERPRETER_WIN | C:\\…\\python.exe "
        "(macOS: INTERPRETER_MAC). Sk. docs/excel-addin.md.",
        "xlwings settings: keys from A1 down with no blank row between them; never leave a key with an empty value "
        "(it overrides the add-in's setting). To set Python, add INTERPRETER_WIN / INTERPRETER_MAC right below.",
    ]
    for offset, text in enumerate(notes):
        sheet.cell(row=len(CONFIG_KEYS) + 2 + offset, column=1, value=text)
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 40
    sheet.sheet_state = "hidden"


def build_workbook(standalone: bool = False):
    """(openpyxl workbook, button places): the register plus the Darbības and xlwings.conf sheets."""
    workbook = build_register()
    places = _actions_sheet(workbook, standalone)
    _config_sheet(workbook)
    workbook.active = 0
    for sheet in workbook.worksheets:
        sheet.sheet_view.tabSelected = sheet.title == ACTIONS_SHEET
    # VBA document modules are matched to sheets by code name (as XlsxWriter writes them).
    workbook.code_name = "ThisWorkbook"
    for number, sheet in enumerate(workbook.worksheets, start=1):
        sheet.sheet_properties.codeName = f"Sheet{number}"
    props = workbook.properties
    props.created = props.modified = FIXED_TIMESTAMP
    return workbook, places


def _xlsx_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()   # not workbook.save(): that would stamp "modified = now"
    return buffer.getvalue()


# --------------------------------------------------------------------------- the buttons (VML)


def button_vml(places: list[ButtonPlace], heights: dict[int, float]) -> bytes:
    """The VML drawing with one form button per place, all wired to the quickstart macro."""
    import xlsxwriter

    buffer = io.BytesIO()
    scratch = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = scratch.add_worksheet(ACTIONS_SHEET)
    for index, letter in enumerate(WIDTHS):
        sheet.set_column(index, index, WIDTHS[letter])
    for row, height in heights.items():
        sheet.set_row(row - 1, height)
    button_width = int(WIDTHS["B"] * 7 + 5) - 8
    for place in places:
        height_px = int(heights.get(place.row, 15) * 4 / 3) - 6
        sheet.insert_button(place.row - 1, 1, {"macro": MACRO, "caption": place.caption, "width": button_width,
                                               "height": height_px, "x_offset": 4, "y_offset": 3})
    scratch.close()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        vml = archive.read("xl/drawings/vmlDrawing1.vml").decode("utf-8")
    shapes = re.findall(r'<v:shape id="(_x0000_s\d+)"', vml)
    if len(shapes) != len(places):
        raise RuntimeError(f"expected {len(places)} buttons in the VML, found {len(shapes)}")
    for spid, place in zip(shapes, places, strict=True):
        # Excel keeps a shape's name in `id` and its number in `o:spid` (as in the files it saves).
        vml = vml.replace(f'<v:shape id="{spid}"', f'<v:shape id="{place.name}" o:spid="{spid}"', 1)
    return vml.encode("utf-8")


# --------------------------------------------------------------------------- the package


def _first_sheet_part(parts: dict[str, bytes]) -> str:
    workbook = parts["xl/workbook.xml"].decode("utf-8")
    rid = re.search(r'<sheet [^>]*?r:id="([^"]+)"', workbook)[1]
    rels = parts["xl/_rels/workbook.xml.rels"].decode("utf-8")
    for rel in re.findall(r"<Relationship [^>]*/>", rels):
        if f'Id="{rid}"' in rel:
            target = re.search(r'Target="([^"]+)"', rel)[1]
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    raise RuntimeError("first sheet not found")


def _add_relationship(rels_xml: str | None, rel_type: str, target: str) -> tuple[str, str]:
    if rels_xml is None:
        rels_xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>')
    used = set(re.findall(r'Id="([^"]+)"', rels_xml))
    number = 1
    while f"rId{number}" in used:
        number += 1
    rid = f"rId{number}"
    element = f'<Relationship Id="{rid}" Type="{rel_type}" Target="{target}"/>'
    return rels_xml.replace("</Relationships>", element + "</Relationships>"), rid


def _insert_legacy_drawing(sheet_xml: str, rid: str) -> str:
    """`<legacyDrawing>` where the schema wants it: after drawing, before tableParts/extLst."""
    attribute = "r:id" if 'xmlns:r="' in sheet_xml[:2000] else f'xmlns:r="{R_NS}" r:id'
    element = f'<legacyDrawing {attribute}="{rid}"/>'
    for follower in ("<legacyDrawingHF", "<drawingHF", "<picture", "<oleObjects", "<controls", "<webPublishItems",
                     "<tableParts", "<extLst", "</worksheet>"):
        position = sheet_xml.find(follower)
        if position >= 0:
            return sheet_xml[:position] + element + sheet_xml[position:]
    raise RuntimeError("not a worksheet")


def package(xlsx: bytes, vba: bytes, vml: bytes) -> bytes:
    """Turn the openpyxl .xlsx into a macro workbook: VBA project, buttons on the first sheet."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        names = archive.namelist()
        parts = {name: archive.read(name) for name in names}
    types = parts["[Content_Types].xml"].decode("utf-8")
    types = re.sub(r'(<Override PartName="/xl/workbook.xml" ContentType=")[^"]+"', rf'\1{MACRO_WORKBOOK_TYPE}"', types)
    for extension, content_type in (("bin", VBA_TYPE), ("vml", VML_TYPE)):
        if f'Extension="{extension}"' not in types:
            types = types.replace("<Default ", f'<Default Extension="{extension}" ContentType="{content_type}"/><Default ', 1)
    parts["[Content_Types].xml"] = types.encode("utf-8")
    rels, _ = _add_relationship(parts["xl/_rels/workbook.xml.rels"].decode("utf-8"), VBA_REL, "vbaProject.bin")
    parts["xl/_rels/workbook.xml.rels"] = rels.encode("utf-8")
    parts["xl/vbaProject.bin"] = vba
    sheet_part = _first_sheet_part(parts)
    folder, file_name = sheet_part.rsplit("/", 1)
    sheet_rels_name = f"{folder}/_rels/{file_name}.rels"
    drawing = "xl/drawings/vmlDrawing1.vml"   # Excel's own name; openpyxl (keep_vba) keeps only vmlDrawingN.vml
    sheet_rels, rid = _add_relationship(parts[sheet_rels_name].decode("utf-8") if sheet_rels_name in parts else None,
                                        VML_REL, "../drawings/vmlDrawing1.vml")
    parts[sheet_rels_name] = sheet_rels.encode("utf-8")
    parts[sheet_part] = _insert_legacy_drawing(parts[sheet_part].decode("utf-8"), rid).encode("utf-8")
    parts[drawing] = vml
    order = ["[Content_Types].xml"] + [n for n in names if n != "[Content_Types].xml"]
    order += [n for n in parts if n not in order]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, parts[name])
    return buffer.getvalue()


def build_xlsm(standalone: bool = False) -> bytes:
    """The whole register.xlsm as bytes (the same bytes on every run with the same versions)."""
    workbook, places = build_workbook(standalone)
    sheet = workbook[ACTIONS_SHEET]
    heights = {row: dim.height for row, dim in sheet.row_dimensions.items() if dim.height}
    return package(_xlsx_bytes(workbook), quickstart_vba(standalone), button_vml(places, heights))


def write_xlsm(output: Path = OUTPUT, *, standalone: bool = False) -> Path:
    output = Path(output)
    if output.suffix.lower() != ".xlsm":
        raise SystemExit("The output must be an .xlsm file.")
    if not output.stem.isidentifier():
        raise SystemExit(f"“{output.stem}” is not a Python module name: the quickstart macro imports a module named "
                         f"like the workbook (letters, digits and _ only), e.g. register.xlsm → register.py.")
    output.parent.mkdir(parents=True, exist_ok=True)
    temp = output.with_name(f".{output.name}.tmp")
    temp.write_bytes(build_xlsm(standalone))
    temp.replace(output)
    module = output.with_suffix(".py")
    if module.resolve() != MODULE.resolve():
        shutil.copyfile(MODULE, module)
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT, help="the .xlsm to write (default: %(default)s)")
    parser.add_argument("--standalone", action="store_true",
                        help="embed xlwings' VBA module (no add-in needed; must match the xlwings package version)")
    args = parser.parse_args(argv)
    path = write_xlsm(args.output, standalone=args.standalone)
    print(f"Uzrakstīts / written: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
