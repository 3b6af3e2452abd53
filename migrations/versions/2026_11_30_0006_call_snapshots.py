"""call_session.persona_snapshot, scenario_snapshot and scenario_id: what a call was practised on, kept with it so
that later edits to the library never change an old call's report

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(JSONB(), 'postgresql')


# Plain ALTER TABLE, not a batch (SQLite's batch copies the table and would lose 0004's expression indexes).
def upgrade() -> None:
    op.add_column('call_session', sa.Column('persona_snapshot', JSON, nullable=True))
    op.add_column('call_session', sa.Column('scenario_snapshot', JSON, nullable=True))
    op.add_column('call_session', sa.Column('scenario_id', sa.String(64), nullable=True))
    # Partial: a plain listing of a rep's calls (scenario_id not named) cannot take it instead of its own index.
    op.create_index(
        'ix_call_session_owner_scenario',
        'call_session',
        ['owner_id', 'scenario_id', 'created_at'],
        sqlite_where=sa.text('scenario_id IS NOT NULL'),
        postgresql_where=sa.text('scenario_id IS NOT NULL'),
    )


def downgrade() -> None:
    op.drop_index('ix_call_session_owner_scenario', table_name='call_session')
    for column in ('scenario_id', 'scenario_snapshot', 'persona_snapshot'):
        op.drop_column('call_session', column)
