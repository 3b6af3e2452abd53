"""Each engine's voice for a prospect's voice style. A prospect's profile may name its own voice for an engine
(`voice.per_engine`), and that name wins (EngineConfig.voice); otherwise its style picks one of these. The built-ins
are warm, crisp and deep, and keep the voices they always had.

Hume EVI has no table: its voices belong to the EVI configuration, so a prospect speaks with the configuration's
voice unless its profile names a Hume voice id.
"""

from services.library.prospect import VoiceStyle

# OpenAI's voices (Realtime, and the pipeline's OpenAI text-to-speech); marin and cedar are its recommended ones.
OPENAI_VOICES: dict[VoiceStyle, str] = {
    'warm': 'marin',
    'crisp': 'cedar',
    'deep': 'ash',
    'neutral': 'alloy',
    'bright': 'coral',
}
# espeak-ng's voices (the demo prospect, and the pipeline's local voice when it has no Piper model).
ESPEAK_VOICES: dict[VoiceStyle, str] = {
    'warm': 'en-us',
    'crisp': 'en-gb',
    'deep': 'en-us+m3',
    'neutral': 'en-us+m1',
    'bright': 'en-us+f3',
}
