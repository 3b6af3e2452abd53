"""Calls stored quickly for a rep, as the analysis would have left them: for progress, history and the dashboard."""

import copy
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import update

from app.runtime import Runtime
from services import calls
from services.call_status import CallStatus
from services.models import CallSession
from services.users import create_user
from tests.factories import PASSWORD, analysed_call, sample_call_body

NOW = datetime(2025, 6, 12, 15, 0, tzinfo=UTC)
UNSET: Any = object()  # keep what the real analysis wrote


@dataclass(kw_only=True)
class Seed:
    """One call to store: analysed (status `done`, the report edited to these values) unless `status` says not."""

    created_at: datetime
    persona: str = 'skeptical_buyer'
    score: int | None = 60
    status: str = CallStatus.DONE
    wpm: float | None = UNSET
    fillers: float | None = UNSET
    talk_ratio: float | None = UNSET
    skills: dict[str, int] | None = None
    drop_talk_ratio: bool = False  # a report written before the metric existed


async def seed_calls(runtime: Runtime, owner_id: uuid.UUID, seeds: Sequence[Seed]) -> list[uuid.UUID]:
    """Stores the calls quickly: one real analysis gives a report, which every analysed seed gets a copy of."""
    template = await _analysed_report(runtime, owner_id)
    body = sample_call_body()
    ids = []
    async with runtime.database.session() as session:
        for seed in seeds:
            call = await calls.create_call(
                session, owner_id=owner_id, persona=seed.persona, scenario='CRM software', engine='demo'
            )
            values: dict[str, Any] = {
                'created_at': seed.created_at,
                'status': seed.status,
                'duration_seconds': body['duration_seconds'],
                'transcript': body['transcript'],
                'emotion_data': body['emotion_data'],
                'overall_score': seed.score if seed.status == CallStatus.DONE else None,
            }
            if seed.status == CallStatus.DONE:
                values['analysis_results'] = _report(template, seed)
            await session.execute(update(CallSession).where(CallSession.id == call.id).values(**values))
            await session.commit()
            ids.append(call.id)
    return ids


async def make_rep(runtime: Runtime, email: str = 'rep@example.com') -> uuid.UUID:
    async with runtime.database.session() as session:
        return (await create_user(session, email=email, password=PASSWORD, full_name='Riley Rep')).id


def ago(**delta: float) -> datetime:
    return NOW - timedelta(**delta)


def skills(opening: int, discovery: int, objection_handling: int, next_step: int, delivery: int) -> dict[str, int]:
    return {
        'opening': opening,
        'discovery': discovery,
        'objection_handling': objection_handling,
        'next_step': next_step,
        'delivery': delivery,
    }


async def _analysed_report(runtime: Runtime, owner_id: uuid.UUID) -> dict[str, Any]:
    """A report the real pipeline wrote for `sample_call_body`; its call is removed again."""
    done = await analysed_call(runtime, owner_id)
    async with runtime.database.session() as session:
        await calls.delete_call(session, done)
    assert done.analysis_results is not None
    return done.analysis_results


def _report(template: dict[str, Any], seed: Seed) -> dict[str, Any]:
    report = copy.deepcopy(template)
    report['overall_score'] = seed.score
    metrics = report['speech_metrics']
    if seed.wpm is not UNSET:
        metrics['words_per_minute'] = seed.wpm
    if seed.fillers is not UNSET:
        metrics['filler_words']['per_minute'] = seed.fillers
    if seed.talk_ratio is not UNSET:
        metrics['talk_listen_ratio'] = seed.talk_ratio
    if seed.drop_talk_ratio:
        del metrics['talk_listen_ratio']
    report['skill_scores'] = seed.skills
    return report
