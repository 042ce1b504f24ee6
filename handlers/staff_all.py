"""Staff taking every pushed item that waits for them at once: 两个俺都接了 / 这俩都归俺 / 俺全报到 /
俩都确认 (a representative with several whistles waiting, a party member with several errands offered,
a mediator with several bookings to confirm); 俩都办完了 closes every item in hand.
A word of all of them (两个, 俩, 几个, 全, 所有) is needed: a bare 都 (俺都报到了) may say "already".
The words left without it must be the take words of one item (staff_words' CLAIM_WORDS / ACCEPT).
"""
from __future__ import annotations

import re

from bot.dispatch import NOT_MINE, Context, Router
from bot.errands import accept
from bot.messages import did
from bot.needs import claim, claimable_for, held_by

from . import errand_texts, need_texts
from .mediation_staff import confirm_requested, requested
from .mediator_words import CONFIRM, MEDIATOR
from .staff_words import ACCEPT, CLAIM, CLAIM_WORDS, FINISH, MEMBER, REP, _accepted_by_me, _finish, _offered_to_me

router = Router("staff_all")

# The count may name the items (两个单子 / 俩活儿 / 这几件事).
_ALL = re.compile(r"(?:这|那)?(?:两个|两件|两单|两样|俩|几个|几件|几单)(?:的)?(?:单子?|事儿?|事情|活儿?|需求|问题)?|"
                  r"全部|全都|全|所有的?|一块儿?|一起|一并")
# After the take words a clause may tell when or how (俺都接了 明天上午一趟去街道办): the first clause takes.
_FIRST_CLAUSE = re.compile(r"[，,。.！!；;\s]+")


# A mediator's 都中 / 都确认 / 都行 with several bookings waiting: a bare 都 before the yes is all of them
# (a booking cannot be confirmed "already" by its own mediator).
_BOTH_YES = re.compile(r"^\s*(?:这|那)?(?:俩|两个|几个)?(?:俺|我)?都(?:中|行|成|可以|确认|同意|没问题|定了)(?:吧|了|啊)?\s*[。.!！]?\s*$")


@router.reader(roles=MEMBER | REP | MEDIATOR)
def take_all(ctx: Context):
    """两个俺都接了: every need waiting (or errand offered) taken, each villager told."""
    if ctx.user.role_names & MEDIATOR and _BOTH_YES.match(ctx.text) and len(bookings := requested(ctx)) > 1:
        return did("mediation.confirm", "\n".join(confirm_requested(ctx, b).text for b in bookings))
    if ctx.dialog.busy() or not _ALL.search(ctx.text) or len(ctx.text) > 30:
        return NOT_MINE
    rest = re.sub(r"都|也", "", _ALL.sub("", ctx.text)).strip(" ，,。.！!")
    first = _FIRST_CLAUSE.split(rest)[0]
    roles = ctx.user.role_names
    if roles & REP and any(CLAIM.match(r) or CLAIM_WORDS.match(r) for r in (rest, first)) and len(needs := claimable_for(ctx.session, ctx.user)) > 1:
        outcomes = [(n.number, claim(ctx.session, n.number, ctx.user, ctx.now)) for n in needs]
        return did("need.claim" if any(o.ok for _, o in outcomes) else None,
                   "\n".join(need_texts.rep_outcome(number, o) for number, o in outcomes))
    if roles & MEMBER and any(ACCEPT.match(r) or CLAIM_WORDS.match(r) for r in (rest, first)) and len(errands := _offered_to_me(ctx)) > 1:
        outcomes = [(e.number, accept(ctx.session, e.number, ctx.user, ctx.now)) for e in errands]
        return did("errand.accept" if any(o.ok for _, o in outcomes) else None,
                   "\n".join(errand_texts.member_outcome(number, o) for number, o in outcomes))
    in_hand = (list(held_by(ctx.session, ctx.user)) if roles & REP else []) + (_accepted_by_me(ctx) if roles & MEMBER else [])
    if FINISH.match(rest) and len(in_hand) > 1:  # 俩都办完了 / 两个都弄好了: every item in hand closed
        replies = [_finish(ctx, ctx.text.strip()[:500], item.number) for item in in_hand]
        actions = [r.action for r in replies if getattr(r, "action", None)]
        return did(actions[0] if actions else None, "\n".join(r.text for r in replies if hasattr(r, "text")))
    if roles & MEDIATOR and CONFIRM.match(rest) and len(bookings := requested(ctx)) > 1:
        replies = [confirm_requested(ctx, b) for b in bookings]
        return did("mediation.confirm", "\n".join(r.text for r in replies))
    return NOT_MINE
