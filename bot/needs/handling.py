"""Reporting for duty (报到) and seeing a need through: claim, progress, close, the villager's verdict.

    claim(session, 12, rep)                 # only a rep of the need's group; one wins a race
    report_progress(session, 12, rep, "已联系施工队")
    close(session, 12, rep, "路已修好")      # the villager is asked 满意/不满意
    rate(session, villager, satisfied=False) # 不满意 reopens it for the same representative
    assign_field(session, 12, rep, "农业")   # a township-group rep sorts an unsure need

Only the representative who claimed a need reports on it; a villager rates only their own.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import CLAIMABLE_STATES, HELD_STATES, Need, NeedEvent, RepGroup, User

from . import notices
from .records import Outcome, add_event, now_or, round_tag, transition
from .routing import SORTING_FIELD, field_group, group_by_code, is_group_rep
from .whistles import reroute

MAX_NOTE_CHARS = 300


def _why_not_claimable(need: Need, rep: User) -> str | None:
    if need.claimed_by is not None:
        return "already_yours" if need.claimed_by == rep.id else "taken"
    return None if need.state in CLAIMABLE_STATES else "closed_already"


def claim(session: Session, need_no: int, rep: User, now: datetime | None = None) -> Outcome:
    """报到: a representative of the need's group (serving its area) takes it on."""
    now = now_or(now)
    need = session.get(Need, need_no)
    if need is None:
        return Outcome(False, "not_found")
    if not is_group_rep(rep, need.group_code, need.area_id):
        return Outcome(False, "not_your_group", need)
    if why := _why_not_claimable(need, rep):
        return Outcome(False, why, need)
    won = transition(session, need, {"claimed_by": None, "state": CLAIMABLE_STATES},
                     {"state": "claimed", "claimed_by": rep.id, "claimed_at": now, "updated_at": now})
    if not won:  # another representative was quicker
        return Outcome(False, _why_not_claimable(need, rep) or "taken", need)
    add_event(session, need, "claimed", rep, now)
    tag = round_tag(session, need)
    announce_claim(session, need, rep, villager_tag=tag, tag=tag)
    return Outcome(True, "claimed", need)


def announce_claim(session: Session, need: Need, rep: User, villager_tag: str, tag: str,
                   skip: frozenset[int] = frozenset()) -> None:
    """Tell the villager who has the need now, and everyone else who heard its whistle (but
    `skip`) that it is taken."""
    notices.claimed(session, need, group_by_code(session, need.group_code), villager_tag)
    told = session.scalars(select(NeedEvent.user_id).where(
        NeedEvent.need_id == need.id, NeedEvent.kind.in_(("alerted", "escalated")),
        NeedEvent.user_id.is_not(None), NeedEvent.user_id != rep.id)).all()
    for other in session.scalars(select(User).where(User.id.in_(set(told) - skip)).order_by(User.id)):
        notices.taken(session, need, other, rep, tag)


def _held_by(session: Session, need_no: int, rep: User) -> tuple[Need | None, str]:
    need = session.get(Need, need_no)
    if need is None:
        return None, "not_found"
    if need.claimed_by != rep.id:
        return need, "not_yours"
    if need.state not in HELD_STATES:
        return need, "closed_already"
    return need, "ok"


def report_progress(session: Session, need_no: int, rep: User, note: str,
                    now: datetime | None = None) -> Outcome:
    """进展: the claiming representative tells the villager how far it has got."""
    now = now_or(now)
    need, why = _held_by(session, need_no, rep)
    if why != "ok":
        return Outcome(False, why, need)
    note = note.strip()[:MAX_NOTE_CHARS]
    if not note:
        return Outcome(False, "empty_note", need)
    if not transition(session, need, {"claimed_by": rep.id, "state": HELD_STATES},
                      {"state": "in_progress", "updated_at": now}):
        return Outcome(False, "closed_already", need)
    event = add_event(session, need, "progress", rep, now, note)
    notices.progress(session, need, event)
    return Outcome(True, "progress", need)


def close(session: Session, need_no: int, rep: User, note: str = "",
          now: datetime | None = None) -> Outcome:
    """办结: the claiming representative closes it; the villager is asked 满意/不满意."""
    now = now_or(now)
    need, why = _held_by(session, need_no, rep)
    if why != "ok":
        return Outcome(False, why, need)
    note = note.strip()[:MAX_NOTE_CHARS]
    if not transition(session, need, {"claimed_by": rep.id, "state": HELD_STATES},
                      {"state": "closed", "closed_at": now, "satisfaction": None, "updated_at": now}):
        return Outcome(False, "closed_already", need)
    event = add_event(session, need, "closed", rep, now, note)
    notices.closed(session, need, event)
    return Outcome(True, "closed", need)


def awaiting_rating(session: Session, villager: User) -> Need | None:
    """The villager's most recently closed need that has no 满意/不满意 yet."""
    return session.scalars(select(Need).where(
        Need.villager_id == villager.id, Need.state == "closed", Need.satisfaction.is_(None))
        .order_by(Need.closed_at.desc(), Need.id.desc()).limit(1)).first()


def rate(session: Session, villager: User, satisfied: bool, need_no: int | None = None,
         note: str = "", now: datetime | None = None) -> Outcome:
    """满意 closes the matter; 不满意 reopens it for the representative who handled it."""
    now = now_or(now)
    need = session.get(Need, need_no) if need_no is not None else awaiting_rating(session, villager)
    if need is None or need.villager_id != villager.id:
        return Outcome(False, "nothing_to_rate" if need_no is None else "not_found")
    if need.state != "closed" or need.satisfaction is not None:
        return Outcome(False, "nothing_to_rate", need)
    expect = {"state": "closed", "satisfaction": None, "villager_id": villager.id}
    note = note.strip()[:MAX_NOTE_CHARS]
    if satisfied:
        if not transition(session, need, expect, {"satisfaction": "satisfied", "updated_at": now}):
            return Outcome(False, "nothing_to_rate", need)
        event = add_event(session, need, "satisfied", villager, now, note)
        notices.satisfied(session, need, event)
        return Outcome(True, "satisfied", need)
    if not transition(session, need, expect, {"state": "reopened", "satisfaction": "unsatisfied",
                                              "closed_at": None, "reopen_count": need.reopen_count + 1,
                                              "updated_at": now}):
        return Outcome(False, "nothing_to_rate", need)
    event = add_event(session, need, "reopened", villager, now, note)
    notices.reopened(session, need, event)
    return Outcome(True, "reopened", need)


def assign_field(session: Session, need_no: int, rep: User, field: str,
                 now: datetime | None = None) -> Outcome:
    """分派: a representative of the township group sends an unsure need to a field's group,
    whose representatives are alerted at once."""
    now = now_or(now)
    need = session.get(Need, need_no)
    if need is None:
        return Outcome(False, "not_found")
    current = group_by_code(session, need.group_code)
    if current is None or current.field != SORTING_FIELD or not is_group_rep(rep, current.code, need.area_id):
        return Outcome(False, "not_your_group", need)
    if why := _why_not_claimable(need, rep):
        return Outcome(False, why, need)
    groups = list(session.scalars(select(RepGroup).order_by(RepGroup.id)))
    target = field_group(groups, need.area, field)
    if target is None or target.field == SORTING_FIELD:
        return Outcome(False, "unknown_field", need)
    seen = {"claimed_by": None, "state": CLAIMABLE_STATES, "group_code": current.code}
    if reroute(session, need, seen, target, rep, target.code, now) is None:
        return Outcome(False, "taken", need)
    return Outcome(True, "assigned", need)
