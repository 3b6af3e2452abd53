"""PCM16 helpers: resampling with a maintained resampler (soxr), downmixing to mono."""

import numpy as np
import soxr


def resample_pcm16(pcm: bytes, source_rate: int, target_rate: int, *, channels: int = 1) -> bytes:
    """Little-endian PCM16 at `source_rate` (interleaved when `channels` > 1) as mono PCM16 at `target_rate`."""
    samples = np.frombuffer(pcm[: len(pcm) - len(pcm) % (2 * channels)], dtype='<i2')
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1).astype('<i2')
    if source_rate == target_rate or not len(samples):
        return samples.astype('<i2').tobytes()
    resampled = soxr.resample(samples, source_rate, target_rate, quality='HQ')
    return np.asarray(resampled, dtype='<i2').tobytes()
