"""Word segmentation with jieba: one tokenizer per process, a small main dictionary, our words added.

Why a small main dictionary: loading jieba's 349,046-word dictionary costs 0.6–1.5 s at start-up,
and routing only needs segmentation to tell whether a single character stands alone ("报" in
"能报吗", not in "报纸") and where fillers are. Words rarer than `MIN_FREQ` are dropped (the
file is derived once from jieba's own dict.txt and kept in the cache directory with jieba's
prefix cache). The lexicon's words are added with a high frequency so they stay whole.

The cache directory is `PIANQU_NLU_CACHE` if set, else `<system temp>/pianqu-nlu` (writable
in every deployment; nothing there needs to survive a restart).
"""
from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
from pathlib import Path
from collections.abc import Set
from typing import Iterable

import jieba

POSITIONS_KEPT = 64  # texts whose positions are kept: the router and the danger detector ask about the same text
MIN_FREQ = 30  # keeps ~90k of jieba's words: every common word, few rare names
USER_WORD_FREQ = 200_000  # above almost every general word, so lexicon words stay whole
# Everyday words jieba's dictionary lacks, kept whole at a common word's frequency so that no typo is
# read across them (上回约的调解 is no 毁约) while 路上回来 still cuts as 路上/回来.
PLAIN_WORDS = ("上回", "头回", "那回", "下回", "上趟", "那趟", "这趟", "头趟", "前回")
PLAIN_WORD_FREQ = 500

_lock = threading.Lock()
jieba.setLogLevel(logging.WARNING)


def cache_dir() -> Path:
    path = Path(os.environ.get("PIANQU_NLU_CACHE") or Path(tempfile.gettempdir()) / "pianqu-nlu")
    path.mkdir(parents=True, exist_ok=True)
    return path


def small_dictionary(min_freq: int = MIN_FREQ) -> Path | None:
    """jieba's main dictionary without the rare words (built once, then reused).

    None when the cache directory cannot be written: jieba's full dictionary serves then.
    """
    source = Path(jieba.__file__).with_name("dict.txt")
    stamp = hashlib.sha1(f"{source.stat().st_size}:{source.stat().st_mtime_ns}:{min_freq}".encode()).hexdigest()[:12]
    try:
        target = cache_dir() / f"jieba-small-{stamp}.txt"
        if not target.exists():
            _write_small(source, target, min_freq)
    except OSError as exc:
        logging.getLogger(__name__).warning("jieba small dictionary unavailable (%s); using the full one", exc)
        return None
    return target


def _write_small(source: Path, target: Path, min_freq: int) -> None:
    kept = []
    with source.open(encoding="utf-8") as lines:
        for line in lines:
            parts = line.split()
            if len(parts) >= 2 and (int(parts[1]) >= min_freq or len(parts[0]) == 1):
                kept.append(f"{parts[0]} {parts[1]}\n")
    temporary = target.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text("".join(kept), encoding="utf-8")
    os.replace(temporary, target)  # atomic: concurrent workers never read half a file


class Segmenter:
    """A jieba tokenizer of its own (the global one stays untouched for other code)."""

    def __init__(self, user_words: Iterable[str], min_freq: int = MIN_FREQ) -> None:
        with _lock:
            dictionary = small_dictionary(min_freq)
            self._tokenizer = jieba.Tokenizer(dictionary=str(dictionary)) if dictionary else jieba.Tokenizer()
            self._tokenizer.tmp_dir = str(dictionary.parent) if dictionary else None
            self._tokenizer.initialize()
            for word in PLAIN_WORDS:
                self._tokenizer.add_word(word, PLAIN_WORD_FREQ)
            for word in set(user_words):
                if len(word) > 1:
                    self._tokenizer.add_word(word, USER_WORD_FREQ)
        self._positions: dict[str, tuple[frozenset[int], frozenset[int]]] = {}

    def tokens(self, text: str) -> list[str]:
        """Words of `text` (already normalised); no HMM, so unknown runs stay single characters."""
        return self._tokenizer.lcut(text, HMM=False)

    def is_word(self, text: str) -> bool:
        """True when `text` is a word of the dictionary (jieba's common words or ours)."""
        return self._tokenizer.FREQ.get(text, 0) > 0

    def frequency(self, text: str) -> int:
        """How common `text` is as a word (jieba's count; 0 for no word)."""
        return self._tokenizer.FREQ.get(text, 0)

    def positions(self, text: str) -> tuple[Set[int], Set[int]]:
        """Offsets of one-character words, and offsets where a word starts or ends (kept for the
        last few texts: the router and the danger detector each ask about a message's text)."""
        kept = self._positions.get(text)
        if kept is not None:
            return kept
        standalone, boundaries, offset = set(), {0}, 0
        for token in self.tokens(text):
            if len(token) == 1:
                standalone.add(offset)
            offset += len(token)
            boundaries.add(offset)
        if len(self._positions) >= POSITIONS_KEPT:
            self._positions.clear()
        kept = self._positions[text] = (frozenset(standalone), frozenset(boundaries))
        return kept
