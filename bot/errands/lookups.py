"""Errands, the read side: who may see an errand, a member's open errands, a villager's own."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import Errand, User

MEMBER_ROLE = "party_member"
# Who runs errands (便民代办员): party members, and grid workers (网格员) who serve as runners too.
RUNNER_ROLES = (MEMBER_ROLE, "grid_worker")
# Who an errand goes to when no member accepts, in order of preference.
ESCALATION_ROLES = ("secretary", "cadre")
# Roles that may act on an errand of their area (accept once escalated, see it).
AREA_ROLES = frozenset({*RUNNER_ROLES, "secretary"})


def area_ids_of(user: User, roles=AREA_ROLES) -> set[int]:
    return {r.area_id for r in user.roles if r.role in roles and r.area_id is not None}


def find_visible(session: Session, user: User, errand_no: int) -> Errand | None:
    """The errand if `user` may see it: its villager, or staff of its area; else None."""
    errand = session.get(Errand, errand_no)
    if errand is None:
        return None
    if errand.villager_id == user.id or errand.assignee_id == user.id:
        return errand
    return errand if errand.area_id in area_ids_of(user, AREA_ROLES | set(ESCALATION_ROLES)) else None


def errands_for_member(session: Session, member: User) -> list[Errand]:
    """Open errands offered to or handled by `member`, and those escalated to their areas."""
    mine = (Errand.assignee_id == member.id) & Errand.state.in_(("offered", "accepted"))
    areas = area_ids_of(member, AREA_ROLES | set(ESCALATION_ROLES))
    condition = mine | ((Errand.state == "escalated") & Errand.area_id.in_(areas)) if areas else mine
    return list(session.scalars(select(Errand).where(condition).order_by(Errand.id)))


def errands_of_villager(session: Session, villager: User, limit: int = 10) -> list[Errand]:
    """The villager's own errands, newest first (for 我的代办 and the status reply)."""
    return list(session.scalars(select(Errand).where(Errand.villager_id == villager.id)
                                .order_by(Errand.id.desc()).limit(limit)))
