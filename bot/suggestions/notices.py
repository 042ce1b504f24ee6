"""The push of a suggestion's answer to the villager who sent it (once, key `suggestion:<id>:answer`)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from bot.models.matters import Suggestion
from bot.outbox import enqueue

from . import texts


def push_answer(session: Session, suggestion: Suggestion) -> int:
    """1 when the answer push was newly queued, 0 when it had been before."""
    text, fields = texts.answer_push(suggestion)
    return int(enqueue(session, f"suggestion:{suggestion.id}:answer", suggestion.user.openid, "human", text, fields))
