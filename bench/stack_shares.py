"""Shares of py-spy's collapsed stacks (`--format raw`, `--threads`): by thread, inclusive and own.

    .venv/bin/python bench/stack_shares.py DIR_OR_FILES... [--top 40] [--match TEXT]

For each kind of thread (the gunicorn worker's main thread, which parses the request and runs
Flask; the reply pool's `wechat-reply_*` threads) it prints the samples' share of the whole,
then the functions found in the most samples (inclusive: a sample counts once per function on
its stack) and the leaves (own time). `--match` keeps only samples whose stack has TEXT.
Written for bench/wrk_profile.py's output.
"""
from __future__ import annotations

import argparse
import collections
import re
from pathlib import Path

_FRAME = re.compile(r"^(.*?) \(([^:()]*)(?::\d+)?\)$")


def frames_of(stack: str) -> tuple[str, list[str]]:
    head, *frames = stack.split(";")
    kind = "reply pool" if "wechat-reply" in head else ("main (request)" if "MainThread" in head else head)
    names = []
    for frame in frames:
        m = _FRAME.match(frame)
        names.append(f"{m.group(1)} ({m.group(2)})" if m else frame)
    return kind, names


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--match")
    args = parser.parse_args()
    files = [p for path in args.paths for p in (sorted(Path(path).glob("*.txt")) if Path(path).is_dir()
                                                 else [Path(path)])]
    by_kind: collections.Counter = collections.Counter()
    inclusive: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    own: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for file in files:
        for line in file.read_text().splitlines():
            stack, _, count = line.rpartition(" ")
            if not stack or (args.match and args.match not in stack):
                continue
            n = int(count)
            kind, names = frames_of(stack)
            by_kind[kind] += n
            for name in set(names):
                inclusive[kind][name] += n
            if names:
                own[kind][names[-1]] += n
    total = sum(by_kind.values())
    print(f"{total} samples in {len(files)} files")
    for kind, n in by_kind.most_common():
        print(f"\n== {kind}: {n} samples ({n / total * 100:.1f}% of all)")
        print("  inclusive:")
        for name, m in inclusive[kind].most_common(args.top):
            print(f"    {m / total * 100:5.1f}%  {name}")
        print("  own:")
        for name, m in own[kind].most_common(args.top // 2):
            print(f"    {m / total * 100:5.1f}%  {name}")


if __name__ == "__main__":
    main()
