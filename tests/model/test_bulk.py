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


def test_what_a_burst_made_is_long_lived_yet_collectable_and_nothing_stays_frozen():
    """After the burst the young generation is empty (no pass over the new records at the next
    allocation); a reference cycle made inside is still freed by a full collection."""
    import weakref

    class Node:
        pass

    @without_gc_pauses
    def build() -> weakref.ref:
        records = [[index] for index in range(10_000)]   # what a register's rows look like to the collector
        node = Node()
        node.itself = node                                # a cycle only the collector frees
        assert len(records) == 10_000
        return weakref.ref(node)

    cycle = build()
    assert gc.get_freeze_count() == 0 and gc.get_count()[0] < 100
    assert cycle() is not None
    gc.collect()
    assert cycle() is None
