"""The Lite edition needs nothing Pyodide lacks: every script runs with it taken away.

tests/excel/lite_sandbox.py runs in its own process (the blocks cannot leak into other tests): it
imports the generated main.py with xlwings' real Lite/Server decorators, refuses processes,
pools, threads, sockets, HTTP and COM to erasmus_xl's code, records every file written, and runs
each script through xlwings' own `custom_scripts_call` on the remote engine. What it cannot
show: Pyodide's own speed and its package builds (lxml, numpy, matplotlib, python-calamine),
which only the add-in has.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from builders import PROJECT, valid_rows, write_workbook
from excel_payload import workbook_payload

from erasmus_xl.excel import lite

SANDBOX = Path(__file__).with_name("lite_sandbox.py")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def sandbox_report(tmp_path_factory):
    work = tmp_path_factory.mktemp("lite-sandbox")
    rows = valid_rows()
    rows["mobilities"].append(dict(rows["mobilities"][0], id="M3", start_date=dt.date(2026, 3, 2),
                                   end_date=dt.date(2026, 3, 20), status="plānota"))
    rows["mobilities"][0].update(country="Marss")                   # an error for "Pārbaudīt" to mark
    payload = workbook_payload(write_workbook(work / "reģistrs.xlsx", rows))
    (work / "payload.json").write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    folders = {"data": work / "data", "mnt": work / "mnt", "tmp": work / "tmp", "mpl": work / "mpl"}
    for folder in ("mnt", "tmp", "mpl"):
        folders[folder].mkdir()
    env = dict(os.environ, PYTHONPATH=str(ROOT), XLWINGS_LICENSE_KEY="noncommercial",
               ERASMUS_XL_LITE_EXPORT=str(folders["data"]), ERASMUS_XL_LITE_MOUNTS=str(folders["mnt"]),
               TMPDIR=str(folders["tmp"]), MPLCONFIGDIR=str(folders["mpl"]))
    env.pop("ERASMUS_XL_DEBUG", None)
    completed = subprocess.run([sys.executable, str(SANDBOX), str(work), str(work / "payload.json"),
                                json.dumps(PROJECT)], capture_output=True, text=True, timeout=600, env=env, cwd=work)
    assert completed.returncode == 0 and "@@REPORT@@" in completed.stdout, completed.stderr[-3000:]
    report = json.loads(completed.stdout.rsplit("@@REPORT@@", 1)[1])
    return report, folders


def test_every_lite_script_runs_with_processes_threads_sockets_and_com_refused(sandbox_report):
    report, _ = sandbox_report
    assert report["guard_works"]
    # nothing on the Lite path asked for them (a library's own try-import of a Windows module is its business)
    ours = [r for r in report["refused"] if "event" in r or r["importer"].startswith("erasmus_xl")]
    assert ours == []
    assert set(report["scripts"]) == {f.__name__ for f in lite.SCRIPTS}
    for name, run in report["runs"].items():
        assert len(run["alerts"]) == 1, name
        text, title = run["alerts"][0][0], run["alerts"][0][1]
        assert "kļūda / error" not in title, f"{name}: {text}"      # each script did its job
    assert report["runs"]["parbaudit"]["sheets"] == ["Pārbaude"]
    assert {"setRangeColor", "addNote"} <= set(report["runs"]["parbaudit"]["funcs"])
    assert report["runs"]["raditaji"]["sheets"] == ["Rādītāji"]


def test_lite_scripts_show_latvian_names_and_the_worksheet_functions_register(sandbox_report):
    report, _ = sandbox_report
    names = {entry["name"] for entry in report["scripts"].values()}
    assert {"Pārbaudīt", "Atjaunot rādītājus", "Gada pārskats", "Rīcības plāns", "KA1 pielikums", "Budžets",
            "Finanses", "Versijas"} == names
    assert set(report["functions"]) == {f.__name__ for f in lite.WORKSHEET_FUNCTIONS}


def test_lite_writes_files_only_to_data_a_mounted_folder_or_the_temporary_folder(sandbox_report):
    report, folders = sandbox_report
    allowed = [folders["data"], folders["mnt"], folders["tmp"], folders["mpl"]]
    outside = [p for p in report["written"] if not any(Path(p).resolve().is_relative_to(a.resolve()) for a in allowed)]
    assert outside == []
    documents = sorted(p.name for p in folders["data"].iterdir())
    assert any(name.endswith("parskats-2025.docx") for name in documents)
    assert any(name.endswith("action-plan-2026.docx") for name in documents)
    assert any("pielikums" in name for name in documents)


def test_lite_path_reads_the_open_workbook_not_a_file(sandbox_report):
    report, folders = sandbox_report
    # the register was read through the port: no workbook file was opened for writing, none exists
    assert not any(p.endswith((".xlsx", ".xlsm")) and "pielikums" not in p for p in report["written"])
    assert "erasmus_xl.domain.batch" not in report["erasmus_modules"]   # batch.py uses a process pool
    assert report["calamine"] is False            # no file reader loaded: the register came through the port
