"""Every command on every hostile or awkward file (tests/data/bad_inputs, scripts/make_bad_inputs.py).

Each run is a real `python -m erasmus_xl` process of its own, under the bounds docs/security.md
promises: RLIMIT_AS (address space) of MEMORY_CAP_BYTES set in the process before the command
starts, killed after TIME_LIMIT_S. For each run the test checks: the exit code is the
expected one (0/1/2, never 3), the message names the file and says what to do (Latvian and
English), no traceback; peak memory and time under the bounds; the input's bytes unchanged; and
the folder holds exactly what it held before plus the command's own outputs (nothing beside a
file that could not be read, no temporary files left).

Which commands on which files (2 cores, the whole module in about a minute):
- four files that must be refused (not a ZIP, the lying zip bomb, the stray far cell, broken
  sheet XML) and three awkward but readable ones (merged header, long cells, emoji): all 13
  command variants;
- the other files that must be refused: one command per way of reaching the file, each one that
  writes (validate --annotate, indicators xlsx, report, export-bm, annex, europass): every
  command refuses through the same `open_workbook`, and the rest would only repeat it;
- the other readable files: the variants that read every sheet and write something
  (validate --annotate, indicators json and xlsx, report, export-bm --anonymise, europass),
  leaving out action-plan, budget, finance and annex, which read the same register the same way
  and take 1.5–3.5 s each;
- summary once, on a folder holding the whole corpus.
Processes run two at a time, forked by tests/io/warm_cli.py (which imports the package once), all the
selected ones in one batch when the first is asked for.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from builders import valid_rows, write_workbook
from conftest import docx_text, flat
from docx import Document

from erasmus_xl.domain.batch import WORKBOOK_SUFFIXES

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "data" / "bad_inputs"
MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
MESSAGES = json.loads((ROOT / "erasmus_xl" / "data" / "messages.json").read_text(encoding="utf-8"))

MEMORY_CAP_BYTES = 1536 * 1024 * 1024   # "1.5 GB" in docs/security.md: RLIMIT_AS of every run
PEAK_RSS_LIMIT_MB = 1024                # and what a run may really use (measured with wait4)
TIME_LIMIT_S = 60                       # per command; the slowest honest run here takes about 4 s
PARALLEL = 2

PROJECT = "2025-1-LV01-KA122-VET-000123456"          # completed mobilities: Europass
PLANNED_PROJECT = "2027-1-LV01-KA122-VET-000234567"  # a planned mobility: the annex
TODAY = "2026-01-15"

# name -> (arguments after the file, glob patterns of what it may write beside the file)
COMMANDS: dict[str, tuple[list[str], list[str]]] = {
    "validate": (["--today", TODAY], []),
    "validate-annotate": (["--annotate", "--today", TODAY], ["{stem}-parbaude.xlsx"]),
    "indicators-table": (["--as-of", TODAY], []),
    "indicators-json": (["--format", "json", "--as-of", TODAY], []),
    "indicators-csv": (["--format", "csv", "--as-of", TODAY, "-o", "{stem}-raditaji.csv"], ["{stem}-raditaji.csv"]),
    "indicators-xlsx": (["--format", "xlsx", "--as-of", TODAY, "--anonymise"], ["{stem}-raditaji.xlsx"]),
    "report": (["--year", "2025", "--as-of", TODAY, "--anonymise"], ["{stem}-parskats-2025.docx"]),
    "action-plan": (["--year", "2026", "--as-of", TODAY], ["{stem}-ricibas-plans-2026.docx"]),
    "budget": (["--format", "xlsx"], ["{stem}-budzets.xlsx"]),
    "finance": (["--format", "xlsx"], ["{stem}-finanses.xlsx"]),
    "export-bm": (["--anonymise"], ["{stem}-bm.xlsx"]),
    "annex": (["--project", PLANNED_PROJECT, "--anonymise"], ["{stem}-pielikums-*.docx", "{stem}-pielikums-*.xlsx"]),
    "europass": (["--project", PROJECT, "--anonymise"], ["{stem}-europass-*", "{stem}-europass-*/*.docx"]),
}
COST = {"budget": 4, "finance": 4, "annex": 4, "report": 3, "action-plan": 2, "europass": 2}   # slowest first
READING_SUBSET = ("validate-annotate", "indicators-json", "indicators-xlsx", "report", "export-bm", "europass")
FULL_PRODUCT_READABLE = ("merged-header.xlsx", "long-cells.xlsx", "emoji.xlsx")
FULL_PRODUCT_REFUSED = ("not-a-zip.xlsx", "bomb-lying.xlsx", "wide-and-deep.xlsx", "broken-xml.xlsx")
# commands that write something that must then not appear (each reads the file through
# erasmus_xl.open, as every command does)
REFUSING_SUBSET = ("validate-annotate", "indicators-xlsx", "report", "export-bm", "annex", "europass")
# exit codes other than 0 that a readable file must give, and why
EXPECTED_EXIT = {
    ("error-formulas.xlsx", "validate"): 1, ("error-formulas.xlsx", "validate-annotate"): 1,
    ("error-formulas.xlsx", "europass"): 2,   # its only completed learner row has an error: nobody to print
}


def _command_word(name: str) -> str:
    return name.split("-")[0] if name not in ("action-plan", "export-bm") else name


# ------------------------------------------------------------------------------------------
# Running a command under the bounds.
# ------------------------------------------------------------------------------------------

def _limit_memory() -> None:
    """In the child before exec: the address-space cap that makes a runaway allocation fail."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP_BYTES, MEMORY_CAP_BYTES))


PYCACHE = Path(tempfile.gettempdir()) / "erasmus_xl-tests-pycache"
WARM_CLI = Path(__file__).with_name("warm_cli.py")


@dataclass
class Run:
    args: list[str]
    cwd: Path
    returncode: int | None = None
    stdout: str = ""
    stderr: str = ""
    seconds: float = 0.0
    peak_mb: float = 0.0
    timed_out: bool = False

    @property
    def logs(self) -> tuple[Path, Path]:
        """Where the process's stdout and stderr go: beside its folder, so never among its outputs."""
        base = self.cwd.parent / f"{self.cwd.name}.log"
        return Path(f"{base}.out"), Path(f"{base}.err")

    @property
    def output(self) -> str:
        return flat(self.stdout + "\n" + self.stderr)


def run_all(runs: list[Run]) -> list[Run]:
    """Run each as its own `python -m erasmus_xl` process, PARALLEL at a time, under the memory cap
    and the time limit. The processes are forked by tests/io/warm_cli.py, which has imported the
    package once: each still has its own exit code, output, memory and working folder, without
    paying Python's start-up and imports hundreds of times."""
    env = {k: v for k, v in os.environ.items() if k not in ("ERASMUS_XL_DEBUG", "PYTHONDONTWRITEBYTECODE")}
    env.update(COLUMNS="250", NO_COLOR="1", TERM="dumb", PYTHONPYCACHEPREFIX=str(PYCACHE))
    request = {"parallel": PARALLEL, "time_limit": TIME_LIMIT_S,
               "runs": [{"args": run.args, "cwd": str(run.cwd), "stdout": str(run.logs[0]), "stderr": str(run.logs[1]),
                         "memory_cap": MEMORY_CAP_BYTES} for run in runs]}
    server = subprocess.run([sys.executable, str(WARM_CLI)], input=json.dumps(request), capture_output=True, text=True,
                            env=env)
    assert server.returncode == 0, server.stderr
    finished = [json.loads(line) for line in server.stdout.splitlines()]
    assert sorted(result["index"] for result in finished) == list(range(len(runs))), server.stdout
    for result in finished:
        run = runs[result["index"]]
        run.returncode, run.timed_out = result["returncode"], result["timed_out"]
        run.seconds, run.peak_mb = result["seconds"], result["peak_mb"]
        run.stdout, run.stderr = (path.read_bytes().decode("utf-8", "replace") for path in run.logs)
    return runs


def listing(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def message_fragments(code: str, section: str = "file_errors") -> list[str]:
    """The fixed words of a message (between its {placeholders}), in both languages."""
    texts = MESSAGES[section][code]
    return [flat(part) for lang in ("lv", "en") for part in re.split(r"\{\w+(?::\w+)?\}", texts[lang]) if len(part.strip()) >= 12]


# ------------------------------------------------------------------------------------------
# The corpus runs, prepared once per file: each command in its own folder with a fresh copy.
# ------------------------------------------------------------------------------------------

@dataclass
class Case:
    file: str
    command: str
    folder: Path
    before: set[str]
    input_hash: str
    run: Run


ENTRIES = {entry["file"]: entry for entry in MANIFEST}


def commands_for(entry: dict) -> tuple[str, ...]:
    if entry["file"] in FULL_PRODUCT_READABLE + FULL_PRODUCT_REFUSED:
        return tuple(COMMANDS)
    return REFUSING_SUBSET if entry["kind"] == "refused" else READING_SUBSET


CASES = [(entry["file"], command) for entry in MANIFEST for command in commands_for(entry)]


@pytest.fixture(scope="module")
def corpus_runs(request, tmp_path_factory) -> dict[tuple[str, str], Case]:
    """Every (file, command) selected for this session, run in one batch, slowest first, so the
    two cores stay busy; each in its own folder with a fresh copy of the file."""
    workspace = tmp_path_factory.mktemp("hostile")
    selected = [tuple(item.callspec.params[name] for name in ("file", "command")) for item in request.session.items
                if getattr(item, "originalname", "") == "test_every_command_on_every_file"]
    cases = {}
    for file, command in selected:
        folder = workspace / f"{file}--{command}"
        folder.mkdir()
        target = folder / file
        shutil.copyfile(CORPUS / file, target)
        arguments, _ = COMMANDS[command]
        args = [_command_word(command), file, *(a.format(stem=target.stem) for a in arguments)]
        cases[(file, command)] = Case(file, command, folder, listing(folder), digest(target), Run(args, folder))
    run_all(sorted((case.run for case in cases.values()), key=lambda run: -COST.get(run.args[0], 1)))
    yield cases
    _report_measurements(request, list(cases.values()))


def _report_measurements(request, cases: list[Case]) -> None:
    """The slowest and largest run per kind of file, printed after the module (docs/security.md)."""
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    for kind in ("refused", "read"):
        runs = [case.run for case in cases if ENTRIES[case.file]["kind"] == kind]
        if runs and reporter is not None and capture is not None:
            slowest, largest = max(runs, key=lambda r: r.seconds), max(runs, key=lambda r: r.peak_mb)
            with capture.global_and_fixture_disabled():
                reporter.write_line(f"bad inputs, {kind}: {len(runs)} runs, slowest {slowest.seconds:.1f} s "
                                    f"({' '.join(slowest.args[:2])}), largest {largest.peak_mb:.0f} MB "
                                    f"({' '.join(largest.args[:2])})")


def _expected_exit(file: str, command: str) -> int:
    entry = ENTRIES[file]
    if entry["kind"] == "refused":
        return 2
    if command.startswith("validate"):
        return EXPECTED_EXIT.get((file, command), entry["validate_exit"][0])
    return EXPECTED_EXIT.get((file, command), 0)


def _allowed_outputs(case: Case) -> list[str]:
    stem = Path(case.file).stem
    return [pattern.format(stem=stem) for pattern in COMMANDS[case.command][1]]


@pytest.mark.parametrize("file, command", CASES, ids=[f"{f}-{c}" for f, c in CASES])
def test_every_command_on_every_file(corpus_runs, file, command):
    case = corpus_runs[(file, command)]
    run, entry = case.run, ENTRIES[file]
    shown = f"{' '.join(run.args)} -> {run.returncode}\n{run.stdout[-1500:]}\n{run.stderr[-1500:]}"
    assert not run.timed_out, f"over {TIME_LIMIT_S} s: {shown}"
    assert run.returncode == _expected_exit(file, command), shown
    assert "Traceback" not in run.output and "Neparedzēta kļūda" not in run.output, shown
    assert run.seconds < TIME_LIMIT_S and run.peak_mb < PEAK_RSS_LIMIT_MB, (run.seconds, run.peak_mb)
    assert digest(case.folder / file) == case.input_hash, "the input was modified"
    added = listing(case.folder) - case.before
    assert case.before <= listing(case.folder)
    assert not [name for name in added if name.endswith(".tmp") or Path(name).name.startswith(".")], added
    if run.returncode == 2:
        assert added == set(), f"written beside a file that could not be used: {added}"
        assert "Kļūda:" in run.stderr and file in run.output, shown
    else:
        allowed = _allowed_outputs(case)
        assert all(any(Path(name).match(pattern) for pattern in allowed) for name in added), (added, allowed)
        if allowed:
            assert added, f"{command} wrote nothing"
    if entry["kind"] == "refused":
        for fragment in message_fragments(entry["code"]):
            assert fragment in run.output, f"{fragment!r} not in: {shown}"


def test_the_corpus_is_small_and_listed():
    files = sorted(p.name for p in CORPUS.iterdir() if p.name != "manifest.json")
    assert files == sorted(ENTRIES)
    sizes = {p.name: p.stat().st_size for p in CORPUS.iterdir()}
    assert max(sizes.values()) < 1_000_000 and sum(sizes.values()) < 3_000_000
    for entry in MANIFEST:
        assert entry["bytes"] == sizes[entry["file"]], "run scripts/make_bad_inputs.py"


def test_the_corpus_matches_its_generator(tmp_path):
    """scripts/make_bad_inputs.py is deterministic: the committed files are what it writes."""
    shutil.copyfile(CORPUS / "old.xls", tmp_path / "old.xls")     # LibreOffice's file is kept, not rewritten
    completed = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_bad_inputs.py"), "--out", str(tmp_path)],
                               capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    for entry in MANIFEST:
        assert digest(tmp_path / entry["file"]) == digest(CORPUS / entry["file"]), entry["file"]
    assert (tmp_path / "manifest.json").read_text(encoding="utf-8") == (CORPUS / "manifest.json").read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------------
# The bounds themselves.
# ------------------------------------------------------------------------------------------

def test_the_memory_cap_is_real():
    """The cap the runs use does stop a 2 GB allocation (so passing runs really stayed under it)."""
    process = subprocess.run([sys.executable, "-c", "bytearray(2 * 1024 ** 3)"], preexec_fn=_limit_memory,
                             capture_output=True, text=True, timeout=60)
    assert process.returncode != 0 and "MemoryError" in process.stderr


def test_the_documented_bounds_are_the_tested_ones():
    text = flat((ROOT / "docs" / "security.md").read_text(encoding="utf-8"))
    from erasmus_xl.io import spreadsheet_formats, workbook_file

    assert "1.5 GB" in text and f"{TIME_LIMIT_S} s" in text and f"{PEAK_RSS_LIMIT_MB} MB" in text
    for number in (workbook_file.MAX_UNPACKED_MB, workbook_file.MAX_ROWS_PER_SHEET, workbook_file.MAX_CELLS_PER_SHEET,
                   workbook_file.MAX_SHARED_STRINGS, spreadsheet_formats.MAX_XLS_MB):
        assert f"{number:,}" in text or str(number) in text, number
    for entry in MANIFEST:
        assert f"`{entry['file']}`" in text, f"docs/security.md does not list {entry['file']}"


# ------------------------------------------------------------------------------------------
# summary on a folder of all of them.
# ------------------------------------------------------------------------------------------

def test_summary_of_a_folder_of_hostile_files(tmp_path):
    folder = tmp_path / "registri"
    shutil.copytree(CORPUS, folder, ignore=shutil.ignore_patterns("manifest.json"))
    before, hashes = listing(folder), {p.name: digest(p) for p in folder.iterdir()}
    (run,) = run_all([Run(["summary", str(folder), "--year", "2025", "--as-of", TODAY, "--quiet", "--anonymise"],
                          tmp_path)])
    shown = f"{run.returncode}\n{run.stdout[-3000:]}\n{run.stderr[-5000:]}"
    assert run.returncode == 1 and not run.timed_out, shown          # 1: some files skipped, the rest summarised
    assert "Traceback" not in run.output and run.peak_mb < PEAK_RSS_LIMIT_MB, shown
    discovered = [e for e in MANIFEST if Path(e["file"]).suffix in WORKBOOK_SUFFIXES]   # what summary reads
    for entry in discovered:
        skipped = f"Izlaists / skipped: {entry['file']}:" in run.output
        assert skipped == (entry["kind"] == "refused"), entry["file"]
    summary = json.loads((folder / "kopsavilkums-2025" / "kopsavilkums-2025.json").read_text(encoding="utf-8"))
    statuses = {item["file"]: item["status"] for item in summary["files"]}
    assert statuses == {e["file"]: "skipped" if e["kind"] == "refused" else "read" for e in discovered}
    for item in summary["files"]:
        if item["status"] == "skipped":
            assert item["reason"]["code"] == ENTRIES[item["file"]]["code"], item
    assert {p.name: digest(p) for p in folder.iterdir() if p.is_file()} == hashes
    added = listing(folder) - before
    assert added and all(name.startswith("kopsavilkums-2025") for name in added), added
    assert not [name for name in added if name.endswith(".tmp")]


# ------------------------------------------------------------------------------------------
# Outputs: never over an existing file without --force; atomic.
# ------------------------------------------------------------------------------------------

WRITERS = [name for name, (_, outputs) in COMMANDS.items() if outputs]
# what each writing command writes by default for r.xlsx (one file is enough to stand in the way)
DEFAULT_OUTPUT = {
    "validate-annotate": "r-parbaude.xlsx", "indicators-csv": "r-raditaji.csv", "indicators-xlsx": "r-raditaji.xlsx",
    "report": "r-parskats-2025.docx", "action-plan": "r-ricibas-plans-2026.docx", "budget": "r-budzets.xlsx",
    "finance": "r-finanses.xlsx", "export-bm": "r-bm.xlsx", "annex": f"r-pielikums-{PLANNED_PROJECT}.docx",
    "europass": f"r-europass-{PROJECT}/europass-M1.docx",
}


@pytest.fixture(scope="module")
def over_existing(tmp_path_factory) -> dict[str, tuple[Path, set[str], Run]]:
    """Each writing command on a readable register whose output already exists: (folder, listing, run)."""
    base = tmp_path_factory.mktemp("writers")
    runs = {}
    for command in WRITERS:
        folder = base / command
        (folder / DEFAULT_OUTPUT[command]).parent.mkdir(parents=True)
        shutil.copyfile(CORPUS / "spaces.xlsx", folder / "r.xlsx")
        (folder / DEFAULT_OUTPUT[command]).write_bytes(b"sentinel")
        arguments, _ = COMMANDS[command]
        run = Run([_command_word(command), "r.xlsx", *(a.format(stem="r") for a in arguments)], folder)
        runs[command] = (folder, listing(folder), run)
    run_all([run for _, _, run in runs.values()])
    return runs


def test_every_writing_command_has_its_default_output_listed():
    assert set(DEFAULT_OUTPUT) == set(WRITERS)


@pytest.mark.parametrize("command", WRITERS)
def test_an_existing_output_is_not_replaced_without_force(over_existing, command):
    folder, before, run = over_existing[command]
    assert run.returncode == 2, run.stdout + run.stderr
    assert "--force" in run.output and "jau pastāv" in run.output and "Traceback" not in run.output, run.stderr
    assert listing(folder) == before       # nothing else written (an annex's .xlsx, a second Europass …)
    assert (folder / DEFAULT_OUTPUT[command]).read_bytes() == b"sentinel"


def test_a_failed_write_leaves_neither_a_partial_file_nor_a_temporary_one(tmp_path):
    from erasmus_xl.io.outputs import atomic_output

    target = tmp_path / "out.xlsx"
    with pytest.raises(RuntimeError), atomic_output(target) as temporary:
        temporary.write_bytes(b"half a workbook")
        raise RuntimeError("disk full")
    assert list(tmp_path.iterdir()) == []
    target.write_bytes(b"the good report")
    with pytest.raises(RuntimeError), atomic_output(target, force=True) as temporary:
        temporary.write_bytes(b"half a workbook")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"the good report" and list(tmp_path.iterdir()) == [target]


# ------------------------------------------------------------------------------------------
# Hostile Word templates through the command line.
# ------------------------------------------------------------------------------------------

HOSTILE_TAGS = {
    "class": ("{{ school_name.__class__.__mro__ }}", "template_unsafe"),
    "globals": ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", "template_unsafe"),
    "os": ("{{ os.system('touch /tmp/erasmus-xl-pwned') }}", "template_unsafe"),
    "subprocess": ("{{ subprocess.run(['id']) }}", "template_unsafe"),
    "subclasses": ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "template_unsafe"),
    "include": ("{% include '/etc/passwd' %}", "template_unsupported"),
    "huge": ("{{ 'a' * 1000000000 }}", "template_too_large"),
}


ACTION_PLAN_TAGS = ("globals",)   # the plan renders through the same code as the report
CHECK_TAGS = ("class", "os", "include")


@pytest.fixture(scope="module")
def template_runs(tmp_path_factory) -> dict[str, tuple[Path, set[str], Run]]:
    base = tmp_path_factory.mktemp("templates")
    runs = {}
    for name, (tag, _code) in HOSTILE_TAGS.items():
        for command, year in (("report", "2025"), ("action-plan", "2026")):
            if command == "action-plan" and name not in ACTION_PLAN_TAGS:
                continue
            folder = base / f"{name}-{command}"
            folder.mkdir()
            shutil.copyfile(CORPUS / "header-row-3.xlsx", folder / "r.xlsx")
            document = Document()
            document.add_paragraph("Pārskats: {{ school_name }}")
            document.add_paragraph(f"Dati: {tag}")
            document.save(str(folder / "hostile.docx"))
            run = Run([command, "r.xlsx", "--year", year, "--template", "hostile.docx", "-o", "out.docx"], folder)
            runs[f"{name}-{command}"] = (folder, listing(folder), run)
        if name not in CHECK_TAGS:
            continue
        folder = base / f"{name}-check"
        folder.mkdir()
        shutil.copyfile(base / f"{name}-report" / "hostile.docx", folder / "hostile.docx")
        runs[f"{name}-check"] = (folder, listing(folder), Run(["templates", "check", "hostile.docx"], folder))
    run_all([run for _, _, run in runs.values()])
    return runs


TEMPLATE_CASES = [(name, "report") for name in HOSTILE_TAGS] + [(name, "action-plan") for name in ACTION_PLAN_TAGS]


@pytest.mark.parametrize("name, command", TEMPLATE_CASES)
def test_a_hostile_template_is_refused_and_nothing_is_written(template_runs, name, command):
    folder, before, run = template_runs[f"{name}-{command}"]
    shown = f"{run.returncode}\n{run.stderr}"
    assert run.returncode == 2, shown
    assert "Traceback" not in run.output and "Kļūda:" in run.stderr and "hostile.docx" in run.output, shown
    for fragment in message_fragments(HOSTILE_TAGS[name][1], "template_errors"):
        assert fragment in run.output, (fragment, shown)
    assert listing(folder) == before and not (folder / "out.docx").exists()
    assert not Path("/tmp/erasmus-xl-pwned").exists()


@pytest.mark.parametrize("name", CHECK_TAGS)
def test_templates_check_names_the_hostile_tag(template_runs, name):
    folder, before, run = template_runs[f"{name}-check"]
    assert run.returncode == 1 and "Traceback" not in run.output, run.stderr
    assert "Python" in run.output or "neatbalsta" in run.output, run.stdout
    assert listing(folder) == before


# ------------------------------------------------------------------------------------------
# Personal data.
# ------------------------------------------------------------------------------------------

NETWORK_MODULES = {"socket", "ssl", "urllib", "http", "requests", "httpx", "aiohttp", "ftplib", "smtplib",
                   "telnetlib", "xmlrpc", "poplib", "imaplib", "websocket", "websockets", "paramiko"}
# Modules that may reach Excel on this computer (COM / AppleScript), never the network. They are
# the xlwings layer's, which business logic does not import.
LOCAL_ONLY = {"xlwings"}


def _imports(path: Path) -> set[str]:
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                "import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant):
            found.add(str(node.args[0].value))
    return found


# Parts of a network package that only handle text, never a connection (percent-escapes in zip names).
TEXT_ONLY = ("urllib.parse",)


def _network_imports(path: Path) -> set[str]:
    """The imports of `path` that can reach the network: a network package, bar its text-only parts."""
    return {name for name in _imports(path)
            if name.split(".")[0] in NETWORK_MODULES and not name.startswith(TEXT_ONLY)}


def test_nothing_is_sent_over_the_network():
    """No module of the package (or its scripts) imports a network library: registers hold data
    about minors, and nothing of it leaves the computer."""
    sources = sorted((ROOT / "erasmus_xl").rglob("*.py")) + sorted((ROOT / "scripts").glob("*.py"))
    assert len(sources) > 20
    offenders = {str(path.relative_to(ROOT)): sorted(_network_imports(path)) for path in sources}
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_network_scan_sees_every_kind_of_import(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("import socket\nfrom urllib import request\nimport http.client\n"
                     "importlib.import_module('requests')\nfrom urllib.parse import unquote\n", encoding="utf-8")
    assert _network_imports(probe) == {"socket", "urllib.request", "http.client", "requests"}


# --- --anonymise on every export and annex ------------------------------------------------------

FIRST, LAST, BIRTH = "Annija", "Zvaigzne", dt.date(2009, 4, 17)


def _register_with_personal_data(path: Path) -> Path:
    """A learner who is in two overlapping mobilities (so a message quotes her name) and a date of
    birth in an extra column, as some schools add."""
    rows = valid_rows()
    first = rows["mobilities"][0]
    first.update(first_name=FIRST, last_name=LAST)
    rows["mobilities"].append(dict(first, id="M9", start_date=dt.date(2025, 9, 10), end_date=dt.date(2025, 9, 15)))
    rows["projects"].append(dict(rows["projects"][0], project_number=PLANNED_PROJECT, start_date=dt.date(2027, 6, 1),
                                 end_date=dt.date(2028, 12, 31), status="iesniegts"))
    rows["mobilities"].append(dict(first, id="M10", project_number=PLANNED_PROJECT, fewer_opportunities="jā",
                                   start_date=dt.date(2028, 3, 6), end_date=dt.date(2028, 3, 24), status="plānota"))
    write_workbook(path, rows, extra_column="Dzimšanas datums")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Mobilitātes"]
    column = next(cell.column for cell in sheet[1] if cell.value == "Dzimšanas datums")
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row=row, column=column, value=BIRTH)
    workbook.save(path)
    return path


def _texts_of(path: Path) -> str:
    """Everything a person could read in an output: cells of every sheet, Word text, JSON, CSV."""
    if path.suffix == ".xlsx":
        workbook = openpyxl.load_workbook(path)
        return "\n".join(str(value) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)
                         for value in row if value is not None)
    if path.suffix == ".docx":
        return docx_text(path)
    return path.read_text(encoding="utf-8-sig")


def _assert_no_personal_data(text: str) -> None:
    assert FIRST not in text and LAST not in text, "a participant's name"
    assert BIRTH.strftime("%d.%m.%Y") not in text and BIRTH.isoformat() not in text, "a date of birth"
    assert "Dzimšanas datums" not in text


def _cli(*args: str):
    from typer.testing import CliRunner

    from erasmus_xl.cli import app

    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_without_anonymise_the_left_out_list_quotes_the_name(tmp_path):
    """The baseline the other tests change: the overlap message names the learner."""
    register = _register_with_personal_data(tmp_path / "r.xlsx")
    result = _cli("indicators", str(register), "--format", "json", "--as-of", TODAY)
    assert f"{FIRST} {LAST}" in result.stdout


@pytest.mark.parametrize("output_format", ["json", "csv", "xlsx", "table"])
def test_indicators_anonymised_name_no_one(tmp_path, output_format):
    register = _register_with_personal_data(tmp_path / "r.xlsx")
    args = ["indicators", str(register), "--format", output_format, "--as-of", TODAY, "--anonymise"]
    result = _cli(*args, *(["-o", str(tmp_path / "out.csv")] if output_format == "csv" else []))
    assert result.exit_code == 0, result.output
    text = result.stdout
    if output_format == "xlsx":
        text = _texts_of(tmp_path / "r-raditaji.xlsx")
    elif output_format == "csv":
        text = _texts_of(tmp_path / "out.csv")
    _assert_no_personal_data(text)
    if output_format in ("json", "table", "xlsx"):
        assert "A. Z." in text                      # the left-out row is still explained, by initials


def test_the_report_anonymised_names_no_one(tmp_path):
    register = _register_with_personal_data(tmp_path / "r.xlsx")
    result = _cli("report", str(register), "--year", "2025", "--as-of", TODAY, "--anonymise")
    assert result.exit_code == 0, result.output
    text = _texts_of(tmp_path / "r-parskats-2025.docx")
    _assert_no_personal_data(text)
    assert "A. Z. vienlaikus ir divās mobilitātēs" in flat(text)


def test_the_annex_anonymised_has_no_names_and_no_per_person_marks(tmp_path):
    register = _register_with_personal_data(tmp_path / "r.xlsx")
    result = _cli("annex", str(register), "--project", PLANNED_PROJECT, "--anonymise")
    assert result.exit_code == 0, result.output
    outputs = sorted(tmp_path.glob("r-pielikums-*"))
    assert [p.suffix for p in outputs] == [".docx", ".xlsx"]
    for path in outputs:
        _assert_no_personal_data(_texts_of(path))
    listing_sheet = openpyxl.load_workbook(outputs[1]).worksheets[-1]
    header = [str(cell.value) for cell in listing_sheet[1]]
    column = next(i for i, title in enumerate(header) if "iespēj" in title.lower())
    values = [row[column] for row in listing_sheet.iter_rows(min_row=2, values_only=True)]
    assert values and all(value is None for value in values)


def test_the_summary_anonymised_has_initials_and_no_dates_of_birth(tmp_path):
    from erasmus_xl.render.summary import summarise_folder

    folder = tmp_path / "registri"
    folder.mkdir()
    _register_with_personal_data(folder / "a.xlsx")
    rows = valid_rows()
    rows["mobilities"][1].update(first_name=FIRST, last_name=LAST)
    write_workbook(folder / "b.xlsx", rows)
    plain = summarise_folder(folder, year=2025, as_of=dt.date(2026, 1, 15), outdir=tmp_path / "plain", workers=1)
    assert FIRST in _texts_of(plain.outputs["xlsx"])            # the baseline: names without --anonymise
    assert "Dzimšanas datums" not in _texts_of(plain.outputs["xlsx"])   # dates of birth never travel on
    result = summarise_folder(folder, year=2025, as_of=dt.date(2026, 1, 15), outdir=tmp_path / "anon", workers=1,
                              anonymise=True)
    for path in result.outputs.values():
        _assert_no_personal_data(_texts_of(path))
    records = openpyxl.load_workbook(result.outputs["xlsx"])["Mobilitātes"]
    header = [cell.value for cell in records[1]]
    names = {(row[header.index("Vārds")], row[header.index("Uzvārds")]) for row in records.iter_rows(min_row=2, values_only=True)}
    assert ("A.", "Z.") in names


def test_exports_anonymised_name_no_one(tmp_path):
    register = _register_with_personal_data(tmp_path / "r.xlsx")
    assert _cli("export-bm", str(register), "--anonymise", "-o", str(tmp_path / "bm.csv")).exit_code == 0
    _assert_no_personal_data(_texts_of(tmp_path / "bm.csv"))
    result = _cli("europass", str(register), "--project", PROJECT, "--anonymise", "--outdir", str(tmp_path / "ep"))
    assert result.exit_code == 0, result.output
    documents = sorted((tmp_path / "ep").iterdir())
    assert documents and all(LAST not in p.name for p in documents)
    for path in documents:
        _assert_no_personal_data(_texts_of(path))
