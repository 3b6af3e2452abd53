"""What a coach is handed (`CallFacts`) and what every coach does (`Coach`)."""

from dataclasses import dataclass
from typing import Protocol

from services.coaching.report import CoachingReport
from services.emotion_analysis import EmotionSummary, summarize_emotions
from services.personas import Persona, get_persona
from services.speech_metrics import SpeechMetrics, compute_speech_metrics
from services.transcript import EmotionData, Transcript


@dataclass(frozen=True, kw_only=True, slots=True)
class CallFacts:
    """What a coach knows about one call; the metrics and emotions are computed before any coach runs."""

    persona: Persona | None
    scenario: str | None
    duration_seconds: float | None
    transcript: Transcript
    emotion_data: EmotionData
    metrics: SpeechMetrics
    emotions: EmotionSummary

    @classmethod
    def compute(
        cls,
        *,
        persona_id: str,
        scenario: str | None,
        duration_seconds: float | None,
        transcript: Transcript,
        emotion_data: EmotionData,
    ) -> 'CallFacts':
        """Computes the metrics and the emotion summary of a call (CPU work: run it off the event loop)."""
        return cls(
            persona=get_persona(persona_id),
            scenario=scenario,
            duration_seconds=duration_seconds,
            transcript=transcript,
            emotion_data=emotion_data,
            metrics=compute_speech_metrics(transcript, duration_seconds),
            emotions=summarize_emotions(emotion_data, transcript),
        )


class Coach(Protocol):
    name: str

    async def write_report(self, facts: CallFacts) -> CoachingReport:
        """Returns the report for one call."""
        ...

    async def aclose(self) -> None:
        """Closes whatever client the coach holds (called once, when the app stops)."""
        ...
