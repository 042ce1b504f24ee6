"""Typos of danger words repaired by sound (着伙 → 着火, 云倒 → 晕倒, 找不找 → 找不着): a window of
the message that sounds like a danger word, shares at least one character with it, changes no
particle and is no word of its own."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from bot.nlu.pinyin import FUNCTION_CHARS, is_han

from .words import SafetyWords

MASK = "#"  # a masked character (a look-alike or a negated word): never part of a repair
_CLOSERS = {"", "了", "啦", "咯", "喽", "呀", "啊", "吧", "么", "嘛", "呢", "的", "着", "过"}


def _key(syllable: str) -> str:
    """A syllable with both slips folded (zh→z and -ng→-n): typists confuse them."""
    folded = re.sub(r"^([zcs])h", r"\1", syllable)
    return folded[:-1] if folded.endswith("ng") else folded


@lru_cache(maxsize=8192)
def _reading(ch: str) -> str:
    """The main reading of one character ("" for anything not Chinese)."""
    from pypinyin import Style, pinyin

    return pinyin(ch, style=Style.NORMAL)[0][0] if is_han(ch) else ""


@lru_cache(maxsize=8192)
def _readings(ch: str) -> frozenset[str]:
    """Every reading of one character (着: zhe, zhao, zhuo)."""
    from pypinyin import Style, pinyin

    return frozenset(pinyin(ch, style=Style.NORMAL, heteronym=True)[0]) if is_han(ch) else frozenset()


def _sounds_like(written: str, meant: str, sound: str, folded: bool) -> bool:
    """`written` reads as `meant` does in its word; a particle meant (着, 了, 得) may also be heard in
    its other readings, which pypinyin does not give inside words (找不着: zhao bu zhe). Content
    characters keep their one reading in the word (大 may read tai, but 太 is no typo of 大)."""
    fold = _key if folded else (lambda syllable: syllable)
    heard = fold(_reading(written))
    return heard == fold(sound) or (meant in FUNCTION_CHARS and heard in {fold(r) for r in _readings(meant)})


def _heard_as(window: str, word: str, sounds: tuple[str, ...]) -> bool:
    """Every character of `window` is the word's or sounds like it, and some are the word's."""
    same = 0
    for ch, meant, sound in zip(window, word, sounds):
        if ch == meant:
            same += 1
        # A particle may stand for a content character only inside a long word (不省人是).
        elif (ch in FUNCTION_CHARS and len(word) < 4) or not is_han(ch) or \
                not _sounds_like(ch, meant, sound, folded=len(word) >= 4):
            return False
    return same > 0


class _SoundIndex:
    """Danger words by their first syllable, to repair typos of the same sound."""

    def __init__(self, vocabulary: frozenset[str]):
        from pypinyin import lazy_pinyin

        self.vocabulary = vocabulary
        self.longest = max(map(len, vocabulary), default=0)
        self.by_first: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for word in sorted(vocabulary, key=len, reverse=True):
            if len(word) < 2 or not all(is_han(ch) for ch in word):
                continue
            exact = tuple(lazy_pinyin(word))
            # Short words need the same sound; long ones may also have a zh/z or -ng/-n slip
            # (想去食 is no 想去死).
            sounds = exact if len(word) < 4 else tuple(_key(s) for s in exact)
            if len(sounds) == len(word):
                self.by_first.setdefault(_key(exact[0]), []).append((word, sounds))
                if _key(_reading(word[0])) != _key(exact[0]):  # 着火: 着 reads zhe alone, zhao here
                    self.by_first.setdefault(word[0], []).append((word, sounds))

    def repair(self, text: str, is_word: Callable[[str], bool], boundaries: set[int],
               alone: frozenset[int] = frozenset()) -> str:
        chars = list(text)
        i = 0
        while i < len(chars) - 1:
            if chars[i] == MASK or not is_han(chars[i]):
                i += 1
                continue
            length = self._match_at(chars, i, is_word, boundaries, alone)
            i += length or 1
        return "".join(chars)

    def _match_at(self, chars: list[str], i: int, is_word: Callable[[str], bool], boundaries: set[int],
                  alone: frozenset[int]) -> int:
        candidates = self.by_first.get(_key(_reading(chars[i])), []) + self.by_first.get(chars[i], [])
        for word, sounds in candidates:
            window = "".join(chars[i:i + len(word)])
            if len(window) < len(word) or window == word or MASK in window or not _heard_as(window, word, sounds):
                continue  # the cheap test first: most candidates do not sound alike
            changes = [j for j, (ch, meant) in enumerate(zip(window, word)) if ch != meant]
            kept = [ch for j, ch in enumerate(window) if j not in changes]
            # A stray typo: a character that belongs to no word, before a kept content character.
            stray = all(i + j in alone and word[j] not in FUNCTION_CHARS for j in changes) and \
                changes[-1] < len(word) - 1 and not any(ch in FUNCTION_CHARS for ch in kept)
            if len(word) == 2 and not stray and \
                    (i not in boundaries or "".join(chars[i + 2:i + 3]) not in _CLOSERS):
                # Two characters must start a word and end the phrase (着伙了, 云倒啦), or the
                # changed character stands alone (媒气味: 媒 belongs to no word): 梯子上掉下来
                # holds no 上吊.
                continue
            if any(is_word(window[a:b]) for j in changes
                   for a in range(0, j + 1) for b in range(j + 1, len(window) + 1) if b - a >= 2):
                continue  # the "typo" is a word of its own (中了煤气了 is no 中了没气了)
            if any(window[j] in self.vocabulary for j in changes):
                continue  # a danger word by itself is no typo (马蜂蛰了 is no 马蜂着了)
            if self._danger_word_there(chars, i, [i + j for j in changes], len(word)):
                continue  # it is already a danger word (喊不醒了 is no 喊不行了, 被电着了 no 被点着了)
            if not is_word(window):
                chars[i:i + len(word)] = list(word)
                return len(word)
        return 0


    def _danger_word_there(self, chars: list[str], i: int, changed: list[int], size: int) -> bool:
        """A danger word of the text as written, at least as long as the repair's word, covers a
        character the repair would change (a shorter one, 找了 in 找不找了, is outweighed)."""
        low, high = max(0, i - 3), min(len(chars), i + 8)
        text = "".join(chars[low:high])
        return any(text[a:b] in self.vocabulary for at in changed for a in range(0, at - low + 1)
                   for b in range(max(at - low + 1, a + size), min(len(text), a + self.longest) + 1))


@lru_cache(maxsize=4)
def sound_index(words: SafetyWords) -> _SoundIndex:
    return _SoundIndex(words.vocabulary)
