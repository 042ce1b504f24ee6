"""暖心食堂 (canteens): where the nearest ones are, what they serve, the volunteer tasks they have.

    from bot import canteens
    canteens.nearest_canteens(session, lat, lon) / canteen_for_village / by_code   # lookups.py
    canteens.user_origin(user, now) / distance_words(km)

Read-only: canteens come from knowledge/canteens.yaml (`flask kb load`); their tasks are
volunteer tasks (bot/volunteers/).
"""

from .lookups import (
    EARTH_RADIUS_KM,
    FRESH_LOCATION,
    Origin,
    Nearby,
    great_circle_km,
    distance_words,
    all_canteens,
    by_code,
    by_codes,
    nearest_canteens,
    village_origin,
    user_origin,
    canteens_in_village,
    canteens_in_area,
    canteen_for_village,
    distance_from,
    canteen_tasks,
)

__all__ = [
    "EARTH_RADIUS_KM",
    "FRESH_LOCATION",
    "Origin",
    "Nearby",
    "great_circle_km",
    "distance_words",
    "all_canteens",
    "by_code",
    "by_codes",
    "nearest_canteens",
    "village_origin",
    "user_origin",
    "canteens_in_village",
    "canteens_in_area",
    "canteen_for_village",
    "distance_from",
    "canteen_tasks",
]
