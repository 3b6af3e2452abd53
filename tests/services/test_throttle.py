"""Log-in throttling: more than ten failures a minute for one account or address are refused."""

from services.throttle import Throttle


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_eleventh_attempt_within_a_minute_is_refused_until_the_window_passes() -> None:
    clock = Clock()
    throttle = Throttle(clock=clock)
    keys = [('account', 'a@example.com'), ('address', '10.0.0.1')]
    for _ in range(10):
        assert throttle.retry_after(keys) is None
        throttle.record(keys)
        clock.now += 1
    wait = throttle.retry_after(keys)
    assert wait == 50  # the first failure (at t=0, now t=10) leaves the window at t=60
    clock.now += wait
    assert throttle.retry_after(keys) is None


def test_an_address_is_throttled_across_accounts_and_an_account_across_addresses() -> None:
    throttle = Throttle(clock=Clock())
    for i in range(10):
        throttle.record([('account', f'user{i}@example.com'), ('address', '10.0.0.1')])
    assert throttle.retry_after([('account', 'new@example.com'), ('address', '10.0.0.1')]) is not None
    assert throttle.retry_after([('account', 'new@example.com'), ('address', '10.0.0.2')]) is None


def test_reset_clears_one_key_and_memory_stays_bounded() -> None:
    throttle = Throttle(clock=Clock(), max_keys=3)
    for i in range(10):
        throttle.record([('address', f'10.0.0.{i}')])
    assert throttle.retry_after([('address', '10.0.0.0')]) is None  # dropped, oldest first
    for _ in range(10):
        throttle.record([('account', 'a')])
    assert throttle.retry_after([('account', 'a')]) is not None
    throttle.reset(('account', 'a'))
    assert throttle.retry_after([('account', 'a')]) is None
