"""Elderly canteens (暖心食堂): which canteen serves a villager, the nearest ones, their helper tasks.

    canteen_for_village(session, village)          → the village's canteen, else the nearest of its area
    nearest_canteens(session, lat, lon, limit=3)   → [(canteen, km)], nearest first
    distance_words(2.34)                           → "大约2.3公里"
    canteen_tasks(session, canteen, now)           → open volunteer tasks at that canteen

Plain functions over a session, shared by chat and admin page; they only read.
Distances are great-circle (haversine) distances between the stored coordinates.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.models import Canteen, Task, User, Village

EARTH_RADIUS_KM = 6371.0088
# A shared location this recent says where the villager is now; an older one only where they were.
FRESH_LOCATION = timedelta(hours=24)


@dataclass(frozen=True)
class Origin:
    """Where distances are measured from, and how to say it ("您的位置", "王庄")."""

    latitude: float
    longitude: float
    label: str


@dataclass(frozen=True)
class Nearby:
    canteen: Canteen
    km: float | None  # None: in the village itself, or a distance we cannot know


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance over the earth's surface (haversine formula)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = math.radians(lat2 - lat1), math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def distance_words(km: float) -> str:
    """'就在附近' within 100 m, '大约300米' under a kilometre, '大约2.3公里', '大约15公里' beyond ten."""
    if km < 0.1:
        return "就在附近"
    tenths = int(round(km * 10))
    if tenths < 10:
        return f"大约{tenths * 100}米"
    if km < 10:
        return f"大约{tenths / 10:g}公里"
    return f"大约{round(km)}公里"


def _canteens(session: Session):
    return select(Canteen).options(selectinload(Canteen.village).selectinload(Village.area))


def all_canteens(session: Session) -> list[Canteen]:
    return list(session.scalars(_canteens(session).order_by(Canteen.code)))


def by_code(session: Session, code: str) -> Canteen | None:
    return session.scalars(_canteens(session).where(Canteen.code == code)).one_or_none()


def by_codes(session: Session, codes: list[str]) -> list[Canteen]:
    """The canteens with these codes, in the order given (unknown codes left out)."""
    found = {c.code: c for c in session.scalars(_canteens(session).where(Canteen.code.in_(codes)))}
    return [found[code] for code in codes if code in found]


def nearest_canteens(session: Session, latitude: float, longitude: float, limit: int = 3,
                     exclude: tuple[str, ...] = ()) -> list[Nearby]:
    """Canteens with coordinates, nearest first (13 in a county: computed in Python)."""
    ranked = [Nearby(c, great_circle_km(latitude, longitude, c.latitude, c.longitude))
              for c in all_canteens(session)
              if c.latitude is not None and c.longitude is not None and c.code not in exclude]
    ranked.sort(key=lambda n: (n.km, n.canteen.code))
    return ranked[:limit]


def village_origin(village: Village) -> Origin | None:
    if village.latitude is None or village.longitude is None:
        return None
    return Origin(village.latitude, village.longitude, village.name)


def user_origin(user: User, now: datetime) -> Origin | None:
    """Where the user is: a fresh shared location, else their village, else an old location."""
    located = user.latitude is not None and user.longitude is not None
    if located and user.location_at is not None and now - user.location_at <= FRESH_LOCATION:
        return Origin(user.latitude, user.longitude, "您的位置")
    if user.village is not None and (origin := village_origin(user.village)) is not None:
        return origin
    if located:
        return Origin(user.latitude, user.longitude, "您上次发的位置")
    return None


def canteens_in_village(session: Session, village: Village) -> list[Canteen]:
    return list(session.scalars(_canteens(session).where(Canteen.village_id == village.id)
                                .order_by(Canteen.code)))


def canteens_in_area(session: Session, area_id: int) -> list[Canteen]:
    return list(session.scalars(_canteens(session).join(Canteen.village)
                                .where(Village.area_id == area_id).order_by(Canteen.code)))


def canteen_for_village(session: Session, village: Village) -> Nearby | None:
    """The village's own canteen, else the nearest canteen of its area, else None."""
    own = canteens_in_village(session, village)
    if own:
        return Nearby(own[0], None)
    in_area = canteens_in_area(session, village.area_id)
    if not in_area:
        return None
    origin = village_origin(village)
    ranked = sorted(((distance_from(origin, c), c.code, c) for c in in_area),
                    key=lambda item: (item[0] is None, item[0] or 0.0, item[1]))
    km, _, canteen = ranked[0]
    return Nearby(canteen, km)


def distance_from(origin: Origin | None, canteen: Canteen) -> float | None:
    """Kilometres from `origin`; None when either place has no coordinates."""
    if origin is None or canteen.latitude is None or canteen.longitude is None:
        return None
    return great_circle_km(origin.latitude, origin.longitude, canteen.latitude, canteen.longitude)


def canteen_tasks(session: Session, canteen: Canteen, now: datetime, limit: int = 5) -> list[Task]:
    """Open volunteer tasks at this canteen that have not begun, soonest first."""
    return list(session.scalars(select(Task).where(
        Task.canteen_code == canteen.code, Task.state == "open", Task.starts_at > now)
        .order_by(Task.starts_at, Task.number).limit(limit)))
