"""user, call_session and utterance

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Kept local so that this migration never changes when the models' helper types do.
JSON = sa.JSON().with_variant(postgresql.JSONB(), 'postgresql')
TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        'user',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('email', sa.String(length=320), nullable=False),
        sa.Column('hashed_password', sa.String(length=255), nullable=False),
        sa.Column('full_name', sa.String(length=255), nullable=False),
        sa.Column('is_active', sa.Boolean(), nullable=False),
        sa.Column('is_superuser', sa.Boolean(), nullable=False),
        sa.Column('created_at', TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_user')),
    )
    op.create_index(op.f('ix_user_email'), 'user', ['email'], unique=True)

    op.create_table(
        'call_session',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('owner_id', sa.Uuid(), nullable=False),
        sa.Column('persona', sa.String(length=64), nullable=False),
        sa.Column('scenario', sa.Text(), nullable=True),
        sa.Column('created_at', TIMESTAMP, nullable=False),
        sa.Column('ended_at', TIMESTAMP, nullable=True),
        sa.Column('duration_seconds', sa.Float(), nullable=True),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('hume_chat_id', sa.String(length=128), nullable=True),
        sa.Column('engine', sa.String(length=32), nullable=False),
        sa.Column('transcript', JSON, nullable=True),
        sa.Column('emotion_data', JSON, nullable=True),
        sa.Column('analysis_results', JSON, nullable=True),
        sa.Column('overall_score', sa.Integer(), nullable=True),
        sa.Column('analysis_requested_at', TIMESTAMP, nullable=True),
        sa.Column('analysis_error', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ['owner_id'], ['user.id'], name=op.f('fk_call_session_owner_id_user'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_call_session')),
    )
    op.create_index('ix_call_session_owner_id_created_at', 'call_session', ['owner_id', 'created_at'])
    op.create_index(op.f('ix_call_session_status'), 'call_session', ['status'])

    op.create_table(
        'utterance',
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
        sa.Column('call_id', sa.Uuid(), nullable=False),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('start_s', sa.Float(), nullable=True),
        sa.Column('end_s', sa.Float(), nullable=True),
        sa.Column('prosody', JSON, nullable=True),
        sa.Column('created_at', TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ['call_id'], ['call_session.id'], name=op.f('fk_utterance_call_id_call_session'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_utterance')),
    )
    op.create_index('ix_utterance_call_id_id', 'utterance', ['call_id', 'id'])


def downgrade() -> None:
    op.drop_index('ix_utterance_call_id_id', table_name='utterance')
    op.drop_table('utterance')
    op.drop_index(op.f('ix_call_session_status'), table_name='call_session')
    op.drop_index('ix_call_session_owner_id_created_at', table_name='call_session')
    op.drop_table('call_session')
    op.drop_index(op.f('ix_user_email'), table_name='user')
    op.drop_table('user')
