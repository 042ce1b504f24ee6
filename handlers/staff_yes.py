"""A bare yes from staff right after a push of an item (好的 / 行 / 中 / 收到 / 没问题 after 代办 or
吹哨 pushes): it takes the item of that push, as 回复1 would. Two pushes of one round cannot be told
apart: the staff member is asked which (staff_pick reads the answer). The item must be the newest
thing the user was told of and still waiting for them; otherwise a yes is only a yes (smalltalk).
A can't in words (那天俺有事) right after an errand push passes it on, as 回复2 would; an excuse with
no can't in it (俺不在家 在济南看病呢) is asked about (clarify.ask), never read as a guide question.
The numbered and worded commands are handlers/staff_words.py.
"""
from __future__ import annotations

import re
from datetime import timedelta

from bot import context
from bot.dispatch import NOT_MINE, Context, Router
from bot.errands import accept, decline
from bot.messages import did
from bot.needs import claim, claimable_for

from .answer_words import says_cant
from .staff_pick import ask_which
from .staff_words import MEMBER, REP, _member_did, _offered_to_me, _rep_did

router = Router("staff_yes")

BARE_YES = re.compile(r"^\s*(?:好的?|好嘞|行|中|可以|没问题|收到了?|得嘞|妥了|嗯嗯?|ok|OK)"
                      r"(?:[，,\s]*(?:好的?|行|中|可以|没问题|收到了?))?\s*(?:吧|啊|呀|哈|了)?\s*[。.!！]?\s*$")
# Pushes this close together came in one round: a yes cannot tell them apart.
_SAME_ROUND = timedelta(minutes=2)


def _pushed_items(ctx: Context, kind: str, waiting: dict) -> list:
    """The waiting items of `kind` pushed in the newest round, when a push of `kind` is the newest
    thing the user was told of (a guide read since, or another kind pushed since: none)."""
    items = context.recent(ctx.session, ctx.user.openid, context.ANSWERABLE, ctx.now)
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
    return take_newest_push(ctx)


def take_newest_push(ctx: Context, errands: bool = True):
    """The item of the newest push still waiting for this staff member, taken (an errand accepted,
    a need claimed); two of one round: which one; none: not ours. `errands`: False for words that
    answer a whistle only (到)."""
    roles = ctx.user.role_names
    if roles & MEMBER and errands:
        offered = {e.number: e for e in _offered_to_me(ctx)}
        taken = _take(ctx, _pushed_items(ctx, "errand", offered), "errand.accept", "接单", lambda e: e.matter,
                      lambda number: _member_did("errand.accept", number, accept(ctx.session, number, ctx.user, ctx.now)))
        if taken is not NOT_MINE:
            return taken
    if roles & REP:
        waiting = {n.number: n for n in claimable_for(ctx.session, ctx.user)}
        return _take(ctx, _pushed_items(ctx, "need", waiting), "need.claim", "报到", lambda n: n.text[:20],
                     lambda number: _rep_did("need.claim", number, claim(ctx.session, number, ctx.user, ctx.now)))
    return NOT_MINE


def _take(ctx: Context, pushed: list, act: str, word: str, gist, take):
    """One item pushed: `take` it; several of one round: which one (staff_pick reads the answer)."""
    if len(pushed) == 1:
        return take(pushed[0].number)
    if pushed:
        return ask_which(ctx, act, pushed, "是哪一件？请回复：\n" + "\n".join(f"{word} {i.number}：{gist(i)}" for i in pushed))
    return NOT_MINE


# Being away or unwell, said as the reason one cannot go (no question in it).
_AWAY = re.compile(r"不在家|不在村|在外地|在外面|在外头|出门了|出远门|在城里|在县里|在济南|在临沂|住院|在医院|看病|"
                   r"生病|病了|发烧|感冒|腿疼|腰疼|闪了腰|走不开|脱不开身")
# 呢 after a statement states (在济南看病呢); 吗 / 么 ask.
_ASKS = re.compile(r"[?？吗么]\s*$|咋|怎么|啥|什么|哪|多少|能不能|可不可以|有没有")


@router.reader(roles=MEMBER)
def cant_after_push(ctx: Context):
    """那天俺有事 (a can't) or 俺不在家 在济南看病呢 (an excuse) right after an errand push."""
    text = ctx.text.strip()
    if ctx.dialog.busy() or len(text) > 30 or _ASKS.search(text):
        return NOT_MINE
    cant, away = says_cant(text), _AWAY.search(text) is not None
    if not (cant or away):
        return NOT_MINE
    offered = {e.number: e for e in _offered_to_me(ctx) if e.state == "offered"}
    errands = _pushed_items(ctx, "errand", offered)
    if len(errands) != 1:
        return NOT_MINE  # several: the worded commands ask which
    number = errands[0].number
    if cant:
        return _member_did("errand.decline", number, decline(ctx.session, number, ctx.user, ctx.now))
    return did("clarify.ask", f"您是说{number}号代办（{errands[0].matter}）这回接不了吗？\n"
                              f"接不了请回复2，我转给别的党员；能接请回复1。")
