"""Days in villagers' words: 明天、后天上午、下周三、礼拜五、12月5号、下个月3号、月底 → a date.

Pure (no database, no clock): everything is relative to the `now` given, in the time zone
given (Asia/Shanghai by default).

    parse_day("下周三上午", now)   # DayRef(day=date(2027, 1, 6), part="morning")

Rules chosen for booking (the future matters, the past does not):
- a bare weekday (礼拜五, 周日) is the nearest such day from today on (today counts);
- 这周X / 下周X / 下下周X are days of this / next / the week after next (weeks start Monday);
- a month and day without a year (12月5号) is the next such date from today on;
- a day of the month alone (5号) is this month's, or next month's when it has passed or this
  month has no such day (30号 in February);
- 月底 is the last day of this month, 下个月底 of next month.
Lunar dates (初五、腊月) are not understood: the caller asks again.
"""
from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import cn2an

from bot.localtime import DEFAULT_TZ

SHANGHAI = DEFAULT_TZ

PARTS = ("morning", "noon", "afternoon", "evening")
PART_LABELS = {"morning": "上午", "noon": "中午", "afternoon": "下午", "evening": "晚上"}
# Local hours [start, end) each part of the day covers.
PART_HOURS = {"morning": (0, 12), "noon": (11, 14), "afternoon": (12, 18), "evening": (18, 24)}


@dataclass(frozen=True)
class DayRef:
    """A day a villager named, with the part of the day and the clock time when they said one."""

    day: date
    part: str | None = None  # one of PARTS
    hour: int | None = None  # 0–23, local time
    minute: int | None = None
    words: str = ""  # the words that named the day


# Traditional forms and dialect spellings folded before matching.
_FOLD = str.maketrans({"週": "周", "禮": "礼", "號": "号", "後": "后", "個": "个", "點": "点",
                       "兩": "两", "這": "这", "門": "门"})
# Lunar dates are not understood: better to ask again than to pick a wrong day.
_LUNAR = re.compile(r"初[一二三四五六七八九十]|正月|腊月|冬月|阴历|农历|老历")

_NUM = r"(?:\d{1,4}|[零〇一二两三四五六七八九十廿卅]{1,4})"
_WEEK = r"(?:周|星期|礼拜|禮拜)"
# 下周 / 下下周, but not the 下 of 一下 (调解一下 周四: the spaces are gone by now, it is this Thursday).
_NEXT = r"(?<!一)(?:下下个?|下个?)"
_WEEKDAY = r"([一二三四五六七日天1-7])"
_WEEKDAY_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "日": 7, "天": 7}

_PART_WORDS = [
    ("morning", r"上午|早上|早晨|一早|清早|大早|早起|头午|前半晌|上半天|上晌|明早|今早|早饭后"),
    ("noon", r"中午|晌午|午饭"),
    ("afternoon", r"下午|午后|后半晌|下晌|过晌|后晌|下半天|午饭后"),
    ("evening", r"晚上|傍晚|夜里|黑天|傍黑|今晚|明晚|晚饭后"),
]

# Named days, longest first so 大后天 wins over 后天.
_DAY_WORDS = [
    (r"大大后天", 4), (r"大后天|大后儿", 3), (r"明后天|明后儿", 1), (r"后天|后儿|后日", 2),
    (r"明天|明儿|明个|明日|明早|明晚|第二天", 1), (r"今天|今儿|今个|今日|今早|今晚|当天", 0),
    # 明 / 今 alone before the part of the day (明上午10点, 今下午): the spoken short form.
    (r"(?<![说证表声透聪光文发简标注申])明(?=上午|下午|中午|晌午|晚上|头午|后晌|前晌|上晌|下晌)", 1), (r"今(?=上午|下午|中午|晌午|晚上|头午|后晌)", 0),
]


def to_int(numeral: str) -> int | None:
    """'12' → 12, '十二' → 12, '两' → 2, '廿五' → 25; None when it is not a number."""
    if numeral.isdigit():
        return int(numeral)
    try:
        return int(cn2an.cn2an(numeral.replace("卅", "三十"), "smart"))
    except (ValueError, KeyError, TypeError):
        return None


def normalize(text: str) -> str:
    """Full-width digits → ASCII, traditional forms folded, spaces removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).translate(_FOLD))


def local_today(now: datetime, tz: ZoneInfo = SHANGHAI) -> date:
    if now.tzinfo is None:
        now = now.replace(tzinfo=tz)
    return now.astimezone(tz).date()


def parse_day(text: str, now: datetime, tz: ZoneInfo | str = SHANGHAI) -> DayRef | None:
    """The day `text` names, relative to `now` in `tz`; None when it names none."""
    tz = ZoneInfo(tz) if isinstance(tz, str) else tz
    t = normalize(text)
    today = local_today(now, tz)
    if _LUNAR.search(t):
        return None
    found = _find_day(t, today)
    if found is None:
        return None
    day, words = found
    part = parse_part(t)
    hour, minute = parse_clock(t, part)
    if part is None and hour is not None:
        part = next(p for p in ("morning", "afternoon", "evening") if
                    PART_HOURS[p][0] <= hour < PART_HOURS[p][1])
    return DayRef(day=day, part=part, hour=hour, minute=minute, words=words)


def parse_part(text: str) -> str | None:
    """上午/下午/晚上 … → 'morning'/'afternoon'/'evening'; 'noon' for 中午."""
    best: tuple[int, str] | None = None
    for part, pattern in _PART_WORDS:
        for m in re.finditer(pattern, text):
            # The longest match wins: 午饭后 (afternoon) over 午饭 (noon).
            if best is None or len(m.group()) > best[0]:
                best = (len(m.group()), part)
    return best[1] if best else None


def parse_clock(text: str, part: str | None) -> tuple[int | None, int | None]:
    """'9点', '下午三点半', '14:30' → (hour, minute) in 24-hour local time."""
    m = re.search(r"(?<![\d:])(\d{1,2})[:：](\d{2})(?!\d)", text)
    if m:
        hour, minute = int(m.group(1)), int(m.group(2))
    else:
        m = next((c for c in re.finditer(rf"({_NUM})点(半|一刻|({_NUM})分?)?", text)
                  if not _means_a_little(text, c)), None)
        if not m:
            return None, None
        hour = to_int(m.group(1))
        if hour is None:
            return None, None
        minute = 0
        if m.group(2) == "半":
            minute = 30
        elif m.group(2) == "一刻":
            minute = 15
        elif m.group(3):
            minute = to_int(m.group(3)) or 0
    if not (0 <= hour <= 24 and 0 <= minute < 60):
        return None, None
    if part in ("afternoon", "evening") and hour < 12:
        hour += 12
    elif part is None and 1 <= hour <= 6:
        hour += 12  # "3点" for an appointment means the afternoon
    return hour % 24, minute


def _means_a_little(text: str, m: re.Match) -> bool:
    """早一点、快一点: "a little", not one o'clock."""
    return m.group(1) == "一" and m.start() > 0 and text[m.start() - 1] in "早晚快慢多少好差有"


def _find_day(t: str, today: date) -> tuple[date, str] | None:
    for finder in (_year_month_day, _next_month_day, _this_month_day, _month_day, _month_end, _relative,
                   _week_day, _week_only, _day_of_month, _named_day):
        found = finder(t, today)
        if found is not None:
            return found
    return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _add_months(d: date, months: int) -> tuple[int, int]:
    index = d.year * 12 + (d.month - 1) + months
    return index // 12, index % 12 + 1


def _year_month_day(t: str, today: date):
    m = re.search(rf"(今年|明年|(\d{{4}})年)({_NUM})月({_NUM})[号日]?", t)
    if not m:
        return None
    year = {"今年": today.year, "明年": today.year + 1}.get(m.group(1)) or int(m.group(2))
    month, day = to_int(m.group(3)), to_int(m.group(4))
    d = _safe_date(year, month or 0, day or 0)
    return (d, m.group()) if d else None


def _next_month_day(t: str, today: date):
    m = re.search(rf"下个?月(?:的)?(?:({_NUM})[号日]|(底|末)|(初))", t)
    if not m:
        return None
    year, month = _add_months(today, 1)
    if m.group(2):
        return date(year, month, calendar.monthrange(year, month)[1]), m.group()
    if m.group(3):
        return date(year, month, 1), m.group()
    d = _safe_date(year, month, to_int(m.group(1)) or 0)
    return (d, m.group()) if d else None


def _month_day(t: str, today: date):
    m = re.search(rf"({_NUM})月(?:份)?({_NUM})[号日]?", t)
    if not m:
        return None
    month, day = to_int(m.group(1)), to_int(m.group(2))
    if not month or not day or not (1 <= month <= 12):
        return None
    d = _safe_date(today.year, month, day)
    if d is not None and d < today:
        d = _safe_date(today.year + 1, month, day)
    return (d, m.group()) if d else None


def _this_month_day(t: str, today: date):
    m = re.search(rf"(?:这个?月|本月)(?:的)?({_NUM})[号日]", t)
    if not m:
        return None
    d = _safe_date(today.year, today.month, to_int(m.group(1)) or 0)
    return (d, m.group()) if d else None


def _month_end(t: str, today: date):
    m = re.search(r"(这个?月|本月)?(月底|月末)", t)
    if not m:
        return None
    return date(today.year, today.month, calendar.monthrange(today.year, today.month)[1]), m.group()


def _relative(t: str, today: date):
    m = re.search(rf"(?:过)?({_NUM})(天|日|个?星期|个?礼拜|周)(?:后|以后|之后|过后)|过({_NUM})天", t)
    if not m:
        return None
    count = to_int(m.group(1) or m.group(3))
    if count is None or count > 366:
        return None
    days = count * 7 if m.group(2) and m.group(2)[-1] in "期拜周" else count
    return today + timedelta(days=days), m.group()


def _week_day(t: str, today: date):
    m = re.search(rf"({_NEXT}|这个?|本|上个?)?{_WEEK}{_WEEKDAY}|({_NEXT}|这个?|本)?(周末)", t)
    if not m:
        return None
    prefix = m.group(1) if m.group(2) else m.group(3)
    weekday = _WEEKDAY_NUMBERS.get(m.group(2), None) if m.group(2) else 6
    if weekday is None:
        weekday = int(m.group(2))
    monday = today - timedelta(days=today.weekday())
    if prefix is None:
        if m.group(4):  # 周末 alone: this weekend (Sunday counts)
            return (today if today.isoweekday() == 7 else monday + timedelta(days=5)), m.group()
        return today + timedelta(days=(weekday - today.isoweekday()) % 7), m.group()
    weeks = {"下下": 2, "下": 1, "这": 0, "本": 0, "上": -1}[prefix.rstrip("个")]
    return monday + timedelta(weeks=weeks, days=weekday - 1), m.group()


def _week_only(t: str, today: date):
    """下周 alone: its Monday; 这周 alone: today."""
    m = re.search(rf"({_NEXT}|这个?|本){_WEEK}", t)
    if not m:
        return None
    weeks = {"下下": 2, "下": 1, "这": 0, "本": 0}[m.group(1).rstrip("个")]
    if weeks == 0:
        return today, m.group()
    monday = today - timedelta(days=today.weekday())
    return monday + timedelta(weeks=weeks), m.group()


def _day_of_month(t: str, today: date):
    m = re.search(rf"(?<![月\d零〇一二两三四五六七八九十廿卅期拜周])({_NUM})[号日]", t)
    if not m:
        return None
    day = to_int(m.group(1))
    if not day or day > 31:
        return None
    for months_ahead in range(0, 3):
        year, month = _add_months(today, months_ahead)
        d = _safe_date(year, month, day)
        if d is not None and d >= today:
            return d, m.group()
    return None


def _named_day(t: str, today: date):
    for pattern, offset in _DAY_WORDS:
        m = re.search(pattern, t)
        if m:
            return today + timedelta(days=offset), m.group()
    return None
