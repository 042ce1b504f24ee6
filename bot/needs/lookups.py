"""Who sees which needs: a villager their own; a representative what their group may claim and
what they hold. Also the lines of the `status` answer."""
from __future__ import annotations

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from bot.models import CLAIMABLE_STATES, HELD_STATES, Need, User

from .notices import summary
from .routing import rep_scopes

# What a villager reads about their need's state.
VILLAGER_STATES = {
    "collected": "已收到，等着转给党代表",
    "alerted": "已通知党代表，等着认领",
    "escalated": "已催党代表认领",
    "claimed": "党代表已接下",
    "in_progress": "党代表正在办",
    "reopened": "您说不满意，正在重新办",
    "closed": "已办好",
}
SATISFACTION_WORDS = {"satisfied": "（您满意）", "unsatisfied": "（您不满意）"}


def villager_state(need: Need) -> str:
    words = VILLAGER_STATES.get(need.state, need.state)
    if need.state == "closed":
        words += SATISFACTION_WORDS.get(need.satisfaction or "", "（请回复满意或不满意）")
    return words


def needs_of_villager(session: Session, villager: User, limit: int = 10) -> list[Need]:
    """The villager's own needs, newest first."""
    return list(session.scalars(select(Need).where(Need.villager_id == villager.id)
                                .order_by(Need.id.desc()).limit(limit)))


def find_own(session: Session, villager: User, need_no: int) -> Need | None:
    """The need if it is the villager's own; nobody sees another villager's needs."""
    need = session.get(Need, need_no)
    return need if need is not None and need.villager_id == villager.id else None


def claimable_for(session: Session, rep: User, limit: int = 20) -> list[Need]:
    """Needs waiting for a claim in the groups (and areas) the representative serves, oldest first."""
    scopes = [and_(Need.group_code == group, Need.area_id == area) if area is not None
              else Need.group_code == group for group, area in rep_scopes(rep)]
    if not scopes:
        return []
    return list(session.scalars(select(Need).where(
        Need.claimed_by.is_(None), Need.state.in_(CLAIMABLE_STATES), or_(*scopes))
        .order_by(Need.urgency.desc(), Need.id).limit(limit)))


def held_by(session: Session, rep: User, limit: int = 20) -> list[Need]:
    """Needs the representative claimed and has not closed."""
    return list(session.scalars(select(Need).where(Need.claimed_by == rep.id, Need.state.in_(HELD_STATES))
                                .order_by(Need.id).limit(limit)))


def status_lines(session: Session, user: User) -> list[str]:
    """Record source for the `status` answer: this villager's own needs, oldest of the last six first."""
    needs = needs_of_villager(session, user, limit=6)
    return [f"{n.number}号 {summary(n, 16)}：{villager_state(n)}" for n in reversed(needs)]
