"""A bare yes from staff right after a push of an item (好的 / 行 / 中 / 收到 / 没问题 after 代办 or
吹哨 pushes): it takes the item of that push, as 回复1 would. Two pushes of one round cannot be told
apart: the staff member is asked which (staff_pick reads the answer). The item must be the newest
thing the user was told of and still waiting for them; otherwise a yes is only a yes (smalltalk).
The numbered and worded commands are handlers/staff_words.py.
"""
from __future__ import annotations

import re
from datetime import timedelta

from bot import context
from bot.dispatch import NOT_MINE, Context, Router
from bot.errands import accept
from bot.needs import claim, claimable_for

from .staff_pick import ask_which
from .staff_words import MEMBER, REP, _member_did, _offered_to_me, _rep_did

router = Router("staff_yes")

BARE_YES = re.compile(r"^\s*(?:好的?|好嘞|行|中|可以|没问题|收到了?|得嘞|妥了|嗯嗯?|ok|OK)"
                      r"(?:[，,\s]*(?:好的?|行|中|可以|没问题|收到了?))?\s*(?:吧|啊|呀|哈|了)?\s*[。.!！]?\s*$")
# Pushes this close together came in one round: a yes cannot tell them apart.
_SAME_ROUND = timedelta(minutes=2)
_ANSWERABLE = ("task", "booking", "errand", "need")


def _pushed_items(ctx: Context, kind: str, waiting: dict) -> list:
    """The waiting items of `kind` pushed in the newest round, when a push of `kind` is the newest
    thing the user was told of (a guide read since, or another kind pushed since: none)."""
    items = context.recent(ctx.session, ctx.user.openid, _ANSWERABLE, ctx.now)
    if not items or items[0].kind != kind or items[0].via != "push":
        return []
    newest = items[0].at
    return [waiting[i.number] for i in items
            if i.kind == kind and i.via == "push" and i.number in waiting and newest - i.at < _SAME_ROUND]


@router.command(BARE_YES.pattern, roles=MEMBER | REP)
def yes_to_push(ctx: Context):
    """好的 after an errand push (accept) or a whistle push (claim): one item, or which one."""
    if ctx.dialog.busy():
        return NOT_MINE
    roles = ctx.user.role_names
    if roles & MEMBER:
        offered = {e.number: e for e in _offered_to_me(ctx)}
        errands = _pushed_items(ctx, "errand", offered)
        if len(errands) == 1:
            number = errands[0].number
            return _member_did("errand.accept", number, accept(ctx.session, number, ctx.user, ctx.now))
        if errands:
            return ask_which(ctx, "errand.accept", errands, "是哪一件？请回复：\n" + "\n".join(
                f"接单 {e.number}：{e.matter}" for e in errands))
    if roles & REP:
        waiting = {n.number: n for n in claimable_for(ctx.session, ctx.user)}
        needs = _pushed_items(ctx, "need", waiting)
        if len(needs) == 1:
            number = needs[0].number
            return _rep_did("need.claim", number, claim(ctx.session, number, ctx.user, ctx.now))
        if needs:
            return ask_which(ctx, "need.claim", needs, "是哪一件？请回复：\n" + "\n".join(
                f"报到 {n.number}：{n.text[:20]}" for n in needs))
    return NOT_MINE
