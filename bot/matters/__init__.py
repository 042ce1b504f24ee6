"""Village major matters (村级重大事项) under 四议两公开: six steps in order, the two 公开 published.

    from bot import matters
    matters.create_matter(session, village, title, keywords=..., by=...)      # rules.py
    matters.enter_step(session, matter, n, day, text, file=Attachment(...))   # rules.py: in order
    matters.correct_step(session, matter, n, day, text) → (before, after)     # rules.py: audited by caller
    matters.village_matters / public_matters / find_matters                   # lookups.py
    matters.texts.matter_text / push_text / step_line                         # texts.py
    matters.recipients / publish_step                                         # notices.py
    `flask matter …`                                                          # cli.py

Functions take the caller's session and never commit.
"""
from . import texts
from .lookups import asked_words, find_matters, matter_in_village, public_matters, village_matters
from .notices import publish_step, recipients
from .rules import (FILE_TYPES, MAX_TEXT, MAX_TITLE, Attachment, Entered, MattersError, correct_step, create_matter,
                    enter_step)

__all__ = [
    "texts", "asked_words", "find_matters", "matter_in_village", "public_matters", "village_matters",
    "publish_step", "recipients", "FILE_TYPES", "MAX_TEXT", "MAX_TITLE", "Attachment", "Entered", "MattersError",
    "correct_step", "create_matter", "enter_step",
]
