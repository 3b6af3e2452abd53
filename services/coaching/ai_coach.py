"""The AI coach: a language model judges the call; code counts, and code checks what the model says.

The model gets the persona, the scenario, the timed transcript, the computed metrics and emotion summary as facts,
and code's reading of the call (outcome, objections, discovery, pressure), which it may overrule with a reason
(`services/coaching/prompt.py`) and answers in a pydantic-validated structure (`CoachDraft`). Out-of-range
scores fail validation. Every quote is looked up in the transcript: a moment whose quote was not said is dropped,
and a kept quote is replaced by the transcript's own words. A call practised on a scenario has its scorecard and
goals graded by the model in the same answer and checked by code (`scorecard_ai`).

Requests time out after 60 s and are retried with backoff on timeouts, lost connections, 408/409/429 and 5xx
answers and malformed answers; when the model still fails, `CoachWithFallback` has the rule-based coach write the
report and says why in `fallback_reason`.

Nothing here logs or raises text that came from the model server (`model_errors` puts each failure in words of
our own): its error messages can echo the request, and an authentication error echoes part of the API key.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import openai
from pydantic import BaseModel, Field

from services.coaching.facts import CallFacts
from services.coaching.model_errors import classify_failure
from services.coaching.prompt import PROMPT_VERSION, build_messages
from services.coaching.quotes import find_quote, searchable_lines
from services.coaching.report import CoachingReport, KeyMoment, SkillScores, TokenUsage
from services.coaching.rule_based import rule_based_report, rule_grading
from services.coaching.scorecard_ai import CriterionGrade, GoalGrade, graded_by_model
from services.coaching.scorecard_rules import Grading
from services.text import make_storable
from services.transcript import TranscriptMessage

log = logging.getLogger(__name__)

REQUEST_TIMEOUT_S = 60.0
RETRY_DELAYS_S = (2.0, 8.0)  # three attempts in all; the pipeline's own limit is 300 s
MAX_MOMENTS = 8
MAX_ITEMS = 5
MAX_TEXT = 1_000


class CoachDraft(BaseModel):
    """What the model must answer; the SDK turns this into a strict JSON schema and validates the reply."""

    overall_score: int = Field(ge=0, le=100)
    tone_summary: str
    key_moments: list[KeyMoment]  # as the model proposes them; `verified_moments` checks each
    recommendations: list[str]
    strengths: list[str]
    areas_for_improvement: list[str]
    skill_scores: SkillScores
    reading_overrides: list[str] = Field(
        default_factory=list, description="each reading of code's that the coach overrules, and why"
    )
    criteria: list[CriterionGrade] = Field(
        default_factory=list, description='one grade per scorecard criterion; empty without a scorecard'
    )
    goals: list[GoalGrade] = Field(default_factory=list, description='one per goal; empty without goals')


@dataclass(frozen=True, kw_only=True, slots=True)
class ModelCoachSettings:
    api_key: str
    base_url: str | None
    model: str
    timeout_s: float = REQUEST_TIMEOUT_S
    retry_delays_s: tuple[float, ...] = RETRY_DELAYS_S

    def __repr__(self) -> str:  # a dataclass repr would print the key
        return f'ModelCoachSettings(base_url={self.base_url!r}, model={self.model!r})'


class CoachFailed(Exception):
    """The model could not write the report; the message says why in words safe to show and log."""


class OpenAICoach:
    """Asks an OpenAI-compatible chat model (any server behind `base_url`) for the report."""

    def __init__(
        self, settings: ModelCoachSettings, *, sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    ) -> None:
        self.settings = settings
        self.name = f'openai:{settings.model}'
        self._sleep = sleep
        # Retries are ours (logged, and bounded by the pipeline's timeout), so the SDK's are off.
        self._client = openai.AsyncOpenAI(
            api_key=settings.api_key, base_url=settings.base_url, timeout=settings.timeout_s, max_retries=0
        )

    async def aclose(self) -> None:
        await self._client.close()

    async def write_report(self, facts: CallFacts) -> CoachingReport:
        if facts.metrics.rep_words == 0:
            return rule_based_report(facts)  # nothing for a model to judge; the rule-based report says so
        draft, usage = await self._ask(build_messages(facts))
        moments, dropped = verified_moments(draft.key_moments, facts.transcript.messages)
        if dropped:
            log.info('the AI coach quoted %d line(s) that were not said; those moments were dropped', dropped)
        graded = self._grading(facts, draft)
        return CoachingReport(
            overall_score=draft.overall_score,
            tone_summary=_clean(draft.tone_summary),
            speech_metrics=facts.metrics,
            emotion_summary=facts.emotions,
            key_moments=moments,
            recommendations=_items(draft.recommendations),
            strengths=_items(draft.strengths),
            areas_for_improvement=_items(draft.areas_for_improvement),
            coach=self.name,
            skill_scores=draft.skill_scores,
            reading=facts.reading,
            reading_overrides=_items(draft.reading_overrides),
            prompt_version=PROMPT_VERSION,
            token_usage=usage,
            scorecard=graded.scorecard if graded else None,
            goals=graded.goals if graded else None,
            generated_at=datetime.now(UTC),
        )

    def _grading(self, facts: CallFacts, draft: CoachDraft) -> Grading | None:
        rules = rule_grading(facts)
        if rules is None or facts.scenario_spec is None:
            return None
        graded = graded_by_model(
            facts.scenario_spec,
            criteria=draft.criteria,
            goals=draft.goals,
            messages=facts.transcript.messages,
            rules=rules,
        )
        missing = sum(result.quote_missing for result in graded.scorecard.criteria)
        if missing:
            log.info(
                'the AI coach quoted %d line(s) in its scorecard that were not said; those quotes were dropped', missing
            )
        return graded

    async def _ask(self, messages: list[dict[str, str]]) -> tuple[CoachDraft, TokenUsage | None]:
        attempts = len(self.settings.retry_delays_s) + 1
        for attempt in range(1, attempts + 1):
            try:
                completion = await self._client.chat.completions.parse(
                    model=self.settings.model,
                    messages=messages,  # type: ignore[arg-type]  # plain dicts are what the API takes
                    response_format=CoachDraft,
                )
            except Exception as error:
                reason, retry, wait_at_least = classify_failure(error, self.settings.timeout_s)
                if not retry or attempt == attempts:
                    raise CoachFailed(f'{reason} (attempt {attempt} of {attempts})') from None
                delay = max(self.settings.retry_delays_s[attempt - 1], wait_at_least)
                log.warning(
                    'AI coach attempt %d of %d failed: %s; retrying in %.1f s', attempt, attempts, reason, delay
                )
                await self._sleep(delay)
                continue
            message = completion.choices[0].message
            if message.parsed is None:
                raise CoachFailed('the model declined to write the report')
            usage = completion.usage
            tokens = (
                TokenUsage(
                    prompt_tokens=usage.prompt_tokens,
                    completion_tokens=usage.completion_tokens,
                    total_tokens=usage.total_tokens,
                )
                if usage is not None
                else None
            )
            return message.parsed, tokens
        raise AssertionError('unreachable: the loop returns or raises')


class CoachWithFallback:
    """The AI coach first; when it fails, the rule-based coach writes the report and the report says so."""

    def __init__(self, primary: OpenAICoach) -> None:
        self.primary = primary
        self.name = primary.name

    async def aclose(self) -> None:
        await self.primary.aclose()

    async def write_report(self, facts: CallFacts) -> CoachingReport:
        try:
            return await self.primary.write_report(facts)
        except CoachFailed as failure:
            log.warning('the AI coach (%s) failed: %s; the rule-based coach writes the report', self.name, failure)
            report = rule_based_report(facts)
            reason = (
                f'The AI coach ({self.name}) could not write this report: {failure}. The rule-based coach wrote it '
                'from the same metrics; "Analyse again" asks the AI coach once more.'
            )
            return report.model_copy(update={'fallback_reason': reason})


def verified_moments(drafts: Sequence[KeyMoment], messages: Sequence[TranscriptMessage]) -> tuple[list[KeyMoment], int]:
    """The moments whose quotes were said, each quote replaced by the transcript's own words and time.

    A moment without a quote is kept (its timestamp only when it falls inside the call); a moment whose quote is
    not in the transcript is dropped, since what it says rests on words nobody said. Returns the kept moments
    (in call order, at most MAX_MOMENTS) and how many were dropped.
    """
    lines = searchable_lines(messages)
    last_time = max((m.end or m.timestamp or 0.0 for m in messages), default=0.0)
    kept: list[KeyMoment] = []
    dropped = 0
    for draft in drafts:
        quote: str | None = None
        timestamp = draft.timestamp if draft.timestamp is not None and 0 <= draft.timestamp <= last_time else None
        if draft.quote and draft.quote.strip():
            found = find_quote(draft.quote, draft.timestamp, lines)
            if found is None:
                dropped += 1
                continue
            quote, timestamp = found
        kept.append(
            KeyMoment(
                timestamp=timestamp,
                kind=draft.kind,
                title=_clean(draft.title, 120),
                description=_clean(draft.description),
                quote=quote,
                say_instead=_clean(draft.say_instead) if draft.kind == 'needs_work' and draft.say_instead else None,
            )
        )
    kept.sort(key=lambda m: (m.timestamp is None, m.timestamp or 0.0))
    return kept[:MAX_MOMENTS], dropped


def _items(items: Sequence[str]) -> list[str]:
    cleaned = (_clean(item) for item in items)
    return [item for item in cleaned if item][:MAX_ITEMS]


def _clean(text: str, limit: int = MAX_TEXT) -> str:
    text = make_storable(text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + '…'
