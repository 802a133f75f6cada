"""Runs `python -m erasmus_xl ARGS…` many times without paying Python's start-up and imports each time.

Started once by tests/io/test_hostile_inputs.py. It imports the package (and the libraries its
commands load lazily) once, reads a JSON list of runs on stdin, and for each run forks a child
that is a real, separate process: its own session, working folder, stdin from /dev/null, stdout
and stderr into the files named by the run, the RLIMIT_AS cap set in the child before the command
starts, then `erasmus_xl/__main__.py` executed as `python -m erasmus_xl` would (runpy, same
sys.argv, same exit code rules: SystemExit's code, 1 and a traceback on an uncaught exception,
atexit handlers and flushed output at the end). This process waits for each child with wait4 (exit
code, peak memory), kills its process group at the time limit, and prints one JSON line per run.

The difference from a fresh interpreter is only what is already in memory at the fork: the
imported modules. They count against the child's memory cap and peak RSS, so the bounds the tests
assert are, if anything, stricter than for a cold process.
"""
from __future__ import annotations

import atexit
import importlib
import json
import os
import pkgutil
import resource
import runpy
import signal
import sys
import time
import traceback

# The package's modules a command may import lazily: the Excel layer (xlwings) is never loaded by the CLI.
SKIPPED = ("erasmus_xl.__main__", "erasmus_xl.excel")


def preload() -> None:
    """Import every module a CLI command can reach, once, before any fork."""
    import erasmus_xl
    import erasmus_xl.cli  # noqa: F401 - the entry point itself

    for module in pkgutil.walk_packages(erasmus_xl.__path__, "erasmus_xl."):
        if not module.name.startswith(SKIPPED):
            importlib.import_module(module.name)


def _child(run: dict) -> None:
    """In the forked child: become the command's process and never return."""
    code = 1
    try:
        os.setsid()
        os.chdir(run["cwd"])
        for fd, path, flags in ((0, os.devnull, os.O_RDONLY), (1, run["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
                                (2, run["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)):
            opened = os.open(path, flags, 0o644)
            os.dup2(opened, fd)
            os.close(opened)
        cap = run["memory_cap"]
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        sys.argv = ["-m", *run["args"]]
        try:
            runpy.run_module("erasmus_xl", run_name="__main__", alter_sys=True)
            code = 0
        except SystemExit as stop:
            if stop.code is None or isinstance(stop.code, int):
                code = stop.code or 0
            else:
                print(stop.code, file=sys.stderr)
                code = 1
        except BaseException:
            sys.excepthook(*sys.exc_info())
            code = 1
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:
        traceback.print_exc()
    finally:
        os._exit(code)


def _start(run: dict) -> tuple[int, float]:
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        _child(run)
    return pid, time.monotonic()


def serve(runs: list[dict], parallel: int, time_limit: float) -> None:
    """Run them `parallel` at a time; one JSON line per finished run, in the order they finish."""
    waiting, running = list(enumerate(runs)), {}
    while waiting or running:
        while waiting and len(running) < parallel:
            index, run = waiting.pop(0)
            pid, started = _start(run)
            running[pid] = (index, started)
        for pid, (index, started) in list(running.items()):
            done, status, usage = os.wait4(pid, os.WNOHANG)
            timed_out = False
            if done == 0:
                if time.monotonic() - started < time_limit:
                    continue
                os.killpg(pid, signal.SIGKILL)
                done, status, usage = os.wait4(pid, 0)
                timed_out = True
            del running[pid]
            print(json.dumps({"index": index, "returncode": os.waitstatus_to_exitcode(status), "timed_out": timed_out,
                              "seconds": time.monotonic() - started, "peak_mb": usage.ru_maxrss / 1024}), flush=True)
        time.sleep(0.01)


if __name__ == "__main__":
    request = json.load(sys.stdin)
    preload()
    serve(request["runs"], request["parallel"], request["time_limit"])
