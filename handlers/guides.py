"""Service guides (明白纸) in chat: the first screen, numbered follow-ups, the list of matters.

Flow `guide`:
  step `followup` (slot `guide`): 1 材料, 2 步骤, 3 去哪办/电话, 4 请党员代办 (→ errands);
  step `pick` (slot `guides`): a number from the list of matters opens that guide.
Text that is not a follow-up returns NOT_MINE, so the dispatcher routes it as usual.
"""
from __future__ import annotations

from bot.choices import parse_number, strip_punctuation
from bot.dispatch import NOT_MINE, Context, Router
from bot.messages import Reply, did
from bot.guides import GuideView, get_guide, list_guides

from .guide_replies import first_reply, materials_reply, matters_list, steps_reply, where_reply

router = Router("guides")
FLOW = "guide"

# Words that ask for a follow-up of the open guide, most specific first.
_FOLLOWUP_WORDS = (
    ("4", ("代办", "帮我办", "帮办", "帮忙办", "替我办", "帮我跑", "找党员", "请党员")),
    ("1", ("材料", "带什么", "带啥", "要带", "拿什么", "拿啥", "准备什么", "准备啥", "证件")),
    ("2", ("步骤", "流程", "程序", "怎么办理", "咋办理", "怎么弄", "咋弄", "过程")),
    ("3", ("电话", "去哪", "在哪", "哪里办", "哪儿办", "地址", "地点", "窗口", "多少钱", "费用", "收费", "花钱")),
)
# Choice 3 answers place, phone and fees together; the action names the part asked.
_WHERE_PARTS = (("guide.phone", ("电话", "号码")), ("guide.cost", ("多少钱", "费用", "收费", "花钱")))
_MAX_FOLLOWUP_WORDS_LEN = 12  # longer text is a new question, not a follow-up


def followup_choice(text: str) -> tuple[str | None, bool]:
    """('1'..'4' or None, whether it was a bare number)."""
    number = parse_number(text)
    if number is not None:
        return (str(number), True) if 1 <= number <= 4 else (None, True)
    words = strip_punctuation(text)
    if not words or len(words) > _MAX_FOLLOWUP_WORDS_LEN:
        return None, False
    for choice, keywords in _FOLLOWUP_WORDS:
        if any(k in words for k in keywords):
            return choice, False
    return None, False


def where_action(text: str) -> str:
    """The part of choice 3 (place, phone, fees: one reply) that the words asked for."""
    for action, keywords in _WHERE_PARTS:
        if any(k in text for k in keywords):
            return action
    return "guide.where"


def villager_township(ctx: Context) -> str | None:
    village = getattr(ctx.user, "village", None)
    area = getattr(village, "area", None)
    return area.township if area is not None and area.township else None


def open_guide(ctx: Context, guide: GuideView) -> Reply:
    ctx.dialog.start(FLOW, "followup", guide=guide.id)
    return did("guide.show", first_reply(guide, villager_township(ctx)), guide.id)


def show_matters(ctx: Context) -> Reply:
    guides = list_guides(ctx.session)
    if not guides:
        return did("menu.show", "办事指南还没准备好。请回复“人工”找工作人员。")
    ctx.dialog.start(FLOW, "pick", guides=[g.id for g in guides])
    return did("guide.list", matters_list(guides))


@router.intent("guide")
def guide_intent(ctx: Context):
    """How to get a matter done: the guide's first screen, or the list of matters."""
    guide = get_guide(ctx.session, getattr(ctx.route, "guide", None))
    return open_guide(ctx, guide) if guide is not None else show_matters(ctx)


@router.flow(FLOW, step="pick")
def pick_matter(ctx: Context):
    """A number from the list of matters opens that guide."""
    ids = ctx.dialog.slots.get("guides") or []
    number = parse_number(ctx.text)
    if number is None or not 1 <= number <= len(ids):
        return NOT_MINE
    guide = get_guide(ctx.session, ids[number - 1])
    return open_guide(ctx, guide) if guide is not None else NOT_MINE


@router.flow(FLOW, step="followup")
def guide_followup(ctx: Context):
    """1 materials, 2 steps, 3 where/phone, 4 ask a party member to handle it."""
    guide = get_guide(ctx.session, ctx.dialog.slots.get("guide"))
    if guide is None:
        ctx.dialog.finish()
        return NOT_MINE
    choice, bare_number = followup_choice(ctx.text)
    if choice is None:
        return NOT_MINE
    if not bare_number:
        routed = getattr(ctx.route, "guide", None)
        if routed and routed != guide.id:  # words about another matter: a new question
            return NOT_MINE
    if choice == "4":
        return hand_over_to_errand(ctx, guide.id)
    if choice == "1":
        return did("guide.materials", materials_reply(guide), guide.id)
    if choice == "2":
        return did("guide.steps", steps_reply(guide), guide.id)
    return did(where_action(ctx.text), where_reply(guide, villager_township(ctx)), guide.id)


def hand_over_to_errand(ctx: Context, guide_id: str):
    """Ask a party member of the villager's area to handle this matter (the errand flow)."""
    from handlers.errands import start_errand  # at call time: the errands module owns that flow

    return start_errand(ctx, guide_id)
