"""Indicators on a generated 20,000-row register: reading, validating and counting timed apart.

The point is to show where a user's wait goes (`erasmus-xl indicators FILE`): reading the
workbook, validating it, computing every indicator for 2024–2028, and writing the dashboard.
Times are medians of in-process runs after one warm-up. Prints figures; asserts nothing.

    python benchmarks/bench_indicators.py [--rows 20000] [--repeat 3]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from erasmus_xl.domain.indicators import compute_indicators  # noqa: E402
from erasmus_xl.domain.validation import validate  # noqa: E402
from erasmus_xl.io.reader import read_register  # noqa: E402
from erasmus_xl.render.dashboard import write_dashboard  # noqa: E402
from erasmus_xl.resources import load_data  # noqa: E402

AS_OF = dt.date(2026, 3, 15)
# Shares of the rows per sheet (they add up to 1).
SHARES = {"mobilities": 0.70, "incoming": 0.10, "events": 0.05, "competitions": 0.05, "projects": 0.01,
          "partners": 0.04, "feedback": 0.05}
STATUSES = ["notikusi", "plānota", "apstiprināta", "atcelta"]
COUNTRIES = ["Lietuva", "Igaunija", "Vācija", "Itālija", "Polija", "Somija", "Spānija"]
PROGRAMMES = ["Programmēšana", "Autotransports", "Viesnīcu pakalpojumi", "Mehatronika", "Būvniecība"]
PROJECT_NUMBERS = [f"2023-1-LV01-KA121-VET-{n:09d}" for n in range(1, 6)]


def _rows(key: str, count: int) -> list[dict[str, Any]]:
    """`count` plausible rows of one sheet, spread over 2024–2028."""
    rows: list[dict[str, Any]] = []
    for i in range(count):
        start = dt.date(2024, 1, 1) + dt.timedelta(days=(i * 7) % 1800)
        status = STATUSES[i % 4]
        if key == "mobilities":
            kind = ["izglītojamais", "izglītojamais", "izglītojamais", "personāls", "pavadošā persona"][i % 5]
            rows.append({
                "id": f"M{i:05d}", "project_number": PROJECT_NUMBERS[i % 5], "participant_type": kind,
                "activity_type": "SM-JOB-SHDW" if kind == "personāls" else "LM-SHORT-VET",
                "first_name": f"Vārds{i}", "last_name": f"Uzvārds{i}",
                "education_programme": PROGRAMMES[i % 5] if kind == "izglītojamais" else None,
                "fewer_opportunities": "jā" if i % 7 == 0 else "nē",
                "receiving_organisation": f"Organizācija {i % 60}", "country": COUNTRIES[i % 7], "city": "Pilsēta",
                "start_date": start, "end_date": start + dt.timedelta(days=4 if kind == "personāls" else 20),
                "green_travel": "nē", "status": status})
        elif key == "incoming":
            rows.append({"id": f"U{i:05d}", "project_number": "2022-1-LT01-KA121-VET-000057566",
                         "participant_type": ["izglītojamais", "personāls"][i % 2], "count": 1 + i % 6,
                         "sending_organisation": f"Skola {i % 40}", "country": COUNTRIES[i % 7],
                         "start_date": start, "end_date": start + dt.timedelta(days=5), "status": status})
        elif key == "events":
            rows.append({"id": f"E{i:05d}", "title": f"Seminārs {i}", "type": "seminārs", "country": COUNTRIES[i % 7],
                         "start_date": start, "end_date": start + dt.timedelta(days=2), "participants": 2,
                         "status": status})
        elif key == "competitions":
            rows.append({"id": f"K{i:05d}", "title": f"Konkurss {i}", "country": COUNTRIES[i % 7], "date": start,
                         "participants": 2, "status": status})
        elif key == "projects":
            action = ["KA121", "KA220", "KA210", "KA122"][i % 4]
            rows.append({"project_number": f"2024-1-LV01-{action}-VET-{100000 + i:09d}", "title": f"Projekts {i}",
                         "programme": "Erasmus+", "role": ["koordinators", "partneris"][i % 2],
                         "start_date": start, "end_date": start + dt.timedelta(days=700), "grant": 60000,
                         "status": ["apstiprināts", "noslēgts", "iesniegts", "noraidīts"][i % 4]})
        elif key == "partners":
            rows.append({"name": f"Partneris {i}", "country": COUNTRIES[i % 7], "oid": f"E{10000000 + i}",
                         "cooperation_since": start})
        elif key == "feedback":
            rows.append({"mobility_id": f"M{(i * 4) % max(1, count):05d}", "satisfaction": 1 + i % 5,
                         "level_before": "A2", "level_after": ["A2", "B1"][i % 2], "motivation_before": 3,
                         "motivation_after": 3 + i % 3, "new_methods": i % 3})
    return rows


def generate(path: Path, total: int) -> dict[str, int]:
    """A register of about `total` data rows over all contract sheets (write-only openpyxl)."""
    workbook = openpyxl.Workbook(write_only=True)
    counts = {}
    base_projects = [{"project_number": n, "title": "KA121", "programme": "Erasmus+", "role": "koordinators",
                      "start_date": dt.date(2023, 6, 1), "end_date": dt.date(2029, 12, 31), "grant": 100000,
                      "status": "apstiprināts"} for n in PROJECT_NUMBERS]
    for sheet in load_data("register_schema")["sheets"]:
        key = sheet["key"]
        ws = workbook.create_sheet(sheet["lv"])
        ws.append([c["lv"] for c in sheet["columns"]])
        rows = _rows(key, int(total * SHARES.get(key, 0)))
        if key == "projects":
            rows = base_projects + rows
        counts[key] = len(rows)
        for record in rows:
            ws.append([record.get(c["key"]) for c in sheet["columns"]])
    workbook.save(path)
    return counts


def timed(function: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median seconds of `repeat` runs after one warm-up run, and the last result."""
    result = function()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "register-20k.xlsx"
        counts = generate(path, args.rows)
        print(f"{sum(counts.values())} data rows ({', '.join(f'{k} {v}' for k, v in counts.items())}); "
              f"file {path.stat().st_size / 1e6:.1f} MB; median of {args.repeat} runs after a warm-up")
        read_s, register = timed(lambda: read_register(path), args.repeat)
        validate_s, findings = timed(lambda: validate(register, today=AS_OF), args.repeat)
        calendar_s, report = timed(lambda: compute_indicators(register, as_of=AS_OF, findings=findings), args.repeat)
        academic_s, _ = timed(lambda: compute_indicators(register, as_of=AS_OF, findings=findings, basis="academic"),
                              args.repeat)
        one_year_s, _ = timed(lambda: compute_indicators(register, as_of=AS_OF, findings=findings, year=2026),
                              args.repeat)
        json_s, _ = timed(lambda: json.dumps(report.to_dict(), ensure_ascii=False), args.repeat)
        out = Path(folder) / "dashboard.xlsx"
        dashboard_s, _ = timed(lambda: write_dashboard(out, report, force=True), args.repeat)
        steps = [
            ("read_register", read_s),
            ("validate", validate_s),
            ("compute_indicators, 2024–2028 calendar", calendar_s),
            ("compute_indicators, 2024–2028 academic", academic_s),
            ("compute_indicators, one year (2026)", one_year_s),
            ("report.to_dict() → JSON", json_s),
            ("write_dashboard (.xlsx with 8 charts)", dashboard_s),
        ]
        print(f"{'step':42} {'seconds':>8} {'× read':>8}")
        for name, seconds in steps:
            print(f"{name:42} {seconds:8.3f} {seconds / read_s:8.2f}")
        errors = sum(1 for f in findings if f.severity == "error")
        print(f"findings: {len(findings)} ({errors} errors); rows left out: {report.left_out_count}")


if __name__ == "__main__":
    main()
