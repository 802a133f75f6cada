"""Building tens of thousands of records and findings without the cyclic garbage collector's pauses.

Reading a 20,000-row register creates ~100,000 small objects and none of them form reference
cycles, yet each allocation burst triggers generation-2 collections that walk every live object
again: ~15 % of read + validate (benchmarks/bench_read.py). Pausing the collector for the burst
and restoring it afterwards is the remedy CPython's documentation gives for such phases.
"""
from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def without_gc_pauses(function: Callable[P, R]) -> Callable[P, R]:
    """Run `function` with the cyclic collector paused (re-enabled after, also on error)."""

    @functools.wraps(function)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        if not gc.isenabled():          # nested, or the caller paused it already
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return paused
