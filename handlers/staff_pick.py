"""Which one, after staff were asked (是哪一件？接单 1：… / 接单 2：…): the answer 第二个, 2, 后面那个,
or a word of the item (耕地那个) acts on that item as the bare command would have (接单, 不接, 报到).
Anything else leaves the question: the message goes on to the other handlers.
handlers/staff_words.py asks the question (ask_which); this module reads the answer.
"""
from __future__ import annotations

import re
from typing import Sequence

from bot.choices import parse_number, pick_named
from bot.dispatch import NOT_MINE, Context, Router
from bot.errands import accept, decline, errands_for_member
from bot.messages import Reply, did
from bot.needs import claim, claimable_for

from . import errand_texts, need_texts
from .mediation_staff import confirm_requested, requested

router = Router("staff_pick")
FLOW = "staff-pick"  # not a form: one answer, nothing is offered back

# The command words around the choice (第二个我接 / 接第二个吧 / 2号不接).
_AROUND = re.compile(r"^(?:那|就|好的?|行)?(?:我|俺)?(?:来)?(?:接单?|不接|报到|认领)?|"
                     r"(?:我|俺)?(?:来)?(?:接单?了?|不接了?|报到|认领|来办|去办|办|管)?(?:吧|(?<!末)了|啊)?$")
_FIRST = re.compile(r"^(?:头一|第一|前面|前边|上面|上边|上头)(?:个|件|单|那个|那件)?$")
_LAST = re.compile(r"^(?:最后|末了|后面|后边|下面|下边|下头)(?:一)?(?:个|件|单|那个|那件)?$")
_ORDINAL = re.compile(r"第|个|件|单")


def ask_which(ctx: Context, act: str, items: Sequence, text: str) -> Reply:
    """List `items` for `act` (errand.accept / errand.decline / need.claim) and wait for the choice."""
    ctx.dialog.start(FLOW, "which", act=act, numbers=[item.number for item in items])
    return did("clarify.ask", text)


def _items(ctx: Context, act: str, numbers: list[int]) -> list:
    if act == "mediation.confirm":
        pool = requested(ctx)
    else:
        pool = claimable_for(ctx.session, ctx.user) if act == "need.claim" else errands_for_member(ctx.session, ctx.user)
    by_number = {item.number: item for item in pool}
    return [by_number[n] for n in numbers if n in by_number]


def _describe(item) -> str:
    villager = item.villager
    village = villager.village.name if villager is not None and villager.village is not None else ""
    what = getattr(item, "matter", None) or getattr(item, "text", None) or \
        f"{getattr(item, 'kind', '')} {getattr(item, 'description', '')}"  # a booking
    return f"{what} {getattr(villager, 'name', '') or ''} {village}"


def picked(text: str, items: Sequence):
    """The item the answer points at: by its number, its place in the list, or a word of it."""
    rest = _AROUND.sub("", re.sub(r"[\s，,。.！!？?]+", "", text))
    if not rest:
        return None
    if _FIRST.match(rest):
        return items[0]
    if _LAST.match(rest):
        return items[-1]
    number = parse_number(rest)
    if number is not None:
        by_number = {str(item.number): item for item in items}  # a booking's number is text
        if str(number) in by_number and not _ORDINAL.search(rest):  # 2 / 2号: the item's own number
            return by_number[str(number)]
        return items[number - 1] if 1 <= number <= len(items) else None
    return pick_named(re.sub(r"(?:的)?(?:那个|那件|那单|这个|的事)$", "", rest), items, _describe)


_ANOTHER_TIME = re.compile(r"改|换|挪|推|不行|不中|没空|有事")


@router.flow(FLOW, step="which")
def take_choice(ctx: Context):
    """第二个 / 2 / 耕地那个 after 是哪一件？: the command on that item; else the question is left."""
    act, numbers = ctx.dialog.slots.get("act"), ctx.dialog.slots.get("numbers") or []
    ctx.dialog.finish()
    if act == "mediation.confirm" and _ANOTHER_TIME.search(ctx.text):
        return NOT_MINE  # 改到周五下午 after 确认哪个？: another time offered, not a choice (mediator_words)
    items = _items(ctx, act, numbers)
    item = picked(ctx.text, items) if items else None
    if item is None:
        return NOT_MINE
    if act == "mediation.confirm":
        return confirm_requested(ctx, item)
    if act == "need.claim":
        outcome = claim(ctx.session, item.number, ctx.user, ctx.now)
        return did(act if outcome.ok else None, need_texts.rep_outcome(item.number, outcome))
    run = accept if act == "errand.accept" else decline
    outcome = run(ctx.session, item.number, ctx.user, ctx.now)
    return did(act if outcome.ok else None, errand_texts.member_outcome(item.number, outcome))
