"""What any step of the booking form reads besides its own answer: a phone number, 没手机, the other
party or a day said out of turn (kept, and the question asked again), a question about the booking
(调解要收费吗: answered, not stored), 接着 (the question again), and free text that is a command
or another request (let through to the other handlers).
"""
from __future__ import annotations

import re

from bot import mediation
from bot.dispatch import Context, is_new_request
from bot.forms import RESUME, leave_form, without_correction
from bot.messages import Reply
from bot.nlu.dates import parse_day
from bot.nlu.phone import parse_mobile

from .mediation_slots import again, offer_slots, room
from .mediation_texts import (COMMANDS, DAY_ANSWER_CHARS, FILLER, NO_PHONE_SAID, SOON_WORDS, answer_about_booking,
                              names_a_day, names_the_other, rest_beside_phone)


# "把调解挪到下周一下午", "改成周五": the words that move the day, said before the day itself.
_MOVE_LEAD = re.compile(r"^(?:那|就|要不|还是)*(?:把|给俺|给我)?(?:调解|预约|约的|时间|日子)?(?:的时间)?"
                        r"(?:改|挪|换|调|推|移|往后挪|往后推|往前挪)(?:一下)?(?:到|成|在)")


def let_through(ctx: Context) -> bool:
    """Free text in a step that is a command or clearly another request leaves the step alone."""
    return bool(COMMANDS.match(ctx.text)) or is_new_request(ctx, own_intents=("mediation",))


def said_out_of_turn(ctx: Context) -> Reply | None:
    """An answer that fits another field than the one asked: a phone number (at any question), the
    other party (就是后邻孙家, while the time is asked) or a day (while the kind, the story or the other
    party is asked). Kept, and the question asked again; None when it answers the question asked."""
    step = ctx.dialog.state.step
    if (phone := parse_mobile(ctx.text)) is not None:
        ctx.dialog.advance(step, phone=phone)
        rest = rest_beside_phone(ctx.text)
        if step == "day" and rest and names_a_day(ctx, rest):
            return offer_slots(ctx, rest, prefix=f"电话记下了：{phone}。\n")
        return again(ctx, f"电话记下了：{phone}。\n")
    if NO_PHONE_SAID.search(ctx.text) and len(ctx.text) <= DAY_ANSWER_CHARS:
        ctx.dialog.advance(step, no_phone=True)
        return again(ctx, "好的，不留电话，调解员会在这里给您发消息。\n")
    if step in ("day", "slot") and (named := names_the_other(ctx.text)) is not None:  # 就是后邻孙家
        ctx.dialog.advance(step, other=named)
        return again(ctx, f"记下了，对方是{named}。\n")
    day = parse_day(ctx.text, ctx.now, ctx.tz)
    soon = day is None and bool(SOON_WORDS.search(ctx.text))  # 越快越好
    if step in ("kind", "description", "other") and len(FILLER.sub("", ctx.text)) <= DAY_ANSWER_CHARS \
            and (soon or day is not None and day.day >= mediation.local_day(ctx.now, ctx.tz)):  # 昨天… is the story
        said = without_correction(ctx.text.strip()).rstrip("吧呗啊呀哈嘞，,。.！!")  # 不对，是大后天上午吧: the day alone
        said = _MOVE_LEAD.sub("", said) or said or ctx.text.strip()  # 把调解挪到下周一下午: the day alone
        ctx.dialog.advance(step, day_words=said)
        shown = said if day is None else f"{said}，就是{mediation.day_words(day.day)}"  # 周三上午 → 12月9日
        return again(ctx, f"时间记下了：{shown}。\n")
    return None


def question_about_booking(ctx: Context) -> Reply | None:
    """调解要收费吗 / 调解室在哪: answer it and ask the form's question again (not stored)."""
    answer = answer_about_booking(ctx, room(ctx))
    return again(ctx, answer) if answer else None


def go_on(ctx: Context) -> Reply | None:
    """接着 / 继续 with the form already in progress: its question again, not an answer to it."""
    if len(ctx.text) <= 6 and RESUME.match(ctx.text):
        return again(ctx, "好，接着约调解。\n")
    return None


def stopped_in_words(ctx: Context) -> Reply | None:
    """俺们自己商量好了 调解就算了 at any question: the form is left, as 取消 leaves it. The booking itself
    must be named as stopped: 不用了 alone skips the other party's question, and 俺说算了 他还骂俺 is
    the story."""
    from .own_bookings import MEDIATION_WORDS, stops_in_words

    if not stops_in_words(ctx) or not MEDIATION_WORDS.search(ctx.text):
        return None
    return leave_form(ctx)


def kept_aside(ctx: Context) -> Reply | None:
    """Any of the above, in that order: what the step answers instead of reading its own answer."""
    return stopped_in_words(ctx) or said_out_of_turn(ctx) or question_about_booking(ctx) or go_on(ctx)
