"""A call's status: the one vocabulary, what the rep reads for each, and which changes are allowed.

active → completed → analyzing → done | error; done and error may be analysed again. Only
services/call_lifecycle.py writes a status, and only through these transitions.
"""

from dataclasses import dataclass
from enum import StrEnum


class CallStatus(StrEnum):
    ACTIVE = 'active'
    COMPLETED = 'completed'
    ANALYZING = 'analyzing'
    DONE = 'done'
    ERROR = 'error'

    @property
    def label(self) -> str:
        """The status in the rep's words."""
        return _LABELS[self]


_LABELS = {
    CallStatus.ACTIVE: 'In progress',
    CallStatus.COMPLETED: 'Completed',
    CallStatus.ANALYZING: 'Analysing',
    CallStatus.DONE: 'Analysed',
    CallStatus.ERROR: 'Analysis failed',
}


@dataclass(frozen=True, slots=True)
class Transition:
    """A change of status: allowed only from `sources`; `refusal` tells the rep why not (see `refusal_for`)."""

    name: str
    sources: frozenset[CallStatus]
    target: CallStatus
    refusal: str


COMPLETE = Transition(
    'complete',
    frozenset({CallStatus.ACTIVE}),
    CallStatus.COMPLETED,
    'Only an active call can be completed; this call is {status}.',
)
REQUEST_ANALYSIS = Transition(
    'request analysis',
    frozenset({CallStatus.COMPLETED, CallStatus.DONE, CallStatus.ERROR}),
    CallStatus.ANALYZING,
    'The call {reason}.',
)
# The analysis picks up a call that asked for it (completed) or one a restart cut off (analyzing).
BEGIN_ANALYSIS = Transition(
    'begin analysis',
    frozenset({CallStatus.COMPLETED, CallStatus.ANALYZING}),
    CallStatus.ANALYZING,
    'The call {reason}.',
)
FINISH_ANALYSIS = Transition(
    'finish analysis', frozenset({CallStatus.ANALYZING}), CallStatus.DONE, 'The call {reason}.'
)
FAIL_ANALYSIS = Transition('fail analysis', frozenset({CallStatus.ANALYZING}), CallStatus.ERROR, 'The call {reason}.')

ANALYSABLE = REQUEST_ANALYSIS.sources


def refusal_for(transition: Transition, status: CallStatus) -> str:
    """Why a call in `status` cannot take `transition`, in the rep's words."""
    reason = 'is still active' if status == CallStatus.ACTIVE else 'is being analysed already'
    return transition.refusal.format(status=status.value, reason=reason)
