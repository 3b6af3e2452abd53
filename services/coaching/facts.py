"""What a coach is handed (`CallFacts`) and what every coach does (`Coach`)."""

from dataclasses import dataclass
from typing import Protocol

from services.coaching.reading import CallReading, read_call
from services.coaching.report import CoachingReport
from services.emotion_analysis import EmotionSummary, summarize_emotions
from services.library.builtins import BUILTIN_PROSPECTS
from services.library.prospect import ProspectProfile
from services.library.scenario import ScenarioSpec
from services.speech_metrics import SpeechMetrics, call_length_minutes, compute_speech_metrics, ordered_messages
from services.transcript import EmotionData, Transcript


@dataclass(frozen=True, kw_only=True, slots=True)
class CallFacts:
    """What a coach knows about one call; the metrics and emotions are computed before any coach runs."""

    persona: ProspectProfile | None  # who the rep practised with (their objections are read as objections)
    scenario: str | None
    duration_seconds: float | None
    transcript: Transcript
    emotion_data: EmotionData
    metrics: SpeechMetrics
    emotions: EmotionSummary
    reading: CallReading
    scenario_spec: ScenarioSpec | None = None  # the scenario the call was practised on, with its scorecard

    @classmethod
    def compute(
        cls,
        *,
        persona_id: str,
        scenario: str | None,
        duration_seconds: float | None,
        transcript: Transcript,
        emotion_data: EmotionData,
        scenario_spec: ScenarioSpec | None = None,
        prospect: ProspectProfile | None = None,
    ) -> 'CallFacts':
        """Computes the metrics, the emotion summary and code's reading of a call (CPU work: run it off the event
        loop). The prospect is the call's snapshot when given, else the built-in of `persona_id`."""
        persona = prospect or BUILTIN_PROSPECTS.get(persona_id)
        metrics = compute_speech_metrics(transcript, duration_seconds)
        messages = ordered_messages(transcript.messages)
        minutes = call_length_minutes(messages, duration_seconds, metrics.total_words)
        return cls(
            persona=persona,
            scenario=scenario,
            duration_seconds=duration_seconds,
            transcript=transcript,
            emotion_data=emotion_data,
            metrics=metrics,
            emotions=summarize_emotions(emotion_data, transcript),
            reading=read_call(messages, tuple(persona.objections) if persona else (), minutes),
            scenario_spec=scenario_spec,
        )


class Coach(Protocol):
    name: str

    async def write_report(self, facts: CallFacts) -> CoachingReport:
        """Returns the report for one call."""
        ...

    async def aclose(self) -> None:
        """Closes whatever client the coach holds (called once, when the app stops)."""
        ...
