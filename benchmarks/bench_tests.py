"""How long the test suite's most expensive fixture takes, and the README's test command.

1. The hostile-input runs (tests/io/test_hostile_inputs.py): the same (file, command) cases as
   cold `python -m erasmus_xl` processes, two at a time (the floor the tests had before), and
   forked from tests/io/warm_cli.py as the tests run them now. Printed: wall seconds and the
   children's CPU seconds.
2. With --suite, the README's command itself (`python3 -m pytest -q -p no:cacheprovider`): wall
   and CPU seconds of the whole run, and the load average before it started (other jobs on the
   machine lengthen every wall time).

    python benchmarks/bench_tests.py [--cases N] [--suite]
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "io")]

import test_hostile_inputs as hostile  # noqa: E402 - the test module's own cases, commands and bounds


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _prepare(workspace: Path, cases: list[tuple[str, str]]) -> list[hostile.Run]:
    runs = []
    for file, command in cases:
        folder = workspace / f"{file}--{command}"
        folder.mkdir(parents=True)
        shutil.copyfile(hostile.CORPUS / file, folder / file)
        arguments, _ = hostile.COMMANDS[command]
        runs.append(hostile.Run([hostile._command_word(command), file, *(a.format(stem=Path(file).stem) for a in arguments)],
                                folder))
    return runs


def cold(runs: list[hostile.Run]) -> None:
    """Each run a fresh interpreter, PARALLEL at a time (how the tests ran them before warm_cli.py)."""
    env = {k: v for k, v in os.environ.items() if k not in ("ERASMUS_XL_DEBUG", "PYTHONDONTWRITEBYTECODE")}
    env.update(COLUMNS="250", NO_COLOR="1", TERM="dumb", PYTHONPYCACHEPREFIX=str(hostile.PYCACHE))
    waiting, running = list(runs), []
    while waiting or running:
        while waiting and len(running) < hostile.PARALLEL:
            run = waiting.pop(0)
            out, err = (open(path, "wb") for path in run.logs)  # noqa: SIM115 - closed once the process ends
            process = subprocess.Popen([sys.executable, "-m", "erasmus_xl", *run.args], cwd=run.cwd, stdout=out, stderr=err,
                                       stdin=subprocess.DEVNULL, env=env, preexec_fn=hostile._limit_memory)
            running.append((process, out, err))
        still = []
        for process, out, err in running:
            if process.poll() is None:
                still.append((process, out, err))
            else:
                out.close()
                err.close()
        running = still
        time.sleep(0.01)


def measure(label: str, action, runs: list[hostile.Run]) -> None:
    cpu, wall = _children_cpu(), time.perf_counter()
    action(runs)
    print(f"{label:<44} {time.perf_counter() - wall:7.1f} s wall {_children_cpu() - cpu:7.1f} s CPU ({len(runs)} runs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=40, help="how many of the hostile cases (0: all of them)")
    parser.add_argument("--suite", action="store_true", help="also time the README's test command (minutes)")
    options = parser.parse_args()
    cases = hostile.CASES if options.cases == 0 else hostile.CASES[:: max(1, len(hostile.CASES) // options.cases)]
    print(f"load average before: {os.getloadavg()[0]:.1f} (2 cores)")
    with tempfile.TemporaryDirectory() as workspace:
        measure("hostile runs, cold processes (the floor)", cold, _prepare(Path(workspace) / "cold", cases))
        measure("hostile runs, forked from warm_cli.py", hostile.run_all, _prepare(Path(workspace) / "warm", cases))
    if options.suite:
        print(f"load average before the suite: {os.getloadavg()[0]:.1f}")
        cpu, wall = _children_cpu(), time.perf_counter()
        subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=ROOT, check=False)
        print(f"python3 -m pytest: {time.perf_counter() - wall:.0f} s wall, {_children_cpu() - cpu:.0f} s CPU")


if __name__ == "__main__":
    main()
