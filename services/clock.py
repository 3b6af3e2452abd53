"""A moment or a length of a call as m:ss, the one way every page and the Markdown write it."""


def clock(seconds: float) -> str:
    """m:ss in whole seconds gone, as a player shows it: 9.6 s is 0:09. (The page cut to 0:09 where the Markdown
    rounded to 0:10.)"""
    minutes, rest = divmod(int(max(seconds, 0.0)), 60)
    return f'{minutes}:{rest:02d}'
