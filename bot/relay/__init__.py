"""Messages for a person (人工): kept, pushed to the area's staff (then township, county), answered.

rules.py (keep, answer, escalate), lookups.py (who hears; the villager's last 48 hours), texts.py,
workhours.py (when a message has waited through one working day).
"""
from .rules import (Kept, answer, conversation_for_staff, conversation_of, escalate_due, keep_message,
                    move_to_area, open_for)
from .lookups import RELAY_ROLES, recent

__all__ = ["RELAY_ROLES", "Kept", "answer", "conversation_for_staff", "conversation_of", "escalate_due",
           "keep_message", "move_to_area", "open_for", "recent"]
