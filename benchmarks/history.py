#!/usr/bin/env python3
"""History and dashboard for a rep with 10,000 calls, on SQLite and on PostgreSQL.

Seeds a database of its own (a temporary SQLite file; a PostgreSQL database `bench_history` it creates and drops)
with calls as the analysis leaves them (a transcript, tone data and a real rule-based report: about 40 KiB a
call), then times, server-side, what the pages ask the database: the history list for every sort, with and
without the prospect filter, on the first, a deep (200) and the last page; and the dashboard (progress and the
latest calls). Prints the median and worst of repeated runs against the 300 ms target.
Usage: .venv/bin/python benchmarks/history.py [--db sqlite|postgresql|both] [--calls 10000] [--runs 5]
"""

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, get_args

import asyncpg
from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.db import Database
from app.migrate import upgrade_to_head
from services.call_status import CallStatus
from services.calls import CallSort, list_calls
from services.coaching.facts import CallFacts
from services.coaching.rule_based import rule_based_report
from services.emotion_analysis import PROSODY_NAMES
from services.models import CallSession
from services.progress import RECENT, progress_for
from services.transcript import EmotionData, Transcript
from services.users import create_user

TARGET_MS = 300.0
PAGE_SIZE = 25  # as the history page
PG_ADMIN = 'postgresql://postgres@127.0.0.1:5432/postgres'
PG_NAME = 'bench_history'
BENCH_PASSWORD = 'a long bench passphrase'  # a throwaway user of a throwaway database
PERSONAS = ('friendly_prospect', 'skeptical_buyer', 'busy_executive')
LINES = (
    'So what does your team use today to track deals, and who else is involved when you choose a tool?',
    'We mostly use spreadsheets, and honestly it works well enough for now, although the forecast is a guess.',
    'What would it cost you if nothing changed this quarter, and how do you measure that today?',
    'It sounds expensive. Your competitor quoted us a lot less last year and we are still on the fence.',
)


def stored_call(rng: random.Random) -> dict[str, Any]:
    """A call's transcript, tone data and report, as the analysis stores them (about 40 KiB)."""
    messages, points = [], []
    for i in range(100):
        role = 'user' if i % 2 == 0 else 'assistant'
        start = i * 3.0
        messages.append({'role': role, 'text': LINES[i % 4], 'timestamp': start, 'end': start + 2.5})
        if role == 'user':
            points.append({'timestamp': start, 'role': role, 'scores': {n: rng.random() for n in PROSODY_NAMES[:8]}})
    transcript = Transcript.model_validate({'messages': messages})
    emotions = EmotionData.model_validate({'prosody_scores': points})
    facts = CallFacts.compute(
        persona_id='skeptical_buyer',
        scenario=None,
        duration_seconds=360.0,
        transcript=transcript,
        emotion_data=emotions,
    )
    report = rule_based_report(facts)
    return {
        'transcript': transcript.model_dump(),
        'emotion_data': emotions.model_dump(),
        'analysis_results': report.model_dump(mode='json'),
    }


async def seed(database: Database, calls: int) -> uuid.UUID:
    await upgrade_to_head(database)
    async with database.session() as session:
        owner = (await create_user(session, email='busy@example.com', password=BENCH_PASSWORD)).id
    rng = random.Random(10)
    payload = stored_call(rng)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    rows = []
    for i in range(calls):
        done = i % 20 != 0  # one in twenty without a score (failed, still analysing)
        rows.append(
            {
                'id': uuid.uuid4(),
                'owner_id': owner,
                'persona': PERSONAS[i % 3],
                'scenario': 'CRM software for a twelve-person sales team',
                'engine': 'demo',
                'created_at': start + timedelta(hours=i),
                'ended_at': start + timedelta(hours=i, minutes=6),
                'duration_seconds': 360.0,
                'status': CallStatus.DONE if done else CallStatus.ERROR,
                'overall_score': rng.randint(20, 98) if done else None,
                'transcript': payload['transcript'],
                'emotion_data': payload['emotion_data'],
                'analysis_results': payload['analysis_results'] if done else None,
            }
        )
    async with database.engine.begin() as connection:
        for at in range(0, calls, 500):
            await connection.execute(insert(CallSession), rows[at : at + 500])
    return owner


async def timed(run: Callable[[], Awaitable[object]], runs: int) -> tuple[float, float]:
    await run()  # warm the caches and the statement cache once
    times = []
    for _ in range(runs):
        begun = time.perf_counter()
        await run()
        times.append((time.perf_counter() - begun) * 1000)
    return statistics.median(times), max(times)


async def measure(database: Database, owner: uuid.UUID, calls: int, runs: int) -> list[tuple[str, float, float]]:
    results = []
    for persona in (None, 'skeptical_buyer'):
        matching = calls if persona is None else calls // 3
        last = max(1, -(-matching // PAGE_SIZE))
        for sort in get_args(CallSort):
            for page in sorted({1, min(200, last), last}):

                async def history(sort: CallSort = sort, page: int = page, persona: str | None = persona) -> None:
                    async with database.session() as session:
                        await list_calls(
                            session,
                            owner_id=owner,
                            skip=(page - 1) * PAGE_SIZE,
                            limit=PAGE_SIZE,
                            persona=persona,
                            sort=sort,
                        )

                label = f'history {sort:<10} page {page:>3}{" " + persona if persona else ""}'
                results.append((label, *await timed(history, runs)))

    async def dashboard() -> None:
        async with database.session() as session:
            await progress_for(session, owner_id=owner)
            await list_calls(session, owner_id=owner, limit=RECENT)

    results.append(('dashboard (progress + latest calls)', *await timed(dashboard, runs)))
    return results


async def run_on(kind: str, calls: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        if kind == 'sqlite':
            url = f'sqlite+aiosqlite:///{folder}/history.db'
        else:
            admin = await asyncpg.connect(PG_ADMIN)
            await admin.execute(f'DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)')
            await admin.execute(f'CREATE DATABASE {PG_NAME}')
            await admin.close()
            url = f'postgresql+asyncpg://postgres@127.0.0.1:5432/{PG_NAME}'
        database = Database(url)
        try:
            begun = time.perf_counter()
            owner = await seed(database, calls)
            print(f'\n{kind}: {calls:,} calls seeded in {time.perf_counter() - begun:.0f} s')
            if kind == 'postgresql':
                async with database.engine.begin() as connection:
                    await connection.exec_driver_sql('ANALYZE')
            results = await measure(database, owner, calls, runs)
        finally:
            await database.dispose()
            if kind == 'postgresql':
                admin = await asyncpg.connect(PG_ADMIN)
                await admin.execute(f'DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)')
                await admin.close()
    print(f'{"what":<45} {"median ms":>10} {"worst ms":>10}')
    for label, median, worst in results:
        print(f'{label:<45} {median:>10.1f} {worst:>10.1f}')
    worst_all = max(worst for _, _, worst in results)
    print(f'worst of all: {worst_all:.1f} ms = {worst_all / TARGET_MS:.2f}× the {TARGET_MS:.0f} ms target')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--db', choices=('sqlite', 'postgresql', 'both'), default='both')
    parser.add_argument('--calls', type=int, default=10_000)
    parser.add_argument('--runs', type=int, default=5)
    args = parser.parse_args()
    for kind in ('sqlite', 'postgresql') if args.db == 'both' else (args.db,):
        asyncio.run(run_on(kind, args.calls, args.runs))


if __name__ == '__main__':
    main()
