"""The tables, owned by the services that read and write them; all imported here so that `Base.metadata` is
complete for Alembic."""

from services.models.base import Base
from services.models.call import CallSession, Utterance
from services.models.invitation import Invitation, PasswordReset
from services.models.library import ProspectEntry, ScenarioEntry
from services.models.review import Assignment, AssignmentRep, CallComment, Certification, Notice
from services.models.team import Team, TeamMember, TeamRole
from services.models.user import Role, User

__all__ = [
    'Assignment',
    'AssignmentRep',
    'Base',
    'CallComment',
    'CallSession',
    'Certification',
    'Invitation',
    'Notice',
    'PasswordReset',
    'ProspectEntry',
    'Role',
    'ScenarioEntry',
    'Team',
    'TeamMember',
    'TeamRole',
    'User',
    'Utterance',
]
