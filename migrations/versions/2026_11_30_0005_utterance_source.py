"""utterance.source: how a rep's line came in, 'spoken' or 'typed' (earlier lines were all counted as spoken)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('utterance') as batch:
        batch.add_column(sa.Column('source', sa.String(8), nullable=False, server_default='spoken'))


def downgrade() -> None:
    with op.batch_alter_table('utterance') as batch:
        batch.drop_column('source')
