"""A small county for the relay (人工) tests, and talking to the bot with the Reply's action.

    world = build_relay_county(db)   # areas a1, a2 (卞庄街道), a3 (卞庄街道, nobody), b1 (兰陵镇, nobody)
    reply = talk(app, "v1", "人工", at=MONDAY_10)   # → bot.messages.Reply (text, action)
    pushes(db, "sec1")                              # texts of the outbox rows for an openid

Staff: sec1 (secretary of a1), cad1 (cadre of a1), sec2 (secretary of a2), county1 (cadre of
no area). Villagers: v1 王秀英 of 代村 (a1), v2 李建国 of 代村, v3 of 三村 (a3), v4 of 四村 (b1),
newbie (nothing registered).
"""
from __future__ import annotations

import itertools
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.conversation import handle_incoming
from bot.messages import Incoming, Reply
from bot.models import Area, OutboxMessage, User, UserRole, Village

TZ = ZoneInfo("Asia/Shanghai")
MONDAY_10 = datetime(2026, 12, 7, 10, 0, tzinfo=TZ).astimezone(timezone.utc)
_ids = itertools.count(1)


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


def talk(app, openid: str, text: str, at: datetime = MONDAY_10) -> Reply:
    with app.app_context(), app.extensions["db"].session() as session:
        incoming = Incoming(openid=openid, kind="text", created_at=at, text=text, msg_id=str(next(_ids)))
        return handle_incoming(session, incoming, now=at)


def pushes(db, openid: str) -> list[str]:
    with db.session() as s:
        rows = s.scalars(select(OutboxMessage).where(OutboxMessage.openid == openid).order_by(OutboxMessage.id))
        return [row.payload["text"] for row in rows]


def clear_outbox(db) -> None:
    with db.session() as s:
        s.query(OutboxMessage).delete()
