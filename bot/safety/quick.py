"""Quick, exact no's for the danger detector (bot/safety/detect.py): which words can start in a
message (their first character is there), which kinds cannot be there at all, and the look-alike
masking that skips messages holding none. Each answers exactly as the full test would; they only
spare the work for the many words and kinds a message cannot hold.
"""
from __future__ import annotations

import re

from .sounds import MASK
from .words import Kind

_BY_FIRST: dict[int, tuple[tuple[str, ...], dict[str, tuple[str, ...]], dict[str, int]]] = {}
_KIND_FIRSTS: dict[int, tuple[Kind, frozenset[str]]] = {}
_last_chars: tuple[str, frozenset[str]] = ("", frozenset())  # the text asked about last, and its characters


def _chars(text: str) -> frozenset[str]:
    """The characters of `text`; the detector asks about one message many times in a row."""
    global _last_chars
    last = _last_chars  # one read: another thread may replace it meanwhile
    if last[0] != text:
        last = _last_chars = (text, frozenset(text))
    return last[1]


def absent_kind(kind: Kind, text: str) -> bool:
    """No word, weak word or pair's first half of `kind` can start in `text` (most kinds, most
    messages): a hit needs its first character there, a slip never changes it."""
    kept = _KIND_FIRSTS.get(id(kind))
    if kept is None or kept[0] is not kind:
        terms = (*kind.words, *kind.weak, *(term for pair in kind.pairs for term in pair.first))
        kept = _KIND_FIRSTS[id(kind)] = (kind, frozenset(term[0] for term in terms))
    return kept[1].isdisjoint(_chars(text))


def starting(terms: tuple[str, ...], text: str) -> list[str] | tuple[str, ...]:
    """The terms whose first character is in `text` (the rest cannot be there), in list order."""
    cached = _BY_FIRST.get(id(terms))
    if cached is None or cached[0] is not terms:
        index: dict[str, list[str]] = {}
        for term in terms:
            index.setdefault(term[0], []).append(term)
        cached = (terms, {ch: tuple(found) for ch, found in index.items()},
                  {term: at for at, term in enumerate(terms)})
        _BY_FIRST[id(terms)] = cached
    by_char, position = cached[1], cached[2]
    firsts = by_char.keys() & _chars(text)
    if len(firsts) <= 1:
        return by_char[firsts.pop()] if firsts else ()  # one first character: already in list order
    return sorted([t for ch in firsts for t in by_char[ch]], key=position.__getitem__)


_MASK_ORDER: dict[int, tuple[tuple[str, ...], list[str], re.Pattern]] = {}


def mask(text: str, masks: tuple[str, ...], breaks: frozenset[int] = frozenset()) -> str:
    """`text` with every look-alike word (火车, 上火) masked, longest first, never one across a
    break (a space or a punctuation mark stood there)."""
    kept = _MASK_ORDER.get(id(masks))
    if kept is None or kept[0] is not masks:
        longest_first = sorted(masks, key=len, reverse=True)
        kept = _MASK_ORDER[id(masks)] = (masks, longest_first,
                                         re.compile("|".join(map(re.escape, longest_first)) or "(?!)"))
    if not kept[2].search(text):
        return text  # no look-alike anywhere (most messages): one scan instead of one per word
    for word in kept[1]:
        start = text.find(word)
        while start != -1:
            end = start + len(word)
            if not any(start < at < end for at in breaks):
                text = text[:start] + MASK * len(word) + text[end:]
            start = text.find(word, start + 1)
    return text
