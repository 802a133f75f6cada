"""The xlwings Lite edition on xlwings' own engine.

Every script of erasmus_xl.excel.lite runs on `xw.Book(json=payload)` — the remote engine xlwings
Lite itself runs — over payloads built from real register workbooks (tests/excel_payload.py);
the recorded actions are replayed to see what was written where, and the Word/Excel files are
opened. Outputs go to a stand-in for Lite's /data folder or a mounted folder (ERASMUS_XL_LITE_*).

What the engine cannot show here: note texts cannot be read back (in Lite, "Pārbaudīt" reads
them with `await note.get_text()`, which needs the add-in) and the charts of the Rādītāji sheet
whose data is not one rectangle are not drawn on this engine (the chart data is on the sheet).
"""
from __future__ import annotations

import asyncio
import datetime as dt
import inspect
import typing
from pathlib import Path

import pytest
from builders import PROJECT, valid_rows, write_workbook
from conftest import docx_text
from excel_payload import remote_book, replay, workbook_payload
from typer.testing import CliRunner

from erasmus_xl import __version__
from erasmus_xl.cli import app
from erasmus_xl.domain.indicators import compute_indicators
from erasmus_xl.domain.validation import validate
from erasmus_xl.excel import lite
from erasmus_xl.excel.buttons import FINANCE_SHEET
from erasmus_xl.excel.excel_port import finding_marks
from erasmus_xl.io.reader import read_register
from erasmus_xl.render.annotate import SHEET_TITLE
from erasmus_xl.resources import load_data

TODAY = dt.date(2025, 12, 1)

pytestmark = pytest.mark.usefixtures("remote_engine")


@pytest.fixture
def folders(tmp_path, monkeypatch):
    """Lite's /data and its mount root, as folders of this test."""
    export, mounts = tmp_path / "data", tmp_path / "mnt"
    mounts.mkdir()
    monkeypatch.setenv("ERASMUS_XL_LITE_EXPORT", str(export))
    monkeypatch.setenv("ERASMUS_XL_LITE_MOUNTS", str(mounts))
    lite._SESSION.clear()
    return export, mounts


def _register(tmp_path: Path, *, mistakes: bool = False, planned: bool = False) -> Path:
    rows = valid_rows()
    if planned:                                                     # a KA1 annex is about planned mobilities
        rows["mobilities"].append(dict(rows["mobilities"][0], id="M3", start_date=dt.date(2026, 3, 2),
                                       end_date=dt.date(2026, 3, 20), status="plānota"))
    if mistakes:
        rows["mobilities"][0].update(country="Marss")               # an error
        rows["mobilities"][1].update(status="apstiprināta")         # a warning: ended, still "confirmed"
    return write_workbook(tmp_path / "reģistrs.xlsx", rows)


def _run(script, source: Path, **arguments):
    """A script on the remote engine: (result, replayed workbook, the alert's text)."""
    payload = workbook_payload(source)
    book = remote_book(payload)
    result = script(book, **arguments)
    if inspect.iscoroutine(result):
        result = asyncio.run(result)
    state = replay(payload, book.json()["actions"])
    assert len(state.alerts) == 1, state.alerts                     # one message box per script
    return result, state, state.alerts[0][1]


def _cell(address: str) -> tuple[int, int]:
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    column, row = coordinate_from_string(address)
    return row, column_index_from_string(column)


def test_lite_validate_colours_and_notes_each_finding_and_adds_the_parbaude_sheet(tmp_path, folders):
    source = _register(tmp_path, mistakes=True)
    result, book, alert = _run(lite.parbaudit, source, datums=TODAY)
    marks = finding_marks(validate(read_register(source), today=TODAY))
    assert result.ok and marks and result.counts["marked"] == len(marks)
    for mark in marks:
        assert book[mark.sheet].colors[_cell(mark.cell)] == f"#{mark.fill}"
        assert book[mark.sheet].notes[_cell(mark.cell)] == mark.comment
    assert book.names[0] == SHEET_TITLE and book.active_name == SHEET_TITLE
    assert "Marss" in " ".join(book[SHEET_TITLE].text())
    assert alert.startswith(f"Kļūdas: {result.counts['errors']}")     # Latvian first
    assert "Faili saglabāti" not in alert                            # nothing was written to a folder


def test_lite_indicators_script_writes_the_raditaji_sheet_and_feeds_the_worksheet_functions(tmp_path, folders):
    source = _register(tmp_path)
    no_register = lite.EXL_INDICATOR("learner_mobility_out", 2025)
    assert no_register.startswith("#KĻŪDA: ") and lite.lite_message("no_register_yet")[0] in no_register
    result, book, alert = _run(lite.raditaji, source, datums=TODAY)
    assert result.ok and book.active_name == "Rādītāji" and book["Rādītāji"].added
    expected = compute_indicators(read_register(source), as_of=dt.date.today(), year=2025)
    item = expected.indicator("learner_mobility_out", 2025)
    assert item.label in book["Rādītāji"].text()
    # the worksheet functions now answer from the register this script read
    assert lite.EXL_INDICATOR("learner_mobility_out", 2025) == item.actual
    assert lite.EXL_TARGET("learner_mobility_out", 2025) == item.target
    assert lite.EXL_PROGRESS("learner_mobility_out", 2025) == pytest.approx(item.actual / item.target)
    table = lite.EXL_INDICATORS(2025)
    assert table[0][0] == "Rādītājs / Indicator" and any(row[1] == "learner_mobility_out" for row in table[1:])
    assert lite.EXL_BAND(280) == lite.EXL_BAND(280.0) and not str(lite.EXL_BAND(280)).startswith("#")


def test_lite_annual_report_goes_to_the_data_folder_and_the_message_says_where(tmp_path, folders):
    export, _ = folders
    source = _register(tmp_path)
    result, book, alert = _run(lite.gada_parskats, source, gads=2025, valoda="lv", datums=TODAY)
    assert result.ok and [p.parent for p in result.outputs] == [export]
    assert "2025" in docx_text(result.outputs[0])
    lv, en = lite.lite_message("saved_export", folder=export)
    assert lv in alert and en in alert and alert.index(lv) < alert.index(en)
    assert not book.unknown and all(not s.added for s in book.sheets)   # the workbook itself is untouched


def test_lite_outputs_go_to_a_mounted_local_folder_when_there_is_one(tmp_path, folders):
    export, mounts = folders
    (mounts / "Erasmus").mkdir()
    source = _register(tmp_path)
    result, _, alert = _run(lite.ricibas_plans, source, gads=2026, valoda="en", datums=TODAY)
    assert result.ok and result.outputs[0].parent == mounts / "Erasmus"
    assert result.outputs[0].name.endswith("action-plan-2026.docx")      # English file name for valoda="en"
    assert lite.lite_message("saved_mounted", folder=mounts / "Erasmus")[0] in alert
    assert not export.exists()


def test_lite_ka1_annex_of_a_project_writes_word_and_excel_files(tmp_path, folders):
    export, _ = folders
    source = _register(tmp_path, planned=True)
    result, _, alert = _run(lite.ka1_pielikums, source, projekts=f" {PROJECT} ", datums=TODAY)
    assert result.ok, alert
    assert {p.suffix for p in result.outputs} >= {".docx"} and all(p.parent == export for p in result.outputs)
    assert PROJECT in docx_text(next(p for p in result.outputs if p.suffix == ".docx"))


def test_lite_budget_and_finance_sheets_leave_the_registers_own_sheets_alone(tmp_path, folders):
    source = _register(tmp_path)
    payload = workbook_payload(source)
    for script, title in ((lite.budzets, "Budžets"), (lite.finanses, FINANCE_SHEET)):
        result, book, alert = _run(script, source)
        assert result.ok and book[title].added and book.active_name == title, alert
        for before in payload["sheets"]:                # the register's sheets: no value written or cleared
            sheet = book[before["name"]]
            assert not [a for a in sheet.actions if a["func"] in ("setValues", "rangeClear", "sheetClear")], sheet.name
    assert any("45" in str(v) for v in book[FINANCE_SHEET].values.values())   # the grant of the project


def test_lite_versions_name_the_edition_and_the_output_folder(tmp_path, folders):
    export, _ = folders
    result, _, alert = _run(lite.versijas, _register(tmp_path))
    assert result.ok and f"erasmus_xl: {__version__}" in alert
    assert lite.lite_message("edition")[0] in alert and str(export) in alert


def test_lite_year_choice_is_a_drop_down_of_the_strategys_years_with_latvian_names():
    hints = typing.get_type_hints(lite.gada_parskats)
    assert typing.get_origin(hints["gads"]) is typing.Literal
    assert list(typing.get_args(hints["gads"])) == load_data("targets")["years"]
    assert typing.get_args(hints["valoda"]) == ("lv", "en")
    assert hints["datums"] == typing.Optional[dt.date]  # noqa: UP045 - the hint as xlwings reads it
    assert inspect.signature(lite.gada_parskats).parameters["gads"].default in load_data("targets")["years"]
    # App Mode shows the docstrings: Latvian first, English after " / "
    assert all(set(f.__doc__.split(" / ")[0]) & set("āčēģīķļņšūž") for f in lite.SCRIPTS)


def test_lite_command_writes_main_py_and_requirements_naming_the_published_wheel(tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["lite", str(tmp_path / "lite")])
    assert result.exit_code == 0, result.output
    requirements = (tmp_path / "lite" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert f"erasmus_xl=={__version__}" in requirements
    assert set(load_data("lite")["pyodide_packages"]["names"]) <= set(requirements)
    main = (tmp_path / "lite" / "main.py").read_text(encoding="utf-8")
    namespace: dict = {}
    exec(compile(main, "main.py", "exec"), namespace)                     # what the Lite editor runs
    assert {f.__name__ for f in lite.SCRIPTS + lite.WORKSHEET_FUNCTIONS} <= set(namespace)
    again = runner.invoke(app, ["lite", str(tmp_path / "lite")])
    assert again.exit_code == 2 and "--force" in again.output             # never over an edited main.py


def test_lite_validate_replaces_its_own_earlier_notes_and_keeps_a_persons_note(tmp_path, folders):
    """In Lite "Pārbaudīt" reads the note texts first (`await note.get_text()`, add-in only); here
    they are handed over as it would pass them, on a workbook that carries both kinds of notes."""
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.utils.cell import coordinate_from_string

    source = _register(tmp_path, mistakes=True)
    marks = finding_marks(validate(read_register(source), today=TODAY))
    ours, persons = marks[0], marks[1]
    book = openpyxl.load_workbook(source)
    book[ours.sheet][ours.cell].comment = Comment("KĻŪDA: vecā atzīme", "erasmus_xl")
    book[persons.sheet][persons.cell].comment = Comment("Zvanīju uz skolu 3. martā — Inga", "Inga")
    book.save(source)
    payload = workbook_payload(source)
    texts = {(m.sheet, "${}${}".format(*coordinate_from_string(m.cell))): text for m, text in
             ((ours, "KĻŪDA: vecā atzīme"), (persons, "Zvanīju uz skolu 3. martā — Inga"))}
    remote = remote_book(payload)
    result = lite.run_script(remote, "validate", note_texts=texts, today=TODAY)
    state = replay(payload, remote.json()["actions"])
    assert result.ok
    assert state[ours.sheet].notes[_cell(ours.cell)] == ours.comment                  # replaced
    assert state[persons.sheet].notes[_cell(persons.cell)] is None                    # never touched (text not sent)
    assert state[persons.sheet].colors[_cell(persons.cell)] == f"#{persons.fill}"     # still coloured
