"""Coaches for tests that need an analysis to hang in the middle."""

import asyncio

from services.coaching_report import CallFacts, RuleBasedCoach
from services.reports import CoachingReport


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
