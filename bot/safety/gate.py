"""A quick, exact no for the whole danger detector (bot/safety/detect.py): a prepared message
that holds no danger word, no long word with one slip, and no pair's two halves cannot hit any
kind, so the per-kind search (silence_negated, kind_hits) is skipped. Most messages are such.

Every test is one the full search needs passed before it can find anything: a word's parts
(split at "…") all stand in the text, a long literal word's first and last characters and all
but one of its characters stand there (the fuzzy reading), a pair needs one of its firsts and
one of its seconds. Masking negated words only removes characters, so a text failing here
fails after it too.
"""
from __future__ import annotations

from .hits import FUZZY_MIN
from .words import GAP, SafetyWords

# by first character: (the term's part before any "…", its other parts, pair ids it opens, pair
# ids it closes, whether it is a word or weak word of a kind)
_Entry = tuple[str, tuple[str, ...], frozenset[int], frozenset[int], bool]
# by first character: (last character, the word's characters, how many of them must stand there)
_Fuzzy = tuple[str, frozenset[str], int]
_INDEX: dict[int, tuple[SafetyWords, dict[str, tuple[_Entry, ...]], dict[str, tuple[_Fuzzy, ...]]]] = {}


def _build(words: SafetyWords) -> tuple[dict[str, tuple[_Entry, ...]], dict[str, tuple[_Fuzzy, ...]]]:
    literal: set[str] = set()
    opens: dict[str, set[int]] = {}
    closes: dict[str, set[int]] = {}
    fuzzy: dict[str, set[_Fuzzy]] = {}
    pair_id = 0
    for kind in words.kinds:
        literal.update(kind.words, kind.weak)
        for term in kind.words:
            if len(term) >= FUZZY_MIN and GAP not in term:
                fuzzy.setdefault(term[0], set()).add((term[-1], frozenset(term), len(set(term)) - 1))
        for pair in kind.pairs:
            for term in pair.first:
                opens.setdefault(term, set()).add(pair_id)
            for term in pair.second:
                closes.setdefault(term, set()).add(pair_id)
            pair_id += 1
    by_first: dict[str, list[_Entry]] = {}
    for term in literal | opens.keys() | closes.keys():
        head, *rest = term.split(GAP)
        entry = (head, tuple(rest), frozenset(opens.get(term, ())), frozenset(closes.get(term, ())),
                 term in literal)
        by_first.setdefault(term[0], []).append(entry)
    return ({ch: tuple(found) for ch, found in by_first.items()},
            {ch: tuple(found) for ch, found in fuzzy.items()})


def may_hit(text: str, words: SafetyWords) -> bool:
    """False only when no kind of `words` can find anything in the prepared `text`."""
    kept = _INDEX.get(id(words))
    if kept is None or kept[0] is not words:
        kept = _INDEX[id(words)] = (words, *_build(words))
    by_first, fuzzy = kept[1], kept[2]
    chars = set(text)
    opened: set[int] = set()
    closed: set[int] = set()
    for ch in chars & by_first.keys():
        for head, rest, opens, closes, plain in by_first[ch]:
            if head in text and (not rest or all(part in text for part in rest)):
                if plain:
                    return True
                opened |= opens
                closed |= closes
    if not opened.isdisjoint(closed):
        return True
    for ch in chars & fuzzy.keys():
        for last, needed, least in fuzzy[ch]:
            if last in chars and len(needed & chars) >= least:
                return True
    return False
