"""Every Excel button, end to end on real workbooks through the file adapter (what it wrote:
colours, comments, sheets, Word files), the same buttons through the live adapter against a
fake Excel, the button dispatch, and the promise of a readable message instead of a traceback."""
from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from builders import PROJECT, valid_rows, write_workbook
from docx import Document
from test_excel_port import FakeBook, Formula

from erasmus_xl import __version__, read_register
from erasmus_xl import validate as validate_register
from erasmus_xl.domain.budget import register_budget
from erasmus_xl.domain.indicators import compute_indicators
from erasmus_xl.excel import buttons
from erasmus_xl.excel.buttons import (
    ACTIONS,
    ButtonProblem,
    addin_status,
    choose_action,
    dispatch,
    free_path,
    marked_cells,
    run_button,
    run_on_file,
)
from erasmus_xl.excel.excel_live import LiveWorkbook
from erasmus_xl.excel.excel_port import FileWorkbook, read_port
from erasmus_xl.model.errors import RegisterError

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2025, 12, 1)
RED, AMBER = "FFC7CE", "FFEB9C"


def _digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _with_mistakes(tmp_path: Path) -> Path:
    rows = valid_rows()
    rows["mobilities"][0].update(country="Marss")                    # an error (unknown country)
    rows["mobilities"][1].update(status="apstiprināta")              # a warning: ended, still "confirmed"
    return write_workbook(tmp_path / "reģistrs.xlsx", rows)


def _macro_register(tmp_path: Path, rows: dict | None = None, **settings) -> Path:
    """register.xlsm (as built) filled with rows: the Darbības sheet and its settings included."""
    from erasmus_xl.model.schema import sheet_specs
    from erasmus_xl.render.register_template import cell_value

    target = tmp_path / "register.xlsm"
    shutil.copyfile(ROOT / "workbooks" / "register.xlsm", target)
    book = openpyxl.load_workbook(target, keep_vba=True)
    for spec in sheet_specs():
        sheet = book[spec.lv]
        for number, record in enumerate((rows or {}).get(spec.key, []), start=2):
            for col, column in enumerate(spec.columns, start=1):
                if column.key in record:
                    sheet.cell(row=number, column=col, value=cell_value(column, record[column.key]))
    for name, value in settings.items():
        sheet_name, cell = book.defined_names[name].attr_text.split("!")
        book[sheet_name.strip("'")][cell.replace("$", "")] = value
    book.save(target)
    return target


# --------------------------------------------------------------------------- validate


def test_validate_colours_comments_and_lists_findings_in_a_new_file(tmp_path):
    source = _with_mistakes(tmp_path)
    before = _digest(source)
    result, port = run_on_file("validate", source, today=TODAY)
    findings = validate_register(read_register(source), today=TODAY)
    errors = sum(f.severity == "error" for f in findings)
    assert result.ok and result.workbook == tmp_path / "reģistrs-parbaude.xlsx"
    assert result.counts["errors"] == errors == 1 and result.counts["warnings"] == len(findings) - errors
    assert _digest(source) == before                                   # the input is never written
    book = openpyxl.load_workbook(result.workbook)
    assert book.sheetnames[0] == "Pārbaude" and book.active.title == "Pārbaude"
    sheet = book["Mobilitātes"]
    for finding in findings:
        cell = sheet[finding.cell] if finding.sheet == "Mobilitātes" else book[finding.sheet][finding.cell]
        assert cell.fill.fgColor.rgb.endswith(RED if finding.severity == "error" else AMBER)
        assert finding.message in cell.comment.text and cell.comment.author == "erasmus_xl"
    listed = [row[1:3] for row in book["Pārbaude"].iter_rows(min_row=5, values_only=True)]
    assert [(f.sheet, f.cell) for f in findings] == listed
    message = port.messages[-1].text
    assert message.startswith("Kļūdas: 1; brīdinājumi:") and "Errors: 1" in message
    assert str(result.workbook) in message
    assert port.statuses[0].startswith("Erasmus+: lasa reģistru")


def test_validate_a_clean_register_says_so(tmp_path):
    result, port = run_on_file("validate", write_workbook(tmp_path / "r.xlsx"), today=TODAY)
    assert result.counts == {"errors": 0, "warnings": 0, "marked": 0}
    assert port.messages[-1].text.startswith("Kļūdu nav")
    assert openpyxl.load_workbook(result.workbook)["Pārbaude"]["A5"].value.startswith("Kļūdu nav")


def test_validate_again_after_a_fix_removes_the_old_marks(tmp_path):
    source = _with_mistakes(tmp_path)
    first, _ = run_on_file("validate", source, today=TODAY)
    book = openpyxl.load_workbook(first.workbook)
    bad = next(f for f in validate_register(read_register(source), today=TODAY) if f.severity == "error")
    book[bad.sheet][bad.cell] = "Lietuva"                               # the coordinator fixes it
    book[bad.sheet]["C3"].comment = openpyxl.comments.Comment("Jānis: sk. līgumu", "Jānis")
    book.save(first.workbook)
    second, _ = run_on_file("validate", first.workbook, tmp_path / "otrā.xlsx", today=TODAY)
    again = openpyxl.load_workbook(second.workbook)
    fixed = again[bad.sheet][bad.cell]
    assert fixed.comment is None and fixed.fill.fill_type is None
    assert again[bad.sheet]["C3"].comment.text == "Jānis: sk. līgumu"
    assert second.counts["errors"] == 0 and again.sheetnames.count("Pārbaude") == 1


def test_validate_in_the_macro_workbook_keeps_darbibas_first(tmp_path):
    rows = valid_rows()
    rows["mobilities"][0]["country"] = "Marss"
    result, _ = run_on_file("validate", _macro_register(tmp_path, rows), today=TODAY)
    book = openpyxl.load_workbook(result.workbook, keep_vba=True)
    assert book.sheetnames[:2] == ["Darbības", "Pārbaude"] and book.active.title == "Pārbaude"
    assert result.workbook.suffix == ".xlsm"


# --------------------------------------------------------------------------- indicators and budget


def test_refresh_indicators_writes_the_dashboard_with_charts(tmp_path):
    source = write_workbook(tmp_path / "r.xlsx")
    result, port = run_on_file("indicators", source, today=TODAY)
    book = openpyxl.load_workbook(result.workbook)
    sheet = book["Rādītāji"]
    assert book.active.title == "Rādītāji"
    report = compute_indicators(read_register(source), as_of=TODAY)
    learners = report.indicator("learner_mobility_out", 2025)
    table: dict = {}
    for row in sheet.iter_rows(values_only=True):   # the first table: Year, Indicator, Actual …
        table.setdefault((row[0], row[1]), row)
    assert table[("2025", learners.label)][2] == learners.actual == 1
    assert len(sheet._charts) == 8
    assert f"{learners.label}: 1 no 25" in port.messages[-1].text


def test_refresh_indicators_twice_replaces_the_sheet(tmp_path):
    first, _ = run_on_file("indicators", write_workbook(tmp_path / "r.xlsx"), today=TODAY)
    second, _ = run_on_file("indicators", first.workbook, tmp_path / "again.xlsx", today=TODAY)
    assert openpyxl.load_workbook(second.workbook).sheetnames.count("Rādītāji") == 1


def test_budget_sheet_has_each_mobility_and_the_totals(tmp_path):
    source = write_workbook(tmp_path / "r.xlsx")
    result, port = run_on_file("budget", source)
    expected = register_budget(read_register(source))
    sheet = openpyxl.load_workbook(result.workbook)["Budžets"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=5, values_only=True) if row[0]}
    travel = expected.mobilities[0].lines["travel"].amount
    assert travel == Decimal("285.00")                    # Rēzekne → Kaunas (100–499 km), green, call 2025
    assert rows["M1"][11] == float(travel) and rows["M1"][2] == PROJECT
    assert rows["M1"][8] == "100–499 km" and rows["M1"][7] == 280
    assert rows["Kopā / Total"][16] == float(expected.totals()["total"])
    assert sheet["L4"].value.startswith("Ceļa izdevumi")
    assert result.counts["mobilities"] == 2
    assert "Lapa “Budžets” atjaunota. Aprēķinātās mobilitātes: 2;" in port.messages[-1].text


def test_budget_uses_the_likmes_rows_of_the_open_workbook(tmp_path):
    port = FileWorkbook(_macro_register(tmp_path, valid_rows()))
    register = read_port(port)
    assert register.optional_sheets_read and register.rate_overrides.sheet == "Likmes"


# --------------------------------------------------------------------------- Word files


def _docx_text(path: Path) -> str:
    document = Document(path)
    return "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells)


def test_annual_report_and_action_plan_are_written_beside_the_workbook(tmp_path):
    source = write_workbook(tmp_path / "r.xlsx")
    report, port = run_on_file("report", source, today=TODAY)
    assert report.ok and report.outputs == [tmp_path / "r-parskats-2025.docx"]
    assert "2025" in _docx_text(report.outputs[0])
    assert str(report.outputs[0]) in port.messages[-1].text
    again, _ = run_on_file("report", source, today=TODAY)
    assert again.outputs == [tmp_path / "r-parskats-2025-2.docx"]        # a second click never overwrites
    plan, _ = run_on_file("action_plan", source, today=TODAY)
    assert plan.outputs == [tmp_path / "r-ricibas-plans-2026.docx"] and plan.outputs[0].is_file()
    assert not (tmp_path / "r-parbaude.xlsx").exists()                     # no workbook was written


def test_report_year_comes_from_the_darbibas_sheet(tmp_path):
    source = _macro_register(tmp_path, valid_rows(), EXL_YEAR=2024)
    report, _ = run_on_file("report", source, today=TODAY)
    plan, _ = run_on_file("action_plan", source, today=TODAY)
    assert report.outputs[0].name == "register-parskats-2024.docx"
    assert plan.outputs[0].name == "register-ricibas-plans-2025.docx"


def test_a_report_year_that_is_not_a_year_is_explained(tmp_path):
    source = _macro_register(tmp_path, valid_rows(), EXL_YEAR="nākamgad")
    result, port = run_on_file("report", source, today=TODAY)
    assert not result.ok and "nākamgad" in port.messages[-1].text and "Traceback" not in port.messages[-1].text


def test_ka1_annex_for_the_planned_mobilities(tmp_path):
    rows = valid_rows()
    rows["mobilities"][0].update(status="plānota", start_date=dt.date(2026, 3, 2), end_date=dt.date(2026, 3, 20))
    rows["projects"][0].update(end_date=dt.date(2027, 5, 31))
    source = write_workbook(tmp_path / "r.xlsx", rows)
    result, port = run_on_file("annex", source, today=TODAY)
    assert result.ok, port.messages[-1].text
    assert [p.suffix for p in result.outputs] == [".docx", ".xlsx"] and all(p.is_file() for p in result.outputs)
    assert result.outputs[0].parent == tmp_path and "2025" in result.outputs[0].name
    chosen, _ = run_on_file("annex", _macro_register(tmp_path, rows, EXL_ANNEX=PROJECT), today=TODAY)
    assert chosen.ok and PROJECT in chosen.outputs[0].name


def test_annex_without_planned_mobilities_says_what_to_do(tmp_path):
    result, port = run_on_file("annex", write_workbook(tmp_path / "r.xlsx"), today=TODAY)
    assert not result.ok and "Pielikuma projekts" in port.messages[-1].text


def test_a_missing_module_is_named_not_a_traceback(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "erasmus_xl.render.annexes", None)      # as if annexes.py were not there
    result, port = run_on_file("annex", write_workbook(tmp_path / "r.xlsx"), today=TODAY)
    assert not result.ok
    assert "erasmus_xl.render.annexes" in port.messages[-1].text and "nav pieejams" in port.messages[-1].text


def test_word_buttons_need_a_saved_workbook(tmp_path):
    book = FakeBook.from_file(write_workbook(tmp_path / "r.xlsx"))
    book.fullname = book.name = "Book1"
    result = run_button("report", LiveWorkbook(book), today=TODAY)
    assert not result.ok and book.app.alerts[-1][1].startswith("Vispirms saglabājiet")


# --------------------------------------------------------------------------- versions


def test_versions_name_package_python_and_the_workbook_build(tmp_path):
    import xlwings

    result, port = run_on_file("versions", ROOT / "workbooks" / "register.xlsm")
    text = port.messages[-1].text
    assert f"erasmus_xl: {__version__}" in text and f"xlwings (Python pakotne / package): {xlwings.__version__}" in text
    assert "Darbgrāmata izveidota ar" in text and sys.executable in text
    assert result.workbook is None


def test_addin_status_compares_the_installed_file_with_the_package(tmp_path):
    packaged = buttons.packaged_addin()
    assert packaged is not None and packaged.name == "xlwings.xlam"
    same = tmp_path / "same.xlam"
    shutil.copyfile(packaged, same)
    other = tmp_path / "other.xlam"
    other.write_bytes(b"an older add-in")
    assert addin_status(same, packaged)[0] == "match"
    assert addin_status(other, packaged)[0] == "differs" and "xlwings addin install" in addin_status(other, packaged)[1]
    assert addin_status(None, packaged)[0] == "not_found"


def test_versions_through_excel_report_the_addin(tmp_path):
    book = FakeBook.from_file(write_workbook(tmp_path / "r.xlsx"))
    shutil.copyfile(buttons.packaged_addin(), tmp_path / "xlwings.xlam")
    book.app.startup_path = str(tmp_path)
    run_button("versions", LiveWorkbook(book))
    assert "atbilst pakotnei" in book.app.alerts[-1][1]


# --------------------------------------------------------------------------- errors never reach the user as tracebacks


def test_not_a_register_gives_the_readers_message(tmp_path):
    fake = tmp_path / "saraksts.xlsx"
    fake.write_text("ID;Vārds\n1;Anna\n", encoding="utf-8")
    with pytest.raises(RegisterError):
        FileWorkbook(fake)
    book = FakeBook.from_file(write_workbook(tmp_path / "r.xlsx", omit_sheets=("projects",)))
    result = run_button("validate", LiveWorkbook(book))
    title, text = book.app.alerts[-1]
    assert not result.ok and "kļūda" in title and "Projekti" in text and "Traceback" not in text


def test_an_unexpected_error_is_one_sentence_and_a_log(tmp_path, monkeypatch):
    import erasmus_xl.domain.indicators as indicators

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(indicators, "compute_indicators", broken)
    monkeypatch.setattr(buttons.tempfile, "gettempdir", lambda: str(tmp_path))
    result, port = run_on_file("indicators", write_workbook(tmp_path / "r.xlsx"), today=TODAY)
    text = port.messages[-1].text
    assert not result.ok and text.startswith("Neparedzēta kļūda (ZeroDivisionError).")
    assert "Traceback" not in text and str(tmp_path / "erasmus_xl-excel.log") in text
    assert "ZeroDivisionError" in (tmp_path / "erasmus_xl-excel.log").read_text(encoding="utf-8")
    monkeypatch.setenv("ERASMUS_XL_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        run_on_file("indicators", write_workbook(tmp_path / "r2.xlsx"), today=TODAY)


def test_the_status_bar_is_given_back_after_an_error(tmp_path):
    book = FakeBook.from_file(write_workbook(tmp_path / "r.xlsx", omit_sheets=("projects",)))
    run_button("budget", LiveWorkbook(book))
    assert book.app.status_history[0].startswith("Erasmus+: ") and book.app.status_history[-1] is False
    assert book.app.screen_updating is True


# --------------------------------------------------------------------------- the live adapter end to end (fake Excel)


def test_validate_in_the_open_workbook_marks_cells_and_adds_the_findings_sheet(tmp_path):
    source = _with_mistakes(tmp_path)
    book = FakeBook.from_file(source)
    result = run_button("validate", LiveWorkbook(book), today=TODAY)
    findings = validate_register(read_register(source), today=TODAY)
    assert result.ok and result.workbook is None
    assert book.sheets[0].name == "Pārbaude"
    for finding in findings:
        sheet = book.sheets[finding.sheet]
        cell = sheet.range(finding.cell).cells[0]
        assert finding.message in sheet.notes[cell]
        assert sheet.formats[cell]["color"] == f"#{RED if finding.severity == 'error' else AMBER}"
    listing = book.sheets["Pārbaude"]
    links = [v for v in listing.values.values() if isinstance(v, Formula)]
    assert len(links) == len(findings) and links[0].startswith('=HYPERLINK("#')
    assert book.app.alerts[-1][1].startswith("Kļūdas: 1;")
    # fixed and checked again: the old marks go, the sheet is redrawn in place
    bad = next(f for f in findings if f.severity == "error")
    book.sheets[bad.sheet].values[book.sheets[bad.sheet].range(bad.cell).cells[0]] = "Lietuva"
    again = run_button("validate", LiveWorkbook(book), today=TODAY)
    cell = book.sheets[bad.sheet].range(bad.cell).cells[0]
    assert again.counts["errors"] == 0 and cell not in book.sheets[bad.sheet].notes
    assert [s.name for s in book.sheets].count("Pārbaude") == 1


def test_budget_in_the_open_workbook(tmp_path):
    book = FakeBook.from_file(write_workbook(tmp_path / "r.xlsx"))
    result = run_button("budget", LiveWorkbook(book))
    sheet = book.sheets["Budžets"]
    assert result.ok and 285.0 in sheet.values.values() and "M1" in sheet.values.values()
    assert "100–499 km" in sheet.values.values()          # text stays text (it has digits)


# --------------------------------------------------------------------------- which button


@pytest.mark.parametrize("button, caption, chosen, expected", [
    ("exl_validate", None, None, ("validate", "button")),
    ("exl_versions", "whatever", "Budžets", ("versions", "button")),
    ("Button 9", "Budžets / Budget", None, ("budget", "caption")),       # a copied button keeps its caption
    ("Poga 2", None, None, ("indicators", "ordinal")),                   # Excel's own name, Latvian UI
    ("exl_run", "Izpildīt izvēlēto / Run chosen", "Gada pārskats", ("report", "drop-down")),
    (None, None, "Rīcības plāns", ("action_plan", "drop-down")),         # Excel did not say: the drop-down
    (None, None, None, (None, "unknown")),
    ("exl_run", None, "", (None, "unknown")),
])
def test_choose_action(button, caption, chosen, expected):
    assert choose_action(button, caption, chosen) == expected


def test_every_action_has_a_button_a_word_and_a_function():
    assert len({a.button for a in ACTIONS}) == len({a.word for a in ACTIONS}) == len(ACTIONS) == 7
    assert set(buttons.BUTTONS) == {a.key for a in ACTIONS}
    assert all("," not in a.word and " / " in a.caption for a in ACTIONS)


def test_dispatch_runs_the_dropdown_action_when_excel_does_not_say(tmp_path):
    source = _macro_register(tmp_path, valid_rows(), EXL_ACTION="Versijas")
    port = FileWorkbook(source)
    result = dispatch(port, None, None)
    assert result.action == "versions" and port.messages[-1].text.startswith("erasmus_xl:")
    port = FileWorkbook(source)
    assert dispatch(port, "exl_validate", None, today=TODAY).action == "validate"


def test_dispatch_explains_when_no_action_is_known(tmp_path):
    port = FileWorkbook(write_workbook(tmp_path / "r.xlsx"))
    result = dispatch(port, None, None)
    assert not result.ok and "Izpildīt" in port.messages[-1].text


def test_main_dispatches_on_application_caller(tmp_path, monkeypatch):
    book = FakeBook.from_file(write_workbook(tmp_path / "r.xlsx"))
    book.app.api.Caller = "exl_versions"
    monkeypatch.setattr(LiveWorkbook, "caller", classmethod(lambda cls: cls(book)))
    buttons.main()
    assert book.app.alerts[-1][1].startswith("erasmus_xl:")


def test_workbook_module_hands_over_to_erasmus_xl(monkeypatch):
    calls = []
    monkeypatch.syspath_prepend(str(ROOT / "workbooks"))
    monkeypatch.delitem(sys.modules, "register", raising=False)
    import register  # the module SampleCall imports for register.xlsm

    monkeypatch.setattr(buttons, "main", lambda: calls.append("main"))
    register.main()
    assert calls == ["main"]


def test_workbook_module_names_the_python_when_erasmus_xl_is_missing(monkeypatch):
    import xlwings

    book = FakeBook("C:/skola/register.xlsm")
    monkeypatch.syspath_prepend(str(ROOT / "workbooks"))
    monkeypatch.delitem(sys.modules, "register", raising=False)
    import register

    monkeypatch.setitem(sys.modules, "erasmus_xl.excel.buttons", None)
    monkeypatch.setattr(xlwings.Book, "caller", classmethod(lambda cls: book))
    register.main()
    assert sys.executable in book.app.alerts[-1][1] and "INTERPRETER_WIN" in book.app.alerts[-1][1]


def test_marked_cells_come_from_an_earlier_findings_sheet():
    rows = [["Pārbaudes rezultāti"], [], [], ["Nr.", "Lapa", "Šūna", "Kolonna"], [1, "Mobilitātes", "J2", "Valsts"],
            [2, "Finanses", "E3", "Summa"], [3, "Mobilitātes", "J2", "Valsts"], ["", "", ""]]
    assert marked_cells(rows) == [("Mobilitātes", "J2"), ("Finanses", "E3")]
    assert marked_cells([["nekas"]]) == []


def test_free_path_counts_up(tmp_path):
    first = tmp_path / "a.docx"
    assert free_path(first) == first
    first.write_text("x")
    (tmp_path / "a-2.xlsx").write_text("x")
    assert free_path(first) == tmp_path / "a-2.docx"
    assert free_path(first, also=(".xlsx",)) == tmp_path / "a-3.docx"


def test_button_problem_is_a_message_not_a_crash(tmp_path, monkeypatch):
    def refuse(port, **_):
        raise ButtonProblem("Latviski.", "In English.")

    monkeypatch.setitem(buttons.BUTTONS, "versions", refuse)
    result, port = run_on_file("versions", write_workbook(tmp_path / "r.xlsx"))
    assert not result.ok and port.messages[-1].text == "Latviski.\n\nIn English."


def test_finance_button_writes_the_overview_sheet_and_keeps_the_registers_finanses_sheet(tmp_path):
    source = write_workbook(tmp_path / "r.xlsx")
    expenses = [list(row) for row in openpyxl.load_workbook(source)["Finanses"].iter_rows(values_only=True)]
    result, port = run_on_file("finance", source, today=TODAY)
    assert result.ok and result.sheets == [buttons.FINANCE_SHEET] and result.counts["projects"] == 1
    written = openpyxl.load_workbook(result.workbook)
    assert [list(row) for row in written["Finanses"].iter_rows(values_only=True)] == expenses   # input untouched
    overview = written[buttons.FINANCE_SHEET]
    assert PROJECT in [c.value for row in overview.iter_rows() for c in row]
    assert result.message.startswith(f"Lapa “{buttons.FINANCE_SHEET}” atjaunota")
