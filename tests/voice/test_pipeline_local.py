"""The pipeline's `local` stages: recognition through the process's own SpeechToText (injected here), and a voice
from espeak-ng, or Piper where it is installed, in a separate process."""

import json
import shutil
import stat
from pathlib import Path

import pytest
from pydantic import SecretStr

from services.voice.engine_spec import SettingValues
from services.voice.engines.pipeline.local_voice import LocalVoice
from services.voice.engines.pipeline.spec import SPEC, check, start
from services.voice.events import (
    AssistantAudio,
    AssistantEnd,
    AssistantUtterance,
    EngineError,
    UserText,
    UserUtterance,
)
from services.voice.transcriber import RecognitionFailed
from tests.fake_openai_audio import API_KEY
from tests.voice.pipeline_support import CONFIG, Running, events_until, of_type, running, say, spoken

__all__ = ['running']  # the fixture, used by name

needs_espeak = pytest.mark.skipif(shutil.which('espeak-ng') is None, reason='espeak-ng is not installed')


class Recogniser:
    """A stand-in for the process's recognition (services/voice/transcriber.py), behind the same interface."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.heard: list[bytes] = []

    async def transcribe(self, pcm: bytes) -> str:
        self.heard.append(pcm)
        return self.text


def local_settings(base_url: str, **more: object) -> SettingValues:
    return SettingValues(
        {
            'PIPELINE_STT_MODEL': 'local',
            'PIPELINE_LLM_BASE_URL': base_url,
            'PIPELINE_LLM_API_KEY': SecretStr(API_KEY),
            'PIPELINE_LLM_MODEL': 'llm-test',
            'PIPELINE_TTS_MODEL': 'local',
            **more,
        }
    )


@needs_espeak
async def test_espeak_ng_speaks_a_sentence_at_the_engines_rate() -> None:
    voice = LocalVoice(sample_rate=24_000)
    pcm = b''.join([chunk async for chunk in voice.stream('Hello there, this is Jordan.', voice='en-us')])
    seconds = len(pcm) / 48_000
    assert 1.0 < seconds < 4.0 and len(pcm) % 2 == 0
    assert max(abs(int.from_bytes(pcm[i : i + 2], 'little', signed=True)) for i in range(0, len(pcm), 200)) > 1000


@needs_espeak
async def test_a_call_with_local_recognition_and_a_local_voice(running: Running) -> None:
    running.fake.replies.append('Sure. Go ahead.')
    recogniser = Recogniser('Hi, this is Riley. Do you have a minute?')
    provider = start(local_settings(running.base_url), recogniser=recogniser)
    engine = provider.new_engine()
    await engine.connect(CONFIG)
    assert engine.output_sample_rate == 24_000
    await say(engine, spoken())
    seen = await events_until(engine.events(), AssistantEnd)
    await engine.close()
    result = await check(SPEC, provider, 10.0)
    await provider.aclose()
    [heard] = recogniser.heard[:1]
    assert 8 * 32_000 < len(heard) < 12 * 32_000  # the utterance, as 16 kHz PCM16
    [rep] = of_type(seen, UserUtterance)
    assert isinstance(rep, UserUtterance) and rep.text == 'Hi, this is Riley. Do you have a minute?'
    voice = [e for e in seen if isinstance(e, AssistantAudio)]
    assert voice and {e.sample_rate for e in voice} == {24_000}
    [line] = of_type(seen, AssistantUtterance)
    assert isinstance(line, AssistantUtterance) and line.text == 'Sure. Go ahead.'
    assert result.ok, result.message  # each local stage answers the connection test too


@pytest.fixture
def piper_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in `piper` on the PATH (it reads the text on stdin and writes 0.5 s of raw PCM16 at the model's rate),
    and a voice model whose config says 16 kHz."""
    program = tmp_path / 'bin' / 'piper'
    program.parent.mkdir()
    program.write_text('#!/bin/sh\ncat > /dev/null\nhead -c 16000 /dev/urandom\n')
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv('PATH', f'{program.parent}:/usr/bin:/bin')
    model = tmp_path / 'en_US-test-medium.onnx'
    model.write_bytes(b'')
    Path(f'{model}.json').write_text(json.dumps({'audio': {'sample_rate': 16000}}))
    return model


async def test_piper_speaks_when_installed_with_a_voice_model(running: Running, piper_model: Path) -> None:
    model = piper_model
    running.fake.replies.append('Hello.')
    provider = start(local_settings(running.base_url, PIPELINE_TTS_VOICE=str(model)), recogniser=Recogniser(''))
    engine = provider.new_engine()
    await engine.connect(CONFIG)
    await engine.send(UserText(text='Hi'))
    seen = await events_until(engine.events(), AssistantEnd)
    await engine.close()
    await provider.aclose()
    pcm = b''.join(e.pcm for e in seen if isinstance(e, AssistantAudio))
    assert abs(len(pcm) / 48_000 - 0.5) < 0.01  # 0.5 s at 16 kHz, resampled to 24 kHz


class BusyRecogniser:
    """Local recognition that is too busy, as the process's recogniser says when its queue is full."""

    async def transcribe(self, pcm: bytes) -> str:
        raise RecognitionFailed('Speech recognition is too busy to hear that right now.')


async def test_local_recognition_that_fails_is_told_in_its_own_words_and_the_call_goes_on(running: Running) -> None:
    provider = start(local_settings(running.base_url, PIPELINE_TTS_MODEL='tts-test'), recogniser=BusyRecogniser())
    engine = provider.new_engine()
    await engine.connect(CONFIG)
    await say(engine, spoken())
    [error] = of_type(await events_until(engine.events(), EngineError), EngineError)
    assert isinstance(error, EngineError) and error.code == 'speech_to_text' and not error.fatal
    assert error.message == (
        'The prospect did not catch that: speech-to-text failed (speech recognition is too busy to hear that right '
        'now). Say it again, or type it.'
    )
    running.fake.replies.append('Go ahead.')
    await engine.send(UserText(text='Can you hear me now?'))  # the call goes on
    seen = await events_until(engine.events(), AssistantEnd)
    assert [e.text for e in of_type(seen, AssistantUtterance) if isinstance(e, AssistantUtterance)] == ['Go ahead.']
    await engine.close()
    await provider.aclose()
