"""The pipeline engine's declaration: its settings, how its stages are built from them, and its connection test.

Each stage reads `PIPELINE_<STAGE>_BASE_URL`, `PIPELINE_<STAGE>_API_KEY` and `PIPELINE_<STAGE>_MODEL` (STAGE is STT,
LLM or TTS). A stage without a base URL of its own talks to OpenAI (or OPENAI_BASE_URL) with its own key or
OPENAI_API_KEY; a stage with a base URL of its own gets only its own key (none is fine for a self-hosted server),
so the OpenAI key is never sent to another provider. `PIPELINE_STT_MODEL=local` hears with the process's own
recognition (services/voice/transcriber.py) and `PIPELINE_TTS_MODEL=local` speaks with Piper or espeak-ng.
"""

import asyncio
import contextlib
import time
from collections.abc import AsyncGenerator, Awaitable, Callable
from dataclasses import dataclass

from services.voice.engine_check import EngineCheck
from services.voice.engine_spec import EngineProvider, EngineSpec, SettingSpec, SettingValues
from services.voice.engines.pipeline.engine import PipelineEngine, PipelineOptions, Stages
from services.voice.engines.pipeline.local_voice import LocalVoice
from services.voice.engines.pipeline.stages import (
    ANSWERING,
    HEARING,
    SPEAKING,
    Endpoint,
    RemoteAnswering,
    RemoteRecognition,
    RemoteVoice,
    SpeechToText,
    StageFailed,
    StageName,
    in_words,
)
from services.voice.transcriber import shared_recogniser

LOCAL = 'local'
PREFIXES: dict[StageName, str] = {HEARING: 'PIPELINE_STT', ANSWERING: 'PIPELINE_LLM', SPEAKING: 'PIPELINE_TTS'}


@dataclass(frozen=True, kw_only=True, slots=True)
class PipelineProvider:
    """What the pipeline's calls share: the three stages (their HTTP clients, the local recogniser)."""

    stages: Stages
    options: PipelineOptions
    close_all: Callable[[], Awaitable[None]]

    def new_engine(self) -> PipelineEngine:
        return PipelineEngine(stages=self.stages, options=self.options)

    async def aclose(self) -> None:
        await self.close_all()


def start(values: SettingValues, *, recogniser: SpeechToText | None = None) -> PipelineProvider:
    """The stages as the settings say; `recogniser` is the `local` speech-to-text (the process's own by default)."""
    timeout_s = float(values.text('PIPELINE_TIMEOUT_S') or 10)
    clients = []
    hearing: SpeechToText
    if _model(values, HEARING) == LOCAL:
        hearing = recogniser or shared_recogniser()
    else:
        client = endpoint(values, HEARING).client(timeout_s=timeout_s)
        clients.append(client)
        hearing = RemoteRecognition(client, model=_model(values, HEARING))
    answering_client = endpoint(values, ANSWERING).client(timeout_s=timeout_s)
    clients.append(answering_client)
    speed = float(values.text('PIPELINE_TTS_SPEED') or 1.0)
    rate = int(values.text('PIPELINE_TTS_SAMPLE_RATE') or 24_000)
    speaking: LocalVoice | RemoteVoice
    if _model(values, SPEAKING) == LOCAL:
        speaking = LocalVoice(speed=speed, sample_rate=rate)
    else:
        client = endpoint(values, SPEAKING).client(timeout_s=timeout_s)
        clients.append(client)
        speaking = RemoteVoice(client, model=_model(values, SPEAKING), speed=speed, sample_rate=rate)
    stages = Stages(
        hearing=hearing,
        answering=RemoteAnswering(answering_client, model=_model(values, ANSWERING)),
        speaking=speaking,
    )
    options = PipelineOptions(
        end_of_turn_ms=int(values.text('PIPELINE_END_OF_TURN_MS') or 600),
        timeout_s=timeout_s,
        voice=values.text('PIPELINE_TTS_VOICE'),
    )

    async def close_all() -> None:
        for client in clients:
            await client.close()

    return PipelineProvider(stages=stages, options=options, close_all=close_all)


def endpoint(values: SettingValues, stage: StageName) -> Endpoint:
    """The stage's server and key (see the module's docstring for who gets the OpenAI key)."""
    prefix = PREFIXES[stage]
    own_url = values.text(f'{prefix}_BASE_URL')
    own_key = values.secret(f'{prefix}_API_KEY')
    if own_url:
        return Endpoint(base_url=own_url, api_key=own_key)
    return Endpoint(base_url=values.text('OPENAI_BASE_URL'), api_key=own_key or values.secret('OPENAI_API_KEY'))


def unmet(values: SettingValues) -> list[str]:
    """What each stage still needs: a server of its own, a key, or `local`."""
    missing = []
    for stage, prefix in PREFIXES.items():
        local = stage != ANSWERING and _model(values, stage) == LOCAL
        names = (f'{prefix}_BASE_URL', f'{prefix}_API_KEY', 'OPENAI_API_KEY')
        if local or any(values.is_set(name) for name in names):
            continue
        local_too = f' (or {prefix}_MODEL=local)' if stage != ANSWERING else ''
        missing.append(f'{prefix}_BASE_URL or {prefix}_API_KEY{local_too}')
    return missing


def _model(values: SettingValues, stage: StageName) -> str:
    return values.text(f'{PREFIXES[stage]}_MODEL') or ''


# --- the connection test ---------------------------------------------------------------------------------

SILENCE_S = 0.5


async def check(spec: EngineSpec, provider: EngineProvider, timeout_s: float) -> EngineCheck:
    """Asks each stage for a little work at once (a half second of silence heard, one word of an answer, one word
    spoken) and says which stage works and which failed, and why."""
    if not isinstance(provider, PipelineProvider):
        raise TypeError('the pipeline check needs the pipeline provider')
    started = time.monotonic()
    stages = provider.stages
    voice = provider.options.voice or stages.speaking.default_voice('warm')
    results = await asyncio.gather(
        _timed(HEARING, stages.hearing.transcribe(bytes(int(16_000 * SILENCE_S) * 2)), timeout_s),
        _timed(ANSWERING, _first(stages.answering.stream(_PING)), timeout_s),
        _timed(SPEAKING, _first(stages.speaking.stream('Hello.', voice=voice)), timeout_s),
    )
    failed = [stage for stage, _seconds, reason in results if reason is not None]
    parts = [
        f'{stage} works ({_took(seconds)})'
        if reason is None
        else f'{stage} failed: {reason} (check the {PREFIXES[stage]}_* settings)'
        for stage, seconds, reason in results
    ]
    text = '; '.join(parts)
    message = f'{spec.label}: {text[0].upper()}{text[1:]}.'
    return EngineCheck(engine=spec.name, ok=not failed, seconds=round(time.monotonic() - started, 3), message=message)


_PING = [
    {'role': 'system', 'content': 'Answer with one word.'},
    {'role': 'user', 'content': 'Are you there?'},
]


async def _first(stream: AsyncGenerator[object, None]) -> None:
    """The first item of a stage's stream (that it answers at all is the test); the stream is closed after."""
    async with contextlib.aclosing(stream) as items:
        async for _item in items:
            return


async def _timed(stage: StageName, work: Awaitable[object], timeout_s: float) -> tuple[StageName, float, str | None]:
    started = time.monotonic()
    try:
        async with asyncio.timeout(timeout_s):
            await work
    except StageFailed as failed:
        return stage, time.monotonic() - started, failed.reason
    except Exception as error:  # a local stage's failure; its text is never shown (see in_words)
        return stage, time.monotonic() - started, in_words(error)
    return stage, time.monotonic() - started, None


def _took(seconds: float) -> str:
    return f'{seconds * 1000:.0f} ms' if seconds < 1 else f'{seconds:.1f} s'


_SERVER_DEFAULT = 'not set (OPENAI_BASE_URL, else OpenAI)'
SPEC = EngineSpec.of(
    PipelineEngine,
    start=start,
    settings=(
        SettingSpec(name='PIPELINE_STT_BASE_URL', url=True, unset=_SERVER_DEFAULT),
        SettingSpec(name='PIPELINE_STT_API_KEY', secret=True),
        SettingSpec(name='PIPELINE_STT_MODEL'),
        SettingSpec(name='PIPELINE_LLM_BASE_URL', url=True, unset=_SERVER_DEFAULT),
        SettingSpec(name='PIPELINE_LLM_API_KEY', secret=True),
        SettingSpec(name='PIPELINE_LLM_MODEL'),
        SettingSpec(name='PIPELINE_TTS_BASE_URL', url=True, unset=_SERVER_DEFAULT),
        SettingSpec(name='PIPELINE_TTS_API_KEY', secret=True),
        SettingSpec(name='PIPELINE_TTS_MODEL'),
        SettingSpec(name='PIPELINE_TTS_VOICE', unset="not set (each persona's own voice)"),
        SettingSpec(name='PIPELINE_TTS_SPEED'),
        SettingSpec(name='PIPELINE_TTS_SAMPLE_RATE'),
        SettingSpec(name='PIPELINE_END_OF_TURN_MS'),
        SettingSpec(name='PIPELINE_TIMEOUT_S'),
        SettingSpec(name='OPENAI_API_KEY', secret=True),
        SettingSpec(name='OPENAI_BASE_URL', url=True, unset="not set (the SDK's default)"),
    ),
    needs=(
        'Give each stage a server (PIPELINE_STT_BASE_URL, PIPELINE_LLM_BASE_URL, PIPELINE_TTS_BASE_URL) or a key '
        '(its own or OPENAI_API_KEY); speech-to-text and text-to-speech may also be `local`.'
    ),
    auto_because='its three stages are configured',
    check=check,
    unmet=unmet,
)
