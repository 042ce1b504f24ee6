"""Errand rules for area staff on the admin page: hand an errand to a chosen party member, close it.

Beside bot/errands.py and with its machinery: every change is a conditional UPDATE on the
state and holder the staff member saw (so a member accepting at the same moment wins or loses
cleanly), recorded as an ErrandEvent, and told through the outbox. A staff hand-over is a new
offer (the member still accepts with "接单 N"); its pushes are keyed by the event id, because
the same member may be offered the same errand again by hand.
Functions never commit.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.errands import notices
from bot.errands.lookups import RUNNER_ROLES
from bot.models import Errand, User, UserRole
from bot.workitems import Outcome, Reason, add_event, now_or, transition

CLOSE_STATES = ("done", "cancelled")


def area_members(session: Session, area_id: int) -> list[User]:
    """The errand runners (便民代办员: party members and grid workers) of an area, by name."""
    holders = select(UserRole.user_id).where(UserRole.role.in_(RUNNER_ROLES), UserRole.area_id == area_id)
    return list(session.scalars(select(User).where(User.id.in_(holders)).order_by(User.name, User.id)))


def reassign(session: Session, errand_no: int, member: User, by: str, now: datetime | None = None) -> Outcome[Errand]:
    """Offer the errand to `member` (a party member of its area); whoever held it is told."""
    now = now_or(now)
    errand = session.get(Errand, errand_no)
    if errand is None:
        return Outcome(False, Reason.NOT_FOUND)
    if not errand.is_open:
        return Outcome(False, Reason.CLOSED, errand)
    if member.id not in {u.id for u in area_members(session, errand.area_id)}:
        return Outcome(False, Reason.NOT_MEMBER, errand)
    if errand.assignee_id == member.id:
        return Outcome(False, Reason.ALREADY_YOURS, errand)
    holder = errand.assignee
    if not transition(session, errand, {"state": errand.state, "assignee_id": errand.assignee_id},
                       {"state": "offered", "assignee_id": member.id, "offered_at": now,
                        "offer_round": errand.offer_round + 1, "updated_at": now}):
        return Outcome(False, Reason.TAKEN, errand)
    event = add_event(session, errand, "offered", member, now, note=f"工作人员改派（{by}）"[:300])
    notices.notify_reassigned(session, errand, member, holder, event)
    return Outcome(True, Reason.REASSIGNED, errand)


def close(session: Session, errand_no: int, state: str, note: str, by: str,
          now: datetime | None = None) -> Outcome[Errand]:
    """Staff close an open errand as done or cancelled, with a note; villager and holder are told."""
    if state not in CLOSE_STATES:
        raise ValueError(f"errands close as one of {CLOSE_STATES}")
    now = now_or(now)
    note = note.strip()[:300]
    errand = session.get(Errand, errand_no)
    if errand is None:
        return Outcome(False, Reason.NOT_FOUND)
    if not errand.is_open:
        return Outcome(False, Reason.CLOSED, errand)
    holder = errand.assignee
    values = {"state": state, "updated_at": now}
    if state == "done":
        values["done_at"] = now
    if not transition(session, errand, {"state": errand.state, "assignee_id": errand.assignee_id}, values):
        return Outcome(False, Reason.TAKEN, errand)
    add_event(session, errand, state, None, now, note=f"工作人员关闭（{by}）：{note}"[:300])
    notices.notify_closed_by_staff(session, errand, state, note, holder)
    return Outcome(True, Reason(state), errand)  # done | cancelled
