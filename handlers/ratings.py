"""Ratings in words (挺好的，谢谢党代表 / 还行 / 不满意 / 没修好) for the villager's latest done need or errand."""
from __future__ import annotations

import re

from bot.dispatch import NOT_MINE, Context, Router
from bot.errands import rate_errand
from bot.errands.rules import awaiting_rating as errand_to_rate
from bot.messages import did
from bot.needs import rate
from bot.needs.rules import awaiting_rating as need_to_rate

from . import need_texts

router = Router("ratings")

# Not satisfied first: 不满意 contains 满意, 没修好 contains 好.
_UNHAPPY = re.compile(r"不满意|没(?:有)?(?:修|办|弄|整|搞)好|没(?:有)?解决|还没好|不行|不好|太慢|差劲|糊弄|应付|不管用|又坏")
_HAPPY = re.compile(r"满意|挺好|很好|真好|不错|还行|还可以|可以|行了|好了|谢谢|感谢|多谢|辛苦|麻烦你们了|给力|靠谱")
# Short words only: a long message is a new matter, not a rating.
MAX_RATING_CHARS = 30


def rating_in(text: str) -> bool | None:
    """True (satisfied), False (not), or None when the words are not a rating."""
    if len(text) > MAX_RATING_CHARS or "?" in text or "？" in text:
        return None
    if _UNHAPPY.search(text):
        return False
    return True if _HAPPY.search(text) else None


@router.command(r"^.{1,30}$", free=True)
def rating_words(ctx: Context):
    """A rating in words when something of the villager's was done and not rated yet."""
    satisfied = rating_in(ctx.text)
    if satisfied is None or ctx.dialog.busy():
        return NOT_MINE
    need = need_to_rate(ctx.session, ctx.user)
    errand = errand_to_rate(ctx.session, ctx.user, ctx.now)
    if need is None and errand is None:
        return NOT_MINE  # 谢谢 with nothing to rate is small talk
    words = ctx.text.strip()
    if need is not None and (errand is None or (need.closed_at or ctx.now) >= (errand.done_at or ctx.now)):
        outcome = rate(ctx.session, ctx.user, satisfied, need.number, note=words, now=ctx.now)
        return did("need.rate" if outcome.ok else None, need_texts.rating_reply(outcome))
    outcome = rate_errand(ctx.session, ctx.user, satisfied, words, ctx.now)
    if not outcome.ok:
        return NOT_MINE
    if satisfied:
        return did("errand.rate", f"谢谢您！{outcome.item.number}号代办的评价记下了，会转告帮您办事的党员。")
    return did("errand.rate", f"记下了：{outcome.item.number}号代办您不满意。片区会再联系您，"
               "有啥没办好，可以直接说，我转给工作人员（回复“人工”）。")
