"""Reporting a need and blowing the whistle (吹哨): collect, alert the matching group, escalate.

    need = report_need(session, villager, "村口的路坏了", urgency="normal")   # a number, a group
    whistle_round(session, now)          # the scheduler's job: alert every collected need
    escalate_unclaimed(session, now)     # the scheduler's job: unclaimed → leader → secretary
    escalate_one(session, need, now)     # one need a step up now (the admin page's 催办)
    reroute(session, need, seen, group, rep, note, now)   # send it to another group, whistle it

A normal need waits for the next whistle round (the township groups "blow the whistle at
regular times"); an urgent one is alerted at once. Whom a whistle reaches: the need's group's
representatives serving its area; if it has none, the township group's (which then holds the
need, to claim or sort it); if none either, the area secretary (or cadre). Every move is a conditional UPDATE, and every push has its own
business key, so the jobs may run twice or in two processes.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app, has_app_context
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.errands import escalation_staff
from bot.models import Area, Need, NeedEvent, RepGroup, User
from bot.models.needs import INPUT_KINDS, URGENCIES

from . import notices
from .records import REROUTED, add_event, now_or, round_tag, transition
from .routing import (SORTING_FIELD, group_by_code, group_reps, is_group_rep, route_need,
                      sorting_group)

MAX_TEXT_CHARS = 500
DEFAULT_CLAIM_HOURS = {"normal": 24.0, "urgent": 2.0}
NOBODY = "没有可通知的人"


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
                longitude: float | None = None, now: datetime | None = None) -> Need:
    """Record the need, classify it to a group, and alert at once when it is urgent."""
    now = now_or(now)
    text = text.strip()[:MAX_TEXT_CHARS]
    if villager.village is None:
        raise ValueError("the villager has no registered village")
    if not text:
        raise ValueError("a need needs words")
    if urgency not in URGENCIES or input_kind not in INPUT_KINDS:
        raise ValueError(f"bad urgency {urgency!r} or input kind {input_kind!r}")
    area = villager.village.area
    routing = route_need(session, text, area)
    need = Need(villager_id=villager.id, village_id=villager.village_id, area_id=area.id, text=text,
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


def alert_need(session: Session, need: Need, now: datetime) -> list[str] | None:
    """Blow the whistle for one collected need; the openids told, or None if already alerted."""
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
        add_event(session, need, "alerted", person, now)
        notices.whistle(session, need, person, group, tag)
    if not people:
        add_event(session, need, "alerted", None, now, note=NOBODY)
    return [p.openid for p in people]


def whistle_round(session: Session, now: datetime, township: str | None = None,
                  area_ids: set[int] | None = None) -> int:
    """The scheduler's whistle: alert every collected need (of one township, or of the areas
    `area_ids`, if given). Returns the number of needs alerted by this call.
    """
    query = select(Need).where(Need.state == "collected").order_by(Need.id)
    if township:
        query = query.join(Area, Need.area_id == Area.id).where(Area.township == township)
    if area_ids is not None:
        query = query.where(Need.area_id.in_(area_ids))
    return sum(alert_need(session, need, now) is not None for need in session.scalars(query).all())


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
    group is whistled at once (a new round, see records.round_tag).

    `seen` is the state the caller decided on (column → value, as records.transition takes it);
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
