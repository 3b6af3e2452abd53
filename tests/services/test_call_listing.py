"""The call lists read summary columns only and find a deep page in an index, on both databases: at 10,000 calls
a whole-row score sort took 2.6 s on SQLite (benchmarks/history.py)."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import get_args

import pytest
from sqlalchemy import insert, text

from app.runtime import Runtime
from services.calls import CallListing, CallSort, list_calls, page_ids
from services.models import CallSession
from tests.support.seeds import make_rep

START = datetime(2025, 1, 1, tzinfo=UTC)
INDEXES: dict[CallSort, str] = {
    'newest': 'ix_call_session_owner_created',
    'oldest': 'ix_call_session_owner_created',
    'score_high': 'ix_call_session_owner_score_high',
    'score_low': 'ix_call_session_owner_score_low',
}


async def _store_calls(runtime: Runtime, owner: uuid.UUID, count: int) -> None:
    rows = [
        {
            'id': uuid.uuid4(),
            'owner_id': owner,
            'persona': 'skeptical_buyer',
            'engine': 'demo',
            'created_at': START + timedelta(hours=index),
            'overall_score': None if index % 7 == 0 else index % 100,
            'transcript': {'messages': [{'role': 'user', 'text': 'x' * 2000}]},
        }
        for index in range(count)
    ]
    async with runtime.database.engine.begin() as connection:
        await connection.execute(insert(CallSession), rows)


async def _plan(runtime: Runtime, sort: CallSort, owner: uuid.UUID) -> str:
    query = page_ids(owner_id=owner, persona=None, sort=sort, skip=200, limit=25)
    sql = str(query.compile(runtime.database.engine, compile_kwargs={'literal_binds': True}))
    async with runtime.database.engine.connect() as connection:
        if runtime.database.dialect == 'sqlite':
            return '\n'.join(str(row[-1]) for row in await connection.execute(text(f'EXPLAIN QUERY PLAN {sql}')))
        # A few hundred rows are cheaper to scan than to look up; forbid that so the plan shows what an index offers.
        await connection.execute(text('SET enable_seqscan = off'))
        await connection.execute(text('ANALYZE call_session'))
        return '\n'.join(str(row[0]) for row in await connection.execute(text(f'EXPLAIN {sql}')))


@pytest.mark.parametrize('sort', get_args(CallSort))
async def test_a_deep_page_of_every_order_comes_from_its_index_without_a_sort(runtime: Runtime, sort: CallSort) -> None:
    rep = await make_rep(runtime)
    await _store_calls(runtime, rep, 300)
    plan = await _plan(runtime, sort, rep)
    assert INDEXES[sort] in plan, plan
    assert 'TEMP B-TREE' not in plan and 'Sort' not in plan, plan  # SQLite's and PostgreSQL's word for sorting


async def test_a_listed_call_holds_its_summary_and_nothing_of_its_transcript_or_report(runtime: Runtime) -> None:
    rep = await make_rep(runtime)
    await _store_calls(runtime, rep, 30)
    async with runtime.database.session() as session:
        rows, total = await list_calls(session, owner_id=rep, skip=20, limit=25, sort='score_high')
    assert total == 30 and len(rows) == 10
    assert all(type(row) is CallListing for row in rows)
    assert not hasattr(rows[0], 'transcript') and not hasattr(rows[0], 'analysis_results')
    scores = [row.overall_score for row in rows]
    # 25 calls have a score: the page holds the 5 lowest, then the 5 without a score, newest first.
    assert scores[:5] == sorted(scores[:5], reverse=True) and None not in scores[:5] and scores[5:] == [None] * 5
    assert [row.created_at for row in rows[5:]] == sorted((row.created_at for row in rows[5:]), reverse=True)
