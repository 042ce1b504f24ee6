"""The texts of the guide replies: the first screen, the three follow-ups, the list of matters.

Pure functions over `GuideView`, so every guide's replies can be checked without a chat.
Content a county has not confirmed (the guide's `sample` fields) carries a visible mark.
"""
from __future__ import annotations

from bot.guides import GuideView

MAX_REPLY_BYTES = 2048  # WeChat's limit for a passive text reply
FIRST_SCREEN_CHARS = 350  # what fits one phone screen
SAMPLE_MARK = "（样例）"
SAMPLE_NOTE = "标“样例”的内容还要以县里公布的为准。"
FOLLOWUP_MENU = ("回复数字：\n1 要带的材料\n2 办理步骤\n3 去哪办/电话\n4 请党员帮您代办")
FOLLOWUP_CHOICES = {
    "1": "要带的材料",
    "2": "办理步骤",
    "3": "去哪办/电话",
    "4": "请党员帮您代办",
}


def _mark(guide: GuideView, field_name: str, text: str) -> str:
    """Append the sample mark to unconfirmed content (unless the text already says so)."""
    if guide.is_sample(field_name) and "样例" not in text:
        return text + SAMPLE_MARK
    return text


def _others(current: str) -> str:
    rest = "，".join(f"{k} {v}" for k, v in FOLLOWUP_CHOICES.items() if k != current)
    return f"还可以回复：{rest}。"


def clip(text: str, limit: int = MAX_REPLY_BYTES) -> str:
    """Keep a reply within WeChat's byte limit (cut at a line, with an ellipsis)."""
    if len(text.encode("utf-8")) <= limit:
        return text
    lines, out = text.split("\n"), []
    for line in lines:
        candidate = "\n".join(out + [line, "……"])
        if len(candidate.encode("utf-8")) > limit:
            break
        out.append(line)
    return "\n".join(out + ["……"])


def first_reply(guide: GuideView, township: str | None) -> str:
    """What it is, who may qualify, time limit, where to go; then the numbered follow-ups."""
    who = "；".join(guide.who)
    lines = [
        f"【{guide.title}】{guide.summary}",
        f"谁能办：{_mark(guide, 'who', who)}",
        f"多久办好：{_mark(guide, 'time_limit', guide.time_limit)}",
        f"去哪办：{_mark(guide, 'where', guide.where_for(township))}",
        FOLLOWUP_MENU,
    ]
    return clip("\n".join(lines))


def _numbered(items: tuple[str, ...]) -> str:
    return "\n".join(f"{i}. {item}" for i, item in enumerate(items, 1))


def materials_reply(guide: GuideView) -> str:
    text = f"【{guide.title}】要带的材料：\n{_numbered(guide.materials)}"
    if guide.is_sample("materials"):
        text += f"\n{SAMPLE_MARK}以窗口一次性告知的为准。"
    return clip(f"{text}\n{_others('1')}")


def steps_reply(guide: GuideView) -> str:
    text = (f"【{guide.title}】办理步骤：\n{_numbered(guide.steps)}\n"
            f"多久办好：{_mark(guide, 'time_limit', guide.time_limit)}")
    if guide.is_sample("steps"):
        text += f"\n{SAMPLE_NOTE}"
    return clip(f"{text}\n{_others('2')}")


def where_reply(guide: GuideView, township: str | None) -> str:
    lines = [
        f"【{guide.title}】去哪办：{_mark(guide, 'where', guide.where_for(township))}",
        f"电话：{_mark(guide, 'phone', guide.phone)}",
        f"费用：{_mark(guide, 'cost', guide.cost)}",
        "依据：" + "；".join(guide.policy),
        f"（{guide.checked}核对）" + (SAMPLE_NOTE if guide.sample else ""),
        _others("3"),
    ]
    return clip("\n".join(lines))


def matters_list(guides: list[GuideView]) -> str:
    """The numbered list of all matters, to pick one by number."""
    lines = ["您想问哪件事？回复数字就行："]
    lines += [f"{i} {g.title}" for i, g in enumerate(guides, 1)]
    lines.append("也可以直接说事情，比如“低保怎么办”。")
    return clip("\n".join(lines))
