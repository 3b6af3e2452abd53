"""The observer that shows a live call to the pages: what a page renders goes to the call's topic."""

from collections.abc import Callable

from services.voice.observer import CallEvent, CallObserver
from services.voice.updates import SHOWN_EVENTS, CallEnded, CallStarted, CallUpdate, TimeIsUp

PUBLISHED = (*SHOWN_EVENTS, CallStarted, TimeIsUp, CallEnded)


class UpdatePublisher(CallObserver):
    observes = PUBLISHED

    def __init__(self, publish: Callable[[CallUpdate], None]) -> None:
        self._publish = publish

    def observe(self, event: CallEvent) -> None:
        if isinstance(event, PUBLISHED):  # always, given `observes`; it tells the type checker so
            self._publish(event)
