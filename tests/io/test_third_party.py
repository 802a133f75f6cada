"""Registers written by other tools and devices (tests/data/third_party, scripts/make_third_party.py)
read as the same register: the same findings and the same figures as the openpyxl original.

Three of them calamine alone refuses although Excel opens them (docs/security.md, "Tolerance"):
UTF-16 parts, the relationship targets of Excel on Windows Phone, a part a little larger than its
ZIP headers say. They must be read, not reported as damaged.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from erasmus_xl.cli import app

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "data" / "third_party"
ORIGINAL = "openpyxl.xlsx"
WRITTEN_BY_OTHERS = ["xlsxwriter.xlsx", "libreoffice.xlsx", "google-sheets.xlsx", "excel-mobile.xlsx", "utf16.xlsx",
                     "oversized-part.xlsx"]
TODAY = "2026-01-15"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def _findings(path: Path) -> tuple[int, list[tuple[str, str, str, str]]]:
    code, output = _run("validate", str(path), "--format", "json", "--today", TODAY)
    data = json.loads(output)
    return code, sorted((f["sheet"], f["cell"], f["code"], f["severity"]) for f in data["findings"])


def _figures(path: Path) -> dict:
    code, output = _run("indicators", str(path), "--format", "json", "--as-of", TODAY)
    assert code == 0, output
    return json.loads(output)


@pytest.fixture(scope="module")
def original() -> tuple[tuple[int, list], dict]:
    return _findings(CORPUS / ORIGINAL), _figures(CORPUS / ORIGINAL)


def test_the_original_has_findings_to_compare(original):
    (code, findings), figures = original
    assert code == 1
    assert {finding[2] for finding in findings} == {"country_unknown", "end_before_start"}
    assert figures["indicators"]


@pytest.mark.parametrize("name", WRITTEN_BY_OTHERS)
def test_a_register_written_by_another_tool_gives_the_same_findings_and_figures(original, name, tmp_path):
    path = tmp_path / name
    shutil.copyfile(CORPUS / name, path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    assert _findings(path) == original[0]
    assert _figures(path) == original[1]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_the_third_party_corpus_matches_its_generator(tmp_path):
    """scripts/make_third_party.py is deterministic (LibreOffice's file is kept, not rewritten)."""
    shutil.copyfile(CORPUS / "libreoffice.xlsx", tmp_path / "libreoffice.xlsx")
    completed = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_third_party.py"), "--out", str(tmp_path)],
                               capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in CORPUS.iterdir())
    for path in CORPUS.iterdir():
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name
