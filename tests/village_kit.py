"""Test helpers for canteens and village affairs: a small county with coordinates and canteens,
talking with the byte limit checked, an intent stand-in for the router.

    place = make_canteen_county(db)   # areas, villages and canteens at known coordinates
    text = chat(app, "u1", "最近的食堂")  # like tests.chat_kit.say, asserting the WeChat limit
"""
from __future__ import annotations

from sqlalchemy import select

from bot.conversation import handle_incoming
from bot.messages import Reply
from bot.models import Area, Canteen, User, Village
from bot.nlu import RouteResult
from tests.chat_kit import incoming

WECHAT_TEXT_LIMIT_BYTES = 2048

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


def add_villager(db, openid: str, village: str | None, subscribed: bool = True) -> None:
    with db.session() as s:
        row = s.scalar(select(Village).where(Village.name == village)) if village else None
        s.add(User(openid=openid, village_id=row.id if row else None, subscribed=subscribed))


def route_as(monkeypatch, intent: str) -> None:
    """The real router is merged elsewhere: every text routes to `intent` here."""
    monkeypatch.setattr("bot.conversation._route_for_context",
                        lambda text, ctx: RouteResult(intent, None, 0.9))


def converse(app, openid: str, text: str = "", **fields) -> Reply:
    """One message through handle_incoming; every part of the reply must fit in a WeChat text."""
    with app.app_context(), app.extensions["db"].session() as session:
        reply = handle_incoming(session, incoming(openid, text, **fields))
    for part in [reply.text, *reply.followups]:
        assert len(part.encode("utf-8")) < WECHAT_TEXT_LIMIT_BYTES, part
    return reply


def chat(app, openid: str, text: str = "", **fields) -> str:
    return converse(app, openid, text, **fields).text


def send_location(app, openid: str, latitude: float, longitude: float, label: str = "") -> str:
    return chat(app, openid, kind="location", latitude=latitude, longitude=longitude, label=label)


def order_of(text: str, names: list[str]) -> list[str]:
    """The names in the order they first appear in the text (absent ones left out)."""
    found = [(text.find(n), n) for n in names if n in text]
    return [n for _, n in sorted(found)]
