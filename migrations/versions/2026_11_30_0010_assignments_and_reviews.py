"""assignment and assignment_rep (practice a manager assigns), call_session.assignment_id and the manager's score
override, call_comment, certification and notice

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        'assignment',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('scenario_id', sa.String(length=64), nullable=False),
        sa.Column('persona_id', sa.String(length=64), nullable=True),
        sa.Column('team_id', sa.Uuid(), nullable=True),
        sa.Column('created_by', sa.Uuid(), nullable=True),
        sa.Column('due_at', TIMESTAMP, nullable=False),
        sa.Column('pass_mark', sa.Integer(), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=True),
        sa.Column('created_at', TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(['team_id'], ['team.id'], name='fk_assignment_team_id_team', ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['created_by'], ['user.id'], name='fk_assignment_created_by_user', ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name='pk_assignment'),
    )
    op.create_index('ix_assignment_created_by', 'assignment', ['created_by'])
    op.create_table(
        'assignment_rep',
        sa.Column('assignment_id', sa.Uuid(), nullable=False),
        sa.Column('user_id', sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ['assignment_id'], ['assignment.id'], name='fk_assignment_rep_assignment_id_assignment', ondelete='CASCADE'
        ),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name='fk_assignment_rep_user_id_user', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('assignment_id', 'user_id', name='pk_assignment_rep'),
    )
    op.create_index('ix_assignment_rep_user_id', 'assignment_rep', ['user_id'])
    # Plain ALTER TABLE, not a batch (SQLite's batch copies the table and would lose 0004's expression indexes).
    op.add_column('call_session', sa.Column('assignment_id', sa.Uuid(), nullable=True))
    op.add_column('call_session', sa.Column('override_score', sa.Integer(), nullable=True))
    op.add_column('call_session', sa.Column('override_reason', sa.Text(), nullable=True))
    op.add_column('call_session', sa.Column('override_by', sa.Uuid(), nullable=True))
    op.add_column('call_session', sa.Column('override_at', TIMESTAMP, nullable=True))
    op.create_index('ix_call_session_assignment_id', 'call_session', ['assignment_id'])
    op.create_table(
        'call_comment',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('call_id', sa.Uuid(), nullable=False),
        sa.Column('author_id', sa.Uuid(), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('line_index', sa.Integer(), nullable=True),
        sa.Column('created_at', TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ['call_id'], ['call_session.id'], name='fk_call_comment_call_id_call_session', ondelete='CASCADE'
        ),
        sa.ForeignKeyConstraint(['author_id'], ['user.id'], name='fk_call_comment_author_id_user', ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name='pk_call_comment'),
    )
    op.create_index('ix_call_comment_call_id', 'call_comment', ['call_id'])
    op.create_table(
        'certification',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('user_id', sa.Uuid(), nullable=False),
        sa.Column('scenario_id', sa.String(length=64), nullable=False),
        sa.Column('team_id', sa.Uuid(), nullable=True),
        sa.Column('certified_by', sa.Uuid(), nullable=True),
        sa.Column('created_at', TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name='fk_certification_user_id_user', ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['team_id'], ['team.id'], name='fk_certification_team_id_team', ondelete='SET NULL'),
        sa.ForeignKeyConstraint(
            ['certified_by'], ['user.id'], name='fk_certification_certified_by_user', ondelete='SET NULL'
        ),
        sa.PrimaryKeyConstraint('id', name='pk_certification'),
    )
    op.create_index('ix_certification_user_id', 'certification', ['user_id'])
    op.create_table(
        'notice',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('user_id', sa.Uuid(), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('text', sa.String(length=500), nullable=False),
        sa.Column('link', sa.String(length=200), nullable=False),
        sa.Column('created_at', TIMESTAMP, nullable=False),
        sa.Column('read_at', TIMESTAMP, nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name='fk_notice_user_id_user', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name='pk_notice'),
    )
    op.create_index('ix_notice_user_id', 'notice', ['user_id'])


def downgrade() -> None:
    op.drop_index('ix_notice_user_id', table_name='notice')
    op.drop_table('notice')
    op.drop_index('ix_certification_user_id', table_name='certification')
    op.drop_table('certification')
    op.drop_index('ix_call_comment_call_id', table_name='call_comment')
    op.drop_table('call_comment')
    op.drop_index('ix_call_session_assignment_id', table_name='call_session')
    for column in ('override_at', 'override_by', 'override_reason', 'override_score', 'assignment_id'):
        op.drop_column('call_session', column)
    op.drop_index('ix_assignment_rep_user_id', table_name='assignment_rep')
    op.drop_table('assignment_rep')
    op.drop_index('ix_assignment_created_by', table_name='assignment')
    op.drop_table('assignment')
