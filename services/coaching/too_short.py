"""A call too short to score: under 20 s, or fewer than 3 lines from the rep (an accidental hang-up, a test).

Such a call still gets its report (what was said, the metrics), but no score, no skill scores and no change against
the last call, and it counts in no average, trend or skill average: a 0-point call with "−62 vs your last call"
told a rep nothing true and dragged the dashboard down.
"""

from services.coaching.facts import CallFacts
from services.coaching.shared import plural

MIN_SCORED_SECONDS = 20.0
MIN_SCORED_REP_LINES = 3


def unscored_reason(facts: CallFacts) -> str | None:
    """Why the call gets no score, in words for the rep; None when it is long enough to score."""
    seconds = _length(facts)
    lines = facts.metrics.rep_messages
    if seconds is not None and seconds < MIN_SCORED_SECONDS:
        said = f'{seconds:.0f} seconds'
    elif lines < MIN_SCORED_REP_LINES:
        said = plural(lines, 'line') + ' from you'
    else:
        return None
    return (
        f'This call was too short to score ({said}; a score needs at least {MIN_SCORED_SECONDS:.0f} seconds and '
        f'{MIN_SCORED_REP_LINES} of your lines). It counts in no average.'
    )


def _length(facts: CallFacts) -> float | None:
    if facts.duration_seconds is not None:
        return facts.duration_seconds
    ends = [message.end for message in facts.transcript.messages if message.end is not None]
    return max(ends) if ends else None
