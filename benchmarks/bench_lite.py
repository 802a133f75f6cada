"""The xlwings Lite edition's scripts on xlwings' remote engine, beside the classic add-in's buttons.

Each script runs on `xw.Book(json=payload)` (the engine xlwings Lite runs) over a generated
register of --rows data rows; the figure is Python time on this machine for the script alone
(Pyodide in the add-in runs several times slower, and the Office.js round trips come on top).
The classic figure is the same button through the live adapter on the same engine. Then one
worksheet function call answered from the cached register: Lite (the session's register) and
classic (the file's cache). Issue 14's aims: ≤ 1 s a script on 2,000 rows, ≤ 1 ms a call.
Needs XLWINGS_LICENSE_KEY=noncommercial (xlwings' noncommercial key: a benchmark, not run time).
Prints; asserts nothing.

    XLWINGS_LICENSE_KEY=noncommercial python benchmarks/bench_lite.py [--rows 2000] [--repeat 3]
"""
from __future__ import annotations

import argparse
import asyncio
import inspect
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]

SCRIPTS = [("parbaudit", "validate", {}), ("raditaji", "indicators", {}), ("gada_parskats", "report", {"year": 2025}),
           ("ricibas_plans", "action_plan", {"year": 2026}), ("budzets", "budget", {}),
           ("finanses", "finance", {}), ("versijas", "versions", {})]


def _median_ms(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        times.append(run())
    return statistics.median(times) * 1e3


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--calls", type=int, default=1000)
    args = parser.parse_args(argv)
    os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    with tempfile.TemporaryDirectory() as folder:
        os.environ["ERASMUS_XL_LITE_EXPORT"] = str(Path(folder) / "data")
        os.environ["ERASMUS_XL_LITE_MOUNTS"] = ""
        from bench_indicators import generate
        from excel_payload import remote_book, workbook_payload

        from erasmus_xl.excel import buttons, lite, udf_cache
        from erasmus_xl.excel.excel_live import LiveWorkbook
        from erasmus_xl.excel.xlwings_glue import EXL_INDICATOR

        register = Path(folder) / "reģistrs.xlsx"
        generate(register, args.rows)
        payload = workbook_payload(register)
        print(f"register: {args.rows} data rows; median of {args.repeat} runs, Python time, ms")
        print(f"{'script':<16} {'Lite':>9} {'classic':>9}")

        classic_folder = Path(folder) / "classic"

        class Classic(LiveWorkbook):      # the classic buttons write Word files beside the workbook
            folder = classic_folder

            def message(self, text, title=""):
                pass

        Classic.folder.mkdir()
        for script, action, options in SCRIPTS:
            def lite_run(script=script):
                book = remote_book(payload)
                start = time.perf_counter()
                result = getattr(lite, script)(book, **({"gads": options["year"]} if "year" in options else {}))
                if inspect.iscoroutine(result):
                    asyncio.run(result)
                return time.perf_counter() - start

            def classic_run(action=action, options=options):
                book = remote_book(payload)
                start = time.perf_counter()
                buttons.run_button(action, Classic(book), **options)
                return time.perf_counter() - start

            sys.stdout.flush()
            with open(os.devnull, "w") as quiet:
                saved, sys.stdout = sys.stdout, quiet
                try:
                    lite_ms, classic_ms = _median_ms(lite_run, args.repeat), _median_ms(classic_run, args.repeat)
                finally:
                    sys.stdout = saved
            print(f"{script:<16} {lite_ms:9.1f} {classic_ms:9.1f}")
        lite.EXL_INDICATOR("learner_mobility_out", 2025)          # the session's register, cached once
        udf_cache.clear()
        EXL_INDICATOR("learner_mobility_out", 2025, str(register))
        for label, call in (("Lite EXL_INDICATOR", lambda: lite.EXL_INDICATOR("learner_mobility_out", 2025)),
                            ("classic EXL_INDICATOR", lambda: EXL_INDICATOR("learner_mobility_out", 2025, str(register)))):
            times = []
            for _ in range(args.calls):
                start = time.perf_counter()
                call()
                times.append(time.perf_counter() - start)
            print(f"{label:<22} median {statistics.median(times) * 1e6:8.1f} µs a call (cached, {args.calls} calls)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
