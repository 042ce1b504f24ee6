"""A villager's own open mediation bookings, and the one that words about moving a booking mean.

Shared by handlers/own_items.py (cancel and move in words) and handlers/mediation.py (a request
to move is not a new booking), so neither has to import the other."""
from __future__ import annotations

import re

from bot import mediation
from bot.dispatch import Context
from bot.models import Booking

MOVE_WORDS = re.compile(r"改.{0,3}(?:时间|日子|天)|换.{0,3}(?:时间|日子|天)|改约|(?:改|换|挪|调)(?:到|成|在)|挪.{0,2}(?:时间|天)|推迟|提前|"
                        r"往后(?:推|挪|延)|推后|延后|延期|晚.天|改天")


def open_bookings(ctx: Context) -> list[Booking]:
    return [b for b in mediation.villager_bookings(ctx.session, ctx.user.id) if b.is_open]


def booking_to_move(ctx: Context) -> Booking | None:
    """The one open booking that "改个时间" in a mediation request means."""
    if not MOVE_WORDS.search(ctx.text):
        return None
    bookings = open_bookings(ctx)
    return bookings[0] if len(bookings) == 1 else None
