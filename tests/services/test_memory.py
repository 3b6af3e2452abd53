"""Memory comes back after pages close and calls end: one full collection a while after a burst of them."""

import asyncio
import gc
import weakref
from collections.abc import Iterator

import pytest

from services.memory import MemoryReturn


class Page:
    """Stands for a deleted NiceGUI client: a cycle that only a full collection frees."""

    def __init__(self) -> None:
        self.itself = self


@pytest.fixture
def no_automatic_collection() -> Iterator[None]:
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@pytest.mark.usefixtures('no_automatic_collection')
async def test_a_burst_of_closed_pages_is_freed_by_one_collection_a_moment_later() -> None:
    memory = MemoryReturn(after_s=0.1)
    pages = [weakref.ref(Page()) for _ in range(50)]
    for _ in pages:
        memory.release_soon()
    assert all(page() is not None for page in pages)  # nothing is collected while the burst goes on
    await asyncio.sleep(0.3)
    assert [page for page in pages if page() is not None] == []
    assert memory.collections == 1

    later = weakref.ref(Page())
    memory.release_soon()
    await asyncio.sleep(0.3)
    assert later() is None and memory.collections == 2


async def test_closing_cancels_a_collection_still_waiting() -> None:
    memory = MemoryReturn(after_s=0.05)
    memory.release_soon()
    memory.close()
    await asyncio.sleep(0.15)
    assert memory.collections == 0
