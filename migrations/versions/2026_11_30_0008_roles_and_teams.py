"""user.role (admin, manager or rep; the admin flag becomes the admin role), user.time_zone and
user.session_version; team and team_member

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table('user') as batch:
        batch.add_column(sa.Column('role', sa.String(length=16), nullable=False, server_default='rep'))
        batch.add_column(sa.Column('time_zone', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('session_version', sa.Integer(), nullable=False, server_default='0'))
    op.execute(sa.text('UPDATE "user" SET role = \'admin\' WHERE is_superuser'))
    with op.batch_alter_table('user') as batch:
        batch.drop_column('is_superuser')
        batch.alter_column('role', server_default=None)
        batch.alter_column('session_version', server_default=None)
    op.create_table(
        'team',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('leaderboard', sa.Boolean(), nullable=False),
        sa.Column('created_at', TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint('id', name='pk_team'),
        sa.UniqueConstraint('name', name='uq_team_name'),
    )
    op.create_table(
        'team_member',
        sa.Column('team_id', sa.Uuid(), nullable=False),
        sa.Column('user_id', sa.Uuid(), nullable=False),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('added_at', TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(['team_id'], ['team.id'], name='fk_team_member_team_id_team', ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name='fk_team_member_user_id_user', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('team_id', 'user_id', name='pk_team_member'),
    )
    op.create_index('ix_team_member_user_id', 'team_member', ['user_id'])


def downgrade() -> None:
    op.drop_index('ix_team_member_user_id', table_name='team_member')
    op.drop_table('team_member')
    op.drop_table('team')
    with op.batch_alter_table('user') as batch:
        batch.add_column(sa.Column('is_superuser', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute(sa.text('UPDATE "user" SET is_superuser = (role = \'admin\')'))
    with op.batch_alter_table('user') as batch:
        batch.alter_column('is_superuser', server_default=None)
        batch.drop_column('session_version')
        batch.drop_column('time_zone')
        batch.drop_column('role')
