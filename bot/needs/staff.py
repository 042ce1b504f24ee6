"""Needs rules for cadres on the admin page: hand a need to a representative, send it to another
field's group, whistle or escalate it now, close it.

    assign_rep(session, 12, rep, "county-build", by="daicun", seen=version(need))
    change_field(session, 12, "农业", by, seen)      # the 农业 group is whistled at once
    whistle_now(session, 12, seen)                  # a collected need: its group hears it now
    escalate_now(session, 12, by, seen)             # the escalation job's step, for this need, now
    close_need(session, 12, "已协调解决", by, seen)  # the villager is asked 满意/不满意

Beside rules.py and with its machinery: `seen` is the need's `version()` on the page the
cadre acted from, so an action on a need that changed meanwhile (a representative claimed it,
the job escalated it) is refused with reason "changed"; the change itself is a conditional
UPDATE on the state read (bot.workitems.transition), so a race at the same moment is refused too.
Each step is a history row and its pushes go through the outbox like the chat's. `by` is the
cadre's account name, kept in the history note (the cadre is no bot user). Functions never commit.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import HELD_STATES, Need, RepGroup, User

from bot.workitems import Outcome, Reason, add_event, clip_note, now_or, transition

from . import notices
from .lookups import REP_ROLE, field_group, group_by_code, group_reps, is_group_rep
from .rules import alert_need, announce_claim, escalate_one, reroute, round_tag


@dataclass(frozen=True)
class GroupChoice:
    """A group serving a need's area, with its representatives who serve that area."""

    group: RepGroup
    reps: list[User]
    leaders: set[int]


def version(need: Need) -> str:
    """What a cadre's action depends on: who holds it, in which group, how far it was escalated."""
    return f"{need.state}-{need.claimed_by or 0}-{need.group_code or ''}-{need.escalation_level}"


def _seen(need: Need) -> dict:
    """The columns version() reads, as bot.workitems.transition expects them."""
    return {"state": need.state, "claimed_by": need.claimed_by, "group_code": need.group_code,
            "escalation_level": need.escalation_level}


def _load(session: Session, need_no: int, seen: str | None) -> tuple[Need | None, Reason | None]:
    need = session.get(Need, need_no)
    if need is None:
        return None, Reason.NOT_FOUND
    if seen is not None and seen != version(need):
        return need, Reason.CHANGED
    if need.state == "closed":
        return need, Reason.CLOSED_ALREADY
    return need, None


def groups_serving(session: Session, need: Need) -> list[GroupChoice]:
    """The groups serving the need's area, township groups first, each with its reps there."""
    groups = [g for g in session.scalars(select(RepGroup).order_by(RepGroup.id)) if g.serves(need.area.code)]
    groups.sort(key=lambda g: (g.level != "township", g.field, g.id))
    return [GroupChoice(g, group_reps(session, g.code, need.area_id),
                        {u.id for u in group_reps(session, g.code, need.area_id, leaders_only=True)})
            for g in groups]


def assign_rep(session: Session, need_no: int, rep: User, group_code: str, by: str,
               seen: str | None = None, now: datetime | None = None) -> Outcome[Need]:
    """Hand the need to a representative of a group serving its area (moving it to that group).

    The representative is told what and whom; the villager who has it now; whoever heard the
    whistle that it is taken; whoever held it before that it is no longer theirs.
    """
    now = now_or(now)
    need, why = _load(session, need_no, seen)
    if why is not None:
        return Outcome(False, why, need)
    group = group_by_code(session, group_code)
    if group is None or not group.serves(need.area.code):
        return Outcome(False, Reason.UNKNOWN_GROUP, need)
    if not is_group_rep(rep, group.code, need.area_id):
        return Outcome(False, Reason.NOT_YOUR_GROUP, need)
    if need.claimed_by == rep.id:
        return Outcome(False, Reason.ALREADY_YOURS, need)
    holder = need.claimer
    moved = f"，从{need.group_code or '无组'}转到{group.code}" if group.code != need.group_code else ""
    state = "reopened" if need.state == "reopened" else "claimed"  # 不满意 stays visible
    if not transition(session, need, _seen(need), {
            "state": state, "claimed_by": rep.id, "claimed_at": now, "group_code": group.code,
            "field": group.field, "updated_at": now}):
        return Outcome(False, Reason.CHANGED, need)
    event = add_event(session, need, "claimed", rep, now, note=f"片区指派（{by}）{moved}")
    notices.assigned(session, need, rep, event)
    skip = frozenset({holder.id}) if holder is not None else frozenset()
    announce_claim(session, need, rep, villager_tag=f"e{event.id}", tag=round_tag(session, need), skip=skip)
    if holder is not None:
        notices.withdrawn(session, need, holder, event, rep)
    return Outcome(True, Reason.ASSIGNED, need)


def change_field(session: Session, need_no: int, field: str, by: str, seen: str | None = None,
                 now: datetime | None = None) -> Outcome[Need]:
    """Send the need to the group of another field serving its area; that group is whistled at
    once, and a representative who held it is told it left them."""
    now = now_or(now)
    need, why = _load(session, need_no, seen)
    if why is not None:
        return Outcome(False, why, need)
    groups = list(session.scalars(select(RepGroup).order_by(RepGroup.id)))
    target = field_group(groups, need.area, field)
    if target is None:
        return Outcome(False, Reason.UNKNOWN_FIELD, need)
    if target.code == need.group_code:
        return Outcome(False, Reason.SAME_GROUP, need)
    holder = need.claimer
    event = reroute(session, need, _seen(need), target, None,
                    f"片区改派（{by}）：{need.field or '未分类'} → {target.field}", now)
    if event is None:
        return Outcome(False, Reason.CHANGED, need)
    if holder is not None:
        notices.moved(session, need, holder, event, target)
    return Outcome(True, Reason.REROUTED, need)


def whistle_now(session: Session, need_no: int, seen: str | None = None,
                now: datetime | None = None) -> Outcome[Need]:
    """Blow the whistle for a collected need now instead of at the next round."""
    now = now_or(now)
    need, why = _load(session, need_no, seen)
    if why is not None:
        return Outcome(False, why, need)
    if need.state != "collected":
        return Outcome(False, Reason.NOT_COLLECTED, need)
    if alert_need(session, need, now) is None:
        return Outcome(False, Reason.CHANGED, need)
    return Outcome(True, Reason.ALERTED, need)


def escalate_now(session: Session, need_no: int, by: str, seen: str | None = None,
                 now: datetime | None = None) -> Outcome[Need]:
    """The escalation job's next step for this need, without waiting for its time."""
    now = now_or(now)
    need, why = _load(session, need_no, seen)
    if why is not None:
        return Outcome(False, why, need)
    if need.claimed_by is not None:
        return Outcome(False, Reason.TAKEN, need)
    if need.state == "collected":
        return Outcome(False, Reason.NOT_ALERTED, need)
    if need.escalation_level >= 2:
        return Outcome(False, Reason.TOP, need)
    if not escalate_one(session, need, now, note=f"片区催办（{by}）"):
        return Outcome(False, Reason.CHANGED, need)
    return Outcome(True, Reason.ESCALATED, need)


def close_need(session: Session, need_no: int, note: str, by: str, seen: str | None = None,
               now: datetime | None = None) -> Outcome[Need]:
    """办结 on the representative's behalf: the villager is told (in the area's words) and asked
    满意/不满意 (不满意 reopens it for the same representative, who is told it was closed now)."""
    now = now_or(now)
    need, why = _load(session, need_no, seen)
    if why is not None:
        return Outcome(False, why, need)
    if need.claimed_by is None or need.state not in HELD_STATES:
        return Outcome(False, Reason.NOT_HELD, need)
    note = clip_note(note)
    if not note:
        return Outcome(False, Reason.EMPTY_NOTE, need)
    holder = need.claimer
    if not transition(session, need, {"state": need.state, "claimed_by": need.claimed_by},
                      {"state": "closed", "closed_at": now, "satisfaction": None, "updated_at": now}):
        return Outcome(False, Reason.CHANGED, need)
    event = add_event(session, need, "closed", None, now, note=f"片区办结（{by}）：{note}")
    notices.closed(session, need, event, note=note, by="片区")
    notices.closed_for_holder(session, need, holder, event)
    return Outcome(True, Reason.CLOSED, need)


def set_leader(session: Session, user: User, group_code: str, leader: bool = True) -> int:
    """Mark (or unmark) the user as leader of a group they represent; the roles changed.

    Raises ValueError when the user holds no representative role in that group.
    """
    roles = [r for r in user.roles if r.role == REP_ROLE and r.group_code == group_code]
    if not roles:
        raise ValueError(f"{user.openid} is not a representative of {group_code}")
    changed = [r for r in roles if r.leader != leader]
    for role in changed:
        role.leader = leader
    session.flush()
    return len(changed)
