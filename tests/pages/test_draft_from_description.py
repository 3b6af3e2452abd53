"""An admin describes a buyer or a scenario in a paragraph and the configured model fills in the editor's fields:
nothing is saved until they press Save; a model that answers badly is told in words and leaves the fields alone;
without a model the helper is not offered."""

import pytest
from nicegui import ui
from nicegui.testing import User
from sqlalchemy import func, select

from app.runtime import Runtime, current_runtime
from services.coaching.ai_coach import ModelCoachSettings
from services.models import ProspectEntry, ScenarioEntry
from tests.fake_openai import API_KEY, FakeOpenAI, Reply
from tests.support.pages import sign_up
from tests.support.waiting import until_async

DESCRIPTION = 'A finance director at a 300-person builder, sceptical of software; the CFO signs anything over 50k.'
PROSPECT = {
    'name': 'Dana Holt',
    'job_title': 'Finance director',
    'company': 'Holt & Sons Construction',
    'difficulty': 'hard',
    'behaviour': {'openness': 2, 'pushback': 4, 'trust_needed': 4},
    'objections': ['We tried software like this and nobody used it.'],
    'decision': {'others': 'The CFO signs anything over 50k'},
}
SCENARIO = {
    'title': 'Cash-flow software to construction finance',
    'product': 'SiteLedger, invoicing from the site',
    'call_type': 'cold_call',
    'goals': ['Learn who signs off', 'Book a demo with the CFO'],
    'criteria': [{'id': 'who_signs', 'text': 'Did the rep ask who signs off?', 'weight': 2}],
    'pass_mark': 70,
}


@pytest.fixture
def model(fake_openai: tuple[FakeOpenAI, str], monkeypatch: pytest.MonkeyPatch) -> FakeOpenAI:
    """The app's drafting model is the fake server."""
    server, base_url = fake_openai
    settings = ModelCoachSettings(api_key=API_KEY, base_url=base_url, model='gpt-4o', timeout_s=2.0)
    monkeypatch.setattr(Runtime, 'draft_model', lambda self: settings)
    return server


async def stored(table: type[ProspectEntry] | type[ScenarioEntry]) -> int:
    async with current_runtime().database.session() as session:
        return int(await session.scalar(select(func.count()).select_from(table)) or 0)


def value_of(user: User, marker: str) -> object:
    element = user.find(marker=marker).elements.pop()
    assert isinstance(element, ui.input | ui.textarea | ui.number | ui.select)
    return element.value


async def test_a_prospect_is_drafted_into_the_form_and_saved_only_on_save(user: User, model: FakeOpenAI) -> None:
    model.replies.append(Reply(content=PROSPECT))
    await sign_up(user)
    await user.open('/prospects/new')
    user.find('Draft from a description').click()
    user.find(marker='draft-description').type(DESCRIPTION)
    user.find(marker='draft').click()
    await user.should_see('Drafted: review the fields, then Save.')

    assert value_of(user, 'name') == 'Dana Holt'
    assert value_of(user, 'company') == 'Holt & Sons Construction'
    assert value_of(user, 'objections-0') == 'We tried software like this and nobody used it.'
    assert value_of(user, 'decision.others') == 'The CFO signs anything over 50k'
    await user.should_see('You are Dana Holt, finance director at Holt & Sons Construction')  # the preview follows
    assert DESCRIPTION in model.prompts[0]
    assert await stored(ProspectEntry) == 0  # a draft is not saved

    user.find(marker='save').click()
    await until_async(lambda: stored(ProspectEntry), lambda count: count == 1)


async def test_a_scenario_is_drafted_with_its_goals_and_scorecard(user: User, model: FakeOpenAI) -> None:
    model.replies.append(Reply(content=SCENARIO))
    await sign_up(user)
    await user.open('/scenarios/new')
    user.find('Draft from a description').click()
    user.find(marker='draft-description').type('Cold calls to construction finance teams about late invoices.')
    user.find(marker='draft').click()
    await user.should_see('Drafted: review the fields, then Save.')
    assert value_of(user, 'title') == 'Cash-flow software to construction finance'
    assert value_of(user, 'goals-1') == 'Book a demo with the CFO'
    assert value_of(user, 'criterion-text-0') == 'Did the rep ask who signs off?'
    assert value_of(user, 'pass_mark') == 70
    assert await stored(ScenarioEntry) == 0


async def test_a_bad_draft_is_told_in_words_and_leaves_the_fields_as_they_were(user: User, model: FakeOpenAI) -> None:
    model.replies.append(Reply(content='Sure! Here is the prospect.'))
    model.replies.append(Reply(content={**PROSPECT, 'behaviour': {'openness': 9, 'pushback': 4, 'trust_needed': 4}}))
    await sign_up(user)
    await user.open('/prospects/new')
    user.find(marker='name').type('Typed by hand')
    user.find('Draft from a description').click()
    user.find(marker='draft-description').type(DESCRIPTION)
    user.find(marker='draft').click()
    await user.should_see('The model answered with malformed JSON. Try again, or fill in the fields.')
    user.find(marker='draft').click()
    await user.should_see("The model's draft does not fit the form:")
    assert value_of(user, 'name') == 'Typed by hand'
    await user.should_not_see(API_KEY)  # the key goes to the model only, never into a message
    assert await stored(ProspectEntry) == 0


async def test_without_a_model_the_helper_is_not_offered(user: User, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Runtime, 'draft_model', lambda self: None)
    await sign_up(user)
    await user.open('/prospects/new')
    await user.should_see(marker='save')
    await user.should_not_see('Draft from a description')
