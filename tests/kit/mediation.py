"""Test data for mediation: an area with a village, a room with opening hours, mediators.

    place = make_place(s, capacity=1)          # ids of the area, village and room
    make_mediator(s, "m1", place.room_id)
    at(2027, 1, 4, 10)                         # a Shanghai wall-clock time
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot import mediation
from bot.models import Area, MediationRoom, OpeningHours, User, Village
from tests.kit.factories import add_user

SH = ZoneInfo("Asia/Shanghai")


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """A Shanghai wall-clock time."""
    return datetime(year, month, day, hour, minute, tzinfo=SH)


@dataclass
class Place:
    area_id: int
    village_id: int
    room_id: int


def make_place(session, code: str = "a1", capacity: int = 1, weekdays=(1, 2, 3, 4, 5),
               start: time = time(9), end: time = time(11), slot_minutes: int = 60) -> Place:
    area = Area(code=code, name=f"{code}片区", township="卞庄街道", phone="0539-0000001")
    session.add(area)
    session.flush()
    village = Village(name=f"{code}村", area_id=area.id)
    room = MediationRoom(code=f"med-{code}", area_id=area.id, name=f"{code}片区“隆礼重法”调解室",
                         address="党群服务中心", phone="0539-0000002")
    room.hours = [OpeningHours(weekday=d, start_time=start, end_time=end, slot_minutes=slot_minutes,
                               capacity=capacity) for d in weekdays]
    session.add_all([village, room])
    session.flush()
    return Place(area.id, village.id, room.id)


def make_mediator(session, openid: str, room_id: int, name: str = "苗调解员") -> User:
    user = add_user(session, openid, name=name)
    mediation.add_mediator(session, room_id, user.id)
    return user

