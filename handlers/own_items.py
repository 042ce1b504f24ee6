"""Cancel or move in words ("俺不想调解了，取消吧", "俺那个调解想改个时间"): the user's own open item."""
from __future__ import annotations

import re

from bot import context, mediation
from bot.choices import parse_number
from bot.dispatch import NOT_MINE, Context, Router
from bot.errands import cancel_errand, errands_of_villager
from bot.messages import Reply, did
from bot.models import Booking

from . import errand_texts
from .own_bookings import (CANCEL_WORDS, MEDIATION_WORDS, MOVE_WORDS, may_have_offer, open_bookings,
                           shifted_day_words)

# A bare "取消" / "算了" leaves a form or a list; it never cancels a booking on its own.
_BARE = re.compile(r"^\s*(取消|退出|算了|不办了|不弄了|返回|不要了)\s*[。！!.]?\s*$")
# What the user was last talking about (bot/context.py) → the kind of item it means.
_TOPIC_KINDS = {("matter", "mediation"): "booking", ("booking", None): "booking",
                ("matter", "errand"): "errand", ("errand", None): "errand"}
_ERRAND = re.compile(r"代办|帮办|帮俺办|帮我办|请党员")
_OPEN_ERRAND = ("offered", "escalated", "accepted")



def _implied(ctx: Context) -> str | None:
    """"不去了，取消吧" names no item: the booking or errand the user was just talking about. Words
    that stop the talk, not an item (不说了 / 别问了 / 不聊了), imply nothing: only words that act on
    an item (取消 / 撤了 / 不去了 / 不约了 …) take the topic as the item."""
    if _BARE.match(ctx.text) or MEDIATION_WORDS.search(ctx.text) or _ERRAND.search(ctx.text):
        return None
    if not CANCEL_WORDS.search(ctx.text):
        return None
    item = context.topic(ctx.session, ctx.user.openid, ctx.now)
    if item is None:
        return None
    return _TOPIC_KINDS.get((item.kind, item.ref if item.kind == "matter" else None))


def _open_errands(ctx: Context) -> list:
    return [e for e in errands_of_villager(ctx.session, ctx.user) if e.state in _OPEN_ERRAND]


def _which_of_both(ctx: Context) -> Reply | None:
    """Words that name no item while a booking and an errand are both open: ask which one."""
    bookings, errands = open_bookings(ctx), _open_errands(ctx)
    if not bookings or not errands:
        return None
    return _choose_to_cancel(ctx, bookings, errands)


def _choose_to_cancel(ctx: Context, bookings: list, errands: list, tail: str = "") -> Reply:
    items = [["booking", b.number] for b in bookings] + [["errand", e.number] for e in errands]
    labels = [f"调解预约（{b.number}号，{mediation.slot_words(b.slot, ctx.tz)}）" for b in bookings]
    labels += [f"代办（{e.number}号，{e.matter}）" for e in errands]
    ctx.dialog.start(CHOICE_FLOW, "cancel", items=items)
    lines = [f"{i} {label}" for i, label in enumerate(labels, 1)]
    return did("clarify.ask", "您要取消哪一个？回复数字：\n" + "\n".join(lines) + tail)


_BARE_CANCEL = re.compile(r"^\s*(?:取消|撤销|退订)(?:吧|掉|了|一下)?\s*[。！!.]?\s*$")


def ask_what_to_cancel(ctx: Context) -> Reply | None:
    """A bare 取消 with no form in progress while the user has open bookings or errands: it cancels
    nothing on its own, but asks which one is meant (saying "好的" would pretend it was done)."""
    if not _BARE_CANCEL.match(ctx.text):
        return None
    bookings, errands = open_bookings(ctx), _open_errands(ctx)
    if not bookings and not errands:
        return None
    return _choose_to_cancel(ctx, bookings, errands, tail="\n都不取消的话，不用回复。")


def cancel_in_words(ctx: Context) -> Reply | None:
    """Cancel the one open booking or errand the words name (or the topic implies); None when
    they name no item. Words naming none while both kinds are open get a choice instead."""
    implied = _implied(ctx)
    if implied is not None and (both := _which_of_both(ctx)) is not None:
        return both
    if MEDIATION_WORDS.search(ctx.text) or implied == "booking":
        bookings = open_bookings(ctx)
        if len(bookings) == 1:
            booking = bookings[0]
            mediation.cancel(ctx.session, booking, ctx.now, by_villager=True, tz=ctx.tz)
            return did("mediation.cancel", f"{booking.number}号调解预约"
                       f"（{mediation.slot_words(booking.slot, ctx.tz)}）已经取消了，已告诉调解员。需要时可以再预约。")
        if bookings:
            lines = [f"取消预约 {b.number}：{mediation.slot_words(b.slot, ctx.tz)} {b.kind}纠纷" for b in bookings]
            return did("clarify.ask", "您有几个调解预约，取消哪个？请回复：\n" + "\n".join(lines))
    if _ERRAND.search(ctx.text) or implied == "errand":
        errands = _open_errands(ctx)
        if len(errands) == 1:
            outcome = cancel_errand(ctx.session, errands[0].number, ctx.user, ctx.now)
            text = errand_texts.villager_cancel(errands[0].number, outcome)
            return did(None, text)  # CONTRACT.md's closed list has no id for a withdrawn errand
        if errands:
            lines = [f"取消代办 {e.number}：{e.matter}" for e in errands]
            return did("clarify.ask", "您有几件代办，取消哪件？请回复：\n" + "\n".join(lines))
    return None



# --- a booking moved, or the mediator's other time taken, in the villager's words --------------

router = Router("own_items")
# 行，就那个时间 / 中，就那天吧 / 好的 那个时间俺能去: yes to the time the mediator offered.
_TAKES_OFFER = re.compile(r"同意|^行|^好|可以|^中|^成|没问题|就那个|就那天|就按|就这么|按.{0,3}(?:那个|您说|你说)|听您的|听你的|"
                          r"能去|去得了|来得了|有空|没事|^嗯|^对|"
                          # 礼拜四下午三点俺能到 / 那会儿俺准到: coming at the time offered
                          r"能到|到得了|准到|一定到|(?:我|俺)(?:到时候?|那天|那会儿?)?(?:准|就|一定|肯定)?(?:去|来|过去)(?![不了])|"
                          # 礼拜五下午三点 中 俺到时候去: a yes in a clause of its own after the time
                          r"[，,\s](?:中|行|成|好|可以)(?:吧|啊|嘞)?(?:[，,\s]|$)|"
                          # 下午也中 / 周四就行: the time offered named, then the yes
                          r"(?:也|就|都)(?:中|行|成|可以)(?:吧|啊|呀|嘞)?$")
_REFUSES = re.compile(r"不行|不好|不中|不成|不能|不可以|去不了|来不了|没空|不同意|不合适|换|改")
_SHORT_ANSWER_CHARS = 20
# A time asked for as a question (上午中不 / 礼拜五行吗 / 换成后晌可以不): the offer is not taken as it is.
_COUNTER = re.compile(r"(?:中|行|成|可以|方便)(?:不中|不行|不|吗|么|没)\s*[?？]?\s*$|(?:中|行|可以)不(?:中|行)?\s*[?？]")
_TIME_NAMED = re.compile(r"同意|时间|那天|那个点|改的")



def _offered(ctx: Context) -> list[Booking]:
    if not may_have_offer(ctx.session, ctx.user.id):
        return []  # no booking has a mediator's other time: the bookings' ORM read would find none
    return [b for b in open_bookings(ctx) if b.state == "proposed_other_time" and b.proposed_slot_id]


def _pushed_offer(ctx: Context, booking: Booking) -> bool:
    """The newest item the user has is this booking (the mediator's offer was just pushed)."""
    item = context.topic(ctx.session, ctx.user.openid, ctx.now)
    return item is not None and item.kind == "booking" and item.ref == str(booking.number)


# "周四有事 能改到周五上午不": a day or a part of one named as the new time.
_NEW_TIME = re.compile(r"周[一二三四五六日天]|礼拜|星期|明天|后天|大后天|上午|下午|晚上|\d{1,2}[号日点]|[一二三四五六七八九十]{1,3}[号点]")
_OTHER_ITEMS = ("task", "errand", "need")


def _names_booking(ctx: Context) -> bool:
    """The words are about the villager's booking (asked only when they have an open one)."""
    if MEDIATION_WORDS.search(ctx.text):
        return True
    item = context.topic(ctx.session, ctx.user.openid, ctx.now)
    if item is not None and _TOPIC_KINDS.get((item.kind, item.ref if item.kind == "matter" else None)) == "booking":
        return True
    # A new time with nothing else being talked about: the villager's own booking, when there is one.
    return (item is None or item.kind not in _OTHER_ITEMS) and bool(_NEW_TIME.search(ctx.text))


@router.reader(roles=None)
def own_booking_in_words(ctx: Context):
    """A villager's words about their own booking: take the mediator's other time (行，就那个时间),
    or move it (俺约的调解换个时间，改成周五上午 / 能往后推一天不)."""
    if ctx.dialog.busy() or len(ctx.text) > 40:
        return NOT_MINE
    short = len(ctx.text) <= _SHORT_ANSWER_CHARS
    takes, refuses = short and _TAKES_OFFER.search(ctx.text), short and _REFUSES.search(ctx.text)
    if short and _COUNTER.search(ctx.text) and _NEW_TIME.search(ctx.text):
        takes, refuses = None, True  # 下午俺得接孩子 上午中不: another time asked for, a counter-offer
    # The bookings are read only when the words could answer an offer (most messages cannot).
    offered = _offered(ctx) if takes or refuses else []
    if offered and takes and not refuses and (len(offered) > 1 or _names_booking(ctx)
                                              or _pushed_offer(ctx, offered[0]) or _TIME_NAMED.search(ctx.text)):
        if len(offered) > 1:
            lines = [f"同意 {b.number}：改到 {mediation.slot_words(b.proposed_slot, ctx.tz)}" for b in offered]
            return did("clarify.ask", "调解员给您几个预约都提了新时间，同意哪个？请回复：\n" + "\n".join(lines))
        booking = offered[0]
        try:
            mediation.accept_proposal(ctx.session, booking, ctx.now, ctx.tz)
        except (mediation.SlotFull, mediation.SlotUnavailable, mediation.WrongState):
            return did(None, f"调解员说的那个时间已经约满或过去了。请回复“改约 {booking.number}”另选时间。")
        return did("mediation.move", f"好的，{booking.number}号调解预约改到 "
                   f"{mediation.slot_words(booking.slot, ctx.tz)}，已确认，已告诉调解员。")
    if len(offered) == 1 and refuses \
            and (_names_booking(ctx) or _pushed_offer(ctx, offered[0])):  # 那天不行: another time, then
        from .mediation_move import move_in_words

        return move_in_words(ctx, offered[0], _on_offered_day(ctx, offered[0]))
    if CANCEL_WORDS.search(ctx.text) and not MOVE_WORDS.search(ctx.text) \
            and (MEDIATION_WORDS.search(ctx.text) or _ERRAND.search(ctx.text)):
        done = cancel_in_words(ctx)  # 俺那个代办不用办了 / 那个调解俺不约了，给俺撤了吧
        return done if done is not None else NOT_MINE
    if _CANT_GO.search(ctx.text) and not MOVE_WORDS.search(ctx.text) and _names_booking(ctx):
        return _cancel_or_move(ctx)  # 那天俺去不了了 俺得去医院, the booking being talked about
    if not MOVE_WORDS.search(ctx.text):
        return NOT_MINE
    bookings = open_bookings(ctx)  # read once, only for words of moving
    if not bookings or not _names_booking(ctx):
        return NOT_MINE
    if len(bookings) > 1:
        lines = [f"改约 {b.number}：{mediation.slot_words(b.slot, ctx.tz)} {b.kind}纠纷" for b in bookings]
        return did("clarify.ask", "您有几个调解预约，改哪个？请回复：\n" + "\n".join(lines))
    from .mediation_move import move_in_words  # the booking form lives there

    return move_in_words(ctx, bookings[0], shifted_day_words(ctx, bookings[0]))


_CANT_GO = re.compile(r"去不了|去不成|来不了|来不成|到不了|去不上|赶不上|赶不回来|参加不了")
_BUSY_CLAUSE = re.compile(r"不行|不中|不成|没空|有事|得|要去|去不了|来不了|不在|不方便")


def _on_offered_day(ctx: Context, booking: Booking) -> str | None:
    """下午俺得接孩子 上午中不: a time of day asked for without a day is on the day the mediator offered
    (the clause that is no reason names it); None when a day is said or no time of day is."""
    from bot.choices import clauses
    from bot.nlu.dates import parse_day, parse_part

    if parse_day(ctx.text, ctx.now, ctx.tz) is not None:
        return None
    asked = [c for c in clauses(ctx.text) if parse_part(c) is not None and not _BUSY_CLAUSE.search(c)]
    if not asked:
        return None
    return mediation.day_words(mediation.local_day(booking.proposed_slot.starts_at, ctx.tz)) + asked[-1]


def _cancel_or_move(ctx: Context):
    """Can't come, said of the one open booking: cancel or another time? (asked, nothing changed)."""
    bookings = open_bookings(ctx)
    if len(bookings) != 1:
        return NOT_MINE
    booking = bookings[0]
    return did("clarify.ask", f"您是说{booking.number}号调解（{mediation.slot_words(booking.slot, ctx.tz)}）去不了吗？\n"
               f"不约了请回复“取消预约 {booking.number}”；换个时间请回复“改约 {booking.number}”，或直接说想改到哪天。")


CHOICE_FLOW = "own_choice"


@router.flow(CHOICE_FLOW, step="cancel")
def cancel_the_one_chosen(ctx: Context):
    """The answer to "取消哪一个？": a number, or words naming the kind (调解那个 / 代办的)."""
    items = ctx.dialog.slots.get("items") or []
    number = parse_number(ctx.text)
    chosen = items[number - 1] if number is not None and 1 <= number <= len(items) else None
    if chosen is None and len(ctx.text) <= 12:
        kinds = {"booking"} if MEDIATION_WORDS.search(ctx.text) else {"errand"} if _ERRAND.search(ctx.text) else set()
        fits = [item for item in items if item[0] in kinds]
        chosen = fits[0] if len(fits) == 1 else None
    if chosen is None:
        return NOT_MINE
    ctx.dialog.finish()
    kind, number = chosen
    if kind == "booking":
        booking = mediation.villagers_booking(ctx.session, number, ctx.user.id)
        if booking is None or not booking.is_open:
            return did(None, f"{number}号调解预约已经不能取消了。回复“我的调解预约”看看。")
        mediation.cancel(ctx.session, booking, ctx.now, by_villager=True, tz=ctx.tz)
        return did("mediation.cancel", f"{booking.number}号调解预约（{mediation.slot_words(booking.slot, ctx.tz)}）"
                   "已经取消了，已告诉调解员。需要时可以再预约。")
    outcome = cancel_errand(ctx.session, number, ctx.user, ctx.now)
    return did(None, errand_texts.villager_cancel(number, outcome))
