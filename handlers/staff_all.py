"""Staff taking every pushed item that waits for them at once: 两个俺都接了 / 这俩都归俺 / 俺全报到
(a representative with several whistles waiting, a party member with several errands offered).
A word of all of them (两个, 俩, 几个, 全, 所有) is needed: a bare 都 (俺都报到了) may say "already".
The words left without it must be the take words of one item (staff_words' CLAIM_WORDS / ACCEPT).
"""
from __future__ import annotations

import re

from bot.dispatch import NOT_MINE, Context, Router
from bot.errands import accept
from bot.messages import did
from bot.needs import claim, claimable_for

from . import errand_texts, need_texts
from .staff_words import ACCEPT, CLAIM_WORDS, MEMBER, REP, _offered_to_me

router = Router("staff_all")

_ALL = re.compile(r"(?:这|那)?(?:两个|两件|两单|两样|俩|几个|几件|几单)|全部|全都|全|所有的?|一块儿?|一起|一并")


@router.reader(roles=MEMBER | REP)
def take_all(ctx: Context):
    """两个俺都接了: every need waiting (or errand offered) taken, each villager told."""
    if ctx.dialog.busy() or not _ALL.search(ctx.text) or len(ctx.text) > 30:
        return NOT_MINE
    rest = re.sub(r"都|也", "", _ALL.sub("", ctx.text)).strip(" ，,。.！!")
    roles = ctx.user.role_names
    if roles & REP and CLAIM_WORDS.match(rest) and len(needs := claimable_for(ctx.session, ctx.user)) > 1:
        outcomes = [(n.number, claim(ctx.session, n.number, ctx.user, ctx.now)) for n in needs]
        return did("need.claim" if any(o.ok for _, o in outcomes) else None,
                   "\n".join(need_texts.rep_outcome(number, o) for number, o in outcomes))
    if roles & MEMBER and (ACCEPT.match(rest) or CLAIM_WORDS.match(rest)) and len(errands := _offered_to_me(ctx)) > 1:
        outcomes = [(e.number, accept(ctx.session, e.number, ctx.user, ctx.now)) for e in errands]
        return did("errand.accept" if any(o.ok for _, o in outcomes) else None,
                   "\n".join(errand_texts.member_outcome(number, o) for number, o in outcomes))
    return NOT_MINE
