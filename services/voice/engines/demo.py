"""The demo engine: a scripted prospect that needs no keys and no network (a built-in's script, or one made from a
team's prospect's fields).

It reads the rep's typed turns and, with offline speech recognition (faster-whisper; PocketSphinx when it has no
model), what the rep says out loud;
the prospect's script (services/voice/demo_prospect/) reads each turn and answers it: no answer twice in a call,
facts about its business in the rep's scenario, its objections when they fit, a next step only when its persona's
bar is met. Scripted, with no language model. Where espeak-ng is installed the prospect also speaks: the first
sentence of an answer is voiced on its own, so that it starts while the rest is still being synthesised.

Typed turns never wait for recognition: spoken utterances queue (a few per call, oldest first) for the process's
recognition pool, and an utterance that finds the queue full, or is still unrecognised 30 s after the hang-up, is
kept as "[inaudible]" with its times; nothing the rep said is dropped.
"""

import asyncio
import io
import logging
import shutil
import subprocess
import time
import wave
from collections import deque

from services.executors import SPEECH
from services.tasks import cancel_and_wait
from services.voice.demo_prospect import DemoProspect
from services.voice.engine import EngineConfig
from services.voice.engine_spec import EngineSpec, Provider
from services.voice.engines.base import QueuedEngine
from services.voice.events import (
    AssistantAudio,
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
from services.voice.transcriber import RecognitionFailed, SpeechToText, shared_recogniser
from services.voice.vad import SpeechDetector, Utterance
from services.words import count_words, sentences_in

log = logging.getLogger(__name__)

ESPEAK_RATE = 22050  # espeak-ng always writes 22.05 kHz mono PCM16
ESPEAK_TIMEOUT_S = 10.0
CHUNK_S = 0.1
SPOKEN_WPM = 165  # how long a line takes when there is no voice to measure
MAX_WAITING_SPEECH = 4  # utterances waiting for recognition in one call (a minute of speech at most)
FINISH_WITHIN_S = 30.0  # at hang-up, how long what the rep said may still take to be recognised
INAUDIBLE = '[inaudible]'


class _Finish:
    """The rep hung up: what is queued before this is the last input."""


class DemoEngine(QueuedEngine):
    name = 'demo'
    label = 'Demo'
    input_sample_rate = 16000
    output_sample_rate = ESPEAK_RATE
    gives_prosody = False
    failure_code = 'demo'
    failure_message = 'The demo prospect stopped working.'

    def __init__(
        self,
        *,
        speak: bool | None = None,
        recogniser: SpeechToText | None = None,
        max_waiting_speech: int = MAX_WAITING_SPEECH,
        finish_within_s: float = FINISH_WITHIN_S,
    ) -> None:
        super().__init__()
        self._speak = shutil.which('espeak-ng') is not None if speak is None else speak
        self._recogniser = recogniser or shared_recogniser()
        self._max_waiting_speech = max_waiting_speech
        self._finish_within_s = finish_within_s
        self._detector = SpeechDetector(self.input_sample_rate)
        self._audio_started: float | None = None
        self._inputs: asyncio.Queue[UserInput | _Finish | None] = asyncio.Queue()
        self._waiting_speech: deque[Utterance] = deque()  # heard, not yet recognised; oldest first
        self._recognising: Utterance | None = None
        self._speech_changed = asyncio.Event()
        self._recognition: asyncio.Task[None] | None = None
        self._inputs_done = asyncio.Event()
        self._finishing = False
        self._prospect: DemoProspect | None = None
        self._started = 0.0
        self._speaking: asyncio.Task[None] | None = None
        self._answering = True  # until the time is up

    async def connect(self, config: EngineConfig) -> None:
        self._prospect = DemoProspect.for_call(
            persona_id=config.prospect_id,
            scenario=config.scenario_text,
            profile=config.prospect,
            spec=config.scenario,
        )
        self._started = time.monotonic()
        self._start_worker(config.call_id)
        self._recognition = self._tasks.spawn(self._recognise_all(), name=f'demo-recognition-{config.call_id}')

    async def send(self, event: UserInput) -> None:
        await self._inputs.put(event)

    async def finish_input(self) -> None:
        """The prospect stops talking; every turn queued before the hang-up, and what the rep was still saying, is
        heard and recognised, within `finish_within_s`; speech not recognised by then is kept as "[inaudible]"."""
        self._finishing = True
        await cancel_and_wait(self._speaking)
        await self._inputs.put(_Finish())
        try:
            async with asyncio.timeout(self._finish_within_s):
                await self._inputs_done.wait()
                while self._speech_pending():
                    self._speech_changed.clear()
                    await self._speech_changed.wait()
        except TimeoutError:
            await self._give_up_recognition()

    async def _run(self) -> None:
        assert self._prospect is not None
        self._speak_line(self._prospect.opening)
        while (event := await self._inputs.get()) is not None:
            match event:
                case UserText(text=text):  # answered at once, whatever speech still waits for recognition
                    await self._barge_in()
                    now = self._now()
                    self._heard(text, start_s=now, end_s=now + count_words(text) * 60 / SPOKEN_WPM, typed=True)
                case UserAudio(pcm=pcm):
                    await self._listen(pcm)
                case TimeUp(line=line):
                    await self._barge_in()  # the prospect stops mid-answer (the rep hears it stop) to wrap up
                    self._answering = False
                    self._speaking = self._tasks.spawn(self._say_last(line), name=f'{self.name}-last-line')
                case _Finish():
                    if (utterance := self._detector.flush()) is not None:
                        self._queue_speech(utterance)
                    self._inputs_done.set()

    async def _listen(self, pcm: bytes) -> None:
        if self._audio_started is None:
            self._audio_started = self._now()  # the detector's clock starts with the first frame
        was_speaking = self._detector.speaking
        utterance = self._detector.feed(pcm)
        if self._detector.speaking and not was_speaking:
            await self._barge_in()  # the rep started talking over the prospect
        if utterance is not None:
            self._queue_speech(utterance)

    def _queue_speech(self, utterance: Utterance) -> None:
        if len(self._waiting_speech) >= self._max_waiting_speech:  # recognition cannot keep up: kept, unheard
            log.warning('demo recognition is behind; an utterance is kept as inaudible')
            self._heard_inaudible(utterance)
            return
        self._waiting_speech.append(utterance)
        self._speech_changed.set()
        self._emit(Transcribing(pending=self._speech_pending()))

    async def _recognise_all(self) -> None:
        while True:
            if not self._waiting_speech:
                self._speech_changed.clear()
                await self._speech_changed.wait()
                continue
            utterance = self._recognising = self._waiting_speech.popleft()
            try:
                text = await self._recogniser.transcribe(utterance.pcm)
            except RecognitionFailed as error:  # the rep is told why; the utterance is kept as such, the call goes on
                self._emit(EngineError(code='recognition', message=f'{error} What you said is kept as "{INAUDIBLE}".'))
                text = INAUDIBLE
            except Exception:  # one utterance that cannot be recognised is kept as such, the call goes on
                log.exception('demo recognition failed on one utterance')
                text = INAUDIBLE
            self._recognising = None
            if text:  # nothing recognised: a cough or a door, not words
                offset = self._audio_started or 0.0
                self._heard(text, start_s=offset + utterance.start_s, end_s=offset + utterance.end_s)
            self._emit(Transcribing(pending=self._speech_pending()))
            self._speech_changed.set()

    async def _give_up_recognition(self) -> None:
        await cancel_and_wait(self._recognition)
        left = [u for u in (self._recognising, *self._waiting_speech) if u is not None]
        self._recognising = None
        self._waiting_speech.clear()
        if left:
            log.warning('demo recognition did not finish in time; %d utterances kept as inaudible', len(left))
        for utterance in sorted(left, key=lambda u: u.start_s):
            self._heard_inaudible(utterance)
        self._emit(Transcribing(pending=0))

    def _speech_pending(self) -> int:
        return len(self._waiting_speech) + (self._recognising is not None)

    def _heard_inaudible(self, utterance: Utterance) -> None:
        offset = self._audio_started or 0.0
        self._emit(UserUtterance(text=INAUDIBLE, start_s=offset + utterance.start_s, end_s=offset + utterance.end_s))

    async def _barge_in(self) -> None:
        if self._speaking is not None and not self._speaking.done():
            await cancel_and_wait(self._speaking)
            self._emit(Interruption())

    def _heard(self, text: str, *, start_s: float, end_s: float, typed: bool = False) -> None:
        """A rep's turn: kept, and answered unless the rep has hung up."""
        self._emit(UserUtterance(text=text, start_s=start_s, end_s=end_s, typed=typed))
        if self._answering and not self._finishing and text != INAUDIBLE:
            self._speak_line(self.reply_to(text))

    def _speak_line(self, text: str) -> None:
        self._speaking = self._tasks.spawn(self._say(text), name=f'{self.name}-speaking')

    def reply_to(self, text: str) -> str:
        """The scripted prospect's answer to one rep turn."""
        assert self._prospect is not None
        return self._prospect.reply(text)

    async def _say(self, text: str) -> None:
        # The line is kept as soon as the prospect has it, so a rep who talks over it before its voice is ready
        # (espeak-ng is slow under load) still finds the answer in the transcript; it plays at the pace it is timed.
        start = self._now()
        self._emit(AssistantUtterance(text=text, start_s=start, end_s=start + count_words(text) * 60 / SPOKEN_WPM))
        parts = spoken_parts(text) if self._speak else []
        following: asyncio.Task[bytes] | None = None
        try:
            pcm = await self._synthesise(parts[0]) if parts else b''
            for index in range(len(parts)):
                if index + 1 < len(parts):  # synthesised while this part plays
                    following = self._tasks.spawn(self._synthesise(parts[index + 1]), name=f'{self.name}-voice')
                await self._play(pcm)
                if following is not None:
                    pcm, following = await following, None
        finally:
            await cancel_and_wait(following)
        self._emit(AssistantEnd())

    async def _say_last(self, line: str) -> None:
        try:
            await self._say(line)
        finally:  # said to its end, or cut off by the rep: either way the prospect is done
            self._emit(LastLineSaid())

    async def _play(self, pcm: bytes) -> None:
        chunk = int(ESPEAK_RATE * CHUNK_S) * 2
        for offset in range(0, len(pcm), chunk):
            self._emit(AssistantAudio(pcm=pcm[offset : offset + chunk], sample_rate=ESPEAK_RATE))
            await asyncio.sleep(CHUNK_S * 0.9)  # real time, a little ahead, so interruptions cut it short

    async def _synthesise(self, text: str) -> bytes:
        assert self._prospect is not None
        command = ['espeak-ng', '--stdout', '-v', self._prospect.voice, '-s', str(SPOKEN_WPM), text]
        try:
            # A short blocking run in a thread (of its own pool): a cancelled line (the rep talked over it, or hung
            # up) leaves no half-open child process behind, as an asyncio subprocess cut mid-start would.
            done = await SPEECH.run(subprocess.run, command, capture_output=True, timeout=ESPEAK_TIMEOUT_S)
            with wave.open(io.BytesIO(done.stdout)) as reader:
                frames: bytes = reader.readframes(reader.getnframes())
                return frames
        except (OSError, subprocess.SubprocessError, wave.Error, EOFError) as error:
            log.warning('espeak-ng could not speak (%s); the demo prospect stays silent', type(error).__name__)
            self._speak = False
            return b''

    def _now(self) -> float:
        return round(time.monotonic() - self._started, 3)


def spoken_parts(text: str) -> list[str]:
    """The answer as it is voiced: its first sentence alone, so that its voice is ready soonest, then the rest."""
    sentences = sentences_in(text)
    if len(sentences) <= 1:
        return [text] if sentences else []
    return [sentences[0], ' '.join(sentences[1:])]


SPEC = EngineSpec.of(DemoEngine, start=lambda _values: Provider(make=DemoEngine), demo=True)
