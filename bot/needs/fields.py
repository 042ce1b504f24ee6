"""Which field a villager's need belongs to (农业, 政法, 卫健 …), and how sure we are.

    vocabulary = Vocabulary([("大棚", "农业"), ("停电", "水电"), ...])
    result = classify("俺家大棚的黄瓜叶子发黄", vocabulary)
    result.field, result.confidence, result.hits   # "农业", 0.9, (Hit("大棚", "农业", "word", …), …)

The words are the representative groups' keywords (groups.yaml, editable later) and the
everyday words of knowledge/need_words.yaml. Three passes over the text, longest words first,
each pass only on characters no earlier hit explained (so 农药 is farming, not medicine):
  1. the word itself, after folding traditional characters and full-width forms;
  2. the same sound: villagers type by pinyin, so typos are homophones (低包 → 低保,
     停点 → 停电); for longer words zh/z, ch/c, sh/s and -ng/-n are folded too (common
     slips). Real words are no typos: 大家 is not 打架 and 打算 is not 大蒜, so a span that is
     a word of jieba's dictionary (or of the file's `plain` list), or lies inside a longer one
     (氧机 in 制氧机), is not taken for another;
  3. a near miss of a longer word: one syllable added or left out (电压太低 → 电压低), scored
     with rapidfuzz over syllables encoded as one symbol each.
Each hit adds a weight to its field (longer words weigh more, sound-alikes and near misses
less). The confidence is the strength of the best field times its share of all the evidence:
a need naming two fields equally is unsure, one naming none scores 0.
This module never touches the database.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from pypinyin import lazy_pinyin
from rapidfuzz import fuzz, process

from bot.village_match import normalise

# Below this confidence a need goes to the township group to sort.
SURE = 0.5
NEAR_CUTOFF = 80.0
# jieba's frequency from which a span counts as a real word (typos like 低包 are not in it).
REAL_WORD_FREQ = 10
_HOW_FACTOR = {"word": 1.0, "sound": 0.9, "folded": 0.8}
_NEAR_FACTOR = 0.6
_STRENGTH_RATE = 1.2
_SYMBOLS: dict[str, str] = {}


@dataclass(frozen=True)
class Hit:
    word: str
    field: str
    how: str  # word | sound | folded | near
    weight: float
    start: int  # position in the normalised text


@dataclass(frozen=True)
class Classification:
    field: str | None  # None when no word of any field was found
    confidence: float  # 0..1
    scores: dict[str, float]
    hits: tuple[Hit, ...]

    @property
    def sure(self) -> bool:
        return self.field is not None and self.confidence >= SURE


@dataclass(frozen=True)
class _Entry:
    word: str
    field: str
    sound: tuple[str, ...]
    folded: tuple[str, ...]
    code: str  # folded syllables, one symbol each


@lru_cache(maxsize=8192)
def _syllable(char: str) -> str:
    """Toneless pinyin of one character (itself for digits and letters)."""
    return lazy_pinyin(char)[0]


def _fold(syllable: str) -> str:
    """Fold the slips pinyin typists and dialect speakers make: zh/ch/sh → z/c/s, -ng → -n."""
    if syllable[:2] in ("zh", "ch", "sh"):
        syllable = syllable[0] + syllable[2:]
    return syllable[:-1] if syllable.endswith("ng") else syllable


def _encode(folded: Iterable[str]) -> str:
    """One private-use symbol per syllable, so string scorers count syllables, not letters."""
    out = []
    for syllable in folded:
        if syllable not in _SYMBOLS:
            _SYMBOLS[syllable] = chr(0xE000 + len(_SYMBOLS))
        out.append(_SYMBOLS[syllable])
    return "".join(out)


def _weight(length: int) -> float:
    return 0.5 if length == 1 else 1.0 if length == 2 else 1.3


class Vocabulary:
    """The words of every field, ready for matching (build once, reuse)."""

    def __init__(self, words: Iterable[tuple[str, str]], plain: Iterable[str] = ()):
        self.plain = frozenset(normalise(w) for w in plain)
        seen: set[str] = set()
        entries = []
        for raw, field in words:
            word = normalise(raw)
            if not word or word in seen:
                continue
            seen.add(word)
            sound = tuple(_syllable(c) for c in word)
            folded = tuple(_fold(s) for s in sound)
            entries.append(_Entry(word, field, sound, folded, _encode(folded)))
        self.entries = sorted(entries, key=lambda e: -len(e.word))
        self.fields = sorted({e.field for e in entries})


def _free(taken: list[bool], start: int, length: int) -> bool:
    return start >= 0 and start + length <= len(taken) and not any(taken[start:start + length])


def _take(taken: list[bool], start: int, length: int) -> None:
    for i in range(start, start + length):
        taken[i] = True


def _word_pass(said: str, vocabulary: Vocabulary, taken: list[bool]) -> list[Hit]:
    hits = []
    for entry in vocabulary.entries:
        start = said.find(entry.word)
        while start >= 0:
            if _free(taken, start, len(entry.word)):
                _take(taken, start, len(entry.word))
                hits.append(Hit(entry.word, entry.field, "word", _weight(len(entry.word)), start))
            start = said.find(entry.word, start + 1)
    return hits


@lru_cache(maxsize=1)
def _dictionary():
    import jieba

    jieba.initialize()
    return jieba.dt


def is_real_word(word: str, plain: frozenset[str] = frozenset()) -> bool:
    """A word of its own (jieba's dictionary or the `plain` list), so not a typo of another."""
    return word in plain or (_dictionary().FREQ.get(word) or 0) >= REAL_WORD_FREQ


def _inside_longer_word(said: str, start: int, length: int) -> bool:
    """Is the span part of a longer dictionary word (氧机 in 制氧机, which is not 养鸡)?"""
    freq = _dictionary().FREQ
    for size in range(length + 1, length + 3):
        for begin in range(max(0, start + length - size), min(start, len(said) - size) + 1):
            if (freq.get(said[begin:begin + size]) or 0) > 0:
                return True
    return False


def _sound_pass(said: str, sound: list[str], folded: list[str], vocabulary: Vocabulary,
                taken: list[bool]) -> list[Hit]:
    hits = []
    for entry in vocabulary.entries:
        n = len(entry.word)
        if n < 2:  # one syllable sounds like too many other characters
            continue
        for start in range(len(folded) - n + 1):
            if tuple(folded[start:start + n]) != entry.folded or not _free(taken, start, n):
                continue
            how = "sound" if tuple(sound[start:start + n]) == entry.sound else "folded"
            if how == "folded" and n < 3:  # 长了 → 占了: two folded syllables are too loose
                continue
            if not (is_real_word(said[start:start + n], vocabulary.plain)
                    or _inside_longer_word(said, start, n)):
                _take(taken, start, n)
                hits.append(Hit(entry.word, entry.field, how, _weight(n) * _HOW_FACTOR[how], start))
    return hits


def _near_pass(folded: list[str], vocabulary: Vocabulary, taken: list[bool]) -> list[Hit]:
    hits = []
    for entry in vocabulary.entries:
        n = len(entry.word)
        if n < 3:  # in short words one syllable off is another word
            continue
        # One syllable added; one left out only from long words (车过不去 is not 过不下去).
        sizes = [n, n + 1] + ([n - 1] if n >= 5 else [])
        windows = {(start, size): _encode(folded[start:start + size])
                   for size in sizes for start in range(len(folded) - size + 1)
                   if _free(taken, start, size)}
        if not windows:
            continue
        best = process.extractOne(entry.code, windows, scorer=fuzz.ratio, score_cutoff=NEAR_CUTOFF)
        if best is not None:
            _, score, (start, size) = best
            _take(taken, start, size)
            hits.append(Hit(entry.word, entry.field, "near", _weight(n) * _NEAR_FACTOR * score / 100, start))
    return hits


def classify(text: str, vocabulary: Vocabulary) -> Classification:
    """The field the text most likely belongs to, with a confidence in 0..1."""
    said = normalise(text)
    taken = [False] * len(said)
    sound = [_syllable(c) for c in said]
    folded = [_fold(s) for s in sound]
    hits = _word_pass(said, vocabulary, taken)
    hits += _sound_pass(said, sound, folded, vocabulary, taken)
    hits += _near_pass(folded, vocabulary, taken)
    scores: dict[str, float] = {}
    for hit in hits:
        scores[hit.field] = scores.get(hit.field, 0.0) + hit.weight
    if not scores:
        return Classification(None, 0.0, {}, ())
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    field, top = ranked[0]
    strength = 1 - math.exp(-_STRENGTH_RATE * top)
    confidence = round(strength * top / sum(scores.values()), 3)
    return Classification(field, confidence, scores, tuple(sorted(hits, key=lambda h: h.start)))



WORDS_FILE = "need_words.yaml"


@dataclass(frozen=True)
class EverydayWords:
    words: tuple[tuple[str, str], ...]  # (word, field)
    plain: tuple[str, ...]  # words taken as they are, never as a typo of a field's word


@lru_cache(maxsize=4)
def everyday_words(path: str | None = None) -> EverydayWords:
    """The words of knowledge/need_words.yaml; a word listed under two fields is an error."""
    from pathlib import Path

    import yaml

    file = Path(path) if path else Path(__file__).resolve().parents[2] / "knowledge" / WORDS_FILE
    data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    pairs, owner = [], {}
    for field, words in (data.get("fields") or {}).items():
        for word in words or []:
            word = str(word)
            if owner.setdefault(word, field) != field:
                raise ValueError(f"{file.name}: '{word}' is listed under {owner[word]} and {field}")
            pairs.append((word, str(field)))
    return EverydayWords(tuple(pairs), tuple(str(w) for w in data.get("plain") or ()))


def warm_up() -> None:
    """Load jieba's dictionary and pypinyin now (about 1.5 s), not during the first report."""
    _dictionary()
    _syllable("暖")
