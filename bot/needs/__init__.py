"""Villagers' needs and the whistle (吹哨/报到): the rules chat, admin page and scheduler share.

    from bot import needs
    need = needs.report_need(session, villager, "村口的路坏了", urgency="urgent")
    needs.whistle_round(session, now)            # job: alert collected needs to their groups
    needs.escalate_unclaimed(session, now)       # job: unclaimed → group leader → area secretary
    needs.claim / report_progress / close / rate / assign_field
    needs.set_leader(session, user, "county-agri")   # the group leader hears unclaimed whistles
    needs.needs_of_villager / claimable_for / held_by / status_lines
    needs.staff.assign_rep / change_field / whistle_now / escalate_now / close_need   # admin page

Functions take the caller's session and never commit. Times are UTC-aware datetimes.
"""
from .fields import Classification, Vocabulary, classify
from .handling import assign_field, awaiting_rating, claim, close, rate, report_progress
from .lookups import (VILLAGER_STATES, claimable_for, find_own, held_by, needs_of_villager,
                      status_lines, villager_state)
from .notices import summary
from .records import Outcome
from .routing import REP_ROLE, Routing, group_reps, is_group_rep, route_need, set_leader
from .whistles import (alert_need, claim_timeouts, escalate_unclaimed, report_need, whistle_recipients,
                       whistle_round)

__all__ = [
    "Classification", "Vocabulary", "classify", "assign_field", "awaiting_rating", "claim", "close",
    "rate", "report_progress", "VILLAGER_STATES", "claimable_for", "find_own", "held_by",
    "needs_of_villager", "status_lines", "villager_state", "summary", "Outcome", "REP_ROLE",
    "Routing", "group_reps", "is_group_rep", "route_need", "set_leader", "alert_need", "claim_timeouts",
    "escalate_unclaimed", "report_need", "whistle_recipients", "whistle_round",
]
