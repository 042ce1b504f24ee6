"""`lazy_pinyin(text)` with each word's syllables kept: the same answer, the words converted once.

    toneless("俺是代庄的")  # == tuple(pypinyin.lazy_pinyin("俺是代庄的")): ('an', 'shi', 'dai', 'zhuang', 'de')

pypinyin cuts a text into words (its phrase segmenter), then converts each word on its own (its
phrase table, else character by character) and joins the lists. A villager's new sentence is
mostly words met before (低保, 咋办, 俺家), so the conversion, three quarters of the call (issue 17:
~0.8 ms a village match in a gunicorn worker under load), is kept per word here; the cut is
still made on the whole text, so the words and their readings are exactly pypinyin's.
"""
from __future__ import annotations

from functools import lru_cache
from itertools import chain

from pypinyin import Style
from pypinyin.converter import UltimateConverter
from pypinyin.core import Pinyin

# What `lazy_pinyin(text)` builds on each call with its defaults (no v→ü, no 5 for the neutral
# tone, no tone sandhi), made once.
_PINYIN = Pinyin(UltimateConverter(v_to_u=False, neutral_tone_with_five=False, tone_sandhi=False))
_CONVERT = _PINYIN._converter.convert


@lru_cache(maxsize=8192)
def _word(word: str) -> tuple[str, ...]:
    # As Pinyin.pinyin converts each word of its cut, with lazy_pinyin's arguments.
    return tuple(chain.from_iterable(_CONVERT(word, Style.NORMAL, False, "default", strict=True)))


def toneless(text: str) -> tuple[str, ...]:
    """`tuple(lazy_pinyin(text))`: toneless syllables, one per Chinese character, other runs as they are."""
    return tuple(chain.from_iterable(_word(word) for word in _PINYIN.seg(text)))
