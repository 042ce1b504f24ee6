"""What a safety test reads back after a message: the sender's open flow and the cases opened."""
from __future__ import annotations

from sqlalchemy import select

from bot.models import DialogState, SafetyCase


def flow_of(app, openid: str) -> str | None:
    with app.extensions["db"].session() as s:
        state = s.get(DialogState, openid)
        return state.flow if state is not None else None


def cases(app) -> list[SafetyCase]:
    with app.extensions["db"].session() as s:
        return list(s.scalars(select(SafetyCase).order_by(SafetyCase.id)))
