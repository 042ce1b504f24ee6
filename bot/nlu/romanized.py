"""Pinyin typed in Latin letters ("yibao咋交", "canjizheng"): spelt back into the lexicon's words.

Villagers without a Chinese input method, or in a hurry, type the sound in letters. `pinyin.py`
catches a wrong character of the right sound; this catches no character at all. Each Latin run
of the cleaned text is covered, longest first, by the toneless pinyin of the lexicon's words
(two syllables or more); the run is replaced only when those words cover most of it, so English
("hello", "ok") and stray letters stay as they are.
"""
from __future__ import annotations

import re
from typing import Iterable

from pypinyin import lazy_pinyin

MIN_RUN = 4  # shorter runs are initials or English ("ok", "hi"), not a typed word
MIN_COVER = 0.6  # share of a run the lexicon's words must spell
_LATIN_RUN = re.compile(r"[a-z]+")


class RomanIndex:
    """The lexicon's words keyed by their toneless pinyin letters ("yibao" → 医保)."""

    def __init__(self, words: Iterable[tuple[str, float]], keep: Iterable[str] = ()) -> None:
        best: dict[str, tuple[float, str]] = {}
        for text, strength in words:
            syllables = lazy_pinyin(text)
            if len(syllables) < 2 or len(syllables) != len(text):
                continue
            key = "".join(syllables)
            if strength > best.get(key, (-1.0, ""))[0]:
                best[key] = (strength, text)  # one spelling, two words: the stronger one is meant
        self.words = {key: text for key, (_, text) in best.items()}
        self.max_len = max((len(k) for k in self.words), default=0)
        self.keep = frozenset(keep)  # Latin words the lexicon knows as written ("hello")

    def spell_out(self, normalized: str) -> str:
        """`normalized` with every Latin run that spells lexicon words replaced by those words."""
        if not self.words or not _LATIN_RUN.search(normalized):
            return normalized
        return _LATIN_RUN.sub(self._run, normalized)

    def _run(self, match: re.Match) -> str:
        run = match.group(0)
        if len(run) < MIN_RUN or run in self.keep:
            return run
        n = len(run)
        # covered[i]: most letters of run[:i] spelt by words; back[i]: (start, piece) to rebuild it
        covered = [-1] * (n + 1)
        covered[0] = 0
        back: list[tuple[int, str]] = [(0, "")] * (n + 1)
        for i in range(n):
            if covered[i] < 0:
                continue
            if covered[i] > covered[i + 1]:
                covered[i + 1], back[i + 1] = covered[i], (i, run[i])
            for length in range(MIN_RUN, min(self.max_len, n - i) + 1):
                word = self.words.get(run[i:i + length])
                if word and covered[i] + length > covered[i + length]:
                    covered[i + length], back[i + length] = covered[i] + length, (i, word)
        if covered[n] < MIN_COVER * n:
            return run
        pieces, position = [], n
        while position > 0:
            start, piece = back[position]
            pieces.append(piece)
            position = start
        return "".join(reversed(pieces))
