"""Errands (便民代办): a villager's request, offered to the least busy party member of the area.

    from bot import errands
    errands.create_errand / accept / decline / report_progress / finish / cancel_errand   # rules.py
    errands.escalate_overdue(session, now)          # rules.py: the scheduler's job
    errands.reassign / close / area_members         # staff.py: the admin page
    errands.find_visible / errands_for_member / errands_of_villager   # lookups.py
    errands.notices.offer_text / task_text          # notices.py: who is pushed what, keys

Every change is a bot.workitems transition (conditional UPDATE, one winner) recorded as an
ErrandEvent; actions answer with a bot.workitems.Outcome. Functions never commit.
"""
from bot.workitems import Outcome, Reason

from . import notices
from .lookups import (AREA_ROLES, ESCALATION_ROLES, MEMBER_ROLE, RUNNER_ROLES, area_ids_of, errands_for_member,
                      errands_of_villager, find_visible)
from .rules import (DEFAULT_OFFER_TIMEOUT, EscalationStep, accept, cancel_errand, create_errand, decline,
                    escalate_overdue, escalation_staff, finish, rate_errand, report_progress)
from .staff import CLOSE_STATES, area_members, close, reassign

__all__ = [
    "Outcome", "Reason", "notices", "AREA_ROLES", "ESCALATION_ROLES", "MEMBER_ROLE", "RUNNER_ROLES", "area_ids_of",
    "errands_for_member", "errands_of_villager", "find_visible", "DEFAULT_OFFER_TIMEOUT", "EscalationStep",
    "accept", "cancel_errand", "create_errand", "decline", "escalate_overdue", "escalation_staff", "finish",
    "rate_errand", "report_progress", "CLOSE_STATES", "area_members", "close", "reassign",
]
