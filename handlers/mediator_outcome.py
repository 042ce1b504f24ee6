"""How a mediation ended, told at length (a voice run-on, a story of the day) once it has been held:
这个事俺们调不了涉及到钱太多了让他们上法院起诉去吧 (passed on), 吵了一上午谁也不让谁 (not reached),
老两口当场就和好了 (reached). mediator_words reads the short shapes first; this reader looks for the
words anywhere, and only when exactly one booking of the mediator's rooms was held lately and is open.
"""
from __future__ import annotations

import re


from bot import mediation
from bot.dispatch import NOT_MINE, Context, Router
from bot.messages import did

from .mediator_words import MEDIATOR, held_lately

router = Router("mediator_outcome")

# Passed on to another body (让他们上法院起诉去 / 交给司法所了 / 只能打官司了).
_MOVED = re.compile(r"(?:上|去|到|找|转|交|推)(?:给)?(?:法院|法庭|司法所|派出所|综治中心|信访|律师)|起诉|打官司|走法律程序")
# Not reached (调不了 / 谁也不让谁 / 还是犟着 / 没弄到一块 / 没来).
_FAILED = re.compile(r"调不了|调不成|调不开|没调成|没调好|谁也不让谁|谁都不让|不让步|犟着|僵着|顶牛|没(?:谈|说|弄|整)(?:成|拢|妥|通|到一块)|"
                     r"谈崩|吵起来|打起来|不同意|不答应|不认账|(?:没|不)(?:来|到|露面)")
# Reached (当场就和好了 / 签了字 / 握手了 / 钱当场给了 / 都同意了).
_REACHED = re.compile(r"和好|和解|说和|调成|调好|谈妥|谈成|谈拢|签了?(?:字|协议|调解书)|握手|赔了?礼|道了?歉|认错|(?:都|也)同意了|"
                      r"(?:钱|账)(?:当场)?(?:给|还|结|付)了|不闹了|不吵了|解决了")
_ASKS = re.compile(r"[吗么?？]\s*$|咋办|怎么办|咋弄|怎么弄")


def _last_said(text: str) -> str | None:
    """The outcome the story ends on (吵起来了 后来和好了: reached); passed on wins wherever it is said."""
    if _MOVED.search(text):
        return "转交"
    ends = [(max((m.end() for m in words.finditer(text)), default=-1), word)
            for words, word in ((_FAILED, "未成功"), (_REACHED, "成功"))]
    end, word = max(ends)
    return word if end >= 0 else None


@router.reader(roles=MEDIATOR)
def outcome_at_length(ctx: Context):
    """The outcome words anywhere in a longer message, of the one mediation held lately."""
    text = ctx.text.strip()
    if ctx.dialog.busy() or len(text) < 6 or _ASKS.search(text):
        return NOT_MINE
    word = _last_said(text)
    if word is None:
        return NOT_MINE
    held = held_lately(ctx, 2)
    if len(held) != 1:
        return NOT_MINE
    booking = held[0]
    mediation.record_outcome(ctx.session, booking, word, text[:500], ctx.user.id, ctx.now, ctx.tz)
    return did("mediation.outcome", f"已记下：{booking.number}号 {booking.outcome}。已告诉群众。")
