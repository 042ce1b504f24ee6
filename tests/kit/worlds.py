"""Ready-made places: a county of people, the sample county of needs and themes, the relay
county, the canteen county. Each returns ids (load the rows in your own session).

    county = make_county(db)           # 代村片区 and 东关片区: villagers, members, a secretary
    county = make_needs_county(db)     # the shipped areas and groups; villagers, reps, a secretary
    with db.session() as s: rep = user(s, county, "build1")
    areas = build_relay_county(db)     # area ids by code: a1, a2, a3 (卞庄街道), b1 (兰陵镇)
    names = make_canteen_county(db)    # village → canteen name, at the PLACES' coordinates

The needs county's people (group codes are the sample groups.yaml's):
  v1 villager of 代村 (代村片区, 卞庄街道); v2 villager of 荀庄 (荀庄片区, 兰陵镇); v3 of 王庄 (代村片区).
  build1, build2 county-build reps serving every area; build_ll a county-build rep for 荀庄片区
  only; build_lead the county-build leader; agri1 a county-agri rep; law1 a county-law rep;
  tw1 a tw-bianzhuang rep (卞庄街道's township group); s1 the 代村片区 secretary.
The relay county's staff: sec1 (secretary of a1), cad1 (cadre of a1), sec2 (secretary of a2),
county1 (cadre of no area). Villagers: v1 王秀英 of 代村 (a1), v2 李建国 of 代村, v3 of 三村 (a3),
v4 of 四村 (b1), newbie (nothing registered).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.models import Area, Canteen, User, UserRole, Village
from knowledge.loader import load_knowledge
from knowledge.schema import KnowledgeBase, load_valid
from tests.kit.factories import add_area, add_user, add_village


# --- a county of people ------------------------------------------------------------------------

@dataclass
class County:
    """Ids of the sample people (load them in your own session)."""

    areas: dict[str, int] = field(default_factory=dict)
    villages: dict[str, int] = field(default_factory=dict)
    users: dict[str, int] = field(default_factory=dict)


def make_county(db, members: int = 3) -> County:
    """代村片区: 代村 (aliases 代村社区 代庄), 王庄, 东陈庄, 西陈庄; villager v1, members m1..mN, secretary s1.
    东关片区: 东关, 郭家庄; villager v2, member mb1."""
    county = County()
    with db.session() as s:
        a = add_area(s, "bz-daicun", "代村片区", phone="0539-0001001")
        b = add_area(s, "bz-dongguan", "东关片区")
        county.areas = {"a": a.id, "b": b.id}
        villages = {
            "代村": add_village(s, a, "代村", "代村社区 代庄"), "王庄": add_village(s, a, "王庄", "王庄村"),
            "东陈庄": add_village(s, a, "东陈庄"), "西陈庄": add_village(s, a, "西陈庄"),
            "东关": add_village(s, b, "东关", "东关村"), "郭家庄": add_village(s, b, "郭家庄"),
        }
        county.villages = {name: v.id for name, v in villages.items()}
        people = {
            "v1": add_user(s, "v1", villages["代村"], name="李大爷"),
            "v2": add_user(s, "v2", villages["东关"], name="王大娘"),
            "s1": add_user(s, "s1", villages["代村"], [("secretary", a)], name="赵书记"),
            "mb1": add_user(s, "mb1", villages["东关"], [("party_member", b)], name="孙党员"),
        }
        for i in range(1, members + 1):
            people[f"m{i}"] = add_user(s, f"m{i}", villages["王庄"], [("party_member", a)],
                                       name=f"党员{i}", phone=f"1390000000{i}")
        county.users = {key: u.id for key, u in people.items()}
    return county


# --- the needs county -----------------------------------------------------------------------

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


# --- the relay county -----------------------------------------------------------------------

TZ = ZoneInfo("Asia/Shanghai")
MONDAY_10 = datetime(2026, 12, 7, 10, 0, tzinfo=TZ).astimezone(timezone.utc)  # the relay tests' "now"


def build_relay_county(db) -> dict[str, int]:
    """Areas, villages, staff and villagers; returns the area ids by code."""
    with db.session() as s:
        areas = {}
        for code, name, township, village in (("a1", "代村片区", "卞庄街道", "代村"), ("a2", "东关片区", "卞庄街道", "东关"),
                                              ("a3", "三村片区", "卞庄街道", "三村"), ("b1", "四村片区", "兰陵镇", "四村")):
            area = Area(code=code, name=name, township=township, phone="0539-000" + code)
            s.add(area)
            s.flush()
            s.add(Village(name=village, area_id=area.id))
            areas[code] = area
        s.flush()
        villages = {v.name: v for v in s.scalars(select(Village))}
        for openid, role, code, name, phone in (("sec1", "secretary", "a1", "王书记", "13900000001"),
                                                ("cad1", "cadre", "a1", "赵干部", "13900000002"),
                                                ("sec2", "secretary", "a2", "钱书记", "13900000003"),
                                                ("county1", "cadre", None, "县干部", "13900000004")):
            user = User(openid=openid, name=name, phone=phone)
            s.add(user)
            s.flush()
            s.add(UserRole(user_id=user.id, role=role, area_id=areas[code].id if code else None))
        for openid, name, village, phone in (("v1", "王秀英", "代村", "13812345678"), ("v2", "李建国", "代村", ""),
                                             ("v3", "孙大娘", "三村", ""), ("v4", "周大爷", "四村", "")):
            s.add(User(openid=openid, name=name, phone=phone, village_id=villages[village].id))
        s.add(User(openid="newbie"))
        return {code: area.id for code, area in areas.items()}


# --- the canteen county ---------------------------------------------------------------------

# (area code, area name, village, latitude, longitude, has a canteen)
PLACES = (
    ("bz-daicun", "代村片区", "代村", 34.80, 118.00, True),
    ("bz-daicun", "代村片区", "王庄", 34.81, 118.00, True),     # 0.01° north of 代村: ~1.1 km
    ("bz-daicun", "代村片区", "西陈庄", 34.80, 118.03, False),  # 0.03° east: ~2.7 km, no canteen
    ("bz-dongguan", "东关片区", "东关", 34.75, 118.00, True),   # 0.05° south: ~5.6 km
    ("bz-dongguan", "东关片区", "郭家庄", 34.70, 118.00, False),
    ("ll-xunzhuang", "荀庄片区", "荀庄", 34.60, 117.90, False),  # an area without a canteen
)


def make_canteen_county(db) -> dict[str, str]:
    """The PLACES, a canteen (code `ct-<village>`) where marked; returns village → canteen name."""
    names = {}
    with db.session() as s:
        areas: dict[str, Area] = {}
        for code, area_name, village_name, lat, lon, has_canteen in PLACES:
            if code not in areas:
                areas[code] = Area(code=code, name=area_name, township="卞庄街道")
                s.add(areas[code])
                s.flush()
            village = Village(area_id=areas[code].id, name=village_name, latitude=lat, longitude=lon)
            s.add(village)
            s.flush()
            if has_canteen:
                name = f"{village_name}暖心食堂"
                s.add(Canteen(code=f"ct-{village_name}", name=name, village_id=village.id,
                              address=f"{village_name}村委会旁", hours="午餐 11:00–12:30",
                              eligibility="本村60岁以上老人", price="老人每餐2元",
                              phone="0539-0000000", latitude=lat, longitude=lon))
                names[village_name] = name
    return names
