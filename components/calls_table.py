"""A table of calls: when, with whom, how long, the score (a manager's, marked, in place of the coach's) and the
status."""

from collections.abc import Callable, Sequence
from datetime import tzinfo

from nicegui import ui

from components.badge_colors import STATUS_COLORS, score_color
from services.calls import CallListing
from services.clock import clock
from services.local_time import date_time
from services.personas import PERSONAS

# On a phone (under 600 px, Quasar's `gt-xs`) a row keeps the date, the prospect and the score, and fits the screen:
# the other columns are hidden, the table is dense, and a date or a prospect may take two lines.
PHONE_HIDDEN = {'classes': 'gt-xs', 'headerClasses': 'gt-xs'}
MAY_WRAP = {'classes': 'whitespace-normal'}
COLUMNS = [
    {'name': 'date', 'label': 'Date', 'field': 'date', 'align': 'left', **MAY_WRAP},
    {'name': 'persona', 'label': 'Prospect', 'field': 'persona', 'align': 'left', **MAY_WRAP},
    {'name': 'scenario', 'label': 'Scenario', 'field': 'scenario', 'align': 'left', **PHONE_HIDDEN},
    {'name': 'duration', 'label': 'Duration', 'field': 'duration', 'align': 'right', **PHONE_HIDDEN},
    {'name': 'score', 'label': 'Score', 'field': 'score', 'align': 'right'},
    {'name': 'status', 'label': 'Status', 'field': 'status', 'align': 'left', **PHONE_HIDDEN},
]
DELETE_COLUMN = {'name': 'delete', 'label': '', 'field': 'id', 'align': 'right'}


def calls_table(
    calls: Sequence[CallListing], *, zone: tzinfo, on_delete: Callable[[str], object] | None = None
) -> ui.table:
    """The calls, one a row, their times in `zone`; a row opens its report. With `on_delete`, each row has a delete
    button that calls it with the call's id."""
    rows = [
        {
            'id': str(call.id),
            'date': date_time(call.created_at, zone),
            'persona': _prospect(call),
            'scenario': _short(call.scenario_title or call.scenario),
            'duration': _duration(call.duration_seconds),
            'score': '—' if (score := _score(call)) is None else score,
            'score_color': score_color(score),
            'overridden': call.override_score is not None,
            'coach': '—' if call.overall_score is None else call.overall_score,
            'status': call.status.label,
            'status_color': STATUS_COLORS[call.status],
        }
        for call in calls
    ]
    columns = COLUMNS if on_delete is None else [*COLUMNS, DELETE_COLUMN]
    table = ui.table(columns=columns, rows=rows, row_key='id').classes('w-full cursor-pointer calls-table')
    table.props('flat bordered')
    # Dense on a phone: a bound ':dense="$q.screen.xs"' cannot be used, as NiceGUI evaluates it without Quasar's $q.
    ui.add_css('@media (max-width: 599px) { .calls-table td, .calls-table th { padding: 4px 8px; height: 36px; } }')
    # A row opens the call's report.
    table.on('rowClick', lambda event: ui.navigate.to(f'/calls/{event.args[1]["id"]}'))
    table.add_slot(
        'body-cell-score',
        """
        <q-td :props="props">
          <q-badge :color="props.row.score_color" :label="props.value">
            <template v-if="props.row.overridden">
              <q-icon name="person" size="12px" class="q-ml-xs" />
              <q-tooltip>The manager's score; the coach gave {{ props.row.coach }}</q-tooltip>
            </template>
          </q-badge>
        </q-td>
    """,
    )
    table.add_slot(
        'body-cell-status',
        """
        <q-td :props="props"><q-badge outline :color="props.row.status_color" :label="props.value" /></q-td>
    """,
    )
    if on_delete is not None:
        # `.stop`: the click deletes and must not also reach the row, which would open the report.
        table.add_slot(
            'body-cell-delete',
            """
            <q-td :props="props" auto-width>
              <q-btn flat round dense icon="delete_outline" color="grey-7"
                     :aria-label="'Delete the call of ' + props.row.date"
                     @click.stop="() => $parent.$emit('delete', props.row.id)"><q-tooltip>Delete</q-tooltip></q-btn>
            </q-td>
        """,
        )
        table.on('delete', lambda event: on_delete(event.args))
    return table


def _score(call: CallListing) -> int | None:
    """The manager's score where there is one (as the dashboard counts it), else the coach's."""
    return call.override_score if call.override_score is not None else call.overall_score


def _prospect(call: CallListing) -> str:
    """A built-in by its title in the library ('Skeptical buyer'), a team's own prospect by name."""
    if call.persona in PERSONAS:  # the built-ins' ids; a team's own prospects have generated ones
        return PERSONAS[call.persona].title
    return call.prospect_name or call.persona


def _short(text: str | None, limit: int = 60) -> str:
    if not text:
        return '—'
    return text if len(text) <= limit else text[: limit - 1].rstrip() + '…'


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return '—'
    return clock(seconds)
