"""An observer of one live call: it sees the call's events of the kinds it names, in order, and may work while the
call runs.

The bridge calls `start` before the engine connects, `observe` for each event whose type is in `observes` (the
engine's events, the rep's audio and typed turns as the engine gets them, CallStarted, TimeIsUp and CallEnded),
runs `run` beside its pumps while the call is live, and awaits `close` after the engine has closed. `observe` must
return at once: it queues, it does not wait. Naming the kinds keeps the audio paths (tens of events a second a
call) off the observers that do not want them.
"""

from services.voice.events import EngineEvent, UserInput
from services.voice.updates import CallEnded, CallStarted, TimeIsUp

CallEvent = EngineEvent | UserInput | CallStarted | CallEnded | TimeIsUp


class CallObserver:
    observes: tuple[type[CallEvent], ...] = ()

    def start(self) -> None:
        return None

    def observe(self, event: CallEvent) -> None:
        return None

    async def run(self) -> None:
        return None

    async def close(self) -> None:
        return None
