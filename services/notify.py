"""A tiny in-process publish/subscribe, so pages can follow a call without services knowing about pages."""

import logging
from collections.abc import Callable
from typing import Generic, TypeVar

log = logging.getLogger(__name__)
T = TypeVar('T')


class Topic(Generic[T]):
    """Subscribers are called in order, synchronously; one that raises is logged and the others still run."""

    def __init__(self) -> None:
        self._subscribers: list[Callable[[T], None]] = []

    def subscribe(self, callback: Callable[[T], None]) -> Callable[[], None]:
        """Adds a subscriber; returns the function that removes it."""
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            if callback in self._subscribers:
                self._subscribers.remove(callback)

        return unsubscribe

    def publish(self, item: T) -> None:
        for callback in list(self._subscribers):
            try:
                callback(item)
            except Exception:  # a broken page must not break the call
                log.exception('a subscriber failed on %s', type(item).__name__)

    def __len__(self) -> int:
        return len(self._subscribers)
