"""call_session: an index for each order of the call lists (by date with the id that breaks ties, and by score)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index('ix_call_session_owner_id_created_at', table_name='call_session')
    op.create_index('ix_call_session_owner_created', 'call_session', ['owner_id', 'created_at', 'id'])
    # The same expressions and directions as the lists' ORDER BY, so both databases read a page from the index.
    score, created_at, call_id = sa.column('overall_score'), sa.column('created_at'), sa.column('id')
    op.create_index(
        'ix_call_session_owner_score_high',
        'call_session',
        ['owner_id', score.is_(None), score.desc(), created_at.desc(), call_id.desc()],
    )
    op.create_index(
        'ix_call_session_owner_score_low',
        'call_session',
        ['owner_id', score.is_(None), score.asc(), created_at.desc(), call_id.desc()],
    )


def downgrade() -> None:
    op.drop_index('ix_call_session_owner_score_low', table_name='call_session')
    op.drop_index('ix_call_session_owner_score_high', table_name='call_session')
    op.drop_index('ix_call_session_owner_created', table_name='call_session')
    op.create_index('ix_call_session_owner_id_created_at', 'call_session', ['owner_id', 'created_at'])
