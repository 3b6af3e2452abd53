"""Running a team in the pages: an admin administers users and builds a team; a manager reads the team's table,
assigns practice and makes an invitation link; the rep sees the assignment on the dashboard and practises it; the
manager reviews the rep's call (comment, override, sign-off) and the rep reads the review. Another rep finds none
of it."""

import uuid
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from nicegui.testing import User
from sqlalchemy import select

from app.runtime import current_runtime
from services.assignments import create_assignment
from services.models import Assignment, AssignmentRep, CallSession, Invitation, ProspectEntry, Role, Team, TeamRole
from services.models import User as Account
from services.models.base import utcnow
from services.team_summary import SKILLS
from services.teams import create_team, delete_team, get_team, set_member, team_ids_by_user
from services.users import create_user, get_user_by_email
from tests.support.pages import PASSWORD, add_analysed_call, log_in, log_out, sign_up
from tests.support.waiting import until_async


async def account(email: str) -> Account:
    async with current_runtime().database.session() as session:
        found = await get_user_by_email(session, email)
        assert found is not None
        return found


async def a_team() -> tuple[Account, Account, uuid.UUID]:
    """Sam (the admin, signed up first) makes Mia a manager of Sales East, with Rory as its rep."""
    async with current_runtime().database.session() as session:
        mia = await create_user(
            session, email='mia@example.com', password=PASSWORD, full_name='Mia Manager', role=Role.MANAGER
        )
        rory = await create_user(session, email='rory@example.com', password=PASSWORD, full_name='Rory Rep')
        team = await create_team(session, name='Sales East')
        await set_member(session, team, mia, TeamRole.MANAGER)
        await set_member(session, team, rory, TeamRole.MEMBER)
        return mia, rory, team.id


async def test_an_admin_searches_users_changes_a_role_and_deactivates_an_account(user: User) -> None:
    await sign_up(user)
    await a_team()
    await user.open('/admin/users')
    await user.should_see('3 users')
    user.find(marker='search').type('rory')
    await user.should_see('1 user')
    user.find(marker='deactivate-rory@example.com').click()
    await user.should_see('Saved: Rory Rep.')
    assert (await account('rory@example.com')).is_active is False
    user.find(marker='reset-rory@example.com').click()
    await user.should_see('A reset link for Rory Rep')
    user.find(marker='search').clear().type('sam')
    await user.should_see(marker='role-sam@example.com')
    user.find(marker='role-sam@example.com').elements.pop().set_value('rep')  # 'Rep' is the invitation's too
    await user.should_see('This is the last active admin: make another user an admin first.')
    assert (await account('sam@example.com')).role == 'admin'


async def test_a_rep_is_not_shown_the_admins_pages(user: User) -> None:
    await sign_up(user)
    await a_team()
    await log_out(user)
    await log_in(user, 'rory@example.com')
    await user.should_see('Welcome, Rory!')
    await user.should_not_see(marker='Teams')
    await user.open('/admin/users')
    await user.should_see('Only admins can see this page.')
    async with current_runtime().database.session() as session:
        team_id = (await session.scalars(select(Assignment.team_id))).first()
    await user.open(f'/teams/{team_id or uuid.uuid4()}')
    await user.should_see('This team does not exist, or you do not manage it.')


async def test_a_manager_assigns_the_rep_practises_and_the_manager_reviews(user: User) -> None:
    await sign_up(user)
    _mia, rory, team_id = await a_team()
    await log_out(user)
    await log_in(user, 'mia@example.com')
    await user.should_see('Welcome, Mia!')
    user.find(marker='Teams').click()
    await user.should_see('1 rep · managed by Mia Manager')
    await user.open(f'/teams/{team_id}')  # the card is a link (a browser follows it; the simulated user does not)
    await user.should_see('Rory Rep')  # the table of reps
    user.find(marker='assign-scenario').click()
    user.find('CRM software to a mid-size company').click()
    user.find(marker='assign').click()
    await user.should_see('CRM software to a mid-size company: due')
    user.find(marker='invite').click()
    await user.should_see('Copy the link and send it: it works once.')
    await user.should_see(marker='open-invitation')
    user.find(marker='withdraw').click()
    await user.should_see('Withdrawn: the link no longer works.')
    await user.should_not_see(marker='open-invitation')

    await log_out(user)
    await log_in(user, 'rory@example.com')
    await user.should_see('My assignments')
    await user.should_see('Not started')
    async with current_runtime().database.session() as session:
        assignment = (await session.scalars(select(Assignment))).one()
    user.find(marker=f'practise-assignment-{assignment.id}').click()
    await user.should_see('Assignment: CRM software to a mid-size company')
    user.find(marker='start-assignment').click()
    await user.should_see('Connecting…')
    async with current_runtime().database.session() as session:
        started = (await session.scalars(select(CallSession))).one()
    assert started.assignment_id == assignment.id and started.scenario_id == 'saas_crm'

    # A finished, analysed call of the rep's (the call itself is the practice page's own tests' business).
    score = await add_analysed_call('rory@example.com')
    async with current_runtime().database.session() as session:
        reviewed = (await session.scalars(select(CallSession).where(CallSession.overall_score.is_not(None)))).one()
        reviewed.scenario_id = 'saas_crm'  # practised on the scenario, so that it can be signed off
        await session.commit()
    await log_out(user)
    await log_in(user, 'mia@example.com')
    await user.should_see('Welcome, Mia!')
    await user.open(f'/teams/{team_id}')
    await user.should_see('Rory Rep')
    [table] = user.find(marker='reps').elements
    assert {'Opening', 'Discovery', 'Objections', 'Next step', 'Delivery'} <= {c['label'] for c in table.columns}
    [row] = table.rows
    assert row['calls'] == 1 and row['average'] == score  # the analysed call (the one started is not finished)
    assert all(isinstance(row[skill], float) and 1 <= row[skill] <= 5 for skill in SKILLS), row
    await user.open(f'/teams/{team_id}/reps/{rory.id}')
    await user.should_see('Rory Rep')
    await user.open(f'/calls/{reviewed.id}')
    await user.should_see("Manager's review")
    await user.should_not_see(marker='analyse-again')  # read-only for the manager
    user.find(marker='comment-text').type('Ask about budget sooner.')
    user.find(marker='comment').click()
    await user.should_see('Ask about budget sooner.')
    user.find(marker='override-score').type('91')
    user.find(marker='override-reason').type('The objection was handled well.')
    user.find(marker='override').click()
    await user.should_see('Manager: 91')
    await user.should_see(f'Coach: {score}')
    user.find(marker='sign-off').click()
    await user.should_see('Signed off on “CRM software to a mid-size company” by Mia Manager')
    await user.should_not_see(marker='sign-off')  # once is enough
    await user.open(f'/teams/{team_id}')
    await user.should_see('Rory Rep')
    [table] = user.find(marker='reps').elements
    assert [row['signed'] for row in table.rows] == [1]

    await log_out(user)
    await log_in(user, 'rory@example.com')
    await user.should_see('Welcome, Rory!')
    [badge] = user.find(marker='unread').elements
    assert getattr(badge, 'text', '') == '4'  # the assignment, the comment, the override and the sign-off
    await user.should_see(marker='sign-offs')  # the dashboard lists it
    [latest] = user.find(marker='latest-calls').elements
    overridden = [row for row in latest.rows if row['overridden']]
    assert [(row['score'], row['coach']) for row in overridden] == [(91, score)]  # the manager's, marked
    await user.should_see('CRM software to a mid-size company · by Mia Manager')
    await user.open(f'/calls/{reviewed.id}')
    await user.should_see('Ask about budget sooner.')  # the rep reads the review
    await user.should_see('Manager: 91')
    await user.should_see('The objection was handled well.')
    await user.should_see('Signed off on “CRM software to a mid-size company” by Mia Manager')
    await user.should_not_see(marker='override-score')  # and cannot score themselves


async def test_a_manager_assigns_chosen_reps_with_a_prospect_and_the_attempts_that_count(user: User) -> None:
    await sign_up(user)
    _mia, rory, team_id = await a_team()
    await log_out(user)
    await log_in(user, 'mia@example.com')
    await user.should_see('Welcome, Mia!')
    await user.open(f'/teams/{team_id}')
    user.find(marker='assign-scenario').click()
    user.find('CRM software to a mid-size company').click()
    user.find(marker='assign-prospect').click()
    user.find('Alex Chen').click()
    user.find(marker='assign-reps').click()
    user.find('Rory Rep').click()
    user.find(marker='assign-attempts').type('2')
    user.find(marker='assign').click()
    await user.should_see('CRM software to a mid-size company: due')
    async with current_runtime().database.session() as session:
        assignment = (await session.scalars(select(Assignment))).one()
        reps = (await session.scalars(select(AssignmentRep.user_id))).all()
    assert (assignment.team_id, assignment.persona_id, assignment.attempts) == (None, 'busy_executive', 2)
    assert reps == [rory.id]


async def test_a_manager_shares_a_prospect_with_the_team_and_its_rep_uses_it_read_only(user: User) -> None:
    await sign_up(user)
    _mia, _rory, team_id = await a_team()
    async with current_runtime().database.session() as session:
        olga = await create_user(session, email='olga@example.com', password=PASSWORD, full_name='Olga Outside')
    await log_out(user)
    await log_in(user, 'mia@example.com')
    await user.should_see('Welcome, Mia!')
    await user.open('/prospects/new')
    user.find(marker='name').type('Tess Team')
    user.find(marker='job_title').type('Buyer')
    user.find(marker='visibility').click()
    await user.should_not_see('Everyone on this installation')  # only admins share with everyone
    user.find('Team Sales East').click()
    user.find(marker='save').click()
    await user.should_see('Saved “Tess Team”.')
    async with current_runtime().database.session() as session:
        [row] = (await session.scalars(select(ProspectEntry))).all()
    assert (row.visibility, row.team_id) == ('team', team_id)
    await user.open('/prospects')
    await user.should_see('Team Sales East')

    await log_out(user)
    await log_in(user, 'rory@example.com')
    await user.should_see('Welcome, Rory!')
    await user.open('/prospects')
    await user.should_see('Tess Team')
    await user.should_see('Team Sales East')
    await user.should_not_see(marker=f'edit-{row.id}')
    await user.open(f'/prospects/{row.id}')
    await user.should_see('You may use this prospect but not change it')
    await user.should_not_see(marker='save')
    await user.open('/prospects/new')
    await user.should_not_see(marker='visibility')  # a rep manages no team: nothing to share with

    await log_out(user)
    await log_in(user, olga.email)
    await user.should_see('Welcome, Olga!')
    await user.open(f'/prospects/{row.id}')
    await user.should_see('This prospect does not exist, or it is not yours.')


async def test_an_admin_moves_a_rep_between_teams_from_the_users_page(user: User) -> None:
    await sign_up(user)
    _mia, rory, east = await a_team()
    async with current_runtime().database.session() as session:
        west = (await create_team(session, name='Sales West')).id
    await user.open('/admin/users')
    user.find(marker='search').type('rory')
    await user.should_see('1 user')
    teams = user.find(marker='teams-rory@example.com')
    assert teams.elements.pop().value == [str(east)]
    user.find(marker='teams-rory@example.com').elements.pop().set_value([str(west)])
    await user.should_see('Saved: Rory Rep.')
    async with current_runtime().database.session() as session:
        assert await team_ids_by_user(session, [rory.id]) == {rory.id: {west}}

    # A team deleted since the page was drawn: said, and nothing changes.
    async with current_runtime().database.session() as session:
        gone = await get_team(session, west)
        assert gone is not None
        await delete_team(session, gone)
    user.find(marker='teams-rory@example.com').elements.pop().set_value([str(east), str(west)])
    await user.should_see(f'No team has the id {west}. Reload the page to see the teams as they are now.')
    async with current_runtime().database.session() as session:
        assert await team_ids_by_user(session, [rory.id]) == {rory.id: set()}


async def test_a_manager_moves_an_assignments_due_date_and_deletes_it(user: User) -> None:
    await sign_up(user)
    mia, _rory, team_id = await a_team()
    async with current_runtime().database.session() as session:
        mia.time_zone = 'America/Los_Angeles'  # her day ends at 07:59 UTC the next day
        session.add(mia)
        await session.commit()
        assignment = await create_assignment(
            session,
            mia,
            scenario_id='saas_crm',
            persona_id=None,
            team_id=team_id,
            user_ids=[],
            due_at=utcnow() + timedelta(days=3),
            pass_mark=None,
            attempts=None,
        )
    await log_out(user)
    await log_in(user, 'mia@example.com')
    await user.should_see('Welcome, Mia!')
    await user.open(f'/teams/{team_id}')
    await user.should_see('CRM software to a mid-size company: due')

    async def due() -> datetime:
        async with current_runtime().database.session() as session:
            found = await session.get(Assignment, assignment.id)
            assert found is not None
            return found.due_at

    user.find(marker=f'due-{assignment.id}').elements.pop().set_value('2020-01-31')
    await user.should_see('The due date is in the past; choose a later one.')
    assert await due() == assignment.due_at
    later = utcnow().date() + timedelta(days=30)
    user.find(marker=f'due-{assignment.id}').elements.pop().set_value(f'{later}')
    await user.should_see(f'CRM software to a mid-size company: due {later}')
    assert await due() == datetime.combine(later, time(23, 59), tzinfo=ZoneInfo('America/Los_Angeles'))

    user.find(marker=f'delete-assignment-{assignment.id}').click()
    await user.should_see('Delete this assignment?')
    user.find('Delete assignment').click()
    await user.should_not_see(marker=f'assignment-{assignment.id}')
    async with current_runtime().database.session() as session:
        assert await session.get(Assignment, assignment.id) is None


async def test_an_admin_invites_a_manager_of_two_teams_from_the_users_page(user: User) -> None:
    await sign_up(user)
    _mia, _rory, east = await a_team()
    async with current_runtime().database.session() as session:
        west = (await create_team(session, name='Sales West')).id
    await user.open('/admin/users')
    await user.should_see('Invite people')
    user.find(marker='invite-role').elements.pop().set_value('manager')
    user.find(marker='invite-teams').elements.pop().set_value([str(east), str(west)])
    user.find(marker='invite-email').type('nia@example.com')
    user.find(marker='invite').click()
    await user.should_see('Copy the link and send it: it works once.')
    [link] = user.find(marker='invite-url').elements
    assert '/signup?invitation=' in getattr(link, 'value', '')
    await user.should_see(marker='copy-invite')
    await user.should_see('manager · Sales East, Sales West · nia@example.com · until')
    async with current_runtime().database.session() as session:
        [invitation] = (await session.scalars(select(Invitation))).all()
    assert (invitation.role, sorted(invitation.team_ids)) == ('manager', sorted([str(east), str(west)]))


async def test_a_manager_switches_the_teams_leaderboards_off(user: User) -> None:
    await sign_up(user)
    _mia, _rory, team_id = await a_team()
    await log_out(user)
    await log_in(user, 'mia@example.com')
    await user.should_see('Welcome, Mia!')
    await user.open(f'/teams/{team_id}')
    user.find(marker='leaderboard-switch').click()

    async def switched() -> bool | None:
        async with current_runtime().database.session() as session:
            team = await session.get(Team, team_id)
            return None if team is None else team.leaderboard

    assert await until_async(switched, lambda on: on is False) is False
    await user.should_not_see(marker='add-member')  # members are the admin's to change
