"""erasmus_xl.open and the Workbook: one reading pass, one validation report, figures from both."""
from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

import erasmus_xl
from erasmus_xl.demo import DEMO_TODAY, write_demo
from erasmus_xl.domain.budget import register_budget
from erasmus_xl.domain.indicators import compute_indicators
from erasmus_xl.domain.validation import validate
from erasmus_xl.excel.excel_port import FileWorkbook
from erasmus_xl.io import workbook_file
from erasmus_xl.io.reader import read_register


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, Path]:
    return write_demo(tmp_path_factory.mktemp("door"))


def test_open_reads_every_sheet_once_including_likmes_and_the_action_plan(demo, monkeypatch):
    reads: Counter[str] = Counter()
    original = workbook_file.OpenedWorkbook.rows

    def counting(self, sheet_name):
        reads[sheet_name] += 1
        return original(self, sheet_name)

    monkeypatch.setattr(workbook_file.OpenedWorkbook, "rows", counting)
    book = erasmus_xl.open(demo[0], today=DEMO_TODAY)
    book.report, book.indicators(), book.budget(), book.finance()
    assert reads and max(reads.values()) == 1, reads
    assert "Likmes" in reads and book.register.optional_sheets_read


def test_report_counts_and_json_agree_with_the_validation_rules(demo):
    book = erasmus_xl.open(demo[1], today=DEMO_TODAY)
    findings = validate(read_register(demo[1]), today=DEMO_TODAY)
    report = book.report
    assert report.findings == findings
    assert report.errors == sum(f.severity == "error" for f in findings) > 0
    assert report.warnings == sum(f.severity == "warning" for f in findings)
    assert not report.valid
    payload = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert payload["errors"] == report.errors and len(payload["findings"]) == len(findings)
    assert sum(len(items) for items in report.by_sheet().values()) == len(findings)


def test_usable_leaves_out_exactly_the_rows_with_errors(demo):
    book = erasmus_xl.open(demo[1], today=DEMO_TODAY)
    error_rows = {row for (_, key, row) in book.report.rows_with_errors() if key == "mobilities"}
    usable = book.usable("mobilities")
    assert error_rows, "the mistakes workbook has mobility rows with errors"
    assert {m.row for m in usable} == {m.row for m in book.register.mobilities} - error_rows
    with pytest.raises(KeyError):
        book.usable("no_such_sheet")


def test_partition_keeps_the_given_order_and_splits_by_the_same_rows_as_usable(demo):
    book = erasmus_xl.open(demo[1], today=DEMO_TODAY)
    records = list(reversed(book.register.mobilities))
    kept, left_out = book.report.partition("mobilities", records)
    assert kept == [m for m in records if m in book.usable("mobilities")]
    assert left_out and [m.row for m in left_out] == sorted((m.row for m in left_out), reverse=True)
    assert len(kept) + len(left_out) == len(records)


def test_at_another_day_validates_the_same_reading_as_of_that_day(demo, tmp_path):
    copy = tmp_path / "mistakes.xlsx"
    shutil.copy(demo[1], copy)
    book = erasmus_xl.open(copy, today=DEMO_TODAY)
    assert book.at(DEMO_TODAY) is book and book.at(None) is book
    later_day = DEMO_TODAY.replace(year=DEMO_TODAY.year + 1)
    copy.unlink()                       # the file is never read again
    later = book.at(later_day)
    assert later.register is book.register and later.today == later_day
    assert later.report.findings == validate(book.register, today=later_day)
    assert [v.actual for v in book.indicators(as_of=later_day).indicators] == \
        [v.actual for v in later.indicators().indicators]


def test_a_given_report_stands_for_every_day(demo):
    from erasmus_xl.model.report import ValidationReport
    from erasmus_xl.workbook import Workbook

    register = read_register(demo[1])
    book = Workbook(register, today=DEMO_TODAY, report=ValidationReport([]))
    assert book.report.findings == [] and book.at(DEMO_TODAY.replace(year=2030)).report.findings == []
    assert book.usable("mobilities") == register.mobilities


def test_indicators_and_budget_equal_the_functions_they_stand_for(demo):
    book = erasmus_xl.open(demo[0], today=DEMO_TODAY)
    direct = compute_indicators(read_register(demo[0]), as_of=DEMO_TODAY)
    assert [(v.key, v.period.key, v.actual, v.pipeline) for v in book.indicators().indicators] == \
        [(v.key, v.period.key, v.actual, v.pipeline) for v in direct.indicators]
    assert book.budget().totals() == register_budget(read_register(demo[0])).totals()


def test_budget_uses_the_likmes_sheet_read_with_the_register_not_the_file_again(demo, tmp_path):
    copy = tmp_path / "register.xlsx"
    shutil.copy(demo[0], copy)
    book = erasmus_xl.open(copy, today=DEMO_TODAY)
    expected = register_budget(read_register(copy)).totals()
    copy.unlink()                       # a saved file that has gone away cannot be read again
    assert book.budget().totals() == expected


def test_open_takes_a_workbook_port_as_well_as_a_path(demo):
    from_port = erasmus_xl.open(FileWorkbook(demo[1]), today=DEMO_TODAY)
    from_file = erasmus_xl.open(demo[1], today=DEMO_TODAY)
    assert from_port.report.findings == from_file.report.findings


def test_frames_give_one_typed_table_per_sheet(demo):
    pytest.importorskip("pandas")
    book = erasmus_xl.open(demo[0], today=DEMO_TODAY)
    frames = book.frames()
    assert len(frames["mobilities"]) == len(book.register.mobilities) > 0
    assert "start_date" in frames["mobilities"].columns and "extra" not in frames["mobilities"].columns


def test_importing_the_package_loads_no_reader_or_writer():
    import subprocess
    import sys

    code = ("import sys, erasmus_xl; heavy = [m for m in ('openpyxl', 'python_calamine', 'docxtpl', 'matplotlib',"
            " 'pandas', 'babel') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
