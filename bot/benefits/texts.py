"""Words of the benefits check: its five questions, the answer with reasons and next steps."""
from __future__ import annotations

from .loader import Rule

ASK_AGES = "帮您看看能领哪些补贴，问您5个问题。\n1/5 家里每个人多大岁数？用空格隔开说，比如“82 78 50”。"
ASK_DISABILITY = "2/5 家里有没有人有残疾证？\n1 有\n2 没有"
ASK_ALONE = "3/5 家里有没有老人一个人住？\n1 有\n2 没有"
ASK_INCOME = "4/5 家里每人每月的收入，比本地低保标准低吗？\n1 低\n2 不低\n3 说不清"
ASK_EVENTS = ("5/5 这几件事家里有吗？可以回几个数字，比如“1 3”：\n1 有承包地\n2 近一年有人去世\n"
              "3 近一年添了孩子\n4 都没有")
ASK_CONSENT = "要不要把这些情况留给片区？工作人员看看有没有漏领的，可能上门帮您办。\n1 留给片区\n2 不留"
NOTHING = ("按您说的，暂时没看出能领的补贴。政策常有变化，有事可以回复“人工”问片区工作人员。")
KEPT = "好的，已经留给片区，工作人员会联系您。"
NOT_KEPT = "好的，您的回答没有保存。"


def for_relative(label: str, name: str) -> str:
    """The first question of a check made for a relative (代亲属办): "家里" is the relative's."""
    return (f"帮您替{label}看看能领哪些补贴，问您5个问题，说的“家里”都是{name}家。\n"
            + ASK_AGES.split("\n", 1)[1])


def kept_for(label: str) -> str:
    return f"好的，{label}的情况已经留给{label}所在的片区，工作人员会联系您。"


def next_words(rule: Rule, title: str) -> str:
    if rule.next == "errand":
        return f"回复“请党员代办{title}”"
    if rule.next == "visit":
        return "回复“人工”，请片区安排人上门看看"
    return f"回复“{title}怎么办”看明白纸"


def result(found: list[Rule], titles: dict[str, str]) -> str:
    """The guides that may apply, each with why and what to do next."""
    if not found:
        return NOTHING
    lines = ["按您说的，这些可能能领（只是提示，能不能领以审核为准）："]
    for n, rule in enumerate(found, 1):
        title = titles.get(rule.guide, rule.guide)
        lines.append(f"{n} {title}：{rule.reason}。{next_words(rule, title)}。")
    return "\n".join(lines)
