"""Finding the lexicon's words in a message: exact and rewritten forms, then pinyin for typos.

`SurfaceTable` compiles the lexicon into surfaces (every written form, normalised): each says
what it stands for in the corrected text, which guides/intents it is evidence for, and which
ideas (synonym groups used by combos) it carries. Typo and dialect rewrites also apply inside
longer words ("低包户" finds "低保户").

`scan()` covers the message with surfaces, preferring long ones (a dynamic programme that
maximises the sum of squared lengths, so "残疾证" beats "残疾"+"证" and fillers never split a
word; on a tie the reading with the stronger words wins: "残疾证|丢了", not "残疾|证丢了"). One-character surfaces count only where jieba leaves that character alone ("报" in
"能报吗", not in "报纸"). Characters left uncovered are then matched by pinyin, one symbol per
syllable (main reading), folded for input slips (zh/z, ch/c, sh/s, -ng/-n), with at least one
identical character so "为方便" never reads as "危房", and only on jieba's word boundaries. Blocked phrases (烦死了, 报名 …) are
surfaces that carry no ideas, which keeps their parts from matching.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from pypinyin import Style, lazy_pinyin, pinyin

from .lexicon import Lexicon
from .normalize import normalize
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
        self.pinyin = PinyinIndex(s for s in self.surfaces.values() if s.canonical == s.text and _worth_sound(s))

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


# Characters that are grammar, not content: a typo never hides behind them ("花哪了" is not "了了").
FUNCTION_CHARS = frozenset("了的吗呢吧啊呀么着过得和跟把被在是也都就还又才要会能可不没这那哪谁啥你我他她它们个")


def _decisive(surface: Surface) -> bool:
    return max((abs(w) for w in surface.targets.values()), default=0.0) >= 0.9


def _worth_sound(surface: Surface) -> bool:
    """Pinyin looks only for words that decide something: strong ones, or three characters and more."""
    if len(surface.text) < 2 or not all(_is_han(ch) for ch in surface.text):
        return False
    return bool(surface.targets or surface.ideas)


class PinyinIndex:
    """Lexicon words by the sounds of their first syllable, and by their first character."""

    def __init__(self, surfaces, is_word=lambda text: False) -> None:
        self.by_first: dict[str, list[tuple[tuple[str, ...], Surface]]] = {}
        self.is_word = is_word  # a window that is a real word as written is no typo ("大风" ≠ 大缝)
        self.max_len = 1
        for surface in surfaces:
            syllables = tuple(lazy_pinyin(surface.text))
            self.max_len = max(self.max_len, len(syllables))
            for key in {*sound_keys(syllables[0]), surface.text[0]}:
                self.by_first.setdefault(key, []).append((syllables, surface))

    def find(self, text: str, start: int, end: int, boundaries: set[int],
             unexplained: list[bool] | None = None) -> list[Hit]:
        """Non-overlapping pinyin matches inside text[start:end], strong words first, then long ones.

        Each position matches by the same character or a sound-alike main reading (`alike`); at
        least one content character is the same ("低包" → 低保, never "为方" → 危房 or "涨了" →
        占了), the others are no particles, the window is not a real word as written, and a
        two-character window starts and ends where jieba's words do ("老板跑" never yields "帮跑")
        and needs the exact sound unless the word is decisive; longer windows are specific
        enough on their own ("新弄合一年" → 新农合).
        """
        chars = text[start:end]
        readings = [_reading(ch) for ch in chars]
        # open[k]: how many unexplained characters text[start:start+k] holds (a window needs one)
        open_ = [0]
        for k in range(len(chars)):
            open_.append(open_[-1] + (unexplained is None or unexplained[start + k]))
        found: list[tuple[int, int, Surface]] = []
        for offset in range(len(chars)):
            if open_[min(len(chars), offset + self.max_len)] == open_[offset]:
                continue
            seen: set[int] = set()
            for key in {*sound_keys(readings[offset]), chars[offset]}:
                for syllables, surface in self.by_first.get(key, ()) if key else ():
                    length = len(syllables)
                    if id(surface) in seen or offset + length > len(chars) or open_[offset + length] == open_[offset]:
                        continue
                    if length < 3 and not {start + offset, start + offset + length} <= boundaries:
                        continue  # two characters must be a word of their own ("老板跑" never yields "帮跑")
                    seen.add(id(surface))
                    loose = length >= 3 or _decisive(surface)
                    same = changed = 0
                    for j in range(length):
                        ch = chars[offset + j]
                        if ch == surface.text[j]:
                            same += ch not in FUNCTION_CHARS
                        elif ch in FUNCTION_CHARS or not alike(readings[offset + j], syllables[j], loose):
                            break
                        else:
                            changed += 1
                    else:
                        window = chars[offset:offset + length]
                        if same and changed and not self.is_word(window):
                            found.append((offset, length, surface))
        found.sort(key=lambda f: (-_decisive(f[2]), -f[1], f[0]))  # strong words first, then long ones
        taken: set[int] = set()
        hits = []
        for offset, length, surface in found:
            cells = set(range(offset, offset + length))
            if cells & taken:
                continue
            taken |= cells
            hits.append(Hit(surface, start + offset, start + offset + length, by_pinyin=True))
        return hits


_INITIAL = re.compile(r"^([zcs])h")
_FINAL = re.compile(r"ng$")


@lru_cache(maxsize=8192)
def _folds(syllable: str) -> tuple[str, str, str]:
    """The syllable as written, with zh/ch/sh folded, and with -ng folded (one fold at a time)."""
    return syllable, _INITIAL.sub(r"\1", syllable), _FINAL.sub("n", syllable)


@lru_cache(maxsize=8192)
def sound_keys(syllable: str) -> tuple[str, ...]:
    return tuple(set(_folds(syllable))) if syllable else ()


def alike(heard: str, meant: str, loose: bool) -> bool:
    """Same sound, or (when `loose`) one slip pinyin typists make: zh/z, ch/c, sh/s, or -ng/-n.

    One slip, not both: "zheng" is not "zen" ("出生怎" is no 出生证)."""
    if heard == meant:
        return True
    if not loose or not heard:
        return False
    h, m = _folds(heard), _folds(meant)
    return h[1] == m[1] or h[2] == m[2]


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


@lru_cache(maxsize=8192)
def _reading(ch: str) -> str:
    """The main reading of a character, folded ("" for anything not Chinese)."""
    if not _is_han(ch):
        return ""
    return pinyin(ch, style=Style.NORMAL)[0][0]


def _with_pinyin(text: str, spans: list[Hit], index: PinyinIndex, boundaries: set[int]) -> list[Hit]:
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
    for hit in index.find(text, 0, len(text), boundaries, [h is None for h in owner]):
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


def scan(text: str, table: SurfaceTable, segmenter: Segmenter, idea_patterns: dict[str, re.Pattern]) -> Scan:
    """Cover `text` with lexicon surfaces, then pinyin; return hits, ideas and the corrected text."""
    normalized = normalize(text)
    n = len(normalized)
    standalone, boundaries = segmenter.positions(normalized) if n else (set(), set())
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

    hits = _with_pinyin(normalized, spans, table.pinyin, boundaries)

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
