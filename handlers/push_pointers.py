"""Which pushed item an answer is about, pointed at without its title:
- by its number said first, with the answer after it ("2 接了 俺下午去", "1 俺去 俺家有大扫帚",
  "3号 中"): only a number that is one of the items' own numbers, never a day of the month
  (八号那天的, 10号那天) nor a phone number;
- by the day it is on ("礼拜四那个俺确认", "后天那个中", "12月10号的确认"): the one booking or task
  of that day (and of that part of the day, when one is said).
The readers that act on the item are handlers/staff_spotted.py, staff_named.py and
volunteer_clauses.py; this module only points.
"""
from __future__ import annotations

import re
from datetime import datetime
from typing import Callable, Sequence, TypeVar

from bot.localtime import local_day
from bot.nlu.dates import PART_HOURS, parse_clock, parse_day, parse_part

T = TypeVar("T")

# A number first, then the words of the answer: "2 接了", "2号 俺去", "第2个 中" is an order (task_pick).
_LEADING = re.compile(r"^\s*(?P<no>\d{1,4})\s*(?:号)?(?!\s*(?:号|日|月|点|天|个|那天|这天|上午|下午|早上|晚上|\d))"
                      r"(?:的|那个|这个|那件|这件|那单|这单)?\s*[，,、。.：:\s]*(?P<rest>[^\d\s，,].*)$")


def leading_number(text: str, items: Sequence[T], number_of: Callable[[T], object]) -> tuple[T | None, str]:
    """The item whose own number the text says first, and the words after it; (None, text) when no
    number comes first or it is none of the items' numbers."""
    found = _LEADING.match(text)
    if found is None:
        return None, text
    by_number = {str(number_of(item)): item for item in items}
    item = by_number.get(str(int(found.group("no"))))
    return (item, found.group("rest").strip()) if item is not None else (None, text)


# The day said before 那个 / 的 (礼拜四那个, 后天的那个, 10号那天的).
_DAY_FIRST = re.compile(r"^\s*(?P<day>[^，,。.！!？?\s]{1,10}?)(?:那天的?|的那个|那个|那场|那次|那件|那单|的)")


def on_the_day(text: str, items: Sequence[T], starts_at: Callable[[T], datetime], now: datetime,
               tz) -> tuple[T | None, str]:
    """The one item on the day (and part of the day) the words name first, and the words after the
    pointer; (None, text) when no day is named first or it fits none or several."""
    found = _DAY_FIRST.match(text)
    if found is None or not items:
        return None, text
    day = parse_day(found.group("day"), now, tz)
    if day is None:  # 上午的 / 后晌那个 / 八点那个: the time of day alone points too
        item = at_the_hour(found.group("day"), items, starts_at, tz)
        return (item, text[found.end():].strip()) if item is not None else (None, text)
    same = [item for item in items if local_day(starts_at(item), tz) == day.day]
    if len(same) > 1 and day.part is not None:
        low, high = PART_HOURS.get(day.part, (0, 24))
        same = [item for item in same if low <= starts_at(item).astimezone(tz).hour < high]
    return (same[0], text[found.end():].strip()) if len(same) == 1 else (None, text)


def at_the_hour(words: str, items: Sequence[T], starts_at: Callable[[T], datetime], tz) -> T | None:
    """The one item at the time of day the words name without a day (上午的 / 后晌那个 / 八点那个 /
    晚上那场): by the clock when one is said, else by the part of the day; None when none or several fit."""
    part = parse_part(words)
    hour, _ = parse_clock(words, part)
    if hour is None and part is None:
        return None
    if hour is not None:
        fits = [item for item in items if starts_at(item).astimezone(tz).hour == hour]
    else:
        low, high = PART_HOURS.get(part or "", (0, 24))
        fits = [item for item in items if low <= starts_at(item).astimezone(tz).hour < high]
    return fits[0] if len(fits) == 1 else None
