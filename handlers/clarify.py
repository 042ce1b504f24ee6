"""When the router cannot choose: ask with 2–3 numbered choices, then act on the pick."""
from __future__ import annotations

from flask import current_app

from bot.choices import parse_number
from bot.dispatch import NOT_MINE, Context, Router
from bot.messages import did
from bot.nlu import RouteResult
from bot.guides import get_guide

router = Router("clarify")
FLOW = "clarify"
MAX_CHOICES = 3

INTENT_LABELS = {
    "guide": "办事指南", "errand": "请党员帮忙代办", "mediation": "预约调解（吵架、纠纷）",
    "volunteer": "当志愿者、志愿活动", "need": "反映困难或问题", "canteen": "暖心食堂（老人吃饭）",
    "theme": "这个月的活动", "affairs": "村务公开、议事日", "bind": "登记村子、身份",
    "human": "找工作人员", "status": "查我办的事到哪一步了", "menu": "看看能办什么",
    "cancel": "不办了",
}


def _label(ctx: Context, intent: str, guide_id: str | None) -> str:
    if guide_id:
        guide = get_guide(ctx.session, guide_id)
        title = guide.title if guide else guide_id
        return f"请党员帮忙办{title}" if intent == "errand" else f"{title}怎么办"
    return INTENT_LABELS.get(intent, intent)


def _options(route: RouteResult) -> list[tuple[str, str | None]]:
    options: list[tuple[str, str | None]] = []
    for cand in route.candidates:
        key = (cand.intent, cand.guide)
        if cand.intent != "unknown" and key not in options:
            options.append(key)
        if len(options) == MAX_CHOICES:
            break
    return options


def ask_which(ctx: Context):
    """Offer the close candidates as numbered choices."""
    options = _options(ctx.route)
    if len(options) < 2:
        return current_app.extensions["dispatcher"].dispatch_route(ctx, ctx.route)
    ctx.dialog.start(FLOW, "pick", options=[list(o) for o in options])
    lines = ["您是想问哪一个？回复数字就行："]
    lines += [f"{n} {_label(ctx, intent, guide)}" for n, (intent, guide) in enumerate(options, 1)]
    lines.append(f"{len(options) + 1} 都不是，换个说法")
    return did("clarify.ask", "\n".join(lines))


@router.flow(FLOW, step="pick")
def pick(ctx: Context):
    """A number picks a choice; anything else is a new message."""
    options = ctx.dialog.slots.get("options", [])
    number = parse_number(ctx.text)
    ctx.dialog.finish()
    if number is None:
        return NOT_MINE
    if not 1 <= number <= len(options):
        return did("menu.show", "好的，请换个说法再说一遍，比如“低保怎么办”。找工作人员请回复“人工”。")
    intent, guide = options[number - 1]
    chosen = RouteResult(intent, guide, 1.0)
    return current_app.extensions["dispatcher"].dispatch_route(ctx, chosen)
