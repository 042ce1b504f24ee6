"""Recognising danger to life or safety in a villager's words: rules of safety.yaml, scored.

    danger = detect("俺家着火了")      # Danger(kind=fire, number="119", score=1.3, ...) or None

Steps: the router's normalisation (simplified, half-width, no punctuation) → look-alike words
masked (火车, 上火, 晕车 …) → typos repaired by sound (着伙 → 着火: a window of the message that
sounds like a danger word, shares at least one character with it, changes no particle and is no
word of its own) → every kind's words, weak words and pairs found (one right after a negation such
as 没/别/防止 does not count) → score = the strongest hit + the cues (快来人 +, 去年 −, 申请补贴 −,
怕有人… −), each cue group counted once and never inside a hit ("晕过去" holds no 过去). A score
at or above the threshold is danger. Pure: no database, no Flask.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from bot.nlu.normalize import normalize
from bot.nlu.pinyin import FUNCTION_CHARS, is_han

from .words import GAP, WEAK_WEIGHT, Cue, Kind, SafetyWords, safety_words, term_pattern

MASK = "#"
_CLOSERS = {"", "了", "啦", "咯", "喽", "呀", "啊", "吧", "么", "嘛", "呢", "的", "着", "过"}


@dataclass(frozen=True)
class Hit:
    kind: Kind
    spans: tuple[tuple[int, int], ...]  # where its words are (a pair: two places)
    weight: float
    words: str  # what matched, for logs and tests


@dataclass(frozen=True)
class Danger:
    kind: Kind
    score: float
    hits: tuple[Hit, ...]
    cues: tuple[str, ...]  # names of the cue groups that counted
    also: tuple[Kind, ...]  # other kinds found whose number differs (a crash: 120 and 110)
    danger_now: bool  # for despair: signs of acting now (药都准备好了) → 110/120 as well
    text: str  # the prepared text the rules read

    @property
    def number(self) -> str:
        return self.kind.number


@lru_cache(maxsize=4096)
def _pattern(term: str) -> re.Pattern:
    return re.compile(term_pattern(term))


def _key(syllable: str) -> str:
    """A syllable with both slips folded (zh→z and -ng→-n): typists confuse them."""
    folded = re.sub(r"^([zcs])h", r"\1", syllable)
    return folded[:-1] if folded.endswith("ng") else folded


@lru_cache(maxsize=8192)
def _reading(ch: str) -> str:
    """The main reading of one character ("" for anything not Chinese)."""
    from pypinyin import Style, pinyin

    return pinyin(ch, style=Style.NORMAL)[0][0] if is_han(ch) else ""


class _SoundIndex:
    """Danger words by their first syllable, to repair typos of the same sound."""

    def __init__(self, vocabulary: frozenset[str]):
        from pypinyin import lazy_pinyin

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

    def repair(self, text: str, is_word: Callable[[str], bool], boundaries: set[int]) -> str:
        chars = list(text)
        i = 0
        while i < len(chars) - 1:
            if chars[i] == MASK or not is_han(chars[i]):
                i += 1
                continue
            length = self._match_at(chars, i, is_word, boundaries)
            i += length or 1
        return "".join(chars)

    def _match_at(self, chars: list[str], i: int, is_word: Callable[[str], bool], boundaries: set[int]) -> int:
        candidates = self.by_first.get(_key(_reading(chars[i])), []) + self.by_first.get(chars[i], [])
        for word, sounds in candidates:
            window = "".join(chars[i:i + len(word)])
            if len(window) < len(word) or window == word or MASK in window:
                continue
            if len(word) == 2 and (i not in boundaries or "".join(chars[i + 2:i + 3]) not in _CLOSERS):
                # Two characters must start a word and end the phrase (着伙了, 云倒啦):
                # 梯子上掉下来 holds no 上吊.
                continue
            same = changed = 0
            for ch, meant, sound in zip(window, word, sounds):
                if ch == meant:
                    same += 1
                # A particle may stand for a content character only inside a long word (不省人是).
                elif (ch in FUNCTION_CHARS and len(word) < 4) or not is_han(ch) or \
                        (_reading(ch) if len(word) < 4 else _key(_reading(ch))) != sound:
                    break
                else:
                    changed += 1
            else:
                if same and changed and not is_word(window):
                    chars[i:i + len(word)] = list(word)
                    return len(word)
        return 0


@lru_cache(maxsize=4)
def _sound_index(words: SafetyWords) -> _SoundIndex:
    return _SoundIndex(words.vocabulary)


def prepare(text: str, words: SafetyWords) -> str:
    """Normalised text with look-alikes masked and typos of danger words repaired."""
    from bot.nlu.router import get_router  # its jieba dictionary tells words from typos

    segmenter = get_router().segmenter
    masked = _mask(normalize(text), words.masks)
    repaired = _sound_index(words).repair(masked, segmenter.is_word, segmenter.positions(masked)[1])
    return _mask(repaired, words.masks)


def _mask(text: str, masks: tuple[str, ...]) -> str:
    for word in sorted(masks, key=len, reverse=True):
        if word in text:
            text = text.replace(word, MASK * len(word))
    return text


def _negated(text: str, start: int, negations: tuple[str, ...]) -> bool:
    """A negation right before the word (没着火), or a longer one a little before (注意煤气中毒);
    "是不是…" asks, it does not deny."""
    before = text[max(0, start - 5):start]
    if before.endswith(("是不是", "是不")):
        return False
    return any(before.endswith(n) or (len(n) > 1 and n in before) for n in negations)


def _absent(text: str, term: str) -> bool:
    """A quick no: most words of most messages are not there (a substring test, no regex)."""
    return (term not in text) if GAP not in term else (term.split(GAP, 1)[0] not in text)


def _needle(term: str) -> str:
    return term.split(GAP, 1)[0] if GAP in term else term


class _Present:
    """The terms of every kind whose quick test passes on one text, computed in one pass: a
    message holds few of the hundreds of words, and one set lookup per term then replaces a
    function call per term (per kind, per pass)."""

    _needles: dict[int, tuple[SafetyWords, tuple[tuple[str, str], ...]]] = {}

    def __init__(self, text: str, words: SafetyWords):
        cached = self._needles.get(id(words))
        if cached is None or cached[0] is not words:
            terms = {t for kind in words.kinds for t in (*kind.words, *kind.weak,
                                                           *(x for p in kind.pairs for x in (*p.first, *p.second)))}
            cached = (words, tuple((t, _needle(t)) for t in sorted(terms)))
            self._needles.clear()
            self._needles[id(words)] = cached
        self.terms = frozenset(t for t, needle in cached[1] if needle in text)


def _finds(text: str, term: str, negations: tuple[str, ...], present: _Present | None = None):
    if (term not in present.terms) if present is not None else _absent(text, term):
        return
    for m in _pattern(term).finditer(text):
        if not _negated(text, m.start(), negations):
            yield m.start(), m.end()


def _silence_negated(text: str, words: SafetyWords, present: _Present) -> str:
    """Mask every danger word that stands negated (防煤气中毒), so no shorter word inside it
    (中毒) is read on its own."""
    chars = list(text)
    for kind in words.kinds:
        for term in (*kind.words, *kind.weak):
            if term not in present.terms:
                continue
            for m in _pattern(term).finditer(text):
                if _negated(text, m.start(), words.negations):
                    chars[m.start():m.end()] = MASK * (m.end() - m.start())
    return "".join(chars)


def _kind_hits(text: str, kind: Kind, words: SafetyWords, present: _Present) -> list[Hit]:
    hits = []
    neg = words.negations
    found = present.terms
    for term in kind.words:
        if term in found:
            hits += [Hit(kind, ((s, e),), kind.weight, term) for s, e in _finds(text, term, neg, present)]
    for term in kind.weak:
        if term in found:
            hits += [Hit(kind, ((s, e),), kind.weight * WEAK_WEIGHT, term)
                     for s, e in _finds(text, term, neg, present)]
    for pair in kind.pairs:
        firsts = [(s, e, t) for t in pair.first if t in found for s, e in _finds(text, t, neg, present)]
        if not firsts:
            continue
        seconds = [(s, e, t) for t in pair.second if t in found for s, e in _finds(text, t, neg, present)]
        for s1, e1, t1 in firsts:
            for s2, e2, t2 in seconds:
                if s2 < e1 and s1 < e2:
                    continue  # the same characters cannot be both halves
                low, high = (e1, s2) if s1 < s2 else (e2, s1)
                between = text[low:high]
                if high - low > pair.gap or any(w in between for w in pair.not_between):
                    continue
                hits.append(Hit(kind, ((s1, e1), (s2, e2)), kind.weight * pair.weight, f"{t1}+{t2}"))
    return hits


def _longest(hits: list[Hit]) -> list[Hit]:
    """Drop a one-word hit inside a longer word of another kind (冒火花 is no 冒火)."""
    def inside(small: tuple[int, int], big: tuple[int, int]) -> bool:
        return big[0] <= small[0] and small[1] <= big[1] and big[1] - big[0] > small[1] - small[0]

    return [h for h in hits if len(h.spans) > 1 or not any(
        other.kind is not h.kind and len(other.spans) == 1 and other.weight >= h.weight
        and inside(h.spans[0], other.spans[0]) for other in hits)]


def _cues(text: str, hits: list[Hit], words: SafetyWords) -> list[Cue]:
    """The cue groups present outside the hits ("晕过去" holds no 过去), each counted once."""
    chars = list(text)
    for hit in hits:
        for start, end in hit.spans:
            chars[start:end] = MASK * (end - start)
    rest = "".join(chars)
    found = []
    for cue in words.cues:
        for term in cue.words:
            if any(not rest[max(0, s - 1):s].endswith(("没", "不", "未")) for s, _ in _finds(rest, term, ())):
                found.append(cue)
                break
    return found


# The router and the safety handler both ask about the same message: the last answers are kept
# (per rule set; a Danger is immutable).
_RECENT_SIZE = 256
_recent: dict[tuple[int, str], tuple[SafetyWords, Danger | None]] = {}


def detect(text: str, words: SafetyWords | None = None) -> Danger | None:
    """The danger in `text`, or None. `words` defaults to knowledge/safety.yaml."""
    words = words or safety_words()
    key = (id(words), text or "")
    kept = _recent.get(key)
    if kept is not None and kept[0] is words:
        return kept[1]
    danger = _detect(text or "", words)
    if len(_recent) >= _RECENT_SIZE:
        _recent.clear()
    _recent[key] = (words, danger)
    return danger


def _detect(text: str, words: SafetyWords) -> Danger | None:
    prepared = prepare(text or "", words)
    if not prepared:
        return None
    present = _Present(prepared, words)
    if not present.terms:
        return None  # no danger word, weak word or half of a pair: nothing can score
    prepared = _silence_negated(prepared, words, present)
    present = _Present(prepared, words)  # masking can only remove terms
    hits = _longest([hit for kind in words.kinds for hit in _kind_hits(prepared, kind, words, present)])
    if not hits:
        return None
    cues = _cues(prepared, hits, words)
    order = {k.id: i for i, k in enumerate(words.kinds)}
    scored: dict[str, tuple[float, Hit]] = {}
    for hit in hits:
        bonus = sum(c.weight for c in cues if not c.kinds or hit.kind.id in c.kinds)
        score = round(hit.weight + bonus, 3)
        if hit.kind.id not in scored or score > scored[hit.kind.id][0]:
            scored[hit.kind.id] = (score, hit)
    ranked = sorted(scored.values(), key=lambda sh: (-sh[0], order[sh[1].kind.id]))
    score, best = ranked[0]
    if score < words.threshold:
        return None
    also: list[Kind] = []
    for other_score, hit in ranked[1:]:
        if other_score >= words.threshold and hit.kind.number not in {best.kind.number, *(k.number for k in also)}:
            also.append(hit.kind)
    now = any(True for term in best.kind.danger_now for _ in _finds(prepared, term, ()))
    names = tuple(c.name for c in cues if not c.kinds or best.kind.id in c.kinds)
    return Danger(best.kind, score, tuple(h for _, h in ranked), names, tuple(also), now, prepared)
