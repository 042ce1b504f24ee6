"""Bounded caches of what a text reads as: least recently used out first, safe across threads.

    kept = TextCache(2048)
    value = kept.get(key)            # None when absent (keep None values as a wrapper if need be)
    kept.put(key, value)

Issue 17: reading a new text (danger words, the router's scan and scores) is a third of a
message's CPU, and villagers send the same short texts again and again (好的, 1, 低保咋办). The
danger detector (bot/safety/detect.py) and the router (bot/nlu/router.py) keep their last
readings here. What is kept must be a pure function of the key and of the rules it was read
with: each owner keys or stamps its entries with its rules (the detector keeps the rule set's
identity with each entry; the router's caches live in the router, which a new lexicon or a
cadre's added example replaces), so a reload never answers from an older reading. A cache
never holds more than `size` entries; the least recently used goes first (a clear-all at the
bound, as before, dropped the frequent texts along with the rest).
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Generic, Hashable, TypeVar

V = TypeVar("V")


class TextCache(Generic[V]):
    """At most `size` entries, least recently used out first. Values must not be None."""

    __slots__ = ("size", "_entries", "_lock")

    def __init__(self, size: int):
        if size < 1:
            raise ValueError("a cache holds at least one entry")
        self.size = size
        self._entries: OrderedDict[Hashable, V] = OrderedDict()
        # gthread workers read on several threads: a lookup and its move to the end, or an insert
        # and the eviction it causes, happen together.
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: Hashable, value: V) -> None:
        with self._lock:
            entries = self._entries
            entries[key] = value
            entries.move_to_end(key)
            if len(entries) > self.size:
                entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
