"""An observer of one live call: it sees every event of the call, in order, and may work while the call runs.

The bridge calls `start` before the engine connects, `observe` for each event (the engine's, the rep's audio and
typed turns as the engine gets them, CallStarted and CallEnded), runs `run` beside its pumps while the call is live,
and awaits `close` after the engine has closed. `observe` must return at once: it queues, it does not wait.
"""

from services.voice.events import EngineEvent, UserInput
from services.voice.updates import CallEnded, CallStarted

CallEvent = EngineEvent | UserInput | CallStarted | CallEnded


class CallObserver:
    def start(self) -> None:
        return None

    def observe(self, event: CallEvent) -> None:
        return None

    async def run(self) -> None:
        return None

    async def close(self) -> None:
        return None
