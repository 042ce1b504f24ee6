"""Time per message of the danger detector (not a test): it runs on every message, so it must stay fast.

    .venv/bin/python bench/safety_detect_bench.py [--rounds 5] [FILE ...]

The messages are every line of our labelled safety sets (tests/data/safety-own-*.jsonl and the
shared dev set), danger and look-alikes alike, plus any FILE given. Each round runs the detector
uncached (`detect._detect`) over all of them once, after a warm-up round (jieba, the rules, the
compiled patterns); the figures are the mean and the p50/p99 over the messages of the best round,
in CPU time of this thread (the machine is shared: wall time would count the other processes).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def labelled_texts(extra: list[str]) -> list[str]:
    paths = sorted((ROOT / "tests" / "data").glob("safety-own*.jsonl"))
    paths += [ROOT.parent / "shared" / "eval" / "safety-dev.jsonl", *map(Path, extra)]
    texts = []
    for path in paths:
        if path.exists():
            texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    from bot.safety import detect
    from bot.safety.words import safety_words

    words = safety_words()
    texts = labelled_texts(args.files)
    for text in texts:  # warm-up
        detect._detect(text, words)
    best: list[float] | None = None
    for _ in range(args.rounds):
        times = []
        for text in texts:
            start = time.thread_time()
            detect._detect(text, words)
            times.append(time.thread_time() - start)
        if best is None or sum(times) < sum(best):
            best = times
    assert best is not None
    ordered = sorted(best)
    micro = [t * 1e6 for t in ordered]
    print(f"{len(texts)} messages, best of {args.rounds} rounds: mean {statistics.mean(micro):.0f} µs, "
          f"p50 {micro[len(micro) // 2]:.0f} µs, p99 {micro[int(len(micro) * 0.99)]:.0f} µs, max {micro[-1]:.0f} µs")


if __name__ == "__main__":
    main()
