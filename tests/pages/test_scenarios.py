"""A rep builds scenarios in the editor: title, product, call type, suitable prospects, goals and a scorecard (rows
added, moved and removed, weights shown as shares), the pass mark and a time limit; bad input is named next to its
field; another rep's private scenario is not found."""

from nicegui import ui
from nicegui.testing import User
from sqlalchemy import select

from app.runtime import current_runtime
from services.library.scenario import Criterion, ScenarioSpec
from services.library.store import SCENARIOS, Draft
from services.models import ScenarioEntry
from services.users import get_user_by_email
from tests.support.pages import log_out, sign_up
from tests.support.waiting import until_async


async def stored_scenarios() -> list[ScenarioEntry]:
    async with current_runtime().database.session() as session:
        return list(await session.scalars(select(ScenarioEntry).order_by(ScenarioEntry.created_at)))


def label_text(user: User, marker: str) -> str:
    label = user.find(marker=marker).elements.pop()
    assert isinstance(label, ui.label)
    return label.text


async def test_a_rep_builds_a_scenario_with_goals_and_a_scorecard(user: User) -> None:
    await sign_up(user)
    await user.open('/scenarios')
    await user.should_see('CRM software to a mid-size company')  # the built-ins
    user.find(marker='new-scenario').click()
    await user.should_see(marker='save')
    user.find(marker='title').type('Payroll to retail chains')
    user.find(marker='product').type('PayFlow, payroll for shift workers')
    user.find(marker='call_type').click()
    user.find('Cold call').click()
    user.find(marker='persona_ids').click()
    user.find('Morgan Reyes, Head of procurement').click()
    user.find(marker='add-goals').click()
    user.find(marker='goals-0').type('Book a 30-minute demo')
    for _ in range(3):
        user.find(marker='add-criterion').click()
    user.find(marker='criterion-text-0').type('Did the rep ask who else decides?')
    user.find(marker='criterion-text-1').type('How well were objections handled?')
    user.find(marker='criterion-kind-1').click()
    user.find('1–5').click()
    user.find(marker='criterion-weight-1').clear().type('3')
    user.find(marker='criterion-text-2').type('A row to remove')
    await user.should_see('60% of the total')  # 3 of 1 + 3 + 1
    user.find(marker='remove-criterion-2').click()
    await user.should_see('75% of the total')
    assert label_text(user, 'share-0') == '25% of the total'
    user.find(marker='criterion-hint-0').type('names a person or a committee')
    user.find(marker='time_limit').type('5')
    user.find(marker='save').click()

    [row] = await until_async(stored_scenarios, lambda rows: len(rows) == 1)
    spec = ScenarioSpec.model_validate(row.spec)
    assert spec.title == 'Payroll to retail chains'
    assert spec.call_type == 'cold_call'
    assert spec.persona_ids == ['skeptical_buyer']
    assert spec.goals == ['Book a 30-minute demo']
    assert [(c.text, c.kind, c.weight, c.evidence_hint) for c in spec.criteria] == [
        ('Did the rep ask who else decides?', 'yes_no', 1.0, 'names a person or a committee'),
        ('How well were objections handled?', 'scale_1_5', 3.0, None),
    ]
    assert spec.pass_mark == 80
    assert spec.time_limit_s == 300
    await user.should_see(marker='delete')  # the saved scenario's own editor


async def test_criteria_are_reordered_and_a_bad_weight_is_named_next_to_it(user: User) -> None:
    await sign_up(user)
    async with current_runtime().database.session() as session:
        sam = await get_user_by_email(session, 'sam@example.com')
        assert sam is not None
        spec = ScenarioSpec(
            title='Two criteria',
            criteria=[Criterion(id='first', text='First?'), Criterion(id='second', text='Second?', weight=2)],
        )
        entry = await SCENARIOS.create(session, user=sam, draft=Draft(content=spec))
    await user.open(f'/scenarios/{entry.id}')
    await user.should_see('67% of the total')
    user.find(marker='criterion-weight-0').clear().type('-1')
    user.find(marker='save').click()
    await user.should_see('Not saved')
    assert 'greater than 0' in label_text(user, 'error-criteria.0.weight')
    user.find(marker='criterion-weight-0').clear().type('1')
    user.find(marker='pass_mark').clear().type('70')
    user.find(marker='move-up-1').click()  # the second criterion goes first
    assert label_text(user, 'share-0') == '67% of the total'
    user.find(marker='save').click()
    saved = await until_async(stored_scenarios, lambda rows: rows[0].spec['pass_mark'] == 70)
    assert [c['id'] for c in saved[0].spec['criteria']] == ['second', 'first']  # ids kept, order changed
    assert [c['weight'] for c in saved[0].spec['criteria']] == [2, 1]


async def test_the_editor_previews_what_the_prospect_is_told_and_keeps_the_last_valid_version(user: User) -> None:
    await sign_up(user)
    await user.open('/scenarios/new')
    await user.should_see('What the prospect is told')
    user.find(marker='title').type('Payroll to retail chains')
    user.find(marker='product').type('PayFlow, payroll for shift workers')
    user.find(marker='add-goals').click()
    user.find(marker='goals-0').type('Book a 30-minute demo')
    await user.should_see("The rep's scenario: Payroll to retail chains")
    preview = label_text(user, 'prompt-preview')
    assert 'What the rep sells: PayFlow, payroll for shift workers.' in preview
    assert '  - Book a 30-minute demo' in preview
    assert 'The kind of call: Discovery.' in preview

    user.find(marker='pass_mark').clear().type('150')  # invalid: the preview stays as it was, and says so
    await user.should_see('Fix the fields marked in red; this shows the last valid version.')
    assert label_text(user, 'prompt-preview') == preview


async def test_adding_moving_and_removing_rows_leaves_the_other_rows_as_typed(user: User) -> None:
    """Only the row concerned changes: the others keep their elements, so a word still on its way from the browser
    lands in the row it was typed in (redrawing every row from the server's copy lost it)."""
    await sign_up(user)
    await user.open('/scenarios/new')
    await user.should_see(marker='save')
    user.find(marker='add-criterion').click()
    user.find(marker='criterion-text-0').type('Asked who else decides?')
    first = user.find(marker='criterion-text-0').elements.pop()
    user.find(marker='add-criterion').click()
    user.find(marker='criterion-text-1').type('Agreed a next step?')
    user.find(marker='add-goals').click()
    user.find(marker='goals-0').type('Book a demo')
    goal = user.find(marker='goals-0').elements.pop()
    user.find(marker='add-goals').click()
    user.find(marker='add-goals').click()
    user.find(marker='goals-2').type('Learn the budget')

    assert user.find(marker='criterion-text-0').elements == {first}  # the same element, not a redrawn copy
    assert user.find(marker='goals-0').elements == {goal}
    user.find(marker='move-down-0').click()
    assert user.find(marker='criterion-text-1').elements == {first}
    assert first.props['label'] == 'Criterion 2'
    user.find(marker='remove-criterion-0').click()
    assert user.find(marker='criterion-text-0').elements == {first}
    assert first.props['label'] == 'Criterion 1'
    budget = user.find(marker='goals-2').elements.pop()
    user.find(marker='remove-goals-1').click()  # the blank middle row
    assert user.find(marker='goals-1').elements == {budget}
    user.find(marker='title').type('Rows kept')
    user.find(marker='save').click()

    [row] = await until_async(stored_scenarios, lambda rows: len(rows) == 1)
    spec = ScenarioSpec.model_validate(row.spec)
    assert [c.text for c in spec.criteria] == ['Asked who else decides?']
    assert spec.goals == ['Book a demo', 'Learn the budget']  # the blank middle row is left out


async def test_another_reps_private_scenario_is_not_found(user: User) -> None:
    await sign_up(user, email='other@example.com', name='Sam Other')
    async with current_runtime().database.session() as session:
        other = await get_user_by_email(session, 'other@example.com')
        assert other is not None
        entry = await SCENARIOS.create(session, user=other, draft=Draft(content=ScenarioSpec(title='Secret deal')))
    await log_out(user)
    await sign_up(user)
    await user.open('/scenarios')
    await user.should_see('CRM software to a mid-size company')
    await user.should_not_see('Secret deal')
    await user.open(f'/scenarios/{entry.id}')
    await user.should_see('This scenario does not exist, or it is not yours.')
    await user.should_not_see('Secret deal')
