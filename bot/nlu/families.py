"""Families of matters (knowledge/lexicon/matter_families.yaml): a word or shape several matters
share (补贴, 医保, 救助, 证丢了, 办那个证). Said with nothing that names one of them, the bot asks
which matter with numbered choices instead of guessing one or showing the whole menu. The router
reads them (a first message: "guide" with no guide, ambiguous) and so does the menu's last resort
(a message in the middle of a chat)."""
from __future__ import annotations

import re
from dataclasses import dataclass

MIN_MATTERS, MAX_MATTERS = 2, 6  # fewer is no choice; more does not read well on a phone


@dataclass(frozen=True)
class Family:
    words: tuple[str, ...]
    patterns: tuple[re.Pattern, ...]
    guides: tuple[str, ...]  # most asked first: the order of the choices


def family_of(families: tuple[Family, ...], text: str) -> tuple[str, ...]:
    """The guides of the family the text names, or (): the longest word wins, and a pattern counts
    as one character more than its match (办那个证 over 证)."""
    best: tuple[int, tuple[str, ...]] | None = None
    for family in families:
        lengths = [len(w) for w in family.words if w in text]
        lengths += [len(m.group(0)) + 1 for p in family.patterns if (m := p.search(text))]
        if lengths and (best is None or max(lengths) > best[0]):
            best = (max(lengths), family.guides)
    return best[1] if best else ()
