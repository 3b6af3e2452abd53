"""utterance.acoustic: our own tone analysis of the rep's voice on each of the rep's lines

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), 'postgresql')


def upgrade() -> None:
    with op.batch_alter_table('utterance') as batch:
        batch.add_column(sa.Column('acoustic', JSON, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('utterance') as batch:
        batch.drop_column('acoustic')
