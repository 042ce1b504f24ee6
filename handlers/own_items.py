"""Cancel or move in words ("俺不想调解了，取消吧", "俺那个调解想改个时间"): the user's own open item."""
from __future__ import annotations

import re

from bot import context, mediation
from bot.dispatch import Context
from bot.errands import cancel_errand, errands_of_villager
from bot.messages import Reply, did
from bot.models import Booking

from . import errand_texts

_MEDIATION = re.compile(r"调解|预约|不调了|不调啦|别调了")
# A bare "取消" / "算了" leaves a form or a list; it never cancels a booking on its own.
_BARE = re.compile(r"^\s*(取消|退出|算了|不办了|不弄了|返回|不要了)\s*[。！!.]?\s*$")
# What the user was last talking about (bot/context.py) → the kind of item it means.
_TOPIC_KINDS = {("matter", "mediation"): "booking", ("booking", None): "booking",
                ("matter", "errand"): "errand", ("errand", None): "errand"}
_ERRAND = re.compile(r"代办|帮办|帮俺办|帮我办|请党员")
MOVE_WORDS = re.compile(r"改.{0,3}(?:时间|日子|天)|换.{0,3}(?:时间|日子|天)|改约|改到|挪.{0,2}(?:时间|天)|推迟|提前")
_OPEN_ERRAND = ("offered", "escalated", "accepted")


def open_bookings(ctx: Context) -> list[Booking]:
    return [b for b in mediation.villager_bookings(ctx.session, ctx.user.id) if b.is_open]


def _implied(ctx: Context) -> str | None:
    """"不去了，取消吧" names no item: the booking or errand the user was just talking about."""
    if _BARE.match(ctx.text) or _MEDIATION.search(ctx.text) or _ERRAND.search(ctx.text):
        return None
    item = context.topic(ctx.session, ctx.user.openid, ctx.now)
    if item is None:
        return None
    return _TOPIC_KINDS.get((item.kind, item.ref if item.kind == "matter" else None))


def cancel_in_words(ctx: Context) -> Reply | None:
    """Cancel the one open booking or errand the words name (or the topic implies); None when
    they name no item."""
    implied = _implied(ctx)
    if _MEDIATION.search(ctx.text) or implied == "booking":
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
        errands = [e for e in errands_of_villager(ctx.session, ctx.user) if e.state in _OPEN_ERRAND]
        if len(errands) == 1:
            outcome = cancel_errand(ctx.session, errands[0].number, ctx.user, ctx.now)
            text = errand_texts.villager_cancel(errands[0].number, outcome)
            return did(None, text)  # CONTRACT.md's closed list has no id for a withdrawn errand
        if errands:
            lines = [f"取消代办 {e.number}：{e.matter}" for e in errands]
            return did("clarify.ask", "您有几件代办，取消哪件？请回复：\n" + "\n".join(lines))
    return None


def booking_to_move(ctx: Context) -> Booking | None:
    """The one open booking that "改个时间" in a mediation request means."""
    if not MOVE_WORDS.search(ctx.text):
        return None
    bookings = open_bookings(ctx)
    return bookings[0] if len(bookings) == 1 else None
