"""The year-end summary across a folder of registers: outputs, sources, bad files, determinism."""
from __future__ import annotations

import datetime as dt
import json
import shutil

import openpyxl
import pytest
from builders import valid_rows, write_workbook
from typer.testing import CliRunner

from erasmus_xl.cli import app
from erasmus_xl.render.summary import summarise_folder

AS_OF = dt.date(2026, 1, 15)


def _rows(prefix: str, learners: int, country: str = "Lietuva") -> dict:
    rows = valid_rows()
    base = rows["mobilities"][0]
    rows["mobilities"] = [dict(base, id=f"{prefix}{i}", first_name=f"{prefix}{i}", country=country,
                               start_date=dt.date(2025, 9, 1) + dt.timedelta(days=25 * i),
                               end_date=dt.date(2025, 9, 20) + dt.timedelta(days=25 * i)) for i in range(learners)]
    rows["feedback"] = [dict(rows["feedback"][0], mobility_id=f"{prefix}0")]
    rows["finance"] = [dict(rows["finance"][0], document_no=f"{prefix}-1", mobility_id=f"{prefix}0")]
    for key, letter in (("incoming", "U"), ("events", "P"), ("competitions", "K")):
        rows[key] = [dict(rows[key][0], id=f"{prefix}-{letter}")]
    return rows


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "registri"
    (root / "vecie").mkdir(parents=True)
    write_workbook(root / "a.xlsx", _rows("A", 3))
    write_workbook(root / "vecie" / "b.xlsx", _rows("B", 2, country="Vācija"))
    shutil.copy(root / "a.xlsx", root / "a-kopija.xlsx")            # every row repeated
    (root / "bojats.xlsx").write_bytes(b"PK\x03\x04broken")
    return root


def test_merged_indicators_are_worked_out_from_the_files(folder, tmp_path):
    result = summarise_folder(folder, year=2025, outdir=tmp_path / "out", as_of=AS_OF)
    learners = result.report.indicator("learner_mobility_out", 2025)
    # a.xlsx 3 learners (a-kopija repeats them: counted once) + b.xlsx 2 learners
    assert learners.actual == 5
    staff = result.report.indicator("staff_mobility_out", 2025)
    assert staff.actual == 0          # the builders' staff mobility was replaced by learners in _rows
    hosted = result.report.indicator("staff_hosted", 2025)
    assert hosted.actual == 2 * 2     # two distinct hosted groups (A-U, B-U) of 2 staff each


def test_summary_workbook_has_indicators_records_with_sources_and_findings(folder, tmp_path):
    result = summarise_folder(folder, year=2025, outdir=tmp_path / "out", as_of=AS_OF)
    book = openpyxl.load_workbook(result.outputs["xlsx"])
    assert book.sheetnames[:2] == ["Faili", "Rādītāji"] and "Pārbaude" in book.sheetnames
    mobilities = list(book["Mobilitātes"].iter_rows(values_only=True))
    assert mobilities[0][0] == "Avots"
    assert sorted({row[0] for row in mobilities[1:]}) == ["a-kopija.xlsx", "vecie/b.xlsx"]
    files = {row[0]: row[1] for row in book["Faili"].iter_rows(min_row=2, values_only=True)}
    assert files["bojats.xlsx"].startswith("izlaists")
    findings = [row for row in book["Pārbaude"].iter_rows(min_row=2, values_only=True)]
    assert any(row[5] == "duplicate_row_across_files" for row in findings)


def test_annual_report_of_the_merged_data(folder, tmp_path, libreoffice):
    from conftest import pdf_text

    result = summarise_folder(folder, year=2025, outdir=tmp_path / "out", as_of=AS_OF)
    text = pdf_text(libreoffice(result.outputs["docx"], "pdf"))
    assert "2025" in text and "Izglītojamo prakses mobilitātes" in text


def test_json_summary_and_determinism(folder, tmp_path):
    first = summarise_folder(folder, year=2025, outdir=tmp_path / "one", as_of=AS_OF)
    second = summarise_folder(folder, year=2025, outdir=tmp_path / "two", as_of=AS_OF)
    one = json.loads(first.outputs["json"].read_text(encoding="utf-8"))
    two = json.loads(second.outputs["json"].read_text(encoding="utf-8"))
    assert one == two
    assert one["year"] == 2025 and [f["file"] for f in one["files"]] == ["a-kopija.xlsx", "a.xlsx", "bojats.xlsx", "vecie/b.xlsx"]


def test_cli_exit_code_says_files_were_skipped_and_quiet_prints_nothing_on_stdout(folder, tmp_path):
    result = CliRunner().invoke(app, ["summary", str(folder), "--year", "2025", "-o", str(tmp_path / "out"),
                                      "--as-of", "2026-01-15", "--quiet"])
    assert result.exit_code == 1
    assert "bojats.xlsx" in result.stderr and result.stdout == ""
    shutil.rmtree(tmp_path / "out")
    (folder / "bojats.xlsx").unlink()
    result = CliRunner().invoke(app, ["summary", str(folder), "--year", "2025", "-o", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 0


def test_outputs_are_not_replaced_without_force(folder, tmp_path):
    summarise_folder(folder, year=2025, outdir=tmp_path / "out", as_of=AS_OF)
    result = CliRunner().invoke(app, ["summary", str(folder), "--year", "2025", "-o", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 2 and "--force" in result.stderr


def test_default_output_folder_inside_the_input_is_not_read_back(folder):
    summarise_folder(folder, year=2025, as_of=AS_OF)
    again = summarise_folder(folder, year=2025, as_of=AS_OF, force=True)
    assert [f.source for f in again.batch.files] == ["a-kopija.xlsx", "a.xlsx", "bojats.xlsx", "vecie/b.xlsx"]
