"""The `pipeline` engine: speech-to-text → language model → text-to-speech, each stage an OpenAI-compatible server
or `local` (engine.py turn-taking and barge-in, stages.py the servers, sentences.py the streamed answer's
sentences, local_voice.py Piper or espeak-ng, spec.py its settings and connection test)."""

from services.voice.engines.pipeline.spec import SPEC

__all__ = ['SPEC']
