"""Reading a villager's numbered choice: '3', '３', '第3个', '三', '十八', '选2吧' → the number;
and a choice by a word of it (虫子那个, 李建国那个, 剩下那个) → the item (`pick_named`).

Every flow reads numbers with `parse_number`, so all menus understand the same forms."""
from __future__ import annotations

import re
import unicodedata
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9,
              # the capital forms an input method offers first for yi / er / san (壹, 贰, 叁)
              "壹": 1, "贰": 2, "叁": 3}
# 1 said as yāo, the way numbers are read out (幺), and as voice input writes that sound alone (腰, 妖, 吆).
_YAO = re.compile(r"^(?:回复?|回个)?[幺腰妖吆](?:吧|啊)?$")
# 回复1 / 回1: the push's own instruction (回复1接单) typed back with its verb.
_NUMBER_RE = re.compile(r"^(?:(?:就|要)?第|选|选择|回复?|回个)?(\d{1,2}|[一二两三四五六七八九十壹贰叁]{1,3})(?:个|号|项|条)?(?:吧|啊)?$")
# 头一个 / 头个 / 最前面那个: the first of a list (the last needs the list: staff_pick reads it).
_FIRST_RE = re.compile(r"^(?:就|要|选)?(?:头一个|头一|头个|最前面那个|最上面那个|最前头那个)(?:吧|啊)?$")
PUNCTUATION = re.compile(r"[\s。．.，,、！!？?~～\-—:：;；\"'“”‘’（）()]+")


_CLAUSE_BREAKS = re.compile(r"[，,。.！!；;\s]+")
# A word said twice around 不 (去不去, 收不收钱): the either-or of a question, no refusal and no stop.
EITHER_OR = re.compile(r"(.)不\1")


def clauses(text: str) -> list[str]:
    """The clauses of a message, split at punctuation and spaces ("修好了 螺丝拧上了" → two)."""
    return [c for c in _CLAUSE_BREAKS.split(text.strip()) if c]


def strip_punctuation(text: str) -> str:
    return PUNCTUATION.sub("", unicodedata.normalize("NFKC", text))


def parse_number(text: str) -> int | None:
    """'3', '３', '第3个', '三', '十八' → the number; anything else → None."""
    plain = strip_punctuation(text)
    if _FIRST_RE.match(plain) or _YAO.match(plain):
        return 1
    match = _NUMBER_RE.match(plain)
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


# The one not taken yet: 剩下那个, 另一个, 另外那件, 其他的.
_REMAINING = re.compile(r"^(?:剩下|剩的|余下|另一|另外|其他|其余|别的|还有)")


def _shares_words(name: str, words: str) -> int:
    """The longest piece (two characters or more; one when the name is one, 羊那个) of `name` found
    in `words` (0: none)."""
    for size in range(len(name), 0 if len(name) == 1 else 1, -1):
        if any(name[i:i + size] in words for i in range(len(name) - size + 1)):
            return size
    return 0


def pick_named(name: str, items: Sequence[T], describe: Callable[[T], str]) -> T | None:
    """The one item the name points at: the only one left (剩下那个), or the one whose words share
    the longest piece with the name when no other shares as much."""
    if _REMAINING.match(name):
        return items[0] if len(items) == 1 else None
    for share in (_shares_words, _shares_characters):  # 借钱那个: 借了俺两万块钱 shares no piece, but both characters
        scored = sorted(((share(name, describe(i)), n) for n, i in enumerate(items)), reverse=True)
        if scored and scored[0][0] > 0 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
            return items[scored[0][1]]
    return None


_COMMON = frozenset("的了是在有个这那俺我你他她们事就也都还和跟给把被")


def _shares_characters(name: str, words: str) -> int:
    """How many of the name's own characters (not the common little ones) `words` holds, for a short
    name (two to four characters) that shares two or more; 0 otherwise (改到周五下午 names no booking)."""
    own = set(name) - _COMMON
    shared = sum(1 for ch in own if ch in words)
    return shared if 2 <= len(name) <= 4 and shared >= 2 else 0
