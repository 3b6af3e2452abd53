"""A rep's steps through the pages in NiceGUI's simulated browser (sign up, log in, log out), and the calls a
signed-up rep has."""

import uuid
from typing import Any

from nicegui.testing import User

from app.runtime import current_runtime
from services.users import get_user_by_email
from tests.factories import analysed_call
from tests.support.seeds import Seed, seed_calls

PASSWORD = 'correct horse battery'


async def sign_up(user: User, email: str = 'sam@example.com', name: str = 'Sam Seller') -> None:
    await user.open('/signup')
    user.find('Full name').type(name)
    user.find('Email').type(email)
    user.find('Password').type(PASSWORD)
    user.find('Confirm password').type(PASSWORD)
    user.find('Create account').click()
    await user.should_see('Welcome, Sam!')


async def log_in(user: User, email: str = 'sam@example.com', password: str = PASSWORD, *, path: str = '/login') -> None:
    await user.open(path)
    user.find('Email').type(email)
    user.find('Password').type(password).trigger('keydown.enter')


async def log_out(user: User) -> None:
    user.find('Log out').click()
    await user.should_see('Log in to Sales Coach')


async def rep_with_calls(user: User, seeds: list[Seed]) -> list[uuid.UUID]:
    """Signs up as Sam and stores the calls; their ids, in the order of `seeds`."""
    await sign_up(user)
    async with current_runtime().database.session() as session:
        sam = await get_user_by_email(session, 'sam@example.com')
    assert sam is not None
    return await seed_calls(current_runtime(), sam.id, seeds)


async def add_analysed_call(email: str, persona: str = 'busy_executive', body: dict[str, Any] | None = None) -> int:
    """Creates, completes (with `body`, or `sample_call_body`) and analyses a call for the account, as the REST API
    would; returns its score."""
    runtime = current_runtime()
    async with runtime.database.session() as session:
        owner = await get_user_by_email(session, email)
    assert owner is not None
    done = await analysed_call(runtime, owner.id, persona=persona, scenario='CRM', body=body)
    assert done.overall_score is not None
    return done.overall_score
