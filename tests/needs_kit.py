"""A county for needs and themes tests: the sample areas, villages and groups, and people in them.

    county = make_needs_county(db)     # ids of villagers, representatives and a secretary
    with db.session() as s: user = s.get(User, county.users["v1"])

People (group codes are the sample groups.yaml's):
  v1 villager of 代村 (代村片区, 卞庄街道); v2 villager of 荀庄 (荀庄片区, 兰陵镇); v3 of 王庄 (代村片区).
  build1, build2 county-build reps serving every area; build_ll a county-build rep for 荀庄片区
  only; build_lead the county-build leader; agri1 a county-agri rep; law1 a county-law rep;
  tw1 a tw-bianzhuang rep (卞庄街道's township group); s1 the 代村片区 secretary.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import select

from bot.models import Area, User, UserRole, Village
from knowledge.loader import load_knowledge
from knowledge.schema import KnowledgeBase, load_valid

from .people_kit import add_user


@lru_cache(maxsize=1)
def _sample_places() -> KnowledgeBase:
    """The shipped areas, villages and groups (no guides or canteens: not needed here)."""
    kb = copy.copy(load_valid())
    kb.guides, kb.guide_files, kb.canteens = {}, {}, []
    return kb


@dataclass
class NeedsCounty:
    users: dict[str, int] = field(default_factory=dict)
    areas: dict[str, int] = field(default_factory=dict)


REPS = {  # key: (group code, area code or None, leader)
    "build1": ("county-build", None, False),
    "build2": ("county-build", None, False),
    "build_ll": ("county-build", "ll-xunzhuang", False),
    "build_lead": ("county-build", None, True),
    "agri1": ("county-agri", None, False),
    "law1": ("county-law", None, False),
    "tw1": ("tw-bianzhuang", None, False),
}


def make_needs_county(db) -> NeedsCounty:
    county = NeedsCounty()
    with db.session() as s:
        load_knowledge(s, _sample_places())
        areas = {a.code: a for a in s.scalars(select(Area))}
        villages = {v.name: v for v in s.scalars(select(Village))}
        county.areas = {code: a.id for code, a in areas.items()}
        people = {
            "v1": add_user(s, "v1", villages["代村"], name="李大爷", phone="13800000001"),
            "v2": add_user(s, "v2", villages["荀庄"], name="王大娘"),
            "v3": add_user(s, "v3", villages["王庄"], name="张婶"),
            "s1": add_user(s, "s1", villages["代村"], [("secretary", areas["bz-daicun"])], name="赵书记"),
        }
        for key, (group, area_code, leader) in REPS.items():
            user = add_user(s, key, villages["东关"], name=f"代表{key}", phone="13900000000")
            s.add(UserRole(user_id=user.id, role="rep", group_code=group, leader=leader,
                           area_id=areas[area_code].id if area_code else None))
            people[key] = user
        s.flush()
        county.users = {key: u.id for key, u in people.items()}
    return county


def user(session, county: NeedsCounty, key: str) -> User:
    return session.get(User, county.users[key])
