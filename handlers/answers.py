"""Reading short answers inside flows (numbers: bot/choices.py): yes/no, mobile numbers (half- or full-width, spaced).

    parse_yes_no("对的") → True      parse_phone("138 1234-5678") → "13812345678"
"""
from __future__ import annotations

import re
import unicodedata

from bot.nlu.phone import parse_mobile

_PUNCT = re.compile(r"[\s。．.，,、！!？?~～:：;；\"'“”‘’（）()]+")
_YES = ("是", "是的", "对", "对的", "对啊", "嗯", "嗯嗯", "好", "好的", "行", "可以", "确认", "确定", "没错",
        "没问题", "提交", "确认提交", "中", "妥", "ok", "yes", "y")
_NO = ("不", "不是", "不对", "错", "错了", "不行", "不要", "否", "no", "n", "不对不对", "不是的")


def normalise(text: str) -> str:
    """Half-width forms, lower case, no spaces or punctuation."""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text)).lower()


def parse_yes_no(text: str) -> bool | None:
    """True for yes, False for no, None when the text is neither."""
    words = normalise(text)
    if words in _YES:
        return True
    if words in _NO:
        return False
    return None


def parse_phone(text: str) -> str | None:
    """An 11-digit mainland mobile number in the text (see bot.nlu.phone), or None."""
    return parse_mobile(text)


def numbered(options: list[str], start: int = 1) -> str:
    return "\n".join(f"{i} {label}" for i, label in enumerate(options, start))


_COMMANDS: list[re.Pattern] = []


def command_words(pattern: str) -> str:
    """Register a command pattern (returns it unchanged) so flows can step aside for it."""
    _COMMANDS.append(re.compile(pattern, re.IGNORECASE))
    return pattern


def is_command(text: str) -> bool:
    """True when the text is one of the registered commands ("接单 12", "邀请码 …", "我的信息")."""
    return any(p.search(text.strip()) for p in _COMMANDS)
