"""The command line without surprises (issue 16, items 7–12): outputs the OS refuses, years outside
the strategy, -o in every format, dates as the register writes them, usage errors in Latvian
first, a demo that agrees with `validate`, and a summary of nothing that writes nothing."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from builders import write_workbook
from typer.testing import CliRunner

from erasmus_xl.cli import app
from erasmus_xl.demo import DEMO_FILE, DEMO_TODAY, P_2023, write_demo
from erasmus_xl.io.outputs import soffice_path

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def run_process(*args: object) -> subprocess.CompletedProcess:
    """The installed entry point as a user starts it (usage errors are handled there)."""
    return subprocess.run([sys.executable, "-m", "erasmus_xl", *map(str, args)], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}, timeout=300)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    clean, _mistakes = write_demo(tmp_path_factory.mktemp("demo"))
    return clean


@pytest.fixture
def refused_folder(tmp_path) -> Path:
    """A folder the operating system will not let this process write in: a read-only folder for an
    ordinary user; root may write anywhere but in /sys, so there."""
    if os.geteuid() != 0:
        folder = tmp_path / "tikai-lasāma"
        folder.mkdir()
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    folder = Path("/sys/kernel")
    try:
        tempfile.NamedTemporaryFile(dir=folder).close()
    except OSError:
        yield folder
    else:   # pragma: no cover - a machine where even /sys is writable
        pytest.skip("no folder refuses writes here")


COMMANDS = {
    "new": lambda d, f: ["new", f / "jauns.xlsx"],
    "validate --annotate": lambda d, f: ["validate", d, "-o", f / "parbaude.xlsx", "--today", "22.11.2026."],
    "indicators json": lambda d, f: ["indicators", d, "-o", f / "raditaji.json"],
    "indicators xlsx": lambda d, f: ["indicators", d, "--format", "xlsx", "-o", f / "raditaji.xlsx"],
    "export-bm": lambda d, f: ["export-bm", d, "-o", f / "bm.xlsx"],
    "budget json": lambda d, f: ["budget", d, "-o", f / "budzets.json"],
    "budget xlsx": lambda d, f: ["budget", d, "-o", f / "budzets.xlsx"],
    "finance json": lambda d, f: ["finance", d, "-o", f / "finanses.json"],
    "finance xlsx": lambda d, f: ["finance", d, "-o", f / "finanses.xlsx"],
    "report": lambda d, f: ["report", d, "--year", "2025", "-o", f / "parskats.docx"],
    "action-plan": lambda d, f: ["action-plan", d, "--year", "2027", "-o", f / "plans.docx"],
    "annex": lambda d, f: ["annex", d, "--kind", "erasmus-plan", "-o", f / "plans.docx"],
    "europass": lambda d, f: ["europass", d, "--project", P_2023, "--include-confirmed", "--outdir", f / "europass"],
    "summary": lambda d, f: ["summary", d.parent, "--year", "2025", "-o", f / "kopsavilkums", "-q"],
    "demo": lambda d, f: ["demo", f / "demo"],
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_an_output_the_os_refuses_is_one_bilingual_message_naming_it_and_exit_2(command, demo, refused_folder):
    args = COMMANDS[command](demo, refused_folder)
    result = run(*args)
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    assert "nevar ierakstīt" in text and "cannot be written" in text
    named = Path(args[args.index("-o") + 1] if "-o" in args else args[-1]).name
    assert f"“{named}" in text or any(f"“{Path(a).name}”" in text for a in args if isinstance(a, Path))
    assert "Neparedzēta" not in text and ".tmp" not in text and "Traceback" not in text


@pytest.mark.parametrize("year", [1999, 2023, 2029, 2035])
def test_a_year_outside_the_strategy_period_is_refused_and_writes_nothing(demo, tmp_path, year):
    output = tmp_path / "parskats.docx"
    result = run("report", demo, "--year", year, "-o", output)
    text = " ".join(result.output.split())
    assert result.exit_code == 2 and f"Gads {year} ir ārpus stratēģijas perioda 2024–2028" in text
    assert "--any-year" in text and f"The year {year} is outside" in text
    assert not output.exists()
    assert run("indicators", demo, "--year", year).exit_code == 2
    assert run("action-plan", demo, "--year", year, "-o", tmp_path / "plans.docx").exit_code == 2
    assert run("summary", demo.parent, "--year", year, "-o", tmp_path / "k", "-q").exit_code == 2
    assert not (tmp_path / "plans.docx").exists() and not (tmp_path / "k").exists()


def test_a_year_outside_the_period_is_written_when_the_user_says_so(demo, tmp_path):
    output = tmp_path / "parskats-2029.docx"
    result = run("report", demo, "--year", 2029, "--any-year", "-o", output, "--as-of", "22.11.2026.")
    assert result.exit_code == 0, result.output
    assert output.stat().st_size > 0


def test_a_targets_sheet_with_further_years_widens_the_period(tmp_path):
    import openpyxl

    register = write_workbook(tmp_path / "r.xlsx", targets={"learner_mobility_out": [10, 12, 14, 16, 18]})
    workbook = openpyxl.load_workbook(register)
    sheet = workbook["Mērķi"]
    sheet.cell(row=1, column=7, value=2030)
    sheet.cell(row=2, column=7, value=25)
    workbook.save(register)
    assert run("indicators", register, "--year", 2030, "--format", "json").exit_code == 0
    refused = run("indicators", register, "--year", 2031)
    assert refused.exit_code == 2 and "2024–2030" in refused.output and "lapas “Mērķi”" in refused.output


def test_json_goes_to_the_output_file_in_budget_and_finance(demo, tmp_path):
    for command in ("budget", "finance"):
        output = tmp_path / f"{command}.json"
        result = run(command, demo, "--format", "json", "-o", output)
        assert result.exit_code == 0, result.output
        payload = json.loads(output.read_text(encoding="utf-8"))
        assert payload and "{" not in result.stdout.split("\n")[0]
        # the extension alone decides when --format is not given
        by_suffix = tmp_path / f"{command}-2.json"
        assert run(command, demo, "-o", by_suffix).exit_code == 0
        assert json.loads(by_suffix.read_text(encoding="utf-8")) == payload


@pytest.mark.parametrize("args, suffix", [
    (["report", "--year", "2025"], ".txt"), (["action-plan", "--year", "2027"], ".xlsx"),
    (["budget"], ".csv"), (["finance"], ".docx"), (["indicators"], ".pdf"), (["export-bm"], ".json"),
    (["annex", "--kind", "erasmus-plan"], ".pdf"), (["validate"], ".docx"),
])
def test_an_extension_the_command_cannot_write_is_refused_before_any_work(demo, tmp_path, args, suffix):
    output = tmp_path / f"rezultats{suffix}"
    result = run(args[0], demo, *args[1:], "-o", output)
    text = " ".join(result.output.split())
    assert result.exit_code == 2 and f"paplašinājums “{suffix}” nav atbalstīts" in text
    assert "Iespējamie:" in text and "Possible:" in text and not output.exists()


def test_format_and_extension_that_disagree_are_refused(demo, tmp_path):
    result = run("budget", demo, "--format", "json", "-o", tmp_path / "b.xlsx")
    assert result.exit_code == 2 and "--format json neatbilst" in " ".join(result.output.split())


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice is not installed")
def test_report_to_pdf_is_a_real_pdf_through_libreoffice(demo, tmp_path):
    from conftest import pdf_text

    output = tmp_path / "parskats.pdf"
    result = run("report", demo, "--year", "2025", "--as-of", "22.11.2026.", "-o", output)
    assert result.exit_code == 0, result.output
    assert output.read_bytes().startswith(b"%PDF")
    assert "2025" in pdf_text(output)
    assert not list(tmp_path.glob("*.docx"))


def test_usage_errors_are_told_in_latvian_first_then_english():
    missing = run_process("report", "x.xlsx")
    assert missing.returncode == 2
    lines = " ".join(missing.stderr.split())
    assert "Komanda nav uzrakstīta pareizi: trūkst opcijas '--year'" in lines
    assert lines.index("Komanda nav") < lines.index("The command is not written correctly")
    wrong = run_process("indicators", "x.xlsx", "--format", "pdf")
    assert wrong.returncode == 2 and "nederīga vērtība opcijai '--format'" in " ".join(wrong.stderr.split())
    assert "Traceback" not in missing.stderr + wrong.stderr


def test_the_demo_and_validate_of_its_file_agree_on_the_date_they_check_against(tmp_path):
    shown = run("demo", tmp_path / "demo")
    assert shown.exit_code == 0, shown.output
    text = " ".join(shown.output.split())
    clean, day = tmp_path / "demo" / DEMO_FILE, f"{DEMO_TODAY:%d.%m.%Y}."
    assert f"Taspatsrezultāts:erasmus-xlvalidate“{clean}”--today{day}" in "".join(shown.output.split())
    first = re.search(r"demo-register\.xlsx: kļūdas: (\d+), brīdinājumi: (\d+)", text)
    again = run("validate", clean, "--today", day)
    assert f"Pārbaudīts uz {DEMO_TODAY:%d.%m.%Y}." in " ".join(again.output.split())
    assert re.search(r"kļūdas: (\d+), brīdinājumi: (\d+)", again.output).groups() == first.groups()
    today = run("validate", clean)   # the real date: stated, so a different count is not a mystery
    assert "Pārbaudīts uz" in today.output and "(šodiena" in " ".join(today.output.split())


def test_summary_of_a_folder_without_registers_writes_nothing_and_says_so(tmp_path):
    folder = tmp_path / "tukša"
    folder.mkdir()
    (folder / "piezīmes.txt").write_text("nav reģistra", encoding="utf-8")
    result = run("summary", folder, "--year", "2025")
    assert result.exit_code == 2
    assert "nav neviena nolasāma reģistra: nekas netika rakstīts" in " ".join(result.output.split())
    assert sorted(p.name for p in folder.iterdir()) == ["piezīmes.txt"]


def test_report_says_on_screen_how_many_rows_were_left_out_and_where(tmp_path):
    from builders import valid_rows

    rows = valid_rows()
    rows["mobilities"][0]["end_date"] = "drīzumā"      # a column the indicators need
    register = write_workbook(tmp_path / "r.xlsx", rows)
    output = tmp_path / "parskats.docx"
    result = run("report", register, "--year", "2025", "-o", output, "--as-of", "22.11.2026.")
    text = " ".join(result.output.split())
    assert result.exit_code == 0, result.output
    assert "nav ieskaitītas rādītājos: 1 (“Mobilitātes”: 1)" in text
    assert "parskats.docx" in text and "erasmus-xl validate" in text
