"""Every xlwings Lite script on a 2,000-row register, beside the classic add-in's buttons.

Each script of erasmus_xl.excel.lite runs on `xw.Book(json=payload)` — the remote engine xlwings
Lite itself runs (in Pyodide, several times slower than here; the aim is ≤ 1 s of Python time
here) — on a fresh Book (building the payload is Excel's work and not timed), then one Lite
worksheet function answered from the session's register (≤ 1 ms a call). The classic add-in's
figures follow from bench_excel.py (the same buttons through the live adapter and the file
adapter, and the classic worksheet functions). Python time only; prints, asserts nothing.

    python benchmarks/bench_lite.py [--rows 2000] [--repeat 3] [--calls 1000]
"""
from __future__ import annotations

import asyncio
import contextlib
import inspect
import io
import logging
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_excel  # noqa: E402  (sets the test-only licence key and the paths before xlwings loads)
from bench_excel import TODAY, generate, remote_book, timed, workbook_payload  # noqa: E402
from bench_udf import _per_call  # noqa: E402

from erasmus_xl.excel import lite  # noqa: E402

ARGUMENTS = {"parbaudit": {"datums": TODAY}, "raditaji": {"datums": TODAY}, "finanses": {"datums": TODAY},
             "gada_parskats": {"gads": 2025, "datums": TODAY}, "ricibas_plans": {"gads": 2026, "datums": TODAY},
             "ka1_pielikums": {"datums": TODAY}}


def bench_scripts(source: Path, repeat: int, calls: int) -> None:
    payload = workbook_payload(source)
    print(f"{'Lite script':<16}{'remote engine':>15}   result")
    for script in lite.SCRIPTS:
        def run(script=script):
            with contextlib.redirect_stdout(io.StringIO()):      # the scripts print their message too
                result = script(remote_book(payload), **ARGUMENTS.get(script.__name__, {}))
                return asyncio.run(result) if inspect.iscoroutine(result) else result

        elapsed, result = timed(run, repeat)
        flag = "" if elapsed <= 1.0 else "  > 1 s"
        shown = "ok" if result.ok else f"NOT OK: {result.message[:60]!r}"
        print(f"{script.__name__:<16}{elapsed * 1e3:>12.0f} ms   {shown}{flag}")
    median = statistics.median(_per_call(lite.EXL_INDICATOR, ("learner_mobility_out", 2025), calls))
    print(f"{f'Lite EXL_INDICATOR, session register (median of {calls})':<60}{median * 1e6:>10.1f} µs\n")


def main(argv: list[str] | None = None) -> int:
    args = bench_excel.arguments(argv)
    logging.disable(logging.WARNING)       # charts the remote engine leaves out are logged, not news here
    with tempfile.TemporaryDirectory() as folder:
        os.environ["ERASMUS_XL_LITE_EXPORT"] = str(Path(folder) / "data")    # Lite's /data stand-in
        os.environ["ERASMUS_XL_LITE_MOUNTS"] = ""
        source = Path(folder) / "register.xlsx"
        counts = generate(source, args.rows)
        print(f"register: {sum(counts.values())} rows; median of {args.repeat} runs after a warm-up\n")
        bench_scripts(source, args.repeat, args.calls)
        outdir = Path(folder) / "out"
        outdir.mkdir()
        print("classic add-in (bench_excel.py):")
        bench_excel.bench_buttons(source, outdir, args.repeat)
        bench_excel.bench_functions(source, args.calls)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
