"""Reading short answers inside flows: numbers, yes/no, mobile numbers (half- or full-width, spaced).

    parse_number("第３个") → 3      parse_yes_no("对的") → True      parse_phone("138 1234-5678") → "13812345678"
"""
from __future__ import annotations

import re
import unicodedata

from bot.dispatch import Context

_PUNCT = re.compile(r"[\s。．.，,、！!？?~～:：;；\"'“”‘’（）()]+")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "幺": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_NUMBER = re.compile(r"^(?:第|选|选择)?(\d{1,2}|[一二两三四五六七八九十]{1,3})(?:个|号|项|条)?(?:吧|啊)?$")
_YES = ("是", "是的", "对", "对的", "对啊", "嗯", "嗯嗯", "好", "好的", "行", "可以", "确认", "确定", "没错",
        "没问题", "提交", "确认提交", "中", "妥", "ok", "yes", "y")
_NO = ("不", "不是", "不对", "错", "错了", "不行", "不要", "否", "no", "n", "不对不对", "不是的")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")


def normalise(text: str) -> str:
    """Half-width forms, lower case, no spaces or punctuation."""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text)).lower()


def parse_number(text: str) -> int | None:
    """'3', '３', '第3个', '三', '十二' → the number; anything else → None."""
    match = _NUMBER.match(normalise(text))
    if not match:
        return None
    token = match.group(1)
    if token.isdigit():
        return int(token)
    if token == "十":
        return 10
    if len(token) == 1:
        return _CN_DIGITS.get(token)
    if token[0] == "十":
        return 10 + _CN_DIGITS.get(token[1], 0) if len(token) == 2 else None
    if token[1] == "十" and token[0] in _CN_DIGITS:
        return _CN_DIGITS[token[0]] * 10 + (_CN_DIGITS.get(token[2], 0) if len(token) == 3 else 0)
    return None


def parse_yes_no(text: str) -> bool | None:
    """True for yes, False for no, None when the text is neither."""
    words = normalise(text)
    if words in _YES:
        return True
    if words in _NO:
        return False
    return None


def parse_phone(text: str) -> str | None:
    """An 11-digit mainland mobile number in the text, or None.

    Spaces, dashes and full-width digits are fine ('１３８ 1234-5678'), and so are spoken digits
    ('幺三八…') from voice recognition. A '+86' in front is dropped.
    """
    folded = unicodedata.normalize("NFKC", text)
    folded = "".join(str(_CN_DIGITS[c]) if c in _CN_DIGITS and c not in "两" else c for c in folded)
    folded = re.sub(r"(?<=\d)[\s\-－—–.·]+(?=\d)", "", folded)
    folded = re.sub(r"\+?86(?=1[3-9]\d{9}(?!\d))", "", folded)
    match = _MOBILE.search(folded)
    return match.group(1) if match else None


def numbered(options: list[str], start: int = 1) -> str:
    return "\n".join(f"{i} {label}" for i, label in enumerate(options, start))


try:  # the shared helper lands with the human hand-off branch; same rule until then
    from bot.dispatch import is_new_request  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on merge order
    NEW_REQUEST_SCORE = 0.8

    def is_new_request(ctx: Context, own_intents=()) -> bool:
        """True when free text inside a flow is confidently a different request (leave the flow)."""
        route = ctx.route
        if route is None or route.intent in ("unknown", "menu") or route.intent in own_intents:
            return False
        return route.score >= NEW_REQUEST_SCORE and not route.ambiguous


_COMMANDS: list[re.Pattern] = []


def command_words(pattern: str) -> str:
    """Register a command pattern (returns it unchanged) so flows can step aside for it."""
    _COMMANDS.append(re.compile(pattern, re.IGNORECASE))
    return pattern


def is_command(text: str) -> bool:
    """True when the text is one of the registered commands ("接单 12", "邀请码 …", "我的信息")."""
    return any(p.search(text.strip()) for p in _COMMANDS)
