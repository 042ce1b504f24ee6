"""Acting for family, the read side: a villager's family members, found by the word they use."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import Errand, User
from bot.models.family import FamilyMember

from .rules import RELATIONS


def members_of(session: Session, owner: User, confirmed_only: bool = False) -> list[FamilyMember]:
    query = select(FamilyMember).where(FamilyMember.owner_id == owner.id)
    if confirmed_only:
        query = query.where(FamilyMember.state == "confirmed")
    return list(session.scalars(query.order_by(FamilyMember.id)))


def find_members(session: Session, owner: User, word: str) -> list[FamilyMember]:
    """The villager's family members a word names: by relation (俺娘 → 母亲) or by name."""
    relation = RELATIONS.get(word, word)
    return [m for m in members_of(session, owner) if m.relation == relation or m.name == word]


def errands_for(session: Session, member: FamilyMember, limit: int = 5) -> list[Errand]:
    return list(session.scalars(select(Errand).where(Errand.for_family_id == member.id)
                                .order_by(Errand.id.desc()).limit(limit)))
