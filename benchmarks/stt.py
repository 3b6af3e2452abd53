#!/usr/bin/env python3
"""Offline recognition here: the time per utterance, and how many spoken demo calls one process keeps up with.

1. Recognition time: the spoken fixtures (11.6 s and 16.5 s) and espeak-ng rep lines of 3 to 7 s, each recognised
   `--runs` times one after another by the process's recogniser (faster-whisper, the settings' defaults); printed per
   utterance and overall (median, p95), with the word error rate against what was said. `--sphinx` times the
   PocketSphinx fallback on the same utterances.
2. Capacity: N demo calls at once in this process (the real DemoEngine: its speech detector, its queue, and the
   prospect's espeak-ng voice unless --quiet), each rep talking 40 % of the time in espeak-ng utterances of 3 to 7 s
   streamed in real time as 100 ms frames, for `--seconds`. Printed per N: utterances said, recognised and kept as
   "[inaudible]", the time from the rep's last word to the line (it includes the 0.7 s of silence that ends a turn),
   the recognition queue (utterances heard and not yet recognised, over all calls, sampled every 0.25 s) on average
   in the first and the last third and its trend a minute, the event loop's lag and the process's CPU. N keeps up
   when nothing is kept as "[inaudible]", the queue of the last third is less than one utterance longer than the
   first third's, and the p95 delay stays under 5 s.
Usage: .venv/bin/python benchmarks/stt.py [--runs 5] [--calls 5 10 20 30] [--seconds 60] [--sphinx] [--quiet]
       [--workers N] [--skip-timing]
"""

import argparse
import asyncio
import functools
import os
import random
import resource
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bridge import rss_mib  # noqa: E402
from services.voice.engine import EngineConfig  # noqa: E402
from services.voice.engines.demo import INAUDIBLE, DemoEngine  # noqa: E402
from services.voice.events import Transcribing, UserAudio, UserUtterance  # noqa: E402
from services.voice.sphinx_stt import SphinxRecogniser  # noqa: E402
from services.voice.transcriber import SpeechToText, configure_recognition, shared_recogniser  # noqa: E402
from services.voice.vad import SpeechDetector  # noqa: E402
from services.voice.whisper_stt import WhisperSettings  # noqa: E402
from tests.support.audio import spoken_fixture  # noqa: E402
from tests.support.speech import FIXTURE_TEXTS, espeak, word_error_rate  # noqa: E402

RATE = 16_000
FRAME_S = 0.1
FRAME_BYTES = int(RATE * FRAME_S) * 2
TALKING = 0.4  # of the call's time
# Rep lines of 3 to 7 s at 160 words a minute.
REP_LINES = (
    'Hi, this is Sam from Pipeline Pro. Do you have a minute?',
    'Who else is involved when you choose a tool like this?',
    'What does your team use today to schedule the drivers, and how long does that take each week?',
    'Most of our customers cut three hours of manual tracking a day in their first month.',
    'Um, so basically, what happens when a delivery is late and the customer calls you?',
    'Could we set up a thirty minute call next Tuesday with your operations manager?',
    'That makes sense. How do you decide which loads go out first when two customers need the same truck?',
)
show = functools.partial(print, flush=True)


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float('nan')


def rep_utterances() -> list[tuple[str, bytes]]:
    """The rep lines said by espeak-ng; each is one utterance to the demo's speech detector (the delays are matched
    to the lines by their order)."""
    said = [(text, espeak(text)) for text in REP_LINES]
    for text, pcm in said:
        detector = SpeechDetector(RATE)
        found = [b for b in range(0, len(pcm) + RATE * 2, FRAME_BYTES) if detector.feed(_frame(pcm, b)) is not None]
        assert len(found) == 1, f'{text!r} is {len(found)} utterances to the speech detector'
    return said


def _frame(pcm: bytes, begin: int) -> bytes:
    return pcm[begin : begin + FRAME_BYTES].ljust(FRAME_BYTES, b'\0')


async def time_recognition(runs: int, *, sphinx: bool) -> None:
    utterances = [(text, spoken_fixture(name)) for name, text in FIXTURE_TEXTS.items()] + rep_utterances()
    recognisers: list[tuple[str, SpeechToText]] = [('faster-whisper', shared_recogniser())]
    if sphinx:
        recognisers.append(('PocketSphinx', SphinxRecogniser(workers=1)))
    for name, recogniser in recognisers:
        rss_before = rss_mib(os.getpid())
        began = time.perf_counter()
        await recogniser.transcribe(bytes(RATE))  # loads the model
        show(
            f'\n{name}: first utterance (loads the model) {time.perf_counter() - began:.2f} s; '
            f'RSS {rss_before:.0f} -> {rss_mib(os.getpid()):.0f} MiB (this process)'
        )
        show(f'{"audio s":>8} {"median ms":>10} {"p95 ms":>8} {"WER":>6}  heard')
        every: list[float] = []
        for text, pcm in utterances:
            times, heard = [], ''
            for _ in range(runs):
                began = time.perf_counter()
                heard = await recogniser.transcribe(pcm)
                times.append(time.perf_counter() - began)
            every += times
            show(
                f'{len(pcm) / 2 / RATE:8.1f} {statistics.median(times) * 1000:10.0f} '
                f'{quantile(times, 0.95) * 1000:8.0f} {word_error_rate(text, heard):6.2f}  {heard[:70]}'
            )
        show(
            f'{name}: {len(every)} recognitions, median {statistics.median(every) * 1000:.0f} ms, '
            f'p95 {quantile(every, 0.95) * 1000:.0f} ms'
        )
        if isinstance(recogniser, SphinxRecogniser):
            recogniser.close()


@dataclass
class CallLog:
    spoken_ends: list[float] = field(default_factory=list)  # when each utterance's last word was sent
    lines: list[tuple[float, str]] = field(default_factory=list)  # when each rep line arrived, and its words
    pending: int = 0  # utterances the engine has heard and not yet turned into words


async def one_call(utterances: list[tuple[str, bytes]], until: float, log: CallLog, *, speak: bool, seed: int) -> None:
    rng = random.Random(seed)
    engine = DemoEngine(speak=speak)
    await engine.connect(EngineConfig.builtin('friendly_prospect'))
    quiet = np.random.default_rng(seed).normal(0, 20, int(RATE * FRAME_S)).astype('<i2').tobytes()

    async def read() -> None:
        async for event in engine.events():
            if isinstance(event, UserUtterance):
                log.lines.append((time.monotonic(), event.text))
            elif isinstance(event, Transcribing):
                log.pending = event.pending

    reader = asyncio.create_task(read())
    next_at = time.monotonic()

    async def stream(pcm: bytes) -> None:
        nonlocal next_at
        for begin in range(0, len(pcm), FRAME_BYTES):
            await engine.send(UserAudio(pcm=_frame(pcm, begin)))
            next_at += FRAME_S
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))

    await stream(quiet * int(rng.uniform(0, 10) / FRAME_S))  # calls start out of step
    while time.monotonic() < until:
        _text, pcm = rng.choice(utterances)
        await stream(pcm)
        log.spoken_ends.append(time.monotonic())
        listening = len(pcm) / 2 / RATE * (1 - TALKING) / TALKING
        await stream(quiet * int(listening / FRAME_S))
    await engine.finish_input()
    await engine.close()
    reader.cancel()


async def capacity(calls: int, seconds: float, utterances: list[tuple[str, bytes]], *, speak: bool) -> bool:
    logs = [CallLog() for _ in range(calls)]
    began = time.monotonic()
    until = began + seconds
    backlog: list[tuple[float, int]] = []
    lags: list[float] = []

    async def watch() -> None:
        while True:
            tick = time.monotonic()
            await asyncio.sleep(0.25)
            lags.append(time.monotonic() - tick - 0.25)
            backlog.append((time.monotonic() - began, sum(log.pending for log in logs)))

    watcher = asyncio.create_task(watch())
    cpu = time.process_time()
    await asyncio.gather(
        *(one_call(utterances, until, log, speak=speak, seed=number) for number, log in enumerate(logs))
    )
    cpu_share = (time.process_time() - cpu) / (time.monotonic() - began)
    watcher.cancel()

    said = sum(len(log.spoken_ends) for log in logs)
    lines = [text for log in logs for _, text in log.lines]
    inaudible = lines.count(INAUDIBLE)
    delays = [
        arrived - spoken
        for log in logs
        for spoken, (arrived, text) in zip(log.spoken_ends, log.lines, strict=False)
        if text != INAUDIBLE
    ]
    speaking = [(at, size) for at, size in backlog if at <= seconds]
    third = seconds / 3
    first = [size for at, size in speaking if at < third]
    last = [size for at, size in speaking if at >= 2 * third]
    slope = float(np.polyfit([at for at, _ in speaking], [size for _, size in speaking], 1)[0]) * 60
    p95 = quantile(delays, 0.95)
    growth = statistics.mean(last or [0]) - statistics.mean(first or [0])
    keeps_up = inaudible == 0 and growth < 1.0 and p95 < 5.0
    show(
        f'{calls:5d} {said:5d} {len(lines) - inaudible:6d} {inaudible:9d} {quantile(delays, 0.5):7.2f} {p95:7.2f} '
        f'{statistics.mean(first or [0]):7.1f} {statistics.mean(last or [0]):7.1f} {slope:+8.1f} '
        f'{quantile(lags, 0.99) * 1000:8.0f} {cpu_share * 100:5.0f}  {"yes" if keeps_up else "NO"}'
    )
    return keeps_up


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--runs', type=int, default=5)
    parser.add_argument('--calls', type=int, nargs='+', default=[5, 10, 15, 20, 25, 30])
    parser.add_argument('--seconds', type=float, default=60.0)
    parser.add_argument('--sphinx', action='store_true', help='also time the PocketSphinx fallback')
    parser.add_argument('--quiet', action='store_true', help='the prospect does not speak (no espeak-ng)')
    parser.add_argument('--workers', type=int, help='utterances recognised at once (LOCAL_STT_WORKERS)')
    parser.add_argument('--skip-timing', action='store_true', help='only the capacity runs')
    args = parser.parse_args()
    if args.workers:
        configure_recognition(WhisperSettings(workers=args.workers))

    workers = shared_recogniser().settings.workers
    show(f'{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; {workers} recognised at once')
    show(f'recognition: {shared_recogniser().status().text}')
    if not args.skip_timing:
        await time_recognition(args.runs, sphinx=args.sphinx)
    utterances = rep_utterances()
    await shared_recogniser().ready()
    show(
        f'\n{len(utterances)} rep lines of {min(len(p) for _, p in utterances) / 2 / RATE:.1f}-'
        f'{max(len(p) for _, p in utterances) / 2 / RATE:.1f} s, talking {TALKING:.0%} of the time, '
        f'{args.seconds:.0f} s a run; prospect speaks: {not args.quiet}; delays in s from the last word to the line'
    )
    show(
        f'{"calls":>5} {"said":>5} {"heard":>6} {"inaudible":>9} {"p50 s":>7} {"p95 s":>7} {"queue 1":>7} '
        f'{"queue 3":>7} {"grow/min":>8} {"lag p99":>8} {"CPU%":>5}  keeps up'
    )
    failures = 0
    for calls in args.calls:
        failures = 0 if await capacity(calls, args.seconds, utterances, speak=not args.quiet) else failures + 1
        if failures == 2:
            break
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    show(f'peak RSS {peak:.0f} MiB')


if __name__ == '__main__':
    asyncio.run(main())
