"""Library entries for the API tests: bodies of a prospect and a scenario, the accounts that own them, and how many
rows the library holds."""

from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import func, select

from app.runtime import Runtime
from app.schemas.library import EntryFacts
from services.models import ProspectEntry, ScenarioEntry
from tests.factories import signup_and_login

PERSONAS = '/api/v1/personas'
SCENARIOS = '/api/v1/scenarios'
CALLS = '/api/v1/calls'
BUILTIN_PROSPECT_IDS = ['friendly_prospect', 'skeptical_buyer', 'busy_executive']
BUILTIN_SCENARIO_IDS = ['saas_crm', 'cybersecurity', 'logistics_analytics']
FACTS = tuple(EntryFacts.model_fields)  # what the API says of an entry beside its fields


def fields(entry: dict[str, Any]) -> dict[str, Any]:
    """An entry of the API without its facts: the fields an import takes and a call's snapshot keeps."""
    return {key: value for key, value in entry.items() if key not in FACTS}


@dataclass(frozen=True)
class Accounts:
    """Bearer headers: the installation's admin (its first account) and two reps."""

    admin: dict[str, str]
    rep: dict[str, str]
    other: dict[str, str]


async def accounts(client: httpx.AsyncClient) -> Accounts:
    admin = await signup_and_login(client, 'admin@example.com', full_name='Ada Admin')
    rep = await signup_and_login(client, 'rep@example.com', full_name='Riley Rep')
    other = await signup_and_login(client, 'other@example.com', full_name='Olly Other')
    return Accounts(admin=admin, rep=rep, other=other)


def prospect_body(**changes: Any) -> dict[str, Any]:
    return {
        'name': 'Dana Whitfield',
        'job_title': 'Finance director',
        'company': 'Harbor Foods',
        'industry': 'Food distribution',
        'difficulty': 'hard',
        'behaviour': {'openness': 2, 'pushback': 5, 'trust_needed': 4},
        'pains': ['Month-end close takes nine days.'],
        'objections': ['We just bought an ERP.', 'Send me something in writing.'],
        'decision': {'authority': 'signs up to $50,000', 'others': 'the CFO above that'},
        'next_step': 'A call with the controller once the rep has quantified the close.',
        'opening_line': 'Dana speaking.',
        **changes,
    }


def scenario_body(**changes: Any) -> dict[str, Any]:
    return {
        'title': 'Close automation to a finance team',
        'product': 'CloseFast, which reconciles accounts overnight.',
        'value_props': ['A five-day close', 'Fewer manual journals'],
        'audience': 'Finance teams of 20-200 people',
        'call_type': 'cold_call',
        'persona_ids': ['skeptical_buyer'],
        'goals': ['Learn how long the close takes', 'Book a demo with the controller'],
        'criteria': [
            {'id': 'close_time', 'text': 'Did the rep ask how long the close takes?'},
            {'id': 'next_step', 'text': 'Did the rep book a dated demo?', 'kind': 'scale_1_5', 'weight': 2},
        ],
        'pass_mark': 70,
        'time_limit_s': 600,
        **changes,
    }


async def created(
    client: httpx.AsyncClient, path: str, body: dict[str, Any], headers: dict[str, str]
) -> dict[str, Any]:
    response = await client.post(f'{path}/', json=body, headers=headers)
    assert response.status_code == 201, response.text
    entry: dict[str, Any] = response.json()
    return entry


async def library_rows(runtime: Runtime) -> tuple[int, int]:
    """How many prospects and scenarios are stored, for every user."""
    async with runtime.database.session() as session:
        prospects = await session.scalar(select(func.count()).select_from(ProspectEntry))
        scenarios = await session.scalar(select(func.count()).select_from(ScenarioEntry))
    return prospects or 0, scenarios or 0


def error_locs(response: httpx.Response) -> list[list[Any]]:
    return [error['loc'] for error in response.json()['detail']]
