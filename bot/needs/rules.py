"""Needs, the state changes: report, whistle (吹哨), escalate, send on; claim (报到), progress, close, rate.

    need = report_need(session, villager, "村口的路坏了", urgency="normal")   # a number, a group
    alert_need(session, need, now)       # one collected need's whistle (rounds.py blows them all)
    escalate_unclaimed(session, now)     # the scheduler's job: unclaimed → leader → secretary
    escalate_one(session, need, now)     # one need a step up now (the admin page's 催办)
    reroute(session, need, seen, group, rep, note, now)   # send it to another group, whistle it
    claim(session, 12, rep)                 # only a rep of the need's group; one wins a race
    report_progress(session, 12, rep, "已联系施工队")
    close(session, 12, rep, "路已修好")      # the villager is asked 满意/不满意
    rate(session, villager, satisfied=False) # 不满意 reopens it for the same representative
    assign_field(session, 12, rep, "农业")   # a township-group rep sorts an unsure need

A normal need waits for the next whistle round (rounds.py: the township groups "blow the
whistle at regular times", and each round repeats the unclaimed ones); an urgent one is alerted
at once, and whistled again at the next round while nobody has claimed it. Whom a whistle reaches: the need's group's
representatives serving its area; if it has none, the township group's (which then holds the
need, to claim or sort it); if none either, the area secretary (or cadre). Only the
representative who claimed a need reports on it; a villager rates only their own.
Every move is a bot.workitems transition (conditional UPDATE, one winner) and every push has its
own business key, so the jobs may run twice or in two processes. Functions never commit.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app, has_app_context
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.errands import escalation_staff
from bot.family import texts as family_texts
from bot.models import CLAIMABLE_STATES, HELD_STATES, FamilyMember, Need, NeedEvent, RepGroup, User
from bot.models.needs import INPUT_KINDS, URGENCIES
from bot import workitems
from bot.workitems import Holding, Outcome, Reason, add_event, clip_note, close_held, now_or, transition

from . import lookups, notices
from .lookups import (SORTING_FIELD, field_group, group_by_code, group_reps, is_group_rep, route_need,
                      sorting_group)

MAX_TEXT_CHARS = 500
DEFAULT_CLAIM_HOURS = {"normal": 24.0, "urgent": 2.0}
NOBODY = "没有可通知的人"
ROUND_NOTE = "定时吹哨"  # the note of a first whistle blown by a round (rounds.py), not the urgent path


# The history row of sending a need on to another group (分派, or moved on the admin page).
REROUTED = "rerouted"
# The history row of a representative giving a claimed need back to the group (giving_back.py).
GIVEN_BACK = lookups.GIVEN_BACK


def round_tag(session: Session, need: Need) -> str:
    """'' while a need is with the group it was first sent to, 'r<event id>' once it was sent on
    (or given back by the representative who held it).

    Pushes of a new round (whistle, escalation, taken, claimed) carry the tag in their business
    key, so someone who heard an earlier round of the same need is told again, not deduplicated.
    """
    last = session.scalar(select(func.max(NeedEvent.id)).where(NeedEvent.need_id == need.id,
                                                                NeedEvent.kind.in_((REROUTED, GIVEN_BACK))))
    return f"r{last}" if last else ""


def claim_timeouts() -> dict[str, timedelta]:
    """How long a whistle waits for a claim before each escalation step, by urgency."""
    hours = dict(DEFAULT_CLAIM_HOURS)
    if has_app_context():
        hours["normal"] = current_app.config.get("NEED_CLAIM_HOURS", hours["normal"])
        hours["urgent"] = current_app.config.get("NEED_URGENT_CLAIM_HOURS", hours["urgent"])
    return {urgency: timedelta(hours=float(h)) for urgency, h in hours.items()}


def report_need(session: Session, villager: User, text: str, urgency: str = "normal",
                input_kind: str = "text", photo_media_id: str | None = None,
                voice_media_id: str | None = None, latitude: float | None = None,
                longitude: float | None = None, now: datetime | None = None,
                for_family: FamilyMember | None = None) -> Need:
    """Record the need, classify it to a group, and alert at once when it is urgent; reported for
    a confirmed family member of the villager's (代亲属办), it is their village's and says so."""
    now = now_or(now)
    text = text.strip()[:MAX_TEXT_CHARS]
    if villager.village is None:
        raise ValueError("the villager has no registered village")
    village = villager.village
    if for_family is not None:
        if for_family.owner_id != villager.id or for_family.state != "confirmed":
            raise ValueError("not a confirmed family member of this villager")
        village = for_family.village
        text = text[:MAX_TEXT_CHARS - 12] + family_texts.acting_suffix(for_family)
    if not text:
        raise ValueError("a need needs words")
    if urgency not in URGENCIES or input_kind not in INPUT_KINDS:
        raise ValueError(f"bad urgency {urgency!r} or input kind {input_kind!r}")
    area = village.area
    routing = route_need(session, text, area)
    need = Need(villager_id=villager.id, village_id=village.id, area_id=area.id, text=text,
                for_family_id=for_family.id if for_family is not None else None,
                input_kind=input_kind, photo_media_id=photo_media_id, voice_media_id=voice_media_id,
                latitude=latitude, longitude=longitude, urgency=urgency, field=routing.field,
                group_code=routing.group.code if routing.group else None,
                confidence=routing.confidence, state="collected", created_at=now, updated_at=now)
    session.add(need)
    session.flush()
    add_event(session, need, "reported", villager, now, note=f"{routing.field} {routing.confidence:.2f}")
    if urgency == "urgent":
        alert_need(session, need, now)
    return need


def whistle_recipients(session: Session, need: Need) -> tuple[list[User], RepGroup | None]:
    """Who hears the whistle, and for which group (None: the area's staff, no group)."""
    group = group_by_code(session, need.group_code)
    if reps := group_reps(session, need.group_code, need.area_id):
        return reps, group
    if group is None or group.field != SORTING_FIELD:
        groups = list(session.scalars(select(RepGroup).order_by(RepGroup.id)))
        sorting = sorting_group(groups, need.area)
        if sorting is not None and (reps := group_reps(session, sorting.code, need.area_id)):
            return reps, sorting
    return escalation_staff(session, need.area_id), None


def alert_need(session: Session, need: Need, now: datetime, note: str = "") -> list[str] | None:
    """Blow the whistle for one collected need; the openids told, or None if already alerted.
    `note` goes on each person's history row (ROUND_NOTE: a round blew it, see rounds.py)."""
    if not transition(session, need, {"state": "collected"},
                      {"state": "alerted", "alerted_at": now, "updated_at": now}):
        return None
    people, group = whistle_recipients(session, need)
    if group is not None and group.code != need.group_code:
        # Nobody of the need's own group serves this area: its township group takes it over,
        # so the people who hear the whistle are the ones who may claim or sort it.
        add_event(session, need, "assigned", None, now, note=f"{need.group_code} → {group.code}")
        need.group_code = group.code
        session.flush()
    people = [p for p in people if p.id != need.villager_id]
    tag = round_tag(session, need)
    for person in people:
        add_event(session, need, "alerted", person, now, note=note)
        notices.whistle(session, need, person, group, tag)
    if not people:
        add_event(session, need, "alerted", None, now, note=NOBODY)
    return [p.openid for p in people]


def _next_step(session: Session, need: Need) -> tuple[int, list[User]]:
    """(level, people): the group's leaders first (level 1), then the area's staff (level 2)."""
    if need.escalation_level == 0:
        leaders = group_reps(session, need.group_code, need.area_id, leaders_only=True)
        if leaders:
            return 1, leaders
    return 2, escalation_staff(session, need.area_id)


def escalate_one(session: Session, need: Need, now: datetime, note: str = "") -> bool:
    """Move one unclaimed whistle a step up now: to its group's leaders, then the area's staff.

    False when it is not (or no longer) an unclaimed whistle below the top step: claimed,
    closed, moved or escalated by someone else meanwhile (a conditional UPDATE decides).
    """
    if need.claimed_by is not None or need.state not in ("alerted", "escalated") or need.escalation_level >= 2:
        return False
    level, people = _next_step(session, need)
    seen = {"state": need.state, "escalation_level": need.escalation_level, "claimed_by": None,
            "group_code": need.group_code}
    if not transition(session, need, seen, {"state": "escalated", "escalation_level": level,
                                            "escalated_at": now, "updated_at": now}):
        return False
    group = group_by_code(session, need.group_code)
    tag = round_tag(session, need)
    step = f"level {level}" + (f"，{note}" if note else "")
    for person in people:
        add_event(session, need, "escalated", person, now, note=step)
        notices.escalated(session, need, person, level, group,
                          can_claim=is_group_rep(person, need.group_code, need.area_id), tag=tag)
    if not people:
        add_event(session, need, "escalated", None, now, note=f"{step}: {NOBODY}")
    return True


def escalate_unclaimed(session: Session, now: datetime,
                       timeouts: dict[str, timedelta] | None = None, area_ids: set[int] | None = None) -> int:
    """The scheduler's job: whistles nobody claimed in time go to the group leader, then the
    area secretary (only those of `area_ids`, if given). Returns the number of needs moved up a step."""
    timeouts = timeouts or claim_timeouts()
    query = select(Need).where(Need.claimed_by.is_(None), Need.state.in_(("alerted", "escalated")),
                               Need.escalation_level < 2).order_by(Need.id)
    if area_ids is not None:
        query = query.where(Need.area_id.in_(area_ids))
    moved = 0
    for need in session.scalars(query).all():
        since = need.alerted_at if need.escalation_level == 0 else need.escalated_at
        if since is not None and since > now - timeouts[need.urgency]:
            continue
        moved += escalate_one(session, need, now)  # False: claimed or escalated meanwhile
    return moved


def reroute(session: Session, need: Need, seen: dict, target: RepGroup, by: User | None, note: str,
            now: datetime) -> NeedEvent | None:
    """Send the need to `target`'s group: nobody holds it, the escalation starts over, and the
    group is whistled at once (a new round, see rules.round_tag).

    `seen` is the state the caller decided on (column → value, as bot.workitems.transition takes it);
    None when the need changed meanwhile and nothing was done.
    """
    if not transition(session, need, seen, {
            "group_code": target.code, "field": target.field, "state": "collected", "claimed_by": None,
            "claimed_at": None, "escalation_level": 0, "alerted_at": None, "escalated_at": None,
            "updated_at": now}):
        return None
    event = add_event(session, need, REROUTED, by, now, note=note)
    alert_need(session, need, now)
    return event



def _why_not_claimable(need: Need, rep: User) -> Reason | None:
    if need.claimed_by is not None:
        return Reason.ALREADY_YOURS if need.claimed_by == rep.id else Reason.TAKEN
    return None if need.state in CLAIMABLE_STATES else Reason.CLOSED_ALREADY


def claim(session: Session, need_no: int, rep: User, now: datetime | None = None) -> Outcome[Need]:
    """报到: a representative of the need's group (serving its area) takes it on."""
    now = now_or(now)
    need = session.get(Need, need_no)
    if need is None:
        return Outcome(False, Reason.NOT_FOUND)
    if not is_group_rep(rep, need.group_code, need.area_id):
        return Outcome(False, Reason.NOT_YOUR_GROUP, need)
    if why := _why_not_claimable(need, rep):
        return Outcome(False, why, need)
    won = transition(session, need, {"claimed_by": None, "state": CLAIMABLE_STATES},
                     {"state": "claimed", "claimed_by": rep.id, "claimed_at": now, "updated_at": now})
    if not won:  # another representative was quicker
        return Outcome(False, _why_not_claimable(need, rep) or Reason.TAKEN, need)
    add_event(session, need, "claimed", rep, now)
    tag = round_tag(session, need)
    announce_claim(session, need, rep, villager_tag=tag, tag=tag)
    return Outcome(True, Reason.CLAIMED, need)


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


# The representative who claimed a need acts on it while it is claimed, in progress or reopened.
HOLDING = Holding("claimed_by", HELD_STATES, Reason.CLOSED_ALREADY)


def report_progress(session: Session, need_no: int, rep: User, note: str,
                    now: datetime | None = None) -> Outcome[Need]:
    """进展: the claiming representative tells the villager how far it has got."""
    need = session.get(Need, need_no)
    return workitems.report_progress(session, need, HOLDING, rep, note, now_or(now), values={"state": "in_progress"},
                                     notify=lambda event: notices.progress(session, need, event))


def close(session: Session, need_no: int, rep: User, note: str = "",
          now: datetime | None = None) -> Outcome[Need]:
    """办结: the claiming representative closes it; the villager is asked 满意/不满意."""
    need, now = session.get(Need, need_no), now_or(now)
    return close_held(session, need, HOLDING, rep, note, now, kind="closed", done=Reason.CLOSED,
                      values={"state": "closed", "closed_at": now, "satisfaction": None},
                      notify=lambda event: notices.closed(session, need, event))


def awaiting_rating(session: Session, villager: User) -> Need | None:
    """The villager's most recently closed need that has no 满意/不满意 yet."""
    return session.scalars(select(Need).where(
        Need.villager_id == villager.id, Need.state == "closed", Need.satisfaction.is_(None))
        .order_by(Need.closed_at.desc(), Need.id.desc()).limit(1)).first()


def rate(session: Session, villager: User, satisfied: bool, need_no: int | None = None,
         note: str = "", now: datetime | None = None) -> Outcome[Need]:
    """满意 closes the matter; 不满意 reopens it for the representative who handled it."""
    now = now_or(now)
    need = session.get(Need, need_no) if need_no is not None else awaiting_rating(session, villager)
    if need is None or need.villager_id != villager.id:
        return Outcome(False, Reason.NOTHING_TO_RATE if need_no is None else Reason.NOT_FOUND)
    if need.state != "closed" or need.satisfaction is not None:
        return Outcome(False, Reason.NOTHING_TO_RATE, need)
    expect = {"state": "closed", "satisfaction": None, "villager_id": villager.id}
    note = clip_note(note)
    if satisfied:
        if not transition(session, need, expect, {"satisfaction": "satisfied", "updated_at": now}):
            return Outcome(False, Reason.NOTHING_TO_RATE, need)
        event = add_event(session, need, "satisfied", villager, now, note)
        notices.satisfied(session, need, event)
        return Outcome(True, Reason.SATISFIED, need)
    if not transition(session, need, expect, {"state": "reopened", "satisfaction": "unsatisfied",
                                              "closed_at": None, "reopen_count": need.reopen_count + 1,
                                              "updated_at": now}):
        return Outcome(False, Reason.NOTHING_TO_RATE, need)
    event = add_event(session, need, "reopened", villager, now, note)
    notices.reopened(session, need, event)
    return Outcome(True, Reason.REOPENED, need)


def assign_field(session: Session, need_no: int, rep: User, field: str,
                 now: datetime | None = None) -> Outcome[Need]:
    """分派: a representative of the township group sends an unsure need to a field's group,
    whose representatives are alerted at once."""
    now = now_or(now)
    need = session.get(Need, need_no)
    if need is None:
        return Outcome(False, Reason.NOT_FOUND)
    current = group_by_code(session, need.group_code)
    if current is None or current.field != SORTING_FIELD or not is_group_rep(rep, current.code, need.area_id):
        return Outcome(False, Reason.NOT_YOUR_GROUP, need)
    if why := _why_not_claimable(need, rep):
        return Outcome(False, why, need)
    groups = list(session.scalars(select(RepGroup).order_by(RepGroup.id)))
    target = field_group(groups, need.area, field)
    if target is None or target.field == SORTING_FIELD:
        return Outcome(False, Reason.UNKNOWN_FIELD, need)
    seen = {"claimed_by": None, "state": CLAIMABLE_STATES, "group_code": current.code}
    if reroute(session, need, seen, target, rep, target.code, now) is None:
        return Outcome(False, Reason.TAKEN, need)
    return Outcome(True, Reason.ASSIGNED, need)
