"""What the rep is told of a scenario before and during the call: what they sell and to whom, the kind of call, the
goals, and how the call is graded (the pass mark on the scorecard) and timed."""

from collections.abc import Sequence

from nicegui import ui

from services.clock import clock
from services.library.scenario import CALL_TYPE_LABELS, ScenarioSpec


def scenario_brief(spec: ScenarioSpec) -> None:
    """The scenario as the setup screen shows it, before the call starts."""
    with ui.card().classes('w-full gap-2').mark('scenario-brief'):
        with ui.row().classes('w-full items-center gap-2'):
            ui.label(spec.title).classes('text-lg font-medium break-words min-w-0')
            ui.badge(CALL_TYPE_LABELS[spec.call_type], color='blue-grey').props('outline')
        if spec.product:
            ui.label(spec.product).classes('text-sm break-words')
        if spec.audience:
            ui.label(f'To: {spec.audience}').classes('text-sm text-gray-600 dark:text-gray-400 break-words')
        if spec.goals:
            ui.label('Your goals').classes('font-medium mt-1')
            goal_list(spec.goals)
        ui.label(grading_text(spec)).classes('text-sm text-gray-600 dark:text-gray-400').mark('grading')


def grading_text(spec: ScenarioSpec) -> str:
    """'Graded on 5 criteria; passing needs 80 of 100. Time limit 5:00.'"""
    parts = []
    if spec.criteria:
        count = len(spec.criteria)
        parts.append(f'Graded on {count} criteri{"on" if count == 1 else "a"}; passing needs {spec.pass_mark} of 100.')
    else:
        parts.append(f'Pass mark {spec.pass_mark} of 100.')
    parts.append('No time limit.' if spec.time_limit_s is None else f'Time limit {clock(spec.time_limit_s)}.')
    return ' '.join(parts)


PHONE_WIDTH = 640  # px: narrower than Tailwind's `sm`


def goal_list(goals: Sequence[str]) -> None:
    with ui.column().classes('w-full gap-1'):
        for goal in goals:
            with ui.row().classes('w-full items-start gap-2 no-wrap').mark('goal'):
                ui.icon('flag').classes('text-primary shrink-0 mt-0.5')
                ui.label(goal).classes('text-sm min-w-0 break-words')


class GoalsPanel:
    """The goals during the call, in a panel the rep can fold away. It starts open, and folded on a phone, where
    it would take the room of the transcript (the rep read the goals on the setup screen a moment before)."""

    def __init__(self, goals: Sequence[str]) -> None:
        with ui.card().classes('w-full p-0').mark('goals-panel') as self.card:
            with ui.expansion(f'Goals ({len(goals)})', icon='flag', value=True).classes('w-full') as self.expansion:
                goal_list(goals)
            ui.timer(0, self._fold_on_a_phone, once=True)

    async def _fold_on_a_phone(self) -> None:
        try:
            narrow = await ui.run_javascript(f'window.innerWidth < {PHONE_WIDTH}', timeout=3)
        except TimeoutError:  # no answer from the browser: it stays open
            return
        if narrow is True:
            self.expansion.set_value(False)
