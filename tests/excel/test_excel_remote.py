"""Every button of the classic add-in on xlwings' own engine.

`xw.Book(json=payload)` runs xlwings' real Book/Sheet/Range code (the remote engine of xlwings
Lite and Server) and records each action it would send to Excel. The payloads are built from real
workbooks (tests/excel_payload.py); the buttons run through the live adapter (excel_live) exactly
as in Excel; the recorded actions are replayed to see what was written where.

What this engine cannot show, and the tests say so where they stop: it cannot read a note's text
or a cell's fill back synchronously (the adapter is then told the note texts, as xlwings Lite can
read them beforehand), it has no status bar and cannot read screen updating, a chart whose data
is not one rectangle cannot be drawn through it, and a chart's series (the target line) are
listed only asynchronously.
"""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from builders import valid_rows, write_workbook
from conftest import docx_text
from excel_payload import note_texts, remote_book, replay, workbook_payload
from openpyxl.comments import Comment

from erasmus_xl import read_register
from erasmus_xl import validate as validate_register
from erasmus_xl.excel import buttons
from erasmus_xl.excel.buttons import dispatch, run_button, run_on_file
from erasmus_xl.excel.excel_live import LiveWorkbook, book_location
from erasmus_xl.excel.excel_port import finding_marks
from erasmus_xl.render.annotate import SHEET_TITLE

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2025, 12, 1)

pytestmark = pytest.mark.usefixtures("remote_engine")


def _with_mistakes(tmp_path: Path) -> Path:
    rows = valid_rows()
    rows["mobilities"][0].update(country="Marss")                    # an error (unknown country)
    rows["mobilities"][1].update(status="apstiprināta")              # a warning: ended, still "confirmed"
    return write_workbook(tmp_path / "reģistrs.xlsx", rows)


def _run(action: str, source: Path, *, payload: dict | None = None, **port_options):
    """The button on the remote engine: (result, replayed book, recorded actions)."""
    payload = payload or workbook_payload(source)
    book = remote_book(payload)
    result = run_button(action, LiveWorkbook(book, **port_options), today=TODAY)
    actions = book.json()["actions"]
    return result, replay(payload, actions), actions


def _cell(address: str) -> tuple[int, int]:
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    column, row = coordinate_from_string(address)
    return row, column_index_from_string(column)


# --------------------------------------------------------------------------- validate


def test_validate_on_xlwings_colours_each_finding_cell_with_its_note_and_lists_them(tmp_path):
    source = _with_mistakes(tmp_path)
    result, book, actions = _run("validate", source)
    findings = validate_register(read_register(source), today=TODAY)
    marks = finding_marks(findings)
    assert result.ok and marks and result.counts["marked"] == len(marks)
    for mark in marks:
        sheet = book[mark.sheet]
        assert sheet.colors[_cell(mark.cell)] == f"#{mark.fill}", mark.cell
        assert sheet.notes[_cell(mark.cell)] == mark.comment
    marked = {(m.sheet, _cell(m.cell)) for m in marks}
    coloured = {(s.name, cell) for s in book.sheets if not s.added for cell in s.colors}
    assert coloured == marked                                        # nothing else was coloured
    # the Pārbaude sheet: added first (no Darbības sheet), shown, listing every finding's cell
    assert book.names[0] == SHEET_TITLE and book.active_name == SHEET_TITLE and book[SHEET_TITLE].added
    listed = " ".join(book[SHEET_TITLE].text())
    assert all(f'!{m.cell}","{m.cell}")' in listed for m in marks) and "Marss" in listed   # links to each cell
    # the message box, and nothing the replay does not know
    assert book.alerts[-1][1].startswith("Kļūdas: 1; brīdinājumi: 1") and not book.unknown


def test_validate_on_xlwings_puts_parbaude_after_the_darbibas_sheet(tmp_path):
    source = tmp_path / "register.xlsm"
    shutil.copyfile(ROOT / "workbooks" / "register.xlsm", source)
    result, book, _ = _run("validate", source)
    assert result.ok and book.names[:2] == ["Darbības", SHEET_TITLE]


def _validated_then_fixed(tmp_path: Path) -> tuple[Path, str, str]:
    """A workbook validated once (marks and Pārbaude sheet written by the file adapter), then the
    error fixed and a person's note added to the warning cell."""
    source = _with_mistakes(tmp_path)
    result, _ = run_on_file("validate", source, today=TODAY)
    marked = result.workbook
    findings = validate_register(read_register(source), today=TODAY)
    error = next(m for m in finding_marks(findings) if m.comment.startswith("KĻŪDA"))
    warning = next(m for m in finding_marks(findings) if m.comment.startswith("BRĪDINĀJUMS"))
    workbook = openpyxl.load_workbook(marked)
    workbook[error.sheet][error.cell] = "Lietuva"                              # the error fixed
    workbook[warning.sheet][warning.cell].comment = Comment("Anna: zvanīt uzņēmējiem", "Anna")
    workbook.save(marked)
    return marked, error.cell, warning.cell


def test_validate_again_on_xlwings_removes_its_old_marks_and_keeps_a_persons_note(tmp_path):
    marked, fixed, noted = _validated_then_fixed(tmp_path)
    result, book, actions = _run("validate", marked, note_texts=note_texts(marked))
    sheet = book["Mobilitātes"]
    assert result.ok and result.counts["errors"] == 0
    assert _cell(fixed) not in sheet.notes and sheet.colors[_cell(fixed)] is None       # our mark removed
    assert sheet.notes[_cell(noted)] is None                 # the person's note untouched (text never sent)
    assert not [a for a in actions if a["func"] in ("addNote", "deleteNote") and a["args"][0].replace("$", "") == noted]
    assert sheet.colors[_cell(noted)] == "#FFEB9C"          # the warning cell is coloured again
    assert [s.name for s in book.sheets].count(SHEET_TITLE) == 1 and book[SHEET_TITLE].cleared == 1


def test_validate_again_on_xlwings_without_note_texts_leaves_every_note(tmp_path):
    """The remote engine cannot read a note's text: unless the texts were read beforehand
    (xlwings Lite: `await note.get_text()`), no note is taken for erasmus_xl's own."""
    marked, fixed, noted = _validated_then_fixed(tmp_path)
    result, book, actions = _run("validate", marked)
    assert result.ok
    assert not [a for a in actions if a["func"] == "deleteNote"]
    assert book["Mobilitātes"].notes[_cell(fixed)] is None          # the stale note stays: it cannot be read


# --------------------------------------------------------------------------- sheets


def test_indicators_on_xlwings_write_the_raditaji_sheet_with_what_excel_can_draw(tmp_path):
    source = write_workbook(tmp_path / "r.xlsx")
    result, book, actions = _run("indicators", source)
    sheet = book["Rādītāji"]
    assert result.ok and book.names[-1] == "Rādītāji" and book.active_name == "Rādītāji" and sheet.added
    texts = sheet.text()
    assert "Izglītojamo prakses mobilitātes" in texts and "'2025" in texts      # a year label stays text
    # every style goes to whole rectangles (one Range is one rectangle on this engine)
    styled = [a for a in actions if a["func"] in ("setRangeColor", "setFontProperty") and a["sheet_position"] == 8]
    assert styled and any(a["row_count"] * a["column_count"] > 1 for a in styled)
    # charts: placed by their anchor cell; those whose categories are not next to the series are
    # two areas, which this engine cannot take as one Range: left out (the chart data is there)
    charts = [a for a in actions if a["func"] == "addChart"]
    assert len(charts) == 1 and charts[0]["args"][2] == "Rādītāji" and charts[0]["args"][3].startswith("$A$")
    assert ["ColumnStacked"] in [a["args"][-1:] for a in actions if a["func"] == "setChartType"]
    # the target as a red line needs the chart's series, which this engine lists only asynchronously
    assert not [a for a in actions if a["func"] == "setChartSeries"]
    widths = [a["args"][0] for a in actions if a["func"] == "setColumnWidth"]
    assert widths and min(widths) > 20                   # points on this engine, not characters


def test_budget_on_xlwings_writes_each_mobility_and_the_total(tmp_path):
    source = write_workbook(tmp_path / "r.xlsx")
    result, book, _ = _run("budget", source)
    sheet = book["Budžets"]
    assert result.ok and sheet.added and book.active_name == "Budžets"
    ids = [row[0] for row in sheet.rows()]
    assert "'M1" in ids and "'M2" in ids and "Kopā / Total" in ids       # an ID with a digit is kept as text
    assert f"{result.counts['mobilities']}" in book.alerts[-1][1]


def test_refreshing_a_sheet_on_xlwings_clears_it_in_place(tmp_path):
    source = write_workbook(tmp_path / "r.xlsx")
    payload = workbook_payload(source)
    first = remote_book(payload)
    port = LiveWorkbook(first)
    run_button("indicators", port, today=TODAY)
    # the workbook as Excel would then send it: Rādītāji exists
    again_payload = {**payload, "sheets": [*payload["sheets"], {**payload["sheets"][0], "name": "Rādītāji",
                                                                 "values": [["vecs"]], "notes": [], "tables": []}]}
    result, book, actions = _run("indicators", source, payload=again_payload)
    assert result.ok and book.names.count("Rādītāji") == 1 and book["Rādītāji"].cleared == 1
    assert not book["Rādītāji"].added and "vecs" not in book["Rādītāji"].text()
    assert not [a for a in actions if a["func"] == "addSheet"]


# --------------------------------------------------------------------------- Word documents


def test_word_buttons_on_xlwings_write_documents_beside_the_workbook(tmp_path):
    rows = valid_rows()
    rows["mobilities"][0].update(status="plānota", start_date=dt.date(2026, 3, 2), end_date=dt.date(2026, 3, 20))
    rows["projects"][0].update(end_date=dt.date(2027, 5, 31))
    source = write_workbook(tmp_path / "r.xlsx", rows)
    for action, name in (("report", "r-parskats-2025.docx"), ("action_plan", "r-ricibas-plans-2026.docx")):
        result, book, _ = _run(action, source, path=source)
        assert result.ok, book.alerts
        assert result.outputs == [tmp_path / name] and str(tmp_path / name) in book.alerts[-1][1]
        assert docx_text(result.outputs[0]).strip()
    result, book, _ = _run("annex", source, path=source)
    assert result.ok and [p.suffix for p in result.outputs] == [".docx", ".xlsx"]
    assert all(p.is_file() and p.parent == tmp_path for p in result.outputs)


def test_word_buttons_on_xlwings_without_a_file_ask_to_save(tmp_path):
    """The remote engine knows the workbook's name only (no folder): told to save it first."""
    result, book, _ = _run("report", write_workbook(tmp_path / "r.xlsx"))
    assert not result.ok and book.alerts[-1][1].startswith("Vispirms saglabājiet")


def test_a_onedrive_workbook_on_xlwings_is_found_in_the_synced_folder(tmp_path, monkeypatch):
    synced = tmp_path / "OneDrive" / "Erasmus"
    synced.mkdir(parents=True)
    source = write_workbook(synced / "r.xlsx")
    monkeypatch.setenv("OneDrive", str(tmp_path / "OneDrive"))
    monkeypatch.delenv("OneDriveConsumer", raising=False)
    url = "https://d.docs.live.net/4a1b2c3d/Erasmus/r.xlsx"
    result, book, _ = _run("report", source, payload=workbook_payload(source, name=url))
    assert result.ok, book.alerts
    assert result.outputs[0].parent == synced                       # xlwings' URL → synced path


def test_a_onedrive_workbook_without_a_synced_copy_gets_its_own_message(tmp_path, monkeypatch):
    monkeypatch.setenv("OneDrive", str(tmp_path / "nav"))
    monkeypatch.delenv("OneDriveConsumer", raising=False)
    source = write_workbook(tmp_path / "r.xlsx")
    url = "https://d.docs.live.net/4a1b2c3d/Erasmus/nesinhronizets.xlsx"   # xlwings caches each URL's answer
    result, book, _ = _run("report", source, payload=workbook_payload(source, name=url))
    text = book.alerts[-1][1]
    assert not result.ok and "OneDrive" in text and url in text and not text.startswith("Vispirms saglabājiet")
    assert book_location(remote_book(workbook_payload(source, name=url))).kind == "cloud"


# --------------------------------------------------------------------------- the rest


def test_versions_on_xlwings_say_there_is_no_addin_file(tmp_path):
    result, book, _ = _run("versions", write_workbook(tmp_path / "r.xlsx"))
    assert result.ok and book.alerts[-1][1].startswith("erasmus_xl:")
    assert "xlwings" in book.alerts[-1][1]


def test_every_button_runs_on_xlwings_from_the_darbibas_dropdown(tmp_path):
    """register.xlsm's own Darbības sheet chooses the action (as when Excel does not say which
    button was clicked); each button then runs on xlwings' engine without an unexpected error."""
    source = tmp_path / "register.xlsm"
    shutil.copyfile(ROOT / "workbooks" / "register.xlsm", source)
    payload = workbook_payload(source)
    darbibas = payload["sheets"][0]
    row, col = next((r, c) for r, line in enumerate(darbibas["values"]) for c, v in enumerate(line)
                    if isinstance(v, str) and v.startswith(buttons.ACTION_LABEL))
    for action in buttons.ACTIONS:
        darbibas["values"][row][col + 1] = action.word
        book = remote_book(payload)
        result = dispatch(LiveWorkbook(book, path=source), None, None, today=TODAY)
        state = replay(payload, book.json()["actions"])
        assert result.action == action.key, action
        assert "Neparedzēta kļūda" not in state.alerts[-1][1], (action.key, state.alerts[-1][1])
        assert not state.unknown, state.unknown


def test_the_remote_engine_has_no_status_bar_and_the_button_still_runs(tmp_path):
    """Progress goes to the status bar on the desktop; this engine has none (xlwings raises),
    so the adapter skips it, and screen updating is only ever set, never read back."""
    import xlwings as xw

    book = remote_book(workbook_payload(write_workbook(tmp_path / "r.xlsx")))
    with pytest.raises(NotImplementedError):
        xw.Book(impl=book.impl).app.status_bar = "x"
    result = run_button("indicators", LiveWorkbook(book), today=TODAY)
    updates = [a["args"][0] for a in book.json()["actions"] if a["func"] == "setScreenUpdating"]
    assert result.ok and updates[0] is False and updates[-1] is True


def test_worksheet_functions_find_the_register_through_an_xlwings_caller(tmp_path, monkeypatch):
    """The `caller` xlwings gives a worksheet function is a Range: its book's FullName is the
    register, a never-saved book says so, and a OneDrive for Business address is mapped to the
    synced folder (xlwings' own mapping) or gets the OneDrive message."""
    from erasmus_xl.excel.xlwings_glue import EXL_INDICATOR

    def caller(source: Path, name: str):
        return remote_book(workbook_payload(source, name=name)).sheets[0]["A1"]

    synced = tmp_path / "OneDrive - Skola" / "Erasmus"
    synced.mkdir(parents=True)
    source = write_workbook(synced / "r.xlsx")
    monkeypatch.setenv("OneDriveCommercial", str(tmp_path / "OneDrive - Skola"))
    expected = EXL_INDICATOR("learner_mobility_out", 2025, str(source))
    assert isinstance(expected, int)
    assert EXL_INDICATOR("learner_mobility_out", 2025, None, caller(source, str(source))) == expected
    business = "https://skola-my.sharepoint.com/personal/anna_skola_lv/Documents/Erasmus/r.xlsx"
    assert EXL_INDICATOR("learner_mobility_out", 2025, None, caller(source, business)) == expected
    unsaved = EXL_INDICATOR("learner_mobility_out", 2025, None, caller(source, "Book1"))
    assert unsaved.startswith("#KĻŪDA: darbgrāmata vēl nav saglabāta")
    missing = business.replace("r.xlsx", "cits.xlsx")
    cloud = EXL_INDICATOR("learner_mobility_out", 2025, None, caller(source, missing))
    assert cloud.startswith("#KĻŪDA: darbgrāmata atvērta no OneDrive/SharePoint")


def test_the_package_never_sets_the_noncommercial_key():
    """The PolyForm Noncommercial key is for these tests; the package itself never sets a key."""
    sources = [p for p in (ROOT / "erasmus_xl").rglob("*.py")]
    assert sources
    offending = [p.name for p in sources if "XLWINGS_LICENSE_KEY" in p.read_text(encoding="utf-8")]
    assert offending == []
