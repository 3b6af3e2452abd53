"""Spoken rep lines with known words (the fixtures' texts, espeak-ng sentences) and the word error rate against them."""

import io
import re
import shutil
import subprocess
import wave

from services.audio import resample_pcm16

RATE = 16000
# What the speakers of tests/fixtures say (fillers included).
FIXTURE_TEXTS = {
    'rep_opening_48k.wav': (
        'Hi, this is Alex from Brightline. I was hoping to ask you a few questions about how your team handles '
        'scheduling today. Do you have two minutes?'
    ),
    'rep_discovery_48k.wav': (
        'Um, so basically, our platform, like, cuts scheduling time in half. You know, most teams see results in '
        'the first week. Actually, what does your current process look like, and who else is involved in choosing '
        'a tool?'
    ),
}
# Rep lines for espeak-ng to say: questions, figures, a date, fillers.
SENTENCES = (
    'So what does your team use today to schedule the drivers?',
    'Uh, I think we could save you about ten hours a week.',
    'Basically, you know, the pricing depends on how many sites you have.',
    'Could we set up a call next Tuesday at two o clock?',
    'What happens when a delivery is late and the customer calls you?',
    'Our customers usually cut their paperwork in half within a month.',
)
NUMBERS = {'2': 'two', '10': 'ten', '30': 'thirty', '5': 'five', '3': 'three', '1': 'one'}
HAS_ESPEAK = shutil.which('espeak-ng') is not None


def espeak(text: str, *, words_per_minute: int = 160) -> bytes:
    """`text` said by espeak-ng, as PCM16 mono at 16 kHz."""
    wav = subprocess.run(
        ['espeak-ng', '-v', 'en-us', '-s', str(words_per_minute), '--stdout', text], capture_output=True, check=True
    ).stdout
    with wave.open(io.BytesIO(wav)) as reader:
        return resample_pcm16(reader.readframes(reader.getnframes()), reader.getframerate(), RATE)


def words(text: str) -> list[str]:
    """Lower-case words without punctuation; small figures spelled out ("10" is "ten"), "o'clock" as "o clock"."""
    found = re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower().replace("o'clock", 'o clock'))
    return [NUMBERS.get(word, word) for word in found]


def word_error_rate(reference: str, heard: str) -> float:
    """Substitutions, insertions and deletions against the reference's words, over their number."""
    expected, got = words(reference), words(heard)
    row = list(range(len(got) + 1))
    for i, want in enumerate(expected, 1):
        previous, row[0] = row[0], i
        for j, word in enumerate(got, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (want != word))
    return row[-1] / max(1, len(expected))
