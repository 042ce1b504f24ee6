"""Time from a villager's danger message to the staff push, the whole way, against the fake WeChat API.

    .venv/bin/python bench/safety_alert_bench.py [--messages 30] [--database-url URL] [--idle 1.0] [--urgent-poll 0.05]

Prepares a database (a temporary SQLite file unless --database-url, which is EMPTIED) with `flask setup`, one area
with a secretary and one registered villager per message, starts the fake WeChat API and one
outbox dispatcher loop (`run_dispatcher`, as the scheduler process runs it, polling every
`--idle` seconds: OUTBOX_IDLE_SECONDS, and asking for fresh urgent rows every `--urgent-poll`
seconds: OUTBOX_URGENT_POLL_SECONDS, 0 for none), then sends each danger message through the signed
webhook (Flask test client) and waits until the fake records the push to the secretary.

Prints, per message and as p50 / p90 / max:
- logged: `safety.alert … message_to_push_ms` — message handled → alert queued (in the request);
- reply: the webhook's answer (the number to call) back to WeChat;
- pushed: webhook POST → the fake WeChat API receiving the secretary's push (what staff wait).
The messages are the danger lines of our own labelled sets (tests/data/safety-own-*.jsonl).
Nothing leaves 127.0.0.1.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.dev.settings import DEV_ACCOUNT_ID, DEV_AES_KEY, DEV_APP_ID, DEV_APP_SECRET, DEV_TOKEN  # noqa: E402
from bot.dev.wire import WebhookClient, text_message  # noqa: E402
from bot.fakewechat import FakeState, create_fake_app  # noqa: E402

STAFF = "bench-secretary"
_LOGGED = re.compile(r"message_to_push_ms=(\d+)")


def danger_texts(count: int) -> list[str]:
    texts = []
    for path in sorted((ROOT / "tests" / "data").glob("safety-own-*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else {}
            if row.get("intent") == "safety":
                texts.append(row["text"])
    step = max(1, len(texts) // count)
    return texts[::step][:count]


class Caught(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.ms: list[float] = []

    def emit(self, record: logging.LogRecord) -> None:
        found = _LOGGED.search(record.getMessage())
        if found and record.getMessage().startswith("safety.alert"):
            self.ms.append(float(found.group(1)))


def prepare(url: str, api_base: str) -> None:
    """Migrate and EMPTY the database, then `flask setup` (the areas and villages of knowledge/)."""
    from sqlalchemy import create_engine, text

    from bot.cli import upgrade_database
    from bot.models import Base

    upgrade_database(url)
    engine = create_engine(url)
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(text(f"DELETE FROM {table.name}"))
    engine.dispose()
    env = dict(os.environ, WECHAT_TOKEN=DEV_TOKEN, WECHAT_ENCODING_AES_KEY=DEV_AES_KEY, WECHAT_APP_ID=DEV_APP_ID,
               WECHAT_APP_SECRET=DEV_APP_SECRET, WECHAT_API_BASE=api_base, DATABASE_URL=url)
    env.pop("REDIS_URL", None)
    subprocess.run([str(Path(sys.executable).parent / "flask"), "--app", "wsgi", "setup"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    os.environ.update(env)
    os.environ.pop("REDIS_URL", None)


def people(app, state: FakeState, villagers: int) -> None:
    from bot.models import Area, User, UserRole, Village

    now = datetime.now(timezone.utc)
    with app.extensions["db"].session() as s:
        area = Area(code="bench-area", name="测速片区", township="测速镇")
        s.add(area)
        s.flush()
        village = Village(area_id=area.id, name="测速村")
        s.add(village)
        s.flush()
        staff = User(openid=STAFF, name="测速书记", last_interaction_at=now)
        s.add(staff)
        s.flush()
        s.add(UserRole(user_id=staff.id, role="secretary", area_id=area.id))
        for i in range(villagers):
            s.add(User(openid=f"bench-v{i}", name=f"村民{i}", phone="13800000000", village_id=village.id,
                       last_interaction_at=now))
        s.commit()
    state.record_interaction(STAFF)


def summary(values: list[float]) -> dict:
    ordered = sorted(values)
    return {"p50": round(statistics.median(ordered), 1), "p90": round(ordered[int(len(ordered) * 0.9)], 1),
            "max": round(ordered[-1], 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=30)
    parser.add_argument("--database-url")
    parser.add_argument("--idle", type=float, default=1.0, help="the dispatcher's OUTBOX_IDLE_SECONDS")
    parser.add_argument("--urgent-poll", type=float, default=0.05,
                        help="OUTBOX_URGENT_POLL_SECONDS (0: no urgent poll, only the idle one, as before session 13)")
    args = parser.parse_args()

    state = FakeState()
    received: dict[str, float] = {}
    real_record = state.record

    def record(endpoint, openid, body):
        entry = real_record(endpoint, openid, body)
        if openid == STAFF:
            received.setdefault(entry["text"], time.perf_counter())
        return entry

    state.record = record  # type: ignore[method-assign]
    server = make_server("127.0.0.1", 0, create_fake_app(state), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    api_base = f"http://127.0.0.1:{server.server_port}/"
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='safety-bench-')}/bench.db"
    prepare(url, api_base)

    from bot import create_app
    from bot.nlu import warm_up
    from bot.outbox import run_dispatcher
    from bot.outbox.policy import OutboxSettings
    from bot.wechat.client import build_client

    app = create_app({"TESTING": True, "DATABASE_URL": url, "REDIS_URL": None, "OUTBOX_IDLE_SECONDS": args.idle,
                      "OUTBOX_URGENT_POLL_SECONDS": args.urgent_poll})
    warm_up(background=False)
    people(app, state, args.messages)
    caught = Caught()
    logging.getLogger("bot.safety").addHandler(caught)
    logging.getLogger("bot.safety").setLevel(logging.INFO)

    db = app.extensions["db"]
    client = build_client(app.config, db=db)
    stop = threading.Event()
    dispatcher = threading.Thread(target=run_dispatcher, args=(db, client, OutboxSettings.from_config(app.config),
                                                               stop), daemon=True)
    dispatcher.start()

    http = app.test_client()
    wire = WebhookClient("/wechat", DEV_TOKEN, DEV_AES_KEY, DEV_APP_ID, DEV_ACCOUNT_ID, safe=True)
    replies, pushed, missing = [], [], []
    for i, words in enumerate(danger_texts(args.messages)):
        params, body = wire.build_request(f"bench-v{i}", text_message(words))
        started = time.perf_counter()
        response = http.post("/wechat", query_string=params, data=body, headers={"Content-Type": "text/xml"})
        replies.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"webhook answered {response.status_code}")
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline:
            arrived = next((at for text, at in received.items() if words[:20] in text and at >= started), None)
            if arrived is not None:
                pushed.append((arrived - started) * 1000)
                break
            time.sleep(0.005)
        else:
            missing.append(words)
    stop.set()
    dispatcher.join(timeout=10)
    server.shutdown()
    print(json.dumps({"database": db.engine.dialect.name, "messages": len(replies), "not_pushed": missing,
                      "dispatcher_idle_s": args.idle, "urgent_poll_s": args.urgent_poll,
                      "load": " ".join(f"{x:.2f}" for x in os.getloadavg()), "logged_message_to_push_ms": summary(caught.ms or [0.0]),
                      "reply_ms": summary(replies), "pushed_ms": summary(pushed or [0.0])}, ensure_ascii=False))
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
