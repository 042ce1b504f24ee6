"""Staff answering a push in their own run-on words, when the strict command words (staff_words,
mediator_words, staff_yes) did not read them: the word that matters is found inside the chatter.

- 收到收到 下午过去拿材料 / 喂这个单子俺接了啊明天上午俺去她家 (an errand push) → accepted;
- 到 / 这事俺接了啊俺下午过去看看 (a whistle push) → claimed;
- 喂后天上午人凑不齐下礼拜二上午十点吧 (a booking waiting for the mediator) → that time offered.

Only for the item of the newest push that still waits for this staff member (one item; two of
one round: which one), never for a question, a can't, or words the router reads as a new request.
"""
from __future__ import annotations

import re

from bot.dispatch import NOT_MINE, Context, Router, is_new_request
from bot.nlu.dates import parse_day

from bot.errands import accept
from bot.needs import claim, claimable_for

from . import mediation_staff
from .answer_words import may_say_cant, says_cant
from .mediation_staff import confirm_requested, requested
from .mediator_words import MEDIATOR
from .push_pointers import leading_number
from .staff_words import ACCEPT, CLAIM, MEMBER, REP, _member_did, _offered_to_me, _rep_did
from .staff_yes import take_newest_push

router = Router("staff_spotted")

# Taking the item, somewhere in the words.
_TAKES = re.compile(r"接了|接下|接单|收下|(?:我|俺)接|收到|报到|报道|认领|交给(?:我|俺)|(?:我|俺)(?:们组?)?(?:来)?(?:管|负责)了|(?:我|俺)(?:来|去)(?:办|管|弄|处理|看看|跑)|"
                    r"(?:我|俺)(?:这就|马上|下午|上午|晚上|早上|后晌|前晌|晌午|傍黑|一早|明早|今早|明天|明儿个?|后天|今天|一会儿?)*(?:就)?(?:去|过去)|"
                    # 这个俺来 后晌过去: 俺来 closing its clause takes the item
                    r"(?:我|俺)来(?=[，,。.！!\s]|$)|"
                    r"这就去|马上去|马上过去|"
                    # going once something else is done (等俺从地里回来就去 / 忙完这阵就过去办)
                    r"(?:等|忙完|回来|完事|吃了饭|吃完饭|下了班|收了工)[\u4e00-\u9fff]{0,10}?(?:就|再)(?:去|过去|办|跑一趟)")
# Words that take an item whatever else the message names; or a yes first, then going
# (行嘞 俺明儿个上午去恁家拿身份证: the card is what the errand needs, not a question about it).
_STRONG_TAKE = re.compile(r"接了|接下|接单|收下|报到|报道|认领|(?:我|俺)(?:们组?)?(?:来)?(?:管|负责)了|"
                          r"^(?:好的?|好嘞|行嘞?|中|收到了?|没问题|得嘞|妥了)(?:[，,。.！!\s]|(?:好的?|好嘞|行嘞?|中|收到了?|得嘞))")
# Asking for the list of what waits (待确认的调解 / 待认领 / 等俺确认的): work, not an answer.
_LIST_ASKED = re.compile(r"待(?:确认|认领|办|处理)|等(?:着)?(?:我|俺)?(?:去)?(?:确认|认领)|要(?:我|俺)?(?:去)?(?:确认|认领)的|的(?:调解|需求|预约)$")
# The roll-call answer to a whistle: 到 / 到了 / 到！
_PRESENT = re.compile(r"^\s*到(?:了|啦)?\s*[!！。.]?\s*$")
# Not taking: a refusal, or asking something.
_REFUSES = re.compile(r"不接|接不了|没法接|不能接|别找(?:我|俺)|不归(?:我|俺)")
# (有要俺确认的没 / 定了没有: a 没 closing the sentence asks too)
_ASKS = re.compile(r"[?？吗么]\s*$|(?:的|了)(?:没有?|不)\s*$|咋|怎么|啥|什么|哪|多少|能不能|可不可以|有没有|是不是|行不行|中不中|(?:有|还有)几")
# A mediator wanting another day: the day named cannot be kept.
_CHANGE = re.compile(r"凑不齐|凑不到一块|来不了|去不了|不行|不中|有事|没空|开会|出门|改|换|挪|推|往后|再往后|吧")


# Taking back what was just said (这个事儿不归俺管吧 哦不对 俺是农业组的 那俺报到吧): the words after count.
_TAKES_BACK = re.compile(r"(?:哦|噢|哎|唉)?(?:不对不对|不对|等等|说错了|弄错了)")


def _takes(text: str) -> bool:
    if (back := _TAKES_BACK.search(text)) is not None and _REFUSES.search(text[:back.start()]):
        text = text[back.end():]  # the refusal taken back: what is said after it
    first = re.split(r"[，,。.！!\s]+", text.strip(), maxsplit=1)
    if len(first) > 1 and ACCEPT.match(first[0]) and not _REFUSES.search(text):
        return True  # 接了 她家住哪: taken first, then a question of the work
    if len(text) > 60 or _ASKS.search(text) or _REFUSES.search(text):
        return False
    if may_say_cant(text) and says_cant(text):
        return False
    return bool(_TAKES.search(text))


@router.reader(roles=MEMBER | REP)
def taken_in_own_words(ctx: Context):
    """An errand or whistle push answered by a taking word inside other words."""
    text = ctx.text.strip()
    roles = ctx.user.role_names
    present = bool(roles & REP) and _PRESENT.match(text) is not None
    if ctx.dialog.busy() or not (present or _takes(text)) or _LIST_ASKED.search(text):
        return NOT_MINE
    if ACCEPT.match(text) or CLAIM.match(text):
        return NOT_MINE  # a bare 报到 / 接单 the command words left: several waiting are listed there
    offered = _offered_to_me(ctx) if ctx.user.role_names & MEMBER and not present else []
    named = _offered_of_the_matter(ctx, offered)
    if not _STRONG_TAKE.search(text) and is_new_request(ctx, ("errand", "need")) and not named:
        return NOT_MINE  # 社保卡的事我接了啊: 接了 takes the errand whatever matter it names
    errand, _ = leading_number(text, offered, lambda e: e.number)  # 2 接了 俺下午去
    errand = errand or (named[0] if len(named) == 1 else None)
    if errand is not None:
        return _member_did("errand.accept", errand.number, accept(ctx.session, errand.number, ctx.user, ctx.now))
    if roles & REP:
        need, _ = leading_number(text, claimable_for(ctx.session, ctx.user), lambda n: n.number)
        if need is not None:
            return _rep_did("need.claim", need.number, claim(ctx.session, need.number, ctx.user, ctx.now))
    return take_newest_push(ctx, errands=not present)


def _offered_of_the_matter(ctx: Context, offered: list) -> list:
    """The errands offered to this member of the matter the router reads in the words as a guide
    question (收到收到这个高龄津贴的事俺来办…): the words are about that errand, not a new question."""
    guide = getattr(ctx.route, "guide", None)
    return [e for e in offered if guide is not None and e.guide_id == guide]


@router.reader(roles=MEDIATOR)
def other_time_in_own_words(ctx: Context):
    """A booking waiting for the mediator, answered with a reason and another day in one run."""
    text = ctx.text.strip()
    if ctx.dialog.busy() or len(text) > 60 or _ASKS.search(text) or not _CHANGE.search(text):
        return NOT_MINE
    waiting = requested(ctx)
    if len(waiting) != 1 or (when := mediation_staff.other_time_named(ctx, waiting[0], text)) is None:
        return NOT_MINE
    return mediation_staff.offer_time(ctx, waiting[0], when)


# The mediator agreeing in other words (行嘞 确认了 / 知道了 确认 / 收到 按时到).
_CONFIRMS = re.compile(r"确认|确定|收到|没问题|知道了|就这么定|按时到|准到|中啊|行嘞")


@router.reader(roles=MEDIATOR)
def confirmed_in_own_words(ctx: Context):
    """One booking waiting for the mediator, agreed to in words around 确认."""
    text = ctx.text.strip()
    if ctx.dialog.busy() or len(text) > 30 or _ASKS.search(text) or not _CONFIRMS.search(text) \
            or _LIST_ASKED.search(text):
        return NOT_MINE
    if parse_day(text, ctx.now, ctx.tz) is not None or (may_say_cant(text) and says_cant(text)) or _REFUSES.search(text):
        return NOT_MINE
    waiting = requested(ctx)
    return confirm_requested(ctx, waiting[0]) if len(waiting) == 1 else NOT_MINE
