"""All models, imported here so that Alembic and `Base.metadata` see every table."""
from .base import Base, utcnow
from .dialog import DialogState
from .inbound import InboundMessage
from .knowledge import Canteen, Guide, RepGroup
from .outbox import OutboxMessage
from .people import ROLE_LABELS, ROLES, Area, User, UserRole, Village, mask_phone
from .shared_values import SharedValue
from .volunteers import SignUp, Task, VolunteerProfile, VolunteerTeam

__all__ = [
    "Base", "utcnow", "DialogState", "InboundMessage", "OutboxMessage", "Area", "User",
    "UserRole", "Village", "SharedValue", "ROLES", "ROLE_LABELS", "mask_phone",
    "Guide", "RepGroup", "Canteen",
    "VolunteerProfile", "VolunteerTeam", "Task", "SignUp",
]
