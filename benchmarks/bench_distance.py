"""Distances as a user waits for them: whole processes, each beside `python -c pass` in the same run.

Prints the median wall time and the peak memory (max RSS) of N fresh processes for:
the floor (`python -c pass`), a distance through the library (`distance_km('Rēzekne', 'Kaunas')`,
which reads the shipped gazetteer index), the same through the command (`erasmus-xl distance`,
which also pays the CLI's start-up, issue 13 item 1), and `budget` / `finance` on the demo
register. Goals (issue 13 item 2): distance ≤ 0.3 s and ≤ 60 MB; budget and finance ≤ 1 s.
Asserts nothing.

    python benchmarks/bench_distance.py [--repeat 5]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# .pyc as installed (pip compiles them): a PYTHONDONTWRITEBYTECODE=1 shell would make every probe compile the package
ENV = {**{name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}, "PYTHONPATH": str(ROOT)}
sys.path.insert(0, str(ROOT))
# Runs one command and prints its CPU seconds and peak RSS (KB on Linux): the only child of this
# wrapper. CPU time barely moves when other processes share the cores; wall time does.
MEASURE = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
           "stderr=subprocess.DEVNULL); u = resource.getrusage(resource.RUSAGE_CHILDREN); "
           "print(u.ru_utime + u.ru_stime, u.ru_maxrss)")


def measure(command: list[str], repeat: int) -> tuple[float, float, float]:
    """Median wall seconds, median CPU seconds and the largest peak memory in MB over `repeat` fresh processes."""
    env = ENV
    times, cpu, peaks = [], [], []
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", MEASURE, *command], env=env, capture_output=True, text=True,
                              check=True)
        times.append(time.perf_counter() - start)
        seconds, peak = done.stdout.split()
        cpu.append(float(seconds))
        peaks.append(int(peak) / 1024)
    return statistics.median(times), statistics.median(cpu), max(peaks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([python, "-c", "import sys; from erasmus_xl.demo import write_demo; write_demo(sys.argv[1])",
                        folder], env=ENV, check=True)
        from erasmus_xl.demo import DEMO_FILE  # noqa: PLC0415 (only its file name)
        demo = str(Path(folder) / DEMO_FILE)
        cases = [
            ("python -c pass (floor)", [python, "-c", "pass"]),
            ("distance_km('Rēzekne', 'Kaunas') (library)",
             [python, "-c", "from erasmus_xl.domain.distance import distance_km; distance_km('Rēzekne', 'Kaunas')"]),
            ("erasmus-xl distance Rēzekne Kaunas", [python, "-m", "erasmus_xl", "distance", "Rēzekne", "Kaunas"]),
            ("erasmus-xl distance Rēzekne Dagdaa (unknown: suggestions)",
             [python, "-m", "erasmus_xl", "distance", "Rēzekne", "Dagdaa"]),
            ("erasmus-xl --help (CLI start-up alone)", [python, "-m", "erasmus_xl", "--help"]),
            ("erasmus-xl budget demo", [python, "-m", "erasmus_xl", "budget", demo]),
            ("erasmus-xl finance demo", [python, "-m", "erasmus_xl", "finance", demo]),
        ]
        print(f"{'process':<60} {'wall s':>7} {'CPU s':>6} {'peak MB':>8}   "
              f"(medians of {args.repeat} runs, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f})")
        for label, command in cases:
            seconds, cpu, peak = measure(command, args.repeat)
            print(f"{label:<60} {seconds:>7.3f} {cpu:>6.3f} {peak:>8.1f}")


if __name__ == "__main__":
    main()
