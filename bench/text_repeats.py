"""How often a worker meets a text it has read before: the webhook benchmark's stream through
the text caches' policies (bot/text_cache.py), the session-20 one (clear all at 256) and the
least-recently-used ones.

    .venv/bin/python bench/text_repeats.py [--messages 4800] [--seed 3]

A worker of `bench/webhook_bench.py` (-w 2, 8 s a mode, ~600 msg/s) handles ~2,400 messages a
mode, both modes in one process: 4,800 by default. Only the texts matter here (the stream of
bench/webhook_bench.villager_text); a kept text is read for the price of a look-up.
"""
from __future__ import annotations

import argparse
import random
import sys
from collections import OrderedDict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.webhook_bench import villager_text  # noqa: E402


def kept_share(texts: list[str], size: int, lru: bool) -> float:
    """The share of `texts` found in a cache of `size` (least recently used out, or clear all)."""
    kept: OrderedDict[str, None] = OrderedDict()
    found = 0
    for text in texts:
        if text in kept:
            found += 1
            if lru:
                kept.move_to_end(text)
            continue
        if len(kept) >= size:
            if lru:
                kept.popitem(last=False)
            else:
                kept.clear()
        kept[text] = None
    return found / len(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=4800)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    texts = [villager_text(rng) for _ in range(args.messages)]
    print(f"{args.messages} texts, {len(set(texts))} different")
    for size, lru in ((256, False), (256, True), (1024, True), (2048, True), (4096, True)):
        policy = "least recently used out" if lru else "clear all when full"
        print(f"  {size:5d} texts, {policy:24s}: {kept_share(texts, size, lru) * 100:5.1f}% read from the cache")


if __name__ == "__main__":
    main()
