"""Finding a header row: one rule for every sheet the software reads.

Registers come from many hands, so a header row may stand anywhere near the top and name its
columns in Latvian or English, in any case or spacing. The header row is the row among the
first rows that names the most known columns.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from erasmus_xl.model.text import clean_text, normalize_key

HEADER_SCAN_ROWS = 30


def header_positions(row: Sequence[Any], lookup: Mapping[str, str]) -> dict[str, int]:
    """Column key -> 0-based position of each known header in one row (the first spelling wins)."""
    positions: dict[str, int] = {}
    for col, value in enumerate(row):
        if isinstance(value, str) and value.strip():
            key = lookup.get(normalize_key(clean_text(value)))
            if key and key not in positions:
                positions[key] = col
    return positions


def find_header_row(rows: Sequence[Sequence[Any]], lookup: Mapping[str, str], *,
                    accept: Callable[[dict[str, int]], bool] = bool,
                    scan: int = HEADER_SCAN_ROWS) -> tuple[int, dict[str, int]]:
    """The 0-based index of the row naming most known columns, and their positions.

    `lookup` maps normalised spellings to column keys; `accept` says whether a row can be the
    header at all (e.g. it must name a task column). (-1, {}) when no row is accepted.
    """
    best_index = -1
    best_positions: dict[str, int] = {}
    for index, row in enumerate(rows[:scan]):
        positions = header_positions(row, lookup)
        if accept(positions) and len(positions) > len(best_positions):
            best_index, best_positions = index, positions
    return best_index, best_positions


def spelling_lookup(columns: Sequence[Mapping[str, Any]], key: str = "key") -> dict[str, str]:
    """Normalised Latvian, English and alias spellings of data-file columns -> their keys."""
    lookup: dict[str, str] = {}
    for column in columns:
        for spelling in (column["lv"], column["en"], *column.get("aliases", [])):
            lookup.setdefault(normalize_key(spelling), column[key])
    return lookup
