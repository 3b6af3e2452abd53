"""prospect_entry.team_id and scenario_entry.team_id: an entry shared with one team (visibility 'team')

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ('prospect_entry', 'scenario_entry')


def upgrade() -> None:
    # Plain ALTER TABLE without a foreign key, as 0010 does: deleting a team makes its entries private again in
    # services/teams.py, so no row is left naming a team that is gone.
    for table in TABLES:
        op.add_column(table, sa.Column('team_id', sa.Uuid(), nullable=True))
        op.create_index(f'ix_{table}_team_id', table, ['team_id'])


def downgrade() -> None:
    for table in TABLES:
        entries = sa.table(table, sa.column('visibility', sa.String()))
        op.execute(entries.update().where(entries.c.visibility == 'team').values(visibility='private'))
        op.drop_index(f'ix_{table}_team_id', table_name=table)
        op.drop_column(table, 'team_id')
