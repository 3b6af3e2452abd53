"""Our own tone analysis of the rep's voice, from the microphone PCM the bridge already sees (any engine).

The audio is cut into 10 ms frames. Each frame gets its loudness (RMS in dBFS) and its pitch (Hz, 0 when
unvoiced) from Praat's autocorrelation pitch tracker through `praat-parselmouth`. Why that tracker: it is
Praat's own C++ code (the reference in phonetics), maintained, shipped as manylinux wheels for Python 3.11
x86_64 with numpy as its only dependency, and cheap (about 1.5 ms of CPU per second of 16 kHz audio here).
`librosa.pyin` was the other candidate: it pulls numba/llvmlite and scipy, and its probabilistic Viterbi costs
tens of times more per second of audio.

A frame is speech when its loudness is at least SPEECH_DB; it is voiced when it is speech and Praat found a
pitch in it. Scores are made from the frames between the first and the last speech frame of a stretch (an
utterance, or the live window), so silence around the words never counts as a pause:
- loudness_db: the RMS (power mean) of the voiced frames, dBFS; loudness_sd_db: their spread in dB.
- pitch_median_hz; pitch_variability_st: the standard deviation of the voiced frames' pitch in semitones
  from the median (each clipped to ±12, so an octave error cannot dominate).
- rate_sps: syllables a second over the stretch: syllable nuclei (voiced peaks of the loudness envelope with a
  dip of at least NUCLEUS_DIP_DB before them, at least 100 ms apart), or words × 1.5 when the transcript says
  how many words were spoken.
- pause_share: the share of the stretch spent in silent runs of at least MIN_PAUSE_S; longest_pause_s.
With ramp(x, a, b) = (x − a) / (b − a) clipped to 0..1, the scores (0..1) are:
- energy = 0.5·ramp(loudness_db, −40, −15) + 0.3·ramp(pitch_variability_st, 1, 5) + 0.2·ramp(rate_sps, 2, 5.5)
- hesitation = 0.45·ramp(pause_share, 0.05, 0.4) + 0.35·ramp(longest_pause_s, 0.4, 1.5)
  + 0.2·ramp(3.5 − rate_sps, 0, 2)  (slow speech: 1 at 1.5 syllables a second or less)
- confidence = 0.3·(1 − ramp(loudness_sd_db, 4, 10)) + 0.25·(1 − ramp(|rate_sps − 4|, 0.75, 2.5))
  + 0.25·(1 − ramp(longest_pause_s, 0.5, 1.5)) + 0.2·ramp(loudness_db, −45, −25)
  (steady loudness, a moderate pace, few long pauses, a voice loud enough to be heard)
- monotone = 1 when at least MONOTONE_MIN_VOICED_S of voiced speech has pitch_variability_st < 2, else 0.
A stretch with less than MIN_SPEECH_S of speech or MIN_VOICED_S of voice has no scores (None). Everything is
deterministic: the same PCM always gives the same numbers.

`tone_of_pcm` scores a whole utterance; `ToneAnalyser` does the same for a live call, incrementally, on the call's
clock. It keeps only state: `feed` queues the PCM (O(1), safe on the event loop), and `step` packs what the
next analysis needs (the audio not analysed yet, the frames the wanted scores read, which stretches to score) into
a `Step`, a plain value that `run_step` turns into the new frames and the scores anywhere: here (`analyse`,
`between`, `window`), or in the tone worker process (services/tone_worker.py), which is what a live call does.
`settle` stores the new frames. A stretch is a `Span` (an utterance, by its call times) or a `Window` (the last
seconds analysed). The engine's line boundaries say where an utterance starts; a live window has none, so it
starts after its last silence of TURN_GAP_S or more (the rep listening to the prospect), and otherwise scores
exactly as an utterance of the same frames.
"""

import math
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import parselmouth

FRAME_S = 0.01
SPEECH_DB = -45.0  # dBFS; quieter frames are silence (room noise, a muted microphone)
MIN_SPEECH_S = 0.5
MIN_VOICED_S = 0.2
MIN_PAUSE_S = 0.25
NUCLEUS_DIP_DB = 2.0
NUCLEUS_GAP_S = 0.1
MONOTONE_ST = 2.0
MONOTONE_MIN_VOICED_S = 2.0
TURN_GAP_S = 2.0  # in a live window, a silence this long is the rep listening, not pausing
SYLLABLES_PER_WORD = 1.5
PITCH_FLOOR_HZ = 75.0
PITCH_CEILING_HZ = 500.0
SILENT_DB = -100.0
# Praat needs 3 periods of the lowest pitch around each frame; this much audio is kept on both sides of a batch.
CONTEXT_S = 0.06

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, kw_only=True, slots=True)
class ToneFeatures:
    loudness_db: float
    loudness_sd_db: float
    pitch_median_hz: float
    pitch_variability_st: float
    rate_sps: float
    pause_share: float
    longest_pause_s: float
    speech_s: float
    voiced_s: float


@dataclass(frozen=True, kw_only=True, slots=True)
class Tone:
    """The scores of one stretch of the rep's voice (0..1) and the measurements they come from."""

    confidence: float
    energy: float
    hesitation: float
    monotone: bool
    features: ToneFeatures

    def record(self) -> dict[str, dict[str, float]]:
        """The stored shape: `{"scores": {confidence, energy, hesitation, monotone: 0|1}, "features": {...}}`."""
        return {
            'scores': {
                'confidence': self.confidence,
                'energy': self.energy,
                'hesitation': self.hesitation,
                'monotone': 1.0 if self.monotone else 0.0,
            },
            'features': {name: getattr(self.features, name) for name in ToneFeatures.__dataclass_fields__},
        }


@dataclass(frozen=True, kw_only=True, slots=True)
class Frames:
    """Per-frame loudness (dBFS) and pitch (Hz, 0 when unvoiced), FRAME_S apart."""

    db: FloatArray
    f0: FloatArray


def tone_of_pcm(pcm: bytes, sample_rate: int, *, words: int | None = None) -> Tone | None:
    """The tone of one utterance given as PCM16 little-endian mono."""
    return tone_of_frames(frames_of(pcm_to_float(pcm), sample_rate), words=words)


def pcm_to_float(pcm: bytes) -> FloatArray:
    samples = np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], dtype='<i2')
    return samples.astype(np.float64) / 32768.0


def frames_of(samples: FloatArray, sample_rate: int) -> Frames:
    """Frames of a whole stretch of audio (the offline twin of ToneAnalyser.analyse)."""
    hop = _hop(sample_rate)
    count = len(samples) // hop
    return Frames(db=_loudness(samples[: count * hop], hop), f0=_pitch(samples, sample_rate, first=0, count=count))


def tone_of_frames(frames: Frames, *, words: int | None = None) -> Tone | None:
    speech = frames.db >= SPEECH_DB
    where = np.flatnonzero(speech)
    if len(where) == 0:
        return None
    first, last = int(where[0]), int(where[-1]) + 1
    db, f0, speech = frames.db[first:last], frames.f0[first:last], speech[first:last]
    voiced = speech & (f0 > 0)
    speech_s = (last - first) * FRAME_S
    voiced_s = int(voiced.sum()) * FRAME_S
    if int(speech.sum()) * FRAME_S < MIN_SPEECH_S or voiced_s < MIN_VOICED_S:
        return None

    voiced_db = db[voiced]
    loudness_db = 10 * math.log10(float(np.mean(10 ** (voiced_db / 10))))
    pitch = f0[voiced]
    median = float(np.median(pitch))
    semitones = np.clip(12 * np.log2(pitch / median), -12, 12)
    syllables = words * SYLLABLES_PER_WORD if words else _nuclei(db, voiced)
    pauses = _silent_runs(speech)
    features = ToneFeatures(
        loudness_db=round(loudness_db, 2),
        loudness_sd_db=round(float(np.std(voiced_db)), 2),
        pitch_median_hz=round(median, 1),
        pitch_variability_st=round(float(np.std(semitones)), 3),
        rate_sps=round(syllables / speech_s, 3),
        pause_share=round(sum(p for p in pauses if p >= MIN_PAUSE_S) / speech_s, 3),
        longest_pause_s=round(max((p for p in pauses if p >= MIN_PAUSE_S), default=0.0), 2),
        speech_s=round(speech_s, 2),
        voiced_s=round(voiced_s, 2),
    )
    return _score(features)


def _score(f: ToneFeatures) -> Tone:
    energy = 0.5 * _ramp(f.loudness_db, -40, -15) + 0.3 * _ramp(f.pitch_variability_st, 1, 5)
    energy += 0.2 * _ramp(f.rate_sps, 2, 5.5)
    hesitation = 0.45 * _ramp(f.pause_share, 0.05, 0.4) + 0.35 * _ramp(f.longest_pause_s, 0.4, 1.5)
    hesitation += 0.2 * _ramp(3.5 - f.rate_sps, 0, 2)
    confidence = 0.3 * (1 - _ramp(f.loudness_sd_db, 4, 10)) + 0.25 * (1 - _ramp(abs(f.rate_sps - 4), 0.75, 2.5))
    confidence += 0.25 * (1 - _ramp(f.longest_pause_s, 0.5, 1.5)) + 0.2 * _ramp(f.loudness_db, -45, -25)
    return Tone(
        confidence=round(confidence, 3),
        energy=round(energy, 3),
        hesitation=round(hesitation, 3),
        monotone=f.voiced_s >= MONOTONE_MIN_VOICED_S and f.pitch_variability_st < MONOTONE_ST,
        features=f,
    )


@dataclass(frozen=True, slots=True)
class Span:
    """An utterance's stretch, by its call times (`words`: how many the transcript says were spoken)."""

    start_s: float
    end_s: float
    words: int | None = None


@dataclass(frozen=True, slots=True)
class Window:
    """The last `seconds` analysed, from after the last silence of TURN_GAP_S or more in them."""

    seconds: float


Stretch = Span | Window


@dataclass(frozen=True, kw_only=True, slots=True)
class Step:
    """One call's next analysis as a plain value: what `run_step` needs, and nothing it would have to ask for.

    `pcm` is the call's PCM16 from sample `pcm_first` on: CONTEXT_S of audio already analysed (Praat reads around
    each frame), then what was not analysed yet. `db`/`f0` are the analysed frames from `frames_first` up to
    `done` that the stretches may read.
    """

    sample_rate: int
    offset_s: float
    pcm: bytes
    pcm_first: int
    done: int
    db: FloatArray
    f0: FloatArray
    frames_first: int
    stretches: tuple[Stretch, ...]


@dataclass(frozen=True, kw_only=True, slots=True)
class Stepped:
    """What a step found: the new frames (from the step's `done` on) and the tone of each stretch, in order."""

    db: FloatArray
    f0: FloatArray
    tones: tuple[Tone | None, ...]


def run_step(step: Step) -> Stepped:
    """Analyses a step's new audio and scores its stretches: the same numbers wherever it runs."""
    rate, hop = step.sample_rate, _hop(step.sample_rate)
    audio = pcm_to_float(step.pcm)
    end = step.pcm_first + len(audio)  # samples seen
    # Every new frame needs CONTEXT_S of audio after it; the rest waits for the next step.
    target = max(step.done, (end - _samples(CONTEXT_S, rate)) // hop)
    count = target - step.done
    new = audio[step.done * hop - step.pcm_first : target * hop - step.pcm_first]
    db = _loudness(new, hop)
    # A frame is voiced only if it is speech, so a silent batch (the rep listening) needs no pitch tracking.
    speech = count > 0 and float(db.max()) >= SPEECH_DB
    f0 = _pitch(audio, rate, first=step.done, count=count, at=step.pcm_first) if speech else np.zeros(count)
    frames = Frames(db=np.concatenate([step.db, db]), f0=np.concatenate([step.f0, f0]))
    tones = tuple(_tone_of_stretch(stretch, frames, step, done=target) for stretch in step.stretches)
    return Stepped(db=db, f0=f0, tones=tones)


def run_steps(steps: Sequence[Step]) -> list[Stepped | Exception]:
    """A batch of steps (of many calls); one that fails gives its exception and the others their results."""
    results: list[Stepped | Exception] = []
    for step in steps:
        try:
            results.append(run_step(step))
        except Exception as error:
            results.append(error)
    return results


def _tone_of_stretch(stretch: Stretch, frames: Frames, step: Step, *, done: int) -> Tone | None:
    """`frames` hold the call's frames from `step.frames_first` up to `done`."""
    if isinstance(stretch, Window):
        end_s = _heard_until(step.offset_s, done)
        first, last = _frame_span(step.offset_s, end_s - stretch.seconds, end_s, done=done)
    else:
        first, last = _frame_span(step.offset_s, stretch.start_s, stretch.end_s, done=done)
    if first < step.frames_first:
        raise ValueError(f'the step holds frames from {step.frames_first}, the stretch needs {first}')
    stretch_frames = Frames(
        db=frames.db[first - step.frames_first : last - step.frames_first],
        f0=frames.f0[first - step.frames_first : last - step.frames_first],
    )
    if isinstance(stretch, Window):
        return tone_of_frames(_since_turn_gap(stretch_frames))
    return tone_of_frames(stretch_frames, words=stretch.words)


class ToneAnalyser:
    """The frames of one live call, on the call's clock (seconds from the start the bridge uses).

    Only state, so that the analysis can run anywhere: `feed` queues the PCM; `step` takes what was queued into the
    next `Step`, `run_step` analyses it (here or in the tone worker process) and `settle` stores its frames. One
    step at a time: a step that is not settled (it failed) is taken again, with any newer audio, by the next.
    `analyse`, `between` and `window` do all three here.
    """

    def __init__(self, sample_rate: int) -> None:
        self.sample_rate = sample_rate
        self.offset_s: float | None = None  # the call time of the first sample
        self._hop = _hop(sample_rate)
        self._queued: deque[bytes] = deque()
        self._pcm = b''  # from sample _pcm_first: CONTEXT_S of analysed audio, then audio not analysed yet
        self._pcm_first = 0
        self._done = 0  # frames analysed
        self._db = np.zeros(0)  # per frame, the first _done of them analysed
        self._f0 = np.zeros(0)

    def feed(self, pcm: bytes, *, at_s: float) -> None:
        """Queues microphone PCM16 that arrived at call time `at_s`.

        The first chunk anchors the clock (it was recorded during the span of audio before it arrived); from then
        on the samples are the clock, as the engines' own audio clocks are: a late chunk is delayed, not lost.
        """
        if self.offset_s is None:
            self.offset_s = max(0.0, at_s - len(pcm) // 2 / self.sample_rate)
        self._queued.append(pcm)

    def step(self, stretches: Sequence[Stretch] = ()) -> Step:
        """The next analysis: the audio queued so far, and the analysed frames that `stretches` may read."""
        if self._queued:
            self._pcm = b''.join([self._pcm, *self._queued])
            self._queued.clear()
        offset = self.offset_s or 0.0
        first = self._done
        for stretch in stretches:
            if isinstance(stretch, Window):  # the step's frames end at or after _done
                first = min(first, self._done - math.ceil(stretch.seconds / FRAME_S) - 1)
            else:
                first = min(first, _frame_span(offset, stretch.start_s, stretch.end_s, done=self._done)[0])
        first = max(0, first)
        return Step(
            sample_rate=self.sample_rate,
            offset_s=offset,
            pcm=self._pcm,
            pcm_first=self._pcm_first,
            done=self._done,
            db=self._db[first : self._done].copy(),  # copies: the step may be pickled later, in another thread
            f0=self._f0[first : self._done].copy(),
            frames_first=first,
            stretches=tuple(stretches),
        )

    def settle(self, step: Step, stepped: Stepped) -> tuple[Tone | None, ...]:
        """Stores a step's new frames and returns its tones. The step must be the last one taken."""
        if step.done != self._done or step.pcm_first != self._pcm_first:
            raise ValueError('a step was settled out of order')
        target = self._done + len(stepped.db)
        self._grow(target)
        self._db[self._done : target] = stepped.db
        self._f0[self._done : target] = stepped.f0
        self._done = target
        keep_from = max(self._pcm_first, target * self._hop - _samples(CONTEXT_S, self.sample_rate))
        self._pcm = self._pcm[2 * (keep_from - self._pcm_first) :]
        self._pcm_first = keep_from
        return stepped.tones

    def analyse(self, stretches: Sequence[Stretch] = ()) -> tuple[Tone | None, ...]:
        """Analyses the queued audio here (in this thread) and scores `stretches`."""
        step = self.step(stretches)
        return self.settle(step, run_step(step))

    def _grow(self, frames: int) -> None:
        """Room for `frames` frames; doubling keeps a long call's appends cheap."""
        if frames > len(self._db):
            capacity = max(frames, 2 * len(self._db), 1024)
            self._db = np.concatenate([self._db[: self._done], np.full(capacity - self._done, SILENT_DB)])
            self._f0 = np.concatenate([self._f0[: self._done], np.zeros(capacity - self._done)])

    def frames(self, start_s: float, end_s: float) -> Frames:
        """The analysed frames whose centres lie between two call times."""
        first, last = _frame_span(self.offset_s or 0.0, start_s, end_s, done=self._done)
        return Frames(db=self._db[first:last], f0=self._f0[first:last])

    def between(self, start_s: float, end_s: float, *, words: int | None = None) -> Tone | None:
        """The tone of an utterance, by its call times."""
        return self.analyse([Span(start_s, end_s, words)])[0]

    def window(self, seconds: float) -> Tone | None:
        """The tone of the last `seconds` analysed, from after the last silence of TURN_GAP_S or more in them."""
        return self.analyse([Window(seconds)])[0]

    def heard_until(self) -> float:
        """The call time up to which frames are analysed."""
        return _heard_until(self.offset_s or 0.0, self._done)


def _frame_span(offset_s: float, start_s: float, end_s: float, *, done: int) -> tuple[int, int]:
    """The frames (first, last + 1) of those analysed (`done`) whose centres lie between two call times."""
    first = max(0, math.ceil((start_s - offset_s) / FRAME_S - 0.5))
    last = max(first, min(done, math.ceil((end_s - offset_s) / FRAME_S - 0.5)))
    return first, last


def _heard_until(offset_s: float, done: int) -> float:
    return offset_s + done * FRAME_S


def _since_turn_gap(frames: Frames) -> Frames:
    """A live window may span the prospect's turn: the rep's silence while listening is no hesitation."""
    quiet = frames.db < SPEECH_DB
    gap = round(TURN_GAP_S / FRAME_S)
    if len(quiet) < gap:
        return frames
    runs = np.lib.stride_tricks.sliding_window_view(quiet, gap).all(axis=1)
    ends = np.flatnonzero(runs)
    if len(ends) == 0:
        return frames
    after = int(ends[-1]) + gap
    return Frames(db=frames.db[after:], f0=frames.f0[after:])


def _hop(sample_rate: int) -> int:
    return max(1, round(sample_rate * FRAME_S))


def _samples(seconds: float, sample_rate: int) -> int:
    return round(seconds * sample_rate)


def _loudness(samples: FloatArray, hop: int) -> FloatArray:
    frames = samples[: len(samples) // hop * hop].reshape(-1, hop)
    power = np.mean(frames * frames, axis=1)
    db: FloatArray = np.maximum(10 * np.log10(np.maximum(power, 1e-12)), SILENT_DB)
    return db


def _pitch(samples: FloatArray, sample_rate: int, *, first: int, count: int, at: int = 0) -> FloatArray:
    """Pitch of frames first..first+count; `samples` start at sample index `at` of the stream."""
    f0 = np.zeros(count)
    hop = _hop(sample_rate)
    begin = max(0, first * hop - _samples(CONTEXT_S, sample_rate) - at)
    end = min(len(samples), (first + count) * hop + _samples(CONTEXT_S, sample_rate) - at)
    if count <= 0 or end - begin < _samples(3 / PITCH_FLOOR_HZ, sample_rate):
        return f0
    sound = parselmouth.Sound(samples[begin:end], sampling_frequency=sample_rate)
    # The silence threshold is Praat's, relative to the batch's peak; ours is absolute (SPEECH_DB), so it is off.
    pitch = sound.to_pitch_ac(
        time_step=FRAME_S, pitch_floor=PITCH_FLOOR_HZ, pitch_ceiling=PITCH_CEILING_HZ, silence_threshold=0.0
    )
    values = pitch.selected_array['frequency']
    times = (at + begin) / sample_rate + np.asarray(pitch.xs())
    index = np.floor(times / FRAME_S).astype(np.int64) - first
    inside = (index >= 0) & (index < count)
    f0[index[inside]] = np.nan_to_num(values[inside])
    return f0


def _nuclei(db: FloatArray, voiced: npt.NDArray[np.bool_]) -> int:
    """Syllable nuclei: voiced peaks of the smoothed loudness with a dip of NUCLEUS_DIP_DB before each."""
    if len(db) < 3:
        return 0
    smooth = np.convolve(np.pad(db, 1, mode='edge'), np.ones(3) / 3, mode='valid')
    reach = round(NUCLEUS_GAP_S / FRAME_S / 2)
    padded = np.pad(smooth, reach, mode='edge')
    local_max = np.lib.stride_tricks.sliding_window_view(padded, 2 * reach + 1).max(axis=1)
    candidates = np.flatnonzero((smooth >= local_max) & voiced)
    count, low, previous = 0, math.inf, 0
    for peak in candidates:
        low = min(low, float(smooth[previous : peak + 1].min()))
        if smooth[peak] - low >= NUCLEUS_DIP_DB:
            count += 1
            low = float(smooth[peak])  # the next nucleus needs its own dip after this peak
        previous = int(peak)
    return count


def _silent_runs(speech: npt.NDArray[np.bool_]) -> list[float]:
    """The lengths, in seconds, of the runs of non-speech frames."""
    edges = np.diff(np.concatenate([[0], (~speech).astype(np.int8), [0]]))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    return [float(length) * FRAME_S for length in ends - starts]


def _ramp(value: float, low: float, high: float) -> float:
    return min(1.0, max(0.0, (value - low) / (high - low)))
