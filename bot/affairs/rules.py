"""Village affairs, the state changes: publishing a notice (村务公开、议事日、村情发布会) and opting out.

    publish_notice(session, area_code="bz-daicun", kind="议事日", title=..., body=...,
                   village="代村", event_at=..., place=..., published_by="cadre openid")
    set_subscription(session, user, False)     → "不要推送村务" (bot/subscriptions.py keeps the choices)

Publishing queues one mass send (群发) per chunk of the subscribed villagers of the notice's
area (or village), keys `notice:<id>:mass:<n>` (bot/outbox/mass.py), within each one's four
mass messages a month (AffairsError names how many have none left). The same notice published
again (a retried command) finds the first row by its `dedupe_key`, so nobody is told twice.
Functions never commit.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import subscriptions as push_choices
from bot.affairs.notices import push_notice
from bot.outbox import mass
from bot.localtime import DEFAULT_TZ
from bot.models import Area, User, Village, utcnow
from bot.affairs.reasons import AffairsError, AffairsReason
from bot.models.affairs import EVENT_KINDS, NOTICE_KINDS, Notice

MAX_TITLE, MAX_BODY = 120, 5000


@dataclass
class Published:
    notice: Notice
    created: bool  # False: the same notice had been published before
    enqueued: int  # pushes newly enqueued by this call


def dedupe_key(area_id: int, village_id: int | None, kind: str, title: str, body: str,
               event_at: datetime | None, place: str) -> str:
    """The same notice (same place, kind, words and time) always gives the same key."""
    content = [area_id, village_id, kind, title, body, event_at.isoformat() if event_at else None, place]
    return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()


def _scope(session: Session, area_code: str, village_name: str | None) -> tuple[Area, Village | None]:
    area = session.scalar(select(Area).where(Area.code == area_code))
    if area is None:
        raise AffairsError(AffairsReason.NO_AREA, area_code=area_code)
    if not village_name:
        return area, None
    village = session.scalar(select(Village).where(Village.name == village_name))
    if village is None or village.area_id != area.id:
        raise AffairsError(AffairsReason.NO_VILLAGE, area=area.name, village=village_name)
    return area, village


def check_notice(kind: str, title: str, body: str, event_at: datetime | None) -> None:
    """The rules a notice must meet before it is recorded (AffairsError says which)."""
    if kind not in NOTICE_KINDS:
        raise AffairsError(AffairsReason.UNKNOWN_KIND, kind=kind, choices="、".join(NOTICE_KINDS))
    if not title.strip() or len(title) > MAX_TITLE:
        raise AffairsError(AffairsReason.BAD_TITLE, max_title=MAX_TITLE)
    if len(body) > MAX_BODY:
        raise AffairsError(AffairsReason.BODY_TOO_LONG, max_body=MAX_BODY)
    if kind in EVENT_KINDS and event_at is None:
        raise AffairsError(AffairsReason.NO_MEETING_TIME, kind=kind)
    if event_at is not None and event_at.tzinfo is None:
        raise ValueError("event_at must be timezone-aware")


def _insert_or_find(session: Session, notice: Notice) -> tuple[Notice, bool]:
    existing = session.scalar(select(Notice).where(Notice.dedupe_key == notice.dedupe_key))
    if existing is not None:
        return existing, False
    try:
        with session.begin_nested():
            session.add(notice)
        return notice, True
    except IntegrityError:  # the same notice published at the same moment elsewhere
        return session.scalars(select(Notice).where(Notice.dedupe_key == notice.dedupe_key)).one(), False


def publish_notice(session: Session, *, area_code: str, kind: str, title: str, body: str = "",
                   village: str | None = None, event_at: datetime | None = None, place: str = "",
                   published_by: str = "", now: datetime | None = None, push: bool = True,
                   tz: ZoneInfo = DEFAULT_TZ) -> Published:
    """Record the notice (once) and push it to the subscribed villagers it concerns."""
    title, body, place = title.strip(), body.strip(), place.strip()
    check_notice(kind, title, body, event_at)
    area, village_row = _scope(session, area_code, village)
    key = dedupe_key(area.id, village_row.id if village_row else None, kind, title, body, event_at, place)
    notice, created = _insert_or_find(session, Notice(
        kind=kind, title=title, body=body, area_id=area.id, village_id=village_row.id if village_row else None,
        event_at=event_at, place=place, published_at=now or utcnow(), published_by=published_by,
        dedupe_key=key))
    session.refresh(notice)
    try:
        enqueued = push_notice(session, notice, tz) if push else 0
    except mass.BudgetExceeded as exc:
        raise AffairsError(AffairsReason.MASS_BUDGET, over=exc.over, per_month=exc.per_month) from exc
    return Published(notice, created, enqueued)


def set_subscription(session: Session, user: User, subscribed: bool,
                     kinds: tuple[str, ...] = NOTICE_KINDS, now: datetime | None = None) -> list[str]:
    """Opt in or out of the given kinds of notice; returns the kinds whose setting changed."""
    unknown = [k for k in kinds if k not in NOTICE_KINDS]
    if unknown:
        raise ValueError(f"unknown notice kinds: {unknown}")
    return push_choices.set_choice(session, user, subscribed, kinds, now)
