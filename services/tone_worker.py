"""The tone worker: every live call's tone analysis, in one worker process shared by the server, in batches.

Pitch tracking (Praat) and the scores' numpy hold the interpreter lock while they run. In the server's process
they took it from the event loop that carries every call's audio: with a hundred reps talking at once, the loop
waited on the tone threads (benchmarks/bridge.py: 143 ms of added latency at p99 with pitch tracking in a thread,
42 ms with only the scores left there). So the whole analysis (services/acoustic_tone.py `run_step`) runs in a
worker process at a lower priority, and the server only packs a call's new PCM and the frames the scores read
(`ToneAnalyser.step`) and stores what comes back (`settle`): bytes and small arrays, no per-sample work.

Batching: the steps of all calls that arrive within BATCH_GATHER_S (and while a batch is in the worker) go over
together, so the server's side of the process pool wakes a few times a second, not once per call and second. A
batch holds at most BATCH_MAX_STEPS: the pool pickles a batch in one go, holding the interpreter lock (about 45 kB
a step, 5 ms for 100 steps), and the callers are woken a few at a time (WAKE_AT_ONCE). If the worker dies or
hangs, its batch runs in a thread here instead (slower for the event loop, but nothing is lost), and the next
batch starts a new worker.
"""

import asyncio
import logging
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from services.acoustic_tone import Step, Stepped, run_steps
from services.executors import TONE, background_priority

log = logging.getLogger(__name__)

BATCH_GATHER_S = 0.1  # the live bars move once a second; a tenth of that gathers a batch
BATCH_MAX_STEPS = 16
BATCH_TIMEOUT_S = 10.0
# Callers woken in one turn of the event loop. A caller may go on to heavy work (a rep's line, once scored, is
# written to the database: about 0.4 ms of the loop's time each); woken all at once, the 100 lines of 100 calls
# kept the loop from the calls' audio for 40 ms.
WAKE_AT_ONCE = 4


@dataclass(slots=True)
class _Batches:
    """The steps waiting on one event loop, and the task that sends them."""

    waiting: list[tuple[Step, 'asyncio.Future[Stepped]']] = field(default_factory=list)
    sender: 'asyncio.Task[None] | None' = None


class ToneWorker:
    """One worker process for the tone analysis of every call; its steps sent in batches."""

    def __init__(self, *, gather_s: float = BATCH_GATHER_S, timeout_s: float = BATCH_TIMEOUT_S) -> None:
        self.gather_s = gather_s
        self.timeout_s = timeout_s
        self.batches_sent = 0
        self._pool: ProcessPoolExecutor | None = None
        self._pool_lock = threading.Lock()  # stop() may come from another thread
        self._loops: dict[asyncio.AbstractEventLoop, _Batches] = {}

    async def run(self, step: Step) -> Stepped:
        """The step's result, from the worker process (or, if it failed, from a thread here)."""
        loop = asyncio.get_running_loop()
        batches = self._loops.get(loop)
        if batches is None:
            batches = self._loops[loop] = _Batches()
        future: asyncio.Future[Stepped] = loop.create_future()
        batches.waiting.append((step, future))
        if batches.sender is None:
            batches.sender = loop.create_task(self._send(loop, batches))
        return await future

    async def _send(self, loop: asyncio.AbstractEventLoop, batches: _Batches) -> None:
        """Sends what waits, one batch at a time, until nothing does."""
        batch: list[tuple[Step, asyncio.Future[Stepped]]] = []
        try:
            while batches.waiting:
                if len(batches.waiting) < BATCH_MAX_STEPS:
                    await asyncio.sleep(self.gather_s)
                asking = [item for item in batches.waiting if not item[1].done()]  # ended calls ask no more
                batch, batches.waiting = asking[:BATCH_MAX_STEPS], asking[BATCH_MAX_STEPS:]
                if not batch:
                    continue
                try:
                    results = await self._in_worker([step for step, _ in batch])
                except Exception as error:  # the thread failed too: each call's tone stops, its audio goes on
                    results = [error] * len(batch)
                for index, ((_, future), result) in enumerate(zip(batch, results, strict=True)):
                    if index and index % WAKE_AT_ONCE == 0:
                        await asyncio.sleep(0)  # the loop reads every call's audio between the callers it wakes
                    if future.done():
                        continue
                    if isinstance(result, Exception):
                        future.set_exception(result)
                    else:
                        future.set_result(result)
                batch = []
        finally:
            batches.sender = None
            self._loops.pop(loop, None)
            for _, future in [*batch, *batches.waiting]:  # cancelled (the loop is closing): nobody waits forever
                future.cancel()

    async def _in_worker(self, steps: list[Step]) -> list[Stepped | Exception]:
        pool, new = self._running_pool()
        self.batches_sent += 1
        job = None
        try:
            # A new pool starts its process on the first submit: a fork and exec, kept off the event loop.
            job = await asyncio.to_thread(pool.submit, run_steps, steps) if new else pool.submit(run_steps, steps)
            return await asyncio.wait_for(asyncio.wrap_future(job), self.timeout_s)
        except (BrokenProcessPool, TimeoutError, asyncio.CancelledError) as error:
            if isinstance(error, asyncio.CancelledError) and not (job is not None and job.cancelled()):
                raise  # this task was cancelled, not the worker's job
            log.warning('the tone worker failed (%s); this batch is analysed in the server', type(error).__name__)
            self._forget(pool)
            return await TONE.run(run_steps, steps)

    def _running_pool(self) -> tuple[ProcessPoolExecutor, bool]:
        """The pool, and whether it was just made."""
        with self._pool_lock:
            if self._pool is not None:
                return self._pool, False
            # spawn, not fork: a fork of a threaded server may inherit locks held by other threads
            self._pool = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context('spawn'), initializer=background_priority
            )
            return self._pool, True

    def _forget(self, pool: ProcessPoolExecutor) -> None:
        with self._pool_lock:
            if self._pool is pool:
                self._pool = None
        pool.shutdown(wait=False, cancel_futures=True)

    def start_soon(self) -> None:
        """Starts the worker process in a thread unless it runs, without waiting for it: a call calls this as it
        connects, so that its first steps need not wait while the worker starts (started by the first steps of
        100 talking reps, its first batch took 2-2.7 s and the event loop stalled 20-45 ms meanwhile)."""
        with self._pool_lock:
            if self._pool is not None:
                return
        asyncio.get_running_loop().run_in_executor(None, self._start)

    def _start(self) -> None:
        pool, new = self._running_pool()
        if new:
            try:  # the process starts on the first submit; it imports the analysis to run this empty batch
                pool.submit(run_steps, [])
            except Exception as error:  # the first batch will try again
                log.warning('the tone worker did not start (%s)', type(error).__name__)
                self._forget(pool)

    def stop(self) -> None:
        """Ends the worker process (at shutdown); the next step starts a new one."""
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


TONE_WORKER = ToneWorker()  # one for the whole server
