"""The two ways a need changes: a history row, and a conditional UPDATE that only one caller wins."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot import clock
from bot.models import Need, NeedEvent, User


@dataclass(frozen=True)
class Outcome:
    """The result of an action on a need: ok, and why (for the reply)."""

    ok: bool
    # claimed|progress|closed|satisfied|reopened|assigned|not_found|not_your_group|taken|
    # already_yours|not_yours|closed_already|empty_note|nothing_to_rate|unknown_field
    # (and for the admin page, bot.needs.staff: changed|not_held|unknown_group|same_group|
    # not_alerted|not_collected|top)
    reason: str
    need: Need | None = None


# The history row of sending a need on to another group (分派, or moved on the admin page).
REROUTED = "rerouted"


def round_tag(session: Session, need: Need) -> str:
    """'' while a need is with the group it was first sent to, 'r<event id>' once it was sent on.

    Pushes of a new round (whistle, escalation, taken, claimed) carry the tag in their business
    key, so someone who heard an earlier round of the same need is told again, not deduplicated.
    """
    last = session.scalar(select(func.max(NeedEvent.id)).where(NeedEvent.need_id == need.id,
                                                                NeedEvent.kind == REROUTED))
    return f"r{last}" if last else ""


def now_or(now: datetime | None) -> datetime:
    return now or clock.now()


def add_event(session: Session, need: Need, kind: str, user: User | None, now: datetime,
              note: str = "") -> NeedEvent:
    event = NeedEvent(need_id=need.id, kind=kind, user_id=user.id if user else None, note=note,
                      created_at=now)
    session.add(event)
    session.flush()
    return event


def transition(session: Session, need: Need, expect: dict, values: dict) -> bool:
    """UPDATE needs SET values WHERE id = need AND expect; True if this call won the row.

    `expect` maps a column to a value, None (IS NULL) or a tuple (IN). Two callers racing for
    the same row both run this; the database lets exactly one match (PostgreSQL re-checks the
    WHERE after the winner commits; SQLite writers are serialised by BEGIN IMMEDIATE).
    """
    conditions = []
    for name, value in expect.items():
        column = getattr(Need, name)
        if value is None:
            conditions.append(column.is_(None))
        elif isinstance(value, tuple):
            conditions.append(column.in_(value))
        else:
            conditions.append(column == value)
    result = session.execute(update(Need).where(Need.id == need.id, *conditions).values(**values)
                             .execution_options(synchronize_session=False))
    session.refresh(need)
    return result.rowcount == 1
