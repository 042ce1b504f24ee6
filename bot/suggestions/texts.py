"""Words for suggestions: the villager's receipt, the answer's push, lines of a list."""
from __future__ import annotations

from bot.models.matters import Suggestion

SHORT = 30


def short(text: str) -> str:
    return text if len(text) <= SHORT else text[:SHORT] + "……"


def receipt(suggestion: Suggestion, meeting: str = "") -> str:
    lines = [f"收到您给{suggestion.village.name}提的建议（{suggestion.id}号）：{short(suggestion.text)}",
             "村干部看了会在这里回复您。"]
    if meeting:
        lines.append(f"下一次议事日：{meeting}，也可以当面说。")
    return "\n".join(lines)


def answer_push(suggestion: Suggestion) -> tuple[str, dict]:
    text = (f"您提的建议（{suggestion.id}号）有回复了：\n您说：{short(suggestion.text)}\n"
            f"村里回复：{suggestion.answer}")
    return text, {"事项": f"建议回复：{short(suggestion.text)}", "状态": "已回复"}
