"""A villager's own open mediation bookings, the one that words about moving a booking mean, and
moving it by days said in words (往后挪一天: to the same time when that is free).

Shared by handlers/own_items.py (cancel and move in words) and handlers/mediation.py (a request
to move is not a new booking; a form left or a booking moved in words), so neither has to import
the other."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from bot import mediation
from bot.kept_sql import KeptSql
from bot.dispatch import Context
from bot.messages import Reply, did
from bot.models import Booking

MOVE_WORDS = re.compile(r"改.{0,3}(?:时间|日子|天)|换.{0,3}(?:时间|日子|天)|改约|(?:改|换|挪|调|推|延)(?:到|成|在)|挪.{0,2}(?:时间|天)|推迟|提前|"
                        r"(?:往|向|朝)[后前](?:推|挪|延)|推后|延后|延期|顺延|[推挪错晚早].天|改天|"
                        r"(?:改|换|挪|调|变)回|还是原来(?:那|的)")


def open_bookings(ctx: Context) -> list[Booking]:
    return [b for b in mediation.villager_bookings(ctx.session, ctx.user.id) if b.is_open]


_BOOKINGS = Booking.__table__
# Issue 17: a short yes or no (行 / 不行, ~15% of messages) asks whether it answers a mediator's other
# time; nearly always the villager has no such booking, and the ORM read of their bookings that
# finds it out cost ~0.8 ms in a gunicorn worker under load. One kept statement on the cursor first.
_ANY_OFFER = KeptSql(lambda _insert: select(_BOOKINGS.c.id).where(
    _BOOKINGS.c.villager_id == bindparam("villager_id"), _BOOKINGS.c.state == "proposed_other_time",
    _BOOKINGS.c.proposed_slot_id.is_not(None)).limit(1), ("villager_id",))


def may_have_offer(session: Session, villager_id: int) -> bool:
    """False when none of the villager's bookings carries a mediator's other time (then no read of
    their bookings can find one); True when one may (read them as before). Changes not yet flushed
    leave it to the ORM read, which flushes them first."""
    if session.new or session.dirty or session.deleted:
        return True
    return bool(_ANY_OFFER.rows_in(session, {"villager_id": villager_id}))


def booking_to_move(ctx: Context) -> Booking | None:
    """The one open booking that "改个时间" in a mediation request means."""
    if not MOVE_WORDS.search(ctx.text):
        return None
    bookings = open_bookings(ctx)
    return bookings[0] if len(bookings) == 1 else None

MEDIATION_WORDS = re.compile(r"调解|预约|不调了|不调啦|别调了|不用调了|不要调了|不需要调了|"
                             r"不(?:用|要|需要|想)?(?:再)?约了|别(?:再)?约了")  # 不用约了: the booking itself
# Cancelling words that need an item named along (a bare 取消 / 不…了 is menu.cancel's).
CANCEL_WORDS = re.compile(r"取消|撤[了销掉]|退(?:了吧|掉|订)|不用(?:再)?(?:办|约|去|调)?了|不[办约调去要弄]了|(?:别|甭|莫)(?:再)?[办约调弄]了|算了|"
                           r"不(?:让|用|要|需要|想)[^，,。]{0,6}(?:办|代办|调解|约|去)了|"
                           # 就免了吧 / 拉倒吧 / 不必了 / 作罢: the same stop in other words
                           r"(?<![减豁赦])免了|拉倒|不必了|不需要了|作罢")


def stops_in_words(ctx: Context) -> bool:
    """Cancelling words said while a booking form waits (那个调解不用了 给俺退了吧): the form is left,
    as 取消 leaves it. A day named without the matter (周三算了 周四吧) is a choice, not a stop."""
    if not CANCEL_WORDS.search(ctx.text) or MOVE_WORDS.search(ctx.text):
        return False
    from bot.nlu.dates import parse_day

    return bool(MEDIATION_WORDS.search(ctx.text)) or parse_day(ctx.text, ctx.now, ctx.tz) is None


# 往后推一天 / 推迟两天 / 提前一天: the same time that many days later (earlier).
_SHIFT = re.compile(r"(?:(?:往后|向后|朝后|推迟|推后|延后|顺延|延迟|往前|向前|朝前|提前)[推挪延改错]?|[推挪延错](?:后|迟)?|晚|早)"
                    r"\s*([一二两三四五六七1-7])\s*天")
_EARLIER = re.compile(r"往前|向前|朝前|提前|早")
_DAY_COUNTS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}

def shifted_days(text: str) -> int | None:
    """"往后挪一天" → 1, "提前两天" → -2; None when no shift by days is said."""
    found = _SHIFT.search(text)
    if found is None:
        return None
    count = _DAY_COUNTS.get(found.group(1)) or int(found.group(1))
    return -count if _EARLIER.search(found.group(0)) else count


def shifted_day_words(ctx: Context, booking: Booking) -> str | None:
    """"往后推一天" → the booking's day moved by that many days, in words the day parser reads."""
    days = shifted_days(ctx.text)
    if days is None:
        return None
    start = booking.slot.starts_at.astimezone(ctx.tz)
    day = (start + timedelta(days=days)).date()
    part = "上午" if start.hour < 12 else "下午"
    return f"{day.month}月{day.day}号{part}"


# A product decision: 往后挪一天 moves the booking at once when the same time that day is free, and
# says what changed and how to choose again; only a taken time gets that day's free times to choose.
def move_by_days(ctx: Context, booking: Booking) -> Reply | None:
    """The booking moved to the same time `n` days on, or None (no shift said, or that time not free)."""
    days = shifted_days(ctx.text)
    if not days:
        return None
    old_slot = booking.slot
    target = old_slot.starts_at + timedelta(days=days)
    day = target.astimezone(ctx.tz).date()
    same_time = [s for s in mediation.free_slots(ctx.session, old_slot.room_id, day, ctx.now, ctx.tz)
                 if s.starts_at == target]
    if not same_time:
        return None
    old_words = mediation.slot_words(old_slot, ctx.tz)
    try:
        mediation.move(ctx.session, booking, same_time[0].id, ctx.now, ctx.tz)
    except mediation.BookingError:
        return None
    if ctx.dialog.in_flow("mediation"):  # a move asked in the middle of the booking form ends it
        ctx.dialog.finish()
    return did("mediation.move",
               f"改好了：{booking.number}号调解预约从 {old_words} 改到 {mediation.slot_words(booking.slot, ctx.tz)}，"
               f"已告诉调解员，确认后会通知您。\n"
               f"想改回去或换别的时间，回复“改约 {booking.number}”。")
