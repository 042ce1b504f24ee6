"""Finding the lexicon's words in a message: exact and rewritten forms, then pinyin for typos.

`SurfaceTable` compiles the lexicon into surfaces (every written form, normalised): each says
what it stands for in the corrected text, which guides/intents it is evidence for, and which
ideas (synonym groups used by combos) it carries. Typo and dialect rewrites also apply inside
longer words ("低包户" finds "低保户").

`scan()` covers the message with surfaces, preferring long ones: a dynamic programme maximises
the sum of squared lengths, so "残疾证" beats "残疾"+"证" and fillers never split a word; on a tie
the reading with stronger words wins ("残疾证|丢了", not "残疾|证丢了"). One-character surfaces
count only where jieba leaves that character alone ("报" in "能报吗", not in "报纸"). Then
`pinyin.py` finds words by sound where characters are left unexplained (typos); text typed
in latin pinyin is first turned into same-sound characters (`latin_pinyin.py`). Blocked
phrases (烦死了, 报名 …) are surfaces that carry no ideas, which keeps their parts from matching.
"""
from __future__ import annotations

import re
from collections.abc import Set
from dataclasses import dataclass, field

from .latin_pinyin import latin_pinyin_to_han, words_by_sound
from .lexicon import Lexicon
from .normalize import normalize
from .pinyin import PinyinIndex, worth_sound
from .segment import Segmenter

PINYIN_FACTOR = 0.85  # a word found only by its sound counts a little less than a written one


@dataclass
class Surface:
    text: str
    canonical: str  # replaces the surface in the corrected text ("" for fillers)
    targets: dict[str, float] = field(default_factory=dict)  # "guide:dibao" / "intent:errand" → weight
    ideas: frozenset[str] = frozenset()
    standalone_only: bool = False  # a one-character surface that must be a word of its own

    @property
    def strength(self) -> float:
        """Tie-breaker between coverings of equal length: the strongest word (< 1, below a length step)."""
        return min(max((abs(w) for w in self.targets.values()), default=0.0), 2.0) * 0.3


@dataclass(frozen=True)
class Hit:
    surface: Surface
    start: int
    end: int
    by_pinyin: bool = False


@dataclass
class Scan:
    normalized: str
    corrected: str  # fillers dropped, typos and dialect rewritten: the text examples compare with
    hits: list[Hit]
    ideas: set[str]


def target_key(kind: str, ident: str) -> str:
    return f"{kind}:{ident}"


class SurfaceTable:
    """Every written form the lexicon knows, normalised, with what it means."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.surfaces: dict[str, Surface] = {}
        idea_words: dict[str, set[str]] = {}
        for name, words in lexicon.ideas.items():
            for word in words:
                idea_words.setdefault(normalize(word), set()).add(name)
        for entry in lexicon.entries():  # a combo may name a plain word instead of an idea
            for combo in entry.combos:
                for word in combo.ideas:
                    if word not in lexicon.ideas:
                        idea_words.setdefault(normalize(word), set()).add(word)
        self.idea_words = idea_words

        targets: dict[str, dict[str, float]] = {}
        for entry in lexicon.entries():
            for kind, words in ((entry.kind, entry.words), ("identity", entry.identity)):
                key = target_key(kind, entry.id)
                for word, weight in words.items():
                    slot = targets.setdefault(normalize(word), {})
                    if abs(weight) > abs(slot.get(key, 0.0)):
                        slot[key] = weight
        blocked = {normalize(w) for w in lexicon.blocked}
        fillers = {normalize(w) for w in lexicon.fillers}

        for text in set(targets) | set(idea_words) | blocked:
            self._add(text, text, targets.get(text, {}), self._ideas_of(text, opaque=text in blocked))
        for text in fillers:
            if text not in self.surfaces:
                self._add(text, "", {}, frozenset())
        self._add_rewrites(lexicon)

        self.prefixes = {s[:i] for s in self.surfaces for i in range(1, len(s) + 1)}
        self.max_len = max(len(s) for s in self.surfaces)
        self.pinyin = PinyinIndex(s for s in self.surfaces.values() if s.canonical == s.text and worth_sound(s))
        # latin pinyin is spelt with these words (stronger ones first when two sound alike)
        sounding = sorted((s for s in self.surfaces.values() if s.canonical == s.text and worth_sound(s)),
                          key=lambda s: (-s.strength, s.text))
        self.by_sound = words_by_sound(s.text for s in sounding)

    def attach_dictionary(self, is_word) -> None:
        """Let the pinyin pass skip windows that are real words as written (needs the segmenter)."""
        self.pinyin.is_word = is_word

    def _ideas_of(self, text: str, opaque: bool) -> frozenset[str]:
        """Ideas a surface carries: its own, and those of idea words inside it (one-character
        ones only inside idea words themselves: "宅基地" must not carry 地 → 种地)."""
        names = set(self.idea_words.get(text, ()))
        if not opaque:
            shortest = 1 if text in self.idea_words else 2
            for size in range(shortest, len(text)):
                for start in range(len(text) - size + 1):
                    names |= self.idea_words.get(text[start:start + size], set())
        return frozenset(names)

    def _add(self, text: str, canonical: str, targets: dict[str, float], ideas: frozenset[str]) -> None:
        if not text:
            return
        meaningful = bool(targets or ideas) or canonical == ""
        self.surfaces[text] = Surface(text, canonical, dict(targets), ideas, len(text) == 1 and meaningful)

    def _add_rewrites(self, lexicon: Lexicon) -> None:
        base = dict(self.surfaces)
        by_char: dict[str, list[str]] = {}
        for text in base:
            for ch in set(text):
                by_char.setdefault(ch, []).append(text)
        for variant, canonical in lexicon.rewrites.items():
            variant, canonical = normalize(variant), normalize(canonical)
            meant = base.get(canonical)
            if variant not in base:
                self._add(variant, canonical, meant.targets if meant else {},
                          meant.ideas if meant else self._ideas_of(canonical, opaque=False))
            for text in by_char.get(canonical[:1], ()):  # the same typo inside longer words
                surface = base[text]
                if len(text) > len(canonical) and canonical in text:
                    misspelt = text.replace(canonical, variant)
                    if misspelt not in self.surfaces:
                        self.surfaces[misspelt] = Surface(misspelt, surface.canonical, dict(surface.targets),
                                                          surface.ideas, False)

    def words_for_segmenter(self) -> list[str]:
        return [s for s in self.surfaces if len(s) > 1]


def _with_pinyin(text: str, spans: list[Hit], index: PinyinIndex, boundaries: Set[int]) -> list[Hit]:
    """Add words found by sound where characters are left unexplained.

    A sound match may swallow written words it fully contains ("社保咔" → 社保卡, "养劳保险" →
    养老保险) but never cuts one, and it needs at least one character no written word explains.
    """
    owner: list[Hit | None] = [None] * len(text)
    for hit in spans:
        for k in range(hit.start, hit.end):
            owner[k] = hit
    if len(text) < 2 or all(owner):
        return spans
    kept, replaced = [], set()
    for start, end, surface in index.find(text, 0, len(text), boundaries, [h is None for h in owner]):
        hit = Hit(surface, start, end, by_pinyin=True)
        window = owner[hit.start:hit.end]
        if all(window):
            continue
        inside = {id(h): h for h in window if h is not None}
        if any(h.start < hit.start or h.end > hit.end for h in inside.values()):
            continue
        kept.append(hit)
        replaced |= set(inside)
    if not kept:
        return spans
    return sorted([h for h in spans if id(h) not in replaced] + kept, key=lambda h: h.start)


JOIN_MAX = 4  # pieces of one name that may each carry a slip ("地利|补帖" → 地力补贴)


def _joined(hits: list[Hit], table: SurfaceTable) -> list[Hit]:
    """Adjacent pieces whose corrected forms spell a word the lexicon knows become that word.

    A rewrite applies inside a longer word only when it is the word's one slip; a name said with
    two ("地利补帖", "高林金贴") is found as its pieces, each corrected. Their corrections written
    together are the name: read it as the name, with its weight (found by sound if a piece was).
    """
    out: list[Hit] = []
    at = 0
    while at < len(hits):
        joined = None
        for last in range(min(len(hits), at + JOIN_MAX) - 1, at, -1):
            pieces = hits[at:last + 1]
            if any(a.end != b.start for a, b in zip(pieces, pieces[1:])) or not all(h.surface.canonical for h in pieces):
                continue
            if sum(h.by_pinyin or h.surface.canonical != h.surface.text for h in pieces) < 2:
                continue  # one slip: the rewrites inside longer words have it already
            word = table.surfaces.get("".join(h.surface.canonical for h in pieces))
            if word is not None and word.targets and word.canonical == word.text:
                joined = Hit(word, pieces[0].start, pieces[-1].end, any(h.by_pinyin for h in pieces))
                at = last + 1
                break
        if joined is None:
            joined = hits[at]
            at += 1
        out.append(joined)
    return out


def scan(text: str, table: SurfaceTable, segmenter: Segmenter, idea_patterns: dict[str, re.Pattern]) -> Scan:
    """Cover `text` with lexicon surfaces, then pinyin; return hits, ideas and the corrected text."""
    normalized = normalize(latin_pinyin_to_han(text, table.by_sound))  # "lu deng huai le" → 路灯坏了
    n = len(normalized)
    standalone, boundaries = segmenter.positions(normalized) if n else (frozenset(), frozenset())
    best = [-1.0] * (n + 1)
    back: list[tuple[int, Surface | None]] = [(0, None)] * (n + 1)
    best[0] = 0.0
    surfaces, prefixes = table.surfaces, table.prefixes
    for i in range(n):
        if best[i] < 0:
            continue
        if best[i] > best[i + 1]:
            best[i + 1], back[i + 1] = best[i], (i, None)
        for length in range(1, min(table.max_len, n - i) + 1):
            piece = normalized[i:i + length]
            if piece not in prefixes:
                break
            surface = surfaces.get(piece)
            if surface is None or (surface.standalone_only and i not in standalone):
                continue
            score = best[i] + length * length + surface.strength
            if score > best[i + length]:
                best[i + length], back[i + length] = score, (i, surface)
    spans: list[Hit] = []
    position = n
    while position > 0:
        start, surface = back[position]
        if surface is not None:
            spans.append(Hit(surface, start, position))
        position = start
    spans.reverse()

    hits = _joined(_with_pinyin(normalized, spans, table.pinyin, boundaries), table)

    pieces, position = [], 0
    for hit in hits:
        pieces.append(normalized[position:hit.start])
        pieces.append(hit.surface.canonical)
        position = hit.end
    pieces.append(normalized[position:])
    corrected = "".join(pieces)

    ideas: set[str] = set()
    for hit in hits:
        ideas |= hit.surface.ideas
    for name, rx in idea_patterns.items():
        if rx.search(corrected):
            ideas.add(name)
    return Scan(normalized, corrected, [h for h in hits if h.surface.targets or h.surface.ideas], ideas)
