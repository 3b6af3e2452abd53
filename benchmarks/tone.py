#!/usr/bin/env python3
"""What our own tone analysis costs a live call: CPU time per second of the rep's audio (16 kHz PCM16).

A synthesised rep (voiced harmonic tones with a pitch contour and syllable beats, pauses, room noise) is fed to a
ToneAnalyser exactly as the bridge feeds it: 100 ms chunks, the live reading (a 3 s and a 6 s window) once a
second of audio, and one utterance score per line (a line every 4 s). The CPU time of all of it (pitch tracking
included; a live call runs the same steps in the tone worker process) is divided by the seconds of audio. Printed:
ms of CPU per second of audio, median and worst of the runs, and the ratio to the target of 2 % of one core (20 ms
per second). The per-utterance function alone (the whole line at once) is timed too.
Usage: .venv/bin/python benchmarks/tone.py [--seconds 60] [--runs 5]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from services.acoustic_tone import ToneAnalyser, tone_of_pcm  # noqa: E402
from services.voice.tone_tap import LIVE_WINDOWS  # noqa: E402

RATE = 16_000
CHUNK_S = 0.1
LINE_S = 4.0
TARGET_MS_PER_S = 20.0  # 2 % of one core


def rep_voice(seconds: float, seed: int = 7) -> bytes:
    """Speech-like audio: 1.5–3 s stretches of voice with a moving pitch, 0.3–1.2 s pauses, room noise."""
    rng = np.random.default_rng(seed)
    parts, total = [], 0.0
    while total < seconds:
        length = rng.uniform(1.5, 3.0)
        t = np.arange(int(length * RATE)) / RATE
        contour = rng.uniform(100, 220) * 2 ** (rng.uniform(0, 4) * np.sin(2 * np.pi * 0.7 * t) / 12)
        phase = 2 * np.pi * np.cumsum(contour) / RATE
        harmonics = sum(np.sin(k * phase) / k for k in range(1, 8))
        parts.append(rng.uniform(0.05, 0.3) * harmonics * (0.3 + 0.7 * np.sin(np.pi * 4 * t) ** 2) / 2)
        pause = rng.uniform(0.3, 1.2)
        parts.append(np.zeros(int(pause * RATE)))
        total += length + pause
    audio = np.concatenate(parts)[: int(seconds * RATE)]
    audio += rng.normal(0, 0.002, len(audio))
    return (np.clip(audio, -1, 1) * 32767).astype('<i2').tobytes()


def live_call(audio: bytes) -> float:
    """CPU seconds for one call's worth of tone work, done as the bridge does it."""
    chunk = int(RATE * CHUNK_S) * 2
    analyser = ToneAnalyser(RATE)
    started = time.process_time()
    for index, offset in enumerate(range(0, len(audio), chunk)):
        at = (index + 1) * CHUNK_S
        analyser.feed(audio[offset : offset + chunk], at_s=at)
        if (index + 1) % round(1 / CHUNK_S) == 0:
            analyser.analyse(LIVE_WINDOWS)
        if (index + 1) % round(LINE_S / CHUNK_S) == 0:
            analyser.between(at - LINE_S, at, words=10)
    return time.process_time() - started


def per_utterance(audio: bytes, seconds: float) -> float:
    line = int(LINE_S * RATE) * 2
    started = time.process_time()
    for offset in range(0, int(seconds * RATE) * 2, line):
        tone_of_pcm(audio[offset : offset + line], RATE)
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--seconds', type=float, default=60.0)
    parser.add_argument('--runs', type=int, default=5)
    args = parser.parse_args()
    audio = rep_voice(args.seconds)
    live_call(audio[: RATE * 2 * 3])  # warm-up: imports, first allocations
    live = [live_call(audio) * 1000 / args.seconds for _ in range(args.runs)]
    whole = [per_utterance(audio, args.seconds) * 1000 / args.seconds for _ in range(args.runs)]
    median = statistics.median(live)
    print(f'{args.seconds:g} s of 16 kHz rep audio, {args.runs} runs; CPU ms per second of audio')
    print('work                                  median    worst')
    print(f'live call (chunks, windows, lines)  {median:8.2f} {max(live):8.2f}')
    print(f'per-utterance function alone        {statistics.median(whole):8.2f} {max(whole):8.2f}')
    verdict = 'meets the target' if median < TARGET_MS_PER_S else 'MISSES the target'
    ratio = median / TARGET_MS_PER_S
    print(f'live call median / {TARGET_MS_PER_S:g} ms target (2 % of one core) = {ratio:.3f} ({verdict})')


if __name__ == '__main__':
    main()
