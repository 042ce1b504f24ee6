"""Suggestions, the read side: a village's public answers, a villager's own suggestions."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import User
from bot.models.matters import Suggestion


def public_answers(session: Session, village_id: int, limit: int = 30) -> list[Suggestion]:
    """Answered suggestions of the village the cadre chose to show, newest answer first."""
    return list(session.scalars(select(Suggestion).where(
        Suggestion.village_id == village_id, Suggestion.public.is_(True), Suggestion.state == "answered")
        .order_by(Suggestion.answered_at.desc(), Suggestion.id.desc()).limit(limit)))


def own_suggestions(session: Session, user: User, limit: int = 5) -> list[Suggestion]:
    return list(session.scalars(select(Suggestion).where(Suggestion.user_id == user.id)
                                .order_by(Suggestion.created_at.desc(), Suggestion.id.desc()).limit(limit)))
