"""Same answers before and after a change to the message path: every message's reply and action.

    .venv/bin/python bench/same_answers.py --out /tmp/after.jsonl [--villagers 1500] [--every 10]
    diff /tmp/before.jsonl /tmp/after.jsonl

Two parts, one JSON line per message or turn; run it on both trees and compare the files.
- Villagers (fast): the database `flask setup` makes, the clock frozen and moved a minute a
  message, every text of tests/data/routing-*.jsonl and `--villagers` of the webhook
  benchmark's phrasings (bench/webhook_bench.villager_text, a fixed seed) sent through /wechat
  by 40 villagers taking turns (so flows run on, are answered, expire): the passive reply, and
  the action and guide the inbound row keeps.
- Roles (the `flask converse` world: the sample county, several roles, pushes): the scripted
  chat of bench/chat_actions.py and every `--every`-th conversation of
  tests/data/converse-*.jsonl: each turn's action, guide, reply and pushes.
"""
from __future__ import annotations

import argparse
import io
import json
import random
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.chat_actions import session as chat_session  # noqa: E402
from bench.webhook_bench import villager_text  # noqa: E402


def villager_texts(count: int) -> list[str]:
    texts = []
    for path in sorted((ROOT / "tests" / "data").glob("routing-*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(str(json.loads(line)["text"]))
    rng = random.Random(17)
    return texts + [villager_text(rng) for _ in range(count)]


def villagers(out, count: int, limit: int | None = None) -> int:
    """Every text through /wechat from 40 villagers in turn; each message's reply and action."""
    from bench.message_path import prepare
    from bot.dev.settings import DEV_ACCOUNT_ID, DEV_AES_KEY, DEV_APP_ID, DEV_TOKEN
    from bot.dev.wire import WebhookClient, text_message

    database_url = f"sqlite:///{tempfile.mkdtemp(prefix='pqt-same-')}/same.db"
    prepare(database_url, None)
    from sqlalchemy import select

    from bot import clock, create_app
    from bot.models import InboundMessage
    from bot.reply_runner import drain

    from bot.nlu import warm_up

    # A budget no slow moment reaches: the answer must not depend on the machine's load.
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "REDIS_URL": None, "REPLY_BUDGET_SECONDS": 300})
    warm_up(background=False)
    http = app.test_client()
    wire = WebhookClient("/wechat", DEV_TOKEN, DEV_AES_KEY, DEV_APP_ID, DEV_ACCOUNT_ID, safe=False)
    # Each villager first says where they live (in turns: some bind, some are asked again).
    texts = ([f"我是{v}的" for v in ("代村", "王庄", "东关", "荀庄")] * 10 + villager_texts(count))[:limit]
    with clock.frozen(datetime(2026, 12, 7, 0, 30, tzinfo=timezone.utc)) as now:
        for n, text in enumerate(texts):
            openid = f"same-villager-{n % 40}"
            params, body = wire.build_request(openid, text_message(text))
            response = http.post("/wechat", query_string=params, data=body, headers={"Content-Type": "text/xml"})
            drain(app)
            reply = wire.open_reply(response.text).get("Content") if response.data not in (b"", b"success") else ""
            with app.extensions["db"].session() as s:
                row = s.execute(select(InboundMessage.action, InboundMessage.guide, InboundMessage.status)
                                .order_by(InboundMessage.id.desc()).limit(1)).one()
            out.write(json.dumps({"n": n, "as": openid, "say": text, "status": response.status_code, "reply": reply,
                                  "action": row.action, "guide": row.guide, "row": row.status},
                                 ensure_ascii=False, sort_keys=True) + "\n")
            now.advance(minutes=1)
    return len(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--villagers", type=int, default=1500, help="webhook-bench phrasings after the routing texts")
    parser.add_argument("--limit", type=int, help="only the first N villagers' messages (a smoke run)")
    parser.add_argument("--every", type=int, default=10, help="every n-th conversation of tests/data/converse-*")
    args = parser.parse_args()
    with open(args.out, "w", encoding="utf-8") as out:
        sent = villagers(out, args.villagers, args.limit)
    print(f"{sent} villagers' messages written to {args.out}")
    from bot.converse.cli import make_worlds, read_conversations, transcript

    lines = [json.dumps(chat_session(), ensure_ascii=False)]
    for path in sorted((ROOT / "tests" / "data").glob("converse-*.jsonl")):
        lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    lines = lines[:1] + lines[1::args.every]
    specs = read_conversations(io.StringIO("\n".join(lines) + "\n"))
    worlds = make_worlds(specs, "Asia/Shanghai")
    turns = 0
    try:
        with open(args.out, "a", encoding="utf-8") as out:
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
