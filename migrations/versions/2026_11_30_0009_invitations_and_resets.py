"""invitation and password_reset: single-use links, their tokens stored only as SHA-256

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), 'postgresql')
TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        'invitation',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('team_ids', JSON, nullable=False),
        sa.Column('email', sa.String(length=320), nullable=True),
        sa.Column('created_by', sa.Uuid(), nullable=True),
        sa.Column('created_at', TIMESTAMP, nullable=False),
        sa.Column('expires_at', TIMESTAMP, nullable=False),
        sa.Column('used_at', TIMESTAMP, nullable=True),
        sa.Column('used_by', sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(['created_by'], ['user.id'], name='fk_invitation_created_by_user', ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['used_by'], ['user.id'], name='fk_invitation_used_by_user', ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name='pk_invitation'),
        sa.UniqueConstraint('token_hash', name='uq_invitation_token_hash'),
    )
    op.create_index('ix_invitation_created_by', 'invitation', ['created_by'])
    op.create_table(
        'password_reset',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Uuid(), nullable=False),
        sa.Column('created_at', TIMESTAMP, nullable=False),
        sa.Column('expires_at', TIMESTAMP, nullable=False),
        sa.Column('used_at', TIMESTAMP, nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name='fk_password_reset_user_id_user', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name='pk_password_reset'),
        sa.UniqueConstraint('token_hash', name='uq_password_reset_token_hash'),
    )
    op.create_index('ix_password_reset_user_id', 'password_reset', ['user_id'])


def downgrade() -> None:
    op.drop_index('ix_password_reset_user_id', table_name='password_reset')
    op.drop_table('password_reset')
    op.drop_index('ix_invitation_created_by', table_name='invitation')
    op.drop_table('invitation')
