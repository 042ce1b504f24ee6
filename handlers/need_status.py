"""A villager asking after a need of their own by its words ("信号那事有信儿没", "俺说的栏杆有人管没").

The router alone may waver between reporting that problem again (need) and asking its progress
(status): the words name a road, the water, the signal. When the villager has a need still open
whose words share a piece with the question (两个字: 信号, 栏杆, 自来; or 水/电/路/桥/灯/网 said with
那事 / 那个事 / 的事), and the message asks how far it got, it is their status, not a new need.
"""
from __future__ import annotations

import re

from bot.limits import OPEN_NEED_STATES
from bot.dispatch import NOT_MINE, Context, Router
from bot.messages import Reply, did
from bot.models import Need
from bot.needs import needs_of_villager

from . import need_texts as texts

router = Router("need_status")

# How far it got, asked: 有信儿没 / 咋样了 / 有人管没 / 修了没 / 还没动静 / 到哪一步了.
ASKS_PROGRESS = re.compile(
    r"有信儿?|有信没|有消息|没消息|有回音|有动静|没动静|咋样了|怎么样了|啥样了|到哪一?步|到哪了|办到哪|有进展|进展|"
    r"有人管|管了?没|接了?没|修了?没|修好了?没|弄了?没|弄好了?没|来人了?没|来没来人|还没(?:修|弄|来|管|人管|动)|"
    r"(?:啥|什么)时候(?:能|才|给|来人)?(?:来|修|弄|管|好)|咋还没|怎么还没|[\u4e00-\u9fff]了没有?\s*$|"
    # done, asked to be sure (弄完了是吧 / 修好了吧 / 是不是办完了)
    r"(?:弄|办|修|干|整)(?:完|好)了?(?:是吧|是不|吧|吗|没)|完事了?(?:是吧|吧|吗|没)|是不是(?:弄|办|修|干)(?:完|好)")
_DONE_ASKED = re.compile(r"(?:完|好)了?(?:是吧|是不|吧|吗|没)|完事|是不是")
_MATTER = re.compile(r"(?:那|这)个?事|的事|那件|(?:那|这)个?[水电路桥灯网沟井]")
_HEADS = "水电路桥灯网沟井"
_FILLERS = re.compile(r"^(?:俺们|我们|咱们|这个|那个|一下|的事|事情|有人|没有|咋样|怎么|还没|反映|说的|俺说|我说|有信|时候)$")


def _names(text: str, need: Need) -> bool:
    """The question shares two characters with the need's words, or names its kind (水, 路…) with 那事."""
    words = need.text
    for i in range(len(text) - 1):
        piece = text[i:i + 2]
        if piece in words and not _FILLERS.match(piece) and all("\u4e00" <= ch <= "\u9fff" for ch in piece):
            return True
    return bool(_MATTER.search(text)) and any(ch in text and ch in words for ch in _HEADS)


@router.reader()
def own_need_asked(ctx: Context) -> Reply | object:
    """信号那事有信儿没 from a villager with an open need about the signal: their records."""
    if ctx.dialog.busy() or not ASKS_PROGRESS.search(ctx.text) or len(ctx.text) > 40:
        return NOT_MINE
    mine = needs_of_villager(ctx.session, ctx.user)
    open_needs = [n for n in mine if n.state in OPEN_NEED_STATES]
    asked = open_needs if not _DONE_ASKED.search(ctx.text) else mine  # 弄完了是吧: a closed one too
    if not any(_names(ctx.text, need) for need in asked):
        return NOT_MINE
    return did("status.show", texts.villager_list(mine))
