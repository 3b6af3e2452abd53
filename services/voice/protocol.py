"""The browser ⇄ server socket contract of a call (DESIGN.md): frames in, typed messages out, and back.

Browser → server: binary PCM16 mono frames at the announced input rate (at most 64 KiB, an even byte count);
text frames `{"type": "text", "text"}`, `{"type": "mute", "muted"}`, `{"type": "end"}`.
Server → browser: `ready` first, then binary PCM16 at the announced output rate, `clear`, `error`, `ended`.
"""

import json
from dataclasses import asdict, dataclass
from typing import Any

from services.text import storable_problem

MAX_AUDIO_FRAME_BYTES = 64 * 1024
MAX_TEXT_FRAME_BYTES = 16 * 1024
MAX_TYPED_TURN_CHARS = 2_000


@dataclass(frozen=True, slots=True)
class BrowserAudio:
    pcm: bytes


@dataclass(frozen=True, slots=True)
class BrowserText:
    text: str


@dataclass(frozen=True, slots=True)
class BrowserMute:
    muted: bool


@dataclass(frozen=True, slots=True)
class BrowserEnd:
    pass


BrowserMessage = BrowserAudio | BrowserText | BrowserMute | BrowserEnd


class FrameError(Exception):
    """A frame the contract does not allow; the message is sent back in an error frame, the call goes on."""


def parse_binary(frame: bytes) -> BrowserAudio:
    if len(frame) > MAX_AUDIO_FRAME_BYTES:
        raise FrameError(f'Audio frame of {len(frame)} bytes refused: at most {MAX_AUDIO_FRAME_BYTES} bytes a frame.')
    if len(frame) % 2:
        raise FrameError(f'Audio frame of {len(frame)} bytes refused: PCM16 frames have an even number of bytes.')
    return BrowserAudio(frame)


def parse_text(frame: str) -> BrowserMessage:
    if len(frame.encode('utf-8', 'surrogatepass')) > MAX_TEXT_FRAME_BYTES:
        raise FrameError(f'Text frame refused: at most {MAX_TEXT_FRAME_BYTES} bytes.')
    try:
        message = json.loads(frame)
    except json.JSONDecodeError as error:
        raise FrameError(f'Text frame refused: not valid JSON ({error.msg} at position {error.pos}).') from None
    if not isinstance(message, dict) or not isinstance(message.get('type'), str):
        raise FrameError('Text frame refused: expected a JSON object with a "type".')
    kind = message['type']
    if kind == 'text':
        return BrowserText(_typed_turn(message.get('text')))
    if kind == 'mute':
        if not isinstance(message.get('muted'), bool):
            raise FrameError('Mute frame refused: "muted" must be true or false.')
        return BrowserMute(message['muted'])
    if kind == 'end':
        return BrowserEnd()
    raise FrameError(f'Unknown message type {kind[:40]!r}; expected text, mute or end.')


def _typed_turn(text: Any) -> str:
    if not isinstance(text, str) or not text.strip():
        raise FrameError('Text turn refused: "text" must be a non-empty string.')
    if len(text) > MAX_TYPED_TURN_CHARS:
        raise FrameError(f'Text turn refused: at most {MAX_TYPED_TURN_CHARS} characters.')
    if (problem := storable_problem(text)) is not None:
        raise FrameError(f'Text turn refused: it {problem}.')
    return text.strip()


@dataclass(frozen=True, slots=True)
class Ready:
    """The first frame: the engine answered, and the rates of the audio both ways."""

    engine: str
    input_sample_rate: int
    output_sample_rate: int


@dataclass(frozen=True, slots=True)
class Clear:
    """Stop playback now and drop what is queued: the rep interrupted."""


@dataclass(frozen=True, slots=True)
class ErrorMessage:
    """A bad frame or a provider problem, in words; the call goes on unless `Ended` follows."""

    message: str


@dataclass(frozen=True, slots=True)
class Ended:
    reason: str


ServerMessage = Ready | Clear | ErrorMessage | Ended
_TYPES: dict[type[ServerMessage], str] = {Ready: 'ready', Clear: 'clear', ErrorMessage: 'error', Ended: 'ended'}


def encode(message: ServerMessage) -> str:
    """A control message as the text frame the browser reads: `{"type": ..., fields...}`."""
    return json.dumps({'type': _TYPES[type(message)], **asdict(message)}, separators=(',', ':'))
