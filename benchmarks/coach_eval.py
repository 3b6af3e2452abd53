#!/usr/bin/env python3
"""Scores the labelled calls (tests/labelled_calls) with the coach and checks its scores order them as the labels do.

Prints a table of every call (label, length, score, the five skill scores), the mean score of each label, the
pairwise ordering accuracy (all pairs, and pairs of one persona), Spearman's rho of label and score, the poor calls
scored above a great call of the same persona, and PASS or FAIL against the targets of issue 11: pairwise >= 0.9,
Spearman >= 0.8, no such inversion, and every call scored. `--coach ai` also scores the calls with the AI coach,
configured as the app configures it (OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_MODEL, or the same keys in .env).
Exit code 0 when every coach that ran meets the targets, 1 when not.
Usage: .venv/bin/python benchmarks/coach_eval.py [--set main|holdout|blind|blind2|all] [--coach rule|ai]
"""

import argparse
import asyncio
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.settings import Settings
from services.coaching.ai_coach import CoachFailed, ModelCoachSettings, OpenAICoach
from services.coaching.facts import CallFacts
from services.coaching.report import CoachingReport
from services.coaching.rule_based import rule_based_report
from services.transcript import EmotionData
from tests.labelled_calls import BLIND2_DIR, BLIND_DIR, HOLDOUT_DIR, LABELS, MAIN_DIR, LabelledCall, load_calls
from tests.labelled_calls.evaluation import PAIRWISE_TARGET, SPEARMAN_TARGET, Evaluation, evaluate

SETS = {
    'main': (MAIN_DIR,),
    'holdout': (HOLDOUT_DIR,),
    'blind': (BLIND_DIR,),
    'blind2': (BLIND2_DIR,),
    'all': (MAIN_DIR, HOLDOUT_DIR, BLIND_DIR, BLIND2_DIR),
}
SKILLS = ('opening', 'discovery', 'objection_handling', 'next_step', 'delivery')
SKILL_HEADS = ('open', 'disc', 'obj', 'next', 'deliv')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--set', choices=tuple(SETS), default='main', dest='call_set')
    parser.add_argument('--coach', choices=('rule', 'ai'), default='rule', help='ai scores with both coaches')
    args = parser.parse_args()

    calls = [call for directory in SETS[args.call_set] for call in load_calls(directory)]
    if not calls:
        sys.exit(f'no labelled calls in the {args.call_set} set')
    print(f'{len(calls)} labelled calls ({args.call_set} set)')

    passed = report('rule-based coach', calls, [rule_based_report(facts_of(call)) for call in calls])
    if args.coach == 'ai':
        model = model_settings()
        if model is None:
            print(
                '\nThe AI coach is not configured (set OPENAI_API_KEY, and OPENAI_MODEL / OPENAI_BASE_URL if needed).'
            )
        else:
            passed = report(f'AI coach ({model.model})', calls, asyncio.run(ai_reports(model, calls))) and passed
    sys.exit(0 if passed else 1)


def facts_of(call: LabelledCall) -> CallFacts:
    return CallFacts.compute(
        persona_id=call.persona,
        scenario=call.scenario,
        duration_seconds=call.duration_seconds,
        transcript=call.transcript,
        emotion_data=EmotionData(),
    )


def model_settings() -> ModelCoachSettings | None:
    """The AI coach's settings from the environment, as app/runtime.py's coach_for reads them."""
    settings = Settings()
    if settings.openai_api_key is None:
        return None
    return ModelCoachSettings(
        api_key=settings.openai_api_key.get_secret_value(),
        base_url=settings.openai_base_url,
        model=settings.openai_model,
    )


async def ai_reports(model: ModelCoachSettings, calls: Sequence[LabelledCall]) -> list[CoachingReport | None]:
    coach = OpenAICoach(model)
    reports: list[CoachingReport | None] = []
    try:
        for call in calls:
            try:
                reports.append(await coach.write_report(facts_of(call)))
            except CoachFailed as failure:  # the call counts as unscored, which fails the set
                print(f'  {call.id}: the AI coach failed: {failure}')
                reports.append(None)
    finally:
        await coach.aclose()
    return reports


def report(title: str, calls: Sequence[LabelledCall], reports: Sequence[CoachingReport | None]) -> bool:
    scores = [None if r is None or r.overall_score is None else float(r.overall_score) for r in reports]
    print(f'\n== {title} ==\n')
    print_table(calls, reports)
    print('\nMean score by label:')
    for label in LABELS:
        values = [s for call, s in zip(calls, scores, strict=True) if call.label == label and s is not None]
        mean = f'{statistics.fmean(values):5.1f}' if values else '    -'
        print(f'  {label:<8} {mean}  ({len(values)} calls)')
    result = evaluate(calls, scores)
    print_evaluation(result)
    return result.passed


def print_table(calls: Sequence[LabelledCall], reports: Sequence[CoachingReport | None]) -> None:
    width = max(len(call.id) for call in calls)
    print(f'{"id":<{width}}  {"persona":<17}  {"label":<7}  {"min":>4}  {"score":>5}  ' + '  '.join(SKILL_HEADS))
    for call, result in zip(calls, reports, strict=True):
        score = '-' if result is None or result.overall_score is None else str(result.overall_score)
        skills = result.skill_scores if result is not None else None
        cells = [str(getattr(skills, skill)) if skills else '-' for skill in SKILLS]
        print(
            f'{call.id:<{width}}  {call.persona:<17}  {call.label:<7}  {call.duration_seconds / 60:4.1f}  '
            f'{score:>5}  ' + '  '.join(f'{cell:>{len(head)}}' for cell, head in zip(cells, SKILL_HEADS, strict=True))
        )


def print_evaluation(result: Evaluation) -> None:
    print(f'\nPairwise accuracy, all pairs:      {figure(result.pairwise)}  (target >= {PAIRWISE_TARGET})')
    print(f'Pairwise accuracy, within persona: {figure(result.pairwise_within_persona)}')
    print(f"Spearman's rho, label and score:   {figure(result.spearman)}  (target >= {SPEARMAN_TARGET})")
    if result.unscored:
        print(f'Unscored calls ({len(result.unscored)}): ' + ', '.join(result.unscored))
    print(f'Inversions (poor above great, same persona): {len(result.inversions)}')
    for inversion in result.inversions:
        print(f'  {inversion.poor_id} {inversion.poor_score:g} > {inversion.great_id} {inversion.great_score:g}')
    checks = [
        ('pairwise', result.pairwise is not None and result.pairwise >= PAIRWISE_TARGET),
        ('spearman', result.spearman is not None and result.spearman >= SPEARMAN_TARGET),
        ('no inversions', not result.inversions),
        ('every call scored', not result.unscored),
    ]
    print('  '.join(f'{name}: {"ok" if ok else "FAIL"}' for name, ok in checks))
    print('PASS' if result.passed else 'FAIL')


def figure(value: float | None) -> str:
    return 'undefined' if value is None else f'{value:.3f}'


if __name__ == '__main__':
    main()
