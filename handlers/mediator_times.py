"""A mediator's other time for a booking, in any words that name one: a time of day alone (下午吧
上午俺得去镇上 / 十点半那会儿), a shift by hours or days (往后推俩钟头 / 晚一个钟头 / 提前一天), a day
(改到礼拜五上午). When several bookings wait, the one pointed at by its place, day, number or a word of
it (第二个改到礼拜五上午 / 赡养那个挪到下午), else which one is asked. Read after the mediator's own
commands (mediator_words), which keep 确认 / 礼拜三见 / the outcome.
"""
from __future__ import annotations

import re
from datetime import timedelta
from types import SimpleNamespace

from bot import mediation
from bot.choices import clauses, pick_named
from bot.dispatch import NOT_MINE, Context, Router
from bot.models import Booking
from bot.nlu.dates import parse_clock, parse_day, parse_part

from . import mediation_staff
from .mediation_staff import requested
from .mediator_words import MEDIATOR, _coming, _on_booked_day, _which
from .own_bookings import shifted_day_words, shifted_days
from .push_pointers import leading_number
from .task_pick import pointed_task

router = Router("mediator_times")

# 往后推俩钟头 / 晚一个小时 / 提前半个钟头 / 推后两个点: the booked hour moved.
_HOURS = re.compile(r"(?P<dir>往后|向后|朝后|推迟|推后|延后|顺延|延迟|往前|向前|朝前|提前|晚|早)?[推挪延改错]?(?:后|迟)?\s*"
                    r"(?P<n>[一二两俩三四五六1-6]|半)\s*(?:个)?\s*(?:钟头|小时|钟点|点钟|个点)")
_EARLIER = re.compile(r"往前|向前|朝前|提前|早")
_COUNTS = {"一": 1.0, "二": 2.0, "两": 2.0, "俩": 2.0, "三": 3.0, "四": 4.0, "五": 5.0, "六": 6.0, "半": 0.5}
# A clause that refuses a time or gives the reason (上午俺得去镇上 / 礼拜三不中): not the time offered.
_REFUSED = re.compile(r"不行|不中|不成|没空|有事|得去|要去|去不了|来不了|不在|赶集|开会|培训|不方便|走不开|忙|还有|有(?:一|个|两)?场|占了|满了")
# Asked, not offered (下午几点来着 / 改到下午行吗 is an offer: mediator_words reads those).
# The clause that puts a time forward (十点半吧 / 改到下午 / 后晌中), when another only tells the day's plans.
_OFFERS = re.compile(r"吧|行|中|可以|改|换|挪|推|到|定")
# A question (今天有啥事, 明天几个约的): asking, not offering a time.
_ASKS = re.compile(r"几点|啥时候|什么时候|哪天|哪个|咋|怎么|有啥|有什么|啥事|几个|多少|[吗么呢?？]\s*$")
_COMMAND = re.compile(r"^\s*(?:改时间|确认|结果|改约|取消预约)\s*\d")
# 第二个 / 赡养那个 / 2号: which of several bookings, said first.
_NAMED = re.compile(r"^\s*(?P<name>[^，,。.！!？?\s\d]{1,8}?)(?:的)?(?:那个|那件|那场|那家|的事)\s*[，,\s]*(?P<rest>\S.*)$")


def _shifted_hours(text: str) -> float | None:
    found = _HOURS.search(text)
    if found is None:
        return None
    count = _COUNTS.get(found.group("n")) or float(found.group("n"))
    return -count if found.group("dir") and _EARLIER.search(found.group("dir")) else count


def _names_time(words: str, ctx: Context) -> bool:
    return parse_day(words, ctx.now, ctx.tz) is not None or parse_part(words) is not None \
        or parse_clock(words, parse_part(words))[0] is not None


def _offered_words(ctx: Context, booking: Booking, text: str) -> str | None:
    """The time the words offer for `booking`, in words offer_time reads; None when none is offered."""
    if (hours := _shifted_hours(text)) is not None:
        moved = booking.slot.starts_at.astimezone(ctx.tz) + timedelta(hours=hours)
        half = "半" if moved.minute == 30 else f"{moved.minute}分" if moved.minute else ""
        return f"{moved.month}月{moved.day}号{'上午' if moved.hour < 12 else '下午'}{moved.hour}点{half}"
    if (days := shifted_day_words(SimpleNamespace(text=text, tz=ctx.tz), booking)) is not None:
        return days
    timed = [c for c in clauses(text) if _names_time(c, ctx)]
    offered = [c for c in timed if not _REFUSED.search(c)]
    if not offered:
        return None
    offered = [c for c in offered if _OFFERS.search(c)] or offered  # 十点半吧 九点半俺还有一场: the one put forward
    return _on_booked_day(ctx, booking, re.sub(r"^(?:那就|就|那|改到|改成|换到|挪到|推到|改在)", "", offered[-1]))


def _same_time(ctx: Context, booking: Booking, when: str) -> bool:
    ref = parse_day(when, ctx.now, ctx.tz)
    booked = booking.slot.starts_at.astimezone(ctx.tz)
    if ref is None or ref.day != booked.date():
        return False
    if ref.hour is not None:
        return ref.hour == booked.hour
    return ref.part is None or (ref.part == "morning") == (booked.hour < 12)


def _pointed(ctx: Context, bookings: list[Booking]) -> tuple[Booking | None, str]:
    """The booking of several the words point at first, and the words left."""
    numbered, rest = leading_number(ctx.text, bookings, lambda b: b.number)
    if numbered is not None:
        return numbered, rest
    stand_ins = [SimpleNamespace(number=n, starts_at=b.slot.starts_at, booking=b) for n, b in enumerate(bookings, 1)]
    found, rest = pointed_task(ctx.text, stand_ins, ctx.now, ctx.tz)
    if found is not None:
        return found.booking, rest
    named = _NAMED.match(ctx.text)
    if named is not None and not _names_time(named.group("name"), ctx):
        booking = pick_named(named.group("name"), bookings, lambda b: f"{b.kind} {b.description or ''} {b.other_party or ''} "
                             f"{getattr(b.villager, 'name', '') or ''}")
        if booking is not None:
            return booking, named.group("rest")
    return None, ctx.text


@router.reader(roles=MEDIATOR)
def other_time_in_words(ctx: Context):
    """下午吧 / 往后推俩钟头 / 第二个改到礼拜五上午: that time offered to the villager for the booking meant."""
    text = ctx.text.strip()
    if ctx.dialog.busy() or len(text) > 40 or _ASKS.search(text) or _COMMAND.match(text):
        return NOT_MINE
    if _shifted_hours(text) is None and not _names_time(text, ctx) and shifted_days(text) is None:
        return NOT_MINE
    rooms = mediation.mediator_room_ids(ctx.session, ctx.user.id)
    bookings = requested(ctx) or _coming(ctx, rooms)
    if not bookings:
        return NOT_MINE
    booking, words = (bookings[0], text) if len(bookings) == 1 else _pointed(ctx, bookings)
    if booking is None:
        when = _offered_words(ctx, bookings[0], text)
        return _which(ctx, bookings, "有几个预约，改哪个？", "改时间 {number} " + when) if when else NOT_MINE
    when = _offered_words(ctx, booking, words)
    if when is None or _same_time(ctx, booking, when):
        return NOT_MINE
    return mediation_staff.offer_time(ctx, booking, when)
