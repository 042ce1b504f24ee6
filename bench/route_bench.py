"""Figures for the router (not a test): accuracy, latency, start-up time, memory.

    .venv/bin/python bench/route_bench.py            # everything
    .venv/bin/python bench/route_bench.py --quick    # skip the start-up subprocesses

Accuracy: the shared dev set (if present beside the repo) and our held-out sets, with the
confusions. Latency: p50/p99/max per message after warm-up, over all labelled messages.
Start-up: process start → first routed line, in fresh processes, with an empty jieba cache
(first boot) and a filled one; both for the bare router and for `flask --app wsgi route`.
Memory: RSS added by building the router after its libraries are imported; and what jieba's
full dictionary would cost instead of the small one.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LABELLED = [ROOT.parent / "shared" / "eval" / "routing-dev.jsonl", *sorted((ROOT / "tests" / "data").glob("routing-heldout*.jsonl"))]


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def accuracy() -> list[str]:
    from bot.nlu import route_text
    from bot.nlu.evaluate import evaluate, format_report, read_labelled

    out = []
    for path in LABELLED:
        if path.exists():
            out.append(format_report(evaluate(read_labelled(path), route_text), str(path.relative_to(ROOT.parent))))
    return out


def latency(rounds: int = 5) -> str:
    from bot.nlu import route_text
    from bot.nlu.evaluate import read_labelled

    texts = [item.text for path in LABELLED if path.exists() for item in read_labelled(path)]
    for text in texts:
        route_text(text)  # warm-up: caches of pinyin readings and the like
    timings = []
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter()
            route_text(text)
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    pick = lambda q: timings[min(len(timings) - 1, int(q * len(timings)))]  # noqa: E731
    longest = max(texts, key=len)
    return (f"latency per message ({len(texts)} messages × {rounds}): p50 {pick(0.5):.2f} ms, "
            f"p99 {pick(0.99):.2f} ms, max {timings[-1]:.2f} ms (longest message {len(longest)} chars)")


def stress() -> list[str]:
    """Robustness on the labelled messages: in traditional characters, and with one typo each."""
    import random

    import jieba
    import opencc
    from pypinyin import Style, pinyin

    from bot.nlu import route_text
    from bot.nlu.evaluate import read_labelled
    from bot.nlu.router import get_router

    items = [item for path in LABELLED if path.exists() for item in read_labelled(path)]
    right = lambda item, got: got.intent == item.intent and got.guide in item.guides  # noqa: E731
    to_traditional = opencc.OpenCC("s2t")
    traditional = sum(right(i, route_text(to_traditional.convert(i.text))) for i in items)
    # a pinyin-input slip: one character of a matched word replaced by a common homophone
    by_sound: dict[str, list[str]] = {}
    for line in Path(jieba.__file__).with_name("dict.txt").open(encoding="utf-8"):
        word, freq, *_ = line.split()
        if len(word) == 1 and int(freq) > 2000 and "\u4e00" <= word <= "\u9fff":
            by_sound.setdefault(pinyin(word, style=Style.NORMAL)[0][0], []).append(word)
    rng, router, tried, survived = random.Random(7), get_router(), 0, 0
    for item in items:
        found = router.scan(item.text)
        words = [h for h in found.hits if not h.by_pinyin and len(h.surface.text) >= 2 and h.surface.targets]
        if not words:
            continue
        hit = rng.choice(words)
        at = rng.randrange(hit.start, hit.end)
        sound = pinyin(found.normalized[at], style=Style.NORMAL)[0][0]
        others = [c for c in by_sound.get(sound, []) if c != found.normalized[at]]
        if others:
            tried += 1
            survived += right(item, route_text(found.normalized[:at] + rng.choice(others) + found.normalized[at + 1:]))
    return [f"all {len(items)} labelled messages in traditional characters: {traditional / len(items):.1%} right",
            f"{tried} of them with one homophone typo in a matched word: {survived / tried:.1%} right"]


FIRST_ROUTE = ("import time; t = time.perf_counter(); from bot.nlu import route_text; "
               "r = route_text('俺爷九十了有钱领吗'); print(r.intent, r.guide, flush=True)")


def _timed(cmd: list[str], env: dict, stdin: str | None = None) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(cmd, input=stdin, capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    return time.perf_counter() - start, done.stdout.strip().splitlines()[0]


def startup() -> list[str]:
    out = []
    python = sys.executable
    flask = str(Path(python).with_name("flask"))
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, PIANQU_NLU_CACHE=cache, PYTHONPATH=str(ROOT))
        cold, answer = _timed([python, "-c", FIRST_ROUTE], env)
        warm = min(_timed([python, "-c", FIRST_ROUTE], env)[0] for _ in range(3))
        out.append(f"process start → first routed reply (router only): first boot {cold:.2f} s "
                   f"(builds the small dictionary and jieba's cache), then {warm:.2f} s  [{answer}]")
        line = json.dumps({"text": "俺爷九十了有钱领吗"}, ensure_ascii=False) + "\n"
        flask_env = dict(env, DATABASE_URL=f"sqlite:///{cache}/bench.db")
        flask_warm = min(_timed([flask, "--app", "wsgi", "route"], flask_env, line)[0] for _ in range(3))
        out.append(f"process start → first routed line (`flask --app wsgi route`, whole app): {flask_warm:.2f} s")
        probe = ("import time, jieba, logging; jieba.setLogLevel(logging.WARNING); "
                 "from bot.nlu.segment import small_dictionary; "
                 "import sys; path = None if sys.argv[1] == 'full' else str(small_dictionary()); "
                 "t = time.perf_counter(); tk = jieba.Tokenizer(path) if path else jieba.Tokenizer(); "
                 "tk.tmp_dir = sys.argv[2]; tk.initialize(); "
                 "rss = [l for l in open('/proc/self/status') if l.startswith('VmRSS')][0].split()[1]; "
                 "print(f'{time.perf_counter() - t:.2f} s, RSS {int(rss) / 1024:.0f} MB')")
        for kind in ("full", "small"):
            subprocess.run([python, "-c", probe, kind, cache], env=env, cwd=ROOT, capture_output=True, check=True)
            result = subprocess.run([python, "-c", probe, kind, cache], env=env, cwd=ROOT, capture_output=True,
                                    text=True, check=True).stdout.strip()
            out.append(f"jieba {kind} main dictionary, initialise from its cache: {result}")
    return out


def memory() -> str:
    import jieba  # noqa: F401  (the libraries' own cost is not the tables')
    import opencc  # noqa: F401
    import pypinyin  # noqa: F401
    import rapidfuzz  # noqa: F401

    from bot.nlu.router import Router
    from bot.nlu.lexicon import load_lexicon

    before = rss_mb()
    start = time.perf_counter()
    router = Router(load_lexicon())
    built = time.perf_counter() - start
    after = rss_mb()
    return (f"memory: libraries imported {before:.0f} MB RSS; router built in {built:.2f} s adds "
            f"{after - before:.0f} MB (jieba small dictionary + {len(router.table.surfaces)} written forms, "
            f"pinyin index, {len(router.scorer.examples.texts)} examples)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the start-up subprocesses")
    args = parser.parse_args()
    print(memory())  # first, in a fresh process, so the figure is the router's own
    print()
    for report in accuracy():
        print(report)
        print()
    for line in stress():
        print(line)
    print(latency())
    if not args.quick:
        for line in startup():
            print(line)


if __name__ == "__main__":
    main()
