#!/usr/bin/env python3
"""How long the pipeline engine adds between the end of the rep's speech and the first byte of the prospect's voice.

The fake OpenAI-compatible audio server (tests/fake_openai_audio.py) runs in a process of its own and plays each
stage with fixed delays: recognition, the model's first word and each word after it, the voice's first byte. N calls
run at once in this process, each a real PipelineEngine (Silero VAD, the openai SDK, the sentence splitter) with its
stages on the fake: each call streams 3 s of a recorded rep (tests/fixtures) in real time, 100 ms frames, then
silence, and waits for the answer's first voice. The calls start spread over 3 s (`--in-step`: all at once, so
every rep stops talking at the same instant and each stage is asked N times together: the worst case). The rep's
speech ends at a known instant; from there:

    total  = first byte of the prospect's voice - end of the rep's speech
    ours   = total - end-of-turn silence (the setting the rep waits by design) - the fake's delays
             (recognition + first word + the words until the first sentence is complete + the voice's first byte)

so `ours` is what our code adds: VAD windows, queues, the WAV, the SDK's requests and parsing, the sentence cut, the
event loop shared with the other calls. Target: ours under 150 ms at p95, at 1 and 20 calls.
After the warm-up call the process's garbage collector is set as the server sets it once started
(app.app.settle_garbage_collector: what start-up loaded is frozen out of its scans); left at CPython's defaults, a
full collection here scanned the SDKs' and models' objects in a pause of about 80 ms, one round in three.
Usage: .venv/bin/python benchmarks/pipeline_latency.py [--calls 1 20] [--rounds 3] [--in-step]
"""

import argparse
import asyncio
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from pydantic import SecretStr

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.app import settle_garbage_collector  # noqa: E402
from services.voice.engine_spec import SettingValues  # noqa: E402
from services.voice.engines.pipeline.spec import PipelineProvider, start  # noqa: E402
from services.voice.events import AssistantAudio, AssistantEnd, Transcribing, UserAudio  # noqa: E402
from tests.e2e.server import free_port  # noqa: E402
from tests.fake_openai_audio import API_KEY, DEFAULT_TRANSCRIPT, default_reply  # noqa: E402
from tests.support.audio import spoken_fixture  # noqa: E402
from tests.voice.pipeline_support import CONFIG  # noqa: E402

FRAME_BYTES = 3200  # 100 ms at 16 kHz
SPEECH_S = 3.0
END_OF_TURN_MS = 600
STT_DELAY_S, LLM_DELAY_S, LLM_BETWEEN_S, TTS_DELAY_S = 0.2, 0.15, 0.02, 0.1


def rep_audio(extra_s: float = 0.0) -> tuple[bytes, float]:
    """3 s (and `extra_s`) of the recorded opening, then 2 s of room noise; and where the speech ends (seconds)."""
    speech_s = SPEECH_S + extra_s
    speech = spoken_fixture('rep_opening_48k.wav')[int(0.3 * 32000) : int((0.3 + speech_s) * 32000) // 2 * 2]
    noise = np.random.default_rng(5).normal(0, 30, 2 * 16000).astype('<i2').tobytes()
    return speech + noise, speech_s


def fake_delays_s() -> float:
    """What the fake waits before the first voice: recognition, the first word, the words after it up to the one
    that shows the first sentence has ended (the first of the next), the voice's first byte."""
    reply = default_reply({'messages': [{'role': 'user', 'content': DEFAULT_TRANSCRIPT}]})
    first_sentence = reply.split('. ')[0]
    return STT_DELAY_S + LLM_DELAY_S + len(first_sentence.split()) * LLM_BETWEEN_S + TTS_DELAY_S


async def one_call(
    provider: PipelineProvider, audio: bytes, speech_end_s: float, *, after_s: float = 0.0
) -> tuple[float, float]:
    """Seconds from the end of the rep's speech to the end of the turn being found (Transcribing) and to the first
    byte of the prospect's voice; the call starts `after_s` seconds from now."""
    await asyncio.sleep(after_s)
    engine = provider.new_engine()
    await engine.connect(CONFIG)
    events = engine.events()
    started = time.monotonic()

    async def feed() -> None:
        for index, begin in enumerate(range(0, len(audio), FRAME_BYTES)):
            await asyncio.sleep(max(0.0, started + index * 0.1 - time.monotonic()))  # a microphone's pace
            await engine.send(UserAudio(pcm=audio[begin : begin + FRAME_BYTES]))

    feeding = asyncio.create_task(feed())
    turn_found = None
    try:
        async with asyncio.timeout(30):
            async for event in events:
                # The frame holding the speech's last sample went out at started + speech_end_s.
                since_speech = time.monotonic() - (started + speech_end_s)
                if isinstance(event, Transcribing) and turn_found is None:
                    turn_found = since_speech
                if isinstance(event, AssistantAudio) and turn_found is not None:
                    return turn_found, since_speech
                if isinstance(event, AssistantEnd):
                    break
        raise RuntimeError('no voice came back')
    finally:
        feeding.cancel()
        await engine.close()


async def run(calls: int, rounds: int, base_url: str, *, in_step: bool) -> list[tuple[float, float]]:
    values = SettingValues(
        {
            **{f'PIPELINE_{stage}_BASE_URL': base_url for stage in ('STT', 'LLM', 'TTS')},
            **{f'PIPELINE_{stage}_API_KEY': SecretStr(API_KEY) for stage in ('STT', 'LLM', 'TTS')},
            'PIPELINE_STT_MODEL': 'whisper-bench',
            'PIPELINE_LLM_MODEL': 'llm-bench',
            'PIPELINE_TTS_MODEL': 'tts-bench',
            'PIPELINE_END_OF_TURN_MS': str(END_OF_TURN_MS),
        }
    )
    provider = start(values)  # what a server's calls share: the stages' clients and their connection pools
    try:
        await one_call(provider, *rep_audio())  # warm-up: the VAD model loads, the SDK's first request
        settle_garbage_collector()  # as the server does once started
        timings: list[tuple[float, float]] = []
        starts = random.Random(7)
        for _ in range(rounds):
            # Calls start spread over the length of a turn, as reps who do not all stop talking at one instant;
            # in step, every rep stops at once (the worst case: every stage is asked 20 times together).
            offsets = [0.0 if in_step else starts.uniform(0, SPEECH_S) for _ in range(calls)]
            # Turns of different lengths end anywhere inside the browser's 100 ms frames, as real ones do.
            turns = [rep_audio(starts.uniform(0, 0.1)) for _ in range(calls)]
            timings += await asyncio.gather(
                *(one_call(provider, *turn, after_s=offset) for turn, offset in zip(turns, offsets, strict=True))
            )
        return timings
    finally:
        await provider.aclose()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _ms(values: list[float]) -> str:
    return f'{statistics.median(values) * 1000:.0f} / {percentile(values, 0.95) * 1000:.0f}'


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--calls', type=int, nargs='+', default=[1, 20])
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--in-step', action='store_true', help='every rep stops talking at the same instant')
    args = parser.parse_args()
    port = free_port()
    delays = [str(d) for d in (STT_DELAY_S, LLM_DELAY_S, LLM_BETWEEN_S, TTS_DELAY_S)]
    fake = subprocess.Popen([sys.executable, '-m', 'tests.fake_openai_audio', str(port), *delays], cwd=ROOT)
    try:
        time.sleep(2.0)  # the fake's start-up
        base_url = f'http://127.0.0.1:{port}/v1'
        subtracted = END_OF_TURN_MS / 1000 + fake_delays_s()
        print(
            f'end of the rep speech -> first byte of the prospect voice; {SPEECH_S:g} s of speech in real time; '
            f'subtracted: end of turn {END_OF_TURN_MS} ms + fake delays {fake_delays_s() * 1000:.0f} ms '
            f'(recognition {STT_DELAY_S * 1000:.0f}, first word {LLM_DELAY_S * 1000:.0f}, first sentence at '
            f'{LLM_BETWEEN_S * 1000:.0f} ms a word, voice {TTS_DELAY_S * 1000:.0f})'
        )
        print("turn found: the VAD's lag beyond the end-of-turn silence (its own trailing windows, 100 ms frames);")
        print('after turn: ours from the turn being found to the first voice (fake delays subtracted); all in ms')
        print('calls  samples  total p50  total p95  turn found p50/p95  after turn p50/p95  ours p50  ours p95')
        failed = False
        for calls in args.calls:
            timings = asyncio.run(run(calls, args.rounds, base_url, in_step=args.in_step))
            totals = [total for _, total in timings]
            found = [turn - END_OF_TURN_MS / 1000 for turn, _ in timings]
            after = [total - turn - fake_delays_s() for turn, total in timings]
            ours = [total - subtracted for total in totals]
            p95 = percentile(ours, 0.95)
            failed |= p95 > 0.150
            print(
                f'{calls:5d}  {len(totals):7d}  {statistics.median(totals) * 1000:9.0f}  '
                f'{percentile(totals, 0.95) * 1000:9.0f}  {_ms(found):>18}  {_ms(after):>18}  '
                f'{statistics.median(ours) * 1000:8.0f}  {p95 * 1000:8.0f}'
            )
        print('target: ours under 150 ms at p95:', 'FAIL' if failed else 'PASS')
        sys.exit(1 if failed else 0)
    finally:
        fake.terminate()
        fake.wait(10)


if __name__ == '__main__':
    main()
