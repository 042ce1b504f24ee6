"""Recognising danger to life or safety in a villager's words: rules of safety.yaml, scored.

    danger = detect("俺家着火了")      # Danger(kind=fire, number="119", score=1.3, ...) or None

Steps: the router's normalisation (simplified, half-width, no punctuation) → look-alike words
masked (火车, 上火, 晕车 …; never across a space or a punctuation mark; 冒火化 is
冒火花 first) → pinyin read as the
danger word it spells (煤气中du了, spelled.py), a doubled word read once (含含糊糊 → 含糊) → typos repaired by sound (着伙 → 着火, sounds.py)
→ every kind's words, weak words and pairs found (one right after a negation such
as 没/别/防止/会 does not count; a long word also with one slip inside it, 不醒人事) → score = the
strongest hit + the cues (快来人 +, 去年 −, 申请补贴 −, 怕有人… −, 过 right after a danger word −),
each cue group counted once and never inside a hit ("晕过去" holds no 过去), + a little when a
second danger sign stands elsewhere in the message; an `around` cue counts only with the danger
word between its halves (要是…晕倒了…咋办). A score at or above the threshold is danger.
Pure: no database, no Flask.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.nlu.normalize import normalize
from bot.nlu.pinyin import FUNCTION_CHARS, is_han

from .quick import absent_kind, mask, starting
from .sounds import MASK, sound_index, through_masks
from .spelled import pinyin_spelling
from .words import (AROUND_SPAN, GAP, GAP_CHARS, PASSIVE, SPOKEN_PASSIVES, WEAK_WEIGHT, Cue, Kind, SafetyWords, safety_words,
                    term_pattern)

FUZZY_MIN = 4  # literal words this long are also found with one character wrong
FUZZY_WEIGHT = 0.8
_NO_SLIP = frozenset("不没别未非无莫")  # a slip never adds or changes one of these (不省人事 ≠ 省人事)
_CLOSING_PARTICLES = frozenset("了的着过得")
# After "被人/叫人…" the verb says what was done, and to what: 叫人偷走 (a manhole cover) is no slip
# of 叫人抱走 (a child).
PASSIVE_AGENTS = tuple(f"{marker}人" for marker in (PASSIVE, *SPOKEN_PASSIVES))
_CLAUSE_ENDS = ("了", "也")
_ACCIDENTS = ("不小心", "没小心", "不注意", "没注意", "没留神", "不留神")  # "not careful": it happened
_SEPARATOR = re.compile(r"[\W_]+")
_DOUBLED = re.compile(r"(\w)\1(\w)\2")  # AABB: 含含糊糊
CORROBORATION = 0.2
# 打 + whose + 的 + a phone or number is a call (打俺儿子的138…, 打我闺女电话), never a blow: masked
# whole so that 打俺 + 儿子 is no "family member hits me" pair.
_CALLING = re.compile(r"(?:打给|打)(?:俺|我|咱|他|她)?(?:家)?[\u4e00-\u9fff]{0,4}?的?(?:那个)?"
                      r"(?:电话|手机|号码|号|座机|微信|\d{5,})")
COMMON_SINGLE_WORD = 30_000  # jieba's count of 看, 想, 吃, 打, 说: a word in its own right  # a second danger sign elsewhere in the message (碰了电线 … 就倒了)


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


def prepare(text: str, words: SafetyWords) -> str:
    """Normalised text with look-alikes masked and typos of danger words repaired."""
    from bot.nlu.router import get_router  # its jieba dictionary tells words from typos

    segmenter = get_router().segmenter
    normalized, breaks = _normalized_with_breaks(text)
    normalized = through_masks(normalized, words)  # 冒火化 → 冒火花 before 火化 is masked
    masked = mask(_CALLING.sub(lambda m: MASK * len(m.group()), normalized), words.masks, breaks)
    spelled = _unreduplicated(pinyin_spelling(words.vocabulary).repair(masked), words.vocabulary)
    if len(spelled) != len(masked):
        breaks = frozenset()  # pinyin read as characters, or a doubled word read once: the offsets moved
    alone, boundaries = segmenter.positions(spelled)
    # A character standing alone may be a stray typo (媒气 → 煤气), unless it is one of the most
    # common words by itself: 河边看人钓鱼 holds 看 (look), no typo of 砍人.
    strays = frozenset(at for at in alone if segmenter.frequency(spelled[at]) < COMMON_SINGLE_WORD)
    repaired = sound_index(words).repair(spelled, segmenter.is_word, boundaries, strays)
    return mask(repaired, words.masks, breaks)


def _unreduplicated(text: str, vocabulary: frozenset[str]) -> str:
    """A doubled word read as the word (说话含含糊糊 → 说话含糊) when the lists have the word
    but not its doubled form (迷迷糊糊 is written as such and stays)."""
    if not _DOUBLED.search(text):
        return text
    return _DOUBLED.sub(lambda m: m.group(0) if m.group(0) in vocabulary or
                        f"{m.group(1)}{m.group(2)}" not in vocabulary else f"{m.group(1)}{m.group(2)}", text)


def _normalized_with_breaks(text: str) -> tuple[str, frozenset[int]]:
    """The normalised text and the offsets where a space or a punctuation mark stood: a look-alike
    never spans one (冒黑烟 火苗子 holds no 烟火)."""
    whole = normalize(text)
    chunks = [normalize(chunk) for chunk in _SEPARATOR.split(text or "")]
    if "".join(chunks) != whole:
        return whole, frozenset()
    offsets, at = set(), 0
    for chunk in chunks[:-1]:
        at += len(chunk)
        offsets.add(at)
    return whole, frozenset(offsets)


def _negated(text: str, start: int, negations: tuple[str, ...]) -> bool:
    """A negation right before the word (没着火), or a longer one a little before (注意煤气中毒);
    "是不是…" asks, it does not deny, "不小心" tells how it happened, and a negation whose clause ended before the word does not
    reach it (一点劲没有了 眼前发黑)."""
    before = text[max(0, start - 5):start]
    if before.endswith(("是不是", "是不")) or any(slip in before for slip in _ACCIDENTS):
        return False
    return any(before.endswith(n) or (len(n) > 1 and _denies_later(before, n)) for n in negations)


def _denies_later(before: str, negation: str) -> bool:
    """A negation a little before reaches the word unless a clause ends between them: 了 (没有了)
    or 也 (不会哭也不动: 不会 denies 哭, not 不动)."""
    at = before.find(negation)
    while at != -1:
        if not any(mark in before[at + len(negation):] for mark in _CLAUSE_ENDS):
            return True
        at = before.find(negation, at + 1)
    return False


def _absent(text: str, term: str) -> bool:
    """A quick no: most words of most messages are not there (a substring test, no regex)."""
    return (term not in text) if GAP not in term else (term.split(GAP, 1)[0] not in text)


def _finds(text: str, term: str, negations: tuple[str, ...]):
    if _absent(text, term):
        return
    for m in _pattern(term).finditer(text):
        if not _negated(text, m.start(), negations) and not _asked(text, m.start()):
            yield m.start(), m.end()


def _asked(text: str, start: int) -> bool:
    """有没… asks whether (摔着了有没有人管), it does not tell that nobody is there."""
    return text.startswith("没", start) and text[start - 1:start] == "有"


def _silence_negated(text: str, words: SafetyWords) -> str:
    """Mask every danger word that stands negated (防煤气中毒), so no shorter word inside it
    (中毒) is read on its own."""
    chars = list(text)
    for kind in words.kinds:
        if absent_kind(kind, text):
            continue
        for term in (*starting(kind.words, text), *starting(kind.weak, text)):
            if _absent(text, term):
                continue
            for m in _pattern(term).finditer(text):
                if _negated(text, m.start(), words.negations):
                    chars[m.start():m.end()] = MASK * (m.end() - m.start())
    return "".join(chars)


def _fuzzy_finds(text: str, term: str, negations: tuple[str, ...]):
    """Where `term` stands with one slip of the keys or the voice (不醒人事, 口吐百沫): one content
    character changed inside the word (not the first or last), never into a negation or a
    particle's place (火着大了 is no 火太大了) nor a particle into a word's (有人在河 is no 有人跳河), never the verb after 被人/叫人 (叫人偷走 is no 叫人抱走),
    never opening on a particle that closes the word before (分家了想自己 holds no 了结自己). An added
    or dropped character is no slip: it reads other words (生活过不下去 holds no 活不下去)."""
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
        if is_han(added) and added not in _NO_SLIP and lost not in FUNCTION_CHARS and added not in FUNCTION_CHARS and \
                not term[:slips[0]].endswith(PASSIVE_AGENTS) and not _closes_a_word_before(text, start) and \
                not _negated(text, start, negations):
            yield start, start + size
            return


def _closes_a_word_before(text: str, start: int) -> bool:
    """The window opens with a particle standing alone after another word (分家了|想自己), or ending
    one (算了|俺自己): that particle closes the clause before, so the danger word's first word
    (了结) is not there."""
    if text[start] not in _CLOSING_PARTICLES or start == 0:
        return False
    from bot.nlu.router import get_router

    alone, boundaries = get_router().segmenter.positions(text)
    return start in alone or (start not in boundaries and start + 1 in boundaries)


def _kind_hits(text: str, kind: Kind, words: SafetyWords) -> list[Hit]:
    if absent_kind(kind, text):
        return []
    hits = []
    neg = words.negations
    # Only words whose first character is there: a slip is never the first or last character.
    for term in starting(kind.words, text):
        found = [Hit(kind, ((s, e),), kind.weight, term) for s, e in _finds(text, term, neg)]
        hits += found or [Hit(kind, ((s, e),), kind.weight * FUZZY_WEIGHT, f"~{term}")
                          for s, e in _fuzzy_finds(text, term, neg)]
    for term in starting(kind.weak, text):
        hits += [Hit(kind, ((s, e),), kind.weight * WEAK_WEIGHT, term) for s, e in _finds(text, term, neg)]
    for pair in kind.pairs:
        firsts = [(s, e, t) for t in starting(pair.first, text) for s, e in _finds(text, t, neg)]
        if not firsts:
            continue
        seconds = [(s, e, t) for t in starting(pair.second, text) for s, e in _finds(text, t, neg)]
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
    inside = {i for hit in hits for i in _written(text, hit)}

    def counts(start: int, end: int) -> bool:
        if text[max(0, start - 1):start].endswith(("没", "不", "未")):
            return False
        covered = sum(i in inside for i in range(start, end))
        return covered == 0 or (covered == 1 and end - start >= 3)

    found = []
    for cue in words.cues:
        if any(True for term in cue.unless for _ in _finds(text, term, words.negations)):
            continue  # 想住养老院 does not soften 不想活了
        if cue.around:
            if any(_around(text, term, hits) for term in cue.words):
                found.append(cue)
            continue
        for term in cue.words:
            if any(counts(start, end) for start, end in _finds(text, term, ())):
                found.append(cue)
                break
    past = next((c for c in words.cues if c.name == "past"), None)
    # Only the last word of a hit tells what happened (有人过 … 倒了: 过 after the person is no experience).
    if past and past not in found and any(_experienced(text, hit.spans[-1][1]) for hit in hits):
        found.append(past)
    return found


def _written(text: str, hit: Hit) -> set[int]:
    """The characters a hit's words stand on: of 躺…不动 only 躺 and 不动, so the words in its gap
    (躺着看电视一动不动) still count as cues."""
    terms = hit.words.lstrip("~").split("+") if len(hit.spans) > 1 else [hit.words.lstrip("~")]
    out: set[int] = set()
    for (low, high), term in zip(hit.spans, terms):
        match = _parts_pattern(term).fullmatch(text, low, high) if GAP in term else None
        if match is None:
            out.update(range(low, high))
            continue
        for group in range(1, (match.lastindex or 0) + 1, 2):
            out.update(range(match.start(group), match.end(group)))
    return out


@lru_cache(maxsize=1024)
def _parts_pattern(term: str) -> re.Pattern:
    """`term` with each written part in a group of its own (odd groups) and each gap between them."""
    parts = [f"({re.escape(part)})" for part in term.split(GAP)]
    return re.compile(f"(.{{0,{GAP_CHARS}}})".join(parts))


def _around(text: str, term: str, hits: list[Hit]) -> bool:
    """The two halves of `term` stand on both sides of a danger word, close enough to be one
    sentence (要是有人晕倒了咋办: a question about a case, not the case)."""
    opening, closing = term.split(GAP)
    start = text.find(opening)
    while start != -1:
        after = start + len(opening)
        end = text.find(closing, after)
        if end != -1 and end - after <= AROUND_SPAN and any(
                after <= low and high <= end for hit in hits for low, high in hit.spans):
            return True
        start = text.find(opening, start + 1)
    return False


def _spread(hit: Hit) -> int:
    """How many characters a hit's words span, from the first to the last."""
    return max(high for _, high in hit.spans) - min(low for low, _ in hit.spans)


def _closer_first(ranked: list[tuple[float, Hit]]) -> list[tuple[float, Hit]]:
    """Two kinds tied on the same word: the closer-knit pair tells what happened (电线杆倒了…有人过:
    the pole fell, not a person)."""
    if len(ranked) > 1:
        (top_score, top), (next_score, runner) = ranked[0], ranked[1]
        if top_score == next_score and set(top.spans) & set(runner.spans) and _spread(runner) < _spread(top):
            return [ranked[1], ranked[0], *ranked[2:]]
    return ranked


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
    ranked = _closer_first(sorted(scored.values(), key=lambda sh: (-sh[0], order[sh[1].kind.id])))
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
