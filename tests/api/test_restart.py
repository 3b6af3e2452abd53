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
from services import calls
from services.analysis import NOTHING_SAID
from services.models import CallSession
from tests.coaches import GatedCoach
from tests.factories import API, completed_call, create_call, message, signup_and_login, wait_for_report


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


async def test_a_call_that_never_connected_is_left_open_and_a_cut_off_one_is_completed(
    settings: Settings, api_app: FastAPI
) -> None:
    async with running(settings, api_app) as (runtime, client):
        headers = await signup_and_login(client)
        never_connected, cut_off = await create_call(client, headers), await create_call(client, headers)
        async with runtime.database.session() as session:  # what a crash mid-call leaves: a line stored, still active
            await calls.add_line(
                session, uuid.UUID(cut_off), role='user', text='What do you use today?', start_s=1.0, end_s=2.0
            )

    async with running(settings, api_app) as (_, client):
        assert (await wait_for_report(client, headers, cut_off)).status_code == 200
        untouched = (await client.get(f'{API}/{never_connected}', headers=headers)).json()
        assert untouched['status'] == 'active' and untouched['overall_score'] is None  # never an empty 0-point report


async def test_a_call_in_which_the_rep_said_nothing_gets_no_report_and_no_score(client: httpx.AsyncClient) -> None:
    headers = await signup_and_login(client)
    call_id = await create_call(client, headers)
    silent = {
        'duration_seconds': 5.0,
        'transcript': {'messages': [message('assistant', 'Hello? Anyone there?', 0.0, 2.0)]},
    }
    assert (await client.post(f'{API}/{call_id}/complete', json=silent, headers=headers)).status_code == 200
    assert (await client.post(f'{API}/{call_id}/analyze', headers=headers)).status_code == 202
    report = await wait_for_report(client, headers, call_id)
    assert report.status_code == 409
    assert report.json()['detail'] == NOTHING_SAID
    detail = (await client.get(f'{API}/{call_id}', headers=headers)).json()
    assert detail['status'] == 'error' and detail['overall_score'] is None


async def test_an_analysis_cut_off_without_a_restart_is_restarted_on_request_and_by_the_sweep(
    settings: Settings, api_app: FastAPI
) -> None:
    async with running(settings, api_app) as (runtime, client):
        headers = await signup_and_login(client)
        by_request, by_sweep = await completed_call(client, headers), await completed_call(client, headers)
        async with runtime.database.session() as session:  # what a task that died leaves: `analyzing`, no task
            await session.execute(
                update(CallSession)
                .where(CallSession.id.in_([uuid.UUID(by_request), uuid.UUID(by_sweep)]))
                .values(status='analyzing', analysis_requested_at=datetime.now(UTC))
            )
            await session.commit()
        assert not runtime.analysis.running(uuid.UUID(by_request))

        assert (await client.post(f'{API}/{by_request}/analyze', headers=headers)).status_code == 202  # not 409
        assert (await wait_for_report(client, headers, by_request)).status_code == 200

        runtime.analysis._sweep_every_s = 0.1  # the sweep runs every minute; a test cannot wait that long
        runtime.analysis.start()
        assert (await wait_for_report(client, headers, by_sweep)).status_code == 200


async def test_a_running_analysis_is_not_started_twice(client: httpx.AsyncClient, runtime: Runtime) -> None:
    runtime.analysis.coach = coach = GatedCoach()
    headers = await signup_and_login(client)
    call_id = await completed_call(client, headers)
    assert (await client.post(f'{API}/{call_id}/analyze', headers=headers)).status_code == 202
    await asyncio.wait_for(coach.started.wait(), 5)
    again = await client.post(f'{API}/{call_id}/analyze', headers=headers)
    assert again.status_code == 409 and 'being analysed already' in again.json()['detail']
    coach.release.set()
    assert (await wait_for_report(client, headers, call_id)).status_code == 200
