"""Village affairs, the read side: a user's notices, the next 议事日, 村规民约, push choices and counts."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from bot import subscriptions as push_choices
from bot.models import OutboxMessage, User, Village
from bot.models.affairs import NOTICE_KINDS, Notice, VillageRules


def push_counts(session: Session, notice_ids: list[int]) -> dict[int, int]:
    """Pushes enqueued per notice (by business key `notice:<id>:<openid>`)."""
    return {notice_id: session.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.business_key.like(f"notice:{notice_id}:%"))) or 0 for notice_id in notice_ids}


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
