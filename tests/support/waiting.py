"""Waiting, with a deadline, for what another task changes: a condition, or a value read again and again."""

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar('T')


async def until(condition: Callable[[], bool], within: float = 5.0) -> None:
    """Waits until `condition()` holds, for state that another task changes."""
    async with asyncio.timeout(within):
        while not condition():  # noqa: ASYNC110  (the state belongs to the code under test)
            await asyncio.sleep(0.01)


async def until_async(read: Callable[[], Awaitable[T]], good: Callable[[T], bool], within: float = 5.0) -> T:
    """Reads `read()` until `good` holds for what it returns (for state in the database), and returns that."""
    async with asyncio.timeout(within):
        while not good(value := await read()):  # noqa: ASYNC110  (the database cannot signal us)
            await asyncio.sleep(0.02)
    return value
