"""Every Excel button on a 2,000-row register: xlwings' remote engine beside the file adapter.

The remote engine (`xw.Book(json=payload)`) is the Book/Sheet/Range code xlwings Lite runs in
Pyodide, several times slower than here: a button should take ≤ 1 s of Python time here. Each
button runs through the live adapter (excel_live) on a fresh Book made from the payload Excel
would send (building the payload is Excel's work and not timed; opening the Book is timed), and
through the file adapter (python-calamine reads, openpyxl writes a new file) on the same
register. Then the worksheet functions on a cached register (≤ 1 ms a call) beside one uncached
call (the file read, checked and counted). Python time only: Excel's own drawing and the COM or
Office.js round trips come on top. Prints; asserts nothing.

The remote engine loads only with xlwings' PolyForm Noncommercial key, set here for this
developer tool as in the tests (never at run time).

    python benchmarks/bench_excel.py [--rows 2000] [--repeat 3] [--calls 1000]
"""
from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")   # before xlwings is imported
ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]

from bench_indicators import generate, timed  # noqa: E402
from bench_udf import _per_call  # noqa: E402
from excel_payload import remote_book, workbook_payload  # noqa: E402

from erasmus_xl.excel import udf_cache  # noqa: E402
from erasmus_xl.excel.buttons import ACTIONS, run_button, run_on_file  # noqa: E402
from erasmus_xl.excel.excel_live import LiveWorkbook  # noqa: E402
from erasmus_xl.excel.xlwings_glue import EXL_INDICATOR, EXL_INDICATORS, EXL_PROGRESS  # noqa: E402

TODAY = dt.date(2026, 3, 15)


def bench_buttons(source: Path, outdir: Path, repeat: int) -> None:
    payload = workbook_payload(source)
    print(f"{'button':<16}{'remote engine':>15}{'actions':>9}{'file adapter':>15}   result")
    for action in ACTIONS:
        def remote():
            book = remote_book(payload)
            result = run_button(action.key, LiveWorkbook(book, path=source, folder=outdir), today=TODAY)
            return result, len(book.json()["actions"])

        counter = iter(range(10**6))

        def on_file():
            output = outdir / f"{action.key}-{next(counter)}.xlsx"
            return run_on_file(action.key, source, output, today=TODAY)[0]

        remote_time, (result, actions) = timed(remote, repeat)
        file_time, file_result = timed(on_file, repeat)
        flag = "" if remote_time <= 1.0 else "  > 1 s"
        shown = "ok" if result.ok and file_result.ok else f"NOT OK: {result.message[:60]!r}"
        print(f"{action.key:<16}{remote_time * 1e3:>12.0f} ms{actions:>9}{file_time * 1e3:>12.0f} ms   {shown}{flag}")


def bench_functions(source: Path, calls: int) -> None:
    udf_cache.clear()
    start = time.perf_counter()
    value = EXL_INDICATOR("learner_mobility_out", 2025, str(source))
    uncached = time.perf_counter() - start
    print(f"\nworksheet functions (register cached after the first call; EXL_INDICATOR = {value})")
    print(f"{'one uncached EXL_INDICATOR (read the file, check, count)':<60}{uncached * 1e3:>10.1f} ms")
    for label, function, args in (
            ("EXL_INDICATOR, cached", EXL_INDICATOR, ("learner_mobility_out", 2025, str(source))),
            ("EXL_PROGRESS, cached", EXL_PROGRESS, ("learner_mobility_out", 2025, str(source))),
            ("EXL_INDICATORS (whole table), cached", EXL_INDICATORS, (2025, str(source)))):
        median = statistics.median(_per_call(function, args, calls))
        flag = "" if median <= 1e-3 else "  > 1 ms"
        print(f"{label + f' (median of {calls})':<60}{median * 1e6:>10.1f} µs{flag}")


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    """--rows, --repeat, --calls (shared with bench_lite.py)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--calls", type=int, default=1000)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    logging.disable(logging.WARNING)       # charts the remote engine leaves out are logged, not news here
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "register.xlsx"
        counts = generate(source, args.rows)
        outdir = Path(folder) / "out"
        outdir.mkdir()
        print(f"register: {sum(counts.values())} rows ({counts['mobilities']} mobilities); "
              f"median of {args.repeat} runs after a warm-up\n")
        bench_buttons(source, outdir, args.repeat)
        bench_functions(source, args.calls)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
