"""Chat for mediators: confirm a booking, offer another time, record the outcome, list bookings.

Commands (role `mediator`, only for bookings of the mediator's own rooms):
    确认 12            改时间 12 下周三上午         结果 12 成功|未成功|转交 备注         待确认
The bookings waiting for the mediator (`requested`) and confirming one (`confirm_requested`) serve
the worded readers too (mediator_words, staff_named, staff_spotted, staff_pick).
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot import mediation
from bot.dispatch import Context, Router
from bot.messages import Reply, did
from bot.models import Booking, Slot
from bot.models.mediation import OPEN_STATES
from bot.nlu.dates import parse_day

from .mediation_texts import STATE_WORDS

router = Router("mediation_staff")
MEDIATOR = {"mediator"}


def _booking(ctx: Context) -> Booking | str:
    no = ctx.match.group("no")
    booking = mediation.mediators_booking(ctx.session, no, ctx.user.id)
    return booking if booking is not None else f"没找到您调解室的{no}号预约。回复“待确认”看看有哪些。"


# 确认 and the ways it is typed by its sound (确任, 却认 …): the mediator's confirm, with or without a number
CONFIRM_FORMS = r"(?:确认|确人|却认|确任|确仁|却任|雀认|缺认|确忍|(?i:que\s?ren))"  # and typed in pinyin


@router.command(r"^" + CONFIRM_FORMS + r"\s*(?P<no>\d+)号?[。!！]?$", roles=MEDIATOR)
def confirm_booking(ctx: Context) -> Reply | str:
    """Confirm the booked time; the villager is told."""
    booking = _booking(ctx)
    if isinstance(booking, str):
        return booking
    try:
        mediation.confirm(ctx.session, booking, ctx.user.id, ctx.now, ctx.tz)
    except mediation.WrongState:
        return f"{booking.number}号预约{STATE_WORDS[booking.state]}，不用确认了。"
    return did("mediation.confirm", f"已确认{booking.number}号：{mediation.slot_words(booking.slot, ctx.tz)}，"
               f"{booking.kind}纠纷，电话{booking.phone}。已通知群众。")


@router.command(r"^改时间\s*(?P<no>\d+)(?!\d)号?\s*[，,]?\s*(?P<when>\S.*)$", roles=MEDIATOR)
def offer_other_time(ctx: Context) -> Reply | str:
    """Offer the villager another time on the day named (closest to the hour, when given)."""
    booking = _booking(ctx)
    if isinstance(booking, str):
        return booking
    return offer_time(ctx, booking, ctx.match.group("when"))


def offer_time(ctx: Context, booking: Booking, when: str) -> Reply | str:
    """Offer the villager the free slot of the day in `when` closest to its hour."""
    zone = ctx.tz
    ref = parse_day(when, ctx.now, zone)
    if ref is None:  # 换个时间吧 with no time: the soonest free times, to say which
        soonest = [s for s in mediation.choices_for(ctx.session, booking.slot.room_id, None, ctx.now, zone, limit=4).slots
                   if s.id != booking.slot_id][:3]
        if not soonest:
            return f"没听明白日子。请这样发：改时间 {booking.number} 下周三上午"
        return did("clarify.ask", f"{booking.number}号改到什么时候？最近有空："
                   + "、".join(mediation.slot_words(s, zone) for s in soonest)
                   + f"。\n请回复“改时间 {booking.number} 时间”，比如：改时间 {booking.number} "
                   + mediation.slot_words(soonest[0], zone))
    if not booking.is_open:
        return f"{booking.number}号预约{STATE_WORDS[booking.state]}，不能改时间了。"
    choices = mediation.choices_for(ctx.session, booking.slot.room_id, ref, ctx.now, zone, limit=20)
    offered = [s for s in choices.slots if s.id != booking.slot_id]
    if ref.hour is not None:
        asked = ref.hour * 60 + (ref.minute or 0)
        offered.sort(key=lambda s: abs(_minutes(s, zone) - asked))
    if not choices.exact or not offered:
        later = "、".join(mediation.slot_words(s, zone) for s in offered[:3]) or "最近都满了"
        return f"{mediation.day_words(ref.day)}没有空位。最近有空：{later}。请换个日子再发。"
    slot = offered[0]
    mediation.propose_other_time(ctx.session, booking, slot.id, ctx.user.id, ctx.now, zone)
    return did("mediation.propose", f"已请群众确认：{booking.number}号改到 {mediation.slot_words(slot, zone)}。群众回复同意后会告诉您。")


def _last_day_named(ctx: Context, text: str) -> str | None:
    """The words from the last day the text names ("…凑不齐下礼拜二上午十点吧" → "下礼拜二上午十点吧")."""
    if parse_day(text, ctx.now, ctx.tz) is None:
        return None
    for start in range(len(text) - 1, -1, -1):
        if parse_day(text[start:], ctx.now, ctx.tz) is not None:
            while start > 0 and text[start - 1] in "下上这本":  # 下周四, not 周四
                start -= 1
            return text[start:start + 14]
    return None


def other_time_named(ctx: Context, booking: Booking, text: str) -> str | None:
    """The words of another time than `booking`'s that the text names last (…明天下午三点吧), or None
    (no time named, or only the day booked itself, or its own hour)."""
    if (when := _last_day_named(ctx, text)) is None:
        return None
    booked = booking.slot.starts_at.astimezone(ctx.tz)
    day = parse_day(when, ctx.now, ctx.tz)
    if day is None or (day.day == booked.date() and day.part is None and day.hour is None):
        return None  # the day booked itself, no other time of it: not another time
    return None if day.day == booked.date() and day.hour == booked.hour else when


def _minutes(slot: Slot, zone) -> int:
    local = slot.starts_at.astimezone(zone)
    return local.hour * 60 + local.minute


@router.command(r"^结果\s*(?P<no>\d+)(?!\d)号?\s*(?P<outcome>调解成功|成功|未成功|不成功|没成功|失败|转交|移交)"
                r"\s*[，,：:]?\s*(?P<note>.*)$", roles=MEDIATOR)
def record_outcome(ctx: Context) -> Reply | str:
    """Record how the mediation ended; the villager is told."""
    booking = _booking(ctx)
    if isinstance(booking, str):
        return booking
    try:
        mediation.record_outcome(ctx.session, booking, ctx.match.group("outcome"),
                                 ctx.match.group("note").strip()[:500], ctx.user.id, ctx.now, ctx.tz)
    except mediation.WrongState:
        return f"{booking.number}号预约{STATE_WORDS[booking.state]}，记不了结果。"
    return did("mediation.outcome", f"已记下：{booking.number}号 {booking.outcome}。已告诉群众。")


@router.command(r"^(待确认|调解预约|预约列表|我的调解)[。？?]?$", roles=MEDIATOR)
def list_bookings(ctx: Context) -> Reply | str:
    """The open bookings of the mediator's rooms, soonest first."""
    return did("work.show", bookings_text(ctx))


def _gist(booking: Booking) -> str:
    """The first words of the villager's story, so the mediator knows which one it is."""
    story = " ".join((booking.description or "").split())
    return f"：{story[:20]}…" if len(story) > 20 else f"：{story}" if story else ""


def bookings_text(ctx: Context) -> str:
    """The mediator's open bookings, soonest first (also part of "我的任务")."""
    rooms = mediation.mediator_room_ids(ctx.session, ctx.user.id)
    rows = ctx.session.scalars(
        select(Booking).join(Slot, Booking.slot_id == Slot.id)
        .where(Slot.room_id.in_(rooms), Booking.state.in_(OPEN_STATES),
               Slot.starts_at >= ctx.now - timedelta(days=1))
        .order_by(Slot.starts_at).limit(10)).all()
    if not rows:
        return "现在没有要办的调解预约。"
    zone = ctx.tz
    lines = ["调解预约（最近10个）："]
    lines += [f"{b.number}号 {mediation.slot_words(b.slot, zone)} {b.kind}纠纷 {STATE_WORDS[b.state]}" + _gist(b)
              for b in rows]
    lines.append("确认回复“确认 号码”；记结果回复“结果 号码 成功”。")
    return "\n".join(lines)


def requested(ctx: Context) -> list[Booking]:
    """Bookings of the mediator's rooms waiting for confirmation (new, or moved by the villager), soonest first."""
    rooms = mediation.mediator_room_ids(ctx.session, ctx.user.id)
    return list(ctx.session.scalars(
        select(Booking).join(Slot, Booking.slot_id == Slot.id)
        .where(Slot.room_id.in_(rooms), Booking.state.in_(("requested", "moved")), Slot.starts_at >= ctx.now - timedelta(days=1))
        .order_by(Slot.starts_at).limit(10)))


def confirm_requested(ctx: Context, booking: Booking) -> Reply:
    """Confirm `booking` for the mediator and say so (the villager is told by mediation.confirm)."""
    mediation.confirm(ctx.session, booking, ctx.user.id, ctx.now, ctx.tz)
    return did("mediation.confirm", f"已确认{booking.number}号：{mediation.slot_words(booking.slot, ctx.tz)}，"
               f"{booking.kind}纠纷，电话{booking.phone or '未留'}。已通知群众。")
