"""A villager's push choices: each kind of village-affairs notice, the monthly themes, volunteer tasks.

    choices(session, user)                       → {"村务公开": True, …, "活动主题": False}
    set_choice(session, user, False, (THEME_KIND,))  → "不要推送活动主题"
    opted_out(THEME_KIND)                        → a select of the user ids to leave out

One table (AffairsSubscription) for every kind: a row only where the villager chose
differently from the default, which is "subscribed". Shared by bot.affairs (notices),
bot.themes (monthly themes) and bot.volunteers (task offers); the chat, the admin page and the
jobs all go through here.
Functions never commit.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .models import User, utcnow
from .models.affairs import NOTICE_KINDS, AffairsSubscription

THEME_KIND = "活动主题"  # the monthly themes of the representative groups (bot/themes/)
VOLUNTEER_KIND = "志愿任务"  # the offers of new volunteer tasks (bot/volunteers/rules.py)
PUSH_KINDS = NOTICE_KINDS + (THEME_KIND, VOLUNTEER_KIND)


def _check(kinds: tuple[str, ...]) -> None:
    unknown = [k for k in kinds if k not in PUSH_KINDS]
    if unknown:
        raise ValueError(f"unknown push kinds: {unknown}")


def opted_out(kind: str) -> Select:
    """The ids of users who stopped pushes of `kind` (for `User.id.not_in(...)`)."""
    _check((kind,))
    return select(AffairsSubscription.user_id).where(
        AffairsSubscription.kind == kind, AffairsSubscription.subscribed.is_(False))


def choices(session: Session, user: User, kinds: tuple[str, ...] = PUSH_KINDS) -> dict[str, bool]:
    """Kind → whether the user gets its pushes (default: yes)."""
    _check(kinds)
    chosen = dict(session.execute(select(AffairsSubscription.kind, AffairsSubscription.subscribed)
                                  .where(AffairsSubscription.user_id == user.id)).all())
    return {kind: chosen.get(kind, True) for kind in kinds}


def set_choice(session: Session, user: User, subscribed: bool, kinds: tuple[str, ...],
               now: datetime | None = None) -> list[str]:
    """Opt in or out of the given kinds; returns the kinds whose setting changed."""
    before = choices(session, user, kinds)
    changed = [k for k in kinds if before[k] != subscribed]
    rows = {row.kind: row for row in session.scalars(
        select(AffairsSubscription).where(AffairsSubscription.user_id == user.id))}
    for kind in changed:
        row = rows.get(kind)
        if row is None:
            try:
                with session.begin_nested():
                    session.add(AffairsSubscription(user_id=user.id, kind=kind, subscribed=subscribed,
                                                    updated_at=now or utcnow()))
            except IntegrityError:  # the same user's other message got there first
                row = session.scalars(select(AffairsSubscription).where(
                    AffairsSubscription.user_id == user.id, AffairsSubscription.kind == kind)).one()
        if row is not None:
            row.subscribed, row.updated_at = subscribed, now or utcnow()
    session.flush()
    return changed
