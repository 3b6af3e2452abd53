"""A rep builds prospects in the editor: creates one, edits it, sees a message next to a bad field, duplicates a
built-in, deletes their own after a confirmation; another rep's private prospect is not found."""

from nicegui import ui
from nicegui.testing import User
from sqlalchemy import select

from app.runtime import current_runtime
from services.library.prospect import ProspectProfile
from services.library.store import PROSPECTS, Draft
from services.models import ProspectEntry
from services.users import get_user_by_email
from tests.support.pages import log_out, sign_up
from tests.support.waiting import until_async


async def stored_prospects() -> list[ProspectEntry]:
    async with current_runtime().database.session() as session:
        return list(await session.scalars(select(ProspectEntry).order_by(ProspectEntry.created_at)))


async def test_a_rep_creates_a_prospect_and_edits_it(user: User) -> None:
    await sign_up(user)
    await user.open('/prospects')
    await user.should_see('Jordan Lee')  # the built-ins
    await user.should_see('Built-in · read-only')
    user.find(marker='new-prospect').click()
    await user.should_see(marker='save')
    user.find(marker='name').type('Dana Whitfield')
    user.find(marker='job_title').type('Finance director')
    user.find(marker='company').type('Harbor Retail')
    user.find(marker='add-objections').click()
    user.find(marker='objections-0').type('We signed with a competitor last year.')
    user.find(marker='decision.budget').type('set in January')
    await user.should_see('3 of 5: You answer questions fairly and honestly.')  # a knob in words
    await user.should_see('You are Dana Whitfield, finance director at Harbor Retail')  # the prompt's preview
    user.find(marker='save').click()
    await user.should_see('Saved “Dana Whitfield”.')

    [row] = await stored_prospects()
    profile = ProspectProfile.model_validate(row.profile)
    assert profile.objections == ['We signed with a competitor last year.']
    assert profile.decision.budget == 'set in January'
    assert row.visibility == 'private'

    await user.open(f'/prospects/{row.id}')
    await user.should_see('Dana Whitfield')
    user.find(marker='company').clear().type('Harbor Outdoor')
    user.find(marker='save').click()
    [row] = await until_async(stored_prospects, lambda rows: rows[0].profile['company'] == 'Harbor Outdoor')
    assert row.profile['name'] == 'Dana Whitfield'


async def test_an_admin_shares_a_prospect_that_other_reps_use_read_only(user: User) -> None:
    await sign_up(user, email='admin@example.com', name='Sam Admin')  # the first account is the admin
    await user.open('/prospects/new')
    user.find(marker='name').type('Pat Shared')
    user.find(marker='job_title').type('Buyer')
    user.find(marker='visibility').click()
    user.find('Everyone on this installation').click()
    user.find(marker='save').click()
    [row] = await until_async(stored_prospects, lambda rows: len(rows) == 1)
    assert row.visibility == 'everyone'
    await log_out(user)

    await sign_up(user)
    await user.open('/prospects')
    await user.should_see('Shared with everyone')
    await user.should_not_see(marker=f'edit-{row.id}')
    await user.should_not_see(marker=f'delete-{row.id}')
    await user.open(f'/prospects/{row.id}')
    await user.should_see('You may use this prospect but not change it')
    await user.should_not_see(marker='save')
    await user.open('/prospects/new')
    await user.should_see(marker='save')
    await user.should_not_see(marker='visibility')  # only admins share


async def test_a_bad_field_gets_its_message_next_to_it_and_nothing_is_saved(user: User) -> None:
    await sign_up(user)
    await user.open('/prospects/new')
    user.find(marker='job_title').type('Finance director')
    user.find(marker='save').click()
    await user.should_see('Not saved: 1 field to fix')
    error = user.find(marker='error-name').elements.pop()
    assert isinstance(error, ui.label) and 'at least 1 character' in error.text
    assert not await stored_prospects()


async def test_a_built_in_is_read_only_and_duplicated_as_the_reps_own(user: User) -> None:
    await sign_up(user)
    await user.open('/prospects/skeptical_buyer')
    await user.should_see('You may use this prospect but not change it')
    await user.should_not_see(marker='save')
    user.find(marker='duplicate').click()
    await user.should_see('Duplicated as “Morgan Reyes (copy)”')
    [row] = await stored_prospects()
    await user.should_see(marker='save')  # the copy's editor
    assert row.profile['name'] == 'Morgan Reyes (copy)'

    await user.open('/prospects')
    await user.should_see('Morgan Reyes (copy)')
    user.find(marker=f'delete-{row.id}').click()
    await user.should_see('Delete the prospect “Morgan Reyes (copy)”?')
    user.find('Delete prospect').click()
    await user.should_see('Deleted “Morgan Reyes (copy)”.')
    assert not await stored_prospects()


async def test_another_reps_private_prospect_is_not_found(user: User) -> None:
    await sign_up(user, email='other@example.com', name='Sam Other')
    async with current_runtime().database.session() as session:
        other = await get_user_by_email(session, 'other@example.com')
        assert other is not None
        profile = ProspectProfile(name='Secret Sam', job_title='Buyer')
        entry = await PROSPECTS.create(session, user=other, draft=Draft(content=profile))
    await log_out(user)
    await sign_up(user)
    await user.open('/prospects')
    await user.should_see('Jordan Lee')
    await user.should_not_see('Secret Sam')
    await user.open(f'/prospects/{entry.id}')
    await user.should_see('This prospect does not exist, or it is not yours.')
    await user.should_not_see('Secret Sam')


async def test_an_import_names_the_bad_entry_and_field_and_saves_nothing_then_imports_and_exports(user: User) -> None:
    await sign_up(user)
    await user.open('/prospects')
    upload = user.find(marker='import-file').elements.pop()
    assert isinstance(upload, ui.upload)
    bad = b'personas:\n  - {name: Ana Ok, job_title: Buyer}\n  - {name: Bo Bad, job_title: Buyer, objections: [""]}\n'
    await upload.handle_uploads([ui.upload.SmallFileUpload('team.yaml', 'application/yaml', bad)])
    await user.should_see('Nothing was imported from team.yaml:')
    await user.should_see('entry 2, objections.0: String should have at least 1 character')
    assert not await stored_prospects()

    good = b'[{"name": "Ana Ok", "job_title": "Buyer"}, {"name": "Bo Fine", "job_title": "Buyer"}]'
    await upload.handle_uploads([ui.upload.SmallFileUpload('team.json', 'application/json', good)])
    await user.should_see('Imported 2 prospects from team.json.')
    await user.should_see('Bo Fine')
    assert len(await stored_prospects()) == 2

    user.find(marker='export').click()
    user.find(marker='export-yaml').click()
    exported = await user.download.next()
    assert b'name: Bo Fine' in exported.content and b'name: Jordan Lee' in exported.content
