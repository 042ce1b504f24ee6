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
word between its halves (要是…晕倒了…咋办), an `until` cue not when the story turns to now after it
(去年着过火 今天又着了), a `follows` cue only right after a danger word (着火的那家). A score at or
above the threshold is danger.
Pure: no database, no Flask.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..text_cache import TextCache
from .cues import find_cues
from .gate import may_hit
from .hits import Hit, finds, kind_hits, longest, silence_negated
from .prepare import prepare
from .words import Kind, SafetyWords, safety_words

__all__ = ["Danger", "Hit", "detect", "prepare"]

CORROBORATION = 0.2


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



def _corroborated(hits: list[Hit]) -> bool:
    """Two danger signs in different places of the message (no word shared)."""
    def apart(one: Hit, other: Hit) -> bool:
        return all(b[0] >= a[1] or a[0] >= b[1] for a in one.spans for b in other.spans)

    return any(apart(one, other) for i, one in enumerate(hits) for other in hits[i + 1:])


# The router and the safety handler both ask about the same message, and villagers send the
# same short texts again: the answers are kept (bot/text_cache.py; per rule set, the set kept
# with its answer; a Danger is immutable).
_RECENT_SIZE = 1024
_recent: TextCache[tuple[SafetyWords, "Danger | None"]] = TextCache(_RECENT_SIZE)


def detect(text: str, words: SafetyWords | None = None) -> Danger | None:
    """The danger in `text`, or None. `words` defaults to knowledge/safety.yaml."""
    words = words or safety_words()
    key = (id(words), text or "")
    kept = _recent.get(key)
    if kept is not None and kept[0] is words:
        return kept[1]
    danger = _detect(text or "", words)
    _recent.put(key, (words, danger))
    return danger


def _detect(text: str, words: SafetyWords) -> Danger | None:
    prepared = prepare(text or "", words)
    if not prepared or not may_hit(prepared, words):
        return None  # no word, slip or pair can be there (most messages): nothing to search
    said = prepared
    prepared = silence_negated(prepared, words)
    hits = longest([hit for kind in words.kinds for hit in kind_hits(prepared, kind, words)])
    if not hits:
        return None
    cues = find_cues(prepared, hits, words, said)
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
    now = any(True for term in best.kind.danger_now for _ in finds(prepared, term, ()))
    names = tuple(c.name for c in cues if not c.kinds or best.kind.id in c.kinds)
    return Danger(best.kind, score, tuple(h for _, h in ranked), names, tuple(also), now, prepared)
