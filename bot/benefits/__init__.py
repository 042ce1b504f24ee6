"""The benefits check (政策找人, "俺能领啥"): five questions, the guides that may apply with reason and
next step, and, with the villager's consent, the answers kept for the area's staff to follow up.

    from bot import benefits
    rules = benefits.read_rules(guide_ids=...)        # loader.py: knowledge/benefits.yaml (kb check too)
    benefits.matches(rules, Answers(ages=[82], ...))  # rules.py
    benefits.keep_check(session, user, answers, found)
    benefits.kept_checks(session, where_area)         # lookups.py: the admin board
    benefits.texts                                    # texts.py
"""
from . import texts
from .loader import RULES_FILE, BenefitsDataError, Rule, read_rules
from .lookups import kept_checks
from .rules import Answers, keep_check, matches

__all__ = ["texts", "RULES_FILE", "BenefitsDataError", "Rule", "read_rules", "kept_checks", "Answers", "keep_check",
           "matches"]
