"""A user's own account in the pages: name, time zone and password in Account settings (a password change ends the
other sessions); a forgotten password reset by an e-mailed link; sign-up through an invitation link; the notices
and their badge in the header."""

import re
from datetime import timedelta

from nicegui import ui
from nicegui.testing import User
from sqlalchemy import select, update

from app.runtime import current_runtime
from services.invitations import invite
from services.models import Notice, Role, TeamMember
from services.models import User as Account
from services.models.base import utcnow
from services.teams import create_team
from services.users import get_user_by_email
from tests.support.pages import PASSWORD, log_in, sign_up
from tests.support.smtp import smtp_server

NEW_PASSWORD = 'a brand new passphrase'


def use_smtp(port: int) -> None:
    runtime = current_runtime()
    runtime.settings = runtime.settings.model_copy(
        update={'smtp_host': '127.0.0.1', 'smtp_port': port, 'smtp_security': 'none'}
    )


async def account(email: str = 'sam@example.com') -> Account:
    async with current_runtime().database.session() as session:
        found = await get_user_by_email(session, email)
        assert found is not None
        return found


async def test_a_rep_changes_name_zone_and_password_and_stays_logged_in_here_only(user: User) -> None:
    await sign_up(user)
    user.find(marker='account-settings').click()
    await user.should_see('Profile')
    user.find(marker='full_name').clear().type('Sam Q. Seller')
    user.find(marker='time_zone').click()
    user.find('Asia/Kolkata').click()
    user.find(marker='save-profile').click()
    await user.should_see('Saved.')
    saved = await account()
    assert (saved.full_name, saved.time_zone) == ('Sam Q. Seller', 'Asia/Kolkata')

    user.find(marker='current_password').type('not my password')
    user.find(marker='new_password').type(NEW_PASSWORD)
    user.find(marker='confirm_password').type(NEW_PASSWORD)
    user.find(marker='change-password').click()
    await user.should_see('The current password is not right.')
    user.find(marker='current_password').clear().type(PASSWORD)
    user.find(marker='confirm_password').clear().type('something else entirely')
    user.find(marker='change-password').click()
    await user.should_see('The new passwords do not match.')
    user.find(marker='confirm_password').clear().type(NEW_PASSWORD)
    user.find(marker='change-password').click()
    await user.should_see('Password changed; you stay logged in here.')
    await user.should_see('Profile')  # back on the page, still signed in
    assert (await account()).session_version == 1
    await user.open('/history')
    await user.should_see('History')  # this browser's session carries the new version


async def test_a_session_from_before_a_password_change_or_deactivation_ends_at_once(user: User) -> None:
    await sign_up(user)
    await user.open('/history')
    await user.should_see('History')
    async with current_runtime().database.session() as session:
        await session.execute(update(Account).values(session_version=Account.session_version + 1))
        await session.commit()
    await user.open('/history')
    await user.should_see('Log in to Sales Coach')


async def test_a_forgotten_password_is_reset_by_the_emailed_link(user: User) -> None:
    await sign_up(user)
    user.find('Log out').click()
    await user.should_see('Log in to Sales Coach')
    user.find(marker='forgot-password').click()
    await user.should_see('This installation sends no e-mail: ask your admin for a password reset link.')

    with smtp_server() as (inbox, port):
        use_smtp(port)
        await user.open('/forgot-password')
        user.find('Email').type('sam@example.com')
        user.find(marker='send-link').click()
        await user.should_see('If an account uses that address, a link to choose a new password is on its way')
        [mail] = inbox.messages
    link = re.search(r'/reset-password\?token=\S+', str(mail.get_content()))
    assert link is not None

    await user.open('/reset-password?token=not-a-real-one')
    user.find(marker='new_password').type(NEW_PASSWORD)
    user.find(marker='confirm_password').type(NEW_PASSWORD)
    user.find(marker='set-password').click()
    await user.should_see('This reset link is not valid')
    await user.open(link.group())
    user.find(marker='new_password').type(NEW_PASSWORD)
    user.find(marker='confirm_password').type(NEW_PASSWORD)
    user.find(marker='set-password').click()
    await user.should_see('Log in to Sales Coach')
    await log_in(user, password=NEW_PASSWORD)
    await user.should_see('Welcome, Sam!')


async def test_an_invitation_link_signs_a_rep_up_into_the_team(user: User) -> None:
    await sign_up(user)  # Sam, the admin
    async with current_runtime().database.session() as session:
        sam = await get_user_by_email(session, 'sam@example.com')
        assert sam is not None
        team = await create_team(session, name='Sales East')
        issued = await invite(session, sam, role=Role.REP, team_ids=[team.id], expires_in_hours=24)
    user.find('Log out').click()
    await user.should_see('Log in to Sales Coach')
    await user.open(f'/signup?invitation={issued.token}')
    await user.should_see('You are invited as a rep of Sales East.')
    user.find('Full name').type('Rory Rep')
    user.find('Email').type('rory@example.com')
    user.find('Password').type(PASSWORD)
    user.find('Confirm password').type(PASSWORD)
    user.find('Create account').click()
    await user.should_see('Welcome, Rory!')
    rory = await account('rory@example.com')
    async with current_runtime().database.session() as session:
        assert await session.get(TeamMember, (team.id, rory.id)) is not None
    user.find('Log out').click()
    await user.should_see('Log in to Sales Coach')
    await user.open(f'/signup?invitation={issued.token}')
    await user.should_see('This invitation is not valid: it was used already or withdrawn.')


async def test_an_expired_invitation_says_so_and_one_sent_by_email_fills_the_address_in(user: User) -> None:
    await sign_up(user)  # Sam, the admin
    async with current_runtime().database.session() as session:
        sam = await get_user_by_email(session, 'sam@example.com')
        assert sam is not None
        old = await invite(session, sam, role=Role.REP, team_ids=[], expires_in_hours=1)
        old.invitation.expires_at = utcnow() - timedelta(minutes=1)
        await session.commit()
        sent = await invite(session, sam, role=Role.MANAGER, team_ids=[], expires_in_hours=1, email='nia@example.com')
    user.find('Log out').click()
    await user.should_see('Log in to Sales Coach')
    await user.open(f'/signup?invitation={old.token}')
    await user.should_see('This invitation has expired; ask for a new one.')
    await user.open(f'/signup?invitation={sent.token}')
    await user.should_see('You are invited as a manager.')
    [email] = user.find('Email').elements
    assert getattr(email, 'value', None) == 'nia@example.com'


async def test_invite_mode_tells_a_visitor_that_sign_up_needs_an_invitation(user: User) -> None:
    await sign_up(user)
    user.find('Log out').click()
    await user.should_see('Log in to Sales Coach')
    runtime = current_runtime()
    runtime.settings = runtime.settings.model_copy(update={'signup_mode': 'invite'})
    await user.open('/signup')
    await user.should_see('Sign-up here is by invitation only: ask your admin or manager for an invitation link.')
    user.find('Full name').type('Eve')
    user.find('Email').type('eve@example.com')
    user.find('Password').type(PASSWORD)
    user.find('Confirm password').type(PASSWORD)
    user.find('Create account').click()
    await user.should_see('Sign-up here is by invitation only')
    async with runtime.database.session() as session:
        assert await get_user_by_email(session, 'eve@example.com') is None


async def test_new_notices_show_a_badge_and_are_read_on_the_notices_page(user: User) -> None:
    await sign_up(user)
    sam = await account()
    async with current_runtime().database.session() as session:
        session.add(Notice(user_id=sam.id, kind='comment', text='Mia Manager commented on your call.', link='/history'))
        await session.commit()
    await user.open('/history')
    [badge] = user.find(marker='unread').elements
    assert isinstance(badge, ui.badge) and badge.text == '1'
    user.find(marker='notices').click()
    await user.should_see('Mia Manager commented on your call.')
    await user.should_see(marker='new')  # marked new on this visit
    await user.should_not_see(marker='unread')  # and read now
    async with current_runtime().database.session() as session:
        assert (await session.scalars(select(Notice.read_at))).one() is not None
