"""Same answers before and after a change to the message path: every turn's action, reply and pushes.

    .venv/bin/python bench/same_answers.py --out /tmp/after.jsonl [--villagers 1500]
    diff /tmp/before.jsonl /tmp/after.jsonl

Runs, in the `flask converse` world (the sample county, every message through /wechat as WeChat
posts it, several roles, pushes): the scripted chat of bench/chat_actions.py, every conversation
of tests/data/converse-*.jsonl, and one long day of villagers saying every text of
tests/data/routing-*.jsonl and `--villagers` of the webhook benchmark's phrasings
(bench/webhook_bench.villager_text, a fixed seed), three villagers taking turns, a pause of 15
minutes every few messages so that some flows run on and some expire. Writes one JSON line per
turn (conversation, step, who, what was said, action, guide, reply, pushes): run it on both
trees and compare the files.
"""
from __future__ import annotations

import argparse
import io
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.chat_actions import session as chat_session  # noqa: E402
from bench.webhook_bench import villager_text  # noqa: E402


def villagers_day(count: int) -> dict:
    texts = []
    for path in sorted((ROOT / "tests" / "data").glob("routing-*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(str(json.loads(line)["text"]))
    rng = random.Random(17)
    texts += [villager_text(rng) for _ in range(count)]
    steps: list[dict] = []
    for n, text in enumerate(texts):
        steps.append({"as": ("villager", "villager2", "newcomer")[n % 3], "say": text})
        if n % 7 == 6:
            steps.append({"wait": "15m"})
    return {"id": "villagers-day", "now": "2026-12-07 08:00", "steps": steps}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--villagers", type=int, default=1500, help="webhook-bench phrasings added to the day")
    args = parser.parse_args()
    from bot.converse.cli import make_worlds, read_conversations, transcript

    lines = [json.dumps(chat_session(), ensure_ascii=False)]
    for path in sorted((ROOT / "tests" / "data").glob("converse-*.jsonl")):
        lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    lines.append(json.dumps(villagers_day(args.villagers), ensure_ascii=False))
    specs = read_conversations(io.StringIO("\n".join(lines) + "\n"))
    worlds = make_worlds(specs, "Asia/Shanghai")
    turns = 0
    try:
        with open(args.out, "w", encoding="utf-8") as out:
            for spec in specs:
                for line in transcript(worlds, spec):
                    out.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
                    turns += "as" in line
    finally:
        worlds.fake.close()
        worlds.cleanup()
    print(f"{turns} turns written to {args.out}")


if __name__ == "__main__":
    main()
