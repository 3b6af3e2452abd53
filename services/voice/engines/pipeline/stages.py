"""The pipeline's three stages behind small interfaces, and their OpenAI-compatible implementations.

- hearing (speech to text): `SpeechToText` of services/voice/transcriber.py, the interface local recognition also
  has; `RemoteRecognition` posts the utterance as a WAV to `/v1/audio/transcriptions`.
- answering (language model): `RemoteAnswering` streams `/v1/chat/completions` and yields the text deltas.
- speaking (text to speech): `RemoteVoice` streams `/v1/audio/speech` as raw PCM16 (`response_format: pcm`).

Each stage has its own `AsyncOpenAI` client (its own base URL and key), with the SDK's retries off: a live turn
that fails is better told to the rep at once than retried behind their back. A failure becomes `StageFailed`,
worded from the error's type and HTTP status only: SDK errors carry the server's text, and OpenAI's 401 text
echoes part of the key.

A server's calls share the three clients and one event loop, and when reps stop talking at the same moment every
stage is asked by all of them together: what a request costs this process, every other call waits for. So the
answer's stream is read as plain JSON chunks (the SDK's models cost about 0.1 ms a chunk), a request's body goes
out in one write, and idle connections are kept between turns (LIMITS).
"""

import io
import wave
from collections.abc import AsyncGenerator, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import httpx2
import openai
from openai import AsyncOpenAI, AsyncStream

from services.library.prospect import VoiceStyle
from services.voice.transcriber import RecognitionFailed, SpeechToText
from services.voice.voices import OPENAI_VOICES  # other servers name their own voices in the settings or the profile

StageName = Literal['speech-to-text', 'language model', 'text-to-speech']
HEARING: StageName = 'speech-to-text'
ANSWERING: StageName = 'language model'
SPEAKING: StageName = 'text-to-speech'
INPUT_RATE = 16_000
NO_KEY = 'not-needed'  # a self-hosted server without keys; the SDK insists on one
# Connections per stage client: the SDK's own limits (no request waits for another call's), but an idle one is kept
# a minute, not httpx's 5 s: a call asks each stage once a turn, mostly more than 5 s apart, and a new connection
# puts a TCP (and TLS) handshake before the answer. One the server has closed meanwhile reads as closed and is
# replaced before a request goes out on it.
LIMITS = httpx2.Limits(max_connections=1000, max_keepalive_connections=100, keepalive_expiry=60.0)


class StageFailed(Exception):
    """A stage could not do its part; `reason` says why in words safe to show and log."""

    def __init__(self, stage: StageName, reason: str) -> None:
        super().__init__(f'{stage}: {reason}')
        self.stage = stage
        self.reason = reason


class Answering(Protocol):
    def stream(self, messages: Sequence[dict[str, str]]) -> AsyncGenerator[str, None]:
        """The model's answer to the conversation so far, as text deltas in order."""
        ...


class Voice(Protocol):
    sample_rate: int

    def default_voice(self, style: VoiceStyle) -> str:
        """The voice of a prospect's voice style, when neither the prospect's profile nor the settings name one."""
        ...

    def stream(self, text: str, *, voice: str) -> AsyncGenerator[bytes, None]:
        """`text` spoken in `voice`, as PCM16 mono at `sample_rate`, in chunks as they come."""
        ...


@dataclass(frozen=True, kw_only=True, slots=True)
class Endpoint:
    """Where one stage's OpenAI-compatible server is: a base URL (None: the SDK's, OpenAI's) and a key."""

    base_url: str | None
    api_key: str | None

    def client(self, *, timeout_s: float) -> AsyncOpenAI:
        http = openai.DefaultAsyncHttpxClient(timeout=timeout_s, limits=LIMITS, event_hooks={'request': [in_one_piece]})
        return AsyncOpenAI(
            api_key=self.api_key or NO_KEY, base_url=self.base_url, timeout=timeout_s, max_retries=0, http_client=http
        )


class RemoteRecognition:
    """Speech to text on `/v1/audio/transcriptions`."""

    def __init__(self, client: AsyncOpenAI, *, model: str) -> None:
        self.client = client
        self.model = model

    async def transcribe(self, pcm: bytes) -> str:
        try:
            result = await self.client.audio.transcriptions.create(
                model=self.model, file=('turn.wav', wav(pcm, INPUT_RATE), 'audio/wav'), response_format='json'
            )
        except Exception as error:
            raise StageFailed(HEARING, in_words(error)) from None
        return str(result.text or '').strip()


class RemoteAnswering:
    """A language model on `/v1/chat/completions`, streamed."""

    def __init__(self, client: AsyncOpenAI, *, model: str) -> None:
        self.client = client
        self.model = model

    async def stream(self, messages: Sequence[dict[str, str]]) -> AsyncGenerator[str, None]:
        try:
            # The SDK's request and stream (its SSE reading, its errors), each chunk left as the parsed JSON
            # (`cast_to=object`) rather than a ChatCompletionChunk, which costs the event loop about 0.1 ms a word.
            # No token limit: servers disagree on its name; the engine bounds the answer.
            chunks = await self.client.post(
                '/chat/completions',
                body={'model': self.model, 'messages': list(messages), 'stream': True},
                cast_to=object,
                stream=True,
                stream_cls=AsyncStream[object],
            )
            async with chunks:
                async for chunk in chunks:
                    if delta := text_of(chunk):
                        yield delta
        except StageFailed:
            raise
        except Exception as error:
            raise StageFailed(ANSWERING, in_words(error)) from None


class RemoteVoice:
    """Text to speech on `/v1/audio/speech`, as raw PCM16 at `sample_rate` (OpenAI's is always 24 kHz)."""

    def __init__(self, client: AsyncOpenAI, *, model: str, speed: float = 1.0, sample_rate: int = 24_000) -> None:
        self.client = client
        self.model = model
        self.speed = speed
        self.sample_rate = sample_rate

    @staticmethod
    def default_voice(style: VoiceStyle) -> str:
        return OPENAI_VOICES[style]

    async def stream(self, text: str, *, voice: str) -> AsyncGenerator[bytes, None]:
        extra: dict[str, Any] = {} if self.sample_rate == 24_000 else {'sample_rate': self.sample_rate}
        odd = b''
        try:
            async with self.client.audio.speech.with_streaming_response.create(
                model=self.model,
                voice=voice,
                input=text,
                response_format='pcm',
                speed=self.speed,
                extra_body=extra or None,
            ) as response:
                async for chunk in response.iter_bytes():
                    chunk = odd + chunk
                    cut = len(chunk) - len(chunk) % 2  # a sample split between two chunks waits for its half
                    odd = chunk[cut:]
                    if cut:
                        yield chunk[:cut]
        except Exception as error:
            raise StageFailed(SPEAKING, in_words(error)) from None


def text_of(chunk: object) -> str:
    """The text a streamed `chat.completion.chunk` adds ('' for one without: the role, the finish, usage)."""
    choices = chunk.get('choices') if isinstance(chunk, dict) else None
    first = choices[0] if isinstance(choices, list) and choices else None
    delta = first.get('delta') if isinstance(first, dict) else None
    content = delta.get('content') if isinstance(delta, dict) else None
    return content if isinstance(content, str) else ''


async def in_one_piece(request: httpx2.Request) -> None:
    """Reads a request's body into one piece before it is sent: the SDK streams a multipart upload (the WAV) as a
    dozen small parts, each of which would otherwise be a socket write and a turn of the event loop of its own."""
    await request.aread()


def wav(pcm: bytes, rate: int) -> bytes:
    """PCM16 mono as a WAV file."""
    out = io.BytesIO()
    with wave.open(out, 'wb') as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(pcm)
    return out.getvalue()


def in_words(error: BaseException) -> str:
    """What went wrong, from the error's type and status only (never its text, which may echo a key)."""
    if isinstance(error, TimeoutError | openai.APITimeoutError):
        return 'no answer in time'
    if isinstance(error, openai.APIStatusError):
        hints = {401: 'the API key was refused', 403: 'access denied', 404: 'unknown model or address'}
        hint = hints.get(error.status_code, 'rate limited' if error.status_code == 429 else 'an error')
        return f'HTTP {error.status_code}, {hint}'
    if isinstance(error, openai.APIConnectionError):
        return 'the server cannot be reached'
    if isinstance(error, openai.APIError):
        return 'the server broke off its answer'
    if isinstance(error, RecognitionFailed):  # local recognition's own words, written for a rep
        reason = str(error).rstrip('.')
        return reason[:1].lower() + reason[1:]
    return f'it failed ({type(error).__name__})'


__all__ = [
    'ANSWERING',
    'HEARING',
    'SPEAKING',
    'Answering',
    'Endpoint',
    'RemoteAnswering',
    'RemoteRecognition',
    'RemoteVoice',
    'SpeechToText',
    'StageFailed',
    'Voice',
    'in_one_piece',
    'in_words',
    'text_of',
    'wav',
]
