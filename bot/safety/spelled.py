"""Danger words typed partly or wholly in pinyin (煤气中du了, jiuming): latin syllables that spell,
with the characters around them, a word of the danger lists are read as that word.

Only the syllables of danger words are known here, so ordinary latin text (ok, wifi, 5g) never
splits into them and stays as it is.
"""
from __future__ import annotations

import re
from functools import lru_cache

from bot.nlu.pinyin import is_han

from .words import SafetyWords

_LATIN = re.compile(r"([a-z]+)")
_Unit = tuple[str, str | None]  # (as written, the syllable when it is latin)


class PinyinSpelling:
    def __init__(self, vocabulary: frozenset[str]):
        from pypinyin import lazy_pinyin

        self.by_first: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        syllables: set[str] = set()
        for word in sorted(vocabulary, key=lambda w: (-len(w), w)):  # the same order in every process
            if len(word) < 2 or not all(is_han(ch) for ch in word):
                continue
            sounds = tuple(lazy_pinyin(word))
            if len(sounds) != len(word):
                continue
            syllables.update(sounds)
            self.by_first.setdefault(word[0], []).append((word, sounds))
            self.by_first.setdefault(sounds[0], []).append((word, sounds))
        self.syllables = frozenset(syllables)
        self.longest = max(map(len, syllables), default=0)

    def split(self, run: str) -> list[str] | None:
        """`run` as known syllables (longest first, backing off), or None."""
        if not run:
            return []
        for size in range(min(self.longest, len(run)), 0, -1):
            if run[:size] in self.syllables:
                rest = self.split(run[size:])
                if rest is not None:
                    return [run[:size], *rest]
        return None

    def repair(self, text: str) -> str:
        if not _LATIN.search(text):
            return text
        units: list[_Unit] = []
        for piece in _LATIN.split(text):
            if piece and piece.isascii() and piece.isalpha():
                syllables = self.split(piece)
                units += [(s, s) for s in syllables] if syllables else [(piece, None)]
            else:
                units += [(ch, None) for ch in piece]
        out: list[str] = []
        i = 0
        while i < len(units):
            word = self._word_at(units, i)
            out.append(word or units[i][0])
            i += len(word) if word else 1
        return "".join(out)

    def _word_at(self, units: list[_Unit], i: int) -> str:
        written, syllable = units[i]
        for word, sounds in self.by_first.get(syllable or written, ()):
            window = units[i:i + len(word)]
            if len(window) < len(word):
                continue
            spelled = 0
            for (surface, reading), ch, sound in zip(window, word, sounds):
                if reading is not None and reading == sound:
                    spelled += 1
                elif reading is not None or surface != ch:
                    break
            else:
                if spelled:
                    return word
        return ""


@lru_cache(maxsize=4)
def pinyin_spelling(vocabulary: frozenset[str]) -> PinyinSpelling:
    return PinyinSpelling(vocabulary)


_SPELLINGS: dict[int, tuple[SafetyWords, PinyinSpelling]] = {}


def spelling_of(words: SafetyWords) -> PinyinSpelling:
    """The spelling of a rule set: its danger words and its look-alikes, so that a look-alike typed
    in pinyin (jiu ming en ren) is read whole and masked, not read as the danger word inside it."""
    kept = _SPELLINGS.get(id(words))
    if kept is None or kept[0] is not words:
        if len(_SPELLINGS) >= 4:
            _SPELLINGS.clear()
        kept = _SPELLINGS[id(words)] = (words, pinyin_spelling(words.vocabulary | frozenset(words.masks)))
    return kept[1]
