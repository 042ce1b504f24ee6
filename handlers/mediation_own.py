"""A villager's own mediation bookings after booking: 我的调解预约, 取消预约 N, 改约 N, 同意 N (the
mediator's other time), by number. Moving re-enters the booking form of handlers/mediation.py at its day question
(ask_move, move_in_words there)."""
from __future__ import annotations

from bot import mediation
from bot.dispatch import Context, Router
from bot.messages import Reply, did
from bot.models import Booking

from .mediation_move import ask_move
from .mediation_texts import FREE, MY_BOOKINGS, STATE_WORDS

router = Router("mediation_own")


@router.command(MY_BOOKINGS)
def my_bookings(ctx: Context) -> Reply | str:
    """List the villager's own appointments (a bare "我的预约" is the `status` intent: all records)."""
    rows = mediation.villager_bookings(ctx.session, ctx.user.id)
    if not rows:
        return did("status.show", "您还没有调解预约。要预约请回复“预约调解”。" + FREE)
    lines = ["您的调解预约：", *(mediation.booking_line(b, ctx.tz) for b in rows)]
    if any(b.is_open for b in rows):
        lines.append("取消请回复“取消预约 号码”；改时间请回复“改约 号码”。")
    return did("status.show", "\n".join(lines))


def _own_open_booking(ctx: Context) -> Booking | str:
    booking = mediation.villagers_booking(ctx.session, ctx.match.group("no"), ctx.user.id)
    if booking is None:
        return f"没找到您的{ctx.match.group('no')}号预约。回复“我的调解预约”看看。"
    if not booking.is_open:
        return f"{booking.number}号预约{STATE_WORDS[booking.state]}，不能再改了。"
    return booking


@router.command(r"^取消(调解)?预约\s*(?P<no>\d+)号?[。!！]?$")
def cancel_booking(ctx: Context) -> Reply | str:
    """Cancel one's own appointment (the place is freed, the mediator told)."""
    booking = _own_open_booking(ctx)
    if isinstance(booking, str):
        return booking
    mediation.cancel(ctx.session, booking, ctx.now, by_villager=True, tz=ctx.tz)
    ctx.dialog.finish()
    return did("mediation.cancel", f"{booking.number}号调解预约已经取消了，已告诉调解员。需要时可以再预约。")


@router.command(r"^(改约|换时间|改时间)\s*(?P<no>\d+)号?[。!！]?$")
def move_booking(ctx: Context) -> Reply | str:
    """Re-pick the time of one's own appointment."""
    if ctx.user.has_role("mediator") and mediation.mediators_booking(ctx.session, ctx.match.group("no"), ctx.user.id):
        return f"请带上日子，比如：改时间 {ctx.match.group('no')} 下周三上午"
    booking = _own_open_booking(ctx)
    if isinstance(booking, str):
        return booking
    return ask_move(ctx, booking)



@router.command(r"^同意\s*(?P<no>\d+)号?[。!！]?$")
def accept_other_time(ctx: Context) -> Reply | str:
    """Take the time the mediator offered."""
    booking = _own_open_booking(ctx)
    if isinstance(booking, str):
        return booking
    try:
        mediation.accept_proposal(ctx.session, booking, ctx.now, ctx.tz)
    except mediation.WrongState:
        return f"{booking.number}号预约没有新的时间要确认。回复“我的调解预约”看看。"
    except (mediation.SlotFull, mediation.SlotUnavailable):
        return f"调解员说的那个时间已经约满或过去了。请回复“改约 {booking.number}”另选时间。"
    return did("mediation.move", f"好的，{booking.number}号预约改到 {mediation.slot_words(booking.slot, ctx.tz)}，已确认。{FREE}")
