"""Villagers' needs and the whistle (吹哨/报到): the rules chat, admin page and scheduler share.

rules.py state changes, rounds.py the whistle rounds, lookups.py reads (routing to a group included), notices.py pushes
(gist.py the need's words within a template field's 20 characters),
staff.py admin-page actions, fields.py the words → field classifier (need_words.yaml), cli.py
`flask needs …`.

    from bot import needs
    need = needs.report_need(session, villager, "村口的路坏了", urgency="urgent")
    needs.whistle_round(session, now)            # job: alert collected needs, repeat unclaimed ones
    needs.escalate_unclaimed(session, now)       # job: unclaimed → group leader → area secretary
    needs.claim / report_progress / close / rate / assign_field
    needs.set_leader(session, user, "county-agri")   # the group leader hears unclaimed whistles
    needs.needs_of_villager / claimable_for / held_by / status_lines
    needs.staff.assign_rep / change_field / whistle_now / escalate_now / close_need   # admin page

Functions take the caller's session and never commit. Times are UTC-aware datetimes.
"""
from bot.workitems import MAX_NOTE_CHARS, Outcome, Reason

from . import staff
from .fields import Classification, Vocabulary, classify
from .lookups import (REP_ROLE, SORTING_FIELD, VILLAGER_STATES, Routing, claimable_for, find_own, group_by_code,
                      group_reps, held_by, is_group_rep, needs_of_villager, route_need, status_lines, villager_state)
from .notices import contact_line, summary
from .rules import (alert_need, assign_field, awaiting_rating, claim, claim_timeouts, close,
                    escalate_unclaimed, rate, report_need, report_progress, whistle_recipients)
from .rounds import whistle_round
from .giving_back import give_back
from .staff import set_leader

__all__ = [
    "Reason", "give_back", "staff", "SORTING_FIELD", "group_by_code", "contact_line", "MAX_NOTE_CHARS", "Classification", "Vocabulary", "classify", "assign_field", "awaiting_rating", "claim", "close",
    "rate", "report_progress", "VILLAGER_STATES", "claimable_for", "find_own", "held_by",
    "needs_of_villager", "status_lines", "villager_state", "summary", "Outcome", "REP_ROLE",
    "Routing", "group_reps", "is_group_rep", "route_need", "set_leader", "alert_need", "claim_timeouts",
    "escalate_unclaimed", "report_need", "whistle_recipients", "whistle_round",
]
