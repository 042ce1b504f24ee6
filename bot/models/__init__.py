"""All models, imported here so that Alembic and `Base.metadata` see every table."""
from .accounts import InviteCode
from .affairs import EVENT_KINDS, NOTICE_KINDS, AffairsSubscription, Notice, VillageRules
from .admin import AdminAccount, AdminLoginThrottle, AdminSession, AuditEntry
from .base import Base, utcnow
from .benefits import BenefitCheck
from .broadcasts import MassBudget, WechatTag, WechatTagMember
from .context import UserContext
from .dialog import DialogState
from .imports import IMPORT_STATES, AdminImport, AdminImportRejection
from .family import FAMILY_STATES, FamilyMember
from .errands import ERRAND_STATES, OPEN_STATES, Errand, ErrandEvent
from .inbound import InboundMessage
from .knowledge import Canteen, Guide, RepGroup
from .matters import MATTER_STEPS, PUBLIC_STEPS, Matter, MatterStep, Suggestion
from .lexicon import LexiconAddition
from .mediation import Booking, MediationRoom, Mediator, OpeningHours, Slot
from .needs import CLAIMABLE_STATES, HELD_STATES, NEED_STATES, Need, NeedEvent
from .outbox import OutboxMessage
from .people import ROLE_LABELS, ROLES, Area, User, UserRole, Village, mask_phone
from .relay import RELAY_LEVELS, Conversation, RelayMessage, RelayRecipient
from .safety import CASE_STATES, SafetyCase
from .shared_values import SharedValue
from .themes import Theme
from .volunteers import SignUp, Task, VolunteerProfile, VolunteerTeam
from .workbench import FormToken, PushResolution, UserNote

__all__ = [
    "Base", "utcnow", "DialogState", "UserContext", "InboundMessage", "OutboxMessage", "Area", "User",
    "UserRole", "Village", "SharedValue", "ROLES", "ROLE_LABELS", "mask_phone",
    "Guide", "RepGroup", "Canteen",
    "VolunteerProfile", "VolunteerTeam", "Task", "SignUp",
    "Errand", "ErrandEvent", "ERRAND_STATES", "OPEN_STATES", "InviteCode",
    "Booking", "MediationRoom", "Mediator", "OpeningHours", "Slot",
    "Need", "NeedEvent", "Theme", "NEED_STATES", "CLAIMABLE_STATES", "HELD_STATES",
    "Notice", "VillageRules", "AffairsSubscription", "NOTICE_KINDS", "EVENT_KINDS",
    "AdminAccount", "AdminSession", "AdminLoginThrottle", "AuditEntry",
    "AdminImport", "AdminImportRejection", "IMPORT_STATES",
    "MassBudget", "WechatTag", "WechatTagMember",
    "Conversation", "RelayMessage", "RelayRecipient", "RELAY_LEVELS",
    "FamilyMember", "FAMILY_STATES", "BenefitCheck",
    "Matter", "MatterStep", "Suggestion", "MATTER_STEPS", "PUBLIC_STEPS",
    "SafetyCase", "CASE_STATES", "LexiconAddition",
    "PushResolution", "FormToken", "UserNote",
]
