"""Synthesised rep audio at 16 kHz: harmonic voices with a pitch contour and syllable beats, and room noise."""

import wave
from pathlib import Path

import numpy as np

from services.audio import resample_pcm16

RATE = 16000
FIXTURES = Path(__file__).resolve().parents[1] / 'fixtures'  # copies of ../shared/fixtures: the repo stands alone


def voice(
    seconds: float, *, f0: float = 140.0, semitones: float = 0.0, level: float = 0.2, seed: int = 1
) -> np.ndarray:
    """A voiced stretch: 7 harmonics, pitch swinging ±`semitones`, loudness beating 4 syllables a second."""
    t = np.arange(int(seconds * RATE)) / RATE
    contour = f0 * 2 ** (semitones * np.sin(2 * np.pi * 0.7 * t) / 12)
    phase = 2 * np.pi * np.cumsum(contour) / RATE
    harmonics = sum(np.sin(k * phase) / k for k in range(1, 8))
    syllables = 0.3 + 0.7 * np.sin(np.pi * 4 * t) ** 2
    return level * harmonics * syllables / 2 + np.random.default_rng(seed).normal(0, 0.002, len(t))


def silence(seconds: float, seed: int = 2) -> np.ndarray:
    return np.random.default_rng(seed).normal(0, 0.001, int(seconds * RATE))


def pcm(samples: np.ndarray) -> bytes:
    return (np.clip(samples, -1, 1) * 32767).astype('<i2').tobytes()


def spoken_fixture(name: str, *, trim_silence: bool = False) -> bytes:
    """A spoken rep line from tests/fixtures as PCM16 at 16 kHz; `trim_silence` cuts it right after the last word."""
    with wave.open(str(FIXTURES / name)) as reader:
        audio = resample_pcm16(
            reader.readframes(reader.getnframes()), reader.getframerate(), RATE, channels=reader.getnchannels()
        )
    if not trim_silence:
        return audio
    samples = np.frombuffer(audio, dtype='<i2')
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > 1000)
    return samples[: int(loud[-1]) + 1].tobytes() if len(loud) else audio
