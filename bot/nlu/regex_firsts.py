"""The characters a regular expression's match can start with, when a short list says so.

    firsts(re.compile("(交了|有)医保"))   # frozenset({"交", "有"})
    firsts(re.compile(".{0,3}钱"))        # None: any character may start it

The router tries ~150 lexicon patterns on every message (bot/nlu/scoring.py); most cannot start
anywhere in a short message, and a set test says so for the price of one look-up. The answer is
a superset, never less: anything not understood (a class by category or range, `.`, a back
reference, a flag such as IGNORECASE, a pattern that may match the empty string) gives None,
"always try it". Look-arounds and anchors only restrict a match and are passed over.
"""
from __future__ import annotations

import re
import re._constants as sre  # type: ignore[import-not-found]
import re._parser as sre_parse  # type: ignore[import-not-found]

_ZERO_WIDTH = (sre.ASSERT, sre.ASSERT_NOT, sre.AT)
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


class _Unknown(Exception):
    """Any character may start the match, as far as this reading can tell."""


def firsts(pattern: re.Pattern) -> frozenset[str] | None:
    """The characters a match of `pattern` can start with, or None when it cannot tell."""
    if pattern.flags & (re.IGNORECASE | re.VERBOSE) or not isinstance(pattern.pattern, str):
        return None
    try:
        chars, may_be_empty = _sequence(sre_parse.parse(pattern.pattern, pattern.flags))
    except _Unknown:
        return None
    return None if may_be_empty else frozenset(chars)


def _sequence(items) -> tuple[set[str], bool]:
    """The first characters of a sequence of items, and whether the whole may match nothing."""
    chars: set[str] = set()
    for op, arg in items:
        found, may_be_empty = _item(op, arg)
        chars |= found
        if not may_be_empty:
            return chars, False
    return chars, True


def _item(op, arg) -> tuple[set[str], bool]:
    if op is sre.LITERAL:
        return {chr(arg)}, False
    if op is sre.IN:
        if not all(kind is sre.LITERAL for kind, _ in arg):
            raise _Unknown  # a negated class, a range or a category (\d, \w)
        return {chr(code) for _, code in arg}, False
    if op in _ZERO_WIDTH:
        return set(), True
    if op is sre.SUBPATTERN:
        if arg[1] & re.IGNORECASE:
            raise _Unknown  # (?i:…) inside
        return _sequence(arg[-1])
    if op is sre.ATOMIC_GROUP:
        return _sequence(arg)
    if op is sre.BRANCH:
        chars: set[str] = set()
        may_be_empty = False
        for branch in arg[1]:
            found, empty = _sequence(branch)
            chars |= found
            may_be_empty = may_be_empty or empty
        return chars, may_be_empty
    if op in _REPEATS:
        low, _, inner = arg
        found, empty = _sequence(inner)
        return found, empty or low == 0
    raise _Unknown  # ., a back reference, a conditional group …
