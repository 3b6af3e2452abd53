"""A rep's steps through the pages in NiceGUI's simulated browser: sign up, log in, log out."""

from nicegui.testing import User

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
