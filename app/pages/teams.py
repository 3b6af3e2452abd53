"""Teams: the list (admins create teams), and a team's page for its managers and admins: the table of its reps
(sortable, as CSV), each rep's calls, the leaderboards, assignments, members and invitations."""

import uuid
from datetime import UTC, datetime, timedelta, tzinfo

from nicegui import ui

from app.auth import page_user
from app.pages.frame import member_frame
from app.pages.invitations import invitations_card
from app.runtime import current_runtime
from components.browser_zone import browser_zone
from components.calls_table import calls_table
from components.confirm_dialog import ConfirmDialog
from components.not_found import not_found
from services.assignments import (
    AssignmentError,
    AssignmentView,
    create_assignment,
    delete_assignment,
    get_visible,
    may_change,
    update_assignment,
    view_of,
    visible_assignments,
)
from services.calls import CallListing, list_calls
from services.coaching.report import SKILLS as SKILL_NAMES
from services.library.store import PROSPECTS, SCENARIOS
from services.local_time import date_time, day_of, end_of_day
from services.models import Team, TeamRole, User
from services.team_summary import SKILLS, RepRow, summary_csv, team_summary
from services.teams import (
    TeamNameTaken,
    create_team,
    get_team,
    may_manage,
    remove_member,
    set_member,
    team_view,
    update_team,
    visible_teams,
)
from services.users import get_user_by_email

NOT_YOURS = 'This team does not exist, or you do not manage it.'
# Columns left out on a phone (Quasar's gt-xs: wider than 599 px), so that the reps' table fits the screen.
WIDE_ONLY = {'classes': 'gt-xs', 'headerClasses': 'gt-xs'}
# The skill averages (1-5) need a desktop's width (Quasar's gt-sm: 1024 px and wider).
DESKTOP_ONLY = {'classes': 'gt-sm', 'headerClasses': 'gt-sm'}
SKILL_HEADINGS = {**SKILL_NAMES, 'objection_handling': 'Objections'}


@ui.page('/teams')
async def teams_page() -> None:
    user = page_user()
    runtime = current_runtime()
    async with runtime.database.session() as session:
        teams = [await team_view(session, team) for team in await visible_teams(session, user)]
    with member_frame('Teams', path='/teams', user=user):
        if user.is_admin:
            with ui.row().classes('w-full items-center gap-2'):
                name = ui.input('New team').props('outlined dense maxlength=80').classes('w-64').mark('team-name')

                async def add() -> None:
                    if not (name.value or '').strip():
                        return
                    try:
                        async with runtime.database.session() as session:
                            team = await create_team(session, name=name.value)
                    except TeamNameTaken as error:
                        ui.notify(str(error), type='warning')
                        return
                    ui.navigate.to(f'/teams/{team.id}')

                ui.button('Create team', icon='add', on_click=add).props('no-caps').mark('create-team')
        if not teams:
            ui.label('No teams yet.' if user.is_admin else 'You are in no team yet.').classes('text-gray-600')
        for view in teams:
            reps = sum(m.role == TeamRole.MEMBER for m in view.members)
            managers = ', '.join(m.user.display_name for m in view.members if m.role == TeamRole.MANAGER)
            with ui.link(target=f'/teams/{view.team.id}').classes('w-full no-underline text-inherit'):
                with ui.card().classes('w-full gap-1 hover:shadow-md').mark(f'team-{view.team.name}'):
                    ui.label(view.team.name).classes('text-lg font-medium')
                    ui.label(f'{reps} rep{"s" if reps != 1 else ""} · managed by {managers or "nobody yet"}').classes(
                        'text-sm text-gray-600 dark:text-gray-400'
                    )


@ui.page('/teams/{team_id}')
async def team_page(team_id: str) -> None:
    user = page_user()
    team = await _managed(user, team_id)
    if team is None:
        with member_frame('Team', path='/teams', user=user):
            not_found(NOT_YOURS, link_text='Back to teams', target='/teams')
        return
    zone = browser_zone()
    with member_frame(team.name, path='/teams', user=user):
        await _table(team, user, zone)
        await _assignments(team, user, zone)
        await _members(team, user)
        await invitations_card(user, zone=zone, team=team, teams={str(team.id): team.name})


async def _managed(user: User, team_id: str) -> Team | None:
    try:
        wanted = uuid.UUID(team_id)
    except ValueError:
        return None
    async with current_runtime().database.session() as session:
        team = await get_team(session, wanted)
        if team is None or not await may_manage(session, user, team.id):
            return None
        return team


async def _table(team: Team, user: User, zone: tzinfo) -> None:
    async with current_runtime().database.session() as session:
        summary = await team_summary(session, team)
        titles = {entry.id: entry.content.title for entry in await SCENARIOS.entries(session, user=user)}
    columns: list[dict[str, object]] = [
        {'name': 'name', 'label': 'Rep', 'field': 'name', 'sortable': True, 'align': 'left'},
        {'name': 'week', 'label': 'This week', 'field': 'week', 'sortable': True, **WIDE_ONLY},
        {'name': 'calls', 'label': 'Calls', 'field': 'calls', 'sortable': True},
        {'name': 'average', 'label': 'Average', 'field': 'average', 'sortable': True},
        {'name': 'trend', 'label': 'Trend', 'field': 'trend', 'sortable': True, **WIDE_ONLY},
        *(
            {'name': skill, 'label': SKILL_HEADINGS[skill], 'field': skill, 'sortable': True, **DESKTOP_ONLY}
            for skill in SKILLS
        ),
        {'name': 'assignments', 'label': 'Assignments', 'field': 'assignments'},
        {'name': 'signed', 'label': 'Signed off', 'field': 'signed', 'sortable': True, **WIDE_ONLY},
        {'name': 'last', 'label': 'Last practised', 'field': 'last', 'sortable': True, **WIDE_ONLY},
    ]
    rows = [_table_row(row, zone) for row in summary.reps]
    with ui.card().classes('w-full gap-2'):
        with ui.row().classes('w-full items-center justify-between'):
            ui.label('Reps').classes('text-lg font-medium')
            ui.button(
                'Export CSV',
                icon='download',
                on_click=lambda: ui.download.content(summary_csv(summary).encode(), f'{team.name}.csv', 'text/csv'),
            ).props('outline no-caps').mark('export-csv')
        if not rows:
            ui.label('No reps in this team yet: invite some below.').classes('text-gray-600 dark:text-gray-400')
        else:
            table = ui.table(columns=columns, rows=rows, row_key='id').classes('w-full cursor-pointer').mark('reps')
            table.props('flat bordered dense wrap-cells')
            table.on('rowClick', lambda event: ui.navigate.to(f'/teams/{team.id}/reps/{event.args[1]["id"]}'))
        for scenario_id, entries in summary.leaderboards.items():
            title = titles.get(scenario_id, 'a scenario no longer available')
            with ui.expansion(f'Leaderboard: {title}', icon='emoji_events').classes('w-full').mark('leaderboard'):
                for rank, entry in enumerate(entries, start=1):
                    ui.label(f'{rank}. {entry.name}: {entry.best}').classes('text-sm')


def _table_row(row: RepRow, zone: tzinfo) -> dict[str, object]:
    statuses = row.assignments
    done = statuses.get('passed', 0)
    total = sum(statuses.values())
    trend = '' if row.trend is None else f'{row.trend:+.0f}'
    overdue = f', {statuses["overdue"]} overdue' if statuses.get('overdue') else ''
    return {
        'id': str(row.user_id),
        'name': row.name,
        'week': row.calls_this_week,
        'calls': row.calls_total,
        'average': '—' if row.average is None else round(row.average),
        'trend': trend,
        **{skill: '—' if value is None else round(value, 1) for skill, value in row.skills.items()},
        'assignments': f'{done}/{total} passed{overdue}' if total else '—',
        'signed': len(row.certified),
        'last': '—' if row.last_practised is None else date_time(row.last_practised, zone),
    }


async def _assignments(team: Team, user: User, zone: tzinfo) -> None:
    runtime = current_runtime()
    async with runtime.database.session() as session:
        members = (await team_view(session, team)).members
        reps = {str(m.user.id): m.user.display_name for m in members if m.role == TeamRole.MEMBER}
        views = []
        changeable: set[uuid.UUID] = set()
        for a in await visible_assignments(session, user):
            view = await view_of(session, a)
            if a.team_id == team.id or any(str(rep.user_id) in reps for rep in view.reps):
                views.append(view)
                if await may_change(session, user, a):
                    changeable.add(a.id)
        scenarios = {entry.id: entry.content.title for entry in await SCENARIOS.entries(session, user=user)}
        prospects = {entry.id: entry.content.name for entry in await PROSPECTS.entries(session, user=user)}
    with ui.card().classes('w-full gap-2'):
        ui.label('Assignments').classes('text-lg font-medium')
        confirm = ConfirmDialog(confirm_text='Delete assignment')
        for view in views:
            _assignment_row(view, user, confirm, zone, changeable=view.assignment.id in changeable)
        with ui.row().classes('w-full items-start gap-2'):
            scenario = ui.select(scenarios, label='Scenario').props('outlined dense').classes('w-64')
            scenario.mark('assign-scenario')
            prospect = ui.select(prospects, label="Prospect (default: the scenario's)", clearable=True)
            prospect.props('outlined dense').classes('w-64').mark('assign-prospect')
            chosen = ui.select(reps, label='Reps (default: the whole team)', multiple=True, value=[])
            chosen.props('outlined dense use-chips').classes('w-64').mark('assign-reps')
        with ui.row().classes('w-full items-start gap-2'):
            due = ui.input('Due date', value=day_of(datetime.now(UTC) + timedelta(days=7), zone))
            due.props('outlined dense type=date').classes('w-44').mark('assign-due')
            mark = ui.number('Pass mark', min=0, max=100, step=1).props('outlined dense clearable').classes('w-32')
            mark.mark('assign-pass-mark')
            attempts = ui.number('Attempts that count', min=1, max=100, step=1).props('outlined dense clearable')
            attempts.classes('w-44').mark('assign-attempts')

        async def assign() -> None:
            if not scenario.value:
                ui.notify('Choose a scenario.', type='warning')
                return
            try:
                day = datetime.strptime(str(due.value), '%Y-%m-%d').date()
            except ValueError:
                ui.notify('Give the due date as YYYY-MM-DD.', type='warning')
                return
            picked = [uuid.UUID(rep) for rep in chosen.value or []]
            try:
                async with runtime.database.session() as session:
                    await create_assignment(
                        session,
                        user,
                        scenario_id=scenario.value,
                        persona_id=prospect.value or None,
                        team_id=None if picked else team.id,
                        user_ids=picked,
                        due_at=end_of_day(day, zone),
                        pass_mark=None if mark.value is None else int(mark.value),
                        attempts=None if attempts.value is None else int(attempts.value),
                    )
            except AssignmentError as error:
                ui.notify(str(error), type='warning')
                return
            ui.navigate.reload()

        ui.button('Assign', icon='assignment_add', on_click=assign).props('no-caps').mark('assign')


def _assignment_row(
    view: AssignmentView, user: User, confirm: ConfirmDialog, zone: tzinfo, *, changeable: bool
) -> None:
    """One assignment: what, when, and how its reps stand; its due date and Delete for whoever may change it."""
    runtime = current_runtime()
    a = view.assignment
    counts: dict[str, int] = {}
    for rep in view.reps:
        counts[rep.status] = counts.get(rep.status, 0) + 1
    told = ', '.join(f'{n} {status.replace("_", " ")}' for status, n in sorted(counts.items()))
    with ui.row().classes('w-full items-center gap-2').mark(f'assignment-{a.id}'):
        ui.label(f'{view.scenario_title}: due {day_of(a.due_at, zone)}, pass {a.pass_mark} · {told}').classes(
            'grow basis-64 min-w-0 text-sm break-words'
        ).mark('assignment')
        if not changeable:
            return

        async def change(day: str) -> None:
            try:
                due = end_of_day(datetime.strptime(day, '%Y-%m-%d').date(), zone)
            except ValueError:
                return  # a date still being typed
            try:
                async with runtime.database.session() as session:
                    await update_assignment(
                        session, user, await get_visible(session, user, a.id), due_at=due, pass_mark=None, attempts=None
                    )
            except AssignmentError as error:
                ui.notify(str(error), type='warning')
                return
            ui.navigate.reload()

        async def remove() -> None:
            what = f'The reps no longer see “{view.scenario_title}”; their calls stay in their history.'
            if not await confirm.ask(title='Delete this assignment?', text=what):
                return
            try:
                async with runtime.database.session() as session:
                    await delete_assignment(session, user, await get_visible(session, user, a.id))
            except AssignmentError as error:
                ui.notify(str(error), type='warning')
                return
            ui.navigate.reload()

        # Debounced: a browser's date field passes through dates such as 0202-12-01 while the year is typed.
        due = ui.input('Due date', value=day_of(a.due_at, zone), on_change=lambda e: change(str(e.value or '')))
        due.props('outlined dense type=date debounce=1000').classes('w-40').mark(f'due-{a.id}')
        ui.button(icon='delete_outline', on_click=remove).props(
            'flat round dense color=negative aria-label="Delete assignment"'
        ).mark(f'delete-assignment-{a.id}')


async def _members(team: Team, user: User) -> None:
    runtime = current_runtime()
    async with runtime.database.session() as session:
        view = await team_view(session, team)
    with ui.card().classes('w-full gap-2'):
        ui.label('Members').classes('text-lg font-medium')
        for member in view.members:
            with ui.row().classes('w-full items-center gap-2').mark(f'member-{member.user.email}'):
                ui.label(member.user.display_name).classes('grow min-w-0 break-words')
                ui.badge(member.role.value, color='primary' if member.role == TeamRole.MANAGER else 'grey-7')
                if user.is_admin:

                    async def drop(_: object, user_id: uuid.UUID = member.user.id) -> None:
                        async with runtime.database.session() as session:
                            await remove_member(session, team, user_id)
                        ui.navigate.reload()

                    ui.button(icon='person_remove', on_click=drop).props('flat round dense aria-label=Remove')
        leaderboard = ui.switch('Leaderboards', value=team.leaderboard).mark('leaderboard-switch')

        async def toggle() -> None:
            async with runtime.database.session() as session:
                fresh = await get_team(session, team.id)
                if fresh is not None:
                    await update_team(session, fresh, name=None, leaderboard=bool(leaderboard.value))
            ui.navigate.reload()  # the leaderboards above come or go

        leaderboard.on_value_change(toggle)
        if not user.is_admin:
            return  # admins add and remove members
        with ui.row().classes('w-full items-center gap-2'):
            email = ui.input('Add by email').props('outlined dense type=email').classes('w-64').mark('member-email')
            role = ui.select({'member': 'Rep', 'manager': 'Manager'}, value='member').props('outlined dense')
            role.classes('w-32').mark('member-role')

            async def add() -> None:
                async with runtime.database.session() as session:
                    found = await get_user_by_email(session, email.value or '')
                    if found is None:
                        ui.notify('No account with that email: invite them below.', type='warning')
                        return
                    await set_member(session, team, found, TeamRole(role.value))
                ui.navigate.reload()

            ui.button('Add', icon='person_add', on_click=add).props('no-caps').mark('add-member')


@ui.page('/teams/{team_id}/reps/{user_id}')
async def rep_calls_page(team_id: str, user_id: str) -> None:
    user = page_user()
    team = await _managed(user, team_id)
    rep = None
    calls: list[CallListing] = []
    if team is not None:
        async with current_runtime().database.session() as session:
            try:
                rep = await session.get(User, uuid.UUID(user_id))
            except ValueError:
                rep = None
            members = {m.user.id for m in (await team_view(session, team)).members}
            if rep is not None and rep.id in members:
                calls, _count = await list_calls(session, owner_id=rep.id, limit=100)
            else:
                rep = None
    title = rep.display_name if rep is not None else 'Rep'
    with member_frame(title, path='/teams', user=user):
        if team is None or rep is None:
            not_found(NOT_YOURS, link_text='Back to teams', target='/teams')
            return
        ui.link(f'← {team.name}', f'/teams/{team.id}').classes('text-primary text-sm')
        if not calls:
            ui.label('No calls yet.').classes('text-gray-600 dark:text-gray-400')
        else:
            calls_table(calls, zone=browser_zone())
