"""The colours of a call's status and of a score."""

from services.call_status import CallStatus

STATUS_COLORS = {
    CallStatus.ACTIVE: 'blue',
    CallStatus.COMPLETED: 'grey',
    CallStatus.ANALYZING: 'orange',
    CallStatus.DONE: 'green',
    CallStatus.ERROR: 'red',
}


def score_color(score: int | None) -> str:
    """Red below 40, amber 40-69, green 70-89, blue 90 and above."""
    if score is None:
        return 'grey'
    if score < 40:
        return 'red'
    if score < 70:
        return 'amber'
    if score < 90:
        return 'green'
    return 'blue'
