"""Which field a villager's need belongs to (农业, 政法, 卫健 …), and how sure we are.

    vocabulary = Vocabulary([("大棚", "农业"), ("停电", "水电"), ...])
    result = classify("俺家大棚的黄瓜叶子发黄", vocabulary)
    result.field, result.confidence, result.hits   # "农业", 0.9, (Hit("大棚", "农业", "word", …), …)

The words are the representative groups' keywords (groups.yaml, editable later) and the
everyday words of knowledge/need_words.yaml. The text first goes through the router's own
scan (bot.nlu): traditional and full-width forms folded, dialect and the typos its lexicon
knows rewritten (低包 → 低保, 停点 → 停电). Then three passes, longest words first, each only
over characters no earlier hit explained (so 农药 is farming, not medicine):
  1. the word as written;
  2. the same sound, by the router's pinyin index (bot.nlu.pinyin) with its rules: at least
     one content character the same, no particles, not a real word as written (大家 is not
     打架, 打算 is not 大蒜), two-character windows on jieba's word boundaries;
  3. a near miss of a longer word: one syllable added, or one left out of a long word
     (电压太低 → 电压低), scored with rapidfuzz over syllables encoded as one symbol each.
Each hit adds a weight to its field (longer words weigh more, sound-alikes and near misses
less). The confidence is the strength of the best field times its share of all the evidence:
a need naming two fields equally is unsure, one naming none scores 0.
This module never touches the database.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from pypinyin import lazy_pinyin
from rapidfuzz import fuzz, process

from bot.config import knowledge_path
from bot.nlu.match import Surface
from bot.nlu.normalize import normalize
from bot.nlu.pinyin import PinyinIndex, worth_sound
from bot.yaml_files import read_yaml_file

# Below this confidence a need goes to the township group to sort.
SURE = 0.5
NEAR_CUTOFF = 80.0
SOUND_FACTOR = 0.9  # as the router, a word found by its sound counts a little less
_NEAR_FACTOR = 0.6
_STRENGTH_RATE = 1.2
_SYMBOLS: dict[str, str] = {}


@dataclass(frozen=True)
class Hit:
    word: str
    field: str
    how: str  # word | sound | near
    weight: float
    start: int  # position in the corrected text


@dataclass(frozen=True)
class Classification:
    field: str | None  # None when no word of any field was found
    confidence: float  # 0..1
    scores: dict[str, float]
    hits: tuple[Hit, ...]
    text: str = ""  # the corrected text the words were found in

    @property
    def sure(self) -> bool:
        return self.field is not None and self.confidence >= SURE


@dataclass(frozen=True)
class _Entry:
    word: str
    field: str
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


@lru_cache(maxsize=1)
def _router():
    from bot.nlu.router import get_router

    return get_router()


def _is_word(text: str) -> bool:
    return _router().segmenter.is_word(text)


class Vocabulary:
    """The words of every field, ready for matching (build once, reuse)."""

    def __init__(self, words: Iterable[tuple[str, str]]):
        seen: set[str] = set()
        entries, surfaces = [], []
        for raw, field in words:
            word = normalize(raw)
            if not word or word in seen:
                continue
            seen.add(word)
            entries.append(_Entry(word, field, _encode(_fold(_syllable(c)) for c in word)))
            # The router's index needs the exact sound for two-character words that are not
            # decisive (weight < 0.9): a slip in a short word too often makes another word.
            surface = Surface(word, word, {field: 1.0 if len(word) >= 3 else 0.5})
            if worth_sound(surface):
                surfaces.append(surface)
        self.entries = sorted(entries, key=lambda e: -len(e.word))
        self.fields = sorted({e.field for e in entries})
        self.pinyin = PinyinIndex(surfaces, is_word=_is_word)


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


def _sound_pass(said: str, vocabulary: Vocabulary, taken: list[bool]) -> list[Hit]:
    if all(taken) or len(said) < 2:
        return []
    boundaries = _router().segmenter.positions(said)[1]
    hits = []
    for start, end, surface in vocabulary.pinyin.find(said, 0, len(said), boundaries,
                                                      [not t for t in taken]):
        if _free(taken, start, end - start):
            _take(taken, start, end - start)
            (field,) = surface.targets
            hits.append(Hit(surface.text, field, "sound", _weight(end - start) * SOUND_FACTOR, start))
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
    said = _router().scan(text).corrected
    taken = [False] * len(said)
    folded = [_fold(_syllable(c)) for c in said]
    hits = _word_pass(said, vocabulary, taken)
    hits += _sound_pass(said, vocabulary, taken)
    hits += _near_pass(folded, vocabulary, taken)
    scores: dict[str, float] = {}
    for hit in hits:
        scores[hit.field] = scores.get(hit.field, 0.0) + hit.weight
    if not scores:
        return Classification(None, 0.0, {}, (), said)
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    field, top = ranked[0]
    strength = 1 - math.exp(-_STRENGTH_RATE * top)
    confidence = round(strength * top / sum(scores.values()), 3)
    return Classification(field, confidence, scores, tuple(sorted(hits, key=lambda h: h.start)), said)


WORDS_FILE = "need_words.yaml"
DEFAULT_WORDS_PATH = knowledge_path(WORDS_FILE)


class NeedWordsError(ValueError):
    """need_words.yaml is not valid; the message reads "need_words.yaml: field: what is wrong"."""


def read_need_words(path: Path | str | None = None) -> tuple[tuple[str, str], ...]:
    """(word, field) pairs of the file, checked: `fields` maps each field to a list of words,
    every word is a text (numbers such as 120 count), and no word is listed under two fields."""
    file = Path(path) if path else DEFAULT_WORDS_PATH
    data = read_yaml_file(file, NeedWordsError)
    fields = data.get("fields") if isinstance(data, dict) else None
    if not isinstance(fields, dict) or not fields:
        raise NeedWordsError(f"{file.name}: fields: must map each field (农业, 水电 …) to a list of words")
    pairs, owner = [], {}
    for field, words in fields.items():
        at = f"{file.name}: fields.{field}"
        if words is None:  # a field left without words for now
            continue
        if not isinstance(words, list):  # a bare text would be read one character at a time
            raise NeedWordsError(f"{at}: expected a list of words in [ ], got {type(words).__name__}")
        for i, raw in enumerate(words):
            if isinstance(raw, bool) or not isinstance(raw, (str, int)) or not str(raw).strip():
                raise NeedWordsError(f"{at}[{i}]: expected a word, got {raw!r}")
            word = str(raw).strip()
            if owner.setdefault(word, str(field)) != str(field):
                raise NeedWordsError(f"{at}[{i}]: '{word}' is listed under {owner[word]} and {field}")
            pairs.append((word, str(field)))
    return tuple(pairs)


@lru_cache(maxsize=4)
def everyday_words(path: str | None = None) -> tuple[tuple[str, str], ...]:
    """The words of knowledge/need_words.yaml (see read_need_words for the checks)."""
    return read_need_words(path)


def warm_up() -> None:
    """Build the router (its segmenter and lexicon) and pypinyin now, not at the first report."""
    _router().route("你好")
    _syllable("暖")
