"""Access to the JSON data files shipped in erasmus_xl/data (targets, enumerations, messages ...).

Anything a school or a funder may change lives there, not in code.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=None)
def load_data(name: str) -> Any:
    """Load `erasmus_xl/data/<name>.json` once per process."""
    text = resources.files("erasmus_xl").joinpath("data", f"{name}.json").read_text(encoding="utf-8")
    return json.loads(text)
