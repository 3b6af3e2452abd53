"""The `local` text-to-speech stage: Piper where it is installed with a voice model, else espeak-ng.

Both run as a separate process per sentence (Piper is GPL: it stays out of our process, as espeak-ng does), in the
speech thread pool, so a cancelled sentence leaves no half-started child behind. Their PCM is resampled to the
engine's output rate.
"""

import json
import logging
import shutil
import subprocess
from collections.abc import AsyncGenerator
from pathlib import Path

from services.audio import resample_pcm16
from services.executors import SPEECH
from services.library.prospect import VoiceStyle
from services.voice.engines.pipeline.stages import SPEAKING, StageFailed
from services.voice.voices import ESPEAK_VOICES

log = logging.getLogger(__name__)

ESPEAK_RATE = 22_050  # espeak-ng always writes 22.05 kHz mono PCM16
ESPEAK_WPM = 165
SYNTHESIS_TIMEOUT_S = 15.0
CHUNK_S = 0.1


class LocalVoice:
    """Speaks with `piper` when `voice` names a Piper model (`*.onnx`) and the program is installed, else with
    espeak-ng (`voice` an espeak-ng voice name)."""

    def __init__(self, *, speed: float = 1.0, sample_rate: int = 24_000) -> None:
        self.speed = speed
        self.sample_rate = sample_rate

    @staticmethod
    def default_voice(style: VoiceStyle) -> str:
        return ESPEAK_VOICES[style]

    @staticmethod
    def available() -> str | None:
        """Which program would speak ('piper', 'espeak-ng'), or None when neither is installed."""
        return next((name for name in ('piper', 'espeak-ng') if shutil.which(name)), None)

    async def stream(self, text: str, *, voice: str) -> AsyncGenerator[bytes, None]:
        try:
            pcm, rate = await SPEECH.run(self._synthesise, text, voice)
        except (OSError, subprocess.SubprocessError, ValueError) as error:
            raise StageFailed(SPEAKING, f'the local voice failed ({type(error).__name__})') from None
        pcm = resample_pcm16(pcm, rate, self.sample_rate)
        chunk = int(self.sample_rate * CHUNK_S) * 2
        for begin in range(0, len(pcm), chunk):
            yield pcm[begin : begin + chunk]

    def _synthesise(self, text: str, voice: str) -> tuple[bytes, int]:
        if voice.endswith('.onnx') and shutil.which('piper'):
            return _piper(text, Path(voice), self.speed)
        return _espeak(text, voice, self.speed), ESPEAK_RATE


def _espeak(text: str, voice: str, speed: float) -> bytes:
    command = ['espeak-ng', '--stdout', '-v', voice, '-s', str(round(ESPEAK_WPM * speed)), text]
    # A fixed program with its arguments as a list (no shell): the text cannot become a command.
    done = subprocess.run(command, capture_output=True, timeout=SYNTHESIS_TIMEOUT_S, check=True)  # noqa: S603
    return _wav_frames(done.stdout)


def _piper(text: str, model: Path, speed: float) -> tuple[bytes, int]:
    """Piper writes raw PCM16 at its model's rate (in the model's `.onnx.json`)."""
    config = model.with_name(model.name + '.json')
    rate = int(json.loads(config.read_text())['audio']['sample_rate']) if config.exists() else ESPEAK_RATE
    command = ['piper', '--model', str(model), '--output_raw', '--length_scale', f'{1 / max(speed, 0.25):.3f}']
    done = subprocess.run(  # noqa: S603  (a fixed program, no shell; the text goes in on stdin)
        command, input=text.encode(), capture_output=True, timeout=SYNTHESIS_TIMEOUT_S, check=True
    )
    return done.stdout, rate


def _wav_frames(data: bytes) -> bytes:
    """The PCM of espeak-ng's WAV (its streamed header has no sizes, so the frames are found, not read)."""
    marker = data.find(b'data')
    if not data.startswith(b'RIFF') or marker < 0:
        raise ValueError('espeak-ng did not write a WAV file')
    pcm = data[marker + 8 :]
    return pcm[: len(pcm) - len(pcm) % 2]
