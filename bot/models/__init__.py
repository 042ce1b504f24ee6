"""All models, imported here so that Alembic and `Base.metadata` see every table."""
from .base import Base, utcnow
from .dialog import DialogState
from .inbound import InboundMessage
from .mediation import Booking, MediationRoom, Mediator, OpeningHours, Slot
from .outbox import OutboxMessage
from .people import ROLE_LABELS, ROLES, Area, User, UserRole, Village, mask_phone
from .shared_values import SharedValue

__all__ = [
    "Base", "utcnow", "DialogState", "InboundMessage", "OutboxMessage", "Area", "User",
    "UserRole", "Village", "SharedValue", "ROLES", "ROLE_LABELS", "mask_phone",
    "Booking", "MediationRoom", "Mediator", "OpeningHours", "Slot",
]
