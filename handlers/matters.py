"""Village major matters in chat: "村里修路的事到哪一步了" → that matter's 四议两公开 steps.

The matter is found among the villager's own village's matters by its name or keywords
(bot/matters/lookups.py); several close ones are offered as numbered choices (flow `matters`,
step `pick`, slot `ids`). A question that names none of the village's matters is not this
module's: "我申请的事到哪一步了" goes on to status. "四议两公开" or "村里的大事" lists the
village's matters. Only what villagers may read is shown (bot/matters/texts.py).
"""
from __future__ import annotations

import re

from bot import matters
from bot.choices import parse_number
from bot.dispatch import NOT_MINE, Context, Router
from bot.messages import Reply, did

from .account import ask_village_then, continuation

router = Router("matters")
FLOW = "matters"
LISTED = 6

PROGRESS = re.compile(r"到哪一步|到哪步|到了哪一步|办到哪|弄到哪|到哪了|进展|进度|咋样了|怎么样了|什么程度|"
                      r"定了没|定了吗|开始了没|啥时候修|什么时候修|议得怎么样|通过了没|通过了吗|"
                      # a decision or the work asked after: 定下来没, 批下来了吗, 开工了不, 有信儿没, 啥时候动工
                      r"(?:定|批|通过|决定|研究|商量|议|开工|动工|开干|落实)(?:了|下来了?|好了?|出来了?)?(?:没有?|吗|么|不)$|"
                      r"有(?:信儿?|眉目|动静|结果|准信儿?|说法)(?:了)?(?:没有?|吗|么|不)$|(?:啥|什么)时候(?:动工|开工|开干|弄|干|开始)|"
                      r"(?:咋|怎么)(?:定|决定|说)的|(?:议|定|商量)(?:出)?(?:个|了)?(?:啥|什么)(?:结果)?")
# The villager's own requests are status's ("我申请的…", "我报的…", "我的…").
OWN = re.compile(r"(我|俺|咱)(家)?(上回|上次|之前|前几天)?(申请|预约|报名|反映|提交|报|提|约|找|托|请)的|我的|俺的|代办|预约")
LIST_WORDS = re.compile(r"四议两公开|重大事项|村里的?大事|村级大事|村里.{0,4}议的事|"
                        # how the village decides a collective matter: "村里要把集体那片林子包出去 得走啥程序"
                        r"(村里|村上|集体|大队).{0,16}(得|要|该)?(走|经过|按)?(什么|啥|哪些)(程序|流程|手续)|"
                        r"(集体|村集体).{0,16}(谁说了算|谁定|怎么定|咋定|怎么决定|咋决定)")


def _show(ctx: Context, matter) -> Reply:
    ctx.dialog.finish()
    return did("affairs.matter", matters.texts.matter_text(matter, ctx.tz))


def _choose(ctx: Context, found, heading: str) -> Reply:
    ctx.dialog.start(FLOW, "pick", ids=[m.id for m in found])
    lines = [heading] + [f"{i} {matters.texts.choice_line(m)}" for i, m in enumerate(found, 1)]
    return did("clarify.ask", "\n".join(lines))


def answer_matter(ctx: Context, text: str) -> Reply | object:
    """The matter the words name in the villager's village, choices, or NOT_MINE."""
    if ctx.user.village is None:
        return NOT_MINE
    found = matters.find_matters(ctx.session, ctx.user.village_id, text)
    if not found:
        return NOT_MINE
    if len(found) == 1:
        return _show(ctx, found[0])
    return _choose(ctx, found[:LISTED], "您问的是哪一件事？回复数字：")


def list_matters(ctx: Context) -> Reply:
    """The village's recorded matters, to pick one by number."""
    village = ctx.user.village
    found = matters.village_matters(ctx.session, village.id)[:LISTED]
    if not found:
        ctx.dialog.finish()
        return did("affairs.matter", f"{village.name}现在没有登记的村级重大事项。村里的大事按“四议两公开”办："
                   "党支部提议、两委商议、党员大会审议、村民代表会议决议、决议公开、实施结果公开。")
    return _choose(ctx, found, f"{village.name}的村级重大事项，回复数字看办到哪一步：")


@continuation("matters")
def after_village(ctx: Context, slots: dict):
    """Continue after the villager named their village (see `ask_village_then`)."""
    text = slots.get("text") or ""
    result = answer_matter(ctx, text)
    return list_matters(ctx) if result is NOT_MINE else result


@router.command(PROGRESS.pattern)
def matter_progress(ctx: Context):
    """"修路的事到哪一步了": the village's matter of that name, when there is one."""
    if OWN.search(ctx.text):
        return NOT_MINE
    return answer_matter(ctx, ctx.text)


@router.command(LIST_WORDS.pattern)
def matter_list(ctx: Context):
    """四议两公开 / 村里的大事: a named matter, else the village's matters."""
    if ctx.user.village is None:
        return did("bind.ask", ask_village_then(ctx, after_village,
                                                "村里的大事是按村公开的。", text=ctx.text[:200]))
    result = answer_matter(ctx, ctx.text)
    return list_matters(ctx) if result is NOT_MINE else result


@router.flow(FLOW, step="pick")
def pick_matter(ctx: Context):
    """A number from the last list of matters."""
    ids = ctx.dialog.slots.get("ids") or []
    number = parse_number(ctx.text)
    if number is None or not 1 <= number <= len(ids) or ctx.user.village is None:
        return NOT_MINE
    matter = matters.matter_in_village(ctx.session, ctx.user.village_id, ids[number - 1])
    if matter is None:
        ctx.dialog.finish()
        return Reply("没找到这件事。回复“四议两公开”看本村的大事。")
    return _show(ctx, matter)
