"""Local time, once for the app: the zone (TZ_NAME), local days, and how times read to villagers.

Times are stored and passed around as UTC-aware datetimes (`bot.clock.now()`); they become local
only here, for days, months and words:

    zone = app_zone(current_app.config)          # or ctx.tz in a chat handler
    when_words(task.starts_at, zone)             # '12月5日（周六）上午9点'
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from .clock import DEFAULT_TZ_NAME

DEFAULT_TZ = ZoneInfo(DEFAULT_TZ_NAME)
WEEKDAY_NAMES = "一二三四五六日"


def zone(tz: ZoneInfo | str | None = None) -> ZoneInfo:
    """A zone from a name or a zone; None is the default zone (Asia/Shanghai)."""
    if isinstance(tz, ZoneInfo):
        return tz
    return ZoneInfo(tz) if tz else DEFAULT_TZ


def app_zone(config: Mapping[str, Any]) -> ZoneInfo:
    """The zone an app's config names in TZ_NAME (chat, CLI, scheduler and admin page share it)."""
    return zone(config.get("TZ_NAME"))


def local_day(moment: datetime, tz: ZoneInfo | str | None = None) -> date:
    return moment.astimezone(zone(tz)).date()


def day_bounds(day: date, tz: ZoneInfo | str | None = None) -> tuple[datetime, datetime]:
    """The UTC instants where the local `day` begins and ends."""
    start = datetime.combine(day, time(0), tzinfo=zone(tz))
    return start.astimezone(timezone.utc), (start + timedelta(days=1)).astimezone(timezone.utc)


def clock_words(moment: datetime, half_hour: str = "半") -> str:
    """9:00 → 上午9点, 14:30 → 下午2点半, 12:00 → 中午12点, 19:00 → 晚上7点 (how villagers say it).

    `half_hour` is what :30 reads as: "半", or "30分" where a time is written down (task pushes).
    """
    hour, minute = moment.hour, moment.minute
    if hour < 12:
        label, shown = ("凌晨" if hour < 5 else "上午"), hour
    elif hour < 13:
        label, shown = "中午", hour
    elif hour < 18:
        label, shown = "下午", hour - 12
    else:
        label, shown = "晚上", hour - 12
    tail = "" if minute == 0 else (half_hour if minute == 30 else f"{minute}分")
    return f"{label}{shown}点{tail}"


def day_words(day: date) -> str:
    """'12月5日（周六）'."""
    return f"{day.month}月{day.day}日（周{WEEKDAY_NAMES[day.weekday()]}）"


def when_words(moment: datetime, tz: ZoneInfo | str | None = None) -> str:
    """'12月5日（周六）上午9点'."""
    local = moment.astimezone(zone(tz))
    return day_words(local.date()) + clock_words(local)
