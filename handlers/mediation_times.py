"""The booking form's last steps: the day (its free times listed), the time picked by number or 就这样,
the phone, and the booking stored (for a confirmed relative too); a booking being moved ("改约 N",
slot `move`) takes its new time at the same time step. The first steps (kind, story, other party)
are handlers/mediation.py's; the rules live in bot/mediation.
"""
from __future__ import annotations

import re

from bot import limits, mediation
from bot.dispatch import NOT_MINE, Context, Router, is_new_request
from bot.family import texts as family_texts
from bot.forms import is_confirm, leave_form, says_no_phone
from bot.messages import Reply, did
from bot.models import FamilyMember
from bot.nlu.dates import DayRef, parse_day
from bot.nlu.disputes import choice_number
from bot.nlu.phone import parse_mobile

from .mediation_form import kept_aside, let_through, question_about_booking, said_out_of_turn
from .mediation_slots import FLOW, offer_slots
from .mediation_texts import ASK_PHONE, COMMANDS, SOON_WORDS, YES_WORDS, already_booked_text, booked_text
from .own_bookings import stops_in_words

router = Router("mediation")


@router.flow(FLOW, step="day")
def take_day(ctx: Context):
    """The day in the villager's words → the free times."""
    if (kept := kept_aside(ctx)) is not None:
        return kept
    if let_through(ctx):
        return NOT_MINE
    return offer_slots(ctx, ctx.text)


@router.flow(FLOW, step="slot")
def take_slot(ctx: Context):
    """A number from the list (or another day)."""
    choices = ctx.dialog.slots.get("choices") or []
    number = choice_number(ctx.text)
    submit = number is None and is_confirm(ctx.text)  # 就这样 / 行: the time offered closest to the one asked
    asked = parse_day(ctx.dialog.slots.get("day_words") or "", ctx.now, ctx.tz)
    if number is None and not submit and (agreed := _same_day_agreed(ctx, asked)) is not None:
        submit, asked = True, agreed if agreed.hour is not None else asked
    number = mediation.closest_choice(ctx.session, choices, asked, ctx.tz) if submit and choices else number
    if number is not None and 1 <= number <= len(choices):
        slot_id = choices[number - 1]
        if ctx.dialog.slots.get("move"):
            return _finish_move(ctx, slot_id)
        ctx.dialog.advance("phone", slot_id=slot_id)
        if ctx.dialog.slots.get("phone"):  # given along the way: no need to ask it
            return _book(ctx, ctx.dialog.slots["phone"])
        if ctx.dialog.slots.get("no_phone") and not ctx.user.phone:  # 俺没手机, said already
            return _book(ctx, "")
        if submit:  # "submit it": no more questions; the phone on file, or the mediator writes here
            return _book(ctx, ctx.user.phone or "")
        if ctx.user.phone:
            return did("mediation.ask", f"联系电话用 {ctx.user.masked_phone} 吗？是请回复1；换号请直接发新号码。")
        return did("mediation.ask", ASK_PHONE)
    if (kept := said_out_of_turn(ctx)) is not None:  # a phone, 没手机 or 就是后邻孙家 while the time is picked
        return kept
    if COMMANDS.match(ctx.text):
        return NOT_MINE
    if stops_in_words(ctx) and (left := leave_form(ctx)) is not None:  # 那个调解不用了: as 取消 leaves it
        return left
    if (answered := question_about_booking(ctx)) is not None:
        return answered
    if parse_day(ctx.text, ctx.now, ctx.tz) is not None or SOON_WORDS.search(ctx.text):
        return offer_slots(ctx, ctx.text)
    if is_new_request(ctx, own_intents=("mediation",)):
        return NOT_MINE
    return did("mediation.ask", f"请回复 1 到 {len(choices)} 的数字选时间，或者说另一个日子。")


# 行 就后天 / 中 那就周三吧 / 就礼拜四: settling on the day whose times are listed is a yes to them
_SETTLE = re.compile(r"^(?:(?:行|中|好的?|好嘞|可以|对|嗯|成)[\s，,。]*)?那?就")


def _same_day_agreed(ctx: Context, asked: DayRef | None) -> DayRef | None:
    """The day said with 就 when it is the day already offered (its time, if one is said, picks the slot)."""
    if asked is None or not _SETTLE.match(ctx.text.strip()):
        return None
    said = parse_day(ctx.text, ctx.now, ctx.tz)
    return said if said is not None and said.day == asked.day else None


@router.flow(FLOW, step="phone")
def take_phone(ctx: Context):
    """The phone number, then the booking."""
    phone = ctx.user.phone if ctx.user.phone and YES_WORDS.match(ctx.text.strip()) else parse_mobile(ctx.text)
    if phone is None and (says_no_phone(ctx.text) or is_confirm(ctx.text)):  # 确认 / 对: book without one
        phone = ""
    if phone is None:
        if let_through(ctx):
            return NOT_MINE
        return did("mediation.ask", "手机号好像不对，请发11位手机号，比如 13812345678。没有手机请回复“没有”。")
    return _book(ctx, phone)


def _for_family_words(ctx: Context) -> str:
    member_id = ctx.dialog.slots.get("for_family")
    member = ctx.session.get(FamilyMember, member_id) if member_id else None
    if member is None or member.owner_id != ctx.user.id or member.state != "confirmed":
        return ""
    return family_texts.acting_suffix(member)


def _book(ctx: Context, phone: str) -> Reply:
    """Store the booking from the form's slots ("" phone: none given; the bot tells them here)."""
    slots = ctx.dialog.slots
    zone = ctx.tz
    if refusal := limits.booking_cap(ctx.session, ctx.user, ctx.now):
        ctx.dialog.finish()
        return refusal
    description = slots.get("description", "")
    if acting := _for_family_words(ctx):
        description = description[:500 - len(acting)] + acting
    try:
        result = mediation.book_slot(ctx.session, villager_id=ctx.user.id, slot_id=slots["slot_id"],
                                     kind=slots["kind"], description=description,
                                     phone=phone, other_party=slots.get("other"), now=ctx.now, tz=zone)
    except mediation.AlreadyBooked as exc:
        ctx.dialog.finish()
        return did("status.show", already_booked_text(exc.booking, zone))
    except (mediation.SlotFull, mediation.SlotUnavailable):
        return offer_slots(ctx, slots.get("day_words") or "最近", prefix="这个时间刚被约满了，请重新选。\n")
    if phone:
        ctx.user.phone = phone
    ctx.dialog.finish()
    no_phone = "" if phone else "\n没留电话：调解员会在这里给您发消息。想留电话，直接发号码。"
    return did("mediation.book", booked_text(ctx, result.booking) + no_phone)


def _finish_move(ctx: Context, slot_id: int) -> Reply | str:
    zone = ctx.tz
    booking = mediation.villagers_booking(ctx.session, ctx.dialog.slots["move"], ctx.user.id)
    try:
        if booking is None:
            raise mediation.WrongState("gone")
        mediation.move(ctx.session, booking, slot_id, ctx.now, zone)
    except mediation.SlotFull:
        return offer_slots(ctx, ctx.dialog.slots.get("day_words") or "最近", prefix="这个时间刚被约满了，请重新选。\n")
    except (mediation.WrongState, mediation.SlotUnavailable, mediation.AlreadyBooked):
        ctx.dialog.finish()
        return did(None, "这个预约改不了（可能已经取消或办完了）。回复“我的调解预约”看看。")
    ctx.dialog.finish()
    return did("mediation.move", f"改好了：{booking.number}号预约改到 {mediation.slot_words(booking.slot, zone)}。"
               f"调解员确认后会通知您。")
