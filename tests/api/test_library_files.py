"""The library's import and export: YAML and JSON, as the body or an uploaded file, all or nothing."""

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import yaml

from app.runtime import Runtime
from services.library.transfer import MAX_DOCUMENT_BYTES, MAX_ENTRIES
from tests.factories import signup_and_login
from tests.support.library import (
    BUILTIN_PROSPECT_IDS,
    PERSONAS,
    SCENARIOS,
    accounts,
    created,
    error_locs,
    fields,
    library_rows,
    prospect_body,
    scenario_body,
)

YAML = {'Content-Type': 'application/yaml'}
JSON = {'Content-Type': 'application/json'}


async def listed(client: httpx.AsyncClient, path: str, headers: dict[str, str]) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = (await client.get(f'{path}/', headers=headers)).json()['data']
    return [entry for entry in entries if not entry['builtin']]


async def test_prospects_go_out_and_come_back_as_yaml_and_json_in_the_body_or_a_file(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    rep = await signup_and_login(client)
    first = await created(client, PERSONAS, prospect_body(), rep)
    second = await created(client, PERSONAS, prospect_body(name='Émile Ngata', objections=[], pains=['“Quotes”']), rep)

    exported = await client.get(f'{PERSONAS}/export', headers=rep)
    assert exported.status_code == 200
    assert exported.headers['content-type'] == 'application/yaml; charset=utf-8'
    assert exported.headers['content-disposition'] == 'attachment; filename="personas.yaml"'
    document = yaml.safe_load(exported.text)
    assert [entry['id'] for entry in document['personas']] == [first['id'], second['id']]
    assert document['personas'][1] == {'id': second['id'], 'visibility': 'private', **fields(second)}

    as_json = await client.get(f'{PERSONAS}/export', params={'format': 'json'}, headers=rep)
    assert as_json.headers['content-type'] == 'application/json; charset=utf-8'
    assert as_json.headers['content-disposition'] == 'attachment; filename="personas.json"'
    assert json.loads(as_json.text) == document

    for content, headers, files in (
        (exported.content, YAML, None),
        (as_json.content, JSON, None),
        (None, {}, {'file': ('personas.yaml', exported.content, 'application/octet-stream')}),
        (None, {}, {'file': ('personas.json', as_json.content, 'application/json')}),
        (None, {}, {'file': ('export', as_json.content, 'application/json')}),  # no suffix: its type says
    ):
        imported = await client.post(f'{PERSONAS}/import', content=content, files=files, headers={**rep, **headers})
        assert imported.status_code == 201, imported.text
        copies = imported.json()
        assert copies['count'] == 2 and [fields(e) for e in copies['data']] == [fields(first), fields(second)]
        assert all(
            e['owned'] and e['visibility'] == 'private' and e['id'] not in (first['id'], second['id'])
            for e in copies['data']
        )
    assert await library_rows(runtime) == (12, 0)

    with_builtins = yaml.safe_load((await client.get(f'{PERSONAS}/export?builtins=true', headers=rep)).text)
    assert [entry['id'] for entry in with_builtins['personas'][:3]] == BUILTIN_PROSPECT_IDS
    assert 'visibility' not in with_builtins['personas'][0]  # not the user's: a copy is private


async def test_scenarios_go_out_and_come_back(client: httpx.AsyncClient) -> None:
    rep = await signup_and_login(client)
    prospect = await created(client, PERSONAS, prospect_body(), rep)
    scenario = await created(client, SCENARIOS, scenario_body(persona_ids=[prospect['id'], 'busy_executive']), rep)
    exported = await client.get(f'{SCENARIOS}/export', headers=rep)
    assert exported.headers['content-disposition'] == 'attachment; filename="scenarios.yaml"'
    imported = await client.post(
        f'{SCENARIOS}/import', files={'file': ('scenarios.yml', exported.content, 'text/yaml')}, headers=rep
    )
    assert imported.status_code == 201, imported.text
    assert fields(imported.json()['data'][0]) == fields(scenario)
    as_json = (await client.get(f'{SCENARIOS}/export?format=json', headers=rep)).json()
    assert len(as_json['scenarios']) == 2 and as_json['scenarios'][1]['criteria'] == scenario['criteria']


async def test_an_entry_a_list_or_a_document_may_be_imported(client: httpx.AsyncClient) -> None:
    rep = await signup_and_login(client)
    one = yaml.safe_dump(prospect_body(name='Only One'))
    several = json.dumps([prospect_body(name='First'), prospect_body(name='Second')])
    document = yaml.safe_dump({'personas': [prospect_body(name='Third', visibility='private', id='anything')]})
    for content, headers, names in (
        (one, {'Content-Type': 'text/yaml'}, ['Only One']),
        (several, JSON, ['First', 'Second']),
        (document, {'Content-Type': 'application/x-yaml; charset=utf-8'}, ['Third']),
    ):
        response = await client.post(f'{PERSONAS}/import', content=content, headers={**rep, **headers})
        assert response.status_code == 201, response.text
        assert [entry['name'] for entry in response.json()['data']] == names
    scenario = json.dumps({'scenarios': [scenario_body()]})
    response = await client.post(f'{SCENARIOS}/import', content=scenario, headers={**rep, **JSON})
    assert response.status_code == 201 and response.json()['data'][0]['title'] == scenario_body()['title']


async def test_an_import_saves_every_entry_or_none_naming_the_entry_and_the_field(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    users = await accounts(client)
    entries = [
        prospect_body(name='Fine'),
        prospect_body(name=''),
        prospect_body(objections=['An objection.'] * 21, behaviour={'pushback': 9}),
        'not an entry',
        prospect_body(favourite_colour='blue'),
        prospect_body(visibility='friends'),
    ]
    response = await client.post(f'{PERSONAS}/import', content=yaml.safe_dump(entries), headers={**users.rep, **YAML})
    assert response.status_code == 422
    assert error_locs(response) == [
        ['body', 1, 'name'],
        ['body', 2, 'behaviour', 'pushback'],
        ['body', 2, 'objections'],
        ['body', 3],
        ['body', 4, '*'],
        ['body', 5, 'visibility'],
    ]

    scenarios = [scenario_body(), scenario_body(persona_ids=['busy_executive', 'nobody'])]
    response = await client.post(f'{SCENARIOS}/import', json=scenarios, headers=users.rep)
    assert response.status_code == 422 and error_locs(response) == [['body', 1, 'persona_ids', 1]]
    bad_criteria = [scenario_body(criteria=[{'id': 'c', 'text': 'Did it?', 'weight': 0, 'kind': 'stars'}])]
    response = await client.post(f'{SCENARIOS}/import', json=bad_criteria, headers=users.rep)
    assert error_locs(response) == [['body', 0, 'criteria', 0, 'kind'], ['body', 0, 'criteria', 0, 'weight']]

    # Sharing with everyone is for admins, in a file too.
    shared = [prospect_body(), prospect_body(visibility='everyone')]
    response = await client.post(f'{PERSONAS}/import', json=shared, headers=users.rep)
    assert response.status_code == 403 and '(entry 1)' in response.json()['detail']
    assert await library_rows(runtime) == (0, 0)
    response = await client.post(f'{PERSONAS}/import', json=shared, headers=users.admin)
    assert response.status_code == 201 and [e['visibility'] for e in response.json()['data']] == ['private', 'everyone']


async def test_a_document_that_cannot_be_read_is_refused(client: httpx.AsyncClient, runtime: Runtime) -> None:
    rep = await signup_and_login(client)
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x","x"]\n' + ''.join(
        f'{b}: &{b} [*{a},*{a},*{a},*{a},*{a},*{a},*{a},*{a},*{a},*{a}]\n'
        for a, b in zip('abcdefgh', 'bcdefghi', strict=True)
    )
    for content, headers, status, kind in (
        (b'[{"name": "Dana", ', JSON, 422, 'json_invalid'),
        (b'name: Dana\n  job_title: [CFO\n', YAML, 422, 'yaml_invalid'),
        (b'name: !!python/object/apply:os.getcwd []', YAML, 422, 'yaml_invalid'),  # a safe loader builds no objects
        (b'\xff\xfe not utf-8', YAML, 422, 'unicode_invalid'),
        (b'[]', JSON, 422, 'document_shape'),
        (b'{"personas": {"name": "Dana"}}', JSON, 422, 'document_shape'),
        (b'{"personas": [], "scenarios": []}', JSON, 422, 'document_shape'),
        (json.dumps([prospect_body()] * (MAX_ENTRIES + 1)).encode(), JSON, 422, 'too_many_entries'),
        (b'[' * 100_000 + b']' * 100_000, JSON, 422, 'json_invalid'),
        (bomb.encode(), YAML, 413, None),
        (b'name: Dana', {'Content-Type': 'text/plain'}, 415, None),
        (b'', {}, 415, None),
    ):
        response = await client.post(f'{PERSONAS}/import', content=content, headers={**rep, **headers})
        assert response.status_code == status, (content[:40], response.text)
        if kind is not None:
            assert response.json()['detail'][0]['type'] == kind and error_locs(response) == [['body']]
    broken = await client.post(
        f'{PERSONAS}/import', content=b'name: Dana\n  job_title: [CFO\n', headers={**rep, **YAML}
    )
    assert 'line 2' in broken.json()['detail'][0]['msg']
    no_file = await client.post(f'{PERSONAS}/import', files={'other': ('x.yaml', b'name: Dana')}, headers=rep)
    assert no_file.status_code == 422 and no_file.json()['detail'][0]['type'] == 'missing'
    assert await library_rows(runtime) == (0, 0)


async def test_an_import_over_the_size_limit_is_413(client: httpx.AsyncClient, runtime: Runtime) -> None:
    rep = await signup_and_login(client)
    too_big = json.dumps([prospect_body(summary='x' * 1000)] * 2000).encode()[: MAX_DOCUMENT_BYTES + 1]
    assert len(too_big) == MAX_DOCUMENT_BYTES + 1

    async def streamed() -> AsyncIterator[bytes]:  # no Content-Length: counted as it comes
        for start in range(0, len(too_big), 64 * 1024):
            yield too_big[start : start + 64 * 1024]

    for content, files in (
        (too_big, None),
        (streamed(), None),
        (None, {'file': ('big.json', too_big, 'application/json')}),
    ):
        response = await client.post(
            f'{PERSONAS}/import', content=content, files=files, headers={**rep, **({} if files else JSON)}
        )
        assert response.status_code == 413, response.text
    assert await library_rows(runtime) == (0, 0)
