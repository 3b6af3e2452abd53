"""prospect_entry and scenario_entry: the prospects and scenarios users build (the built-ins are not rows)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Kept local so that this migration never changes when the models' helper types do.
JSON = sa.JSON().with_variant(postgresql.JSONB(), 'postgresql')
TIMESTAMP = sa.DateTime(timezone=True)
TABLES = (('prospect_entry', 'profile'), ('scenario_entry', 'spec'))


def upgrade() -> None:
    for table, content in TABLES:
        op.create_table(
            table,
            sa.Column('id', sa.String(length=36), nullable=False),
            sa.Column('owner_id', sa.Uuid(), nullable=False),
            sa.Column('visibility', sa.String(length=16), nullable=False),
            sa.Column(content, JSON, nullable=False),
            sa.Column('created_at', TIMESTAMP, nullable=False),
            sa.Column('updated_at', TIMESTAMP, nullable=False),
            sa.ForeignKeyConstraint(['owner_id'], ['user.id'], name=f'fk_{table}_owner_id_user', ondelete='CASCADE'),
            sa.PrimaryKeyConstraint('id', name=f'pk_{table}'),
        )
        op.create_index(f'ix_{table}_owner_id', table, ['owner_id'])
        op.create_index(f'ix_{table}_visibility', table, ['visibility'])


def downgrade() -> None:
    for table, _content in reversed(TABLES):
        op.drop_index(f'ix_{table}_visibility', table_name=table)
        op.drop_index(f'ix_{table}_owner_id', table_name=table)
        op.drop_table(table)
