"""All tables, imported together so that `Base.metadata` is complete for Alembic."""

from app.models.call import CallSession, Utterance
from app.models.user import User

__all__ = ['CallSession', 'User', 'Utterance']
