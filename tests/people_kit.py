"""Model factories for areas, villages and users with roles, and a stand-in for the NLU router.

    county = make_county(db)            # two areas, villages, villagers, members, a secretary
    route = RouteTable(monkeypatch)     # route.set("我想请党员帮我办低保", "errand", "dibao")
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

import bot.conversation as conversation
from bot.models import Area, User, UserRole, Village
from bot.nlu import RouteResult


def add_area(session: Session, code: str, name: str, township: str = "卞庄街道", phone: str = "") -> Area:
    area = Area(code=code, name=name, township=township, phone=phone)
    session.add(area)
    session.flush()
    return area


def add_village(session: Session, area: Area, name: str, aliases: str = "") -> Village:
    village = Village(area_id=area.id, name=name, aliases=aliases)
    session.add(village)
    session.flush()
    return village


def add_user(session: Session, openid: str, village: Village | None = None, roles=(), name: str = "",
             phone: str = "") -> User:
    """`roles`: (role, area) pairs or (role, area, group_code) triples."""
    user = User(openid=openid, name=name, phone=phone, village_id=village.id if village else None)
    session.add(user)
    session.flush()
    for spec in roles:
        role, area, group = (tuple(spec) + (None,))[:3]
        session.add(UserRole(user_id=user.id, role=role, area_id=area.id if area else None, group_code=group))
    session.flush()
    return user


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


class RouteTable:
    """Replaces the NLU router in a conversation: known texts get the given route, others 'unknown'."""

    def __init__(self, monkeypatch):
        self.routes: dict[str, RouteResult] = {}
        monkeypatch.setattr(conversation, "_route_for_context", self._route)

    def set(self, text: str, intent: str, guide: str | None = None, score: float = 0.95) -> None:
        self.routes[text] = RouteResult(intent, guide, score)

    def _route(self, text: str, ctx) -> RouteResult:
        return self.routes.get(text, RouteResult("unknown", None, 0.0))
