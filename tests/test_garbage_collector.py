"""The collector's settings for live calls: start-up is frozen out of its scans, and a middle collection scans at
most four young collections' worth (one scan of a burst of calls' objects stalled every call's audio)."""

import gc
from collections.abc import Iterator
from typing import Any

import pytest

from app.app import GC_YOUNG_THRESHOLD, settle_garbage_collector


@pytest.fixture
def settled() -> Iterator[None]:
    thresholds = gc.get_threshold()
    settle_garbage_collector()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)


def test_a_burst_of_long_lived_objects_is_scanned_in_small_middle_collections(settled: None) -> None:
    assert gc.get_freeze_count() > 0  # what was loaded before is out of the scans
    scanned: list[int] = []

    def middle(phase: str, info: dict[str, Any]) -> None:
        if phase == 'start' and info['generation'] == 1:
            scanned.append(len(gc.get_objects(generation=0)) + len(gc.get_objects(generation=1)))

    gc.callbacks.append(middle)
    try:
        calls = [[[index]] for index in range(30 * GC_YOUNG_THRESHOLD)]  # objects that outlive their collections
    finally:
        gc.callbacks.remove(middle)
    assert len(calls) and len(scanned) >= 5
    assert max(scanned) <= 4 * GC_YOUNG_THRESHOLD + 100  # CPython's default threshold scans 12 young ones' worth
