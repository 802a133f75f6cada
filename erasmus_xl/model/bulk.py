"""Building tens of thousands of records and findings without the cyclic garbage collector's pauses.

Reading a 20,000-row register creates ~100,000 small objects and none of them form reference
cycles, yet each allocation burst triggers generation-2 collections that walk every live object
again: ~15 % of read + validate (benchmarks/bench_read.py). Pausing the collector for the burst
and restoring it afterwards is the remedy CPython's documentation gives for such phases; what the
burst made is then counted as long-lived, so the first collection after it does not walk it all.
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
            _promote_to_oldest_generation()
            gc.enable()

    return paused


def _promote_to_oldest_generation() -> None:
    """Every object the burst made counts as long-lived, without a collection pass over them.

    Re-enabled as it is, the collector's first step would walk the tens of thousands of records
    just made as young objects (0.03–0.05 s for 20,000 rows), only to find them all alive.
    `freeze` moves every tracked object aside and `unfreeze` puts them all into the oldest
    generation: still collected if they become cyclic garbage, but at the next full collection.
    (A process that froze objects on purpose, a pre-fork server, would have them unfrozen here.)
    """
    gc.freeze()
    gc.unfreeze()
