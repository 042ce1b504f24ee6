"""Where a preloaded worker's unshared memory comes from: fork after preload, run one part, read USS.

    .venv/bin/python bench/fork_memory.py [--texts 30,300,1500] [hello safety route village full]

Builds the app as `gunicorn --preload` does (bot/preload.py, with its warm-up of the message path),
then for each part and each count forks a child that runs the part on that many villagers'
phrasings (the webhook benchmark's) and prints how much its unshared memory (USS: Private_Clean
+ Private_Dirty) grew. Parts: `hello` the whole webhook path (Flask test client) with one fixed
text, `full` the same with varied texts, `safety` the danger detector alone, `route` the router
alone (with its detector), `village` the village matcher alone. A part whose growth stays the
same from 30 to 1,500 texts unshares pages by touching them (CPython writes each object's
reference count, so any read of a preloaded object copies its page); growth with the count is
what the child allocates. Nothing leaves 127.0.0.1; the database is a temporary SQLite file.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.message_path import prepare  # noqa: E402
from bench.webhook_bench import villager_text  # noqa: E402
from bot.dev.settings import DEV_ACCOUNT_ID, DEV_AES_KEY, DEV_APP_ID, DEV_TOKEN  # noqa: E402
from bot.dev.wire import WebhookClient, text_message  # noqa: E402


def uss_mb() -> float:
    values = {}
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines()[1:]:
        key, _, rest = line.partition(":")
        if rest.strip().endswith("kB"):
            values[key] = int(rest.split()[0])
    return (values["Private_Clean"] + values["Private_Dirty"]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("parts", nargs="*", default=["hello", "safety", "route", "village", "full"])
    parser.add_argument("--texts", default="30,300,1500", help="counts of texts, comma-separated")
    args = parser.parse_args()

    url = f"sqlite:///{tempfile.mkdtemp(prefix='pqt-fork-')}/fork.db"
    prepare(url, None)
    from bot import create_app, preload
    from bot.reply_runner import drain

    app = create_app({"TESTING": True, "DATABASE_URL": url})  # TESTING: no preload of its own
    preload.load_before_fork(app)
    rng = random.Random(1)
    texts = [villager_text(rng) for _ in range(max(int(n) for n in args.texts.split(",")))]

    def webhook(n: int, fixed: str | None = None) -> None:
        http = app.test_client()
        wire = WebhookClient("/wechat", DEV_TOKEN, DEV_AES_KEY, DEV_APP_ID, DEV_ACCOUNT_ID, safe=False)
        for i in range(n):
            params, body = wire.build_request(f"bench-v{i % 500:04d}", text_message(fixed or texts[i]))
            assert http.post("/wechat", query_string=params, data=body).status_code == 200
        drain(app)

    def safety(n: int) -> None:
        from bot.safety.detect import detect

        for text in texts[:n]:
            detect(text)

    def route(n: int) -> None:
        from bot.nlu import route_text

        for text in texts[:n]:
            route_text(text)

    def village(n: int) -> None:
        from bot.accounts.rules import find_village

        with app.app_context(), app.extensions["db"].session() as session:
            for text in texts[:n]:
                find_village(session, text)

    parts = {"hello": lambda n: webhook(n, "你好"), "full": webhook, "safety": safety, "route": route,
             "village": village}
    for name in args.parts:
        for n in (int(x) for x in args.texts.split(",")):
            pid = os.fork()
            if pid == 0:
                before = uss_mb()
                parts[name](n)
                after = uss_mb()
                print(f"{name:8s} {n:5d} texts: USS {before:.1f} -> {after:.1f} MB (+{after - before:.1f})", flush=True)
                os._exit(0)
            os.waitpid(pid, 0)


if __name__ == "__main__":
    main()
