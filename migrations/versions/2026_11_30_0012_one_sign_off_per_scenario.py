"""certification: one per rep and scenario (a unique index; duplicates made before it are folded into the oldest)

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A sign-off that has an older twin (same rep, same scenario) goes; ties on the time keep the lower id.
DUPLICATES = sa.text(
    'DELETE FROM certification WHERE EXISTS (SELECT 1 FROM certification AS older '
    'WHERE older.user_id = certification.user_id AND older.scenario_id = certification.scenario_id '
    'AND (older.created_at < certification.created_at '
    'OR (older.created_at = certification.created_at AND older.id < certification.id)))'
)


def upgrade() -> None:
    op.execute(DUPLICATES)
    op.create_index('uq_certification_user_scenario', 'certification', ['user_id', 'scenario_id'], unique=True)


def downgrade() -> None:
    op.drop_index('uq_certification_user_scenario', table_name='certification')
