"""The full annual report for the demo register, as a user waits for it: a cold Python process.

Each run is a fresh `python -c` (imports of matplotlib, docxtpl and Babel included) that reads
the register, validates it, counts every indicator for 2024–2028, draws the eight charts and
fills the Word template. The Word → PDF conversion is not included. Prints wall and CPU seconds
(user + system of the child: honest on a loaded machine) beside `python -c pass`, median and all
runs; asserts nothing. Children may write .pyc files, as an installed package has them.

    python benchmarks/bench_report.py [--repeat 5] [--lang lv]
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from erasmus_xl.demo import write_demo  # noqa: E402

# The lead's CLI (`python -m erasmus_xl report FILE --year 2025`) calls the same function.
CODE = ("import datetime as dt; import erasmus_xl; from erasmus_xl.render.reports import write_annual_report; "
        "write_annual_report(erasmus_xl.open({register!r}, today=dt.date(2026, 11, 22)), year=2025, lang={lang!r}, "
        "output={output!r}, force=True)")


ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str], repeat: int) -> tuple[list[float], list[float]]:
    """Wall seconds and CPU seconds (the child's user + system) of each run of `command`."""
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, check=True, cwd=ROOT, env=ENV)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return walls, cpus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--lang", choices=("lv", "en"), default="lv")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="erasmus-xl-bench-") as folder:
        register, _ = write_demo(Path(folder))
        output = Path(folder) / "parskats.docx"
        code = CODE.format(register=str(register), lang=arguments.lang, output=str(output))
        subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, env=ENV)   # writes the .pyc files
        times, cpus = timed([sys.executable, "-c", code], arguments.repeat)
        floor, floor_cpu = timed([sys.executable, "-c", "pass"], arguments.repeat)
        size_kb = output.stat().st_size / 1024
    print(f"annual report, demo register, cold process ({arguments.lang}): median {statistics.median(times):.2f} s wall "
          f"(runs: {', '.join(f'{t:.2f}' for t in times)}), {statistics.median(cpus):.2f} s CPU; .docx {size_kb:.0f} KB")
    print(f"floor python -c pass: {statistics.median(floor):.3f} s wall, {statistics.median(floor_cpu):.3f} s CPU; "
          "goal (issue 13): ≤ 1.5 s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
