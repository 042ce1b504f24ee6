"""Needs, the read side: which group a need goes to and who hears it; a villager's and a rep's needs.

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

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import Session

from bot.models import CLAIMABLE_STATES, HELD_STATES, Area, Need, NeedEvent, RepGroup, User, UserRole

from .fields import Classification, Vocabulary, classify, everyday_words
from .notices import summary

REP_ROLE = "rep"
GIVEN_BACK = "given_back"  # the history row of a need given back (rules.GIVEN_BACK; rules imports this module)
SORTING_FIELD = "综合"
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
    """Needs waiting for a claim in the groups (and areas) the representative serves, oldest first;
    not those this representative gave back (giving_back.py: "报到 编号" still claims them)."""
    scopes = [and_(Need.group_code == group, Need.area_id == area) if area is not None
              else Need.group_code == group for group, area in rep_scopes(rep)]
    if not scopes:
        return []
    given_back = exists().where(NeedEvent.need_id == Need.id, NeedEvent.kind == GIVEN_BACK, NeedEvent.user_id == rep.id)
    return list(session.scalars(select(Need).where(
        Need.claimed_by.is_(None), Need.state.in_(CLAIMABLE_STATES), or_(*scopes), ~given_back)
        .order_by(Need.urgency.desc(), Need.id).limit(limit)))


def held_by(session: Session, rep: User, limit: int = 20) -> list[Need]:
    """Needs the representative claimed and has not closed."""
    return list(session.scalars(select(Need).where(Need.claimed_by == rep.id, Need.state.in_(HELD_STATES))
                                .order_by(Need.id).limit(limit)))


def status_lines(session: Session, user: User) -> list[str]:
    """Record source for the `status` answer: this villager's own needs, oldest of the last six first."""
    needs = needs_of_villager(session, user, limit=6)
    return [f"{n.number}号 {summary(n, 16)}：{villager_state(n)}" for n in reversed(needs)]
