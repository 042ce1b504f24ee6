"""A villager's own booking moved in one message that names the new day and part of it
(改到周四下午吧, 调解挪到周五上午行不, 改在下礼拜一上午九点): done at once when that time is free,
said exactly (from what to what), with the other free times of that part numbered so that a
number picks another one, and "改约 N" to choose again.

A day without a part (改到周四) or a part that is full still lists the free times
(handlers/mediation_slots.py); so does a day answered to "想改到哪天？" (ask_move), where the
villager is choosing. move_in_words is where a move asked in words starts.
"""
from __future__ import annotations

import re
from datetime import timedelta

from bot import mediation
from bot.dispatch import NOT_MINE, Context, Router
from bot.messages import Reply, did
from bot.models import Booking
from bot.nlu.dates import parse_day
from bot.nlu.disputes import choice_number

from .mediation_slots import FLOW as FORM, offer_slots
from .own_bookings import MOVE_WORDS, move_by_days, shifted_day_words

router = Router("mediation_move")

FLOW = "mediation-moved"  # not a form: the other times stay open for one answer, nothing is offered back
OTHERS = 3


# 改成第二天下午 / 挪到隔天: the day after the booking's, not after today.
_NEXT_DAY = re.compile(r"第二天|第二日|次日|隔天|隔一天|转天|后一天")


def of_booking_day(text: str, booking: Booking, tz) -> str:
    """`text` with the day after the booking's day named by its date (12月10号)."""
    day = booking.slot.starts_at.astimezone(tz).date() + timedelta(days=1)
    return _NEXT_DAY.sub(f"{day.month}月{day.day}号", text)


def day_moved_to(ctx: Context, text: str) -> str | None:
    """周三去不成了 换到周五上午: the day named after the moving words is the new one, not the old."""
    moved = [m.end() for m in MOVE_WORDS.finditer(text)]
    after = text[moved[-1]:] if moved else ""
    # 改成明儿个上午 后天俺有事: the clause right after the moving words, not the reason after it
    first = re.split(r"[，,。；;！!\s]+", after.strip(), maxsplit=1)[0]
    if first and first != after.strip() and parse_day(first, ctx.now, ctx.tz) is not None:
        return first
    return after if after and parse_day(after, ctx.now, ctx.tz) is not None else None


def move_to_named(ctx: Context, booking: Booking, words: str) -> Reply | None:
    """Move `booking` to the part of the day (or clock time) `words` names, or None to ask."""
    ref = parse_day(words, ctx.now, ctx.tz)
    if ref is None or (ref.part is None and ref.hour is None):
        return None
    choices = mediation.choices_for(ctx.session, booking.slot.room_id, ref, ctx.now, ctx.tz)
    if not choices.exact or not choices.part_found or not choices.slots:
        return None
    offered = list(choices.slots)
    target = mediation.slots.slot_at_clock(offered, ref, ctx.tz) if ref.hour is not None else offered[0]
    if target is None or target.id == booking.slot_id:
        return None
    old_words = mediation.slot_words(booking.slot, ctx.tz)
    try:
        mediation.move(ctx.session, booking, target.id, ctx.now, ctx.tz)
    except mediation.BookingError:
        return None
    ctx.dialog.finish()  # the move form (改约 asked in words) is done
    others = [s for s in offered if s.id != target.id][:OTHERS]
    lines = [f"改好了：{booking.number}号调解预约从 {old_words} 改到 {mediation.slot_words(booking.slot, ctx.tz)}，"
             "已告诉调解员，确认后会通知您。"]
    if others:
        ctx.dialog.start(FLOW, "pick", move=booking.number, choices=[s.id for s in others])
        lines.append("这半天还有空的时间，想换就回复数字：")
        lines += [f"{i} {mediation.slot_words(s, ctx.tz, with_day=False)}" for i, s in enumerate(others, 1)]
    lines.append(f"想改回去或换别的日子，回复“改约 {booking.number}”。")
    return did("mediation.move", "\n".join(lines))


@router.flow(FLOW, step="pick")
def pick_other(ctx: Context):
    """A number from the other free times: moved there; anything else leaves the booking as moved."""
    choices = ctx.dialog.slots.get("choices") or []
    number = choice_number(ctx.text)
    booking = mediation.villagers_booking(ctx.session, ctx.dialog.slots.get("move"), ctx.user.id)
    ctx.dialog.finish()
    if number is None or not 1 <= number <= len(choices) or booking is None:
        return NOT_MINE
    old_words = mediation.slot_words(booking.slot, ctx.tz)
    try:
        mediation.move(ctx.session, booking, choices[number - 1], ctx.now, ctx.tz)
    except mediation.BookingError:
        return did(None, f"这个时间刚被约走了。换时间请回复“改约 {booking.number}”。")
    return did("mediation.move", f"改好了：{booking.number}号调解预约从 {old_words} 改到 "
               f"{mediation.slot_words(booking.slot, ctx.tz)}，已告诉调解员，确认后会通知您。")


def move_in_words(ctx: Context, booking: Booking, day_words: str | None = None) -> Reply | str:
    """Move one's own booking asked in words: 往后挪一天 to the same time when free, else the free times of the day said."""
    if (moved := move_by_days(ctx, booking)) is not None:
        return moved
    text = of_booking_day(ctx.text, booking, ctx.tz)  # 改成第二天下午: the day after the booking's
    if not shifted_day_words(ctx, booking):  # 改到周四下午吧: moved at once when that part of the day is free
        named = day_words or day_moved_to(ctx, text)
        if named and (moved := move_to_named(ctx, booking, named)) is not None:
            return moved
    reply = ask_move(ctx, booking)
    words = day_words or shifted_day_words(ctx, booking) or day_moved_to(ctx, text) or text
    if parse_day(words, ctx.now, ctx.tz) is not None:
        return offer_slots(ctx, words, prefix=f"{booking.number}号预约现在是 {mediation.slot_words(booking.slot, ctx.tz)}。\n")
    return reply


def ask_move(ctx: Context, booking: Booking) -> Reply:
    """The booking form at its day step for `booking` (slot `move`): 想改到哪天？"""
    ctx.dialog.start(FORM, "day", move=booking.number)
    return did("mediation.ask", f"{booking.number}号预约现在是 {mediation.slot_words(booking.slot, ctx.tz)}。\n"
               "想改到哪天？比如：明天上午、下周三、12月5号。")
