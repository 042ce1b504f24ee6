"""Outbox throughput and the at-least-once window, measured against the fake WeChat API.

    python bench/outbox_bench.py [--database-url URL] [--pushes 2000] [--dispatchers 4]
                                 [--fault-rate 0.0] [--random-kill N] [--window] [--templates 0.5]

Starts the fake in this process, migrates and empties the database (a temporary SQLite file
unless --database-url), queues unique pushes, runs `flask outbox dispatch` processes until all
are sent or dead, and prints pushes/second and the duplicates the fake received.
--window: one dispatcher in this process; times each push from the fake recording it to the
commit that marks it sent (the window a SIGKILL turns into a resend).
--random-kill N: SIGKILL one dispatcher at a random moment N times (a new one takes its place)
— the kill may fall between WeChat's answer and the commit, the documented window where a push
can be sent twice: this counts how often that happens, for customer-service texts (WeChat
has no idempotency key for them) and template messages (sent with `client_msg_id`, which
WeChat honours for 10 minutes) apart.
--templates F: this share of the pushes goes to followers outside the 48-hour window, as
template messages (default 0.5).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import func, select, text
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.cli import upgrade_database  # noqa: E402
from bot.db import Database  # noqa: E402
from bot.fakewechat import FakeState, Fault, create_fake_app  # noqa: E402
from bot.models import Base, OutboxMessage, User  # noqa: E402
from bot.outbox import enqueue  # noqa: E402


def prepare(url: str, pushes: int, state: FakeState, templates: float = 0.0) -> Database:
    upgrade_database(url)
    db = Database(url)
    with db.engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(text(f"DELETE FROM {table.name}"))
    now = datetime.now(timezone.utc)
    with db.session() as s:
        for u in range(100):
            s.add(User(openid=f"bench{u:03d}", last_interaction_at=now - timedelta(hours=1)))
            state.record_interaction(f"bench{u:03d}")
        for u in range(100):
            s.add(User(openid=f"tbench{u:03d}", last_interaction_at=now - timedelta(days=3)))
    as_template = int(pushes * templates)
    with db.session() as s:
        for i in range(pushes):
            if i < as_template:
                enqueue(s, f"bench:{i}", f"tbench{i % 100:03d}", "task", f"bench-{i:05d}",
                        {"事项": f"bench-{i:05d}", "时间": "明天上午9点"})
            else:
                enqueue(s, f"bench:{i}", f"bench{i % 100:03d}", "reply", f"bench-{i:05d}")
    return db


def spawn(env: dict, n: int, logs: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "outbox", "dispatch"], cwd=ROOT,
                            env=env, stdout=open(logs / f"d{n}.log", "wb"), stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL)


def unsettled(db: Database) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(OutboxMessage)
                        .where(OutboxMessage.status.in_(("pending", "sending"))))


def measure_window(db: Database, state: FakeState, api_base: str) -> dict:
    """Send every queued push in this process, timing fake-recorded → marked-sent per push."""
    from bot.outbox import store
    from bot.outbox.dispatcher import dispatch_once
    from bot.outbox.policy import OutboxSettings
    from bot.wechat.client import build_client

    recorded, committed = {}, {}
    real_record, real_mark = state.record, store.mark_sent

    def record(endpoint, openid, body):
        entry = real_record(endpoint, openid, body)
        recorded[entry["text"]] = time.perf_counter()
        return entry

    def mark_sent(db_, message, *args, **kwargs):
        ok = real_mark(db_, message, *args, **kwargs)
        committed[message.payload["text"]] = time.perf_counter()
        return ok

    state.record, store.mark_sent = record, mark_sent
    client = build_client({"WECHAT_APP_ID": state.app_id, "WECHAT_APP_SECRET": state.app_secret,
                           "WECHAT_API_BASE": api_base}, db=db)
    started = time.perf_counter()
    while dispatch_once(db, client, settings=OutboxSettings()).claimed:
        pass
    elapsed = time.perf_counter() - started
    windows = sorted(committed[t] - recorded[t] for t in committed)
    return {"database": db.engine.dialect.name, "pushes": len(windows),
            "ms_per_push": round(elapsed / len(windows) * 1000, 2),
            "window_ms_median": round(windows[len(windows) // 2] * 1000, 2),
            "window_ms_p90": round(windows[int(len(windows) * 0.9)] * 1000, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--pushes", type=int, default=2000)
    parser.add_argument("--dispatchers", type=int, default=4)
    parser.add_argument("--fault-rate", type=float, default=0.0)
    parser.add_argument("--random-kill", type=int, default=0)
    parser.add_argument("--lease", type=int, default=6)
    parser.add_argument("--window", action="store_true")
    parser.add_argument("--templates", type=float, default=0.5)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="outbox-bench-"))
    url = args.database_url or f"sqlite:///{workdir / 'bench.db'}"

    state = FakeState()
    server = make_server("127.0.0.1", 0, create_fake_app(state), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    db = prepare(url, args.pushes, state, 0.0 if args.window else args.templates)
    if args.window:
        print(json.dumps(measure_window(db, state, f"http://127.0.0.1:{server.server_port}/")))
        server.shutdown()
        return 0
    if args.fault_rate:
        state.set_fault("custom", Fault(errcode=[45011, -1], status=503, rate=args.fault_rate))
    env = {**os.environ, "DATABASE_URL": url, "WECHAT_API_BASE": f"http://127.0.0.1:{server.server_port}/",
           "WECHAT_TIMEOUT_SECONDS": "1", "OUTBOX_LEASE_SECONDS": str(args.lease), "OUTBOX_BATCH": "20",
           "OUTBOX_BACKOFF_BASE_SECONDS": "0.05", "OUTBOX_BACKOFF_CAP_SECONDS": "0.5",
           "OUTBOX_IDLE_SECONDS": "0.2", "OUTBOX_MAX_ATTEMPTS": "10", "PYTHONUNBUFFERED": "1",
           "WECHAT_TEMPLATE_TASK": "tpl-task"}
    env.pop("REDIS_URL", None)
    started = time.monotonic()
    procs = [spawn(env, n, workdir) for n in range(args.dispatchers)]
    kills = 0
    while unsettled(db):
        if kills < args.random_kill and len(state.messages) > (kills + 1) * args.pushes / (args.random_kill + 2):
            time.sleep(random.uniform(0, 0.02))
            victim = procs.pop(0)
            os.kill(victim.pid, signal.SIGKILL)
            victim.wait()
            procs.append(spawn(env, args.dispatchers + kills, workdir))
            kills += 1
        time.sleep(0.01)
        if time.monotonic() - started > 300:
            print("gave up after 300 s", file=sys.stderr)
            break
    elapsed = time.monotonic() - started
    for p in procs:
        p.send_signal(signal.SIGTERM)
    for p in procs:
        p.wait(15)
    received = Counter((m["endpoint"], m["text"].split("\n")[0]) for m in state.messages)
    twice = Counter(endpoint for (endpoint, _), n in received.items() for _ in range(n - 1))
    with db.session() as s:
        statuses = dict(s.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())
    print(json.dumps({
        "database": db.engine.dialect.name, "pushes": args.pushes, "dispatchers": args.dispatchers,
        "fault_rate": args.fault_rate, "kills": kills, "seconds": round(elapsed, 2),
        "pushes_per_second": round(statuses.get("sent", 0) / elapsed, 1), "statuses": statuses,
        "duplicates": sum(n - 1 for n in received.values() if n > 1),
        "duplicates_by_channel": {"custom": twice["custom"], "template": twice["template"]},
        "dropped_by_client_msg_id": state.stats["errors"].get("deduplicated", 0),
        "token_fetches": state.stats["token_fetches"],
    }))
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
