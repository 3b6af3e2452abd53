"""Coaches for tests: one that hangs in the middle of an analysis, one that always fails, and the AI coach with
quick retries."""

import asyncio

from services.coaching.ai_coach import ModelCoachSettings, OpenAICoach
from services.coaching.facts import CallFacts
from services.coaching.report import CoachingReport
from services.coaching.rule_based import RuleBasedCoach
from tests.fake_openai import API_KEY


class GatedCoach:
    """Hangs inside the analysis until `release` is set, then writes the rule-based report."""

    name = 'gated'

    def __init__(self) -> None:
        self.started = asyncio.Event()
        self.release = asyncio.Event()

    async def write_report(self, facts: CallFacts) -> CoachingReport:
        self.started.set()
        await self.release.wait()
        return await RuleBasedCoach().write_report(facts)

    async def aclose(self) -> None:
        """Nothing to close."""


class BrokenCoach:
    """Fails every analysis with an error whose text holds a secret (which must never reach the rep)."""

    name = 'broken'
    SECRET = 'secret-key-sk-123'

    async def write_report(self, facts: CallFacts) -> CoachingReport:
        raise ValueError(f'{self.SECRET} leaked in an exception message')

    async def aclose(self) -> None:
        """Nothing to close."""


def model_coach(
    base_url: str, *, key: str = API_KEY, timeout_s: float = 10.0, sleeps: list[float] | None = None
) -> OpenAICoach:
    """The AI coach aimed at a fake server; its backoff waits are recorded in `sleeps` instead of slept."""

    async def sleep(seconds: float) -> None:
        if sleeps is not None:
            sleeps.append(seconds)

    settings = ModelCoachSettings(
        api_key=key, base_url=base_url, model='gpt-4o', timeout_s=timeout_s, retry_delays_s=(0.5, 2.0)
    )
    return OpenAICoach(settings, sleep=sleep)
