"""Messages for a person (人工): kept, pushed to the area's staff (then township, county), answered.

rules.py (keep, answer, escalate), staff.py (who hears), texts.py, workhours.py, history.py
(what staff see of the villager's last 48 hours), jobs.py (the scheduler's escalation).
"""
from .rules import (Kept, answer, conversation_for_staff, conversation_of, escalate_due, keep_message,
                    move_to_area, open_for)
from .staff import RELAY_ROLES

__all__ = ["RELAY_ROLES", "Kept", "answer", "conversation_for_staff", "conversation_of", "escalate_due",
           "keep_message", "move_to_area", "open_for"]
