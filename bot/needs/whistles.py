"""Reporting a need and blowing the whistle (吹哨): collect, alert the matching group, escalate.

    need = report_need(session, villager, "村口的路坏了", urgency="normal")   # a number, a group
    whistle_round(session, now)          # the scheduler's job: alert every collected need
    escalate_unclaimed(session, now)     # the scheduler's job: unclaimed → leader → secretary

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
from bot.models import Area, Need, RepGroup, User
from bot.models.needs import INPUT_KINDS, URGENCIES

from . import notices
from .records import add_event, now_or, transition
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
    for person in people:
        add_event(session, need, "alerted", person, now)
        notices.whistle(session, need, person, group)
    if not people:
        add_event(session, need, "alerted", None, now, note=NOBODY)
    return [p.openid for p in people]


def whistle_round(session: Session, now: datetime, township: str | None = None) -> int:
    """The scheduler's whistle: alert every collected need (of one township, if given).

    Returns the number of needs alerted by this call.
    """
    query = select(Need).where(Need.state == "collected").order_by(Need.id)
    if township:
        query = query.join(Area, Need.area_id == Area.id).where(Area.township == township)
    return sum(alert_need(session, need, now) is not None for need in session.scalars(query).all())


def _next_step(session: Session, need: Need) -> tuple[int, list[User]]:
    """(level, people): the group's leaders first (level 1), then the area's staff (level 2)."""
    if need.escalation_level == 0:
        leaders = group_reps(session, need.group_code, need.area_id, leaders_only=True)
        if leaders:
            return 1, leaders
    return 2, escalation_staff(session, need.area_id)


def escalate_unclaimed(session: Session, now: datetime,
                       timeouts: dict[str, timedelta] | None = None) -> int:
    """The scheduler's job: whistles nobody claimed in time go to the group leader, then the
    area secretary. Returns the number of needs moved up a step."""
    timeouts = timeouts or claim_timeouts()
    waiting = session.scalars(select(Need).where(
        Need.claimed_by.is_(None), Need.state.in_(("alerted", "escalated")),
        Need.escalation_level < 2).order_by(Need.id)).all()
    moved = 0
    for need in waiting:
        since = need.alerted_at if need.escalation_level == 0 else need.escalated_at
        if since is not None and since > now - timeouts[need.urgency]:
            continue
        level, people = _next_step(session, need)
        seen = {"state": need.state, "escalation_level": need.escalation_level, "claimed_by": None}
        if not transition(session, need, seen, {"state": "escalated", "escalation_level": level,
                                                "escalated_at": now, "updated_at": now}):
            continue  # claimed or escalated meanwhile
        group = group_by_code(session, need.group_code)
        for person in people:
            add_event(session, need, "escalated", person, now, note=f"level {level}")
            notices.escalated(session, need, person, level, group,
                              can_claim=is_group_rep(person, need.group_code, need.area_id))
        if not people:
            add_event(session, need, "escalated", None, now, note=f"level {level}: {NOBODY}")
        moved += 1
    return moved
