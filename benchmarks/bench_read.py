"""Reading and validating a generated 20,000-row register, beside pandas + openpyxl on the same file.

Each way runs in its own fresh Python process, so the times include imports (what a user waits
for) and the peak memory (ru_maxrss) is that process's own. Seconds are CPU seconds of the
process (user + system; honest on a loaded machine). The floor is python-calamine alone reading
every sheet to lists; issue 13's goal is read + validate ≤ 2× the floor, peak memory ≤ 2×.
Prints figures; asserts nothing. The probes run `python -c` in the current folder, which comes
first on sys.path: to measure another copy of erasmus_xl, run from outside this checkout.

    python benchmarks/bench_read.py [--rows 20000] [--repeat 3] [--no-pandas]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from builders import valid_rows  # noqa: E402

from erasmus_xl.model.schema import sheet_specs  # noqa: E402

# the command as a user runs it (start-up, reading, validating, printing), its output to the null device
_COMMAND = ("import contextlib, os, sys; from erasmus_xl.cli import main\n"
            "sys.argv = ['erasmus-xl'] + [PATH if a == 'PATH' else a for a in {args!r}]\n"
            "with open(os.devnull, 'w') as null, contextlib.redirect_stdout(null), contextlib.suppress(SystemExit): main()\n"
            "n = None")

WAYS = {
    "python-calamine, all sheets to lists (floor)": "from python_calamine import CalamineWorkbook; "
        "wb = CalamineWorkbook.from_path(PATH); d = {s: wb.get_sheet_by_name(s).to_python() for s in wb.sheet_names}; "
        "n = len(d['Mobilitātes']) - 1",
    # the bounded scan of the package before calamine opens it (zip-bomb limits, CRC, DTD, extents)
    "erasmus_xl open_workbook (imports + scan)": "from erasmus_xl.io.workbook_file import open_workbook; "
        "o = open_workbook(PATH); n = len(o.sheet_names)",
    "erasmus_xl read_register": "from erasmus_xl import read_register; r = read_register(PATH); n = len(r.mobilities)",
    "erasmus_xl read + validate": "from erasmus_xl import read_register, validate; r = read_register(PATH); "
                                  "f = validate(r, today=__import__('datetime').date(2026, 11, 22)); n = len(r.mobilities)",
    "erasmus-xl validate, whole command (table)": _COMMAND.format(args=["validate", "PATH", "--today", "2026-11-22"]),
    "erasmus-xl validate --format json, whole command": _COMMAND.format(
        args=["validate", "PATH", "--format", "json", "--today", "2026-11-22"]),
    "pandas.read_excel(openpyxl), 1 sheet": "import pandas as pd; df = pd.read_excel(PATH, sheet_name='Mobilitātes', engine='openpyxl'); n = len(df)",
    "pandas.read_excel(openpyxl), all sheets": "import pandas as pd; d = pd.read_excel(PATH, sheet_name=None, engine='openpyxl'); n = len(d['Mobilitātes'])",
}

PROBE = """
import json, resource, time
PATH = {path!r}
start = time.process_time()
{code}
elapsed = time.process_time() - start
print(json.dumps({{"seconds": elapsed, "rows": n, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def generate(path: Path, rows: int) -> None:
    """A register whose Mobilitātes sheet has `rows` rows (write-only openpyxl keeps this quick)."""
    template = valid_rows()
    workbook = openpyxl.Workbook(write_only=True)
    programmes = ["Programmēšana", "Autotransports", "Viesnīcu pakalpojumi", "Mehatronika"]
    countries = ["Lietuva", "Igaunija", "Vācija", "Itālija", "Polija"]
    for spec in sheet_specs():
        sheet = workbook.create_sheet(spec.lv)
        sheet.append([c.lv for c in spec.columns if not c.optional_column])
        if spec.key == "mobilities":
            base = template["mobilities"][0]
            for i in range(rows):
                start = dt.date(2024, 1, 1) + dt.timedelta(days=i % 900)
                record = dict(base, id=f"M{i:05d}", first_name=f"Vārds{i}", last_name=f"Uzvārds{i}",
                              education_programme=programmes[i % 4], country=countries[i % 5],
                              start_date=start if i % 2 else start.strftime("%d.%m.%Y."),
                              end_date=start + dt.timedelta(days=20),
                              status=["notikusi", "plānota", "apstiprināta", "atcelta"][i % 4])
                sheet.append([record.get(c.key) for c in spec.columns if not c.optional_column])
        else:
            for record in template.get(spec.key, []):
                sheet.append([record.get(c.key) for c in spec.columns if not c.optional_column])
    workbook.save(path)


ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}  # .pyc as installed


def measure(path: Path, code: str) -> dict:
    completed = subprocess.run([sys.executable, "-c", PROBE.format(path=str(path), code=code)],
                               capture_output=True, text=True, check=True, env=ENV)
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-pandas", action="store_true", help="skip the (slow) pandas + openpyxl ways")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "register-20k.xlsx"
        generate(path, args.rows)
        print(f"{args.rows} mobility rows, file {path.stat().st_size / 1e6:.1f} MB; median of {args.repeat} cold processes")
        print(f"{'way':46} {'CPU s':>8} {'rows/s':>10} {'peak MB':>8}   time / memory")
        baseline = floor = None
        ways = {name: code for name, code in WAYS.items() if not (args.no_pandas and name.startswith("pandas"))}
        runs_of: dict[str, list[dict]] = {name: [] for name in ways}
        for _ in range(args.repeat):            # round after round, so a slower minute of the machine hits every way
            for name, code in ways.items():
                runs_of[name].append(measure(path, code))
        for name, runs in runs_of.items():
            seconds = statistics.median(r["seconds"] for r in runs)
            peak = max(r["peak_mb"] for r in runs)
            if name.startswith("pandas") and baseline is None:
                baseline = seconds
            floor = floor or (seconds, peak)
            print(f"{name:46} {seconds:8.2f} {args.rows / seconds:10,.0f} {peak:8.0f}   "
                  f"{seconds / floor[0]:4.1f}× / {peak / floor[1]:4.1f}× the floor")
        floor_runs = next(iter(runs_of.values()))
        print("each round's time over the floor's in the same round (the machine's speed drifts by a third):")
        for name, runs in list(runs_of.items())[1:]:
            ratios = sorted(r["seconds"] / f["seconds"] for r, f in zip(runs, floor_runs, strict=True))
            print(f"  {name:44} median {statistics.median(ratios):4.2f}×, {ratios[0]:.2f}–{ratios[-1]:.2f}×")
        if baseline:
            ours = statistics.median(r["seconds"] for r in runs_of["erasmus_xl read_register"])
            print(f"speed-up of read_register over pandas+openpyxl (one sheet): {baseline / ours:.1f}×")


if __name__ == "__main__":
    main()
