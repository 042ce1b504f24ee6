"""Villagers' suggestions before a 民主议事日 (我有个建议…) and the cadres' answers.

    from bot import suggestions
    suggestions.send_suggestion(session, user, text)                          # rules.py
    suggestions.answer_suggestion(session, s, answer, public, by) → (before, after, pushed)
    suggestions.public_answers / own_suggestions                              # lookups.py
    suggestions.texts.receipt / answer_push                                   # texts.py
    `flask suggestion …`                                                      # cli.py

Functions take the caller's session and never commit.
"""
from . import texts
from .lookups import own_suggestions, public_answers
from .notices import push_answer
from .rules import MAX_ANSWER, SuggestionError, answer_suggestion, send_suggestion

__all__ = ["texts", "own_suggestions", "public_answers", "push_answer", "MAX_ANSWER", "SuggestionError",
           "answer_suggestion", "send_suggestion"]
