"""The `pipeline` engine: the rep's speech → text → a language model's answer → the prospect's voice.

Turn-taking: a voice-activity detector (Silero VAD; services/voice/silero_vad.py) cuts the rep's audio into
utterances, each ended by `end_of_turn_ms` of silence. Utterances are transcribed one after the other, in order;
the prospect answers once the rep has stopped talking and nothing they said waits for transcription (a typed turn
is answered at once). The answer streams from the model; each sentence is sent to text-to-speech as soon as it is
complete, and its voice goes to the rep as it arrives, so the prospect starts talking long before the model has
finished.

Barge-in: when the rep starts talking (or types) while the prospect's voice is still playing, the engine says
`Interruption` (the browser drops what it has queued), cancels the model's stream and the speech requests, and
keeps, in the model's context and in the stored line, only the words the rep heard: every sentence played in full
and, of the one under way, the share of its words that matches the share of its voice that played.

A stage that fails or is too slow costs a turn, not the call: the rep is told in words (a non-fatal EngineError);
speech that could not be transcribed is stored as "[inaudible]" with its times, and an answer whose voice failed is
shown as text.
"""

import asyncio
import bisect
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, TypeVar

from services.tasks import cancel_and_wait
from services.voice.engine import EngineConfig
from services.voice.engines.base import QueuedEngine
from services.voice.engines.pipeline.sentences import SentenceSplitter
from services.voice.engines.pipeline.stages import (
    ANSWERING,
    HEARING,
    SPEAKING,
    Answering,
    SpeechToText,
    StageFailed,
    StageName,
    Voice,
    in_words,
)
from services.voice.events import (
    AssistantAudio,
    AssistantDraft,
    AssistantEnd,
    AssistantUtterance,
    EngineError,
    Interruption,
    LastLineSaid,
    TimeUp,
    Transcribing,
    UserAudio,
    UserInput,
    UserText,
    UserUtterance,
)
from services.voice.silero_vad import Detector, speech_detector
from services.voice.vad import Utterance

log = logging.getLogger(__name__)

T = TypeVar('T')
INPUT_RATE = 16_000
INAUDIBLE = '[inaudible]'
SPOKEN_WPM = 165  # how long a line without voice takes
MAX_ANSWER_CHARS = 1200  # a model that runs on is cut here (the prompt asks for one to three sentences)
FINISH_WITHIN_S = 20.0  # at hang-up, how long the rep's last words may take to be transcribed

FAILED_HEARING = 'The prospect did not catch that: speech-to-text failed ({reason}). Say it again, or type it.'
FAILED_ANSWER = 'The prospect could not answer: the language model failed ({reason}). Say it again, or carry on.'
FAILED_ANSWER_MIDWAY = 'The prospect broke off: the language model failed ({reason}) partway through its answer.'
FAILED_VOICE = "The prospect's voice failed (text-to-speech: {reason}); its words are in the transcript."


@dataclass(frozen=True, kw_only=True, slots=True)
class PipelineOptions:
    """How the engine takes turns.

    Attributes:
        end_of_turn_ms: the silence after which the rep's turn has ended.
        timeout_s: how long a stage may take to start answering (and between two chunks of a stream).
        voice: the speech stage's voice for every prospect whose profile names none for this engine; None takes the
            stage's voice for the prospect's voice style.
    """

    end_of_turn_ms: int = 600
    timeout_s: float = 10.0
    voice: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Stages:
    hearing: SpeechToText
    answering: Answering
    speaking: Voice


@dataclass(slots=True)
class _Said:
    """One sentence of an answer on the call's clock: when its voice starts playing, and for how long."""

    text: str
    start_s: float
    seconds: float = 0.0

    @property
    def end_s(self) -> float:
        return self.start_s + self.seconds

    def heard_by(self, at_s: float) -> str:
        if at_s >= self.end_s:
            return self.text
        if at_s <= self.start_s or self.seconds <= 0:
            return ''
        words = self.text.split()
        return ' '.join(words[: int(len(words) * (at_s - self.start_s) / self.seconds)])


@dataclass(slots=True)
class _Answer:
    """The prospect's answer under way: its sentences as they play, and whether its line was kept."""

    sentences: list[_Said] = field(default_factory=list)
    end_s: float = 0.0  # when everything produced so far has played
    voiced: bool = False  # some of its voice went to the rep
    resolved: bool = False

    def begin(self, text: str, now: float) -> _Said:
        said = _Said(text=text, start_s=max(now, self.end_s))
        self.sentences.append(said)
        self.end_s = said.start_s
        return said

    def extend(self, said: _Said, seconds: float) -> None:
        said.seconds += seconds
        self.end_s = max(self.end_s, said.end_s)

    def heard_by(self, at_s: float) -> str:
        heard = []
        for said in self.sentences:
            part = said.heard_by(at_s)
            if part:
                heard.append(part)
            if part != said.text:
                break
        return ' '.join(heard)


class AudioClock:
    """Maps a time in the rep's audio (seconds of it received) to the call's clock. Pinned where the audio began,
    and pinned again wherever the two drift more than DRIFT_S apart (audio lost, or sent in a burst), as the
    Realtime engine does."""

    DRIFT_S = 0.25

    def __init__(self) -> None:
        self.received_s = 0.0
        self._audio_s: list[float] = []
        self._call_s: list[float] = []

    def received(self, seconds: float, *, now: float) -> None:
        began = now - seconds  # the chunk spans the last `seconds` of the wall clock
        if not self._audio_s or abs(self.call_s(self.received_s) - began) > self.DRIFT_S:
            self._audio_s.append(self.received_s)
            self._call_s.append(max(0.0, began))
        self.received_s += seconds

    def call_s(self, audio_s: float) -> float:
        index = bisect.bisect_right(self._audio_s, audio_s) - 1
        if index < 0:
            return round(audio_s, 3)
        return round(self._call_s[index] + audio_s - self._audio_s[index], 3)


@dataclass(frozen=True, slots=True)
class _Heard:
    """An utterance of the rep on the call's clock, waiting for its words."""

    pcm: bytes
    start_s: float
    end_s: float


async def _recite(line: str, sentences: asyncio.Queue[str | None]) -> None:
    """A fixed line's sentences, as the model's answer would give them."""
    splitter = SentenceSplitter()
    for sentence in [*splitter.feed(line), splitter.flush()]:
        if sentence:
            sentences.put_nowait(sentence)
    sentences.put_nowait(None)


class _Finish:
    """The rep hung up: what is queued before this is the last input."""


class PipelineEngine(QueuedEngine):
    name = 'pipeline'
    label = 'Speech pipeline'
    input_sample_rate = INPUT_RATE
    output_sample_rate = 24_000
    gives_prosody = False
    failure_code = 'pipeline'
    failure_message = 'The speech pipeline stopped working.'

    def __init__(
        self,
        *,
        stages: Stages,
        options: PipelineOptions,
        detector: Callable[[int], Detector] | None = None,
        clock: Callable[[], float] = time.monotonic,
        finish_within_s: float = FINISH_WITHIN_S,
    ) -> None:
        super().__init__()
        self._stages = stages
        self._options = options
        self.output_sample_rate = stages.speaking.sample_rate
        self._bytes_per_s = self.output_sample_rate * 2
        self._make_detector = detector or (lambda end_ms: speech_detector(end_ms=end_ms))
        self._detector: Detector | None = None
        self._clock = clock
        self._finish_within_s = finish_within_s
        self._started = 0.0
        self._voice = ''
        self._context: list[dict[str, str]] = []
        self._inputs: asyncio.Queue[UserInput | _Finish] = asyncio.Queue()
        self._inputs_done = asyncio.Event()
        self._waiting: asyncio.Queue[_Heard] = asyncio.Queue()
        self._transcribing: _Heard | None = None
        self._heard_all = asyncio.Event()
        self._audio_clock = AudioClock()
        self._answer: _Answer | None = None
        self._replying: asyncio.Task[None] | None = None
        self._unanswered = False  # the rep's last words have no answer the rep heard yet
        self._finishing = False
        self._answering = True  # until the time is up

    # --- the VoiceEngine interface -----------------------------------------------------------------------

    async def connect(self, config: EngineConfig) -> None:
        self._started = self._clock()
        self._detector = self._make_detector(self._options.end_of_turn_ms)
        self._context = [{'role': 'system', 'content': config.system_prompt}]
        self._voice = (
            config.named_voice(self.name)
            or self._options.voice
            or self._stages.speaking.default_voice(config.prospect.voice.style)
        )
        self._start_worker(config.call_id)
        self._tasks.spawn(self._hear_all(), name=f'pipeline-hearing-{config.call_id}')

    async def send(self, event: UserInput) -> None:
        self._inputs.put_nowait(event)

    async def finish_input(self) -> None:
        """The rep hung up: the prospect stops (its line kept as far as the rep heard it), and what the rep said
        before is transcribed within `finish_within_s`; what is not is kept as "[inaudible]" with its times."""
        self._finishing = True
        await self._interrupt()
        self._inputs.put_nowait(_Finish())
        try:
            async with asyncio.timeout(self._finish_within_s):
                await self._inputs_done.wait()
                while self._speech_pending():
                    self._heard_all.clear()
                    await self._heard_all.wait()
        except TimeoutError:
            self._give_up_hearing()

    # --- the rep -----------------------------------------------------------------------------------------

    async def _run(self) -> None:
        while True:
            match await self._inputs.get():
                case UserAudio(pcm=pcm):
                    await self._listen(pcm)
                case UserText(text=text):
                    await self._interrupt()
                    now = self._now()
                    self._emit(UserUtterance(text=text, start_s=now, end_s=now, typed=True))
                    await self._said(text, answer_now=True)
                case TimeUp(line=line):
                    await self._interrupt()  # the prospect stops mid-answer (the rep hears it stop) to wrap up
                    self._answering = False
                    self._replying = self._tasks.spawn(self._say_last(line), name=f'{self.name}-last-line')
                case _Finish():
                    assert self._detector is not None
                    if (utterance := self._detector.flush()) is not None:
                        self._queue_speech(utterance)
                    self._inputs_done.set()

    async def _listen(self, pcm: bytes) -> None:
        detector = self._detector
        assert detector is not None
        self._audio_clock.received(len(pcm) // 2 / INPUT_RATE, now=self._now())
        was_speaking = detector.speaking
        utterance = await detector.afeed(pcm)  # the speech model runs off the event loop
        if detector.speaking and not was_speaking:
            await self._interrupt()  # the rep talks (over the prospect, or before its answer has started)
        if utterance is not None:
            self._queue_speech(utterance)

    def _queue_speech(self, utterance: Utterance) -> None:
        start_s, end_s = self._audio_clock.call_s(utterance.start_s), self._audio_clock.call_s(utterance.end_s)
        self._waiting.put_nowait(_Heard(pcm=utterance.pcm, start_s=start_s, end_s=max(start_s, end_s)))
        self._emit(Transcribing(pending=self._speech_pending()))

    async def _hear_all(self) -> None:
        while True:
            heard = self._transcribing = await self._waiting.get()
            try:
                text = await self._within(self._stages.hearing.transcribe(heard.pcm), HEARING)
            except StageFailed as failed:
                self._stage_failed(failed, FAILED_HEARING)
                text = INAUDIBLE
            self._transcribing = None
            if text:  # nothing recognised: a cough or a door, not words
                self._emit(UserUtterance(text=text, start_s=heard.start_s, end_s=heard.end_s))
            if text and text != INAUDIBLE:
                await self._said(text, answer_now=False)
            elif self._unanswered and self._may_answer():
                self._start_reply()  # the noise that cut off an answer was not words: the rep still wants one
            self._emit(Transcribing(pending=self._speech_pending()))
            self._heard_all.set()

    async def _said(self, text: str, *, answer_now: bool) -> None:
        """The rep's words join the conversation; the prospect answers when the rep has finished (an answer
        still being prepared gives way to one that hears these words too)."""
        await self._interrupt()
        self._context.append({'role': 'user', 'content': text})
        self._unanswered = True
        if (answer_now and self._answering) or self._may_answer():
            self._start_reply()

    def _may_answer(self) -> bool:
        """The rep is not talking and nothing they said waits for its words."""
        speaking = self._detector is not None and self._detector.speaking
        return self._answering and not self._finishing and not speaking and not self._speech_pending()

    def _speech_pending(self) -> int:
        return self._waiting.qsize() + (self._transcribing is not None)

    def _give_up_hearing(self) -> None:
        left = [heard for heard in (self._transcribing, *self._drain_waiting()) if heard is not None]
        self._transcribing = None
        if left:
            log.warning('pipeline speech-to-text did not finish in time; %d utterances kept as inaudible', len(left))
        for heard in sorted(left, key=lambda h: h.start_s):
            self._emit(UserUtterance(text=INAUDIBLE, start_s=heard.start_s, end_s=heard.end_s))
        self._emit(Transcribing(pending=0))

    def _drain_waiting(self) -> list[_Heard]:
        drained = []
        while not self._waiting.empty():
            drained.append(self._waiting.get_nowait())
        return drained

    # --- the prospect ------------------------------------------------------------------------------------

    def _start_reply(self) -> None:
        if self._replying is not None and not self._replying.done():
            return
        self._replying = self._tasks.spawn(self._reply(), name=f'{self.name}-reply')

    async def _reply(self) -> None:
        await self._answer_with(lambda sentences: self._think(list(self._context), sentences))

    async def _say_last(self, line: str) -> None:
        """The prospect's last line, voiced as an answer is (the rep may cut it off) but without the model."""
        try:
            await self._answer_with(lambda sentences: _recite(line, sentences))
        finally:  # said to its end, or cut off: either way the prospect is done
            self._emit(LastLineSaid())

    async def _answer_with(self, produce: Callable[[asyncio.Queue[str | None]], Coroutine[Any, Any, None]]) -> None:
        """An answer whose sentences `produce` puts (then None), each voiced as it comes."""
        answer = self._answer = _Answer()
        sentences: asyncio.Queue[str | None] = asyncio.Queue()
        async with asyncio.TaskGroup() as group:
            group.create_task(produce(sentences))
            group.create_task(self._speak(sentences, answer))
        # Everything is produced; the line is kept when its voice has played (or when the rep cuts it off).
        await asyncio.sleep(max(0.0, answer.end_s - self._now()))
        self._resolve(answer, at_s=answer.end_s)

    async def _think(self, messages: list[dict[str, str]], sentences: asyncio.Queue[str | None]) -> None:
        """The model's answer, cut into sentences as it streams; a failure ends the answer where it got to."""
        splitter = SentenceSplitter()
        length = 0
        try:
            async with contextlib.aclosing(self._stages.answering.stream(messages)) as deltas:
                while (delta := await self._next(deltas, ANSWERING)) is not None:
                    for sentence in splitter.feed(delta):
                        sentences.put_nowait(sentence)
                    length += len(delta)
                    if length >= MAX_ANSWER_CHARS:
                        break
            if (rest := splitter.flush()) is not None:
                sentences.put_nowait(rest)
        except StageFailed as failed:
            self._stage_failed(failed, FAILED_ANSWER_MIDWAY if length else FAILED_ANSWER)
        finally:
            sentences.put_nowait(None)

    async def _speak(self, sentences: asyncio.Queue[str | None], answer: _Answer) -> None:
        """Each sentence's voice to the rep as it arrives; once the voice fails, the rest of the answer is text."""
        voiced = True
        while (sentence := await sentences.get()) is not None:
            said: _Said | None = None
            if voiced:
                try:
                    stream = self._stages.speaking.stream(sentence, voice=self._voice)
                    async with contextlib.aclosing(stream) as chunks:
                        while (pcm := await self._next(chunks, SPEAKING)) is not None:
                            if said is None:
                                said = self._begin(answer, sentence)
                            answer.extend(said, len(pcm) / self._bytes_per_s)
                            answer.voiced = True
                            self._emit(AssistantAudio(pcm=pcm, sample_rate=self.output_sample_rate))
                except StageFailed as failed:
                    self._stage_failed(failed, FAILED_VOICE)
                    voiced = False
            if said is None:  # no voice: the words take the time they would take to say
                said = self._begin(answer, sentence)
                answer.extend(said, len(sentence.split()) * 60 / SPOKEN_WPM)

    def _begin(self, answer: _Answer, sentence: str) -> _Said:
        """A sentence starts its way to the rep: the live transcript shows the answer so far."""
        said = answer.begin(sentence, self._now())
        self._emit(AssistantDraft(text=' '.join(part.text for part in answer.sentences)))
        return said

    async def _interrupt(self) -> None:
        """The rep talks or types: the prospect stops, keeping only what the rep heard of its answer."""
        await cancel_and_wait(self._replying)
        answer = self._answer
        if answer is None or answer.resolved:
            return
        now = self._now()
        if answer.voiced and now < answer.end_s:
            self._emit(Interruption())
        self._resolve(answer, at_s=min(now, answer.end_s))

    def _resolve(self, answer: _Answer, *, at_s: float) -> None:
        """The answer's line as the rep heard it by `at_s`, kept and remembered (nothing when nothing was heard)."""
        answer.resolved = True
        heard = answer.heard_by(at_s)
        if not heard:
            return
        start_s = round(answer.sentences[0].start_s, 3)
        self._emit(AssistantUtterance(text=heard, start_s=start_s, end_s=max(start_s, round(at_s, 3))))
        self._emit(AssistantEnd())
        self._context.append({'role': 'assistant', 'content': heard})
        self._unanswered = False

    # --- shared ------------------------------------------------------------------------------------------

    async def _within(self, work: Awaitable[T], stage: StageName) -> T:
        """`work`, which must end within the stage's timeout; any failure in the stage's words."""
        try:
            async with asyncio.timeout(self._options.timeout_s):
                return await work
        except TimeoutError:
            raise StageFailed(stage, in_words(TimeoutError())) from None
        except StageFailed:
            raise
        except Exception as error:  # a local stage's own failure, in the same words
            raise StageFailed(stage, in_words(error)) from None

    async def _next(self, items: AsyncIterator[T], stage: StageName) -> T | None:
        """The stream's next item (None at its end), which must come within the stage's timeout."""
        try:
            async with asyncio.timeout(self._options.timeout_s):
                return await anext(items)
        except StopAsyncIteration:
            return None
        except TimeoutError:
            raise StageFailed(stage, in_words(TimeoutError())) from None

    def _stage_failed(self, failed: StageFailed, template: str) -> None:
        log.warning('pipeline %s failed: %s', failed.stage, failed.reason)
        code = {HEARING: 'speech_to_text', ANSWERING: 'language_model', SPEAKING: 'text_to_speech'}[failed.stage]
        self._emit(EngineError(code=code, message=template.format(reason=failed.reason)))

    def _now(self) -> float:
        return round(self._clock() - self._started, 3)
