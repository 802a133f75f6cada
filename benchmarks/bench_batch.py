"""Batch reading: a folder of N generated registers of ~100 rows each, and a 10× larger one.

Prints seconds per workbook for erasmus_xl's read_folder (sequential and with worker processes)
next to the same folder read through pandas.read_excel(engine="openpyxl"), and how time grows
with the number of files. Asserts nothing.

    python benchmarks/bench_batch.py [--files 200] [--rows 100] [--scale 10]
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from builders import valid_rows, write_workbook  # noqa: E402

from erasmus_xl.domain.batch import discover, read_folder  # noqa: E402


def make_folder(folder: Path, files: int, rows: int) -> None:
    """`files` registers, each with `rows` mobility rows; a handful of sub-folders."""
    for number in range(files):
        data = valid_rows()
        base = data["mobilities"][0]
        data["mobilities"] = [dict(base, id=f"F{number}-M{i}", first_name=f"V{number}-{i}",
                                   start_date=dt.date(2024, 1, 1) + dt.timedelta(days=(i * 7) % 900),
                                   end_date=dt.date(2024, 1, 20) + dt.timedelta(days=(i * 7) % 900),
                                   status="notikusi" if i % 3 else "plānota") for i in range(rows)]
        data["feedback"], data["finance"] = [], []
        for key, letter in (("incoming", "U"), ("events", "P"), ("competitions", "K")):
            data[key] = [dict(data[key][0], id=f"F{number}-{letter}")]
        sub = folder / f"koordinators{number % 10}"
        sub.mkdir(exist_ok=True)
        write_workbook(sub / f"registrs-{number:04d}.xlsx", data)


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def pandas_read(folder: Path) -> None:
    import pandas as pd

    for path in discover(folder):
        pd.read_excel(path, sheet_name=None, engine="openpyxl")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--rows", type=int, default=100)
    parser.add_argument("--scale", type=int, default=10, help="the larger folder has this many times more files")
    parser.add_argument("--skip-pandas-large", action="store_true", help="skip pandas on the larger folder")
    args = parser.parse_args()
    workers = os.cpu_count() or 1
    print(f"{workers} cores; {args.rows} mobility rows per workbook")
    print(f"{'files':>6} {'way':44} {'seconds':>8} {'s/workbook':>11}")
    for files in (args.files, args.files * args.scale):
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            start = time.perf_counter()
            make_folder(folder, files, args.rows)
            print(f"{files:>6} {'(generating the folder)':44} {time.perf_counter() - start:8.1f}")
            ways = {
                "erasmus_xl read_folder, 1 process": lambda: read_folder(folder, workers=1),
                f"erasmus_xl read_folder, {workers} processes": lambda: read_folder(folder, workers=workers),
            }
            if files == args.files or not args.skip_pandas_large:
                ways["pandas.read_excel(openpyxl), all sheets"] = lambda: pandas_read(folder)
            for way, function in ways.items():
                seconds = timed(function)
                print(f"{files:>6} {way:44} {seconds:8.1f} {seconds / files:11.4f}")


if __name__ == "__main__":
    main()
