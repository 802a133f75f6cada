"""Worksheet functions against a cached register: what one Excel cell costs.

A sheet may hold hundreds of =EXL_INDICATOR(…) cells, each recalculated on its own. This times
one uncached call (read + validate + count the register) next to 1,000 calls answered from the
cache (a stat of the file and a lookup), and a pure function (EXL_TRAVEL_GRANT) for scale.
Python-side time only: Excel's own per-call overhead through the COM server comes on top
(xlwings issue #1981 — one EXL_INDICATORS array beats many single cells). Prints; asserts nothing.

    python benchmarks/bench_udf.py [--calls 1000] [--register PATH]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from erasmus_xl.demo import write_demo  # noqa: E402
from erasmus_xl.excel import udf_cache  # noqa: E402
from erasmus_xl.excel.xlwings_glue import EXL_INDICATOR, EXL_INDICATORS, EXL_TRAVEL_GRANT  # noqa: E402


def _per_call(function, args: tuple, calls: int) -> list[float]:
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        function(*args)
        times.append(time.perf_counter() - start)
    return times


def _line(label: str, times: list[float]) -> str:
    median = statistics.median(times) * 1e6
    mean = statistics.fmean(times) * 1e6
    return f"{label:<46} median {median:9.1f} µs   mean {mean:9.1f} µs   total {sum(times) * 1e3:8.1f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--register", type=Path, help="a register workbook (default: the demo register)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        register = args.register or write_demo(folder)[0]
        EXL_TRAVEL_GRANT(280, False, 2024)           # load the rates and distance tables once
        udf_cache.clear()
        start = time.perf_counter()
        first = EXL_INDICATOR("learner_mobility_out", 2025, str(register))
        uncached = time.perf_counter() - start
        print(f"register: {Path(register).name}; EXL_INDICATOR(learner_mobility_out; 2025) = {first}")
        print(f"{'one uncached call (read + validate + count)':<46} {uncached * 1e3:9.1f} ms")
        cached = _per_call(EXL_INDICATOR, ("learner_mobility_out", 2025, str(register)), args.calls)
        print(_line(f"{args.calls} cached EXL_INDICATOR calls", cached))
        table = _per_call(EXL_INDICATORS, (2025, str(register)), args.calls)
        print(_line(f"{args.calls} cached EXL_INDICATORS (10×8 table)", table))
        grant = _per_call(EXL_TRAVEL_GRANT, (280, True, 2024), args.calls)
        print(_line(f"{args.calls} EXL_TRAVEL_GRANT calls (no register)", grant))
        print(f"cache: {udf_cache.stats}; uncached ÷ cached median ≈ "
              f"{uncached / statistics.median(cached):,.0f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
