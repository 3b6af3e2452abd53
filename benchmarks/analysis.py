#!/usr/bin/env python3
"""Times the post-call analysis (parse, speech metrics, emotion summary, rule-based
report, serialise) on a one-hour call.

Prints the median and 95th percentile of each stage and of the whole, over repeated runs, and the ratio of the
whole to the 50 ms target. The machine is shared, so compare figures from one run with each other.
Usage: .venv/bin/python benchmarks/analysis.py [--lines 1000] [--runs 50]
"""

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from services.coaching.facts import CallFacts
from services.coaching.prompt import build_messages
from services.coaching.rule_based import rule_based_report
from services.emotion_analysis import PROSODY_NAMES, summarize_emotions
from services.speech_metrics import compute_speech_metrics
from services.transcript import EmotionData, Transcript

TARGET_MS = 50.0
REP_LINES = [
    'So, um, what does your team use today to track deals?',
    'Basically we help sales teams, you know, stop losing deals in spreadsheets and sort of automate follow-ups.',
    'How many people are on the team, and who signs off on new tools?',
    'I hear you. What would it cost you if nothing changed this quarter?',
    'Could we book a thirty minute demo next week with your director?',
    'Right, and I mean the forecasting piece is literally the part most teams like.',
]
PROSPECT_LINES = [
    'We mostly use spreadsheets, and honestly it works well enough for now.',
    'It sounds expensive. Your competitor quoted us a lot less last year.',
    'There are twelve of us, and Priya signs anything over ten thousand.',
    'Send me something by email and I will take a look when I can.',
]


def one_hour_call(lines: int, seed: int = 7) -> tuple[Transcript, EmotionData, float]:
    rng = random.Random(seed)
    messages: list[dict[str, Any]] = []
    prosody: list[dict[str, Any]] = []
    step = 3600.0 / lines
    for i in range(lines):
        start = i * step
        role = 'user' if i % 2 == 0 else 'assistant'
        text = rng.choice(REP_LINES if role == 'user' else PROSPECT_LINES)
        messages.append({'role': role, 'text': text, 'timestamp': start, 'end': start + step * 0.85})
        if role == 'user':
            prosody.append({'timestamp': start, 'role': 'user', 'scores': {n: rng.random() for n in PROSODY_NAMES}})
    return (
        Transcript.model_validate({'messages': messages}),
        EmotionData.model_validate({'prosody_scores': prosody}),
        3600.0,
    )


def timed(function: Callable[[], object], runs: int) -> list[float]:
    function()  # warm up caches and lazy imports
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--lines', type=int, default=1000)
    parser.add_argument('--runs', type=int, default=50)
    args = parser.parse_args()

    transcript, emotion_data, duration = one_hour_call(args.lines)
    stored_transcript = transcript.model_dump(mode='json')
    stored_emotions = emotion_data.model_dump(mode='json')

    def facts_of(call: Transcript, emotions: EmotionData) -> CallFacts:
        return CallFacts.compute(
            persona_id='skeptical_buyer',
            scenario=None,
            duration_seconds=duration,
            transcript=call,
            emotion_data=emotions,
        )

    def parse() -> tuple[Transcript, EmotionData]:
        return Transcript.model_validate(stored_transcript), EmotionData.model_validate(stored_emotions)

    def whole() -> object:
        # What the analysis task does with a stored call: parse, compute, report, serialise for storage.
        return rule_based_report(facts_of(*parse())).model_dump(mode='json')

    facts = facts_of(transcript, emotion_data)
    stages = {
        'parse stored call': parse,
        'speech metrics': lambda: compute_speech_metrics(transcript, duration),
        'emotion summary': lambda: summarize_emotions(emotion_data),
        'rule-based report': lambda: rule_based_report(facts),
        'AI coach prompt': lambda: build_messages(facts),  # what the AI coach adds before the model's own time
        'whole analysis': whole,
    }
    print(
        f'one-hour call: {args.lines} lines, {facts.metrics.total_words} words, '
        f'{facts.emotions.samples} prosody samples; {args.runs} runs each'
    )
    print(f'{"stage":<20} {"median ms":>10} {"p95 ms":>8} {"min ms":>8}')
    medians = {}
    for name, function in stages.items():
        samples = sorted(timed(function, args.runs))
        p95 = samples[min(len(samples) - 1, round(0.95 * len(samples)) - 1)]
        medians[name] = statistics.median(samples)
        print(f'{name:<20} {medians[name]:>10.2f} {p95:>8.2f} {samples[0]:>8.2f}')
    ratio = medians['whole analysis'] / TARGET_MS
    verdict = 'meets' if ratio < 1 else 'MISSES'
    print(f'whole analysis median / {TARGET_MS:.0f} ms target = {ratio:.2f} ({verdict} the target)')


if __name__ == '__main__':
    main()
