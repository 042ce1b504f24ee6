"""Villagers' suggestions before a 民主议事日, the state changes: sent, answered.

    suggestion = send_suggestion(session, user, "村口装个路灯")       # the villager's village
    answer_suggestion(session, suggestion, "已列入议事日议题", public=True, by="admin:daicun")

An answer is pushed to the villager once (key `suggestion:<id>:answer`); changing it later is
recorded (the caller audits) and not pushed again. `public` shows the suggestion and its answer
on the village's public page. Functions never commit.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot import clock
from bot.models import User
from bot.models.matters import Suggestion

from .notices import push_answer

MIN_TEXT, MAX_TEXT, MAX_ANSWER = 4, 500, 500
PER_DAY = 5


class SuggestionError(Exception):
    """A rule said no; the message is written for whoever acted."""


def send_suggestion(session: Session, user: User, text: str, now: datetime | None = None) -> Suggestion:
    """Store the villager's suggestion for their village."""
    if user.village is None:
        raise SuggestionError("还不知道您是哪个村的")
    text = " ".join(text.split())
    if len(text) < MIN_TEXT:
        raise SuggestionError("建议太短了，请多说几句")
    now = now or clock.now()
    today = session.scalar(select(func.count(Suggestion.id)).where(
        Suggestion.user_id == user.id, Suggestion.created_at >= now.replace(hour=0, minute=0, second=0)))
    if today >= PER_DAY:
        raise SuggestionError(f"今天已经提了{PER_DAY}条建议，明天再提吧")
    suggestion = Suggestion(user_id=user.id, area_id=user.village.area_id, village_id=user.village_id,
                            text=text[:MAX_TEXT], created_at=now)
    session.add(suggestion)
    session.flush()
    return suggestion


def answer_suggestion(session: Session, suggestion: Suggestion, answer: str, public: bool, by: str = "",
                      now: datetime | None = None) -> tuple[dict, dict, int]:
    """Record the cadre's answer (push it the first time); returns (before, after, pushed)."""
    answer = answer.strip()
    if not answer or len(answer) > MAX_ANSWER:
        raise SuggestionError(f"回复不能为空，最多{MAX_ANSWER}个字")
    before = {"answer": suggestion.answer, "public": suggestion.public, "state": suggestion.state}
    suggestion.answer, suggestion.public, suggestion.state = answer, public, "answered"
    if suggestion.answered_at is None:
        suggestion.answered_at = now or clock.now()
    suggestion.answered_by = by
    after = {"answer": answer, "public": public, "state": "answered"}
    if after == before:
        raise SuggestionError("没有改动")
    session.flush()
    return before, after, push_answer(session, suggestion)
