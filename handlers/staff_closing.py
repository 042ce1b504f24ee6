"""Closing one item of the staff member's in words (handlers/staff_words.py): which of several in hand
the words name (健身器材修好了 螺丝给拧上了, with two needs held), and "办好了" said again after the one
in hand was closed.
"""
from __future__ import annotations

from typing import Sequence

from bot import context
from bot.choices import clauses, pick_named
from bot.dispatch import NOT_MINE, Context
from bot.messages import did
from bot.models import Errand, Need



def named_in_words(text: str, items: Sequence):
    """The one item (need or errand) whose matter the first clause names by a piece of its words."""
    first = next(iter(clauses(text)), "")
    return pick_named(first, items, lambda item: getattr(item, "matter", None) or getattr(item, "text", "") or "")


def after_the_name(text: str, item) -> str:
    """The words after the longest piece (two characters or more) of the item's matter that the
    first clause holds: 王秀英的医疗救助办完了 → 办完了 (the deed said of the item named), '' when none."""
    first = next(iter(clauses(text)), "")
    words = getattr(item, "matter", None) or getattr(item, "text", "") or ""
    for size in range(min(len(first), len(words)), 1, -1):
        for i in range(len(words) - size + 1):
            if (at := first.find(words[i:i + size])) >= 0:
                return text[text.find(first) + at + size:].lstrip("的 ，,")
    return ""


def closed_already(ctx: Context):
    """办好了 said again after the item in hand was closed (已经掏通了, then 办好了): say so."""
    item = context.latest(ctx.session, ctx.user.openid, ("need", "errand"), ctx.now)
    if item is None:
        return NOT_MINE
    if item.kind == "need":
        need = ctx.session.get(Need, item.number)
        done = need is not None and need.state == "closed" and need.claimed_by == ctx.user.id
    else:
        errand = ctx.session.get(Errand, item.number)
        done = errand is not None and errand.state == "done" and errand.assignee_id == ctx.user.id
    if not done:
        return NOT_MINE
    return did("work.show", f"{item.number}号已经办结了，群众那边也告诉了。您手上现在没有别的要办的。")
