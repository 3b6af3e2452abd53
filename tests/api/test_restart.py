"""An analysis cut off by a shutdown (or a crash) finishes after the next start."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import httpx
from fastapi import FastAPI
from sqlalchemy import update

from app.runtime import Runtime, set_runtime
from app.settings import Settings
from services.models import CallSession
from tests.coaches import GatedCoach
from tests.factories import API, completed_call, signup_and_login, wait_for_report


@asynccontextmanager
async def running(settings: Settings, api_app: FastAPI) -> AsyncIterator[tuple[Runtime, httpx.AsyncClient]]:
    runtime = await Runtime.start(settings)
    set_runtime(runtime)
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=api_app), base_url='http://test') as client:
            yield runtime, client
    finally:
        await runtime.stop()
        set_runtime(None)


async def test_a_restart_in_the_middle_of_an_analysis_resumes_it(settings: Settings, api_app: FastAPI) -> None:
    async with running(settings, api_app) as (runtime, client):
        runtime.analysis.coach = coach = GatedCoach()  # never released: the process "dies" mid-analysis
        headers = await signup_and_login(client)
        call_id = await completed_call(client, headers)
        assert (await client.post(f'{API}/{call_id}/analyze', headers=headers)).status_code == 202
        await asyncio.wait_for(coach.started.wait(), 5)
        assert (await client.get(f'{API}/{call_id}/report', headers=headers)).status_code == 202
    # The runtime stopped with the analysis unfinished; the call is still marked as being analysed.

    async with running(settings, api_app) as (_, client):
        report = await wait_for_report(client, headers, call_id)
        assert report.status_code == 200
        assert report.json()['coach'] == 'rule_based'


async def test_requested_but_never_started_analyses_are_picked_up_and_others_are_left(
    settings: Settings, api_app: FastAPI
) -> None:
    async with running(settings, api_app) as (runtime, client):
        headers = await signup_and_login(client)
        requested, untouched = await completed_call(client, headers), await completed_call(client, headers)
        # The state a crash leaves between "analysis requested" and the task starting:
        async with runtime.database.session() as session:
            await session.execute(
                update(CallSession)
                .where(CallSession.id == uuid.UUID(requested))
                .values(analysis_requested_at=datetime.now(UTC))
            )
            await session.commit()

    async with running(settings, api_app) as (_, client):
        assert (await wait_for_report(client, headers, requested)).status_code == 200
        left = await client.get(f'{API}/{untouched}/report', headers=headers)
        assert left.status_code == 409  # completed without a request stays as it is
        assert (await client.get(f'{API}/{untouched}', headers=headers)).json()['status'] == 'completed'
