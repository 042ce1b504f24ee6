"""Working hours: when a forwarded message has waited through one working day."""
from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

# Office hours of the township and area offices, Monday to Friday (public holidays not known).
WORK_START = time(8, 30)
WORK_END = time(17, 30)
WORKDAYS = frozenset(range(5))  # Monday .. Friday


def _working_day(day) -> bool:
    return day.weekday() in WORKDAYS


def one_working_day_after(moment: datetime, tz_name: str) -> datetime:
    """The moment at which `moment` has waited through a full day's working hours.

    Time outside office hours does not count: a message of Monday 10:00 is due Tuesday 10:00,
    one of Friday 16:00 is due Monday 16:00, one of Saturday noon is due Monday 17:30.
    """
    tz = ZoneInfo(tz_name)
    local = moment.astimezone(tz)
    day_length = datetime.combine(local.date(), WORK_END) - datetime.combine(local.date(), WORK_START)
    left = day_length
    cursor = local
    while True:
        day = cursor.date()
        start = datetime.combine(day, WORK_START, tzinfo=tz)
        end = datetime.combine(day, WORK_END, tzinfo=tz)
        if _working_day(day) and cursor < end:
            begin = max(cursor, start)
            if end - begin >= left:
                return (begin + left).astimezone(moment.tzinfo)
            left -= end - begin
        cursor = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
