"""Whistle rounds (吹哨): the township groups "blow the whistle at regular times" (DOMAIN.md).

    whistle_round(session, now)   # the scheduler's job (09:00 and 15:00) and `flask needs whistle`

A round alerts every need still waiting for its first whistle (collected), and blows the whistle
again for every need that was whistled before and that nobody has claimed yet (alerted or
escalated, urgent ones included), to the same people a first whistle would reach now.

What keeps a round from spamming:
- A need is pushed at most once per round: the needs to whistle again are picked before the
  collected ones are alerted, and each push's business key names the round
  (need:<no>:whistle[:r<event id>]:t<YYYYMMDDHHMM>:<openid>, the round's minute in UTC), so a
  round run twice in the same minute, or in two processes, pushes nothing twice.
- A need is whistled again only when its last whistle *by a round* is at least
  NEED_REWHISTLE_HOURS old (default 4: less than the 6 hours from the 09:00 to the 15:00 round,
  so each scheduled round repeats it, while a second `flask needs whistle` soon after does not).
- The urgent path does not count as a round: an urgent need alerted at once (bot/needs/rules.py)
  and still unclaimed is whistled again at the next round, however recent the urgent alert,
  because the representatives may have missed a push that came between rounds.
- A need is whistled again in at most NEED_REWHISTLE_ROUNDS rounds (default 6, three days of
  rounds); after that only the escalation (group leader, area secretary) follows it.
Pushes and history rows of a repeat say so (notices.whistle `again`, event note "再次吹哨").
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from flask import current_app, has_app_context
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.models import Area, Need, NeedEvent
from bot.workitems import add_event

from . import notices
from .rules import GIVEN_BACK, ROUND_NOTE, alert_need, round_tag, whistle_recipients

AGAIN_NOTE = "再次吹哨"
DEFAULT_REWHISTLE_HOURS = 4.0
DEFAULT_REWHISTLE_ROUNDS = 6


def _settings() -> tuple[timedelta, int]:
    hours, rounds = DEFAULT_REWHISTLE_HOURS, DEFAULT_REWHISTLE_ROUNDS
    if has_app_context():
        hours = float(current_app.config.get("NEED_REWHISTLE_HOURS", hours))
        rounds = int(current_app.config.get("NEED_REWHISTLE_ROUNDS", rounds))
    return timedelta(hours=hours), rounds


def round_stamp(now: datetime) -> str:
    """The round's name in business keys: t + its minute in UTC."""
    return "t" + (now if now.tzinfo is None else now.astimezone(timezone.utc)).strftime("%Y%m%d%H%M")


def _due_again(session: Session, now: datetime, gap: timedelta, most: int, query) -> list[Need]:
    """Unclaimed needs already whistled, whose last round whistle is at least `gap` old and that
    were whistled again in fewer than `most` rounds."""
    by_round = (NeedEvent.kind == "alerted") & NeedEvent.note.in_((ROUND_NOTE, AGAIN_NOTE))
    recent = select(NeedEvent.id).where(NeedEvent.need_id == Need.id, by_round, NeedEvent.created_at > now - gap)
    repeats = (select(func.count(func.distinct(NeedEvent.created_at)))
               .where(NeedEvent.need_id == Need.id, NeedEvent.kind == "alerted", NeedEvent.note == AGAIN_NOTE)
               .scalar_subquery())
    query = query.where(Need.state.in_(("alerted", "escalated")), Need.claimed_by.is_(None),
                        ~recent.exists(), repeats < most)
    return list(session.scalars(query.order_by(Need.id)).all())


def whistle_again(session: Session, need: Need, now: datetime) -> list[str]:
    """Blow the whistle once more for an unclaimed need; the openids told. Whoever gave it back
    (退回) is not whistled for it again: they said they cannot; 报到 N still takes it."""
    people, group = whistle_recipients(session, need)
    gave_back = set(session.scalars(select(NeedEvent.user_id).where(NeedEvent.need_id == need.id,
                                                                    NeedEvent.kind == GIVEN_BACK)))
    people = [p for p in people if p.id != need.villager_id and p.id not in gave_back]
    tag, stamp = round_tag(session, need), round_stamp(now)
    for person in people:
        add_event(session, need, "alerted", person, now, note=AGAIN_NOTE)
        notices.whistle(session, need, person, group, f"{tag}:{stamp}" if tag else stamp, again=True)
    return [p.openid for p in people]


def whistle_round(session: Session, now: datetime, township: str | None = None,
                  area_ids: set[int] | None = None, again: bool = True) -> int:
    """Alert every collected need and (with `again`) whistle again every unclaimed one that is due,
    of one township or of the areas `area_ids` if given. Returns the number of needs whistled."""
    query = select(Need)
    if township:
        query = query.join(Area, Need.area_id == Area.id).where(Area.township == township)
    if area_ids is not None:
        query = query.where(Need.area_id.in_(area_ids))
    repeat: list[Need] = []
    if again:
        gap, most = _settings()
        repeat = _due_again(session, now, gap, most, query)  # picked first: none is pushed twice
    collected = session.scalars(query.where(Need.state == "collected").order_by(Need.id)).all()
    whistled = sum(alert_need(session, need, now, note=ROUND_NOTE) is not None for need in collected)
    return whistled + sum(bool(whistle_again(session, need, now)) for need in repeat)
