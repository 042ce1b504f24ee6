"""Recognising danger to life or safety in a villager's words: rules of safety.yaml, scored.

    danger = detect("俺家着火了")      # Danger(kind=fire, number="119", score=1.3, ...) or None

Steps: the router's normalisation (simplified, half-width, no punctuation) → look-alike words
masked (火车, 上火, 晕车 …) → typos repaired by sound (着伙 → 着火: a window of the message that
sounds like a danger word, shares at least one character with it, changes no particle and is no
word of its own) → every kind's words, weak words and pairs found (one right after a negation such
as 没/别/防止/会 does not count; a long word also with one slip inside it, 不醒人事) → score = the
strongest hit + the cues (快来人 +, 去年 −, 申请补贴 −, 怕有人… −, 过 right after a danger word −),
each cue group counted once and never inside a hit ("晕过去" holds no 过去), + a little when a
second danger sign stands elsewhere in the message. A score at or above the threshold is danger.
Pure: no database, no Flask.
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
FUZZY_MIN = 4  # literal words this long are also found with one character wrong
FUZZY_WEIGHT = 0.8
_NO_SLIP = frozenset("不没别未非无莫")  # a slip never adds or changes one of these (不省人事 ≠ 省人事)
CORROBORATION = 0.2  # a second danger sign elsewhere in the message (碰了电线 … 就倒了)
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


@lru_cache(maxsize=8192)
def _key(syllable: str) -> str:
    """A syllable with both slips folded (zh→z and -ng→-n): typists confuse them."""
    folded = re.sub(r"^([zcs])h", r"\1", syllable)
    return folded[:-1] if folded.endswith("ng") else folded


@lru_cache(maxsize=8192)
def _reading(ch: str) -> str:
    """The main reading of one character ("" for anything not Chinese)."""
    from pypinyin import Style, pinyin

    return pinyin(ch, style=Style.NORMAL)[0][0] if is_han(ch) else ""


def _sounds_alike(window: str, word: str, sounds: tuple[str, ...]) -> bool:
    """`window` reads as `word` with at least one character kept and one changed, each changed
    one a Chinese character of the same sound."""
    same = changed = 0
    for ch, meant, sound in zip(window, word, sounds):
        if ch == meant:
            same += 1
        # A particle may stand for a content character only inside a long word (不省人是).
        elif (ch in FUNCTION_CHARS and len(word) < 4) or not is_han(ch) or \
                (_reading(ch) if len(word) < 4 else _key(_reading(ch))) != sound:
            return False
        else:
            changed += 1
    return bool(same and changed)


class _SoundIndex:
    """Danger words by their first syllable, to repair typos of the same sound."""

    def __init__(self, vocabulary: frozenset[str]):
        from pypinyin import lazy_pinyin

        self.vocabulary = vocabulary
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
            if len(window) < len(word) or window == word or MASK in window:
                continue
            # Every test below is pure: the cheap one (each changed character sounds like the
            # word's) goes first, so most candidates are dropped before any dictionary look-up.
            if not _sounds_alike(window, word, sounds):
                continue
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
            if self._danger_word_there(chars, i, [i + j for j in changes]):
                continue  # it is already a danger word (喊不醒了 is no 喊不行了, 被电着了 no 被点着了)
            if not is_word(window):
                chars[i:i + len(word)] = list(word)
                return len(word)
        return 0


    def _danger_word_there(self, chars: list[str], i: int, changed: list[int]) -> bool:
        """A danger word of the text as written covers a character the repair would change."""
        low, high = max(0, i - 3), min(len(chars), i + 8)
        text = "".join(chars[low:high])
        return any(text[a:b] in self.vocabulary for at in changed for a in range(0, at - low + 1)
                   for b in range(at - low + 1, len(text) + 1) if b - a >= 2)


@lru_cache(maxsize=4)
def _sound_index(words: SafetyWords) -> _SoundIndex:
    return _SoundIndex(words.vocabulary)


def prepare(text: str, words: SafetyWords) -> str:
    """Normalised text with look-alikes masked and typos of danger words repaired."""
    from bot.nlu.router import get_router  # its jieba dictionary tells words from typos

    segmenter = get_router().segmenter
    masked = _mask(normalize(text), words.masks)
    alone, boundaries = segmenter.positions(masked)
    repaired = _sound_index(words).repair(masked, segmenter.is_word, boundaries, frozenset(alone))
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


def _finds(text: str, term: str, negations: tuple[str, ...]):
    if _absent(text, term):
        return
    for m in _pattern(term).finditer(text):
        if not _negated(text, m.start(), negations):
            yield m.start(), m.end()


def _silence_negated(text: str, words: SafetyWords) -> str:
    """Mask every danger word that stands negated (防煤气中毒), so no shorter word inside it
    (中毒) is read on its own."""
    chars = list(text)
    for kind in words.kinds:
        for term in (*_starting(kind.words, text), *_starting(kind.weak, text)):
            if _absent(text, term):
                continue
            for m in _pattern(term).finditer(text):
                if _negated(text, m.start(), words.negations):
                    chars[m.start():m.end()] = MASK * (m.end() - m.start())
    return "".join(chars)


def _fuzzy_finds(text: str, term: str, negations: tuple[str, ...]):
    """Where `term` stands with one slip of the keys or the voice (不醒人事, 口吐百沫): one content
    character changed inside the word (not the first or last), never into a negation or a
    particle's place (火着大了 is no 火太大了). An added or dropped character is no slip: it reads
    other words (生活过不下去 holds no 活不下去)."""
    if len(term) < FUZZY_MIN or term[0] not in text or term[-1] not in text or GAP in term or term in text or \
            sum(ch in text for ch in set(term)) < len(set(term)) - 1:
        return
    size = len(term)
    for start in range(0, len(text) - size + 1):
        window = text[start:start + size]
        if window[0] != term[0] or window[-1] != term[-1] or MASK in window:
            continue
        slips = [i for i in range(1, size - 1) if window[i] != term[i]]
        if len(slips) != 1:
            continue
        added, lost = window[slips[0]], term[slips[0]]
        if is_han(added) and added not in _NO_SLIP and lost not in FUNCTION_CHARS and \
                not _negated(text, start, negations):
            yield start, start + size
            return


_BY_FIRST: dict[int, tuple[tuple[str, ...], dict[str, tuple[str, ...]]]] = {}


def _starting(terms: tuple[str, ...], text: str) -> list[str] | tuple[str, ...]:
    """The terms whose first character is in `text` (the rest cannot be there), in list order.

    A term that opens with a gap ("…井") has no first character to test: it is always kept."""
    cached = _BY_FIRST.get(id(terms))
    if cached is None or cached[0] is not terms:
        index: dict[str, list[tuple[int, str]]] = {}
        for position, term in enumerate(terms):
            index.setdefault(term[0], []).append((position, term))
        always = tuple(index.pop(GAP, ()))
        cached = (terms, frozenset(index), index, always)
        _BY_FIRST[id(terms)] = cached
    _, firsts, by_char, always = cached
    if firsts.isdisjoint(text):
        return [t for _, t in always]
    found = [*always, *(entry for ch in firsts.intersection(text) for entry in by_char[ch])]
    found.sort()
    return [t for _, t in found]


def _kind_hits(text: str, kind: Kind, words: SafetyWords) -> list[Hit]:
    hits = []
    neg = words.negations
    # A word is found as written or with one slip, never in its first character (_fuzzy_finds):
    # words whose first character is not in the text cannot be there.
    for term in _starting(kind.words, text):
        found = [Hit(kind, ((s, e),), kind.weight, term) for s, e in _finds(text, term, neg)]
        hits += found or [Hit(kind, ((s, e),), kind.weight * FUZZY_WEIGHT, f"~{term}")
                          for s, e in _fuzzy_finds(text, term, neg)]
    for term in _starting(kind.weak, text):
        hits += [Hit(kind, ((s, e),), kind.weight * WEAK_WEIGHT, term) for s, e in _finds(text, term, neg)]
    for pair in kind.pairs:
        firsts = [(s, e, t) for t in _starting(pair.first, text) for s, e in _finds(text, t, neg)]
        if not firsts:
            continue
        seconds = [(s, e, t) for t in _starting(pair.second, text) for s, e in _finds(text, t, neg)]
        for s1, e1, t1 in firsts:
            for s2, e2, t2 in seconds:
                if s2 < e1 and s1 < e2:
                    continue  # the same characters cannot be both halves
                low, high = (e1, s2) if s1 < s2 else (e2, s1)
                between = text[low:high]
                # A thing right before the second word is what it is about (孩子的手机丢了); further
                # back it is only part of the story (俺爹出去放羊到现在没回来).
                if high - low > pair.gap or any(w in between[-len(w) - 2:] for w in pair.not_between):
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
    """The cue groups present, each counted once. A cue counts with all its characters outside
    the hits, or all but one of at least three (危房改造 beside a hit 房…塌了): "晕过去" holds no
    过去 and "翻白眼看我" no 眼看."""
    inside = {i for hit in hits for low, high in hit.spans for i in range(low, high)}

    def counts(start: int, end: int) -> bool:
        if text[max(0, start - 1):start].endswith(("没", "不", "未")):
            return False
        covered = sum(i in inside for i in range(start, end))
        return covered == 0 or (covered == 1 and end - start >= 3)

    found = []
    for cue in words.cues:
        for term in cue.words:
            if any(counts(start, end) for start, end in _finds(text, term, ())):
                found.append(cue)
                break
    past = next((c for c in words.cues if c.name == "past"), None)
    if past and past not in found and any(_experienced(text, end) for hit in hits for _, end in hit.spans):
        found.append(past)
    return found


def _experienced(text: str, end: int) -> bool:
    """过 right after a danger word tells an experience, not an event (叫电打过, 晕倒过)."""
    return text[end:end + 1] == "过" and text[end:end + 2] not in ("过来", "过去")


def _corroborated(hits: list[Hit]) -> bool:
    """Two danger signs in different places of the message (no word shared)."""
    def apart(one: Hit, other: Hit) -> bool:
        return all(b[0] >= a[1] or a[0] >= b[1] for a in one.spans for b in other.spans)

    return any(apart(one, other) for i, one in enumerate(hits) for other in hits[i + 1:])


# The router and the safety handler both ask about the same message: the last answers are kept
# (per rule set; a Danger is immutable).
_RECENT_SIZE = 256
_recent: dict[tuple[int, str], tuple[SafetyWords, "Danger | None"]] = {}


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
    prepared = _silence_negated(prepared, words)
    hits = _longest([hit for kind in words.kinds for hit in _kind_hits(prepared, kind, words)])
    if not hits:
        return None
    cues = _cues(prepared, hits, words)
    order = {k.id: i for i, k in enumerate(words.kinds)}
    scored: dict[str, tuple[float, Hit]] = {}
    corroboration = CORROBORATION if _corroborated(hits) else 0.0
    for hit in hits:
        bonus = corroboration + sum(c.weight for c in cues if not c.kinds or hit.kind.id in c.kinds)
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
