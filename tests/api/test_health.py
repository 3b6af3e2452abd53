"""GET /healthz."""

import httpx

from app.runtime import Runtime


async def test_healthy_app_reports_its_database(client: httpx.AsyncClient) -> None:
    response = await client.get('/healthz')
    assert response.status_code == 200
    assert response.json() == {'status': 'ok', 'database': 'ok'}


async def test_unreachable_database_is_a_503(client: httpx.AsyncClient, runtime: Runtime) -> None:
    async def broken_ping() -> None:
        raise ConnectionRefusedError('connection refused')

    runtime.database.ping = broken_ping  # type: ignore[method-assign]
    response = await client.get('/healthz')
    assert response.status_code == 503
    assert response.json() == {'status': 'error', 'database': 'unreachable'}
