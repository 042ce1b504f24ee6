"""Reading a villager's numbered choice: '3', '３', '第3个', '三', '十八', '选2吧' → the number.

Every flow reads numbers with `parse_number`, so all menus understand the same forms."""
from __future__ import annotations

import re
import unicodedata

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_NUMBER_RE = re.compile(r"^(?:第|选|选择)?(\d{1,2}|[一二两三四五六七八九十]{1,3})(?:个|号|项|条)?(?:吧|啊)?$")
PUNCTUATION = re.compile(r"[\s。．.，,、！!？?~～\-—:：;；\"'“”‘’（）()]+")


def strip_punctuation(text: str) -> str:
    return PUNCTUATION.sub("", unicodedata.normalize("NFKC", text))


def parse_number(text: str) -> int | None:
    """'3', '３', '第3个', '三', '十八' → the number; anything else → None."""
    match = _NUMBER_RE.match(strip_punctuation(text))
    if not match:
        return None
    token = match.group(1)
    if token.isdigit():
        return int(token)
    if token == "十":
        return 10
    if token.startswith("十"):
        return 10 + _CN_DIGITS.get(token[1:], 0) if len(token) == 2 else None
    if len(token) == 1:
        return _CN_DIGITS.get(token)
    if len(token) >= 2 and token[1] == "十" and token[0] in _CN_DIGITS:
        tail = token[2:]
        return _CN_DIGITS[token[0]] * 10 + (_CN_DIGITS.get(tail, 0) if tail else 0)
    return None
