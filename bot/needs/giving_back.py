"""A representative giving a claimed need back to the group (退回 / 这个俺顾不上 让别人接吧).

    give_back(session, 12, rep, "这阵子顾不上")

The need is whistled again to the group's other representatives serving its area (a new round:
rules.round_tag counts the given-back row, so the next claim is told to the villager again); with
nobody else in the group it goes a step up at once (the group's leaders, then the area's staff),
as an unclaimed whistle would. The villager is told it waits for another representative. The
one who gave it back no longer sees it among those waiting for them (lookups.claimable_for) but
may still claim it by number. Functions never commit.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.models import Need, User
from bot.workitems import Outcome, Reason, add_event, clip_note, now_or, transition

from . import notices
from .rules import GIVEN_BACK, HOLDING, escalate_one, round_tag, whistle_recipients


def give_back(session: Session, need_no: int, rep: User, note: str = "",
              now: datetime | None = None) -> Outcome[Need]:
    """退回: the holder lets the need go; it waits for a claim again, the others are whistled."""
    now = now_or(now)
    need = session.get(Need, need_no)
    if need is None:
        return Outcome(False, Reason.NOT_FOUND)
    if need.claimed_by != rep.id:
        return Outcome(False, Reason.NOT_YOURS, need)
    if need.state not in HOLDING.states:
        return Outcome(False, Reason.CLOSED_ALREADY, need)
    if not transition(session, need, {"claimed_by": rep.id, "state": HOLDING.states},
                      {"state": "alerted", "claimed_by": None, "claimed_at": None, "alerted_at": now,
                       "escalation_level": 0, "escalated_at": None, "updated_at": now}):
        return Outcome(False, Reason.NOT_YOURS, need)
    event = add_event(session, need, GIVEN_BACK, rep, now, note=clip_note(note))
    tag = round_tag(session, need)
    people, group = whistle_recipients(session, need)
    others = [p for p in people if p.id not in (rep.id, need.villager_id)]
    for person in others:
        add_event(session, need, "alerted", person, now, note=GIVEN_BACK)
        notices.whistle(session, need, person, group, tag)
    if not others:
        escalate_one(session, need, now, note=GIVEN_BACK)
    notices.given_back(session, need, event, to_others=bool(others))
    return Outcome(True, Reason.GIVEN_BACK, need)
