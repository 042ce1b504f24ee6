"""The relay's scheduler job: pass messages unanswered through a working day up a level."""
from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy.orm import Session

from .rules import escalate_due


def escalate_waiting(session: Session, now: datetime) -> int:
    """Messages for a person nobody answered in one working day: the township, then the county."""
    return escalate_due(session, now, current_app.config["TZ_NAME"])
