"""The optional register sheet "Rīcības plāns" (Action plan): who does what by when.

The Pedagogical Council adopts a yearly action plan with tasks, responsible persons and
deadlines (strategy, section 4). Schools that keep it in the register write it on this sheet;
the action-plan report then fills those cells instead of leaving them blank. The sheet is read
as tolerantly as the contract sheets: Latvian or English headers (data/strategy_tasks.json,
`sheet`), in any order, with the header row anywhere near the top, blank rows skipped. A
missing sheet is not an error: it is optional.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from erasmus_xl.io.cells import is_blank
from erasmus_xl.io.headers import find_header_row
from erasmus_xl.model.text import clean_text, normalize_key
from erasmus_xl.resources import load_data

_LEADING_NUMBER = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s*(?:uzdevums\b|task\b)?\s*[.:;,–—-]?\s*(.*)$", re.I | re.S)
_YEAR = re.compile(r"(20\d\d)")


@dataclass
class PlanRow:
    """One row of the sheet, as the school wrote it (text; a date cell stays a date)."""

    row: int
    task: str = ""
    measure: str = ""
    responsible: str = ""
    deadline: str | dt.date = ""
    notes: str = ""
    year: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class PlanSheet:
    """The sheet's own name and its rows (possibly none)."""

    name: str
    rows: list[PlanRow]


@dataclass(frozen=True)
class StrategyTask:
    number: int
    key: str
    lv: str
    en: str
    indicators: tuple[str, ...]
    qualitative: tuple[str, ...]
    measure_lv: str
    measure_en: str

    def text(self, lang: str) -> str:
        return self.lv if lang == "lv" else self.en

    def measure(self, lang: str) -> str:
        return self.measure_lv if lang == "lv" else self.measure_en


@lru_cache(maxsize=1)
def strategy_tasks() -> tuple[StrategyTask, ...]:
    """The strategy's tasks (section 3), numbered 1… in the order of data/strategy_tasks.json."""
    return tuple(
        StrategyTask(number, item["key"], item["lv"], item["en"], tuple(item.get("indicators", ())),
                     tuple(item.get("qualitative", ())), item.get("measure", {}).get("lv", ""),
                     item.get("measure", {}).get("en", ""))
        for number, item in enumerate(load_data("strategy_tasks")["tasks"], start=1)
    )


def _sheet_spec() -> dict[str, Any]:
    return load_data("strategy_tasks")["sheet"]


@lru_cache(maxsize=1)
def _header_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for key, column in _sheet_spec()["columns"].items():
        for spelling in (key, column["lv"], column["en"], *column.get("aliases", ())):
            lookup.setdefault(normalize_key(spelling), key)
    return lookup


def plan_from_rows(name: str, rows: Sequence[Sequence[Any]]) -> PlanSheet | None:
    """The plan rows of any source: a file read by calamine, or the workbook open in Excel
    (io.reader reads the sheet with the rest of the register).

    A sheet without a recognisable header row (no "Uzdevums" / "Task" column) counts as absent.
    """
    header_index, positions = find_header_row(rows, _header_lookup(), accept=lambda found: "task" in found)
    if header_index < 0:
        return None
    header = rows[header_index]
    mapped = set(positions.values())
    extra_columns = [(i, clean_text(str(v))) for i, v in enumerate(header) if i not in mapped and not is_blank(v)]
    found: list[PlanRow] = []
    for index in range(header_index + 1, len(rows)):
        row = rows[index]
        values = {key: row[col] if col < len(row) else None for key, col in positions.items()}
        if all(is_blank(value) for value in values.values()):
            continue
        record = PlanRow(row=index + 1)
        for key, value in values.items():
            if is_blank(value):
                continue
            setattr(record, key, _cell(value, keep_date=key == "deadline"))
        record.extra = {label: row[i] for i, label in extra_columns if i < len(row) and not is_blank(row[i])}
        found.append(record)
    return PlanSheet(name=name, rows=found)


def _cell(value: Any, *, keep_date: bool) -> str | dt.date:
    """A cell as text; a real date (a deadline) stays a date so the report can format it."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value if keep_date else value.strftime("%d.%m.%Y.")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(str(value))


def row_in_period(row: PlanRow, year: int) -> bool:
    """Rows without a year belong to every plan; "2026", "2026/2027" or "2026./2027." to 2026."""
    if not row.year:
        return True
    found = _YEAR.search(str(row.year))
    return found is None or int(found.group(1)) == year


def match_task(text: str) -> tuple[StrategyTask | None, str]:
    """The strategy task a row's "Uzdevums" refers to, and the row's own wording beyond it.

    "3", "3. …" or "3) …" name task 3 by number; the task's key or its full text (any case,
    with or without diacritics, slightly misspelt) name it too. Anything else is the school's
    own task: (None, text).
    """
    tasks = strategy_tasks()
    text = clean_text(text)
    numbered = _LEADING_NUMBER.match(text)
    if numbered and 1 <= int(numbered.group(1)) <= len(tasks):
        task = tasks[int(numbered.group(1)) - 1]
        rest = numbered.group(2).strip()
        return task, "" if _same_task(rest, task) else rest
    for task in tasks:
        if _same_task(text, task):
            return task, ""
    return None, text


def _same_task(text: str, task: StrategyTask) -> bool:
    if not text:
        return True
    key = normalize_key(text)
    if key == normalize_key(task.key.replace("_", " ")):
        return True
    for wording in (task.lv, task.en):
        wanted = normalize_key(wording)
        if key == wanted or (len(key) >= 40 and wanted.startswith(key)):
            return True
        if difflib.SequenceMatcher(None, key, wanted).ratio() >= 0.9:
            return True
    return False


__all__ = ["PlanRow", "PlanSheet", "StrategyTask", "strategy_tasks", "plan_from_rows", "row_in_period", "match_task"]
