"""Who hears a villager's message: the area's secretary and cadres, else the township's, else the county's."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import RELAY_LEVELS, Area, User, UserRole

# Roles that receive messages for a person and may answer them (片区书记, duty cadres).
RELAY_ROLES = ("secretary", "cadre")


def staff_at(session: Session, area: Area | None, level: str) -> list[User]:
    """The staff of one level for a villager of `area` (None: not registered, county only).

    area: secretary and cadres of the area itself. township: those of the township's other
    areas (the township has no role of its own). county: secretaries and cadres bound to no area.
    """
    query = select(User).join(UserRole, UserRole.user_id == User.id).where(UserRole.role.in_(RELAY_ROLES))
    if level == "county":
        query = query.where(UserRole.area_id.is_(None))
    elif area is None:
        return []
    elif level == "area":
        query = query.where(UserRole.area_id == area.id)
    elif level == "township":
        if not area.township:
            return []
        others = select(Area.id).where(Area.township == area.township, Area.id != area.id)
        query = query.where(UserRole.area_id.in_(others))
    else:
        raise ValueError(level)
    # Secretaries before cadres, each in the order they registered.
    users = session.scalars(query.order_by(UserRole.role.desc(), User.id)).unique().all()
    seen: set[int] = set()
    return [u for u in users if not (u.id in seen or seen.add(u.id))]


def first_staffed_level(session: Session, area: Area | None, after: str | None = None) -> tuple[str, list[User]]:
    """The first level (after `after`, if given) with anyone to tell; ("county", []) when nobody."""
    levels = RELAY_LEVELS[RELAY_LEVELS.index(after) + 1:] if after else RELAY_LEVELS
    for level in levels:
        staff = staff_at(session, area, level)
        if staff:
            return level, staff
    return "county", []


def may_answer(session: Session, user: User, area_id: int | None) -> bool:
    """Staff of the conversation's area, of its township, or of the county may answer it."""
    for role in user.roles:
        if role.role not in RELAY_ROLES:
            continue
        if role.area_id is None or role.area_id == area_id:
            return True
        if area_id is not None:
            mine, theirs = session.get(Area, role.area_id), session.get(Area, area_id)
            if mine and theirs and mine.township and mine.township == theirs.township:
                return True
    return False
