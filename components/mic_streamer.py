"""The browser's end of a call: the microphone to the call socket, and the prospect's voice to the speakers."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from nicegui import ui
from nicegui.events import GenericEventArguments

Handler = Callable[[dict[str, Any]], None]


class MicStreamer(ui.element, component='mic_streamer.js'):
    """Streams microphone PCM16 frames to the call socket and plays the PCM it receives.

    :param chunk_ms: length of one microphone frame in milliseconds.
    :param on_state: called with {"state": "connecting" | "ready" | "live", ...}.
    :param on_level: called about 6 times a second with {"level": RMS 0..1} of the microphone.
    :param on_failure: called with {"kind": "permission" | "microphone" | "socket", "message"}.
    :param on_server_error: called with {"message"} for each error frame of the server.
    :param on_ended: called with {"reason"} when the server ends the call.
    """

    def __init__(
        self,
        *,
        chunk_ms: int = 100,
        on_state: Handler | None = None,
        on_level: Handler | None = None,
        on_failure: Handler | None = None,
        on_server_error: Handler | None = None,
        on_ended: Handler | None = None,
    ) -> None:
        super().__init__()
        self._props['chunk-ms'] = chunk_ms
        self.add_resource(Path(__file__).parent / 'mic_streamer_assets')
        for event, handler in (
            ('state', on_state),
            ('level', on_level),
            ('failure', on_failure),
            ('server_error', on_server_error),
            ('ended', on_ended),
        ):
            if handler is not None:
                self.on(event, _args_to(handler))

    def start(self, url: str) -> None:
        """Opens the call socket at `url` (a path with its ticket) and starts the microphone once it is ready."""
        self.run_method('start', url)

    def retry_microphone(self) -> None:
        """Asks for the microphone again, on the socket that is already open."""
        self.run_method('retryMicrophone')

    def stop(self) -> None:
        self.run_method('stop')


def _args_to(handler: Handler) -> Callable[[GenericEventArguments], None]:
    return lambda event: handler(event.args if isinstance(event.args, dict) else {})
