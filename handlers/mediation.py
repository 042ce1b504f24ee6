"""Chat for villagers: book a mediation appointment, and move one (move_in_words, ask_move). By number
(取消预约 N, 改约 N, 同意 N): mediation_own.py; what the form says and reads: mediation_texts.py.

Flow `mediation`: kind → description → other party → day → slot → phone → booked.
The form fills by meaning, not only in that order: a phone number typed at any question is kept
(and not asked again), a day said while the other party is asked is kept for the free times, and
everything said in the first message counts. The same day/slot steps re-pick the time of an
existing booking ("改约 N", slot `move`).
The rules live in bot/mediation; this module only talks.
"""
from __future__ import annotations

from bot import limits, mediation
from bot.dispatch import NOT_MINE, Context, Router, is_new_request
from bot.forms import FormSpec, RESUME, is_confirm, leave_form, register, says_no_phone, without_correction
from bot.messages import Reply, did
from bot.family import texts as family_texts
from bot.models import Booking, FamilyMember, MediationRoom
from bot.nlu.dates import parse_day
from bot.nlu.disputes import (KIND_LABELS, choice_number, dispute_kind, kind_from_choice,
                               says_more_than_a_request)
from bot.nlu.phone import parse_mobile

from .account import ask_village_then, continuation
from .form_steps import leaves_free_text
from .mediation_texts import (ASK_DAY, ASK_DESCRIPTION, ASK_KIND, ASK_OTHER, ASK_PHONE, COMMANDS, DAY_ANSWER_CHARS, FILLER,
                              FREE, NO_PHONE_SAID, PHONE_AROUND, SKIP_WORDS, SOON_WORDS, STORY_CHARS, TELLS_A_STORY,
                              YES_WORDS, already_booked_text, answer_about_booking, asks_elsewhere, booked_text,
                              names_a_day, names_the_other, other_in_story, other_party_words, rest_beside_phone, slot_list)
from .mediation_move import day_moved_to, move_to_named, of_booking_day
from .own_bookings import booking_to_move, move_by_days, shifted_day_words, stops_in_words

router = Router("mediation")

FLOW = "mediation"


def _room(ctx: Context) -> MediationRoom | None:
    """The room of the booking being moved, or else of the villager's area."""
    moving = ctx.dialog.slots.get("move")
    if moving:
        booking = mediation.villagers_booking(ctx.session, moving, ctx.user.id)
        if booking is not None:
            return ctx.session.get(MediationRoom, booking.slot.room_id)
    return mediation.room_for_area(ctx.session, ctx.user.area_id)


def _let_through(ctx: Context) -> bool:
    """Free text in a step that is a command or clearly another request leaves the step alone."""
    return bool(COMMANDS.match(ctx.text)) or is_new_request(ctx, own_intents=("mediation",))


@router.intent("mediation")
def start(ctx: Context) -> Reply | str:
    """Start a booking; take the kind (and the story) from what was already said."""
    if ctx.user.village_id is None:  # register first, then carry on with what was said
        return did("bind.ask", ask_village_then(ctx, resume_after_bind,
                                                intro="预约调解要先知道您是哪个村的。" + FREE, said=ctx.text[:500]))
    return _begin(ctx, ctx.text)


@continuation("mediation")
def resume_after_bind(ctx: Context, slots: dict) -> Reply | str:
    """The account flow calls this once the village is registered."""
    return _begin(ctx, slots.get("said") or "")


def start_for_family(ctx: Context, member_id: int, said: str) -> Reply | str:
    """A booking for a confirmed family member (handlers/family.py): the same form, and the booking's
    description names them, so the mediator's push and the board say whom it is for."""
    reply = _begin(ctx, said)
    if ctx.dialog.in_flow(FLOW):
        ctx.dialog.advance(ctx.dialog.state.step, for_family=member_id)
    return reply


def _for_family_words(ctx: Context) -> str:
    member_id = ctx.dialog.slots.get("for_family")
    member = ctx.session.get(FamilyMember, member_id) if member_id else None
    if member is None or member.owner_id != ctx.user.id or member.state != "confirmed":
        return ""
    return family_texts.acting_suffix(member)


def _begin(ctx: Context, text: str) -> Reply | str:
    reply = _begin_form(ctx, PHONE_AROUND.sub(" ", text) if parse_mobile(text) else text)
    if (phone := parse_mobile(text)) and ctx.dialog.in_flow(FLOW):  # everything in the first message counts
        ctx.dialog.advance(ctx.dialog.state.step, phone=phone)
    elif NO_PHONE_SAID.search(text) and ctx.dialog.in_flow(FLOW):
        ctx.dialog.advance(ctx.dialog.state.step, no_phone=True)
    return reply


def _begin_form(ctx: Context, text: str) -> Reply | str:
    room = _room(ctx)
    if room is None:
        phone = ctx.user.village.area.phone
        return did(None, "您所在片区的调解室还没开通网上预约。" + (f"请打片区电话 {phone} 约时间。" if phone else "请回复“人工”找工作人员。"))
    if (booking := booking_to_move(ctx)) is not None:  # 俺那个调解想改个时间: that booking, not a new one
        return move_in_words(ctx, booking)
    intro = f"好的，{room.name}（老苗调解）帮您约时间。{FREE}\n"
    kind = dispute_kind(text)
    if kind is None:  # keep the story and the day said along, ask only the kind
        said = {"description": text[:500]} if says_more_than_a_request(text) else {}
        if names_a_day(ctx, text):
            said["day_words"] = text
        ctx.dialog.start(FLOW, "kind", **said)
        return did("mediation.ask", intro + ASK_KIND)
    if names_a_day(ctx, text):  # kind, story and day in one message: straight to the free times
        ctx.dialog.start(FLOW, "day", kind=kind, description=text[:500], other=other_in_story(text))
        return offer_slots(ctx, text, prefix=intro + f"是{KIND_LABELS[kind]}方面的事。\n")
    if says_more_than_a_request(text):
        ctx.dialog.start(FLOW, "other", kind=kind, description=text[:500])
        return _other_or_ask(ctx, intro + f"是{KIND_LABELS[kind]}方面的事。\n")
    ctx.dialog.start(FLOW, "description", kind=kind)
    return did("mediation.ask", intro + f"是{KIND_LABELS[kind]}方面的事。\n" + ASK_DESCRIPTION)


def _said_out_of_turn(ctx: Context) -> Reply | None:
    """An answer that fits another field than the one asked: a phone number (at any question), the
    other party (就是后邻孙家, while the time is asked) or a day (while the kind, the story or the other
    party is asked). Kept, and the question asked again; None when it answers the question asked."""
    step = ctx.dialog.state.step
    if (phone := parse_mobile(ctx.text)) is not None:
        ctx.dialog.advance(step, phone=phone)
        rest = rest_beside_phone(ctx.text)
        if step == "day" and rest and names_a_day(ctx, rest):
            return offer_slots(ctx, rest, prefix=f"电话记下了：{phone}。\n")
        return _again(ctx, f"电话记下了：{phone}。\n")
    if NO_PHONE_SAID.search(ctx.text) and len(ctx.text) <= DAY_ANSWER_CHARS:
        ctx.dialog.advance(step, no_phone=True)
        return _again(ctx, "好的，不留电话，调解员会在这里给您发消息。\n")
    if step in ("day", "slot") and (named := names_the_other(ctx.text)) is not None:  # 就是后邻孙家
        ctx.dialog.advance(step, other=named)
        return _again(ctx, f"记下了，对方是{named}。\n")
    day = parse_day(ctx.text, ctx.now, ctx.tz)
    soon = day is None and bool(SOON_WORDS.search(ctx.text))  # 越快越好
    if step in ("kind", "description", "other") and len(FILLER.sub("", ctx.text)) <= DAY_ANSWER_CHARS \
            and (soon or day is not None and day.day >= mediation.local_day(ctx.now, ctx.tz)):  # 昨天… is the story
        said = without_correction(ctx.text.strip())  # 不对，是大后天上午 / 时间改成周三上午: the day alone
        ctx.dialog.advance(step, day_words=said)
        shown = said if day is None else f"{said}，就是{mediation.day_words(day.day)}"  # 周三上午 → 12月9日
        return _again(ctx, f"时间记下了：{shown}。\n")
    return None


def _question_about_booking(ctx: Context) -> Reply | None:
    """调解要收费吗 / 调解室在哪: answer it and ask the form's question again (not stored)."""
    answer = answer_about_booking(ctx, _room(ctx))
    return _again(ctx, answer) if answer else None


def _go_on(ctx: Context) -> Reply | None:
    """接着 / 继续 with the form already in progress: its question again, not an answer to it."""
    if len(ctx.text) <= 6 and RESUME.match(ctx.text):
        return _again(ctx, "好，接着约调解。\n")
    return None


def _again(ctx: Context, prefix: str) -> Reply:
    reply = ask_again(ctx)
    reply.text = prefix + reply.text
    return reply


@router.flow(FLOW, step="kind")
def choose_kind(ctx: Context):
    """Take the kind of dispute: a number 1–8 or words."""
    if (kept := _said_out_of_turn(ctx) or _question_about_booking(ctx) or _go_on(ctx)) is not None:
        return kept
    kind = kind_from_choice(ctx.text)
    if kind is None and choice_number(ctx.text) is None and not _let_through(ctx) \
            and says_more_than_a_request(ctx.text, min_chars=STORY_CHARS) and TELLS_A_STORY.search(ctx.text):
        kind = "其他"  # a story of a kind the list does not name: kept as told, the form goes on
    if kind is None:
        return NOT_MINE if _let_through(ctx) else did("mediation.ask", "没看明白。" + ASK_KIND)
    if ctx.dialog.slots.get("day_words"):  # the day was said already: straight to the free times
        ctx.dialog.advance("day", kind=kind, other=other_in_story(ctx.dialog.slots.get("description") or ""))
        return offer_slots(ctx, ctx.dialog.slots["day_words"], prefix=f"好的，{KIND_LABELS[kind]}。\n")
    if says_more_than_a_request(ctx.text) and choice_number(ctx.text) is None:
        ctx.dialog.advance("other", kind=kind, description=ctx.text[:500])
        return _other_or_ask(ctx)
    if ctx.dialog.slots.get("description"):  # the story came with the first message: not asked again
        ctx.dialog.advance("other", kind=kind)
        return _other_or_ask(ctx, f"好的，{KIND_LABELS[kind]}。\n")
    ctx.dialog.advance("description", kind=kind)
    return did("mediation.ask", f"好的，{KIND_LABELS[kind]}。\n" + ASK_DESCRIPTION)


@router.flow(FLOW, step="description")
def take_description(ctx: Context):
    """Take the story in the villager's words (voice arrives as recognised text)."""
    if COMMANDS.match(ctx.text):
        return NOT_MINE
    if (kept := _said_out_of_turn(ctx) or _question_about_booking(ctx) or _go_on(ctx)) is not None:
        return kept
    if SKIP_WORDS.match(ctx.text):
        ctx.dialog.advance("other", description="")
        return did("mediation.ask", ASK_OTHER)
    if asks_elsewhere(ctx):  # 等一下，高龄津贴咋领 is no story of the dispute: answered, the form waits
        return NOT_MINE
    if len(ctx.text) < 2:
        return did("mediation.ask", ASK_DESCRIPTION)
    ctx.dialog.advance("other", description=ctx.text[:500])
    return _other_or_ask(ctx)


@router.flow(FLOW, step="other")
def take_other_party(ctx: Context):
    """Who the other party is (optional)."""
    if COMMANDS.match(ctx.text):
        return NOT_MINE
    if (kept := _said_out_of_turn(ctx) or _question_about_booking(ctx) or _go_on(ctx)) is not None:
        return kept
    if not SKIP_WORDS.match(ctx.text) and (leaves_free_text(ctx) or _let_through(ctx)):  # 取消吧 is not a name
        return NOT_MINE
    # 行 / 中 to "who is the other party?" is no name: the question is let go
    other = None if SKIP_WORDS.match(ctx.text) or is_confirm(ctx.text) else other_party_words(ctx.text)[:100]
    ctx.dialog.advance("day", other=other)
    if day_words := ctx.dialog.slots.get("day_words"):  # the day was said already: the free times
        offered = offer_slots(ctx, day_words)
        if other is None and is_confirm(ctx.text) and ctx.dialog.in_flow(FLOW) and ctx.dialog.state.step == "slot":
            return take_slot(ctx)  # 行 with the day said and only the other party open: booked as at the times
        return offered
    return did("mediation.ask", ASK_DAY)


def _other_or_ask(ctx: Context, prefix: str = "") -> Reply | str:
    """At the other-party step: the party the story names (跟隔壁老张家…) skips the question."""
    other = other_in_story(ctx.dialog.slots.get("description") or "")
    if other is None:
        return did("mediation.ask", prefix + ASK_OTHER)
    ctx.dialog.advance("day", other=other)
    if day_words := ctx.dialog.slots.get("day_words"):
        return offer_slots(ctx, day_words, prefix=prefix)
    return did("mediation.ask", prefix + ASK_DAY)


def offer_slots(ctx: Context, words: str, prefix: str = "") -> Reply | str:
    """List the free times for the day in `words` (or the next days) and wait for a number."""
    room = _room(ctx)
    if room is None:
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
    choices = mediation.choices_for(ctx.session, room.id, ref, ctx.now, zone)
    if not choices.slots:
        ctx.dialog.finish()
        phone = f"请打调解室电话 {room.phone} 商量时间。" if room.phone else "请回复“人工”找工作人员。"
        return did(None, prefix + "最近两个星期都约满了。" + phone)
    offered, listed = slot_list(choices, ref, today, zone)
    ctx.dialog.advance("slot", choices=[s.id for s in offered], day_words=words)
    return did("mediation.ask", prefix + listed)


@router.flow(FLOW, step="day")
def take_day(ctx: Context):
    """The day in the villager's words → the free times."""
    if (kept := _said_out_of_turn(ctx) or _question_about_booking(ctx) or _go_on(ctx)) is not None:
        return kept
    if _let_through(ctx):
        return NOT_MINE
    return offer_slots(ctx, ctx.text)


@router.flow(FLOW, step="slot")
def take_slot(ctx: Context):
    """A number from the list (or another day)."""
    choices = ctx.dialog.slots.get("choices") or []
    number = choice_number(ctx.text)
    submit = number is None and is_confirm(ctx.text)  # 就这样 / 行: the time offered closest to the one asked
    asked = parse_day(ctx.dialog.slots.get("day_words") or "", ctx.now, ctx.tz)
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
    if (kept := _said_out_of_turn(ctx)) is not None:  # a phone, 没手机 or 就是后邻孙家 while the time is picked
        return kept
    if COMMANDS.match(ctx.text):
        return NOT_MINE
    if stops_in_words(ctx) and (left := leave_form(ctx)) is not None:  # 那个调解不用了: as 取消 leaves it
        return left
    if (answered := _question_about_booking(ctx)) is not None:
        return answered
    if parse_day(ctx.text, ctx.now, ctx.tz) is not None or SOON_WORDS.search(ctx.text):
        return offer_slots(ctx, ctx.text)
    if is_new_request(ctx, own_intents=("mediation",)):
        return NOT_MINE
    return did("mediation.ask", f"请回复 1 到 {len(choices)} 的数字选时间，或者说另一个日子。")


@router.flow(FLOW, step="phone")
def take_phone(ctx: Context):
    """The phone number, then the booking."""
    phone = ctx.user.phone if ctx.user.phone and YES_WORDS.match(ctx.text.strip()) else parse_mobile(ctx.text)
    if phone is None and (says_no_phone(ctx.text) or is_confirm(ctx.text)):  # 确认 / 对: book without one
        phone = ""
    if phone is None:
        if _let_through(ctx):
            return NOT_MINE
        return did("mediation.ask", "手机号好像不对，请发11位手机号，比如 13812345678。没有手机请回复“没有”。")
    return _book(ctx, phone)


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


def ask_again(ctx: Context) -> Reply:
    """The question of the step the booking stopped at (a form taken up again)."""
    step, slots = ctx.dialog.state.step, ctx.dialog.slots
    if step == "slot":
        return offer_slots(ctx, slots.get("day_words") or "最近")
    if step == "phone":
        return did("mediation.ask", ASK_PHONE)
    question = {"kind": ASK_KIND, "description": ASK_DESCRIPTION, "other": ASK_OTHER}.get(step, ASK_DAY)
    return did("mediation.ask", question)


register(FormSpec(flow=FLOW, intent="mediation", label="约调解", ask=ask_again, ask_action="mediation.ask",
                  missing={"kind": "纠纷类型", "description": "怎么回事", "other": "对方是谁", "day": "时间",
                           "slot": "时间", "phone": "电话"}))


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
    ctx.dialog.start(FLOW, "day", move=booking.number)
    return did("mediation.ask", f"{booking.number}号预约现在是 {mediation.slot_words(booking.slot, ctx.tz)}。\n"
               "想改到哪天？比如：明天上午、下周三、12月5号。")

