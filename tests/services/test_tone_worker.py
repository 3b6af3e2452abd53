"""The tone worker process: the same numbers as the analysis here, many calls' steps in one batch, and a worker
that dies or a step that fails costs no call its tone."""

import asyncio
import math
import multiprocessing
import os
import signal
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from services.acoustic_tone import Span, ToneAnalyser, Window
from services.tone_worker import BATCH_MAX_STEPS, WAKE_AT_ONCE, ToneWorker
from tests.support.audio import RATE, pcm, silence, voice
from tests.support.waiting import until

CHUNK = 3200  # 100 ms at 16 kHz, as the browser sends it
LIVE = (Window(3.0), Window(6.0))


@pytest.fixture
async def worker() -> AsyncIterator[ToneWorker]:
    started = ToneWorker(gather_s=0.02)
    yield started
    await asyncio.to_thread(started.stop)


def rep(seed: int) -> bytes:
    return pcm(np.concatenate([silence(0.4), voice(2.5, semitones=3, seed=seed), silence(0.8), voice(2, seed=seed)]))


def records(tones: tuple[Any, ...]) -> list[Any]:
    return [None if tone is None else tone.record() for tone in tones]


async def live_call(audio: bytes, worker: ToneWorker | None) -> tuple[ToneAnalyser, list[list[Any]]]:
    """Feeds a call in 100 ms chunks with the live windows each second: through the worker, or here when None."""
    analyser, readings = ToneAnalyser(RATE), []
    for index, offset in enumerate(range(0, len(audio), CHUNK)):
        analyser.feed(audio[offset : offset + CHUNK], at_s=0.1 * (index + 1))
        if index % 10 == 9:
            if worker is None:
                readings.append(records(analyser.analyse(LIVE)))
            else:
                step = analyser.step(LIVE)
                readings.append(records(analyser.settle(step, await worker.run(step))))
    return analyser, readings


def workers_started(before: set[Any]) -> list[Any]:
    """Worker processes started since `before` (other tests' workers, if still running, are not counted)."""
    return [child for child in multiprocessing.active_children() if child not in before]


async def test_the_worker_process_gives_the_numbers_this_process_does_and_gives_way(worker: ToneWorker) -> None:
    others = set(multiprocessing.active_children())
    audio = rep(seed=3)
    there, live_there = await live_call(audio, worker)
    here, live_here = await live_call(audio, None)
    assert live_there == live_here and any(reading[0] is not None for reading in live_here)
    np.testing.assert_array_equal(there.frames(0, 10).db, here.frames(0, 10).db)
    np.testing.assert_array_equal(there.frames(0, 10).f0, here.frames(0, 10).f0)
    step = there.step([Span(0.4, 2.9, words=7)])
    assert records(there.settle(step, await worker.run(step))) == records((here.between(0.4, 2.9, words=7),))

    [process] = workers_started(others)
    assert os.getpriority(os.PRIO_PROCESS, process.pid) == os.nice(0) + 10  # the event loop comes first
    await asyncio.to_thread(worker.stop)
    assert not process.is_alive()


async def test_the_steps_of_many_calls_go_to_the_worker_in_a_few_batches(worker: ToneWorker) -> None:
    calls = [ToneAnalyser(RATE) for _ in range(40)]
    for seed, analyser in enumerate(calls):
        analyser.feed(rep(seed % 5), at_s=6.0)
    steps = [analyser.step(LIVE) for analyser in calls]
    results = await asyncio.gather(*(worker.run(step) for step in steps))
    # At most BATCH_MAX_STEPS a batch: the pool pickles a batch in one go, holding the interpreter lock.
    assert worker.batches_sent == math.ceil(40 / BATCH_MAX_STEPS) > 1
    for seed, (analyser, step, result) in enumerate(zip(calls, steps, results, strict=True)):
        alone = ToneAnalyser(RATE)
        alone.feed(rep(seed % 5), at_s=6.0)
        assert records(analyser.settle(step, result)) == records(alone.analyse(LIVE))


async def test_the_callers_of_a_batch_are_woken_a_few_at_a_time(worker: ToneWorker) -> None:
    """Each woken caller may go on to write its line; the loop must read the calls' audio in between."""
    turns = 0

    async def other_work() -> None:
        nonlocal turns
        while True:
            await asyncio.sleep(0)
            turns += 1

    async def caller(seed: int) -> int:
        analyser = ToneAnalyser(RATE)
        analyser.feed(rep(seed), at_s=6.0)
        await worker.run(analyser.step(LIVE))
        return turns

    ticking = asyncio.create_task(other_work())
    woken_at = await asyncio.gather(*(caller(seed % 5) for seed in range(BATCH_MAX_STEPS)))
    ticking.cancel()
    assert worker.batches_sent == 1
    assert len(set(woken_at)) == math.ceil(BATCH_MAX_STEPS / WAKE_AT_ONCE) > 1  # other work ran between groups


async def test_a_step_that_fails_fails_only_its_own_call(worker: ToneWorker) -> None:
    good, bad = ToneAnalyser(RATE), ToneAnalyser(RATE)
    for analyser in (good, bad):
        analyser.feed(rep(seed=1), at_s=6.0)
    broken = replace(bad.step(LIVE), frames_first=10)  # claims frames it does not carry
    answers = await asyncio.gather(worker.run(good.step(LIVE)), worker.run(broken), return_exceptions=True)
    assert not isinstance(answers[0], BaseException) and answers[0].tones[0] is not None
    assert isinstance(answers[1], ValueError)


async def test_a_worker_that_dies_hands_its_batch_to_this_process_and_the_next_batch_gets_a_new_one(
    worker: ToneWorker, caplog: pytest.LogCaptureFixture
) -> None:
    others = set(multiprocessing.active_children())
    first, second = ToneAnalyser(RATE), ToneAnalyser(RATE)
    first.feed(rep(seed=5), at_s=6.0)
    first.settle(step := first.step(), await worker.run(step))  # the worker is up
    [dead] = workers_started(others)
    os.kill(dead.pid, signal.SIGKILL)
    dead.join(5)

    first.feed(rep(seed=6), at_s=12.0)
    step = first.step(LIVE)
    tones = first.settle(step, await worker.run(step))
    expected = ToneAnalyser(RATE)
    expected.feed(rep(seed=5), at_s=6.0)
    expected.analyse()
    expected.feed(rep(seed=6), at_s=12.0)
    assert records(tones) == records(expected.analyse(LIVE))
    assert 'this batch is analysed in the server' in caplog.text

    second.feed(rep(seed=7), at_s=6.0)
    second.settle(step := second.step(LIVE), await worker.run(step))
    assert [process.is_alive() for process in workers_started(others)] == [True]  # a new worker


async def test_a_call_starts_the_worker_as_it_connects_so_that_its_first_steps_do_not_wait(
    worker: ToneWorker,
) -> None:
    others = set(multiprocessing.active_children())
    worker.start_soon()
    await until(lambda: len(workers_started(others)) == 1)
    worker.start_soon()  # already running: nothing more starts
    [process] = workers_started(others)
    analyser = ToneAnalyser(RATE)
    analyser.feed(rep(seed=2), at_s=6.0)
    tones = analyser.settle(step := analyser.step(LIVE), await worker.run(step))
    assert tones[0] is not None and workers_started(others) == [process] and worker.batches_sent == 1
