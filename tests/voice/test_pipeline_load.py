"""The pipeline with many calls on one server: requests are not queued behind each other, connections outlive the
pause between turns, and the speech model leaves the event loop to the other calls while it judges a frame."""

import asyncio

import pytest

from services.voice.engines.pipeline.spec import start
from services.voice.engines.pipeline.stages import text_of
from services.voice.silero_vad import SileroDetector, silero_session
from services.voice.vad import Utterance
from tests.fake_openai_audio import FakeOpenAIAudio, Step
from tests.servers import serving
from tests.voice.pipeline_support import FRAME_BYTES, Running, quiet, running, spoken, stage_settings

__all__ = ['running']  # the fixture, used by name


async def test_twenty_calls_that_stop_talking_together_are_all_transcribed_at_once(running: Running) -> None:
    running.fake.stt.default = Step(delay_s=1.0)  # long enough for all 20 to arrive, even on a busy machine
    hearing = running.provider().stages.hearing
    await asyncio.gather(*(hearing.transcribe(quiet(1.0)) for _ in range(20)))
    assert running.fake.stt.most_at_once == 20  # none waited for another's connection
    assert len(set(running.fake.stt.ports)) == 20


async def test_a_turn_after_a_pause_longer_than_five_seconds_uses_the_same_connection() -> None:
    fake = FakeOpenAIAudio()
    async with serving(fake.app(), keep_alive_s=30) as port:
        provider = start(stage_settings(f'http://127.0.0.1:{port}/v1'))
        try:
            await provider.stages.hearing.transcribe(quiet(0.5))
            await asyncio.sleep(5.5)  # the rep's turns come more than httpx's 5 s of keep-alive apart
            await provider.stages.hearing.transcribe(quiet(0.5))
        finally:
            await provider.aclose()
    first, second = fake.stt.ports
    assert second == first  # no new connection (and, with a real server, no new TLS handshake) for the turn


async def test_the_speech_model_judges_frames_off_the_event_loop_and_hears_the_same_turns() -> None:
    if silero_session() is None:
        pytest.skip('Silero VAD is not installed (faster-whisper and onnxruntime)')
    audio = spoken() + spoken('rep_discovery_48k.wav')
    frames = [audio[begin : begin + FRAME_BYTES] for begin in range(0, len(audio), FRAME_BYTES)]
    in_the_loop = SileroDetector()
    expected = [utterance for frame in frames if (utterance := in_the_loop.feed(frame)) is not None]
    other_work = 0

    async def other_call() -> None:
        nonlocal other_work
        while True:
            await asyncio.sleep(0)
            other_work += 1

    detector = SileroDetector()
    heard: list[Utterance] = []
    meanwhile = asyncio.create_task(other_call())
    try:
        for frame in frames:
            if (utterance := await detector.afeed(frame)) is not None:
                heard.append(utterance)
    finally:
        meanwhile.cancel()
    assert len(expected) == 2 and heard == expected
    assert other_work >= len(frames)  # the loop served other work while each frame was judged


def test_the_text_of_a_streamed_chunk_is_its_content_delta_and_nothing_else() -> None:
    def chunk(**delta: object) -> dict[str, object]:
        return {'object': 'chat.completion.chunk', 'choices': [{'index': 0, 'delta': delta}]}

    assert text_of(chunk(role='assistant', content='Sure')) == 'Sure'
    assert text_of(chunk(content=' thing.')) == ' thing.'
    assert text_of(chunk(role='assistant')) == ''
    assert text_of(chunk(content=None)) == ''
    assert text_of({'choices': [], 'usage': {'total_tokens': 3}}) == ''  # the usage chunk some servers add
    assert text_of({'choices': [{'delta': {'content': ['not', 'text']}}]}) == ''
    assert text_of('data') == ''
