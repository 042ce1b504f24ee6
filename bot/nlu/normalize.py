"""Cleaning villager text before matching: one canonical character form for every message.

Traditional → simplified (OpenCC t2s), NFKC (full-width letters and digits → half-width),
lower case, spoken Chinese numbers before an age or quantity word → digits ("九十了" → "90了",
so age rules can compare numbers), and everything that is not a letter or a digit dropped
(punctuation, emoji, spaces). Filler words are dropped later, at token level (`match.py`),
because "那个" or "啊" can only be told from part of a word once the text is segmented.
The same function cleans the lexicon's own words, so both sides always agree.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import cn2an
import opencc

_NUMERAL = re.compile(
    r"[零〇一二两三四五六七八九十百]+(?=(岁|周岁|多岁|了|多了|年|亩|块|元|个月|多|以上|往上))"
    r"|(?<=过了|满了|到了|超过|年过|上了|活到|今年|已经)[零〇一二两三四五六七八九十百]+"
    r"|(?<=[过满到整])[二三四五六七八九十][十百][零〇一二三四五六七八九]?"
)
_DIGITS_ONLY = str.maketrans({"零": "0", "〇": "0", "一": "1", "二": "2", "三": "3", "四": "4",
                              "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"})


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _keep(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in "LN" and category != "Nl" or char.isdigit()


def _numeral_to_digits(match: re.Match) -> str:
    words = match.group(0)
    if len(words) == 1 and words in "一两":  # "一年", "两个月": not worth a digit, keeps words intact
        return words
    try:
        value = cn2an.cn2an(words.replace("两", "二"), "smart")
    except (ValueError, KeyError, IndexError):
        if "十" in words or "百" in words:
            return words
        return words.translate(_DIGITS_ONLY)  # "七八" spoken digit by digit
    return str(int(value))


def to_simplified_halfwidth(text: str) -> str:
    """NFKC + traditional → simplified + lower case; keeps punctuation (for display and clauses)."""
    return _converter().convert(unicodedata.normalize("NFKC", text)).lower()


@lru_cache(maxsize=1024)  # pure; the detector and the router each clean a message's text
def normalize(text: str) -> str:
    """The matching form of `text`: simplified, half-width, digits, letters and digits only."""
    folded = to_simplified_halfwidth(text or "")
    folded = "".join(ch for ch in folded if _keep(ch))
    return _NUMERAL.sub(_numeral_to_digits, folded)
