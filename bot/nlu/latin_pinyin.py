"""Text typed in latin pinyin, no characters chosen ("lu deng huai le"), turned into characters of
the same sound, so that the router's sound matching (pinyin.py) can read it like any typo.

A latin run counts as pinyin only when it splits wholly into at least two pinyin syllables (tone
digits 1–5 allowed: "lu4deng1"); English words (hello, ok, wifi) do not split and stay as they are.
The syllables are spelt with the lexicon's own words where their sounds match, longest first
("di bao" → 低保, "zi lai shui" → 自来水), and otherwise, syllable by syllable, with the most frequent
character of that sound in jieba's dictionary ("le" → 了, "de" → 的). Only the router uses this: the
danger detector keeps reading the text as written.
"""
from __future__ import annotations

import re
from functools import lru_cache

from pypinyin import lazy_pinyin

_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z1-5']*(?:\s+[A-Za-z][A-Za-z1-5']*)*")
_MIN_SYLLABLES = 2


@lru_cache(maxsize=1)
def _sound_table() -> dict[str, str]:
    """pinyin syllable (no tone, ü as v) → the most frequent character with that sound."""
    from .segment import small_dictionary

    best: dict[str, tuple[int, str]] = {}
    path = small_dictionary()
    if path is None:
        import jieba
        from pathlib import Path

        path = Path(jieba.__file__).with_name("dict.txt")
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            parts = line.split()
            if len(parts) < 2 or len(parts[0]) != 1 or not "\u4e00" <= parts[0] <= "\u9fff":
                continue
            char, freq = parts[0], int(parts[1])
            syllable = lazy_pinyin(char)[0]
            if syllable.isascii() and freq > best.get(syllable, (-1, ""))[0]:
                best[syllable] = (freq, char)
    return {syllable: char for syllable, (_, char) in best.items()}


def _split(letters: str, table: dict[str, str]) -> list[str] | None:
    """The fewest syllables that spell `letters` exactly, or None."""
    n = len(letters)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for i in range(n):
        if best[i] is None:
            continue
        for j in range(min(n, i + 6), i, -1):
            piece = letters[i:j]
            if piece in table and (best[j] is None or len(best[j]) > len(best[i]) + 1):
                best[j] = best[i] + [piece]
    return best[n]


def _spell(syllables: list[str], words: dict[tuple[str, ...], str], table: dict[str, str]) -> str:
    """Characters for `syllables`: the longest lexicon word of the same sound at each point, else
    the most frequent character of each syllable."""
    longest = max((len(key) for key in words), default=0)
    out, i = [], 0
    while i < len(syllables):
        for size in range(min(longest, len(syllables) - i), 1, -1):
            word = words.get(tuple(syllables[i:i + size]))
            if word:
                out.append(word)
                i += size
                break
        else:
            out.append(table[syllables[i]])
            i += 1
    return "".join(out)


def _convert_run(run: str, words: dict[tuple[str, ...], str]) -> str:
    """Each stretch of pinyin words in `run` spelt in characters; other words ("wifi") kept."""
    table = _sound_table()
    out: list[str] = []
    group: list[tuple[str, list[str]]] = []  # (as written, its syllables) of consecutive pinyin words

    def flush() -> None:
        syllables = [s for _, parts in group for s in parts]
        if len(syllables) >= _MIN_SYLLABLES:
            out.append(_spell(syllables, words, table))
        else:
            out.extend(written for written, _ in group)
        group.clear()

    for word in re.split(r"[\s']+", run):
        parts = _split(re.sub(r"[1-5]", "", word.lower()), table) if word else None
        if parts:
            group.append((word, parts))
        else:
            flush()
            out.append(word)
    flush()
    return " ".join(out) if len(out) > 1 else "".join(out)


def words_by_sound(words) -> dict[tuple[str, ...], str]:
    """Syllables → word, for words of two Chinese characters or more (the first one of a sound wins:
    pass the stronger words first)."""
    by_sound: dict[tuple[str, ...], str] = {}
    for word in words:
        if len(word) >= 2 and all("\u4e00" <= ch <= "\u9fff" for ch in word):
            by_sound.setdefault(tuple(lazy_pinyin(word)), word)
    return by_sound


def latin_pinyin_to_han(text: str, words: dict[tuple[str, ...], str] | None = None) -> str:
    """Replace every run of latin pinyin in `text` by same-sound characters (the lexicon's `words`,
    from `words_by_sound`, where they fit); the rest as it is."""
    if not text or not re.search(r"[A-Za-z]", text):
        return text
    return _LATIN_RUN.sub(lambda match: _convert_run(match.group(0), words or {}), text)
