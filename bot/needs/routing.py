"""Which representative group a need goes to, and who in it hears the whistle.

A need is classified into a field (see fields.py) over the groups' keywords; it goes to the
group of that field that serves the need's area. When the words are unsure, or no group of
the field serves the area, it goes to the township group (field 综合) of the area, whose
representatives sort it ("分派 12 农业").

Representatives are users with a `rep` role whose `group_code` is the group. A rep role with
an `area_id` serves that area only; without one it serves every area the group serves. A rep
role with `leader` set marks the group's leader (组长), who hears about unclaimed whistles.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.models import Area, RepGroup, User, UserRole

from .fields import Classification, Vocabulary, classify, everyday_words

REP_ROLE = "rep"
SORTING_FIELD = "综合"


@dataclass(frozen=True)
class Routing:
    field: str  # the field the words point to, or 综合 when unsure
    group: RepGroup | None  # None only when no group at all serves the area
    confidence: float
    classification: Classification


@lru_cache(maxsize=8)
def _vocabulary(group_words: tuple[tuple[str, tuple[str, ...]], ...]) -> Vocabulary:
    pairs = [(word, field) for field, words in group_words for word in words] + list(everyday_words())
    return Vocabulary(pairs)


def vocabulary(groups: list[RepGroup]) -> Vocabulary:
    """The words of every field (rebuilt only when a group's keywords change)."""
    key = tuple(sorted((g.field, tuple(g.keywords or ())) for g in groups if g.keywords))
    return _vocabulary(key)


def sorting_group(groups: list[RepGroup], area: Area) -> RepGroup | None:
    """The township group (field 综合) that serves the area."""
    return next((g for g in groups if g.field == SORTING_FIELD and g.serves(area.code)), None)


def field_group(groups: list[RepGroup], area: Area, field: str) -> RepGroup | None:
    """The group of `field` serving the area; a township-level one before a county one."""
    serving = [g for g in groups if g.field == field and g.serves(area.code)]
    serving.sort(key=lambda g: (g.level != "township", g.id))
    return serving[0] if serving else None


def route_need(session: Session, text: str, area: Area) -> Routing:
    """Classify the words and pick the group that should hear the whistle."""
    groups = list(session.scalars(select(RepGroup).order_by(RepGroup.id)))
    result = classify(text, vocabulary(groups))
    if result.sure and (group := field_group(groups, area, result.field)) is not None:
        return Routing(result.field, group, result.confidence, result)
    return Routing(SORTING_FIELD, sorting_group(groups, area), result.confidence, result)


def group_by_code(session: Session, code: str | None) -> RepGroup | None:
    if not code:
        return None
    return session.scalars(select(RepGroup).where(RepGroup.code == code)).one_or_none()


def _rep_roles(group_code: str, area_id: int, leaders_only: bool = False):
    query = select(UserRole.user_id).where(
        UserRole.role == REP_ROLE, UserRole.group_code == group_code,
        or_(UserRole.area_id.is_(None), UserRole.area_id == area_id))
    return query.where(UserRole.leader.is_(True)) if leaders_only else query


def group_reps(session: Session, group_code: str | None, area_id: int,
               leaders_only: bool = False) -> list[User]:
    """Representatives of the group who serve the area (only its leaders, if asked)."""
    if not group_code:
        return []
    ids = _rep_roles(group_code, area_id, leaders_only)
    return list(session.scalars(select(User).where(User.id.in_(ids)).order_by(User.id)))


def is_group_rep(user: User, group_code: str | None, area_id: int) -> bool:
    """May `user` act for the group in this area (claim its needs)?"""
    return bool(group_code) and any(
        r.role == REP_ROLE and r.group_code == group_code and r.area_id in (None, area_id)
        for r in user.roles)


def rep_scopes(user: User) -> list[tuple[str, int | None]]:
    """(group code, area id or None for all its areas) for each rep role the user holds."""
    return [(r.group_code, r.area_id) for r in user.roles if r.role == REP_ROLE and r.group_code]


def set_leader(session: Session, user: User, group_code: str, leader: bool = True) -> int:
    """Mark (or unmark) the user as leader of a group they represent; the roles changed.

    Raises ValueError when the user holds no representative role in that group.
    """
    roles = [r for r in user.roles if r.role == REP_ROLE and r.group_code == group_code]
    if not roles:
        raise ValueError(f"{user.openid} is not a representative of {group_code}")
    changed = [r for r in roles if r.leader != leader]
    for role in changed:
        role.leader = leader
    session.flush()
    return len(changed)
