"""Who sees which page, as a table: for an admin, the manager of the rep's team, a manager of another team, the rep,
another rep and an anonymous visitor, what each page of a rep's work and of the team shows. Refusals look like a
page that does not exist ("not found"), or say the page is for admins; an anonymous visitor is sent to log in."""

from nicegui.testing import User
from sqlalchemy import select

from app.runtime import current_runtime
from services.assignments import create_assignment
from services.library.prospect import ProspectProfile
from services.library.store import PROSPECTS, Draft
from services.models import CallSession, Role, TeamRole
from services.models.base import utcnow
from services.teams import create_team, set_member
from services.users import create_user
from tests.support.pages import PASSWORD, add_analysed_call, log_in, log_out, sign_up

ACTORS = ('admin', 'manager', 'other_manager', 'rep', 'other_rep', 'anonymous')
LOGIN = 'Log in to Sales Coach'
NO_CALL = 'This call does not exist, or it is not yours.'
NO_TEAM = 'This team does not exist, or you do not manage it.'
ADMINS = 'Only admins can see this page.'
NO_PROSPECT = 'This prospect does not exist, or it is not yours.'
NO_ASSIGNMENT = 'This assignment does not exist, or it is not yours.'


async def an_org() -> dict[str, str]:
    """Sam is the admin (signed up first); Mia manages A with Rory; Otto manages B with Olga. Rory has an analysed
    call, a private prospect and an assignment; Mia shared a prospect with A."""
    runtime = current_runtime()
    async with runtime.database.session() as session:
        made = {}
        for email, name, role in (
            ('mia@example.com', 'Mia', Role.MANAGER),
            ('otto@example.com', 'Otto', Role.MANAGER),
            ('rory@example.com', 'Rory', Role.REP),
            ('olga@example.com', 'Olga', Role.REP),
        ):
            made[email] = await create_user(session, email=email, password=PASSWORD, full_name=name, role=role)
        team_a, team_b = await create_team(session, name='A'), await create_team(session, name='B')
        for team, manager, rep in ((team_a, 'mia', 'rory'), (team_b, 'otto', 'olga')):
            await set_member(session, team, made[f'{manager}@example.com'], TeamRole.MANAGER)
            await set_member(session, team, made[f'{rep}@example.com'], TeamRole.MEMBER)
        rory = made['rory@example.com']
        prospect = await PROSPECTS.create(
            session, user=rory, draft=Draft(content=ProspectProfile(name='Pat Private', job_title='CFO'))
        )
        shared = await PROSPECTS.create(
            session,
            user=made['mia@example.com'],
            draft=Draft(
                content=ProspectProfile(name='Tess Team', job_title='COO'), visibility='team', team_id=team_a.id
            ),
        )
        assignment = await create_assignment(
            session,
            made['mia@example.com'],
            scenario_id='saas_crm',
            persona_id=None,
            team_id=team_a.id,
            user_ids=[],
            due_at=utcnow().replace(year=utcnow().year + 1),
            pass_mark=None,
            attempts=None,
        )
    await add_analysed_call('rory@example.com')
    async with runtime.database.session() as session:
        call = (await session.scalars(select(CallSession))).one()
    return {
        'call': str(call.id),
        'team': str(team_a.id),
        'rep': str(rory.id),
        'prospect': prospect.id,
        'team_prospect': shared.id,
        'assignment': str(assignment.id),
    }


EMAILS = {
    'admin': 'sam@example.com',
    'manager': 'mia@example.com',
    'other_manager': 'otto@example.com',
    'rep': 'rory@example.com',
    'other_rep': 'olga@example.com',
}


async def test_every_page_of_a_reps_work_and_the_team_shows_only_to_whom_it_may(user: User) -> None:
    await sign_up(user)
    ids = await an_org()
    call, team, rep = ids['call'], ids['team'], ids['rep']
    team_reads = {'admin': 'You may use this prospect', 'rep': 'You may use this prospect'}
    shown = "Manager's review"
    pages: list[tuple[str, dict[str, str]]] = [
        (
            f'/calls/{call}',
            {'admin': shown, 'manager': shown, 'other_manager': NO_CALL, 'rep': shown, 'other_rep': NO_CALL},
        ),
        (
            f'/teams/{team}',
            {'admin': 'Reps', 'manager': 'Reps', 'other_manager': NO_TEAM, 'rep': NO_TEAM, 'other_rep': NO_TEAM},
        ),
        (
            f'/teams/{team}/reps/{rep}',
            {'admin': '← A', 'manager': '← A', 'other_manager': NO_TEAM, 'rep': NO_TEAM, 'other_rep': NO_TEAM},
        ),
        ('/admin/users', {'admin': 'Search by name or email', **dict.fromkeys(ACTORS[1:5], ADMINS)}),
        ('/admin/engines', {'admin': 'Engines', **dict.fromkeys(ACTORS[1:5], ADMINS)}),
        (
            f'/prospects/{ids["prospect"]}',
            {**dict.fromkeys(ACTORS[:5], NO_PROSPECT), 'rep': 'System prompt preview'},
        ),
        (
            f'/prospects/{ids["team_prospect"]}',
            {**team_reads, 'manager': 'System prompt preview', 'other_manager': NO_PROSPECT, 'other_rep': NO_PROSPECT},
        ),
        (
            f'/practice?assignment={ids["assignment"]}',
            {**dict.fromkeys(ACTORS[:5], NO_ASSIGNMENT), 'rep': 'Assignment: CRM software to a mid-size company'},
        ),
        ('/account', dict.fromkeys(ACTORS[:5], 'Profile')),
        ('/notices', dict.fromkeys(ACTORS[:5], 'Notices')),
    ]
    await log_out(user)
    for actor in ACTORS:
        if actor != 'anonymous':
            await log_in(user, EMAILS[actor])
            await user.should_see('Welcome')
        for path, expected in pages:
            await user.open(path)
            await user.should_see(LOGIN if actor == 'anonymous' else expected[actor])
            if actor in ('other_manager', 'other_rep') and path.startswith('/calls/'):
                await user.should_not_see('Skeptical')  # nothing of the call leaks into the refusal
        if actor != 'anonymous':
            await log_out(user)
