"""The booking form's free times: the room a booking is for, the free times of the day the villager
named listed with numbers (offer_slots), and the question of the step the form stopped at asked
again (ask_again). The steps that call these live in handlers/mediation.py (kind, story, other
party) and handlers/mediation_times.py (day, time, phone).
"""
from __future__ import annotations

from bot import mediation
from bot.dispatch import Context
from bot.messages import Reply, did
from bot.models import MediationRoom
from bot.nlu.dates import parse_day

from .mediation_texts import ASK_DAY, ASK_DESCRIPTION, ASK_KIND, ASK_OTHER, ASK_PHONE, SOON_WORDS, slot_list

FLOW = "mediation"


def room(ctx: Context) -> MediationRoom | None:
    """The room of the booking being moved, or else of the villager's area."""
    moving = ctx.dialog.slots.get("move")
    if moving:
        booking = mediation.villagers_booking(ctx.session, moving, ctx.user.id)
        if booking is not None:
            return ctx.session.get(MediationRoom, booking.slot.room_id)
    return mediation.room_for_area(ctx.session, ctx.user.area_id)


def offer_slots(ctx: Context, words: str, prefix: str = "") -> Reply | str:
    """List the free times for the day in `words` (or the next days) and wait for a number."""
    found = room(ctx)
    if found is None:
        ctx.dialog.finish()
        return did(None, prefix + "您所在片区的调解室还没开通网上预约。请回复“人工”找工作人员。")
    zone = ctx.tz
    ref = parse_day(words, ctx.now, zone)  # a day named wins over "都行" said along with it
    soon = ref is None and bool(SOON_WORDS.search(words))
    if ref is None and not soon:
        return did("mediation.ask", prefix + "没听明白是哪天。" + ASK_DAY)
    today = mediation.local_day(ctx.now, zone)
    if ref is not None and (ref.day - today).days > mediation.slots.BOOKING_HORIZON_DAYS:
        return did("mediation.ask", prefix + f"只能约{mediation.slots.BOOKING_HORIZON_DAYS}天以内的时间，请换个近一点的日子。")
    choices = mediation.choices_for(ctx.session, found.id, ref, ctx.now, zone)
    if not choices.slots:
        ctx.dialog.finish()
        phone = f"请打调解室电话 {found.phone} 商量时间。" if found.phone else "请回复“人工”找工作人员。"
        return did(None, prefix + "最近两个星期都约满了。" + phone)
    offered, listed = slot_list(choices, ref, today, zone)
    ctx.dialog.advance("slot", choices=[s.id for s in offered], day_words=words)
    return did("mediation.ask", prefix + listed)


def ask_again(ctx: Context) -> Reply:
    """The question of the step the booking stopped at (a form taken up again)."""
    step, slots = ctx.dialog.state.step, ctx.dialog.slots
    if step == "slot":
        return offer_slots(ctx, slots.get("day_words") or "最近")
    if step == "phone":
        return did("mediation.ask", ASK_PHONE)
    question = {"kind": ASK_KIND, "description": ASK_DESCRIPTION, "other": ASK_OTHER}.get(step, ASK_DAY)
    return did("mediation.ask", question)


def again(ctx: Context, prefix: str) -> Reply:
    """The step's question again, after `prefix` (what was just kept or answered)."""
    reply = ask_again(ctx)
    reply.text = prefix + reply.text
    return reply
