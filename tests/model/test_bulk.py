"""The collector pause around bulk reading never leaks out of the call."""
import gc

import pytest

from erasmus_xl.model.bulk import without_gc_pauses


def test_the_collector_is_paused_inside_and_enabled_again_after_a_return_or_an_error():
    seen = []

    @without_gc_pauses
    def build(fail: bool) -> int:
        seen.append(gc.isenabled())
        if fail:
            raise ValueError("bad cell")
        return 42

    assert gc.isenabled()
    assert build(False) == 42
    with pytest.raises(ValueError):
        build(True)
    assert seen == [False, False]
    assert gc.isenabled()


def test_a_caller_that_paused_the_collector_keeps_it_paused():
    @without_gc_pauses
    def build() -> bool:
        return gc.isenabled()

    gc.disable()
    try:
        assert build() is False
        assert not gc.isenabled()
    finally:
        gc.enable()
