"""Test helpers for volunteers: an area with villages, villagers, volunteers, a routed intent."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot import clock
from bot import volunteers
from bot.models import Area, OutboxMessage, User, UserRole, Village
from bot.nlu import RouteResult


def seed_area(db, code: str = "bz-daicun", name: str = "代村片区", village: str = "代村") -> int:
    with db.session() as s:
        area = Area(code=code, name=name, township="卞庄街道", phone="0539-0001001")
        s.add(area)
        s.flush()
        s.add(Village(name=village, area_id=area.id))
        return area.id


def add_user(db, openid: str, village: str | None = "代村", name: str = "", role: str | None = None) -> None:
    with db.session() as s:
        village_row = s.scalar(select(Village).where(Village.name == village)) if village else None
        user = User(openid=openid, name=name, village_id=village_row.id if village_row else None)
        s.add(user)
        s.flush()
        if role:
            s.add(UserRole(user_id=user.id, role=role, area_id=village_row.area_id if village_row else None))


def add_volunteer(db, openid: str, skills=("做饭",), village: str = "代村") -> None:
    add_user(db, openid, village)
    with db.session() as s:
        user = s.scalars(select(User).where(User.openid == openid)).one()
        volunteers.register_volunteer(s, user, list(skills), ["周末"])


def create_task(db, needed: int = 2, starts_in: timedelta = timedelta(days=3), **fields) -> int:
    starts_at = clock.now().replace(microsecond=0) + starts_in
    fields.setdefault("title", "暖心食堂帮厨")
    fields.setdefault("area_code", "bz-daicun")
    with db.session() as s:
        task, _ = volunteers.create_task(s, starts_at=starts_at, ends_at=starts_at + timedelta(hours=2),
                                         needed=needed, **fields)
        return task.number


def user(session, openid: str) -> User:
    return session.scalars(select(User).where(User.openid == openid)).one()


def outbox(db, like: str = "%") -> list[OutboxMessage]:
    with db.session() as s:
        return list(s.scalars(select(OutboxMessage).where(OutboxMessage.business_key.like(like))
                              .order_by(OutboxMessage.id)))


def route_as(monkeypatch, intent: str) -> None:
    """The real router is built elsewhere: every text routes to `intent` here."""
    monkeypatch.setattr("bot.conversation._route_for_context",
                        lambda text, ctx: RouteResult(intent, None, 0.9))

