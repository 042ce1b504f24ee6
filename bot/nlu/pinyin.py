"""Finding lexicon words by their sound: the typo pass behind exact matching.

Pinyin input and voice recognition put a wrong character of the same sound in a word
(低包 for 低保, 宅鸡地 for 宅基地). Each syllable is one symbol (any reading of a character),
compared as written or with one slip pinyin typists make (zh/z, ch/c, sh/s, or -ng/-n). The
rules that keep it from inventing words are in `PinyinIndex.find`.
"""
from __future__ import annotations

import re
from collections.abc import Set
from functools import lru_cache
from typing import Any

from pypinyin import Style, lazy_pinyin, pinyin

# Characters that are grammar, not content: a typo never hides behind them ("花哪了" is not "了了").
FUNCTION_CHARS = frozenset("了的吗呢吧啊呀么着过得和跟把被在是也都就还又才要会能可不没这那哪谁啥你我他她它们个")
# 有 is grammar to the router as well (俺有约着的没 is no 违约: 有 also reads wei); the danger words keep
# FUNCTION_CHARS as they are (活着有啥劲 is found through the sound of 有)
_NO_TYPO_CHARS = FUNCTION_CHARS | {"有"}


def decisive(surface) -> bool:
    """A word strong enough to name its matter or service (weight ≥ 0.9)."""
    return max((abs(w) for w in surface.targets.values()), default=0.0) >= 0.9


def worth_sound(surface) -> bool:
    """Pinyin looks for every Chinese word of two characters or more that carries meaning. Words of
    what the bot does not serve (intent `unknown`: 天气, 彩票 …) are not: a typo is looked for in what a
    villager asks of the bot, and a sound-alike there ("俩天吃不上水" → 天气) would drop a real request."""
    if len(surface.text) < 2 or not all(is_han(ch) for ch in surface.text):
        return False
    if surface.targets and not surface.ideas and set(surface.targets) <= {"intent:unknown"}:
        return False
    return bool(surface.targets or surface.ideas)


class PinyinIndex:
    """Lexicon words keyed by their first two positions (each: a sound of the syllable or the character)."""

    def __init__(self, surfaces, is_word=lambda text: False) -> None:
        self.by_start: dict[tuple[str, str], list[tuple[tuple[str, ...], Any]]] = {}
        self.is_word = is_word  # a window that is a real word as written is no typo ("大风" ≠ 大缝)
        self.max_len = 2
        for surface in surfaces:
            syllables = tuple(lazy_pinyin(surface.text))
            if len(syllables) != len(surface.text):
                continue
            self.max_len = max(self.max_len, len(syllables))
            for first in {*sound_keys(syllables[0]), surface.text[0]}:
                for second in {*sound_keys(syllables[1]), surface.text[1]}:
                    self.by_start.setdefault((first, second), []).append((syllables, surface))

    def find(self, text: str, start: int, end: int, boundaries: Set[int],
             unexplained: list[bool] | None = None) -> list[tuple[int, int, Any]]:
        """Non-overlapping (start, end, surface) sound matches in text[start:end], strong words first.

        Each position matches by the same character or a sound-alike main reading (`alike`); at
        least one content character is the same ("低包" → 低保, never "为方" → 危房 or "涨了" →
        占了), the others are no particles, the window is not a real word as written, and a
        two-character window starts and ends where jieba's words do ("老板跑" never yields "帮跑")
        and needs the exact sound unless the word is decisive; longer windows are specific
        enough on their own ("新弄合一年" → 新农合).
        """
        chars = text[start:end]
        readings = [_reading(ch) for ch in chars]
        # open[k]: how many unexplained characters text[start:start+k] holds (a window needs one)
        open_ = [0]
        for k in range(len(chars)):
            open_.append(open_[-1] + (unexplained is None or unexplained[start + k]))
        found: list[tuple[int, int, Any]] = []
        for offset in range(len(chars)):
            if open_[min(len(chars), offset + self.max_len)] == open_[offset]:
                continue
            if offset + 1 >= len(chars):
                break
            seen: set[int] = set()
            for key in _start_keys(chars, readings, offset):
                for syllables, surface in self.by_start.get(key, ()):
                    length = len(syllables)
                    if id(surface) in seen or offset + length > len(chars) or open_[offset + length] == open_[offset]:
                        continue
                    if length < 3 and not {start + offset, start + offset + length} <= boundaries:
                        continue  # two characters must be a word of their own ("老板跑" never yields "帮跑")
                    seen.add(id(surface))
                    loose = length >= 3 or decisive(surface)
                    same = changed = 0
                    for j in range(length):
                        ch = chars[offset + j]
                        if ch == surface.text[j]:
                            same += ch not in _NO_TYPO_CHARS
                        elif ch in _NO_TYPO_CHARS and not (length >= 3 and readings[offset + j][:1] == (syllables[j],)):
                            break  # a particle is no typo, unless its main sound is exactly a long word's ("医疗就组")
                        elif not any(alike(heard, syllables[j], loose) for heard in readings[offset + j]):
                            break
                        else:
                            changed += 1
                    else:
                        window = chars[offset:offset + length]
                        if same and changed and not self.is_word(window):
                            found.append((offset, length, surface))
        found.sort(key=lambda f: (-decisive(f[2]), -f[1], f[0]))  # strong words first, then long ones
        taken: set[int] = set()
        hits = []
        for offset, length, surface in found:
            cells = set(range(offset, offset + length))
            if cells & taken:
                continue
            taken |= cells
            hits.append((start + offset, start + offset + length, surface))
        return hits


def _position_keys(char: str, readings: tuple[str, ...]) -> tuple[str, ...]:
    """What a written character may stand for: itself, or (if it is no particle) its sounds."""
    if char in _NO_TYPO_CHARS or not readings:
        return (char,)
    return (char, *{key for reading in readings for key in sound_keys(reading)})


def _start_keys(chars: str, readings: list[tuple[str, ...]], offset: int) -> list[tuple[str, str]]:
    return [(a, b) for a in _position_keys(chars[offset], readings[offset])
            for b in _position_keys(chars[offset + 1], readings[offset + 1])]


_INITIAL = re.compile(r"^([zcs])h")
_FINAL = re.compile(r"ng$")


@lru_cache(maxsize=8192)
def _folds(syllable: str) -> tuple[str, str, str]:
    """The syllable as written, with zh/ch/sh folded, and with -ng folded (one fold at a time)."""
    return syllable, _INITIAL.sub(r"\1", syllable), _FINAL.sub("n", syllable)


@lru_cache(maxsize=8192)
def sound_keys(syllable: str) -> tuple[str, ...]:
    return tuple(set(_folds(syllable))) if syllable else ()


def alike(heard: str, meant: str, loose: bool) -> bool:
    """Same sound, or (when `loose`) one slip pinyin typists make: zh/z, ch/c, sh/s, or -ng/-n.

    One slip, not both: "zheng" is not "zen" ("出生怎" is no 出生证)."""
    if heard == meant:
        return True
    if not loose or not heard:
        return False
    h, m = _folds(heard), _folds(meant)
    return h[1] == m[1] or h[2] == m[2]


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


@lru_cache(maxsize=8192)
def _reading(ch: str) -> tuple[str, ...]:
    """The readings of a character, the main one first (none for anything not Chinese): a typist
    picks a character by any of its sounds ("桑藏" for 丧葬: 藏 is cang and zang)."""
    if not is_han(ch):
        return ()
    return tuple(pinyin(ch, style=Style.NORMAL, heteronym=True)[0])
