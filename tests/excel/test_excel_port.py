"""The workbook port: the file adapter reads like the reader and never writes its input; the
live adapter, run against a small fake of the xlwings API it uses, reads, writes and marks the
way Excel would be asked to. (There is no Excel here: the fake stands in for it, including
Excel's habit of turning typed-looking text into numbers, dates and formulas.)"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from builders import valid_rows, write_workbook
from openpyxl.comments import Comment
from openpyxl.utils import column_index_from_string, get_column_letter

import erasmus_xl
from erasmus_xl import read_register, validate
from erasmus_xl.demo import write_demo
from erasmus_xl.domain.indicators import compute_indicators
from erasmus_xl.excel.excel_live import (
    LiveWorkbook,
    address_batches,
    chart_source,
)
from erasmus_xl.excel.excel_port import (
    EXCEL_ERRORS,
    FileWorkbook,
    WorkbookPort,
    excel_text,
    finding_marks,
    hyperlink_formula,
    is_mark,
    read_port,
    sheet_image,
    split_errors,
)
from erasmus_xl.model.errors import RegisterError
from erasmus_xl.render.annotate import write_annotated_copy
from erasmus_xl.render.dashboard import add_indicator_sheet

ROOT = Path(__file__).resolve().parents[2]


# --------------------------------------------------------------------------- a fake of the xlwings API


class Formula(str):
    """A cell Excel evaluates (what a string starting with "=" becomes)."""


class ErrorValue(str):
    """An Excel error value such as #REF!."""


_NUMBER = re.compile(r"^\s*-?\d+([.,]\d+)?\s*%?\s*$")
_DATE = re.compile(r"^\s*\d{1,2}[./]\d{1,2}[./]\d{2,4}\.?\s*$")


def typed(value: Any) -> Any:
    """What Excel stores when Range.value is given `value` (it parses text as if typed)."""
    if not isinstance(value, str):
        return value
    if value.startswith("'"):
        return value[1:]
    if value.startswith("="):
        return Formula(value)
    if _NUMBER.match(value):
        return float(value.replace(",", ".").rstrip("% "))
    if _DATE.match(value):
        return dt.datetime(2000, 1, 1)   # "became a date": the text is lost
    if value.strip().upper() in ("TRUE", "FALSE"):
        return value.strip().upper() == "TRUE"
    return value


def evaluated(formula: Formula) -> Any:
    """What Excel shows for a formula (only the HYPERLINK formulas erasmus_xl writes)."""
    match = re.match(r'^=HYPERLINK\("(?:[^"]|"")*","((?:[^"]|"")*)"\)$', formula)
    return match[1].replace('""', '"') if match else formula


def parse_address(address: str) -> list[tuple[int, int]]:
    cells: list[tuple[int, int]] = []
    for part in address.replace("$", "").split(","):
        ends = part.split(":")
        (c1, r1), (c2, r2) = [_split(e) for e in (ends[0], ends[-1])]
        cells += [(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]
    return cells


def _split(ref: str) -> tuple[int, int]:
    match = re.match(r"^([A-Z]+)(\d+)$", ref)
    return column_index_from_string(match[1]), int(match[2])


class FakeNote:
    def __init__(self, sheet: FakeSheet, cell: tuple[int, int]) -> None:
        self.sheet, self.cell = sheet, cell

    @property
    def text(self) -> str:
        return self.sheet.notes[self.cell]

    def delete(self) -> None:
        del self.sheet.notes[self.cell]


class FakeFont:
    def __init__(self, rng: FakeRange) -> None:
        object.__setattr__(self, "rng", rng)

    def __setattr__(self, name: str, value: Any) -> None:
        for cell in self.rng.cells:
            self.rng.sheet.formats.setdefault(cell, {})[f"font.{name}"] = value


class FakeApi:
    def __init__(self, rng: FakeRange) -> None:
        object.__setattr__(self, "rng", rng)

    def __setattr__(self, name: str, value: Any) -> None:
        for cell in self.rng.cells:
            self.rng.sheet.formats.setdefault(cell, {})[f"api.{name}"] = value


class FakeRange:
    def __init__(self, sheet: FakeSheet, cells: list[tuple[int, int]]) -> None:
        self.sheet, self.cells = sheet, cells
        self._err_to_str = False

    def options(self, ndim: int | None = None, err_to_str: bool = False, **_: Any) -> FakeRange:
        self._err_to_str = err_to_str
        return self

    @property
    def row(self) -> int:
        return self.cells[0][0]

    @property
    def column(self) -> int:
        return self.cells[0][1]

    @property
    def last_cell(self) -> FakeRange:
        return FakeRange(self.sheet, [max(self.cells)])

    @property
    def value(self) -> Any:
        rows = sorted({r for r, _ in self.cells})
        cols = sorted({c for _, c in self.cells})
        matrix = []
        for r in rows:
            line = []
            for c in cols:
                v = self.sheet.values.get((r, c))
                if isinstance(v, ErrorValue):
                    v = str(v) if self._err_to_str else None
                elif isinstance(v, Formula):
                    v = evaluated(v)
                line.append(v)
            matrix.append(line)
        return matrix

    @value.setter
    def value(self, matrix: Any) -> None:
        r0, c0 = self.cells[0]
        for i, line in enumerate(matrix):
            for j, v in enumerate(line):
                stored = typed(v)
                if stored is None:
                    self.sheet.values.pop((r0 + i, c0 + j), None)
                else:
                    self.sheet.values[(r0 + i, c0 + j)] = stored

    @property
    def color(self) -> tuple[int, int, int] | None:
        hex_ = self.sheet.formats.get(self.cells[0], {}).get("color")
        return None if hex_ is None else tuple(int(hex_[i:i + 2], 16) for i in (1, 3, 5))

    @color.setter
    def color(self, value: str | None) -> None:
        for cell in self.cells:
            self.sheet.formats.setdefault(cell, {})["color"] = value

    def _set(self, key: str, value: Any) -> None:
        for cell in self.cells:
            self.sheet.formats.setdefault(cell, {})[key] = value

    number_format = property(lambda self: None, lambda self, v: self._set("number_format", v))
    wrap_text = property(lambda self: None, lambda self, v: self._set("wrap_text", v))

    @property
    def font(self) -> FakeFont:
        return FakeFont(self)

    @property
    def api(self) -> FakeApi:
        return FakeApi(self)

    @property
    def column_width(self) -> None:
        return None

    @column_width.setter
    def column_width(self, value: float) -> None:
        self.sheet.widths[get_column_letter(self.column)] = value

    @property
    def row_height(self) -> None:
        return None

    @row_height.setter
    def row_height(self, value: float) -> None:
        self.sheet.heights[self.row] = value

    @property
    def left(self) -> float:
        return 50.0 * (self.column - 1)

    @property
    def top(self) -> float:
        return 15.0 * (self.row - 1)

    def merge(self) -> None:
        self.sheet.merges.append(self.cells)

    def unmerge(self) -> None:
        self.sheet.merges.clear()

    def clear(self) -> None:
        self.sheet.values.clear()
        self.sheet.formats.clear()
        self.sheet.notes.clear()

    @property
    def note(self) -> FakeNote | None:
        return FakeNote(self.sheet, self.cells[0]) if self.cells[0] in self.sheet.notes else None

    def add_note(self, text: str) -> FakeNote:
        self.sheet.notes[self.cells[0]] = text
        return FakeNote(self.sheet, self.cells[0])


class FakeSeries:
    def __init__(self) -> None:
        self.chart_type = None
        self.line_color = None


class FakeChart:
    def __init__(self, sheet: FakeSheet, **kwargs: Any) -> None:
        self.sheet, self.place = sheet, kwargs
        self.source = self.chart_type = self.title = None
        self.series: list[FakeSeries] = []

    def set_source_data(self, rng: FakeRange, plot_by: str | None = None) -> None:
        self.source = rng
        self.series = [FakeSeries() for _ in range(len({c for _, c in rng.cells}) - 1)]

    def delete(self) -> None:
        self.sheet.charts.remove(self)


class FakeCharts(list):
    def __init__(self, sheet: FakeSheet) -> None:
        super().__init__()
        self.sheet = sheet

    def add(self, **kwargs: Any) -> FakeChart:
        chart = FakeChart(self.sheet, **kwargs)
        self.append(chart)
        return chart


class FakeSheet:
    def __init__(self, book: FakeBook, name: str) -> None:
        self.book, self.name = book, name
        self.values: dict[tuple[int, int], Any] = {}
        self.formats: dict[tuple[int, int], dict[str, Any]] = {}
        self.notes: dict[tuple[int, int], str] = {}
        self.merges: list = []
        self.widths: dict[str, float] = {}
        self.heights: dict[int, float] = {}
        self.charts = FakeCharts(self)
        self.activated = 0

    def range(self, first: Any, last: Any = None) -> FakeRange:
        if isinstance(first, tuple):
            last = last or first
            return FakeRange(self, [(r, c) for r in range(first[0], last[0] + 1) for c in range(first[1], last[1] + 1)])
        if last is not None:
            return FakeRange(self, parse_address(f"{first}:{last}"))
        return FakeRange(self, parse_address(first))

    @property
    def used_range(self) -> FakeRange:
        if not self.values:
            return self.range("A1")
        rows = [r for r, _ in self.values]
        cols = [c for _, c in self.values]
        return self.range((min(rows), min(cols)), (max(rows), max(cols)))

    @property
    def cells(self) -> FakeRange:
        return FakeRange(self, [(1, 1)])

    def activate(self) -> None:
        self.activated += 1

    def text(self, address: str) -> Any:
        return self.values.get(parse_address(address)[0])


class FakeSheets:
    def __init__(self, book: FakeBook) -> None:
        self.book = book
        self.items: list[FakeSheet] = []

    def __iter__(self):
        return iter(list(self.items))

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, key: int | str) -> FakeSheet:
        if isinstance(key, int):
            return self.items[key]
        return next(s for s in self.items if s.name == key)

    def add(self, name: str, before: FakeSheet | None = None, after: FakeSheet | None = None) -> FakeSheet:
        sheet = FakeSheet(self.book, name)
        index = self.items.index(before) if before is not None else self.items.index(after) + 1 if after else 0
        self.items.insert(index, sheet)
        return sheet

    @property
    def active(self) -> FakeSheet:
        return self.items[0]


class FakeAppApi:
    def __init__(self) -> None:
        self.Caller: Any = None


class FakeApp:
    def __init__(self) -> None:
        self.alerts: list[tuple[str, str]] = []
        self.status_history: list[Any] = []
        self._status: Any = False
        self.screen_updating = True
        self.api = FakeAppApi()
        self.startup_path = "/nonexistent"

    def alert(self, prompt: str, title: str | None = None, **_: Any) -> None:
        self.alerts.append((title or "", prompt))

    @property
    def status_bar(self) -> Any:
        return self._status

    @status_bar.setter
    def status_bar(self, value: Any) -> None:
        self._status = value
        self.status_history.append(value)


class FakeBook:
    def __init__(self, fullname: str) -> None:
        self.fullname = fullname
        self.name = Path(fullname).name
        self.app = FakeApp()
        self.sheets = FakeSheets(self)

    @classmethod
    def from_file(cls, path: Path) -> FakeBook:
        """The workbook as xlwings would read it from Excel: numbers as floats, dates as datetimes."""
        book = cls(str(path))
        source = openpyxl.load_workbook(path)
        for ws in source.worksheets:
            sheet = book.sheets.add(ws.title, after=book.sheets.items[-1] if book.sheets.items else None)
            for row in ws.iter_rows():
                for cell in row:
                    value = cell.value
                    if value is None:
                        continue
                    if isinstance(value, bool):
                        pass
                    elif isinstance(value, (int, float)):
                        value = float(value)
                    elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                        value = dt.datetime(value.year, value.month, value.day)
                    elif isinstance(value, str) and value.startswith("#") and value in EXCEL_ERRORS:
                        value = ErrorValue(value)
                    sheet.values[(cell.row, cell.column)] = value
                    if cell.comment is not None:
                        sheet.notes[(cell.row, cell.column)] = cell.comment.text
        return book


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    return write_demo(folder)


def _digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _same_register(a, b) -> None:
    for key in ("mobilities", "incoming", "events", "competitions", "projects", "partners", "feedback", "finance"):
        assert getattr(a, key) == getattr(b, key), key
    assert a.cell_findings == b.cell_findings
    assert a.layouts == b.layouts
    assert a.targets == b.targets
    assert a.settings == b.settings
    assert a.education_programmes == b.education_programmes


# --------------------------------------------------------------------------- reading through the port


@pytest.mark.parametrize("variant", [{}, {"english": True, "shuffle": True}, {"tables": True, "header_row": 3},
                                     {"blank_rows": True, "extra_column": "Piezīmes"}])
def test_file_port_reads_exactly_like_the_reader(tmp_path, variant):
    path = write_workbook(tmp_path / "r.xlsx", **variant)
    port = FileWorkbook(path)
    assert isinstance(port, WorkbookPort)
    _same_register(read_port(port), read_register(path))


def test_file_port_reads_the_demo_with_mistakes_like_the_reader(demo):
    _, mistakes = demo
    register = read_port(FileWorkbook(mistakes))
    _same_register(register, read_register(mistakes))
    assert validate(register) == validate(read_register(mistakes))


def test_file_port_reads_the_macro_workbook():
    path = ROOT / "workbooks" / "register.xlsm"
    _same_register(read_port(FileWorkbook(path)), read_register(path))


def test_port_raises_the_readers_errors(tmp_path):
    path = write_workbook(tmp_path / "r.xlsx", omit_sheets=("projects",))
    with pytest.raises(RegisterError) as caught:
        read_port(FileWorkbook(path))
    assert caught.value.code == "sheet_missing"
    with pytest.raises(RegisterError):
        FileWorkbook(tmp_path / "nav.xlsx")


def test_excel_error_values_read_as_empty_and_are_reported():
    rows, errors = split_errors([["ID", "Valsts"], ["M1", "#REF!"], ["#N/A", "#REFERENCE"]])
    assert rows == [["ID", "Valsts"], ["M1", ""], ["", "#REFERENCE"]]
    assert errors == {(2, 2): "#REF!", (3, 1): "#N/A"}


# --------------------------------------------------------------------------- writing a new file


def test_file_port_writes_a_new_file_never_the_input(tmp_path):
    source = write_workbook(tmp_path / "r.xlsx")
    before = _digest(source)
    port = FileWorkbook(source)
    assert port.commit() is None                           # nothing written, nothing saved
    assert port.output == tmp_path / "r-parbaude.xlsx"
    port.mark_cell("Mobilitātes", "B2", "FFC7CE", "KĻŪDA: tests")
    assert port.commit() == tmp_path / "r-parbaude.xlsx"
    assert _digest(source) == before
    with pytest.raises(RegisterError) as caught:
        port = FileWorkbook(source, source, force=True)
        port.mark_cell("Mobilitātes", "B2", "FFC7CE", "x")
        port.commit()
    assert caught.value.code == "output_is_input"
    assert _digest(source) == before


def test_file_port_keeps_the_vba_of_a_macro_workbook(tmp_path):
    import shutil
    import zipfile

    source = tmp_path / "register.xlsm"
    shutil.copyfile(ROOT / "workbooks" / "register.xlsm", source)
    port = FileWorkbook(source)
    assert port.output.name == "register-parbaude.xlsm"
    port.replace_sheet("Jauna", lambda wb, title: wb.create_sheet(title))
    written = port.commit()
    with zipfile.ZipFile(written) as archive:
        assert "xl/vbaProject.bin" in archive.namelist()


def test_marks_leave_a_persons_note_and_clear_only_their_own(tmp_path):
    rows = valid_rows()
    source = write_workbook(tmp_path / "r.xlsx", rows)
    book = openpyxl.load_workbook(source)
    book["Mobilitātes"]["C2"].comment = Comment("Anna: jāpārbauda", "Anna")
    book.save(source)
    port = FileWorkbook(source)
    port.mark_cell("Mobilitātes", "B2", "FFC7CE", "KĻŪDA: pirmā")
    port.mark_cell("Mobilitātes", "C2", "FFEB9C", "BRĪDINĀJUMS: otrā")
    sheet = port.workbook()["Mobilitātes"]
    assert sheet["B2"].comment.text == "KĻŪDA: pirmā" and sheet["B2"].comment.author == "erasmus_xl"
    assert sheet["C2"].comment.text == "Anna: jāpārbauda"          # hers stays
    assert sheet["C2"].fill.fgColor.rgb.endswith("FFEB9C")
    sheet["D2"].fill = openpyxl.styles.PatternFill("solid", fgColor="00B050")   # a colour of her own
    assert port.clear_marks([("Mobilitātes", "B2"), ("Mobilitātes", "C2"), ("Mobilitātes", "D2"),
                             ("Nav tādas", "A1")]) == 2
    assert sheet["B2"].comment is None and sheet["B2"].fill.fill_type is None
    assert sheet["C2"].comment.text == "Anna: jāpārbauda" and sheet["C2"].fill.fill_type is None
    assert sheet["D2"].fill.fgColor.rgb.endswith("00B050")


def test_is_mark_knows_erasmus_xl_comments():
    assert is_mark("KĻŪDA: x") and is_mark("  BRĪDINĀJUMS: y") and is_mark("anything", "erasmus_xl")
    assert not is_mark("Anna: KĻŪDA: x", "Anna") and not is_mark("", None)


def test_finding_marks_are_what_the_annotated_copy_shows(tmp_path):
    rows = valid_rows()
    rows["mobilities"][0].update(country="Marss", status="apstiprināta")
    rows["mobilities"][1].update(start_date="32.13.2025")
    source = write_workbook(tmp_path / "r.xlsx", rows)
    book = erasmus_xl.open(source, today=dt.date(2026, 1, 10))
    findings = book.report.findings
    marks = finding_marks(findings)
    copy = openpyxl.load_workbook(write_annotated_copy(book))
    assert {(m.sheet, m.cell) for m in marks} == {(f.sheet, f.cell) for f in findings}
    for mark in marks:
        cell = copy[mark.sheet][mark.cell]
        assert cell.comment.text == mark.comment
        assert cell.fill.fgColor.rgb.endswith(mark.fill)


# --------------------------------------------------------------------------- sheet images


def test_text_that_excel_would_reinterpret_keeps_an_apostrophe():
    assert excel_text("Lietuva") == "Lietuva"
    for text in ("=1+1", "+371", "-5", "05.03.2025.", "2025", "1,5", "TRUE", "#N/A", "50%", "@x", "'quoted"):
        assert excel_text(text) == "'" + text
    assert typed(excel_text("05.03.2025.")) == "05.03.2025."       # the fake Excel keeps it as text
    assert hyperlink_formula("'Mobilitātes'!J2", 'J"2') == '=HYPERLINK("#\'Mobilitātes\'!J2","J""2")'


def test_indicator_sheet_image_has_values_colours_and_the_charts(tmp_path):
    register = read_register(write_workbook(tmp_path / "r.xlsx"))
    report = compute_indicators(register, as_of=dt.date(2025, 12, 1))
    book = openpyxl.Workbook()
    sheet = add_indicator_sheet(book, report)
    image = sheet_image(sheet)
    flat = [v for row in image.values for v in row if v is not None]
    assert "Izglītojamo prakses mobilitātes" in flat
    assert "'2025" in flat                                     # a year label stays text
    statuses = {s for s, cells in image.styles.items() if s.fill in ("C6EFCE", "FFC7CE", "FFEB9C")}
    assert statuses, "the dashboard's status colours (conditional formats) become fixed fills"
    assert len(image.charts) == 8
    chart = image.charts[0]
    assert [s.kind for s in chart.series] == ["bar", "bar", "line"] and chart.stacked
    assert chart.title == "Izglītojamo prakses mobilitātes"
    # categories (years, column A) next to the series: one rectangle; further away: two areas
    assert "," not in chart_source(chart) and chart_source(chart).startswith("A")
    assert chart_source(image.charts[1]).count(",") == 1


def test_address_batches_fit_excels_limit():
    addresses = [f"A{i}" for i in range(1, 400)]
    batches = address_batches(addresses)
    assert all(len(b) <= 250 for b in batches)
    assert ",".join(batches).split(",") == addresses


# --------------------------------------------------------------------------- the live adapter (fake Excel)


def test_live_reads_what_the_reader_reads_from_the_file(demo, tmp_path):
    """Excel gives every number as a float and dates as datetimes: the register is the same."""
    for path in (*demo, write_workbook(tmp_path / "en.xlsx", english=True, tables=True)):
        _same_register(read_port(LiveWorkbook(FakeBook.from_file(path))), read_register(path))


def test_live_reads_like_the_reader_with_floats_and_error_values(tmp_path):
    rows = valid_rows()
    rows["mobilities"][0]["country"] = "#REF!"
    path = write_workbook(tmp_path / "r.xlsx", rows)
    port = LiveWorkbook(FakeBook.from_file(path))
    register = read_port(port)
    expected = read_register(path)
    assert register.mobilities[1] == expected.mobilities[1]
    assert register.incoming == expected.incoming and register.finance == expected.finance
    codes = {f.code for f in register.cell_findings}
    assert "excel_error" in codes
    assert port.error_cells["Mobilitātes"]


def test_live_path_is_none_for_unsaved_or_url_workbooks():
    assert LiveWorkbook(FakeBook("Book1")).path is None
    assert LiveWorkbook(FakeBook("https://d.docs.live.net/abc/register.xlsm")).folder is None
    assert LiveWorkbook(FakeBook(str(Path("/skola/register.xlsm").resolve()))).folder == Path("/skola").resolve()


def test_live_replace_sheet_writes_text_as_text_formats_and_charts(tmp_path):
    register = read_register(write_workbook(tmp_path / "r.xlsx"))
    report = compute_indicators(register, as_of=dt.date(2025, 12, 1))
    book = FakeBook.from_file(tmp_path / "r.xlsx")
    port = LiveWorkbook(book)
    port.replace_sheet("Rādītāji", lambda wb, title: add_indicator_sheet(wb, report, title=title), activate=True)
    sheet = book.sheets["Rādītāji"]
    assert book.sheets.items[-1] is sheet and sheet.activated == 1
    values = list(sheet.values.values())
    assert "2025" in values and 2025.0 not in values             # labels stay text
    assert not any(isinstance(v, Formula) for v in values)
    assert len(sheet.charts) == 8
    assert sheet.charts[0].chart_type == "column_stacked" and sheet.charts[0].series[2].chart_type == "line_markers"
    assert sheet.widths["B"] == 58
    assert any(f.get("font.bold") for f in sheet.formats.values())
    # again: cleared in place (formulas pointing at it keep working), not added twice
    port.replace_sheet("Rādītāji", lambda wb, title: add_indicator_sheet(wb, report, title=title))
    assert [s.name for s in book.sheets].count("Rādītāji") == 1 and len(sheet.charts) == 8
    assert book.app.screen_updating is True or port._screen_was is not None
    port.commit()
    assert book.app.screen_updating is True


def test_live_marks_respect_a_persons_note(tmp_path):
    book = FakeBook.from_file(write_workbook(tmp_path / "r.xlsx"))
    sheet = book.sheets["Mobilitātes"]
    sheet.notes[(2, 3)] = "Anna: jāpārbauda"
    port = LiveWorkbook(book)
    port.mark_cell("Mobilitātes", "B2", "FFC7CE", "KĻŪDA: pirmā")
    port.mark_cell("Mobilitātes", "C2", "FFEB9C", "BRĪDINĀJUMS: otrā")
    port.mark_cell("Mobilitātes", "B2", "FFC7CE", "KĻŪDA: atkārtoti")     # our own note is replaced
    assert sheet.notes[(2, 2)] == "KĻŪDA: atkārtoti" and sheet.notes[(2, 3)] == "Anna: jāpārbauda"
    assert sheet.formats[(2, 3)]["color"] == "#FFEB9C"
    assert port.clear_marks([("Mobilitātes", "B2"), ("Mobilitātes", "C2"), ("Cita", "A1")]) == 2
    assert (2, 2) not in sheet.notes and sheet.notes[(2, 3)] == "Anna: jāpārbauda"
    assert sheet.formats[(2, 2)]["color"] is None


def test_live_messages_and_status_bar(tmp_path):
    book = FakeBook.from_file(write_workbook(tmp_path / "r.xlsx"))
    port = LiveWorkbook(book)
    port.status("Erasmus+: strādā…")
    port.status(None)
    port.message("Viss kārtībā.", "Erasmus+ reģistrs")
    assert book.app.status_history == ["Erasmus+: strādā…", False]
    assert book.app.alerts == [("Erasmus+ reģistrs", "Viss kārtībā.")]


def test_live_clicked_button_reads_application_caller(tmp_path):
    book = FakeBook.from_file(write_workbook(tmp_path / "r.xlsx"))
    port = LiveWorkbook(book)
    assert port.clicked_button() == (None, None)          # Caller not a shape name: unknown
    book.app.api.Caller = "exl_budget"
    assert port.clicked_button()[0] == "exl_budget"
    assert port.addin_path() is None
