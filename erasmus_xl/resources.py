"""Access to the JSON data files shipped in erasmus_xl/data (targets, enumerations, messages ...).

Anything a school or a funder may change lives there, not in code.
"""
from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any


@cache
def load_data(name: str) -> Any:
    """Load `erasmus_xl/data/<name>.json` once per process."""
    text = resources.files("erasmus_xl").joinpath("data").joinpath(f"{name}.json").read_text(encoding="utf-8")
    return json.loads(text)


def data_path(filename: str) -> Path:
    """The path of a non-JSON file in erasmus_xl/data (e.g. the gazetteer index), for readers
    that need a real file such as sqlite3."""
    return Path(str(resources.files("erasmus_xl").joinpath("data").joinpath(filename)))
