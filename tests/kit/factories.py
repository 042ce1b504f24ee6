"""Rows one at a time: areas, villages, users with roles, volunteers and their tasks.

    area = add_area(s, "bz-daicun", "代村片区")
    village = add_village(s, area, "代村")
    user = add_user(s, "v1", village, [("secretary", area)], name="赵书记")   # in your session
    add_villager(db, "u1", "代村", role="party_member")                      # its own session
    add_follower(s, "u1", in_window=False)          # last heard 60 hours ago: outside WeChat's 48
    count_rows(db, Need, Need.state == "open")

Bigger ready-made places (a county, a relay county, ...) are in tests.kit.worlds.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot import clock, volunteers
from bot.models import Area, User, UserRole, Village


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


def add_user(session: Session, openid: str, village: Village | int | None = None, roles=(), name: str = "",
             phone: str = "", **fields) -> User:
    """`village`: the row or its id. `roles`: (role, area) pairs or (role, area, group_code) triples.
    `fields`: more User columns (subscribed=False, last_interaction_at=...)."""
    village_id = village.id if isinstance(village, Village) else village
    user = User(openid=openid, name=name, phone=phone, village_id=village_id, **fields)
    session.add(user)
    session.flush()
    for spec in roles:
        role, area, group = (tuple(spec) + (None,))[:3]
        session.add(UserRole(user_id=user.id, role=role, area_id=area.id if area else None, group_code=group))
    session.flush()
    return user


def add_villager(db, openid: str, village: str | None = "代村", name: str = "", role: str | None = None,
                 subscribed: bool = True) -> None:
    """A user of the village named `village` (None: not registered), with a role in its area."""
    with db.session() as s:
        village_row = s.scalar(select(Village).where(Village.name == village)) if village else None
        user = add_user(s, openid, village_row, name=name, subscribed=subscribed)
        if role:
            s.add(UserRole(user_id=user.id, role=role, area_id=village_row.area_id if village_row else None))


def add_follower(session: Session, openid: str, *, in_window: bool, subscribed: bool = True,
                 now: datetime | None = None) -> User:
    """A user last heard an hour ago (inside the 48-hour customer-service window) or 60 hours ago."""
    now = now or clock.now()
    last = now - timedelta(hours=1) if in_window else now - timedelta(hours=60)
    return add_user(session, openid, subscribed=subscribed, last_interaction_at=last)


def find_user(session: Session, openid: str) -> User:
    return session.scalars(select(User).where(User.openid == openid)).one()


def count_rows(db, model, *where) -> int:
    """How many rows of `model` match the conditions."""
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


# --- volunteers ------------------------------------------------------------------------------

def seed_area(db, code: str = "bz-daicun", name: str = "代村片区", village: str = "代村") -> int:
    """An area with one village; returns the area's id."""
    with db.session() as s:
        area = add_area(s, code, name, phone="0539-0001001")
        add_village(s, area, village)
        return area.id


def add_volunteer(db, openid: str, skills=("做饭",), village: str = "代村") -> None:
    add_villager(db, openid, village)
    with db.session() as s:
        volunteers.register_volunteer(s, find_user(s, openid), list(skills), ["周末"])


def create_task(db, needed: int = 2, starts_in: timedelta = timedelta(days=3), **fields) -> int:
    starts_at = clock.now().replace(microsecond=0) + starts_in
    fields.setdefault("title", "暖心食堂帮厨")
    fields.setdefault("area_code", "bz-daicun")
    with db.session() as s:
        task, _ = volunteers.create_task(s, starts_at=starts_at, ends_at=starts_at + timedelta(hours=2),
                                         needed=needed, **fields)
        return task.number
