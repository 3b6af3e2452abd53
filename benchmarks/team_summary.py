#!/usr/bin/env python3
"""Times a manager's team page data (services/team_summary.team_summary) on a team with many analysed calls, and
what reading whole call rows would cost instead of the columns a call's result needs (assignments.RESULT_COLUMNS).

Prints the median of each over repeated runs and the ratio of the two reads. The machine is shared, so compare
figures from one run with each other.
Usage: .venv/bin/python benchmarks/team_summary.py [--reps 10] [--calls 100] [--runs 5]
"""

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select

from app.db import Database
from app.migrate import upgrade_to_head
from services.assignments import RESULT_COLUMNS
from services.call_status import CallStatus
from services.models import CallSession, Team, TeamMember, TeamRole, User
from services.team_summary import team_summary

# A call of about ten minutes: 120 lines, and a prosody frame a second with Hume's 48 emotions.
LINES = [
    {'role': 'user' if i % 2 else 'assistant', 'text': 'word ' * 25, 'timestamp': i * 5.0, 'end': i * 5 + 4.0}
    for i in range(120)
]
PROSODY = [{'timestamp': float(i), 'role': 'user', 'scores': {f'e{k}': 0.1 for k in range(48)}} for i in range(300)]
SKILLS = {'opening': 3, 'discovery': 4, 'objection_handling': 3, 'next_step': 2, 'delivery': 4}


async def seed(database: Database, reps: int, calls: int) -> tuple[Team, list[Any]]:
    async with database.session() as session:
        team = Team(name='Bench')
        users = [
            User(email=f'rep{i}@example.com', hashed_password='-', full_name=f'Rep {i}')  # noqa: S106  (never logs in)
            for i in range(reps)
        ]
        session.add_all([team, *users])
        await session.flush()
        for index, user in enumerate(users):
            session.add(TeamMember(team_id=team.id, user_id=user.id, role=TeamRole.MEMBER.value))
            for j in range(calls):
                report = {'scorecard': {'total': 40 + (index + j) % 50}, 'skill_scores': SKILLS, 'summary': 'x' * 4000}
                session.add(
                    CallSession(
                        owner_id=user.id,
                        persona='friendly_prospect',
                        scenario_id='saas_crm',
                        status=CallStatus.DONE,
                        transcript={'messages': LINES},
                        emotion_data={'prosody_scores': PROSODY},
                        analysis_results=report,
                        overall_score=50 + j % 40,
                    )
                )
        await session.commit()
        return team, [user.id for user in users]


async def median_ms(runs: int, work: Callable[[], Awaitable[object]]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        await work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


async def main(reps: int, calls: int, runs: int) -> None:
    database = Database(f'sqlite+aiosqlite:///{tempfile.mkdtemp()}/bench.db')
    try:
        await upgrade_to_head(database)
        team, ids = await seed(database, reps, calls)

        async def summary() -> None:
            async with database.session() as session:
                await team_summary(session, team)

        async def read(*options: Any) -> None:
            async with database.session() as session:
                query = select(CallSession).options(*options).where(CallSession.owner_id.in_(ids))
                assert len((await session.scalars(query)).all()) == reps * calls

        whole = await median_ms(runs, read)
        needed = await median_ms(runs, lambda: read(RESULT_COLUMNS))
        print(f'{reps} reps x {calls} calls, median of {runs} runs:')
        print(f'  team_summary:                {await median_ms(runs, summary):8.0f} ms')
        print(f'  reading the result columns:  {needed:8.0f} ms')
        print(f'  reading whole rows:          {whole:8.0f} ms')
        print(f'  result columns / whole rows: {needed / whole:8.3f}')
    finally:
        await database.dispose()


if __name__ == '__main__':
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--reps', type=int, default=10)
    parser.add_argument('--calls', type=int, default=100)
    parser.add_argument('--runs', type=int, default=5)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.reps, arguments.calls, arguments.runs))
