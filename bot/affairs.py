"""Village affairs rules (村务公开、议事日、村情发布会、村规民约), shared by chat, CLI and admin page.

    publish_notice(session, area_code="bz-daicun", kind="议事日", title=..., body=...,
                   village="代村", event_at=..., place=..., published_by="cadre openid")
    recent_notices(session, user, kind=None)   → the notices of the user's village and area
    push_counts(session, [notice ids])          → pushes enqueued per notice
    next_event(session, user, now)             → the next 议事日 they may attend
    village_rules(session, village)            → the village's 村规民约
    set_subscription(session, user, False)     → "不要推送村务" (bot/subscriptions.py keeps the choices)

Publishing queues one mass send (群发) per chunk of the subscribed villagers of the notice's
area (or village), keys `notice:<id>:mass:<n>` (bot/outbox/mass.py), within each one's four
mass messages a month. The same notice published again (a retried command) finds the first row
by its `dedupe_key`, so nobody is told twice. Functions never commit.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from . import affairs_texts as texts
from . import subscriptions as push_choices
from .models import Area, User, Village, utcnow
from .models.affairs import EVENT_KINDS, NOTICE_KINDS, Notice, VillageRules
from . import clock
from .outbox import mass
from .volunteer_texts import DEFAULT_TZ

MAX_TITLE, MAX_BODY = 120, 5000

__all__ = [
    "NOTICE_KINDS", "EVENT_KINDS", "AffairsError", "Published", "publish_notice", "check_notice",
    "recipients", "push_counts", "recent_notices", "notice_for", "next_event", "village_rules", "is_subscribed",
    "subscriptions", "set_subscription",
]


class AffairsError(Exception):
    """A rule said no; the message is written for the cadre."""


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
        raise AffairsError(f"没有代码为 {area_code} 的片区")
    if not village_name:
        return area, None
    village = session.scalar(select(Village).where(Village.name == village_name))
    if village is None or village.area_id != area.id:
        raise AffairsError(f"{area.name}里没有叫“{village_name}”的村")
    return area, village


def check_notice(kind: str, title: str, body: str, event_at: datetime | None) -> None:
    """The rules a notice must meet before it is recorded (AffairsError says which)."""
    if kind not in NOTICE_KINDS:
        raise AffairsError(f"不认识的类别：{kind}（可选：{'、'.join(NOTICE_KINDS)}）")
    if not title.strip() or len(title) > MAX_TITLE:
        raise AffairsError(f"标题不能为空，最多{MAX_TITLE}个字")
    if len(body) > MAX_BODY:
        raise AffairsError(f"正文最多{MAX_BODY}个字")
    if kind in EVENT_KINDS and event_at is None:
        raise AffairsError(f"{kind}要写开会时间（--at \"2026-12-05 09:00\"）")
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
    enqueued = push_notice(session, notice, tz) if push else 0
    return Published(notice, created, enqueued)


def recipients(session: Session, notice: Notice) -> list[User]:
    """Users of the notice's village (or area) who follow the account and take this kind."""
    query = select(User).join(User.village).where(User.subscribed.is_(True),
                                                  User.id.not_in(push_choices.opted_out(notice.kind)))
    if notice.village_id is not None:
        query = query.where(User.village_id == notice.village_id)
    else:
        query = query.where(Village.area_id == notice.area_id)
    return list(session.scalars(query.order_by(User.id)))


def push_notice(session: Session, notice: Notice, tz: ZoneInfo = DEFAULT_TZ) -> int:
    """Queue the notice as one mass send per chunk of recipients (bot/outbox/mass.py); returns
    how many people it newly reaches. AffairsError when some have no mass message left."""
    text, data = texts.push_text(notice, tz)
    per_month = current_app.config.get("MASS_SENDS_PER_MONTH", mass.DEFAULT_PER_MONTH) if has_app_context() \
        else mass.DEFAULT_PER_MONTH
    try:
        return mass.broadcast(session, f"notice:{notice.id}", "notice",
                              [user.openid for user in recipients(session, notice)], text, data,
                              clock.now(), per_month)
    except mass.BudgetExceeded as exc:
        raise AffairsError(str(exc)) from exc


def push_counts(session: Session, notice_ids: list[int]) -> dict[int, int]:
    """People each notice was pushed to (its mass-send chunks' receivers)."""
    return {notice_id: mass.receivers_of(session, f"notice:{notice_id}") for notice_id in notice_ids}


def _visible_to(user: User):
    """Notices for the user's whole area, or for their own village."""
    village = user.village
    return (Notice.area_id == village.area_id) & or_(Notice.village_id.is_(None), Notice.village_id == village.id)


def recent_notices(session: Session, user: User, kind: str | tuple[str, ...] | None = None,
                   limit: int = 5) -> list[Notice]:
    """The newest notices for the user's village and area (none when no village is known)."""
    if user.village is None:
        return []
    query = select(Notice).options(selectinload(Notice.village)).where(_visible_to(user))
    if kind:
        query = query.where(Notice.kind.in_((kind,) if isinstance(kind, str) else kind))
    return list(session.scalars(query.order_by(Notice.published_at.desc(), Notice.id.desc()).limit(limit)))


def notice_for(session: Session, user: User, notice_id: int) -> Notice | None:
    """One notice, if it is one the user may read (their village or area)."""
    if user.village is None:
        return None
    return session.scalar(select(Notice).where(Notice.id == notice_id, _visible_to(user)))


def next_event(session: Session, user: User, now: datetime, kind: str = "议事日") -> Notice | None:
    """The soonest 议事日 (or 村情发布会) still to come for the user's village or area."""
    if user.village is None:
        return None
    return session.scalar(select(Notice).where(_visible_to(user), Notice.kind == kind, Notice.event_at > now)
                          .order_by(Notice.event_at, Notice.id).limit(1))


def village_rules(session: Session, village: Village | None) -> VillageRules | None:
    if village is None:
        return None
    return session.scalar(select(VillageRules).where(VillageRules.village_id == village.id))


def subscriptions(session: Session, user: User) -> dict[str, bool]:
    """Kind of notice → whether the user gets its pushes (default: yes)."""
    return push_choices.choices(session, user, NOTICE_KINDS)


def is_subscribed(session: Session, user: User, kind: str) -> bool:
    return subscriptions(session, user)[kind]


def set_subscription(session: Session, user: User, subscribed: bool,
                     kinds: tuple[str, ...] = NOTICE_KINDS, now: datetime | None = None) -> list[str]:
    """Opt in or out of the given kinds of notice; returns the kinds whose setting changed."""
    unknown = [k for k in kinds if k not in NOTICE_KINDS]
    if unknown:
        raise ValueError(f"unknown notice kinds: {unknown}")
    return push_choices.set_choice(session, user, subscribed, kinds, now)
