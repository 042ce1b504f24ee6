"""Typos of danger words repaired by sound (着伙 → 着火, 云倒 → 晕倒, 找不找 → 找不着): a window of
the message that sounds like a danger word, shares at least one character with it, changes no
particle and is no word of its own."""
from __future__ import annotations

import re
from collections.abc import Set
from functools import lru_cache
from typing import Callable

from bot.nlu.pinyin import FUNCTION_CHARS, is_han

from .words import SafetyWords

MASK = "#"  # a masked character (a look-alike or a negated word): never part of a repair
_PAIRS_KEPT = 65_536  # two-character starts whose candidate words are kept (a few MB at most)
_NEGATIONS = frozenset("不没别未非无莫")
# After these a two-character word reads as written: 说到了, 快到了, 已经到了 (arrived), 她到了.
_BEFORE_AS_WRITTEN = FUNCTION_CHARS | frozenset("说刚快经")
# Characters that open a phrase in their own sense far more often than as a slip of a danger word's
# first character (到了: arrived; 倒了 is said as such; 上了: onto, 房梁上了 is no 房梁伤了; 替俺: on my
# behalf, not 踢俺; 收衣裳: taking the washing in, not 寿衣).
_OWN_SENSE_FIRST = frozenset("到上替收")
_CLOSERS = {"", "了", "啦", "咯", "喽", "呀", "啊", "吧", "么", "嘛", "呢", "的", "着", "过"}


@lru_cache(maxsize=4096)
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


def _sounds_as(window: str, word: str, sounds: tuple[str, ...], orphan: bool = False) -> bool:
    """`window` keeps at least one character of `word` and reads as it wherever it differs; a
    particle may stand for a content character only inside a long word (不省人是), or after a
    character left orphaned (`orphan`: 喝了农要, 农 belongs to no word). No repair writes a negation
    in (谁家烧煤了 is no 烧没了): it would turn what was said around."""
    same = changed = 0
    for ch, meant, sound in zip(window, word, sounds):
        if ch == meant:
            same += 1
        elif (ch in FUNCTION_CHARS and len(word) < 4 and not orphan) or not is_han(ch) or meant in _NEGATIONS or \
                not _sounds_like(ch, meant, sound, folded=len(word) >= 4):
            return False
        else:
            changed += 1
    return bool(same and changed)


def _second_heard_as(word: str, sounds: tuple[str, ...]) -> frozenset[str]:
    """What another character in the word's second place may read as (folded for a long word):
    `_sounds_like` of that place, worked out once per word."""
    fold = _key if len(word) >= 4 else (lambda syllable: syllable)
    particle = {fold(r) for r in _readings(word[1])} if word[1] in FUNCTION_CHARS else set()
    return frozenset({fold(sounds[1]), *particle})


class _SoundIndex:
    """Danger words by their first syllable, to repair typos of the same sound."""

    def __init__(self, vocabulary: frozenset[str]):
        from pypinyin import lazy_pinyin

        self.vocabulary = vocabulary
        self.longest = max(map(len, vocabulary), default=0)
        self.by_first: dict[str, list[tuple[str, tuple[str, ...], frozenset[str]]]] = {}
        self._by_pair: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {}  # see _candidates
        for word in sorted(vocabulary, key=lambda w: (-len(w), w)):  # the same order in every process
            if len(word) < 2 or not all(is_han(ch) for ch in word):
                continue
            exact = tuple(lazy_pinyin(word))
            # Short words need the same sound; long ones may also have a zh/z or -ng/-n slip
            # (想去食 is no 想去死).
            sounds = exact if len(word) < 4 else tuple(_key(s) for s in exact)
            if len(sounds) == len(word):
                entry = (word, sounds, _second_heard_as(word, sounds))
                self.by_first.setdefault(_key(exact[0]), []).append(entry)
                if _key(_reading(word[0])) != _key(exact[0]):  # 着火: 着 reads zhe alone, zhao here
                    self.by_first.setdefault(word[0], []).append(entry)

    def repair(self, text: str, is_word: Callable[[str], bool], boundaries: Set[int],
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

    def _match_at(self, chars: list[str], i: int, is_word: Callable[[str], bool], boundaries: Set[int],
                  alone: frozenset[int]) -> int:
        # Every test below only rules a candidate out; the cheap sound tests run first (the
        # second character alone, then the window), the dictionary look-ups only for the few
        # windows that sound like a danger word.
        for word, sounds in self._candidates(chars[i], chars[i + 1]):  # repair() stops before the last
            if i + len(word) > len(chars):
                continue
            window = "".join(chars[i:i + len(word)])
            # A word whose last character but one is left standing alone, an uncommon word by itself
            # (农 in 喝了农要, 蛇 in 被蛇要了): the particle after it was meant as the word's last (药, 咬).
            orphan = window[:-1] == word[:-1] and window[-1] in FUNCTION_CHARS and i + len(word) - 2 in alone
            if len(window) < len(word) or window == word or MASK in window or \
                    not _sounds_as(window, word, sounds, orphan):
                continue
            changes = [j for j, (ch, meant) in enumerate(zip(window, word)) if ch != meant]
            kept = [ch for j, ch in enumerate(window) if j not in changes]
            # A stray typo: a character that belongs to no word, before a kept content character.
            stray = all(i + j in alone and word[j] not in FUNCTION_CHARS for j in changes) and \
                changes[-1] < len(word) - 1 and not any(ch in FUNCTION_CHARS for ch in kept)
            if len(word) == 2 and not stray and not orphan and \
                    (i not in boundaries or "".join(chars[i + 2:i + 3]) not in _CLOSERS):
                # Two characters must start a word and end the phrase (着伙了, 云倒啦), or the
                # changed character stands alone (媒气味: 媒 belongs to no word): 梯子上掉下来
                # holds no 上吊.
                continue
            if 0 in changes and i > 0 and (is_word(chars[i - 1] + chars[i]) or
                                           (len(word) == 2 and chars[i - 1] in _BEFORE_AS_WRITTEN)):
                continue  # it closes a word before it, or follows an adverb or 说 (说到了, 已经到了, 她到了)
            if any(window[j] in _OWN_SENSE_FIRST and (j == 0 or window[j - 1] == "人") for j in changes):
                continue  # 到 opening the window or after 人 is "arrived" (俺爷爷到了, 修电线的人到了), never
                # 倒了 (晕到了 still is); 上了 never 伤了
            reach = min(len(window) + 2, len(chars) - i)  # a word may run on past the window (找司法所)
            if any(is_word("".join(chars[i + a:i + b])) for j in changes
                   for a in range(0, j + 1) for b in range(j + 1, reach + 1) if b - a >= 2):
                continue  # the "typo" is a word of its own (中了煤气了 is no 中了没气了, 想找司法所 no 想着死)
            if any(window[j] in self.vocabulary for j in changes):
                continue  # a danger word by itself is no typo (马蜂蛰了 is no 马蜂着了)
            if self._danger_word_there(chars, i, [i + j for j in changes], len(word)):
                continue  # it is already a danger word (喊不醒了 is no 喊不行了, 被电着了 no 被点着了)
            if not is_word(window):
                chars[i:i + len(word)] = list(word)
                return len(word)
        return 0

    def _candidates(self, first: str, second: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The danger words that may start with these two characters: the first sounds as the
        word's, the second is the word's or reads as it. They depend on the two characters only,
        so they are worked out once per pair (a village's messages repeat their pairs)."""
        pair = first + second
        kept = self._by_pair.get(pair)
        if kept is None:
            heard = _reading(second)
            heard_folded = _key(heard)
            kept = tuple((word, sounds) for word, sounds, second_heard_as in (
                *self.by_first.get(_key(_reading(first)), ()), *self.by_first.get(first, ()))
                if second == word[1] or (heard_folded if len(word) >= 4 else heard) in second_heard_as)
            if len(self._by_pair) >= _PAIRS_KEPT:
                self._by_pair.clear()
            self._by_pair[pair] = kept
        return kept

    def _danger_word_there(self, chars: list[str], i: int, changed: list[int], size: int) -> bool:
        """A danger word of the text as written, at least as long as the repair's word, covers a
        character the repair would change (a shorter one, 找了 in 找不找了, is outweighed)."""
        low, high = max(0, i - 3), min(len(chars), i + 8)
        text = "".join(chars[low:high])
        return any(text[a:b] in self.vocabulary for at in changed for a in range(0, at - low + 1)
                   for b in range(max(at - low + 1, a + size), min(len(text), a + self.longest) + 1))


# By identity: hashing a SafetyWords (a frozen dataclass of tuples) walks every word in it, and
# this is asked once per message.
_indexes: dict[int, tuple[SafetyWords, _SoundIndex]] = {}


def sound_index(words: SafetyWords) -> _SoundIndex:
    kept = _indexes.get(id(words))
    if kept is None or kept[0] is not words:
        if len(_indexes) >= 4:
            _indexes.clear()
        kept = _indexes[id(words)] = (words, _SoundIndex(words.vocabulary))
    return kept[1]



def through_masks(text: str, words: SafetyWords) -> str:
    """A look-alike that is the end of a longer danger word's homophone is read as that danger
    word before the look-alikes are masked: 冒火化 (mao huo hua) is 冒火花, though 火化 alone is a
    cremation. The danger word must start before the look-alike with content characters (没发火了
    stays: 没 and 了 are particles), read exactly as the window (tones aside) and differ from it in
    one character."""
    kept = _through.get(id(words))
    if kept is None or kept[0] is not words:
        if len(_through) >= 4:
            _through.clear()
        kept = _through[id(words)] = (words, _mask_homophones(words.masks, words.vocabulary))
    index = kept[1]
    for mask, candidates in index.items():
        start = text.find(mask)
        while start != -1:
            for word, offset in candidates:
                low = start - offset
                window = text[low:low + len(word)] if low >= 0 else ""
                if len(window) == len(word) and sum(a != b for a, b in zip(window, word)) == 1 and \
                        all(_reading(a) == _reading(b) for a, b in zip(window, word)):
                    text = text[:low] + word + text[low + len(word):]
                    break
            start = text.find(mask, start + 1)
    return text


_through: dict[int, tuple[SafetyWords, dict[str, tuple[tuple[str, int], ...]]]] = {}


def _mask_homophones(masks: tuple[str, ...], vocabulary: frozenset[str]) -> dict[str, tuple[tuple[str, int], ...]]:
    """For each look-alike, the danger words that end with a homophone of it (one character
    changed) after content characters only, and where the look-alike starts in them."""
    by_sound: dict[tuple[str, ...], list[tuple[str, int]]] = {}
    for word in vocabulary:
        if len(word) < 3 or not all(is_han(ch) for ch in word):
            continue
        sounds = tuple(_reading(ch) for ch in word)
        for offset in range(1, len(word) - 1):
            if any(ch in FUNCTION_CHARS for ch in word[:offset]):
                break
            by_sound.setdefault(sounds[offset:], []).append((word, offset))
    out: dict[str, tuple[tuple[str, int], ...]] = {}
    for mask in masks:
        if len(mask) >= 2 and all(is_han(ch) for ch in mask):
            found = tuple((word, offset) for word, offset in by_sound.get(tuple(_reading(ch) for ch in mask), ())
                          if word[offset:] != mask and sum(a != b for a, b in zip(word[offset:], mask)) == 1)
            if found:
                out[mask] = found
    return out
