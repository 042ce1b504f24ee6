"""Appointment times: slots made from opening hours, the free ones, and how they read aloud.

Opening hours are local time (Asia/Shanghai unless told); slots are stored in UTC.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.localtime import DEFAULT_TZ, clock_words, day_bounds, day_words, local_day, zone as as_zone
from bot.models import MediationRoom, OpeningHours, Slot
from bot.nlu.dates import PART_HOURS, DayRef

SHANGHAI = DEFAULT_TZ
# How far ahead villagers may book, and how far ahead to look when a day is full.
BOOKING_HORIZON_DAYS = 30
SEARCH_DAYS = 14


def _insert_ignoring_duplicates(session: Session, rows: list[dict]) -> int:
    if not rows:
        return 0
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = (insert(Slot).values(rows).on_conflict_do_nothing(index_elements=["room_id", "starts_at"])
            .returning(Slot.id))
    # RETURNING, not rowcount: psycopg reports -1 for this statement through SQLAlchemy.
    return len(session.execute(stmt).all())


def generate_slots(session: Session, room_id: int, start: date, days: int = SEARCH_DAYS,
                   tz: ZoneInfo | str | None = None) -> int:
    """Create the slots of a room's opening hours for `days` days from `start` (idempotent).

    Existing slots are left alone (their places may be taken). Returns how many were new.
    """
    zone = as_zone(tz)
    hours = session.scalars(select(OpeningHours).where(OpeningHours.room_id == room_id)).all()
    rows = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        for h in hours:
            if h.weekday != day.isoweekday():
                continue
            length = timedelta(minutes=h.slot_minutes)
            begin = datetime.combine(day, h.start_time, tzinfo=zone)
            end = datetime.combine(day, h.end_time, tzinfo=zone)
            while begin + length <= end:
                rows.append({"room_id": room_id, "starts_at": begin.astimezone(timezone.utc),
                             "ends_at": (begin + length).astimezone(timezone.utc),
                             "capacity": h.capacity, "taken": 0})
                begin += length
    return _insert_ignoring_duplicates(session, rows)


def generate_all_slots(session: Session, today: date, days: int = 14,
                       tz: ZoneInfo | str | None = None) -> int:
    """Make the slots of every active room for the coming days (idempotent); how many are new."""
    rooms = session.scalars(select(MediationRoom.id).where(MediationRoom.active.is_(True))).all()
    return sum(generate_slots(session, room_id, today, days, tz) for room_id in rooms)


def free_slots(session: Session, room_id: int, day: date, now: datetime | None = None,
               tz: ZoneInfo | str | None = None) -> list[Slot]:
    """Slots of the room on the local `day` with a place left (and not yet begun at `now`)."""
    start, end = day_bounds(day, tz)
    if now is not None:
        start = max(start, now)
    return list(session.scalars(
        select(Slot).where(Slot.room_id == room_id, Slot.starts_at >= start, Slot.starts_at < end,
                           Slot.taken < Slot.capacity).order_by(Slot.starts_at)))


def in_part(slot: Slot, part: str | None, tz: ZoneInfo | str | None = None) -> bool:
    if part is None:
        return True
    low, high = PART_HOURS[part]
    return low <= slot.starts_at.astimezone(as_zone(tz)).hour < high


@dataclass
class SlotChoices:
    """Slots to offer: on the day asked for (`exact`), or else the next days with space."""

    slots: list[Slot]
    exact: bool
    day: date
    # False when the part of the day asked for (下午) was full and the rest of the day is offered.
    part_found: bool = True


def choices_for(session: Session, room_id: int, ref: DayRef | None, now: datetime,
                tz: ZoneInfo | str | None = None, limit: int = 6) -> SlotChoices:
    """What to offer a villager who named `ref` (None: as soon as possible)."""
    zone = as_zone(tz)
    today = local_day(now, zone)
    wanted = ref.day if ref is not None and ref.day >= today else today
    if (wanted - today).days > BOOKING_HORIZON_DAYS:
        return SlotChoices([], False, wanted)
    generate_slots(session, room_id, wanted, SEARCH_DAYS + 1, zone)
    if ref is not None and ref.day >= today:
        same_day = free_slots(session, room_id, wanted, now, zone)
        in_asked_part = [s for s in same_day if in_part(s, ref.part, zone)]
        offered = in_asked_part or same_day
        if offered:
            return SlotChoices(_nearest(offered, ref, zone, limit), True, wanted, bool(in_asked_part))
        wanted += timedelta(days=1)
    found: list[Slot] = []
    for offset in range(SEARCH_DAYS):
        day_slots = free_slots(session, room_id, wanted + timedelta(days=offset), now, zone)
        found.extend(day_slots[:2])  # two a day, so the villager sees several days
        if len(found) >= limit:
            break
    return SlotChoices(found[:limit], False, wanted)


def _nearest(slots: list[Slot], ref: DayRef, zone: ZoneInfo, limit: int) -> list[Slot]:
    """Up to `limit` slots, closest to the clock time asked for, in time order."""
    if ref.hour is not None and len(slots) > limit:
        asked = ref.hour * 60 + (ref.minute or 0)

        def distance(s: Slot) -> int:
            local = s.starts_at.astimezone(zone)
            return abs(local.hour * 60 + local.minute - asked)

        slots = sorted(sorted(slots, key=distance)[:limit], key=lambda s: s.starts_at)
    return slots[:limit]


def slot_at_clock(slots: list[Slot], ref: DayRef | None, zone: ZoneInfo) -> Slot | None:
    """The slot among `slots` starting at the clock time `ref` names (上午九点), if any."""
    if ref is None or ref.hour is None:
        return None
    for slot in slots:
        local = slot.starts_at.astimezone(zone)
        if (local.hour, local.minute) == (ref.hour, ref.minute or 0):
            return slot
    return None


def slot_words(slot: Slot, tz: ZoneInfo | str | None = None, with_day: bool = True) -> str:
    """12月5日（周六）上午9点."""
    local = slot.starts_at.astimezone(as_zone(tz))
    clock = clock_words(local)
    return f"{day_words(local.date())}{clock}" if with_day else clock


def closest_choice(session: Session, slot_ids: list[int], ref: DayRef | None, tz: ZoneInfo | str | None = None) -> int:
    """The 1-based number of the offered slot nearest the clock time asked (周三上午9点半 → the
    9:30 one), for a bare 行 / 就定这个; the first when no time was asked."""
    if ref is None or ref.hour is None or not slot_ids:
        return 1
    zone, asked = as_zone(tz), ref.hour * 60 + (ref.minute or 0)
    slots = {s.id: s for s in session.scalars(select(Slot).where(Slot.id.in_(slot_ids)))}

    def distance(slot_id: int) -> int:
        local = slots[slot_id].starts_at.astimezone(zone) if slot_id in slots else None
        return abs(local.hour * 60 + local.minute - asked) if local is not None else 24 * 60

    return min(range(len(slot_ids)), key=lambda i: (distance(slot_ids[i]), i)) + 1
