"""Chat for villagers: book a mediation appointment, see, move, cancel it, accept another time.

Flow `mediation`: kind → description → other party → day → slot → phone → booked.
The form fills by meaning, not only in that order: a phone number typed at any question is kept
(and not asked again), a day said while the other party is asked is kept for the free times, and
everything said in the first message counts. The same day/slot steps re-pick the time of an
existing booking ("改约 N", slot `move`).
The rules live in bot/mediation; this module only talks.
"""
from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from bot import limits, mediation
from bot.dispatch import NOT_MINE, Context, Router, is_new_request
from bot.forms import FormSpec, RESUME, is_confirm, leave_form, register, says_no_phone
from bot.messages import Reply, did
from bot.family import texts as family_texts
from bot.models import Booking, FamilyMember, MediationRoom
from bot.models.mediation import DISPUTE_KINDS
from bot.nlu.dates import PART_LABELS, parse_day
from bot.nlu.disputes import (KIND_LABELS, choice_number, dispute_kind, kind_from_choice,
                               says_more_than_a_request)
from bot.nlu.phone import parse_mobile

from .account import ask_village_then, continuation
from .form_steps import leaves_free_text
from .own_bookings import MOVE_WORDS, booking_to_move, shifted_day_words, stops_in_words

router = Router("mediation")

FLOW = "mediation"
FREE = "人民调解不收费。"
ASK_KIND = "是哪类纠纷？回复数字：\n" + "\n".join(
    f"{i} {KIND_LABELS[k]}" for i, k in enumerate(DISPUTE_KINDS, 1))
ASK_DESCRIPTION = "请简单说说是怎么回事（打字、发语音都行）。"
ASK_OTHER = "对方是谁？（比如：邻居老王）不想说请回复“跳过”。"
ASK_DAY = "想哪天来调解？比如：明天上午、下周三、12月5号。越快越好请回复“最近”。"
SKIP_WORDS = re.compile(r"^(跳过|没有|不知道|不说|不想说|无|不用|算了吧|略)(了|吧|啊)?[。.!！]?$")
SOON_WORDS = re.compile(r"最近|尽快|越快越好|越早越好|随便|都行|哪天都行|啥时候都行|什么时候都行|早点")
YES_WORDS = re.compile(r"^(1|是|是的|对|对的|用|行|可以|好|嗯)[。.!！]?$")
ASK_PHONE = "请留个手机号，调解员好联系您；不留电话请回复“确认”，直接预约。"
# The number and the words around it ("俺手机号13906391234"), to see what else a message says.
_PHONE_AROUND = re.compile(r"(?:俺|我)?(?:的|家)?(?:手机|电话)?(?:号码|号)?(?:是|：|:)?\s*(?:\+?86)?[\d\s\-]{11,}")
_FILLER = re.compile(r"[\s，,。.！!？?吧啊呀哈]+")
# A day said instead of a name is at most a few words ("明天上午吧"); a longer text is a story.
_DAY_ANSWER_CHARS = 12
_STORY_CHARS = 4  # told at the kind question, this much is a story, not a slip
# What happened between people (a name alone, 张家那口子, is not a story).
_TELLS_A_STORY = re.compile(r"的事|因为|为了|吵|闹|打|骂|占|欠|不还|不给|不让|不管|矛盾|纠纷|别扭|咬|堵|挡|砍|弄坏|损坏|赔|偷")
# 俺没手机 said along the way (not a bare 没有: that skips the other party's name).
_NO_PHONE_SAID = re.compile(r"没(?:有)?(?:手机|电话)|不(?:会|用)(?:用)?手机|不留(?:电话|号)")
STATE_WORDS = mediation.STATE_LABELS
# Villager commands, so that a flow step lets them through.
MY_BOOKINGS = r"^(我的调解(预约)?|查(看|询)?(我的)?调解(预约)?)[。？?]?$"
COMMANDS = re.compile(MY_BOOKINGS + r"|^(取消(调解)?预约\s*\d+|改约\s*\d+|同意\s*\d+)")


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
    reply = _begin_form(ctx, _PHONE_AROUND.sub(" ", text) if parse_mobile(text) else text)
    if (phone := parse_mobile(text)) and ctx.dialog.in_flow(FLOW):  # everything in the first message counts
        ctx.dialog.advance(ctx.dialog.state.step, phone=phone)
    elif _NO_PHONE_SAID.search(text) and ctx.dialog.in_flow(FLOW):
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
        if _names_a_day(ctx, text):
            said["day_words"] = text
        ctx.dialog.start(FLOW, "kind", **said)
        return did("mediation.ask", intro + ASK_KIND)
    if _names_a_day(ctx, text):  # kind, story and day in one message: straight to the free times
        ctx.dialog.start(FLOW, "day", kind=kind, description=text[:500], other=None)
        return offer_slots(ctx, text, prefix=intro + f"是{KIND_LABELS[kind]}方面的事。\n")
    if says_more_than_a_request(text):
        ctx.dialog.start(FLOW, "other", kind=kind, description=text[:500])
        return did("mediation.ask", intro + f"是{KIND_LABELS[kind]}方面的事。\n" + ASK_OTHER)
    ctx.dialog.start(FLOW, "description", kind=kind)
    return did("mediation.ask", intro + f"是{KIND_LABELS[kind]}方面的事。\n" + ASK_DESCRIPTION)


def _names_a_day(ctx: Context, text: str) -> bool:
    return parse_day(text, ctx.now, ctx.tz) is not None or bool(SOON_WORDS.search(text))


def _rest_beside_phone(text: str) -> str:
    return _FILLER.sub("", _PHONE_AROUND.sub("", text))


def _said_out_of_turn(ctx: Context) -> Reply | None:
    """An answer that fits another field than the one asked: a phone number (at any question) or a
    day (while the kind, the story or the other party is asked). Kept, and the question asked again;
    None when the message is the answer to the question asked."""
    step = ctx.dialog.state.step
    if (phone := parse_mobile(ctx.text)) is not None:
        ctx.dialog.advance(step, phone=phone)
        rest = _rest_beside_phone(ctx.text)
        if step == "day" and rest and _names_a_day(ctx, rest):
            return offer_slots(ctx, rest, prefix=f"电话记下了：{phone}。\n")
        return _again(ctx, f"电话记下了：{phone}。\n")
    if _NO_PHONE_SAID.search(ctx.text) and len(ctx.text) <= _DAY_ANSWER_CHARS:
        ctx.dialog.advance(step, no_phone=True)
        return _again(ctx, "好的，不留电话，调解员会在这里给您发消息。\n")
    day = parse_day(ctx.text, ctx.now, ctx.tz)
    soon = day is None and bool(SOON_WORDS.search(ctx.text))  # 越快越好
    if step in ("kind", "description", "other") and len(_FILLER.sub("", ctx.text)) <= _DAY_ANSWER_CHARS \
            and (soon or day is not None and day.day >= mediation.local_day(ctx.now, ctx.tz)):  # 昨天… is the story
        ctx.dialog.advance(step, day_words=ctx.text)
        return _again(ctx, f"时间记下了：{ctx.text.strip()}。\n")
    return None


# Questions about the booking itself asked mid-form: answered here, the question asked again.
_ASKS_FEE = re.compile(r"收费|收钱|要钱|花钱|多少钱|费用|免费")
_ASKS_PLACE = re.compile(r"在哪|哪里|哪儿|什么地方|啥地方|地址|咋走|怎么走")
_A_QUESTION = re.compile(r"[吗么不嘛？?]\s*$|哪|啥|什么|多少|咋|怎么")


def _question_about_booking(ctx: Context) -> Reply | None:
    """调解要收费吗 / 调解室在哪: answer it and ask the form's question again (not stored)."""
    text = ctx.text
    if len(text) > 20 or not _A_QUESTION.search(text) or is_new_request(ctx, own_intents=("mediation",)):
        return None  # 残疾证在哪办 is another matter's question
    if _ASKS_FEE.search(text):
        return _again(ctx, f"{FREE}\n")
    if _ASKS_PLACE.search(text) and "调" in text and (room := _room(ctx)) is not None:
        where = room.name + (f"（{room.address}）" if room.address else "") + (f"，电话 {room.phone}" if room.phone else "")
        return _again(ctx, f"调解地点：{where}。\n")
    return None


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
            and says_more_than_a_request(ctx.text, min_chars=_STORY_CHARS) and _TELLS_A_STORY.search(ctx.text):
        kind = "其他"  # a story of a kind the list does not name: kept as told, the form goes on
    if kind is None:
        return NOT_MINE if _let_through(ctx) else did("mediation.ask", "没看明白。" + ASK_KIND)
    if ctx.dialog.slots.get("day_words"):  # the day was said already: straight to the free times
        ctx.dialog.advance("day", kind=kind, other=None)
        return offer_slots(ctx, ctx.dialog.slots["day_words"], prefix=f"好的，{KIND_LABELS[kind]}。\n")
    if says_more_than_a_request(ctx.text) and choice_number(ctx.text) is None:
        ctx.dialog.advance("other", kind=kind, description=ctx.text[:500])
        return did("mediation.ask", ASK_OTHER)
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
    if len(ctx.text) < 2:
        return did("mediation.ask", ASK_DESCRIPTION)
    ctx.dialog.advance("other", description=ctx.text[:500])
    return did("mediation.ask", ASK_OTHER)


@router.flow(FLOW, step="other")
def take_other_party(ctx: Context):
    """Who the other party is (optional)."""
    if COMMANDS.match(ctx.text):
        return NOT_MINE
    if (kept := _said_out_of_turn(ctx) or _question_about_booking(ctx) or _go_on(ctx)) is not None:
        return kept
    if not SKIP_WORDS.match(ctx.text) and (leaves_free_text(ctx) or _let_through(ctx)):  # 取消吧 is not a name
        return NOT_MINE
    other = None if SKIP_WORDS.match(ctx.text) else ctx.text[:100]
    ctx.dialog.advance("day", other=other)
    if day_words := ctx.dialog.slots.get("day_words"):  # the day was said already: the free times
        return offer_slots(ctx, day_words)
    return did("mediation.ask", ASK_DAY)


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
    if choices.exact:
        head = f"{mediation.day_words(choices.day)}有空的时间："
        if not choices.part_found:
            head = f"{mediation.day_words(choices.day)}{PART_LABELS[ref.part]}没有空位，这天有空的时间："
        lines = [f"{i} {mediation.slot_words(s, zone, with_day=False)}" for i, s in enumerate(choices.slots, 1)]
    else:
        if ref is None:
            head = "最近有空的时间："
        elif ref.day < today:
            head = "那天已经过去了。最近有空的时间："
        else:
            head = f"{mediation.day_words(ref.day)}没有空位（或不接待）。最近有空的时间："
        lines = [f"{i} {mediation.slot_words(s, zone)}" for i, s in enumerate(choices.slots, 1)]
    ctx.dialog.advance("slot", choices=[s.id for s in choices.slots], day_words=words)
    return did("mediation.ask", prefix + "\n".join([head, *lines, "回复数字选一个；想换一天，直接说日子。"]))


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
    # 就这样 / 行 (words, not a number): the first time offered (the closest to the one asked), submitted
    submit = number is None and is_confirm(ctx.text)
    number = 1 if submit and choices else number
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
    if (phone := parse_mobile(ctx.text)) is not None:  # a phone while the time is picked: kept
        ctx.dialog.advance("slot", phone=phone)
        return offer_slots(ctx, ctx.dialog.slots.get("day_words") or "最近", prefix=f"电话记下了：{phone}。\n")
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
        return did("status.show", _already_booked(exc.booking, zone))
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


def booked_text(ctx: Context, booking: Booking) -> str:
    room = ctx.session.get(MediationRoom, booking.slot.room_id)
    no = booking.number
    return "\n".join([
        f"预约好了，预约号：{no}",
        f"时间：{mediation.slot_words(booking.slot, ctx.tz)}",
        f"地点：{room.name}" + (f"（{room.address}）" if room.address else ""),
        f"调解员确认后会再通知您。{FREE}调解要双方自愿，可以约对方一起来。",
        f"查看回复“我的调解预约”；改时间回复“改约 {no}”；取消回复“取消预约 {no}”。",
    ])


def _already_booked(booking: Booking, zone: ZoneInfo) -> str:
    no = booking.number
    return (f"您已经有一个{booking.kind}纠纷的调解预约（{no}号，{mediation.slot_words(booking.slot, zone)}）。\n"
            f"改时间请回复“改约 {no}”，取消请回复“取消预约 {no}”。")


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
    return _ask_move(ctx, booking)


def move_in_words(ctx: Context, booking: Booking, day_words: str | None = None) -> Reply | str:
    """Move one's own booking asked in words: straight to the free times when a day was said
    (往后挪一天 says the day too: the booking's day that many days on)."""

    reply = _ask_move(ctx, booking)
    words = day_words or shifted_day_words(ctx, booking) or _day_moved_to(ctx) or ctx.text
    if parse_day(words, ctx.now, ctx.tz) is not None:
        return offer_slots(ctx, words, prefix=f"{booking.number}号预约现在是 {mediation.slot_words(booking.slot, ctx.tz)}。\n")
    return reply


def _day_moved_to(ctx: Context) -> str | None:
    """周三去不成了 换到周五上午: the day named after the moving words is the new one, not the old."""
    moved = [m.end() for m in MOVE_WORDS.finditer(ctx.text)]
    after = ctx.text[moved[-1]:] if moved else ""
    return after if after and parse_day(after, ctx.now, ctx.tz) is not None else None


def _ask_move(ctx: Context, booking: Booking) -> Reply:
    ctx.dialog.start(FLOW, "day", move=booking.number)
    return did("mediation.ask", f"{booking.number}号预约现在是 {mediation.slot_words(booking.slot, ctx.tz)}。\n"
               "想改到哪天？比如：明天上午、下周三、12月5号。")


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
