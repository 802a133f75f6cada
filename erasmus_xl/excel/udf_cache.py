"""The register behind the worksheet functions, parsed once per saved version of the file.

Why: Excel recalculates every EXL_… cell on its own, and a sheet may hold hundreds of them;
reading and checking the register each time would take a second per cell. The entry is keyed by
the file's path and its modification time and size, so saving the workbook (Ctrl+S) is what
makes the functions see new data; indicator reports are kept per (year, basis, day).
A lock makes it safe for the threads of the xlwings COM server.
"""
from __future__ import annotations

import datetime as dt
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from erasmus_xl.model.findings import Finding
from erasmus_xl.model.records import Register
from erasmus_xl.workbook import Workbook

MAX_ENTRIES = 8   # workbooks kept at once (a user rarely has more registers open)


@dataclass
class CachedRegister:
    path: Path
    stamp: tuple[int, int]                    # (st_mtime_ns, st_size)
    book: Workbook                            # validated for book.today, the day the entry is for
    reports: dict[tuple[int, str, dt.date], Any] = field(default_factory=dict)

    @property
    def register(self) -> Register:
        return self.book.register

    @property
    def findings(self) -> list[Finding]:
        return self.book.report.findings

    @property
    def day(self) -> dt.date:
        return self.book.today

    def indicator_report(self, year: int, basis: str = "calendar", as_of: dt.date | None = None):
        """The IndicatorReport of one period, computed once per day."""
        as_of = as_of or dt.date.today()
        key = (year, basis, as_of)
        report = self.reports.get(key)
        if report is None:
            report = self.book.at(as_of).indicators(year=year, basis=basis)
            self.reports[key] = report
        return report


_entries: OrderedDict[str, CachedRegister] = OrderedDict()
_lock = threading.RLock()
stats = {"hits": 0, "misses": 0}


def _stamp(path: str) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_mtime_ns, info.st_size


def cached_register(path: Path | str, *, today: dt.date | None = None) -> CachedRegister:
    """The parsed and validated register of `path`, re-read only when the file changed.

    Raises RegisterError like erasmus_xl.open (file missing, not a register …).
    """
    from erasmus_xl.model.errors import RegisterError
    from erasmus_xl.workbook import open as open_register

    key = os.fspath(path)
    day = today or dt.date.today()
    with _lock:
        try:
            stamp = _stamp(key)
        except OSError:
            raise RegisterError("not_found", Path(key)) from None
        entry = _entries.get(key)
        if entry is not None and entry.stamp == stamp:
            _entries.move_to_end(key)
            stats["hits"] += 1
            if entry.day != day:   # a new day: statuses ("not updated") depend on today
                entry.book, entry.reports = entry.book.at(day), {}
            return entry
        stats["misses"] += 1
        entry = CachedRegister(path=Path(key), stamp=stamp, book=open_register(key, today=day))
        _entries[key] = entry
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
        return entry


def clear() -> None:
    """Forget every register (tests, benchmarks, or after changing erasmus_xl's data files)."""
    with _lock:
        _entries.clear()
        stats["hits"] = stats["misses"] = 0


__all__ = ["CachedRegister", "cached_register", "clear", "stats", "MAX_ENTRIES"]
